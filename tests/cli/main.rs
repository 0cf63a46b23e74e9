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

// ---- Issue 8: one meaning for every flag ----

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A workbook with one sheet of rows (first row the header), written with
/// rust_xlsxwriter.
fn book(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn as_of_is_one_period_and_date_in_validate_reconcile_and_context() {
    let as_of = ["--as-of", "2026-27:P05"];
    let v = json(&pmo(
        &[
            &[
                "validate",
                "samples/project.xlsx",
                "--format",
                "json",
                "--fail-on",
                "never",
            ][..],
            &as_of,
        ]
        .concat(),
        0,
    ));
    let r = json(&pmo(
        &[
            &[
                "reconcile",
                "samples/project.xlsx",
                "--ledger",
                "samples/ledger.xlsx",
                "--format",
                "json",
            ][..],
            &as_of,
        ]
        .concat(),
        0,
    ));
    let c = json(&pmo(
        &[
            &[
                "context",
                "samples/project.xlsx",
                "--ledger",
                "samples/ledger.xlsx",
                "--format",
                "json",
            ][..],
            &as_of,
        ]
        .concat(),
        0,
    ));
    for (what, doc, date) in [
        ("validate", &v, "as_of"),
        ("reconcile", &r, "as_of_date"),
        ("context", &c, "as_of"),
    ] {
        assert_eq!(doc["period"], "2026-27:P05", "{what}");
        assert_eq!(doc[date], "2026-08-31", "{what}");
    }
    assert_eq!(v["as_of_date"], "2026-08-31");
    assert_eq!(r["as_of"], "2026-27:P05");
    assert_eq!(c["period_end"], "2026-08-31");
    assert_eq!(c["period_name"], "August 2026");
    // Without --as-of, every command takes the Status Date (2026-10-31).
    let v = json(&pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        0,
    ));
    let r = json(&pmo(
        &["reconcile", "samples/project.xlsx", "--format", "json"],
        0,
    ));
    assert_eq!(
        (&v["period"], &v["as_of"]),
        (&"2026-27:P07".into(), &"2026-10-31".into())
    );
    assert_eq!(
        (&r["period"], &r["as_of_date"]),
        (&"2026-27:P07".into(), &"2026-10-31".into())
    );
    assert_eq!(r["as_of_source"], "status_date");
}

fn exception_periods(r: &Value) -> Vec<String> {
    r["tie_out"]["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["period"].as_str().unwrap_or("-").to_string())
        .collect()
}

#[test]
fn reconcile_as_of_a_bare_period_lists_no_later_exception() {
    let args = [
        "reconcile",
        "samples/project.xlsx",
        "--ledger",
        "samples/ledger.xlsx",
        "--format",
        "json",
    ];
    let all = exception_periods(&json(&pmo(&args, 0)));
    assert!(
        all.iter().any(|p| p == "2026-27:P06") && all.iter().any(|p| p == "2026-27:P07"),
        "{all:?}"
    );
    let r = json(&pmo(&[&args[..], &["--as-of", "P05"]].concat(), 0));
    assert_eq!(
        r["period"], "2026-27:P05",
        "P05 in Project Information's fiscal year"
    );
    let p05 = exception_periods(&r);
    assert!(!p05.is_empty());
    assert!(p05.iter().all(|p| p.as_str() <= "2026-27:P05"), "{p05:?}");
    // The tie-out's totals stop at P05 too: the tracker's actual to date.
    assert_eq!(
        r["tie_out"]["tracker_actual"],
        r["project"]["actual_to_date"]
    );
}

#[test]
fn format_json_on_every_command_that_reads_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("status.docx");
    let out = dir.path().join("out");
    let runs: Vec<(Vec<&str>, i32)> = vec![
        (vec!["inspect", "samples/"], 0),
        (vec!["validate", "samples/"], 1),
        (vec!["reconcile", "samples/"], 0),
        (vec!["context", "samples/"], 0),
        (vec!["status", "samples/", "-o", s(&docx)], 0),
        (vec!["report", "samples/", "-o", s(&out)], 0),
    ];
    for (args, code) in runs {
        let doc = json(&pmo(&[&args[..], &["--format", "json"]].concat(), code));
        assert!(doc.is_object(), "{args:?}");
        if args[0] != "inspect" {
            assert_eq!(doc["period"], "2026-27:P07", "{args:?}");
        }
    }
    let doc = json(&pmo(
        &[
            "status",
            "samples/",
            "-o",
            s(&docx),
            "--force",
            "--format",
            "json",
        ],
        0,
    ));
    assert_eq!(doc["written"][0], s(&docx));
    // The default is text: for context, one `field = value` line per field.
    let text = String::from_utf8(pmo(&["context", "samples/project.xlsx"], 0).stdout).unwrap();
    assert!(
        text.contains("\nproject.name = Licence Renewal Modernization\n"),
        "{text}"
    );
    assert!(text.contains("\nperiod = 2026-27:P07\n"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("risks[0].id = ")),
        "{text}"
    );
}

fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn report_takes_the_single_commands_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let settings = dir.path().join("pmo.toml");
    std::fs::write(&settings, "[thresholds]\namber_pct = 1\nred_pct = 2\n").unwrap();
    let template = dir.path().join("status-ministry.md.j2");
    std::fs::write(
        &template,
        "# Ministry status {{ period }}\n\nMARKER {% if changes %}with-changes{% endif %} amber {{ reconciliation.thresholds.amber_pct }}\n",
    )
    .unwrap();
    let charter = dir.path().join("mine.md.j2");
    std::fs::write(&charter, "# Charter by DOC=FILE\n").unwrap();
    let charter_arg = format!("charter={}", s(&charter));
    let doc = json(&pmo(
        &[
            "report",
            "samples/project.xlsx",
            "--ledger",
            "samples/ledger.xlsx",
            "-o",
            s(&out),
            "--previous",
            "samples/project.xlsx",
            "--template",
            s(&template),
            "--template",
            &charter_arg,
            "--settings",
            s(&settings),
            "--floor",
            "0",
            "--as-of",
            "2026-27:P06",
            "--format",
            "json",
        ],
        0,
    ));
    assert_eq!(doc["period"], "2026-27:P06");
    let recon: Value =
        serde_json::from_slice(&std::fs::read(out.join("reconciliation.json")).unwrap()).unwrap();
    assert_eq!(recon["thresholds"]["amber_pct"], "1");
    assert_eq!(recon["thresholds"]["red_pct"], "2");
    assert_eq!(recon["thresholds"]["floor"], "0");
    assert_eq!(recon["period"], "2026-27:P06");
    assert!(recon["tie_out"].is_object(), "--ledger was read");
    let status = docx_text(&out.join("status-report.docx"));
    assert!(status.contains("Ministry status 2026-27:P06"), "{status}");
    assert!(status.contains("MARKER with-changes amber 1"), "{status}");
    assert!(docx_text(&out.join("charter.docx")).contains("Charter by DOC=FILE"));
    assert!(!docx_text(&out.join("mb20-draft.docx")).contains("Charter by DOC=FILE"));
    // A template for no known document is refused before anything is written.
    let out2 = dir.path().join("out2");
    let o = pmo(
        &[
            "report",
            "samples/",
            "-o",
            s(&out2),
            "--template",
            s(&settings),
        ],
        2,
    );
    assert!(stderr(&o).contains("status=FILE"), "{}", stderr(&o));
    assert!(!out2.exists());
}

#[test]
fn validate_reads_a_folder_like_report() {
    let folder = json(&pmo(&["validate", "samples/", "--format", "json"], 1));
    let files = json(&pmo(
        &[
            "validate",
            "samples/ledger.xlsx",
            "samples/project.xlsx",
            "--format",
            "json",
        ],
        1,
    ));
    assert_eq!(folder["summary"]["files"], 2);
    assert_eq!(folder, files);
    // Excel's lock files and other files in the folder are not read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("samples/project.xlsx"),
        dir.path().join("project.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("~$project.xlsx"), "lock").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "notes").unwrap();
    let one = json(&pmo(&["validate", s(dir.path()), "--format", "json"], 1));
    assert_eq!(one["summary"]["files"], 1);
}

#[test]
fn a_document_with_none_of_its_data_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("status.docx");
    let o = pmo(&["status", "samples/ledger.xlsx", "-o", s(&docx)], 2);
    let err = stderr(&o);
    assert!(
        err.starts_with("pmo: the inputs hold no data for the status report")
            && err.contains("Project Information, budget, risks, issues or milestones")
            && err.contains("samples/ledger.xlsx"),
        "{err}"
    );
    assert!(!docx.exists());
    for doc in ["charter", "mb20"] {
        let o = pmo(&[doc, "samples/ledger.xlsx", "-o", s(&docx)], 2);
        assert!(stderr(&o).contains("holds no data") || stderr(&o).contains("hold no data"));
    }
    let out = dir.path().join("out");
    pmo(&["report", "samples/ledger.xlsx", "-o", s(&out)], 2);
    assert!(!out.join("findings.json").exists());
    // A risk log alone is something to report on: written, with a note on
    // what is missing.
    let risks = dir.path().join("risks.xlsx");
    book(
        &risks,
        "Risks",
        &[
            &[
                "Risk ID",
                "Risk Description",
                "Likelihood",
                "Impact",
                "Status",
            ],
            &["R-01", "Vendor late", "3", "4", "Open"],
        ],
    );
    let o = pmo(&["status", s(&risks), "-o", s(&docx)], 0);
    assert!(
        stderr(&o).contains("has no Project Information, budget, issues, milestones"),
        "{}",
        stderr(&o)
    );
    assert!(docx_text(&docx).contains("Vendor late"));
}

