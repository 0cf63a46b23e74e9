//! Many projects, kept apart (issue 18): one-project commands refuse a
//! folder of two projects, a ledger of other cost centres is a finding,
//! and `pmo portfolio` on `samples/portfolio/` writes every file, adds up
//! to the cent and places every posting of the cluster ledger exactly once.

mod common;
use common::{book, pmo, root, Cell::T};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;
use std::str::FromStr;

const LEDGER: &str = "samples/portfolio/cluster-ledger.xlsx";
const PROJECTS: [&str; 3] = ["benefits-intake", "court-scheduling", "road-safety"];
const REPORT_FILES: [&str; 7] = [
    "findings.txt",
    "findings.json",
    "reconciliation.json",
    "reconciliation.xlsx",
    "status-report.docx",
    "charter.docx",
    "mb20-draft.docx",
];

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(
        v.as_str()
            .unwrap_or_else(|| panic!("not a decimal string: {v}")),
    )
    .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Two projects' trackers side by side in one folder.
fn two_projects() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, name) in [("road-safety", "a.xlsx"), ("benefits-intake", "b.xlsx")] {
        let from = root().join(format!("samples/portfolio/{p}/tracker.xlsx"));
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn every_one_project_command_refuses_a_folder_of_two_projects() {
    let dir = two_projects();
    let d = dir.path().to_str().unwrap();
    let out_docx = dir.path().join("out.docx");
    let o = out_docx.to_str().unwrap();
    let out_dir = dir.path().join("out");
    let template = root().join("samples/templates/status-ministry.docx");
    let t = template.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["status", d, "-o", o],
        vec!["charter", d, "-o", o],
        vec!["mb20", d, "-o", o],
        vec!["reconcile", d],
        vec!["context", d],
        vec!["fill", t, d, "-o", o],
        vec!["report", d, "-o", out_dir.to_str().unwrap()],
    ];
    for args in runs {
        let err = stderr(&pmo(&args, 2));
        for want in [
            "2 projects",
            "Road Safety Data Platform (RSD-2026-003)",
            "Benefits Intake Redesign (BIR-2025-011)",
            "pmo portfolio",
        ] {
            assert!(err.contains(want), "{args:?}: {want:?} not in {err}");
        }
    }
    assert!(
        !out_docx.exists() && !out_dir.exists(),
        "nothing is written"
    );
}

#[test]
fn files_without_project_information_are_told_apart_by_their_project_cells() {
    let dir = tempfile::tempdir().unwrap();
    let risks = |project: &'static str| {
        vec![
            vec![T("Project:"), T(project)],
            vec![],
            vec![
                T("Risk ID"),
                T("Risk Title"),
                T("Risk Description"),
                T("Owner"),
                T("Status"),
            ],
            vec![
                T("R-001"),
                T("Vendor late"),
                T("The vendor is late"),
                T("PM"),
                T("Open"),
            ],
        ]
    };
    book(
        dir.path(),
        "alpha.xlsx",
        &[("Risks", risks("Alpha Portal"))],
    );
    book(
        dir.path(),
        "beta.xlsx",
        &[("Risks", risks("Beta Registry"))],
    );
    let err = stderr(&pmo(&["context", dir.path().to_str().unwrap()], 2));
    assert!(
        err.contains("'Alpha Portal'") && err.contains("'Beta Registry'"),
        "{err}"
    );
    // The same project's two logs are one project.
    let same = tempfile::tempdir().unwrap();
    book(
        same.path(),
        "risks-1.xlsx",
        &[("Risks", risks("Alpha Portal"))],
    );
    book(
        same.path(),
        "risks-2.xlsx",
        &[("Risks", risks("alpha  portal"))],
    );
    pmo(&["context", same.path().to_str().unwrap()], 0);
    // `validate` checks files, not a project: it reads both.
    pmo(
        &[
            "validate",
            dir.path().to_str().unwrap(),
            "--fail-on",
            "never",
        ],
        0,
    );
}

