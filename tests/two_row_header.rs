//! A budget tracker whose header takes two rows: a heading row ("Line ID |
//! Description | … | Planned | Actual", the block words merged or not over
//! the months) above its month row. Read apart, the heading row took the
//! first month's column as the whole plan, and the month row lost the field
//! names; read as one header, every month and every field is read.

use pmo::definition::Definitions;
use pmo::ingest::{ingest, Ingested, Options, SheetReport};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// How the month row names its months.
#[derive(Clone, Copy)]
enum Label {
    /// `Apr-25` typed as text.
    Text,
    /// A date cell shown as `mmm-yy`.
    Date,
    /// `P01` … `P12`.
    Period,
}

/// Where the field names stand.
#[derive(Clone, Copy)]
enum Names {
    /// In the heading row, the month row blank under them.
    Upper,
    /// Each merged down over both rows.
    MergedDown,
    /// Under a group heading ("Line items" merged across them), the first
    /// three in the month row, Vendor and GL Account in the heading row.
    Split,
}

/// Calendar month and year of fiscal month `i` (0 = April 2025).
fn month_of(i: usize) -> (u16, u8) {
    let m = (3 + i) % 12 + 1;
    let y = if m >= 4 { 2025 } else { 2026 };
    (y, m as u8)
}

fn write_month(ws: &mut Worksheet, row: u32, col: u16, i: usize, label: Label) {
    let (y, m) = month_of(i);
    match label {
        Label::Text => {
            let names = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let text = format!("{}-{}", names[m as usize - 1], y % 100);
            ws.write_string(row, col, text).unwrap();
        }
        Label::Date => {
            let d = ExcelDateTime::from_ymd(y, m, 1).unwrap();
            let fmt = Format::new().set_num_format("mmm-yy");
            ws.write_datetime_with_format(row, col, &d, &fmt).unwrap();
        }
        Label::Period => {
            ws.write_string(row, col, format!("P{:02}", i + 1)).unwrap();
        }
    }
}