/// The long flags a subcommand's --help lists.
fn help_flags(cmd: &[&str]) -> (Vec<String>, String) {
    let out = pmo(&[cmd, &["--help"]].concat(), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    let options = text.split("Options:").nth(1).expect("an Options section");
    let mut flags: Vec<String> = options
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("-o, ")
                .or_else(|| l.strip_prefix("-h, "))
                .unwrap_or(l);
            l.strip_prefix("--")
                .map(|f| f.split([' ', '<']).next().unwrap().to_string())
        })
        .collect();
    flags.sort();
    (flags, text)
}

#[test]
fn every_subcommand_help_has_an_example_and_only_its_flags() {
    let read = ["templates", "fiscal-year", "fiscal-start-month"];
    // Commands that read workbooks also take a mapping file.
    let input = ["templates", "fiscal-year", "fiscal-start-month", "mapping"];
    let month = [
        "ledger", "as-of", "previous", "settings", "amber", "red", "floor", "format",
    ];
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["inspect"],
            [&input[..], &["format", "save-mapping", "force"]].concat(),
        ),
        (
            vec!["validate"],
            [
                &input[..],
                &["as-of", "format", "fail-on", "annotate", "force"],
            ]
            .concat(),
        ),
        (
            vec!["reconcile"],
            [
                &input[..],
                &[
                    "ledger", "as-of", "settings", "amber", "red", "floor", "format", "output",
                    "force",
                ],
            ]
            .concat(),
        ),
        (
            vec!["status"],
            [
                &input[..],
                &month[..],
                &["output", "template", "force", "paper"],
            ]
            .concat(),
        ),
        (
            vec!["charter"],
            [
                &input[..],
                &month[..],
                &["output", "template", "force", "paper"],
            ]
            .concat(),
        ),
        (
            vec!["mb20"],
            [
                &input[..],
                &month[..],
                &["output", "template", "force", "paper"],
            ]
            .concat(),
        ),
        (vec!["context"], [&input[..], &month[..]].concat()),
        (
            vec!["fill"],
            [&input[..], &month[..], &["output", "force"]].concat(),
        ),
        (
            vec!["report"],
            [&input[..], &month[..], &["output", "template", "paper"]].concat(),
        ),
        (vec!["new"], [&read[..], &["output", "force"]].concat()),
        (vec!["explain"], vec![]),
        (vec!["templates", "export"], vec!["force"]),
    ];
    for (cmd, want) in cases {
        let (flags, text) = help_flags(&cmd);
        let mut want: Vec<String> = want
            .iter()
            .map(|f| f.to_string())
            .chain(["help".into()])
            .collect();
        want.sort();
        assert_eq!(flags, want, "pmo {cmd:?} --help:\n{text}");
        assert!(
            text.contains("Example"),
            "pmo {cmd:?} --help has no example:\n{text}"
        );
        assert!(text.contains(&format!("pmo {}", cmd.join(" "))), "{text}");
    }
    let (_, new) = help_flags(&["new"]);
    for kind in [
        "budget",
        "risks",
        "issues",
        "milestones",
        "stakeholders",
        "project-info",
        "ledger",
        "project",
    ] {
        assert!(new.contains(kind), "new --help lists {kind}: {new}");
    }
}