#[test]
fn a_ledger_of_other_cost_centres_is_a_finding_and_the_tie_out_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The cluster ledger given to one project: a third of its postings are
    // that project's cost centre, the rest other projects'.
    pmo(
        &[
            "report",
            "samples/portfolio/road-safety/",
            "--ledger",
            LEDGER,
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let findings = read_json(&out.join("findings.json"));
    let e403: Vec<&Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E403")
        .collect();
    assert_eq!(e403.len(), 1, "{findings:#}");
    let msg = e403[0]["message"].as_str().unwrap();
    for want in [
        "does not look like this project's",
        "5101",
        "5102",
        "5103",
        "9999",
    ] {
        assert!(msg.contains(want), "{want:?} not in {msg}");
    }
    assert_eq!(e403[0]["file"].as_str().unwrap(), LEDGER);
    let recon = read_json(&out.join("reconciliation.json"));
    let doubt = recon["tie_out"]["doubt"].as_str().unwrap();
    assert!(
        doubt.contains("does not look like this project's"),
        "{doubt}"
    );
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("reconciliation.xlsx")).unwrap();
    use calamine::Reader;
    let tie = wb.worksheet_range("Tie-out").unwrap();
    assert!(
        tie.cells()
            .any(|(_, _, v)| v.to_string().contains("does not look like this project's")),
        "the Tie-out sheet says it"
    );
    let status = docx_text(&out.join("status-report.docx"));
    assert!(
        status.contains("does not look like this project"),
        "the status report says it"
    );

    // The sample project (its cost centre in the Budget sheet's
    // `Cost Centre:` cell) against the cluster ledger: none of it is its.
    let text = pmo(
        &["reconcile", "samples/project.xlsx", "--ledger", LEDGER],
        0,
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("does not look like this project's: 0 of its 384 posting(s) are on the project's cost centre(s) 10482"),
        "{text}"
    );
    // The sample project with its own ledger: no such finding.
    let own = dir.path().join("own");
    pmo(&["report", "samples/", "-o", own.to_str().unwrap()], 0);
    let findings = read_json(&own.join("findings.json"));
    assert!(findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"] != "E403"));
    assert!(read_json(&own.join("reconciliation.json"))["tie_out"]
        .get("doubt")
        .is_none());
}

fn docx_text(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let text = regex::Regex::new("<[^>]+>").unwrap().replace_all(&xml, "");
    text.replace("&apos;", "'")
}

/// Runs the portfolio on the samples with the cluster ledger.
fn portfolio(out: &Path, extra: &[&str], want: i32) -> Value {
    let mut args = vec![
        "portfolio",
        "samples/portfolio/",
        "--ledger",
        LEDGER,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    pmo(&args, want);
    read_json(&out.join("portfolio.json"))
}

#[test]
fn portfolio_writes_every_file_and_a_row_for_the_broken_project() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let doc = portfolio(&out, &[], 0);
    for p in PROJECTS {
        for f in REPORT_FILES {
            assert!(out.join(p).join(f).is_file(), "{p}/{f} written");
        }
    }
    for f in ["portfolio.xlsx", "portfolio-report.docx", "portfolio.json"] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    assert!(
        !out.join("payroll-upgrade").exists(),
        "nothing for the broken project"
    );
    assert_eq!(doc["schema"], "pmo-portfolio/1");
    let rows = doc["projects"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let broken = &rows[0];
    assert_eq!(
        broken["key"], "payroll-upgrade",
        "the unread project comes first"
    );
    assert!(broken["error"]
        .as_str()
        .unwrap()
        .contains("damaged or incomplete"));
    assert_eq!(broken["ratings"]["overall"], "Unknown");
    let names: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Benefits Intake Redesign",
            "Court Scheduling Modernization",
            "Road Safety Data Platform"
        ],
        "Red, then Amber, then Green"
    );
    // The workbook: one row per project, a totals row, filters, frozen header.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("portfolio.xlsx")).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Portfolio", "Exceptions", "No project"]);
    let sheet = wb.worksheet_range("Portfolio").unwrap();
    assert_eq!(sheet.height(), 6, "header, 4 projects, totals");
    let total_label = sheet.get_value((5, 0)).unwrap().to_string();
    assert!(
        total_label.starts_with("Total (4 projects, 3 read)"),
        "{total_label}"
    );
    let report = docx_text(&out.join("portfolio-report.docx"));
    for want in [
        "Needing attention first",
        "Could not be read",
        "Tie-out to the finance ledger",
        "belong to no project",
    ] {
        assert!(report.contains(want), "{want:?} in the portfolio report");
    }
    // Exit 1 with --fail-on error: the broken project counts as an error.
    portfolio(&dir.path().join("again"), &["--fail-on", "error"], 1);
}

