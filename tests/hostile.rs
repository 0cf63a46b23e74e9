//! Inputs that must not take pmo down: sheets whose cell references reach
//! past Excel's corners, zip bombs, shared strings repeated without end,
//! CSV lines of a million fields, workbooks listing a sheet thousands of
//! times and damaged .xls files. Each is made here, from a good workbook
//! written with rust_xlsxwriter (or a shipped fixture) with its parts
//! patched, and each must end in a one-line message naming the file, never
//! an abort.

mod common;
use common::{pmo, root};
use pmo::definition::Definitions;
use pmo::ingest::{ingest, Ingested, Options};
use pmo::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A small risk log every reader recognises.
fn risk_log() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risks").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Risk ID",
            "Description",
            "Likelihood",
            "Impact",
            "Owner",
            "Status",
        ],
    )
    .unwrap();
    for r in 1..=3u32 {
        ws.write_string(r, 0, format!("R-{r:03}")).unwrap();
        ws.write_string(r, 1, "Vendor delivers late").unwrap();
        ws.write_number(r, 2, 3.0).unwrap();
        ws.write_number(r, 3, 4.0).unwrap();
        ws.write_string(r, 4, "Ann Lee").unwrap();
        ws.write_string(r, 5, "Open").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The parts of a zip, in order.
fn parts(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    (0..zin.len())
        .map(|i| {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

/// Writes parts as a deflated zip.
fn write_zip(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in parts {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap();
}

/// The risk log with one part's text edited.
fn patched(dir: &Path, file: &str, part: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let mut ps = parts(&risk_log());
    let p = ps.iter_mut().find(|(n, _)| n == part).expect("part");
    p.1 = edit(std::str::from_utf8(&p.1).unwrap()).into_bytes();
    let path = dir.join(file);
    write_zip(&path, &ps);
    path
}

const SHEET: &str = "xl/worksheets/sheet1.xml";

/// Adds a cell holding a number at `reference`, after the last row.
fn with_cell(xml: &str, reference: &str) -> String {
    let row: String = reference.chars().filter(char::is_ascii_digit).collect();
    xml.replace(
        "</sheetData>",
        &format!(r#"<row r="{row}"><c r="{reference}"><v>7</v></c></row></sheetData>"#),
    )
}

fn read(path: &Path) -> Result<Ingested, Error> {
    ingest(
        &[path.to_path_buf()],
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
}

/// Runs `pmo inspect` expecting exit 2 and a one-line message holding
/// every needle; returns the message.
fn refused(path: &Path, needles: &[&str]) -> String {
    let out = pmo(&["inspect", path.to_str().unwrap()], 2);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("pmo: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.contains(path.to_str().unwrap()),
        "names the file: {err}"
    );
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in {err}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    err
}

#[test]
fn a_value_in_the_last_cell_of_the_sheet_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "corner.xlsx", SHEET, |x| {
        with_cell(x, "XFD1048576")
    });
    refused(&path, &["sheet 'Risks'", "XFD1048576", "delete"]);
}

#[test]
fn a_reference_past_excels_last_row_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "past_row.xlsx", SHEET, |x| {
        with_cell(x, "XFD1048577")
    });
    refused(&path, &["sheet 'Risks'", "XFD1048577", "beyond"]);
}

#[test]
fn a_reference_with_a_28_letter_column_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let col = "A".repeat(28);
    let path = patched(dir.path(), "long_col.xlsx", SHEET, |x| {
        with_cell(x, &format!("{col}5"))
    });
    refused(&path, &["sheet 'Risks'", &format!("{col}5"), "beyond"]);
}

#[test]
fn a_duplicate_reference_attribute_is_refused_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "dup_r.xlsx", SHEET, |x| {
        x.replace(
            "</sheetData>",
            r#"<row r="9"><c r="A9" r="XFD1048576"><v>7</v></c></row></sheetData>"#,
        )
    });
    refused(&path, &["sheet 'Risks'"]);
}

#[test]
fn a_far_cell_within_limits_is_refused_with_the_library_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "far.xlsx", SHEET, |x| with_cell(x, "ZZ900000"));
    match read(&path) {
        Err(Error::SheetTooLarge { sheet, cell, .. }) => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Risks", "ZZ900000"));
        }
        other => panic!("expected SheetTooLarge, got {:?}", other.err()),
    }
}

