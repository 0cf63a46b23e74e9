//! Status ratings on real workbooks: a rating is Green only when the data
//! behind it was read; otherwise Unknown, with a W106 finding naming the
//! columns that would settle it.

mod common;

use common::Cell::{N, T};
use common::{book, json, Cell};
use serde_json::Value;

/// A header row above the records.
fn risks(header: &[&'static str], rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let mut out = vec![header.iter().map(|h| T(h)).collect::<Vec<_>>()];
    out.extend(rows);
    out
}

fn context(path: &std::path::Path) -> Value {
    json(&["context", path.to_str().unwrap(), "--format", "json"])
}

fn findings(path: &std::path::Path) -> Vec<Value> {
    let out = common::pmo(
        &[
            "validate",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        0,
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

fn rag<'a>(ctx: &'a Value, area: &str) -> &'a str {
    ctx["status"][area]["rag"].as_str().unwrap()
}

#[test]
fn a_risk_log_without_ratings_is_unknown_and_the_finding_names_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &["Risk ID", "Description", "Owner", "Status", "Mitigation"],
        vec![
            vec![
                T("R-1"),
                T("Vendor late"),
                T("PM"),
                T("Open"),
                T("Weekly calls"),
            ],
            vec![
                T("R-2"),
                T("Key staff leave"),
                T("PM"),
                T("Open"),
                T("Cross-train"),
            ],
        ],
    );
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "risk"), "Unknown", "{}", ctx["status"]);
    assert!(ctx["status"]["risk"]["reason"]
        .as_str()
        .unwrap()
        .contains("2 of 2 open risks could not be rated"));
    assert_ne!(rag(&ctx, "overall"), "Green");
    assert_eq!(rag(&ctx, "overall"), "Unknown");
    assert!(
        ctx["top_risks"].as_array().unwrap().is_empty(),
        "unscored risks are not top risks"
    );
    let all = findings(&path);
    let w106: Vec<&Value> = all.iter().filter(|f| f["code"] == "W106").collect();
    assert_eq!(w106.len(), 1, "{w106:?}");
    assert_eq!(w106[0]["sheet"], "Risks");
    assert_eq!(w106[0]["cell"], "A1");
    let hint = w106[0]["hint"].as_str().unwrap();
    for name in ["'Rating'", "'Likelihood'", "'Impact'", "'Risk Score'"] {
        assert!(hint.contains(name), "{name} in {hint}");
    }
}

#[test]
fn likelihood_and_impact_rate_a_risk_when_the_log_states_no_rating() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &[
            "Risk ID",
            "Description",
            "Owner",
            "Likelihood",
            "Impact",
            "Status",
        ],
        vec![
            vec![
                T("R-1"),
                T("Vendor late"),
                T("PM"),
                N(5.0),
                N(4.0),
                T("Open"),
            ],
            vec![
                T("R-2"),
                T("Scope creep"),
                T("PM"),
                N(5.0),
                N(5.0),
                T("Closed"),
            ],
            vec![
                T("R-3"),
                T("Staff leave"),
                T("PM"),
                N(1.0),
                N(2.0),
                T("Open"),
            ],
        ],
    );
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    // 5 × 4 = 20 falls in the Critical band: Red, never Green.
    assert_eq!(rag(&ctx, "risk"), "Red", "{}", ctx["status"]);
    assert!(ctx["status"]["risk"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("1 open Critical risk, 0 High"));
    let top: Vec<&str> = ctx["top_risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["R-1", "R-3"], "open risks only, highest score first");
    assert!(findings(&path).iter().all(|f| f["code"] != "W106"));
}

#[test]
fn a_rated_log_with_no_high_risk_is_green() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &[
            "Risk ID",
            "Description",
            "Owner",
            "Likelihood",
            "Impact",
            "Status",
        ],
        vec![vec![
            T("R-1"),
            T("Staff leave"),
            T("PM"),
            N(1.0),
            N(2.0),
            T("Open"),
        ]],
    );
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "risk"), "Green", "{}", ctx["status"]);
    // Scope, schedule and budget were not read: overall stays Unknown.
    assert_eq!(rag(&ctx, "overall"), "Unknown");
    let reason = ctx["status"]["overall"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("scope, schedule, budget not known"),
        "{reason}"
    );
}