#[test]
fn rollup_totals_are_the_sum_of_the_projects_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let doc = portfolio(&out, &[], 0);
    let t = &doc["totals"]["money"];
    let mut sum = [Decimal::ZERO; 6];
    for p in PROJECTS {
        let r = read_json(&out.join(p).join("reconciliation.json"));
        let figures = [
            &r["project"]["bac"],
            &r["totals"]["planned_ytd"],
            &r["totals"]["actual_ytd"],
            &r["totals"]["variance_ytd"],
            &r["project"]["eac"],
            &r["project"]["vac"],
        ];
        for (s, v) in sum.iter_mut().zip(figures) {
            *s += dec(v);
        }
    }
    let keys = [
        "bac",
        "planned_ytd",
        "actual_ytd",
        "variance_ytd",
        "eac",
        "vac",
    ];
    for (k, s) in keys.iter().zip(sum) {
        assert_eq!(dec(&t[*k]), s, "total {k}");
        assert!(!s.is_zero(), "{k} is a real figure");
    }
    // The workbook's totals row holds the same values.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("portfolio.xlsx")).unwrap();
    use calamine::{DataType, Reader};
    let sheet = wb.worksheet_range("Portfolio").unwrap();
    for (col, k) in (5u32..=10).zip(keys) {
        let v = sheet.get_value((5, col)).unwrap().as_f64().unwrap();
        assert_eq!(
            format!("{v:.2}"),
            format!("{:.2}", dec(&t[k])),
            "xlsx total {k}"
        );
    }
}

#[test]
fn the_ledger_split_places_every_posting_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let doc = portfolio(&out, &[], 0);
    let ledger = &doc["ledger"];
    let read = common::json(&["inspect", LEDGER, "--format", "json"]);
    let rows = read["files"][0]["sheets"][0]["rows"].as_u64().unwrap();
    assert_eq!(
        ledger["postings"].as_u64().unwrap(),
        rows,
        "every posting read"
    );
    let no_project = ledger["no_project"].as_array().unwrap();
    let mut placed = 0;
    let mut amount = Decimal::ZERO;
    for p in PROJECTS {
        let r = read_json(&out.join(p).join("reconciliation.json"));
        amount += dec(&r["tie_out"]["ledger_total"]);
        let row = doc["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == p)
            .unwrap();
        placed += row["tie_out"]["postings"].as_u64().unwrap();
    }
    assert_eq!(placed, ledger["placed"].as_u64().unwrap());
    assert_eq!(
        placed + no_project.len() as u64,
        rows,
        "placed + no project = all"
    );
    let unplaced: Decimal = no_project.iter().map(|p| dec(&p["amount"])).sum();
    assert_eq!(amount + unplaced, dec(&ledger["total"]), "to the cent");
    // Each posting is in one place: no cell twice among the unplaced.
    let mut cells: Vec<&str> = no_project
        .iter()
        .map(|p| p["cell"].as_str().unwrap())
        .collect();
    cells.sort();
    cells.dedup();
    assert_eq!(cells.len(), no_project.len());
    let why = |cc: &str| -> Vec<&str> {
        no_project
            .iter()
            .filter(|p| p["cost_centre"].as_str() == Some(cc))
            .map(|p| p["reason"].as_str().unwrap())
            .collect()
    };
    assert_eq!(why("9999").len(), 2);
    let shared = why("5199");
    assert_eq!(shared.len(), 2);
    assert!(shared
        .iter()
        .all(|w| w.starts_with("ambiguous") && w.contains("Benefits") && w.contains("Court")));
    assert_eq!(
        no_project
            .iter()
            .filter(|p| p["cost_centre"].is_null())
            .count(),
        1
    );
    // The one posting of 5102 on an account no line carries is that
    // project's exception, not a stray.
    let ex = doc["exceptions"].as_array().unwrap();
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0]["project"], "benefits-intake");
    assert_eq!(ex[0]["account"], "514999");
}

