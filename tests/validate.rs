//! Validation on real workbooks: the samples' documented defects, one
//! workbook exercising every rule kind, user definitions that change the
//! rules, annotated copies and blank workbooks.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use common::{pmo, root};
use pmo::definition::Definitions;
use pmo::ingest::{ingest, Options};
use pmo::rules::{validate, Finding, Settings, Severity};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::{Path, PathBuf};

fn run(paths: &[PathBuf], defs: &Definitions, as_of: NaiveDate) -> Vec<Finding> {
    let ingested = ingest(paths, defs, &Options::default()).unwrap();
    validate(
        &ingested.project,
        defs,
        &Settings {
            as_of,
            calendar: Default::default(),
        },
    )
}

fn codes(f: &[Finding]) -> Vec<(String, String, String)> {
    f.iter()
        .map(|f| {
            (
                f.code.clone(),
                f.sheet.clone(),
                f.cell.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn t(code: &str, sheet: &str, cell: &str) -> (String, String, String) {
    (code.into(), sheet.into(), cell.into())
}

#[test]
fn samples_report_exactly_their_documented_defects() {
    let out = pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "samples/ledger.xlsx",
            "--format",
            "json",
        ],
        1,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["as_of"], "2026-10-31",
        "the Status Date in Project Info"
    );
    let got: Vec<(String, String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["sheet"].as_str().unwrap().into(),
                f["cell"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("W208", "Budget", "AT12", "warning"),
        ("E402", "Budget", "BD12", "error"),
        ("E402", "Budget", "AT17", "error"),
        ("W301", "Risks", "H8", "warning"),
        ("W302", "Risks", "I10", "warning"),
        ("E306", "Issues", "I2", "error"),
        ("E501", "Issues", "J5", "error"),
        ("W307", "Milestones", "F6", "warning"),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(doc["summary"]["errors"], 4);
    assert_eq!(doc["summary"]["warnings"], 4);
    // The subtotal finding gives both figures.
    let sub = &doc["findings"][2]["message"];
    assert!(
        sub.as_str().unwrap().contains("$26,703.52")
            && sub.as_str().unwrap().contains("$35,690.06"),
        "{sub}"
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    pmo(
        &["validate", "samples/project.xlsx", "--fail-on", "never"],
        0,
    );
    pmo(
        &["validate", "samples/project.xlsx", "--fail-on", "warning"],
        1,
    );
    let out = pmo(&["validate", "samples/project.xlsx"], 1);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("    H8     W301 warning [R-005] Risk Score is 12, but Likelihood 3 × Impact 5 gives 15"), "{text}");
    assert!(
        text.ends_with("4 errors, 4 warnings, 0 infos in 1 file (as of 2026-10-31)\n"),
        "{text}"
    );
}

/// A project whose every sheet breaks rules on purpose, one per row.
fn rule_workbook(dir: &Path) -> PathBuf {
    let path = dir.join("rules.xlsx");
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();

    let ws = wb.add_worksheet().set_name("Project Info").unwrap();
    let info = [
        ("Project Name", "Rules"),
        ("Ministry", "Examples"),
        ("Executive Sponsor", "S"),
        ("Project Manager", "M"),
        ("Phase", "Planning"),
    ];
    for (r, (k, v)) in info.iter().enumerate() {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    ws.write_string(5, 0, "Start Date").unwrap();
    ws.write_datetime_with_format(5, 1, d(2025, 4, 1), &date)
        .unwrap();
    ws.write_string(6, 0, "End Date").unwrap();
    ws.write_datetime_with_format(6, 1, d(2027, 3, 31), &date)
        .unwrap();

    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Line ID",
            "Description",
            "Category",
            "Op/Cap",
            "Planned Apr-25",
            "Planned May-25",
            "Actual Apr-25",
            "Actual May-25",
            "Actual Jun-25",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["B1", "Developers", "Services", "Operating"])
        .unwrap(); // row 2
    ws.write_number(1, 4, 100.0).unwrap();
    ws.write_number(1, 5, -5.0).unwrap(); // F2: E311 negative plan
    ws.write_number(1, 6, 90.0).unwrap();
    ws.write_string(1, 7, "20").unwrap(); // H2: W208 text
    ws.write_number(1, 8, 10.0).unwrap(); // I2: E401 actual in Jun-25, as of May
    ws.write_row(2, 0, ["B2", "Laptops", "", "Capital"])
        .unwrap(); // C3: E102 no category
    ws.write_number(2, 4, 50.0).unwrap();
    ws.write_string(3, 1, "Total").unwrap(); // row 4: typed subtotal
    ws.write_number(3, 4, 160.0).unwrap(); // E4: E402 (150)
    ws.write_formula(3, 6, Formula::new("=SUM(G2:G3)").set_result("90"))
        .unwrap(); // agrees

    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    let h = [
        "Risk ID",
        "Risk Description",
        "Owner",
        "Date Raised",
        "Likelihood",
        "Impact",
        "Score",
        "Rating",
        "Mitigation",
        "Status",
        "Date Closed",
        "Budget Line",
    ];
    ws.write_row(0, 0, h).unwrap();
    let rows: [[&str; 12]; 9] = [
        [
            "R-001", "ok", "A", "", "2", "2", "4", "Low", "m", "Open", "", "B1",
        ],
        [
            "", "no id", "A", "", "2", "2", "4", "Low", "m", "Open", "", "",
        ], // A3: E102
        [
            "R-001", "dup", "A", "", "2", "2", "4", "Low", "m", "Open", "", "",
        ], // A4: E103
        [
            "R-004", "range", "A", "", "7", "2", "14", "High", "m", "Open", "", "",
        ], // E5: E311
        [
            "RISK5", "pattern", "A", "", "1", "1", "1", "Low", "m", "Open", "", "",
        ], // A6: W312
        [
            "R-006",
            "product+band",
            "A",
            "",
            "3",
            "3",
            "6",
            "High",
            "m",
            "Open",
            "",
            "",
        ], // G7: W301, H7: W302
        [
            "R-007",
            "closed no date",
            "A",
            "",
            "1",
            "2",
            "2",
            "Low",
            "m",
            "Closed",
            "",
            "",
        ], // K8: E303
        [
            "R-008",
            "high no owner",
            "",
            "",
            "4",
            "4",
            "16",
            "Critical",
            "",
            "Open",
            "",
            "B9",
        ], // C9, I9: W305; L9: E501
        [
            "R-009",
            "closed before raised",
            "A",
            "",
            "1",
            "1",
            "1",
            "Low",
            "m",
            "Closed",
            "",
            "",
        ], // K10: E304
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            if (4..=6).contains(&c) {
                ws.write_number(r, c as u16, v.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                ws.write_string(r, c as u16, *v).unwrap();
            }
        }
        ws.write_datetime_with_format(r, 3, d(2025, 5, 1), &date)
            .unwrap();
    }
    ws.write_datetime_with_format(9, 10, d(2025, 4, 1), &date)
        .unwrap(); // before raised
    ws.write_datetime_with_format(1, 3, d(2025, 6, 20), &date)
        .unwrap(); // D2: E310 raised after as-of

    let ws = wb.add_worksheet().set_name("Issues").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Issue ID",
            "Description",
            "Priority",
            "Status",
            "Resolution",
            "Date Resolved",
        ],
    )
    .unwrap();
    ws.write_row(
        1,
        0,
        ["I-001", "resolved, no resolution", "High", "Resolved"],
    )
    .unwrap(); // E2, F2: E306
    ws.write_row(2, 0, ["I-002", "bad priority", "Urgentish", "Open"])
        .unwrap(); // C3: E205

    let ws = wb.add_worksheet().set_name("Milestones").unwrap();
    ws.write_row(
        0,
        0,
        [
            "ID",
            "Milestone",
            "Baseline Date",
            "Forecast Date",
            "Actual Date",
            "% Complete",
            "Status",
        ],
    )
    .unwrap();
    ws.write_row(
        1,
        0,
        [
            "M1",
            "complete no date",
            "2025-04-10",
            "",
            "",
            "",
            "Complete",
        ],
    )
    .unwrap(); // E2: W307
    ws.write_row(
        2,
        0,
        [
            "M2",
            "date not complete",
            "2025-04-10",
            "",
            "2025-04-12",
            "",
            "In Progress",
        ],
    )
    .unwrap(); // G3: W308
    ws.write_row(
        3,
        0,
        [
            "M3",
            "overdue",
            "2025-04-10",
            "2025-05-01",
            "",
            "",
            "In Progress",
        ],
    )
    .unwrap(); // D4: W309
    ws.write_row(
        4,
        0,
        [
            "M4",
            "future actual",
            "2025-04-10",
            "",
            "2025-06-01",
            "",
            "Complete",
        ],
    )
    .unwrap(); // E5: E310
    ws.write_row(
        5,
        0,
        [
            "M5",
            "outside project",
            "2028-01-10",
            "",
            "",
            "",
            "Not Started",
        ],
    )
    .unwrap(); // C6: W313
    ws.write_row(6, 0, ["M6", "pct", "2025-06-10", "", "", "", "In Progress"])
        .unwrap();
    ws.write_number(6, 5, 250.0).unwrap(); // F7: 250 → 2.5 → E311
    ws.write_row(
        7,
        0,
        [
            "M7",
            "bad date",
            "soon",
            "04/05/2025",
            "",
            "",
            "Not Started",
        ],
    )
    .unwrap(); // C8: E202, D8: E203
    wb.save(&path).unwrap();
    path
}

#[test]
fn every_rule_kind_on_a_real_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = rule_workbook(dir.path());
    let f = run(
        &[path],
        &Definitions::built_in().unwrap(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
    );
    let got = codes(&f);
    let want = vec![
        t("E311", "Budget", "F2"),
        t("W208", "Budget", "H2"),
        t("E401", "Budget", "I2"),
        t("E102", "Budget", "C3"),
        t("E402", "Budget", "E4"),
        t("E310", "Risks", "D2"),
        t("E102", "Risks", "A3"),
        t("E103", "Risks", "A4"),
        t("E311", "Risks", "E5"),
        t("W312", "Risks", "A6"),
        t("W301", "Risks", "G7"),
        t("W302", "Risks", "H7"),
        t("E303", "Risks", "K8"),
        t("W305", "Risks", "C9"),
        t("W305", "Risks", "I9"),
        t("E501", "Risks", "L9"),
        t("E304", "Risks", "K10"),
        t("E306", "Issues", "E2"),
        t("E306", "Issues", "F2"),
        t("E205", "Issues", "C3"),
        t("W307", "Milestones", "E2"),
        t("W308", "Milestones", "G3"),
        t("W309", "Milestones", "D4"),
        t("E310", "Milestones", "E5"),
        t("W313", "Milestones", "C6"),
        t("E311", "Milestones", "F7"),
        t("E202", "Milestones", "C8"),
        t("E203", "Milestones", "D8"),
    ];
    assert_eq!(
        got,
        want,
        "{:#?}",
        f.iter()
            .map(|f| format!(
                "{} {}!{} {}",
                f.code,
                f.sheet,
                f.cell.clone().unwrap_or_default(),
                f.message
            ))
            .collect::<Vec<_>>()
    );
    let sev = |code: &str| f.iter().find(|x| x.code == code).unwrap().severity;
    assert_eq!(sev("E402"), Severity::Error);
    assert_eq!(sev("W301"), Severity::Warning);
    let dup = f.iter().find(|x| x.code == "E103").unwrap();
    assert!(dup.message.contains("first at Risks!A2"), "{}", dup.message);
    let total = f.iter().find(|x| x.code == "E402").unwrap();
    assert!(
        total.message.contains("$160.00") && total.message.contains("$150.00"),
        "{}",
        total.message
    );
}

#[test]
fn missing_required_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_desc.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(0, 0, ["Risk ID", "Owner", "Likelihood", "Impact", "Status"])
        .unwrap();
    ws.write_row(1, 0, ["R-001", "A", "", "", "Open"]).unwrap();
    wb.save(&path).unwrap();
    let f = run(
        &[path],
        &Definitions::built_in().unwrap(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
    );
    assert_eq!(codes(&f), vec![t("E101", "Risks", "A1")]);
    assert!(
        f[0].message.contains("'Risk Description'"),
        "{}",
        f[0].message
    );
}

#[test]
fn duplicate_ids_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let mk = |name: &str| {
        let path = dir.path().join(name);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Issues").unwrap();
        ws.write_row(0, 0, ["Issue ID", "Description", "Priority", "Status"])
            .unwrap();
        ws.write_row(1, 0, ["I-001", "x", "Low", "Open"]).unwrap();
        wb.save(&path).unwrap();
        path
    };
    let (a, b) = (mk("a.xlsx"), mk("b.xlsx"));
    let f = run(
        &[a, b],
        &Definitions::built_in().unwrap(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, "E103");
    assert!(
        f[0].file.ends_with("b.xlsx") && f[0].message.contains("a.xlsx"),
        "{:?}",
        f[0]
    );
}

#[test]
fn user_definition_renames_a_column_and_relaxes_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("narrative.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Risk ID",
            "Risk Narrative",
            "Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Status",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["R-001", "Vendor late", "A", "", "", "", "Open"])
        .unwrap();
    ws.write_number(1, 3, 2.0).unwrap();
    ws.write_number(1, 4, 3.0).unwrap();
    ws.write_number(1, 5, 5.0).unwrap(); // score 5, not 6
    wb.save(&path).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2025, 5, 31).unwrap();

    let built_in = Definitions::built_in().unwrap();
    let before = run(std::slice::from_ref(&path), &built_in, as_of);
    assert_eq!(
        codes(&before),
        vec![t("E101", "Risks", "A1"), t("W301", "Risks", "F2")]
    );

    // The ministry's variant: "Risk Narrative" is the description, and a
    // score that disagrees is only worth an info.
    let text = pmo::definition::BUILT_IN
        .iter()
        .find(|(n, _)| *n == "risks.toml")
        .unwrap()
        .1;
    let custom = text.replace(
        r#"aliases = ["description", "risk","#,
        r#"aliases = ["risk narrative", "description", "risk","#,
    ) + "\n[levels]\nW301 = \"info\"\n";
    let tdir = tempfile::tempdir().unwrap();
    std::fs::write(tdir.path().join("risks.toml"), custom).unwrap();
    let defs = Definitions::with_overrides(tdir.path()).unwrap();
    let after = run(std::slice::from_ref(&path), &defs, as_of);
    assert_eq!(codes(&after), vec![t("W301", "Risks", "F2")]);
    assert_eq!(after[0].severity, Severity::Info);

    // The same through the command line.
    let out = pmo(
        &[
            "validate",
            path.to_str().unwrap(),
            "--templates",
            tdir.path().to_str().unwrap(),
            "--as-of",
            "2025-05-31",
            "--format",
            "json",
        ],
        0,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["infos"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
}

fn cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::DateTime(d) => d.as_datetime().unwrap().date().to_string(),
                            Data::Float(f) => format!("{f}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn annotated_copy_keeps_values_marks_cells_and_leaves_the_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("samples/project.xlsx");
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("annotated.xlsx");
    pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--annotate",
            out.to_str().unwrap(),
        ],
        1,
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input's bytes are unchanged"
    );

    // Same sheets, same values (formulas as their cached values).
    assert_eq!(cells(&out), cells(&input));

    // A note on each finding's cell.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut notes = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().contains("comments") {
            std::io::Read::read_to_string(&mut f, &mut notes).unwrap();
        }
    }
    for (cell, code) in [
        ("AT12", "W208"),
        ("BD12", "E402"),
        ("H8", "W301"),
        ("I10", "W302"),
        ("I2", "E306"),
        ("J5", "E501"),
        ("F6", "W307"),
    ] {
        assert!(notes.contains(&format!("ref=\"{cell}\"")), "note on {cell}");
        assert!(notes.contains(code), "{code} in notes");
    }

    // An existing output is not replaced without --force; an input never.
    pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--annotate",
            out.to_str().unwrap(),
        ],
        2,
    );
    pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--annotate",
            out.to_str().unwrap(),
            "--force",
        ],
        1,
    );
    let err = pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--annotate",
            "samples/project.xlsx",
            "--force",
        ],
        2,
    );
    assert!(String::from_utf8_lossy(&err.stderr).contains("is an input"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn new_workbooks_validate_clean() {
    let dir = tempfile::tempdir().unwrap();
    for kind in [
        "project",
        "budget",
        "risks",
        "issues",
        "milestones",
        "stakeholders",
        "project-info",
        "ledger",
    ] {
        let path = dir.path().join(format!("{kind}.xlsx"));
        let p = path.to_str().unwrap();
        pmo(&["new", kind, "-o", p, "--fiscal-year", "2026-27"], 0);
        let out = pmo(&["validate", p, "--format", "json", "--fail-on", "info"], 0);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["findings"], serde_json::json!([]), "{kind}");
        // And every data sheet is recognised as its kind.
        let out = pmo(&["inspect", p, "--format", "json"], 0);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let kinds: Vec<String> = doc["files"][0]["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["kind"].as_str().map(str::to_string))
            .collect();
        let want: Vec<&str> = if kind == "project" {
            pmo::render::blank::PROJECT_KINDS.to_vec()
        } else {
            vec![kind]
        };
        assert_eq!(kinds, want, "{kind}");
    }
    // The budget's month columns follow the fiscal year asked for.
    let out = pmo(
        &[
            "inspect",
            dir.path().join("budget.xlsx").to_str().unwrap(),
            "--format",
            "json",
        ],
        0,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = doc["files"][0]["sheets"][1]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"planned.2026-27:P01") && keys.contains(&"forecast.2026-27:P12"),
        "{keys:?}"
    );
    pmo(
        &[
            "new",
            "bananas",
            "-o",
            dir.path().join("x.xlsx").to_str().unwrap(),
        ],
        2,
    );
}

#[test]
fn explain_codes() {
    let out = pmo(&["explain", "W301"], 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("W301 risk-score-mismatch"), "{text}");
    let out = pmo(&["explain"], 0);
    let list = String::from_utf8(out.stdout).unwrap();
    let codes = list
        .lines()
        .filter(|l| l.starts_with(['E', 'W', 'I']))
        .count();
    assert_eq!(codes, pmo::rules::codes::CODES.len(), "{list}");
    assert!(list.ends_with("pmo explain mapping (how to write a mapping file)\n"));
    pmo(&["explain", "Z999"], 2);
    let out = pmo(&["explain", "mapping"], 0);
    let guide = String::from_utf8(out.stdout).unwrap();
    assert!(
        guide.contains("[[sheet]]") && guide.contains("header_row"),
        "{guide}"
    );
}

#[test]
fn excel_error_values_are_their_own_finding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Line ID",
            "Description",
            "Standard Account",
            "Op / Cap",
            "Plan Apr-25",
            "Actual Apr-25",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["B1", "Developers", "Services", "Operating"])
        .unwrap();
    ws.write_number(1, 4, 100.0).unwrap();
    ws.write_formula(1, 5, Formula::new("=E2/0").set_result("#DIV/0!"))
        .unwrap();
    wb.save(&path).unwrap();
    let f = run(
        &[path],
        &Definitions::built_in().unwrap(),
        NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
    );
    assert_eq!(codes(&f), vec![t("E207", "Budget", "F2")]);
    assert!(f[0].message.contains("#DIV/0!"), "{}", f[0].message);
}

