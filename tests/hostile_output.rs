//! Cell text that would break an output: control characters in Word parts,
//! terminal escapes in text output, text longer than Excel allows, and
//! lists cut short without saying so.

mod common;
use calamine::{open_workbook_auto, Data, Reader};
use common::pmo;
use quick_xml::events::Event;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A soft line break pasted from Word, a stray SOH and a bare ESC.
const CONTROLS: &str = "\x0b\x01\x1b";
/// An OSC title change and a colour change.
const TITLE: &str = "\x1b]0;pwned\x07";
const RED: &str = "\x1b[31m";

/// XML 1.0 allows tab, line feed and carriage return and nothing else below
/// U+0020, and neither U+FFFE nor U+FFFF.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Parses one XML part to the end and checks every character of its text
/// and attributes (after unescaping, so `&#1;` counts too).
fn assert_valid_xml(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    if let Some(c) = text.chars().find(|c| !xml_char(*c)) {
        panic!("{name}: raw character {c:?} is not allowed in XML");
    }
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: does not parse: {e}"));
        let check = |s: &str| {
            if let Some(c) = s.chars().find(|c| !xml_char(*c)) {
                panic!("{name}: character {c:?} is not allowed in XML");
            }
        };
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{name}: bad attribute: {e}"));
                    check(
                        &a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap(),
                    );
                }
            }
            Event::Text(t) => check(t),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    check(&c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
}

/// Every XML part of a zip package (.docx, .xlsx), by name.
fn xml_parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml") {
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            out.push((name, data));
        }
    }
    out
}