fn listing(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut v: Vec<(String, Option<Vec<u8>>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, p.is_file().then(|| std::fs::read(&p).unwrap()))
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn report_writes_all_its_files_or_none() {
    let dir = tempfile::tempdir().unwrap();
    // A fresh folder with a folder where the last document would go: no
    // file of this run is left, and no temporary.
    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(fresh.join("mb20-draft.docx")).unwrap();
    let o = pmo(&["report", "samples/", "-o", s(&fresh)], 2);
    assert!(
        stderr(&o).contains("mb20-draft.docx") && stderr(&o).contains("is a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(listing(&fresh), vec![("mb20-draft.docx".to_string(), None)]);

    // Last month's outputs, then a run as of another month that cannot
    // write one of them: every old file is as it was.
    let out = dir.path().join("out");
    let base = [
        "report",
        "samples/",
        "-o",
        s(&out),
        "--generated",
        "2026-09-01",
    ];
    pmo(&[&base[..], &["--as-of", "2026-27:P05"]].concat(), 0);
    let before = listing(&out);
    assert_eq!(
        before.len(),
        7,
        "{:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    #[cfg(unix)]
    {
        set_mode(&out.join("mb20-draft.docx"), 0o444);
        let o = pmo(&base, 2);
        assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
        assert_eq!(listing(&out), before);
        set_mode(&out.join("mb20-draft.docx"), 0o644);
    }
    std::fs::remove_file(out.join("charter.docx")).unwrap();
    std::fs::create_dir(out.join("charter.docx")).unwrap();
    let o = pmo(&base, 2);
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    let after = listing(&out);
    assert_eq!(
        after
            .iter()
            .filter(|f| f.0 != "charter.docx")
            .collect::<Vec<_>>(),
        before
            .iter()
            .filter(|f| f.0 != "charter.docx")
            .collect::<Vec<_>>()
    );
    // And once nothing is in the way, every file is replaced.
    std::fs::remove_dir(out.join("charter.docx")).unwrap();
    pmo(&base, 0);
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("findings.json")).unwrap()).unwrap();
    assert_eq!(json["period"], "2026-27:P07");
    assert!(listing(&out).iter().all(|f| !f.0.starts_with(".pmo-")));
}

#[cfg(unix)]
#[test]
fn force_never_replaces_a_read_only_file_and_keeps_a_writable_ones_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("risks.xlsx");
    pmo(&["new", "risks", "-o", s(&path)], 0);
    let o = pmo(&["new", "budget", "-o", s(&path)], 2);
    assert!(
        stderr(&o).contains("already exists; pass --force"),
        "{}",
        stderr(&o)
    );
    set_mode(&path, 0o444);
    let before = std::fs::read(&path).unwrap();
    let o = pmo(&["new", "budget", "-o", s(&path), "--force"], 2);
    assert!(
        stderr(&o).contains("is read-only") && stderr(&o).contains("even with --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(mode(&path), 0o444);
    // A writable file is replaced and keeps its mode.
    set_mode(&path, 0o640);
    pmo(&["new", "budget", "-o", s(&path), "--force"], 0);
    assert_ne!(std::fs::read(&path).unwrap(), before);
    assert_eq!(mode(&path), 0o640);
    assert_eq!(listing(dir.path()).len(), 1, "no temporary left");
}

#[test]
fn impossible_calendar_flags_are_refused() {
    let o = pmo(
        &[
            "validate",
            "samples/project.xlsx",
            "--fiscal-start-month",
            "13",
        ],
        2,
    );
    assert!(stderr(&o).contains("13"), "{}", stderr(&o));
    let o = pmo(&["reconcile", "samples/project.xlsx", "--as-of", "P13"], 2);
    assert!(
        stderr(&o).contains("--as-of: as-of 'P13' is neither"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_ledger_named_twice_is_read_once() {
    let once = json(&pmo(
        &[
            "reconcile",
            "samples/project.xlsx",
            "--ledger",
            "samples/ledger.xlsx",
            "--format",
            "json",
        ],
        0,
    ));
    let twice = json(&pmo(
        &[
            "reconcile",
            "samples/",
            "--ledger",
            "samples/ledger.xlsx",
            "--format",
            "json",
        ],
        0,
    ));
    assert_eq!(
        twice["tie_out"]["ledger_total"],
        once["tie_out"]["ledger_total"]
    );
    assert_eq!(
        twice["tie_out"]["exceptions"],
        once["tie_out"]["exceptions"]
    );
}