#[test]
fn milestones_without_dates_leave_the_schedule_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let undated = vec![
        vec![
            T("Milestone ID"),
            T("Milestone Name"),
            T("Status"),
            T("Owner"),
        ],
        vec![T("M-1"), T("Design approved"), T("Not Started"), T("PM")],
        vec![T("M-2"), T("Go live"), T("Not Started"), T("PM")],
    ];
    let path = book(dir.path(), "ms.xlsx", &[("Milestones", undated)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "schedule"), "Unknown", "{}", ctx["status"]);
    assert_ne!(rag(&ctx, "overall"), "Green");
    let f = findings(&path);
    let w106 = f.iter().find(|f| f["code"] == "W106").expect("W106");
    assert_eq!(w106["sheet"], "Milestones");
    assert!(w106["hint"].as_str().unwrap().contains("'Baseline"));
}

/// The text of a .docx's body, tags dropped.
fn docx_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    regex::Regex::new("<[^>]+>")
        .unwrap()
        .replace_all(&xml, "")
        .into_owned()
}

#[test]
fn documents_end_with_data_notes_naming_what_was_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &["Risk ID", "Description", "Owner", "Status", "Mitigation"],
        vec![vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            T("Open"),
            T("Weekly calls"),
        ]],
    );
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    for doc in ["status", "charter", "mb20"] {
        let out = dir.path().join(format!("{doc}.docx"));
        common::pmo(
            &[doc, path.to_str().unwrap(), "-o", out.to_str().unwrap()],
            0,
        );
        let text = docx_text(&out);
        let notes = text
            .split("Data notes")
            .nth(1)
            .unwrap_or_else(|| panic!("{doc}: no Data notes"));
        assert!(notes.contains("Risk status is Unknown"), "{doc}: {notes}");
        assert!(notes.contains("Risks!A1 (not read)"), "{doc}: {notes}");
    }
}

#[test]
fn a_stated_rating_never_hides_a_worse_score_and_a_negative_score_rates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &[
            "Risk ID",
            "Description",
            "Owner",
            "Risk Score",
            "Rating",
            "Status",
        ],
        vec![vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            N(25.0),
            T("Low"),
            T("Open"),
        ]],
    );
    let path = book(dir.path(), "a.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "risk"), "Red", "{}", ctx["status"]);
    assert_eq!(
        ctx["risks"][0]["rating"], "Low",
        "the log's word is shown as typed"
    );

    let rows = risks(
        &["Risk ID", "Description", "Owner", "Risk Score", "Status"],
        vec![vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            N(-5.0),
            T("Open"),
        ]],
    );
    let path = book(dir.path(), "b.xlsx", &[("Risks", rows)]);
    assert_eq!(rag(&context(&path), "risk"), "Unknown");
}

#[test]
fn one_high_risk_beside_unrated_ones_is_at_least_amber_not_amber() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &["Risk ID", "Description", "Owner", "Rating", "Status"],
        vec![
            vec![T("R-1"), T("Vendor late"), T("PM"), T("High"), T("Open")],
            vec![T("R-2"), T("Staff leave"), T("PM"), T(""), T("Open")],
        ],
    );
    let path = book(dir.path(), "r.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "risk"), "Unknown", "{}", ctx["status"]);
    let reason = ctx["status"]["risk"]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("at least Amber (1 open High risk)"),
        "{reason}"
    );
}