#[test]
fn a_row_only_dimension_reads_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    std::fs::write(&good, risk_log()).unwrap();
    let lo = patched(dir.path(), "libreoffice.xlsx", SHEET, |x| {
        let start = x.find("<dimension").unwrap();
        let end = start + x[start..].find("/>").unwrap() + 2;
        format!(r#"{}<dimension ref="1:39"/>{}"#, &x[..start], &x[end..])
    });
    let a = read(&good).unwrap();
    let b = read(&lo).expect("a row-only dimension reads");
    assert_eq!(a.project.risks.len(), 3);
    assert_eq!(a.project.risks, b.project.risks);
    assert_eq!(a.files[0].sheets, b.files[0].sheets);
}

#[test]
fn a_sheet_listed_a_thousand_times_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "dup_sheets.xlsx", "xl/workbook.xml", |x| {
        let start = x.find("<sheet ").unwrap();
        let end = start + x[start..].find("/>").unwrap() + 2;
        let entry = &x[start..end];
        format!("{}{}{}", &x[..start], entry.repeat(3_000), &x[end..])
    });
    let i = read(&path).expect("reads");
    assert_eq!(i.files[0].sheets.len(), 1);
    assert_eq!(i.project.risks.len(), 3);
}

#[test]
fn two_names_for_one_sheet_part_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "alias.xlsx", "xl/workbook.xml", |x| {
        let start = x.find("<sheet ").unwrap();
        let end = start + x[start..].find("/>").unwrap() + 2;
        let alias = x[start..end].replace(r#"name="Risks""#, r#"name="Risks again""#);
        format!("{}{alias}{}", &x[..end], &x[end..])
    });
    let i = read(&path).expect("reads");
    let names: Vec<&str> = i.files[0].sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Risks"]);
    assert_eq!(i.project.risks.len(), 3, "not counted twice");
}

#[test]
fn more_distinct_sheets_than_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many_sheets.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for k in 0..=pmo::ingest::limits::MAX_SHEETS {
        let ws = wb.add_worksheet().set_name(format!("S{k}")).unwrap();
        ws.write_string(0, 0, "x").unwrap();
    }
    wb.save(&path).unwrap();
    refused(&path, &["lists 1001 sheets", "the limit is 1000"]);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let pad = " ".repeat(80 * 1024 * 1024);
    let path = patched(dir.path(), "bomb.xlsx", SHEET, |x| {
        x.replace("<sheetData>", &format!("<sheetData>{pad}"))
    });
    refused(&path, &["xl/worksheets/sheet1.xml", "to 1"]);
}

#[test]
fn a_long_shared_string_used_over_and_over_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Notes").unwrap();
    // Excel's own cap is 32,767 characters a cell; the XML is patched.
    ws.write_string(0, 0, "x").unwrap();
    let mut ps = parts(&wb.save_to_buffer().unwrap());
    let long = "y".repeat(1024 * 1024);
    let rows: String = (0..600u32)
        .map(|r| {
            format!(
                r#"<row r="{}"><c r="A{}" t="s"><v>0</v></c></row>"#,
                r + 1,
                r + 1
            )
        })
        .collect();
    for (name, data) in ps.iter_mut() {
        let x = String::from_utf8(data.clone()).unwrap();
        if name == "xl/sharedStrings.xml" {
            *data = x
                .replace("<t>x</t>", &format!("<t>{long}</t>"))
                .into_bytes();
        } else if name == SHEET {
            let start = x.find("<sheetData>").unwrap() + "<sheetData>".len();
            let end = x.find("</sheetData>").unwrap();
            *data = format!("{}{rows}{}", &x[..start], &x[end..]).into_bytes();
        }
    }
    let path = dir.path().join("shared.xlsx");
    write_zip(&path, &ps);
    match read(&path) {
        Err(Error::SheetTextTooLarge { sheet, cell, .. }) => {
            assert_eq!(sheet, "Notes");
            assert_eq!(cell, "A257", "the cell that passes 256 MiB");
        }
        other => panic!("expected SheetTextTooLarge, got {:?}", other.err()),
    }
}

