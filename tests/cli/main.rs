//! End-to-end tests: run the real `pmo` binary on shipped samples and
//! fixtures, assert exit codes, messages and figures.

#[path = "../common/mod.rs"]
mod common;
use common::{pmo, root};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn sheet<'a>(doc: &'a Value, file: &str, name: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(file))
        .and_then(|f| {
            f["sheets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
        })
        .unwrap_or_else(|| panic!("no sheet {name} in {file}"))
}

fn expected() -> Value {
    let text = std::fs::read_to_string(root().join("samples/totals.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn inspect_samples_recognises_every_data_sheet() {
    let doc = json(&pmo(
        &[
            "inspect",
            "samples/project.xlsx",
            "samples/ledger.xlsx",
            "--format",
            "json",
        ],
        0,
    ));
    let kinds: Vec<(String, Value)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["sheets"].as_array().unwrap().iter())
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["kind"].clone()))
        .collect();
    let want = [
        ("Instructions", Value::Null),
        ("Project Info", "project-info".into()),
        ("Budget", "budget".into()),
        ("Risks", "risks".into()),
        ("Issues", "issues".into()),
        ("Milestones", "milestones".into()),
        ("Stakeholders", "stakeholders".into()),
        ("GL Detail", "ledger".into()),
    ];
    let want: Vec<(String, Value)> = want
        .iter()
        .map(|(n, k)| (n.to_string(), k.clone()))
        .collect();
    assert_eq!(kinds, want);
}

#[test]
fn inspect_samples_totals_tie_to_the_generator_to_the_cent() {
    let doc = json(&pmo(
        &[
            "inspect",
            "samples/project.xlsx",
            "samples/ledger.xlsx",
            "--format",
            "json",
        ],
        0,
    ));
    let exp = expected();
    let budget = sheet(&doc, "project.xlsx", "Budget");
    assert_eq!(budget["header_row"], 7);
    assert_eq!(budget["rows"], exp["budget_lines"]);
    assert_eq!(budget["totals"]["planned"], exp["planned"]);
    assert_eq!(budget["totals"]["actual"], exp["actual"]);
    // The tracker's own row totals agree with the month cells, except that
    // Excel's SUMs leave out the actual typed as text.
    assert_eq!(budget["totals"]["planned_total"], exp["planned"]);
    assert_eq!(
        budget["totals"]["actual_total"],
        exp["actual_as_excel_sums"]
    );
    // Two category subtotals and a grand total, kept out of the sums.
    assert_eq!(budget["skipped"]["subtotal"].as_array().unwrap().len(), 3);

    let gl = sheet(&doc, "ledger.xlsx", "GL Detail");
    assert_eq!(gl["header_row"], 7);
    assert_eq!(
        gl["score"], 17,
        "8 columns matched, and the sheet name fits"
    );
    assert_eq!(gl["rows"], exp["postings"]);
    assert_eq!(gl["totals"]["debit"], exp["ledger_debit"]);
    assert_eq!(gl["totals"]["credit"], exp["ledger_credit"]);
    assert_eq!(gl["parameters"]["cost centre"], "10482");

    for (name, key) in [
        ("Risks", "risks"),
        ("Issues", "issues"),
        ("Milestones", "milestones"),
        ("Stakeholders", "stakeholders"),
    ] {
        assert_eq!(
            sheet(&doc, "project.xlsx", name)["rows"],
            exp[key],
            "{name}"
        );
    }
    let info = sheet(&doc, "project.xlsx", "Project Info");
    assert_eq!(info["totals"]["total_budget"], exp["planned"]);
}

#[test]
fn inspect_text_names_header_mapping_and_skips() {
    let out = pmo(&["inspect", "samples/project.xlsx"], 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("sheet 'Budget': budget (wide layout, header row 7)"),
        "{text}"
    );
    assert!(text.contains("Line ID → id"), "{text}");
    assert!(
        text.contains("planned Apr-25 → planned, 24 month(s) 2025-26:P01 … 2026-27:P12"),
        "{text}"
    );
    assert!(
        text.contains("skipped subtotal: 3 (rows 17, 22, 24)"),
        "{text}"
    );
    assert!(text.contains("sheet 'Instructions': skipped"), "{text}");
}