fn part(path: &Path, name: &str) -> String {
    let (_, data) = xml_parts(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in {}", path.display()));
    String::from_utf8(data).unwrap()
}

/// A project workbook: information, a budget line and a risk, with the
/// given text in the project name, the line and risk descriptions and the
/// sheet names.
fn project(dir: &Path, name: &str, description: &str, sheet_suffix: &str) -> PathBuf {
    let path = dir.join("project.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb
        .add_worksheet()
        .set_name(format!("Project Info{sheet_suffix}"))
        .unwrap();
    for (r, (k, v)) in [
        ("Project Name", name),
        ("Project Manager", "Pat Lee"),
        ("Fiscal Year", "2025-26"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_row(r as u32, 0, [*k, *v]).unwrap();
    }
    let ws = wb
        .add_worksheet()
        .set_name(format!("Budget{sheet_suffix}"))
        .unwrap();
    ws.write_row(
        0,
        0,
        ["Line ID", "Description", "Plan Apr-25", "Actual Apr-25"],
    )
    .unwrap();
    ws.write_row(1, 0, ["L1", description]).unwrap();
    ws.write_number(1, 2, 1000.0).unwrap();
    ws.write_number(1, 3, 400.0).unwrap();
    let ws = wb
        .add_worksheet()
        .set_name(format!("Risks{sheet_suffix}"))
        .unwrap();
    ws.write_row(
        0,
        0,
        [
            "Risk ID",
            "Risk Description",
            "Likelihood",
            "Impact",
            "Rating",
            "Status",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["R-001", description, "5", "4", "Critical", "Open"])
        .unwrap();
    wb.save(&path).unwrap();
    path
}

#[test]
fn control_characters_leave_every_word_part_valid_and_a_soft_break_breaks_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("Licence{CONTROLS}Renewal");
    let description = format!("Vendor late{CONTROLS}second line");
    let book = project(dir.path(), &name, &description, "");
    for doc in ["status", "charter", "mb20"] {
        let out = dir.path().join(format!("{doc}.docx"));
        pmo(
            &[
                doc,
                book.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--generated",
                "2025-05-02",
            ],
            0,
        );
        for (part_name, bytes) in xml_parts(&out) {
            assert_valid_xml(&format!("{doc}: {part_name}"), &bytes);
        }
        // The soft line break is a line break; the other characters are gone.
        let body = part(&out, "word/document.xml");
        let title = body
            .split("</w:p>")
            .find(|p| p.contains("Licence"))
            .unwrap_or_else(|| panic!("{doc}: no title in {body}"));
        let (before, after) = title.split_once("Licence").unwrap();
        assert!(!before.contains("Renewal"));
        let br = after.find("<w:br ").expect("a line break after Licence");
        assert!(after[br..].contains(">Renewal"), "{doc}: {title}");
        let risk = body
            .split("</w:p>")
            .find(|p| p.contains("Vendor late"))
            .unwrap_or_else(|| panic!("{doc}: no risk description"));
        assert!(
            risk.contains("<w:br ") && risk.contains("second line"),
            "{doc}: {risk}"
        );
        // One-line places (header, properties) read the break as a space.
        let header = part(&out, "word/header1.xml");
        assert!(header.contains("Licence Renewal"), "{doc}: {header}");
        let core = part(&out, "docProps/core.xml");
        assert!(
            core.contains("<dc:title>Licence Renewal — "),
            "{doc}: {core}"
        );
    }
}

/// Every byte a terminal acts on: ESC, BEL, and the C1 controls' UTF-8.
fn assert_no_terminal_controls(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    assert!(
        !out.contains(&0x1b) && !out.contains(&0x07),
        "{what} echoes terminal controls:\n{text}"
    );
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{what} echoes a control character:\n{text}"
    );
}

#[test]
fn inspect_and_validate_show_terminal_escapes_instead_of_obeying_them() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = format!("{RED}red{TITLE}");
    // Excel forbids `[` and `]` in a sheet name, so the workbook's sheets
    // carry bare ESC and BEL; a CSV's sheet is named after its file, which
    // may hold anything.
    let book = project(dir.path(), &hostile, &hostile, "\x1b\x07");
    let csv = dir.path().join(format!("risks{TITLE}.csv"));
    std::fs::write(
        &csv,
        format!(
            "Risk ID,Risk Description,Likelihood,Impact,Status,Notes{RED}\n\
             R-{RED}1,{hostile},{TITLE}5,4,Open,{hostile}\n"
        ),
    )
    .unwrap();
    for file in [&book, &csv] {
        let f = file.to_str().unwrap();
        let inspect = pmo(&["inspect", f], 0).stdout;
        assert_no_terminal_controls("inspect", &inspect);
        let validate = pmo(&["validate", f, "--fail-on", "never"], 0).stdout;
        assert_no_terminal_controls("validate", &validate);
        let (inspect, validate) = (
            String::from_utf8(inspect).unwrap(),
            String::from_utf8(validate).unwrap(),
        );
        if file == &book {
            assert!(inspect.contains("sheet 'Budget\\x1B\\x07'"), "{inspect}");
        } else {
            for text in [&inspect, &validate] {
                assert!(text.contains("risks\\x1B]0;pwned\\x07"), "{text}");
            }
            assert!(validate.contains("[R-\\x1B[31m1]"), "{validate}");
        }
    }
}

#[test]
fn validate_caps_a_long_echoed_value_and_says_how_much_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(
        0,
        0,
        ["Risk ID", "Risk Description", "Likelihood", "Impact"],
    )
    .unwrap();
    let long = "x".repeat(5000);
    ws.write_row(1, 0, ["R-001", "d", &long, "4"]).unwrap();
    let path = dir.path().join("long.xlsx");
    wb.save(&path).unwrap();
    let out = pmo(
        &["validate", path.to_str().unwrap(), "--fail-on", "never"],
        0,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("xxxx"))
        .unwrap_or_else(|| panic!("the value is echoed: {text}"));
    assert!(line.chars().count() < 600, "{line}");
    assert!(line.contains("more characters)"), "{line}");
}

/// The text of one cell of an .xlsx, read back with calamine.
fn cell_text(path: &Path, sheet: &str, row: u32, col: u32) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{sheet} ({row}, {col}) holds {other:?}"),
    }
}