#[test]
fn a_new_workbook_filled_with_the_samples_risks_validates_like_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    pmo(&["new", "risks", "-o", blank.to_str().unwrap()], 0);
    // The blank workbook's own header row…
    let mut wb = open_workbook_auto(&blank).unwrap();
    let range = wb.worksheet_range("Risks").unwrap();
    let headers: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let defs = Definitions::built_in().unwrap();
    let def = defs.get("risks").unwrap();
    let keys: Vec<String> = headers
        .iter()
        .map(|h| {
            def.columns
                .iter()
                .find(|c| &c.header == h)
                .unwrap()
                .key
                .clone()
        })
        .collect();
    // …filled with the samples' risks, value for value.
    let samples = ingest(
        &[root().join("samples/project.xlsx")],
        &defs,
        &Options::default(),
    )
    .unwrap();
    let filled = dir.path().join("filled.xlsx");
    let mut out = Workbook::new();
    let ws = out.add_worksheet().set_name("Risks").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_row(0, 0, headers.iter().map(String::as_str))
        .unwrap();
    for (r, risk) in samples.project.risks.iter().enumerate() {
        for (c, key) in keys.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match risk.0.get(key).map(|v| &v.value) {
                Some(pmo::model::Value::Integer(i)) => ws.write_number(r, c, *i as f64).map(|_| ()),
                Some(pmo::model::Value::Date(d)) => {
                    ws.write_datetime_with_format(r, c, *d, &date).map(|_| ())
                }
                Some(v) => ws.write_string(r, c, v.to_string()).map(|_| ()),
                None => Ok(()),
            }
            .unwrap();
        }
    }
    out.save(&filled).unwrap();
    let got = run(
        &[filled],
        &defs,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    let sample_findings = run(
        &[root().join("samples/project.xlsx")],
        &defs,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    let risk_codes = |f: &[Finding]| -> Vec<(String, Option<String>)> {
        f.iter()
            .filter(|x| x.sheet == "Risks")
            .map(|x| (x.code.clone(), x.row_id.clone()))
            .collect()
    };
    assert_eq!(risk_codes(&got), risk_codes(&sample_findings));
    assert_eq!(risk_codes(&got).len(), 2);
}