#[test]
fn milestone_status_words_count() {
    let dir = tempfile::tempdir().unwrap();
    let ms = |status: &'static str, baseline: &'static str| {
        vec![
            vec![
                T("Milestone ID"),
                T("Milestone Name"),
                T("Baseline Date"),
                T("Status"),
            ],
            vec![T("M-1"), T("Go live"), T(baseline), T(status)],
        ]
    };
    let rate = |name: &str, rows| {
        let path = book(dir.path(), name, &[("Milestones", rows)]);
        let ctx = json(&[
            "context",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--as-of",
            "2026-06-30",
        ]);
        (
            rag(&ctx, "schedule").to_string(),
            ctx["status"]["schedule"]["reason"].to_string(),
        )
    };
    let (late, why) = rate("late.xlsx", ms("Delayed", "2026-12-31"));
    assert_eq!(
        late, "Amber",
        "a milestone marked late is never Green: {why}"
    );
    let (cancelled, why) = rate("cancelled.xlsx", ms("Cancelled", "2026-01-31"));
    assert_eq!(
        cancelled, "Green",
        "a cancelled milestone is not overdue: {why}"
    );
    let (unread, why) = rate("unread.xlsx", ms("Purple", "2026-12-31"));
    assert_eq!(unread, "Unknown", "{why}");
    assert!(
        why.contains("a status pmo could not read: Go live"),
        "{why}"
    );
}

#[test]
fn the_score_bands_set_in_the_risk_definition_rate_the_status_report() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &[
            "Risk ID",
            "Description",
            "Owner",
            "Likelihood",
            "Impact",
            "Status",
        ],
        vec![vec![
            T("R-1"),
            T("Vendor late"),
            T("PM"),
            N(3.0),
            N(3.0),
            T("Open"),
        ]],
    );
    let path = book(dir.path(), "r.xlsx", &[("Risks", rows)]);
    let p = path.to_str().unwrap();
    // 3 × 3 = 9: Medium by the built-in bands.
    let ctx = json(&["context", p, "--format", "json"]);
    assert_eq!(rag(&ctx, "risk"), "Green", "{}", ctx["status"]);
    // A ministry whose bands make 9 High.
    let defs = dir.path().join("defs");
    std::fs::create_dir(&defs).unwrap();
    let built_in =
        std::fs::read_to_string(common::root().join("templates/workbooks/risks.toml")).unwrap();
    let strict = built_in
        .replace(
            "{ max = 4, value = \"Low\" }",
            "{ max = 3, value = \"Low\" }",
        )
        .replace(
            "{ max = 9, value = \"Medium\" }",
            "{ max = 6, value = \"Medium\" }",
        );
    assert_ne!(strict, built_in, "the bands are where the README says");
    std::fs::write(defs.join("risks.toml"), strict).unwrap();
    let ctx = json(&[
        "context",
        p,
        "--format",
        "json",
        "--templates",
        defs.to_str().unwrap(),
    ]);
    assert_eq!(rag(&ctx, "risk"), "Amber", "{}", ctx["status"]);
    assert_eq!(ctx["risks"][0]["rating"], "High");
}

#[test]
fn a_three_point_log_at_its_worst_is_red_not_medium() {
    let dir = tempfile::tempdir().unwrap();
    let rows = risks(
        &[
            "Risk ID",
            "Description",
            "Owner",
            "Likelihood (1-3)",
            "Impact (1-3)",
            "Status",
        ],
        vec![
            vec![
                T("R-1"),
                T("Vendor late"),
                T("PM"),
                N(3.0),
                N(3.0),
                T("Open"),
            ],
            vec![
                T("R-2"),
                T("Staff leave"),
                T("PM"),
                N(1.0),
                N(2.0),
                T("Open"),
            ],
        ],
    );
    let path = book(dir.path(), "r.xlsx", &[("Risks", rows)]);
    let ctx = context(&path);
    assert_eq!(rag(&ctx, "risk"), "Red", "{}", ctx["status"]);
    assert_eq!(ctx["risks"][0]["likelihood"], "5", "3 of 1-3 is 5 of 1-5");
    assert_eq!(ctx["risks"][1]["impact"], "3", "2 of 1-3 is 3 of 1-5");
    let inspect = json(&["inspect", path.to_str().unwrap(), "--format", "json"]);
    let guesses = inspect["files"][0]["sheets"][0]["guesses"].to_string();
    assert!(guesses.contains("rates on a 1-3 scale"), "{guesses}");
}