#[test]
fn previous_gives_each_projects_change_and_nothing_readable_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    portfolio(&first, &[], 0);
    let second = dir.path().join("second");
    let doc = portfolio(
        &second,
        &[
            "--previous",
            first.to_str().unwrap(),
            "--red",
            "1",
            "--amber",
            "0.5",
        ],
        0,
    );
    let rows = doc["projects"].as_array().unwrap();
    let court = rows
        .iter()
        .find(|r| r["key"] == "court-scheduling")
        .unwrap();
    let change = &court["change"];
    assert_eq!(change["new_project"], false);
    assert_eq!(dec(&change["eac_change"]), Decimal::ZERO);
    assert!(
        change["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["area"] == "budget" && m["now"] == "Red"),
        "{change:#}"
    );
    // Only the broken project: nothing can run.
    let only = tempfile::tempdir().unwrap();
    let sub = only.path().join("payroll-upgrade");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(
        root().join("samples/portfolio/payroll-upgrade/tracker.xlsx"),
        sub.join("tracker.xlsx"),
    )
    .unwrap();
    let out = only.path().join("out");
    let err = stderr(&pmo(
        &[
            "portfolio",
            only.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        2,
    ));
    assert!(
        err.contains("no project could be read") && err.contains("damaged"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn report_on_samples_still_reads_one_project() {
    // samples/portfolio/ is a sub-folder: `report samples/` does not read it.
    let dir = tempfile::tempdir().unwrap();
    let out = common::json(&[
        "report",
        "samples/",
        "-o",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out["project"], "Licence Renewal Modernization");
}

#[test]
fn loose_workbooks_are_grouped_by_the_project_they_name() {
    let dir = two_projects();
    // A third project's tracker under another name, the cluster ledger
    // lying among them, and a log that names no project.
    let d = dir.path();
    std::fs::copy(
        root().join("samples/portfolio/court-scheduling/tracker.xlsx"),
        d.join("c.xlsx"),
    )
    .unwrap();
    std::fs::copy(root().join(LEDGER), d.join("gl.xlsx")).unwrap();
    book(
        d,
        "risks.xlsx",
        &[(
            "Risks",
            vec![
                vec![
                    T("Risk ID"),
                    T("Risk Title"),
                    T("Risk Description"),
                    T("Owner"),
                    T("Status"),
                ],
                vec![
                    T("R-001"),
                    T("Vendor late"),
                    T("The vendor is late"),
                    T("PM"),
                    T("Open"),
                ],
            ],
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let gl = d.join("gl.xlsx");
    let args = [
        "portfolio",
        d.to_str().unwrap(),
        "--ledger",
        gl.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ];
    pmo(&args, 0);
    let doc = read_json(&out.path().join("portfolio.json"));
    let mut keys: Vec<&str> = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["BIR-2025-011", "CSM-2026-007", "RSD-2026-003"],
        "keyed by project ID"
    );
    let files = doc["unplaced_files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0]["file"].as_str().unwrap().ends_with("risks.xlsx"));
    assert!(files[0]["reason"]
        .as_str()
        .unwrap()
        .contains("names no project"));
    assert_eq!(doc["ledger"]["postings"], 384);
}

#[test]
fn same_inputs_give_the_same_roll_up() {
    let dir = tempfile::tempdir().unwrap();
    let fixed = ["--generated", "2026-11-02"];
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = portfolio(&a, &fixed, 0);
    let second = portfolio(&b, &fixed, 0);
    assert_eq!(first, second);
    for f in [
        "portfolio.json",
        "portfolio.xlsx",
        "road-safety/reconciliation.json",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn an_edited_portfolio_template_is_used_and_a_broken_one_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.md.j2");
    std::fs::write(
        &good,
        "# Our cluster\n\nEAC {{ totals.money.eac | money }} over {{ totals.read }} projects.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    portfolio(&out, &["--template", good.to_str().unwrap()], 0);
    let text = docx_text(&out.join("portfolio-report.docx"));
    assert!(
        text.contains("Our cluster") && text.contains("EAC $") && text.contains("over 3 projects"),
        "{text}"
    );
    let bad = dir.path().join("bad.md.j2");
    std::fs::write(&bad, "{{ no_such_field }}").unwrap();
    let out2 = dir.path().join("out2");
    let mut args = vec![
        "portfolio",
        "samples/portfolio/",
        "-o",
        out2.to_str().unwrap(),
    ];
    args.extend(["--template", bad.to_str().unwrap()]);
    let err = stderr(&pmo(&args, 2));
    assert!(err.contains("no_such_field"), "{err}");
    assert!(!out2.exists(), "nothing written, not even a folder");
}