#[test]
fn control_characters_leave_the_reconciliation_workbook_valid() {
    // rust_xlsxwriter writes a cell's control characters as Excel's
    // `_xHHHH_` escapes; this holds it to that.
    let dir = tempfile::tempdir().unwrap();
    let book = project(
        dir.path(),
        &format!("Licence{CONTROLS}Renewal"),
        &format!("Vendor late{CONTROLS}{TITLE}"),
        "",
    );
    let out = dir.path().join("recon.xlsx");
    pmo(
        &[
            "reconcile",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    for (name, bytes) in xml_parts(&out) {
        assert_valid_xml(&name, &bytes);
    }
    assert_eq!(
        cell_text(&out, "By Line", 1, 1),
        format!("Vendor late{CONTROLS}{TITLE}")
    );
}

/// A budget exported as CSV (Excel cannot save a cell this long; a CSV
/// export or another tool can) named `name`, its one line described by
/// `description`.
fn budget_csv(dir: &Path, name: &str, description: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("Line ID,Description,Plan Apr-25,Actual Apr-25\nL1,{description},1000,400\n"),
    )
    .unwrap();
    path
}

#[test]
fn a_description_longer_than_excel_allows_is_cut_with_a_marker_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let long = "y".repeat(100_000);
    let book = budget_csv(dir.path(), "budget.csv", &long);
    let out = dir.path().join("recon.xlsx");
    let run = pmo(
        &[
            "reconcile",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("pmo: warning: 'By Line'!B2: the text"),
        "the user is told which cell was cut: {stderr}"
    );
    let text = cell_text(&out, "By Line", 1, 1);
    assert_eq!(text.chars().count(), 32_767);
    assert!(text.starts_with("yyyy"));
    assert!(
        text.ends_with("… [truncated: 67,265 characters]"),
        "{}",
        &text[text.len() - 60..]
    );

    // The library says which cell it cut, as data.
    let defs = pmo::definition::Definitions::built_in().unwrap();
    let ingested = pmo::ingest::ingest(&[book], &defs, &pmo::ingest::Options::default()).unwrap();
    let settings = pmo::reconcile::Settings {
        as_of: None,
        thresholds: pmo::reconcile::Thresholds::default(),
        calendar: pmo::model::FiscalCalendar::default(),
    };
    let r = pmo::reconcile::reconcile(&ingested.project, &settings)
        .unwrap()
        .expect("a budget to reconcile");
    let written = pmo::render::reconcile_xlsx::write(&r, Some("Long"), None).unwrap();
    assert_eq!(written.notes.len(), 1, "{:?}", written.notes);
    let note = written.notes[0].to_string();
    for part in ["'By Line'!B2", "line L1 at budget!A2", "100,000", "67,265"] {
        assert!(note.contains(part), "{part} in {note}");
    }
}

#[test]
fn the_annotated_copy_cuts_a_cell_longer_than_excel_allows_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let long = "z".repeat(100_000);
    // The sheet is named after the file: its control characters must not
    // reach the workbook's XML.
    let book = budget_csv(dir.path(), &format!("Budget{CONTROLS}.csv"), &long);
    let out = dir.path().join("annotated.xlsx");
    pmo(
        &[
            "validate",
            book.to_str().unwrap(),
            "--fail-on",
            "never",
            "--annotate",
            out.to_str().unwrap(),
        ],
        0,
    );
    for (name, bytes) in xml_parts(&out) {
        assert_valid_xml(&name, &bytes);
    }
    let text = cell_text(&out, "Budget", 1, 1);
    assert_eq!(text.chars().count(), 32_767);
    assert!(text.ends_with("… [truncated: 67,265 characters]"));

    let snap = pmo::ingest::snapshot::read(&book).unwrap();
    let written = pmo::render::annotate::write(&snap, &[], None).unwrap();
    let notes: Vec<String> = written.notes.iter().map(|n| n.to_string()).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("Budget!B2: the text from 'Budget\\x0B\\x01\\x1B'!B2 has 100,000"),
        "{notes:?}"
    );
}