fn fails_with(file: &str, needles: &[&str]) {
    let out = pmo(&["inspect", file], 2);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("pmo: "), "{err}");
    assert!(err.contains(file), "message names the file: {err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in {err}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("Error {"),
        "no panic or debug dump: {err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file() {
    fails_with(
        "tests/fixtures/no-such-file.xlsx",
        &["cannot find", "check the path"],
    );
}

#[test]
fn not_a_spreadsheet() {
    fails_with(
        "tests/fixtures/not_a_workbook.xlsx",
        &["is not a spreadsheet", "plain text"],
    );
}

#[test]
fn truncated_zip() {
    fails_with(
        "tests/fixtures/truncated.xlsx",
        &["damaged or incomplete", "save a new copy"],
    );
}

#[test]
fn password_protected() {
    fails_with(
        "tests/fixtures/password.xlsx",
        &["password-protected", "clear the password"],
    );
}

#[test]
fn empty_workbook() {
    fails_with("tests/fixtures/empty.xlsx", &["holds no data"]);
}

#[test]
fn no_recognisable_sheet() {
    fails_with(
        "tests/fixtures/unrecognised.xlsx",
        &["no sheet looks like", "'Lunch order'", "--templates"],
    );
}

#[test]
fn a_folder_without_workbooks() {
    fails_with("tests/cli", &["holds no workbooks"]);
}

#[test]
fn bad_fiscal_year_flag() {
    let out = pmo(
        &["inspect", "samples/project.xlsx", "--fiscal-year", "2025"],
        2,
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--fiscal-year '2025'") && err.contains("2025-26"),
        "{err}"
    );
}

#[test]
fn user_definitions_add_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lunch.toml"),
        r#"
kind = "lunch"
title = "Lunch orders"
[recognise]
min_matched = 2
[[columns]]
key = "colour"
header = "Colour"
[[columns]]
key = "flavour"
header = "Flavour"
"#,
    )
    .unwrap();
    let templates = dir.path().to_str().unwrap();
    let doc = json(&pmo(
        &[
            "inspect",
            "tests/fixtures/unrecognised.xlsx",
            "--templates",
            templates,
            "--format",
            "json",
        ],
        0,
    ));
    let s = sheet(&doc, "unrecognised.xlsx", "Lunch order");
    assert_eq!(s["kind"], "lunch");
    assert_eq!(s["rows"], 1);
    assert_eq!(s["unmapped"], serde_json::json!(["Size"]));
}

#[test]
fn broken_user_definition_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "kind = \"x\"\ntitle = \n").unwrap();
    let templates = dir.path().to_str().unwrap();
    let out = pmo(
        &["inspect", "samples/project.xlsx", "--templates", templates],
        2,
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.toml") && err.contains("line 2"), "{err}");
}

#[test]
fn inputs_are_not_written() {
    let path = Path::new("samples/project.xlsx");
    let before = std::fs::read(root().join(path)).unwrap();
    pmo(&["inspect", "samples/project.xlsx"], 0);
    assert_eq!(std::fs::read(root().join(path)).unwrap(), before);
}

#[test]
fn a_damaged_sheet_names_its_sheet() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad_sheet.xlsx");
    let mut zin = zip::ZipArchive::new(
        std::fs::File::open(root().join("tests/fixtures/budget_long.xlsx")).unwrap(),
    )
    .unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/sheet1") {
            data.truncate(data.len() / 2);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
    let o = pmo(&["inspect", bad.to_str().unwrap()], 2);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("pmo: ")
            && err.contains("sheet 'Costs by Month'")
            && err.contains("save the workbook again"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line, no trace: {err}");
}