/// The shipped .xls with some bytes changed, written to `dir`.
fn damaged_xls(dir: &Path, file: &str, edit: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(root().join("tests/fixtures/budget_text_money.xls")).unwrap();
    edit(&mut bytes);
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Where a BIFF record of a type and length starts.
fn record(bytes: &[u8], typ: u16, len: u16) -> usize {
    let head = [typ.to_le_bytes(), len.to_le_bytes()].concat();
    bytes.windows(4).position(|w| w == head).expect("record")
}

#[test]
fn a_truncated_xls_is_reported_not_a_reader_panic() {
    let dir = tempfile::tempdir().unwrap();
    // Cut inside the workbook stream: calamine slices past its buffer here.
    let path = damaged_xls(dir.path(), "cut.xls", |b| b.truncate(5159));
    refused(
        &path,
        &["damaged or incomplete", "cut short", "save a new copy"],
    );
}

#[test]
fn an_xls_cell_placed_at_column_65535_is_refused_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    // The first Number record's row and column (u16 each) become 65535.
    let path = damaged_xls(dir.path(), "far_cell.xls", |b| {
        let at = record(b, 0x0203, 14) + 4;
        b[at..at + 4].copy_from_slice(&[0xFF; 4]);
    });
    match read(&path) {
        Err(Error::SheetTooLarge { sheet, cell, .. }) => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Budget", "CRXP65536"));
        }
        other => panic!("expected SheetTooLarge, got {:?}", other.err()),
    }
    refused(&path, &["sheet 'Budget'", "CRXP65536"]);
}

#[test]
fn an_xls_declaring_billions_of_cells_is_refused_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    // The Dimensions record's last row (u32) and last column (u16).
    let path = damaged_xls(dir.path(), "dims.xls", |b| {
        let at = record(b, 0x0200, 14) + 4;
        b[at + 4..at + 8].copy_from_slice(&0x0FFF_FFFFu32.to_le_bytes());
        b[at + 10..at + 12].copy_from_slice(&[0xFF; 2]);
    });
    refused(
        &path,
        &["damaged or incomplete", "sheet 'Budget' says it spans"],
    );
}

#[test]
fn a_csv_line_of_a_million_fields_is_refused_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let mut text = String::from("Risk ID,Description,Status\n");
    for r in 1..=1_000 {
        text.push_str(&format!("R-{r},Vendor late,Open\n"));
    }
    text.push_str(&"1,".repeat(1_000_000));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    match read(&path) {
        Err(Error::CsvTooWide { line, fields, .. }) => {
            assert_eq!((line, fields), (1_002, 1_000_001));
        }
        other => panic!("expected CsvTooWide, got {:?}", other.err()),
    }
    refused(&path, &["line 1002", "1000001 fields", "separator"]);
}

#[test]
fn shared_strings_claiming_billions_of_entries_read_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    std::fs::write(&good, risk_log()).unwrap();
    let path = patched(dir.path(), "sst_count.xlsx", "xl/sharedStrings.xml", |x| {
        let at = x.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + x[at..].find('"').unwrap();
        format!("{}4000000000{}", &x[..at], &x[end..])
    });
    let a = read(&good).unwrap();
    let b = read(&path).expect("an absurd string count is mended, not believed");
    assert_eq!(a.project.risks, b.project.risks);
}

#[test]
fn a_merged_region_past_excels_last_cell_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "merge.xlsx", SHEET, |x| {
        x.replace(
            "</sheetData>",
            r#"</sheetData><mergeCells count="2"><mergeCell ref="A10:B11"/><mergeCell ref="A20:XFE1048577"/></mergeCells>"#,
        )
    });
    let mut wb = pmo::ingest::workbook::Workbook::open(&path).unwrap();
    let sheet = wb.read_sheet("Risks").unwrap();
    let m = &sheet.merges;
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        (m[0].top, m[0].left, m[0].bottom, m[0].right),
        (9, 0, 10, 1)
    );
}

/// Adds a cell's XML at the end of a row.
fn append_to_row(xml: &str, row: u32, cell: &str) -> String {
    let at = xml.find(&format!(r#"<row r="{row}""#)).unwrap();
    let end = at + xml[at..].find("</row>").unwrap();
    format!("{}{cell}{}", &xml[..end], &xml[end..])
}

#[test]
fn a_shared_formula_index_of_billions_is_not_an_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let path = patched(dir.path(), "shared_formula.xlsx", SHEET, |x| {
        let anchor =
            r#"<c r="G2"><f t="shared" ref="G2:G4" si="4000000000">C2*D2</f><v>12</v></c>"#;
        let derived = r#"<c r="G3"><f t="shared" si="4000000000"/><v>12</v></c>"#;
        append_to_row(&append_to_row(x, 2, anchor), 3, derived)
    });
    let mut wb = pmo::ingest::workbook::Workbook::open(&path).unwrap();
    let mut sheet = wb.read_sheet("Risks").unwrap();
    wb.load_formulas(&mut sheet);
    assert_eq!(sheet.formula(1, 6), Some("C2*D2"));
    assert_eq!(
        sheet.formula(2, 6),
        Some("C3*D3"),
        "expanded from its anchor"
    );
    let i = read(&path).expect("reads");
    assert_eq!(i.project.risks.len(), 3);
}