#[test]
fn reconcile_text_says_when_it_cuts_a_line_name() {
    let dir = tempfile::tempdir().unwrap();
    let description = "Senior developers for the licensing portal rebuild, phase two";
    let book = project(dir.path(), "P", description, "");
    let out = pmo(&["reconcile", book.to_str().unwrap()], 0);
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("Senior developers"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!line.contains("phase two"), "{line}");
    assert!(line.contains("…"), "the cut shows: {line}");
}

#[test]
fn context_and_the_report_summary_escape_terminal_controls_from_names() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = format!("{RED}red{TITLE}\u{9b}31m");
    let book = project(dir.path(), &hostile, &hostile, "\x1b\x07");
    let f = book.to_str().unwrap();
    for format in ["text", "json"] {
        let out = pmo(&["context", f, "--format", format], 0).stdout;
        assert_no_terminal_controls("context", &out);
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{9b}'), "context echoes U+009B:\n{text}");
    }
    let out_dir = dir.path().join("out");
    let out = pmo(&["report", f, "-o", out_dir.to_str().unwrap()], 0).stdout;
    assert_no_terminal_controls("report", &out);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{9b}'), "{text}");
    assert!(
        text.lines().next().unwrap().contains("\\x1B[31mred"),
        "{text}"
    );
}

#[test]
fn a_project_name_too_long_for_the_page_header_is_cut_with_a_note_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Modernization & ".repeat(20);
    let book = project(dir.path(), &name, "Line", "");
    let out = dir.path().join("recon.xlsx");
    let o = pmo(
        &[
            "reconcile",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        0,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("Header string exceeds"), "{err}");
    assert_eq!(err.matches("page header").count(), 1, "{err}");
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<oddHeader>&amp;LModernization &amp;&amp;"),
        "{sheet}"
    );
}

/// Runs pmo expecting exit 2; returns stderr.
fn fails(args: &[&str]) -> String {
    String::from_utf8(pmo(args, 2).stderr).unwrap()
}

#[test]
fn errors_are_one_line_naming_the_file_with_echoed_text_capped() {
    let dir = tempfile::tempdir().unwrap();
    // A damaged .ods whose content is one long run of raw XML.
    let ods = dir.path().join("damaged.ods");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&ods).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("mimetype", opts).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    w.start_file("content.xml", opts).unwrap();
    let junk = "<table:table-cell office:value-type=\"string\"><text:p>x</text:p>".repeat(3000);
    w.write_all(format!("<office:document-content>{junk}</oops>").as_bytes())
        .unwrap();
    w.finish().unwrap();
    // A mapping file that is not TOML.
    let mapping = dir.path().join("bad-map.toml");
    std::fs::write(&mapping, "[sheet.Budget]\ncolumns = { id = \n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["inspect", ods.to_str().unwrap()], "damaged.ods"),
        (
            vec![
                "inspect",
                "samples/project.xlsx",
                "--mapping",
                mapping.to_str().unwrap(),
            ],
            "bad-map.toml",
        ),
        (
            vec!["reconcile", "samples/ledger.xlsx"],
            "samples/ledger.xlsx",
        ),
    ];
    let filled = dir.path().join("filled.docx");
    let fill = [
        "fill",
        "samples/templates/charter-ministry.docx",
        "samples/ledger.xlsx",
        "-o",
        filled.to_str().unwrap(),
    ];
    let cases = cases
        .into_iter()
        .chain([(fill.to_vec(), "charter-ministry.docx")]);
    for (args, file) in cases {
        let err = fails(&args);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(file), "{args:?} names {file}: {err}");
        assert!(err.len() < 1200, "{args:?}: {} bytes: {err}", err.len());
    }
}