/// Writes the tracker: title, blank row, heading row 3, month row 4, two
/// budget lines. Line 1 plans 10,000 a month and spent 9,000 and 11,000;
/// line 2 plans 5,000 in April, then 0, and spent 5,000.
fn tracker(path: &Path, months: usize, label: Label, merged: bool, names: Names) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_string(0, 0, "Budget Tracker FY 2025-26").unwrap();
    let fields = ["Line ID", "Description", "Category", "GL Account", "Vendor"];
    for (c, f) in fields.iter().enumerate() {
        let c = c as u16;
        match names {
            Names::Upper => ws.write_string(2, c, *f).map(|_| ()),
            Names::MergedDown => ws.merge_range(2, c, 3, c, f, &Format::new()).map(|_| ()),
            Names::Split if c < 3 => ws.write_string(3, c, *f).map(|_| ()),
            Names::Split => ws.write_string(2, c, *f).map(|_| ()),
        }
        .unwrap();
    }
    if let Names::Split = names {
        ws.merge_range(2, 0, 2, 2, "Line items", &Format::new())
            .unwrap();
    }
    let first = fields.len() as u16;
    for (b, block) in ["Planned", "Actual"].iter().enumerate() {
        let left = first + (b * months) as u16;
        if merged {
            let right = left + months as u16 - 1;
            ws.merge_range(2, left, 2, right, block, &Format::new())
                .unwrap();
        } else {
            ws.write_string(2, left, *block).unwrap();
        }
        for i in 0..months {
            write_month(ws, 3, left + i as u16, i, label);
        }
    }
    let lines = [
        ("BL-1", "Contractors", "Services", "512345", "Acme"),
        (
            "BL-2",
            "Laptops",
            "Supplies and equipment",
            "512346",
            "Dell",
        ),
    ];
    for (r, line) in lines.iter().enumerate() {
        let row = 4 + r as u32;
        for (c, v) in [line.0, line.1, line.2, line.3, line.4].iter().enumerate() {
            ws.write_string(row, c as u16, *v).unwrap();
        }
        for i in 0..months {
            let planned = match (r, i) {
                (0, _) => 10_000.0,
                (_, 0) => 5_000.0,
                _ => 0.0,
            };
            ws.write_number(row, first + i as u16, planned).unwrap();
        }
        let actual: &[f64] = if r == 0 {
            &[9_000.0, 11_000.0]
        } else {
            &[5_000.0]
        };
        for (i, a) in actual.iter().enumerate() {
            ws.write_number(row, first + (months + i) as u16, *a)
                .unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn read(path: &Path) -> Ingested {
    let paths: Vec<PathBuf> = vec![path.to_path_buf()];
    ingest(
        &paths,
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
    .unwrap()
}

fn only_sheet(i: &Ingested) -> &SheetReport {
    assert_eq!(i.files.len(), 1);
    assert_eq!(i.files[0].sheets.len(), 1);
    &i.files[0].sheets[0]
}

fn letter(col: usize) -> String {
    pmo::model::column_letters(col as u32)
}

/// Reads one tracker and checks the header, every mapped key, the lines'
/// accounts and the totals to the cent.
fn check(months: usize, label: Label, merged: bool) {
    check_names(months, label, merged, Names::Upper);
}

fn check_names(months: usize, label: Label, merged: bool, names: Names) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracker.xlsx");
    tracker(&path, months, label, merged, names);
    let i = read(&path);
    let s = only_sheet(&i);
    assert_eq!(s.kind.as_deref(), Some("budget"), "{}", s.reason);
    assert_eq!(s.layout.as_deref(), Some("wide"), "{}", s.reason);
    assert_eq!(s.header_row, Some(4), "{}", s.reason);
    let got: Vec<(String, String)> = s
        .columns
        .iter()
        .map(|c| (c.column.clone(), c.key.clone()))
        .collect();
    let mut want: Vec<(String, String)> = ["id", "description", "category", "account", "vendor"]
        .iter()
        .enumerate()
        .map(|(c, k)| (letter(c), k.to_string()))
        .collect();
    for (b, block) in ["planned", "actual"].iter().enumerate() {
        for m in 0..months {
            want.push((
                letter(5 + b * months + m),
                format!("{block}.2025-26:P{:02}", m + 1),
            ));
        }
    }
    assert_eq!(got, want);
    assert_eq!(s.rows, 2);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let planned = format!("{}.00", 10_000 * months + 5_000);
    assert_eq!(s.totals["planned"], planned);
    assert_eq!(s.totals["actual"], "25000.00");
    let accounts: Vec<Option<&str>> = i.project.budget.iter().map(|l| l.account()).collect();
    assert_eq!(accounts, vec![Some("512345"), Some("512346")]);
    let ids: Vec<Option<&str>> = i.project.budget.iter().map(|l| l.id()).collect();
    assert_eq!(ids, vec![Some("BL-1"), Some("BL-2")]);
}

#[test]
fn three_months_text_merged() {
    check(3, Label::Text, true);
}

#[test]
fn three_months_text_unmerged() {
    check(3, Label::Text, false);
}

#[test]
fn three_months_dates_merged() {
    check(3, Label::Date, true);
}

#[test]
fn three_months_periods_unmerged() {
    check(3, Label::Period, false);
}

#[test]
fn six_months_text_merged() {
    check(6, Label::Text, true);
}

#[test]
fn six_months_dates_unmerged() {
    check(6, Label::Date, false);
}

#[test]
fn six_months_periods_merged() {
    check(6, Label::Period, true);
}

#[test]
fn twelve_months_text_merged() {
    check(12, Label::Text, true);
}

#[test]
fn twelve_months_text_unmerged() {
    check(12, Label::Text, false);
}

#[test]
fn twelve_months_dates_merged() {
    check(12, Label::Date, true);
}

#[test]
fn twelve_months_periods_merged() {
    check(12, Label::Period, true);
}

#[test]
fn field_names_merged_down_over_both_rows() {
    check_names(12, Label::Text, true, Names::MergedDown);
}

#[test]
fn field_names_in_month_row_under_a_group_heading() {
    check_names(6, Label::Date, true, Names::Split);
}

/// A heading row whose "Planned" and "Actual" stand over a month row of
/// only two months: too few to read the month row as the header, and the
/// heading row would read April as the whole plan. The sheet is declined
/// with the cell that shows why, never read as a one-month budget.
#[test]
fn month_label_under_money_column_declines() {
    declines_two_months(Label::Text);
}

#[test]
fn month_date_under_money_column_declines() {
    declines_two_months(Label::Date);
}

fn declines_two_months(label: Label) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    for (c, h) in ["Line ID", "Description", "GL Account", "Planned", "Actual"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    write_month(ws, 1, 3, 0, label);
    write_month(ws, 1, 4, 0, label);
    for (c, v) in ["BL-1", "Contractors", "512345"].iter().enumerate() {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    ws.write_number(2, 3, 10_000.0).unwrap();
    ws.write_number(2, 4, 9_000.0).unwrap();
    wb.save(&path).unwrap();
    let paths = vec![path.clone()];
    let err = ingest(
        &paths,
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
    .expect_err("no sheet is read from a one-month misreading")
    .to_string();
    assert!(err.contains("sheet 'Budget': declined"), "{err}");
    assert!(err.contains("header row 1"), "{err}");
    assert!(err.contains("D2 'Apr-25'"), "{err}");
}

/// A one-row header with months (the samples' layout) reads as before:
/// no heading row above it, so nothing is merged.
#[test]
fn single_row_header_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    let heads = [
        "Line ID",
        "Description",
        "GL Account",
        "Apr-25",
        "May-25",
        "Jun-25",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["BL-1", "Contractors", "512345"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    for m in 0..3u16 {
        ws.write_number(1, 3 + m, 1_000.5).unwrap();
    }
    wb.save(&path).unwrap();
    let i = read(&path);
    let s = only_sheet(&i);
    assert_eq!(s.kind.as_deref(), Some("budget"), "{}", s.reason);
    assert_eq!(s.header_row, Some(1));
    let keys: Vec<&str> = s.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "id",
            "description",
            "account",
            "planned.2025-26:P01",
            "planned.2025-26:P02",
            "planned.2025-26:P03"
        ]
    );
    assert_eq!(s.totals["planned"], "3001.50");
}

/// A mapping saved from a two-row header reads back the same: the field
/// names it records stand in the heading row, above the month row that is
/// the header row it pins.
#[test]
fn saved_mapping_of_a_two_row_header_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracker.xlsx");
    tracker(&path, 12, Label::Text, true, Names::Upper);
    let before = read(&path);
    let saved = pmo::ingest::mapping::Mapping::from_reports(&before.files);
    let paths = vec![path.clone()];
    let defs = Definitions::built_in().unwrap();
    let after =
        pmo::ingest::ingest_mapped(&paths, &defs, &Options::default(), Some(&saved)).unwrap();
    let (b, a) = (only_sheet(&before), only_sheet(&after));
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    assert_eq!(a.columns, b.columns);
    assert_eq!(a.totals, b.totals);
    let accounts: Vec<Option<&str>> = after.project.budget.iter().map(|l| l.account()).collect();
    assert_eq!(accounts, vec![Some("512345"), Some("512346")]);
}
