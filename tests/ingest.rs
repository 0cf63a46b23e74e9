//! Ingest on the messy fixtures in `tests/fixtures/` (made by
//! `examples/make_fixtures.rs`): each test asserts the exact header row,
//! mapping, coerced values and skipped rows of one quirk.

use chrono::NaiveDate;
use pmo::definition::Definitions;
use pmo::ingest::{ingest, Ingested, Options, SheetReport};
use pmo::model::{FiscalPeriod, FiscalYear, ProblemKind, Value};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

fn read(files: &[&str]) -> Ingested {
    read_with(files, Options::default())
}

fn read_with(files: &[&str], opts: Options) -> Ingested {
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(f)
        })
        .collect();
    ingest(&paths, &Definitions::built_in().unwrap(), &opts).unwrap()
}

/// Ingests workbooks outside the fixtures folder with the built-ins.
fn read_paths(paths: &[PathBuf]) -> Ingested {
    ingest(
        paths,
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
    .unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn p(year: i32, period: u8) -> FiscalPeriod {
    FiscalPeriod::new(FiscalYear::new(year).unwrap(), period).unwrap()
}

fn only_sheet(i: &Ingested) -> &SheetReport {
    assert_eq!(i.files.len(), 1);
    assert_eq!(i.files[0].sheets.len(), 1);
    &i.files[0].sheets[0]
}

fn mapping(s: &SheetReport) -> Vec<(String, String, String)> {
    s.columns
        .iter()
        .map(|c| (c.column.clone(), c.header.clone(), c.key.clone()))
        .collect()
}

fn m(col: &str, header: &str, key: &str) -> (String, String, String) {
    (col.into(), header.into(), key.into())
}

fn check_risks_title_rows(i: &Ingested) {
    let s = only_sheet(i);
    assert_eq!(s.kind.as_deref(), Some("risks"));
    assert_eq!(
        s.header_row,
        Some(4),
        "under a merged banner and a 'Prepared by' row"
    );
    assert_eq!(
        mapping(s),
        vec![
            m("A", "Risk No.", "id"),
            m("B", "Risk Statement", "description"),
            m("C", "Probability", "likelihood"),
            m("D", "Consequence", "impact"),
            m("E", "Exposure", "score"),
            m("F", "Risk Level", "rating"),
            m("G", "Risk Owner", "owner"),
            m("H", "Status", "status"),
            m("I", "Date Identified", "raised"),
        ]
    );
    assert_eq!(s.rows, 4);
    assert_eq!(s.skipped.blank, vec![7, 10]);
    assert_eq!(s.skipped.note, vec![11]);
    assert!(s.skipped.subtotal.is_empty());

    let r = &i.project.risks;
    assert_eq!(r.len(), 4);
    // Words on the scale table and "3 - Possible" become numbers.
    assert_eq!(
        r.iter().map(|r| r.likelihood()).collect::<Vec<_>>(),
        [Some(5), Some(2), Some(3), Some(2)]
    );
    // Impact typed as text "4" is read, and flagged as a number stored as text.
    assert_eq!(r[0].impact(), Some(4));
    assert!(r[0].0.get("impact").unwrap().from_text);
    assert_eq!(r[1].impact(), Some(3));
    assert!(!r[1].0.get("impact").unwrap().from_text);
    // Enum aliases: "WIP" → In Progress, "Med" → Medium, "monitor" → Monitoring.
    assert_eq!(r[0].status(), Some("In Progress"));
    assert_eq!(r[1].rating(), Some("Medium"));
    assert_eq!(r[2].status(), Some("Monitoring"));
    // Dates: a date cell, ISO text, "July 3, 2025"; "04/05/2025" is ambiguous.
    assert_eq!(r[0].raised(), Some(date(2025, 5, 6)));
    assert_eq!(r[1].raised(), Some(date(2025, 6, 12)));
    assert_eq!(r[2].raised(), Some(date(2025, 7, 3)));
    assert_eq!(r[3].raised(), None);
    assert_eq!(s.problems.len(), 1);
    assert_eq!(s.problems[0].cell, "I9");
    let prob = &i.project.problems[0];
    assert_eq!(prob.kind, ProblemKind::AmbiguousDate);
    assert_eq!(i.project.place(prob.at).1, "'Risk Register FY25'!I9");
}

#[test]
fn title_rows_merged_banner_renamed_headers_xlsx() {
    check_risks_title_rows(&read(&["risks_title_rows.xlsx"]));
}

#[test]
fn title_rows_merged_banner_renamed_headers_xlsm() {
    check_risks_title_rows(&read(&["risks_title_rows.xlsm"]));
}

#[test]
fn title_rows_merged_banner_renamed_headers_ods() {
    check_risks_title_rows(&read(&["risks_title_rows.ods"]));
}

fn check_budget_text_money(i: &Ingested) {
    let s = only_sheet(i);
    assert_eq!(s.kind.as_deref(), Some("budget"));
    assert_eq!(s.layout.as_deref(), Some("wide"));
    assert_eq!(s.header_row, Some(3));
    let keys: Vec<String> = s.columns.iter().map(|c| c.key.clone()).collect();
    assert_eq!(
        keys,
        [
            "id",
            "description",
            "category",
            "account",
            "planned.2025-26:P01",
            "planned.2025-26:P02",
            "planned.2025-26:P03",
            "actual.2025-26:P01",
            "actual.2025-26:P02",
            "actual.2025-26:P03"
        ]
    );
    assert_eq!(s.rows, 3);
    assert_eq!(
        s.skipped.subtotal,
        vec![6, 8],
        "a labelled subtotal and a TOTAL row of SUMs"
    );
    assert!(s.skipped.blank.is_empty() && s.skipped.note.is_empty());
    assert_eq!(s.totals["planned"], "9303.80");
    assert_eq!(s.totals["actual"], "2784.44");

    let b = &i.project.budget;
    assert_eq!(b.len(), 3);
    let amt = |line: usize, per: u8, block: &str| {
        b[line]
            .periods
            .get(&p(2025, per))
            .and_then(|a| a.block(block))
            .map(|t| t.value)
    };
    assert_eq!(amt(0, 1, "planned"), Some(d("1234.50")), "$1,234.50");
    assert_eq!(amt(0, 2, "planned"), Some(d("1234.50")), "1,234.50 $");
    assert_eq!(amt(0, 3, "planned"), Some(d("3100.00")), "' 3,100 '");
    assert_eq!(
        amt(0, 1, "actual"),
        Some(d("1234.50")),
        "float noise rounded to cents"
    );
    assert_eq!(amt(0, 2, "actual"), Some(d("-1200.00")), "(1,200.00)");
    assert_eq!(amt(0, 3, "actual"), None, "'-' is no amount");
    assert_eq!(amt(1, 2, "planned"), Some(d("1234.50")), "fr-CA 1 234,50 $");
    assert_eq!(amt(1, 3, "planned"), Some(d("0.30")), "0.1 + 0.2");
    assert_eq!(amt(1, 2, "actual"), None, "TBD is a problem, not a zero");
    // Category alias and account read from a numeric-looking text cell.
    assert_eq!(b[2].category(), Some("Supplies and equipment"));
    assert_eq!(b[0].account(), Some("530200"));
    // The subtotal rows are remembered with their figures and formulas.
    let subs = &i.project.subtotals;
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].label.as_deref(), Some("Subtotal – Services"));
    assert_eq!(subs[1].cells[0].1.value, d("5469.00"));
    assert!(i
        .project
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::BadMoney && p.at.a1() == "I5"));
}

#[test]
fn money_as_text_float_noise_and_subtotals_xlsx() {
    let i = read(&["budget_text_money.xlsx"]);
    check_budget_text_money(&i);
    assert_eq!(
        i.project.subtotals[1].cells[0].2.as_deref(),
        Some("SUM(E4:E7)")
    );
}

#[test]
fn money_as_text_float_noise_and_subtotals_xls() {
    check_budget_text_money(&read(&["budget_text_money.xls"]));
}

#[test]
fn bare_months_take_the_fiscal_year_above_the_header_and_blocks_from_group_headings() {
    let i = read(&["budget_bare_months.xlsx"]);
    let s = only_sheet(&i);
    assert_eq!(s.header_row, Some(5));
    assert_eq!(s.parameters["fiscal year"], "2025-26");
    assert_eq!(s.columns[3].key, "actual.2025-26:P01");
    assert_eq!(s.columns[3].header, "actual Apr");
    assert_eq!(s.columns[8].key, "actual.2025-26:P06");
    assert_eq!(s.columns[9].key, "forecast.2025-26:P07");
    assert_eq!(
        s.columns[14].key, "forecast.2025-26:P12",
        "Mar is P12 of the same fiscal year"
    );
    assert_eq!(s.columns[15].key, "budget");
    assert_eq!(s.columns[16].key, "notes");
    assert!(s.unmapped.is_empty());
    let b = &i.project.budget;
    assert_eq!(b.len(), 2);
    // The category merged down over both lines applies to each.
    assert_eq!(b[0].category(), Some("Services"));
    assert_eq!(b[1].category(), Some("Services"));
    assert_eq!(b[0].total("actual"), d("6015.00"));
    assert_eq!(b[0].total("forecast"), d("6051.00"));
    assert_eq!(b[1].record.decimal("budget"), Some(d("4900.00")));
    assert_eq!(s.totals["actual"], "8430.00");
    assert_eq!(s.totals["forecast"], "8502.00");
}

#[test]
fn the_sheets_own_fiscal_year_wins_over_the_default() {
    let opts = Options {
        fiscal_year: Some(FiscalYear::new(2030).unwrap()),
        ..Options::default()
    };
    let i = read_with(&["budget_bare_months.xlsx"], opts);
    assert_eq!(only_sheet(&i).columns[3].key, "actual.2025-26:P01");
}

#[test]
fn bare_months_without_a_year_are_reported_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_year.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Line ID",
            "Description",
            "Actual Apr",
            "Actual May",
            "Actual Jun",
        ],
    )
    .unwrap();
    ws.write_row(1, 0, ["L1", "Developers"]).unwrap();
    ws.write_number(1, 2, 100.0).unwrap();
    wb.save(&path).unwrap();
    let i = read_paths(std::slice::from_ref(&path));
    let s = only_sheet(&i);
    assert_eq!(s.unmapped, ["Actual Apr", "Actual May", "Actual Jun"]);
    assert_eq!(s.notes.len(), 3);
    assert!(
        s.notes[0].contains("'Actual Apr' names no fiscal year"),
        "{:?}",
        s.notes
    );
    assert!(i.project.budget[0].periods.is_empty());
    // Given the year, the same file reads.
    let opts = Options {
        fiscal_year: Some(FiscalYear::new(2025).unwrap()),
        ..Options::default()
    };
    let i = ingest(&[path], &Definitions::built_in().unwrap(), &opts).unwrap();
    assert_eq!(i.project.budget[0].total("actual"), d("100.00"));
    assert_eq!(only_sheet(&i).columns[2].key, "actual.2025-26:P01");
}

#[test]
fn long_layout_merges_rows_by_line_and_reads_every_period_form() {
    let i = read(&["budget_long.xlsx"]);
    let s = only_sheet(&i);
    assert_eq!(s.layout.as_deref(), Some("long"));
    assert_eq!(s.header_row, Some(1));
    assert_eq!(s.rows, 5);
    let b = &i.project.budget;
    assert_eq!(b.len(), 2, "rows merge into lines by Line ID");
    let l1 = &b[0];
    assert_eq!(l1.id(), Some("L1"));
    let periods: Vec<FiscalPeriod> = l1.periods.keys().copied().collect();
    assert_eq!(
        periods,
        [p(2025, 1), p(2025, 2), p(2026, 1)],
        "P01 + FY column, 2025-05, P01 of 2026-27"
    );
    assert_eq!(
        l1.periods[&p(2025, 2)].actual.as_ref().unwrap().value,
        d("1010.00")
    );
    let l2 = &b[1];
    let periods: Vec<FiscalPeriod> = l2.periods.keys().copied().collect();
    assert_eq!(
        periods,
        [p(2025, 1), p(2025, 12)],
        "a date cell and 'Mar-26'"
    );
    assert_eq!(
        l2.periods[&p(2025, 12)].forecast.as_ref().unwrap().value,
        d("300.00")
    );
    assert_eq!(s.totals["planned"], "8350.00");
    // Period columns stay out of the line's own fields.
    assert!(l1.record.get("period").is_none());
}

#[test]
fn dates_in_the_1904_system() {
    let i = read(&["milestones_1904.xlsx"]);
    let ms = &i.project.milestones;
    assert_eq!(ms.len(), 2);
    assert_eq!(ms[0].baseline(), Some(date(2025, 4, 1)));
    assert_eq!(ms[0].forecast(), Some(date(2025, 4, 1)));
    assert_eq!(ms[1].baseline(), Some(date(2026, 1, 15)));
    assert_eq!(
        ms[1].forecast(),
        Some(date(2026, 2, 9)),
        "a bare serial follows the workbook's epoch"
    );
    assert_eq!(ms[1].status(), Some("In Progress"));
}

#[test]
fn french_excel_csv_in_windows_1252() {
    let i = read(&["ledger_fr.csv"]);
    let s = only_sheet(&i);
    assert_eq!(s.kind.as_deref(), Some("ledger"));
    assert_eq!(
        s.header_row,
        Some(4),
        "blank lines count, as in a spreadsheet"
    );
    assert_eq!(s.skipped.subtotal, vec![8]);
    let l = &i.project.ledger;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].amount, d("1234.50"));
    assert_eq!(l[1].amount, d("-200.00"));
    assert_eq!(l[2].amount, d("2000.00"));
    assert_eq!(
        l[0].description.as_deref(),
        Some("Services professionnels - ministère")
    );
    assert_eq!(l[0].period, Some(p(2025, 1)), "period from the GL date");
    assert_eq!(l[1].period, Some(p(2025, 2)));
    assert_eq!(l[0].cost_centre.as_deref(), Some("10482"));
    assert_eq!(i.project.place(l[0].at).1, "ledger_fr!A5");
    // Amounts typed as text in a CSV are not "numbers stored as text".
    assert!(s.totals["amount"] == "3034.50");
}

#[test]
fn samples_merge_into_one_project() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let i = read_paths(&[
        root.join("samples/project.xlsx"),
        root.join("samples/ledger.xlsx"),
    ]);
    let p = &i.project;
    assert_eq!(p.info.text("name"), Some("Licence Renewal Modernization"));
    assert_eq!(p.info.fiscal_year(), Some(FiscalYear::new(2026).unwrap()));
    assert_eq!(p.info.date("start"), Some(date(2025, 4, 1)));
    assert_eq!(p.budget.len(), 10);
    assert_eq!(
        p.budget[0].account(),
        Some("510100"),
        "a GL account typed as a number reads as text"
    );
    assert_eq!(p.budget[0].expense_type(), Some("Operating"));
    let bl05 = p.budget.iter().find(|b| b.id() == Some("BL-05")).unwrap();
    assert_eq!(bl05.expense_type(), Some("Capital"));
    assert_eq!(bl05.category(), Some("Services"));
    // Ledger postings carry fiscal periods from "OCT-25"-style period names.
    assert!(p
        .ledger
        .iter()
        .all(|e| e.period.is_some() && e.account.is_some()));
    let first = &p.ledger[0];
    assert_eq!(
        first.period,
        Some(FiscalPeriod::new(FiscalYear::new(2025).unwrap(), 1).unwrap())
    );
    assert_eq!(
        first.cost_centre.as_deref(),
        Some("10482"),
        "cost centre from the parameter block"
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    // Risk score formulas are read from their cached values.
    assert_eq!(p.risks[2].score(), Some(16));
    assert!(matches!(
        p.risks[0].0.get("raised").unwrap().value,
        Value::Date(_)
    ));
}

#[test]
fn dated_rows_place_amounts_in_the_dates_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invoices.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Spend log").unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_row(0, 0, ["Line ID", "Description", "Invoice Date", "Actual"])
        .unwrap();
    for (r, (day, amt)) in [
        ((2025, 4, 30), 100.0),
        ((2025, 5, 2), 50.0),
        ((2025, 5, 20), 25.5),
    ]
    .iter()
    .enumerate()
    {
        let row = r as u32 + 1;
        ws.write_row(row, 0, ["L1", "Developers"]).unwrap();
        ws.write_datetime_with_format(row, 2, date(day.0, day.1, day.2), &fmt)
            .unwrap();
        ws.write_number(row, 3, *amt).unwrap();
    }
    wb.save(&path).unwrap();
    let i = read_paths(&[path]);
    assert_eq!(only_sheet(&i).layout.as_deref(), Some("long"));
    let b = &i.project.budget;
    assert_eq!(b.len(), 1);
    assert_eq!(
        b[0].periods[&p(2025, 1)].actual.as_ref().unwrap().value,
        d("100.00")
    );
    assert_eq!(
        b[0].periods[&p(2025, 2)].actual.as_ref().unwrap().value,
        d("75.50"),
        "two invoices in May add up"
    );
}

#[test]
fn a_repeated_header_row_is_not_data_and_hml_ratings_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two_tables.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("RAID").unwrap();
    let head = ["Risk ID", "Description", "Probability", "Impact", "Status"];
    ws.write_row(0, 0, head).unwrap();
    ws.write_row(1, 0, ["R-1", "first", "H", "M", "Open"])
        .unwrap();
    // A second block under the same header, as printed reports repeat it.
    ws.write_row(3, 0, head).unwrap();
    ws.write_row(4, 0, ["R-2", "second", "L", "VH", "Closed"])
        .unwrap();
    wb.save(&path).unwrap();
    let i = read_paths(&[path]);
    let s = only_sheet(&i);
    assert_eq!(s.rows, 2);
    assert_eq!(s.skipped.note, vec![4]);
    assert!(i.project.problems.is_empty(), "{:?}", i.project.problems);
    let r = &i.project.risks;
    assert_eq!((r[0].likelihood(), r[0].impact()), (Some(4), Some(3)));
    assert_eq!((r[1].likelihood(), r[1].impact()), (Some(2), Some(5)));
}

#[test]
fn months_above_their_plan_and_actual_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("by_month.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    let center = rust_xlsxwriter::Format::new();
    // Row 1: each month merged over its two columns; row 2: Plan / Actual.
    ws.merge_range(0, 2, 0, 3, "April 2025", &center).unwrap();
    ws.merge_range(0, 4, 0, 5, "May 2025", &center).unwrap();
    ws.write_string(0, 6, "2025-06-01").unwrap(); // a date typed as text, not merged
    ws.write_row(
        1,
        0,
        [
            "Line ID",
            "Description",
            "Plan",
            "Actual",
            "Plan",
            "Actual",
            "Plan",
            "Actual",
        ],
    )
    .unwrap();
    ws.write_row(2, 0, ["L1", "Developers"]).unwrap();
    for (c, v) in [
        (2u16, 100.0),
        (3, 90.0),
        (4, 100.0),
        (5, 110.0),
        (6, 100.0),
        (7, 95.5),
    ] {
        ws.write_number(2, c, v).unwrap();
    }
    wb.save(&path).unwrap();
    let i = read_paths(&[path]);
    let s = only_sheet(&i);
    assert_eq!(s.header_row, Some(2));
    let keys: Vec<&str> = s.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "id",
            "description",
            "planned.2025-26:P01",
            "actual.2025-26:P01",
            "planned.2025-26:P02",
            "actual.2025-26:P02",
            "planned.2025-26:P03",
            "actual.2025-26:P03"
        ]
    );
    assert_eq!(i.project.budget[0].total("actual"), d("295.50"));
}

/// A budget of bare month headers under `title`, optionally with a Project
/// Info sheet naming `info_year`.
fn bare_months(dir: &std::path::Path, title: &str, info_year: Option<&str>) -> Ingested {
    let path = dir.join("bare.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    if let Some(y) = info_year {
        let ws = wb.add_worksheet().set_name("Project Info").unwrap();
        for (r, (k, v)) in [
            ("Project Name", "X"),
            ("Project Manager", "P"),
            ("Fiscal Year", y),
        ]
        .iter()
        .enumerate()
        {
            ws.write_row(r as u32, 0, [*k, *v]).unwrap();
        }
    }
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_string(0, 0, title).unwrap();
    ws.write_row(
        2,
        0,
        [
            "Line ID",
            "Description",
            "Actual Apr",
            "Actual May",
            "Actual Jun",
        ],
    )
    .unwrap();
    ws.write_row(3, 0, ["L1", "Developers"]).unwrap();
    ws.write_number(3, 2, 10.0).unwrap();
    wb.save(&path).unwrap();
    read_paths(&[path])
}

#[test]
fn bare_months_take_the_year_from_a_title_or_project_info() {
    let dir = tempfile::tempdir().unwrap();
    let key = |i: &Ingested| {
        let s = i.files[0]
            .sheets
            .iter()
            .find(|s| s.name == "Budget")
            .unwrap();
        s.columns
            .iter()
            .find(|c| c.column == "C")
            .map(|c| c.key.clone())
    };
    let i = bare_months(
        dir.path(),
        "Licensing project - Budget Tracker FY 2025-26",
        None,
    );
    assert_eq!(key(&i).as_deref(), Some("actual.2025-26:P01"));
    let i = bare_months(dir.path(), "Budget Tracker", Some("2026-27"));
    assert_eq!(key(&i).as_deref(), Some("actual.2026-27:P01"));
    // Two years in the title: which one is not guessed.
    let i = bare_months(dir.path(), "Budget 2025-26 and 2026-27", None);
    assert_eq!(key(&i), None);
    let s = i.files[0]
        .sheets
        .iter()
        .find(|s| s.name == "Budget")
        .unwrap();
    assert!(
        s.notes.iter().any(|n| n.contains("names no fiscal year")),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_column_of_bad_cells_is_reported_without_flooding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gl.csv");
    let mut text = String::from("GL Date,Period,Account,Amount\n");
    for i in 0..250 {
        text.push_str(&format!("2025-04-{:02},P-{i},512345,10.00\n", 1 + i % 28));
    }
    std::fs::write(&path, text).unwrap();
    let i = read_paths(&[path]);
    assert_eq!(
        i.project.ledger.len(),
        250,
        "the postings are read, periods from their dates"
    );
    assert!(i
        .project
        .ledger
        .iter()
        .all(|e| e.period == Some(p(2025, 1))));
    let probs = &i.project.problems;
    assert_eq!(probs.len(), 201);
    assert!(
        probs[200]
            .message
            .contains("and 50 more cells in this column"),
        "{}",
        probs[200].message
    );
    assert_eq!(probs[200].at.a1(), "B251");
}

#[test]
fn french_headers_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fr.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risques").unwrap();
    ws.write_row(
        0,
        0,
        [
            "No de risque",
            "Description du risque",
            "Propriétaire",
            "Probabilité",
            "Incidence",
            "Statut",
        ],
    )
    .unwrap();
    ws.write_row(
        1,
        0,
        [
            "R-1",
            "Retard du fournisseur",
            "A. Tremblay",
            "Élevée",
            "4",
            "Fermé",
        ],
    )
    .unwrap();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_row(
        0,
        0,
        [
            "Ligne",
            "Description",
            "Catégorie",
            "Compte",
            "Prévu avr. 2025",
            "Réel avr. 2025",
            "Réel févr. 2026",
        ],
    )
    .unwrap();
    ws.write_row(
        1,
        0,
        ["L1", "Services professionnels", "Services", "530200"],
    )
    .unwrap();
    ws.write_number(1, 4, 1000.0).unwrap();
    ws.write_number(1, 5, 990.0).unwrap();
    ws.write_number(1, 6, 10.0).unwrap();
    wb.save(&path).unwrap();
    let i = read_paths(&[path]);
    let kinds: Vec<Option<&str>> = i.files[0]
        .sheets
        .iter()
        .map(|s| s.kind.as_deref())
        .collect();
    assert_eq!(kinds, [Some("risks"), Some("budget")]);
    let r = &i.project.risks[0];
    assert_eq!(r.owner(), Some("A. Tremblay"));
    assert_eq!(
        r.likelihood(),
        Some(4),
        "'Élevée' is High on the five-point scale"
    );
    assert_eq!(r.status(), Some("Closed"));
    assert_eq!(r.impact(), Some(4));
    assert_eq!(r.status(), Some("Closed"));
    let keys: Vec<&str> = i.files[0].sheets[1]
        .columns
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(
        keys[4..],
        [
            "planned.2025-26:P01",
            "actual.2025-26:P01",
            "actual.2025-26:P11"
        ]
    );
    assert_eq!(i.project.budget[0].account(), Some("530200"));
}

#[test]
fn a_sheet_kept_in_thousands_is_read_in_dollars() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Budget").unwrap();
    ws.write_string(0, 0, "Capital plan (in thousands of dollars)")
        .unwrap();
    ws.write_row(
        2,
        0,
        ["Line ID", "Description", "Plan Apr-25", "Actual Apr-25"],
    )
    .unwrap();
    ws.write_row(3, 0, ["L1", "Servers"]).unwrap();
    ws.write_number(3, 2, 12.345).unwrap();
    ws.write_string(3, 3, "1.5").unwrap();
    wb.save(&path).unwrap();
    let i = read_paths(&[path]);
    let line = &i.project.budget[0];
    assert_eq!(line.total("planned"), d("12345.00"));
    assert_eq!(line.total("actual"), d("1500.00"));
    let s = only_sheet(&i);
    assert_eq!(s.totals["planned"], "12345.00");
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("thousands") && n.contains("$1,000")),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_plan_tab_and_an_actuals_tab_make_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tabs.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, amounts) in [
        ("Plan", [100.0, 100.0, 0.0]),
        ("Actuals", [90.0, 120.0, 0.0]),
    ] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        ws.write_row(
            0,
            0,
            [
                "Line ID",
                "Description",
                "Apr-25",
                "May-25",
                "Jun-25",
                "Total",
            ],
        )
        .unwrap();
        ws.write_row(1, 0, ["L1", "Developers"]).unwrap();
        ws.write_number(1, 2, amounts[0]).unwrap();
        ws.write_number(1, 3, amounts[1]).unwrap();
        ws.write_number(1, 4, amounts[2]).unwrap();
        ws.write_formula(
            1,
            5,
            rust_xlsxwriter::Formula::new("=SUM(C2:E2)")
                .set_result((amounts[0] + amounts[1]).to_string()),
        )
        .unwrap();
    }
    wb.save(&path).unwrap();
    let i = read_paths(std::slice::from_ref(&path));
    let kinds: Vec<Option<&str>> = i.files[0]
        .sheets
        .iter()
        .map(|s| s.kind.as_deref())
        .collect();
    assert_eq!(kinds, [Some("budget"), Some("budget")]);
    assert_eq!(
        i.files[0].sheets[1].columns[2].key, "actual.2025-26:P01",
        "the tab's name says actual"
    );
    assert_eq!(i.project.budget.len(), 1);
    let l = &i.project.budget[0];
    assert_eq!(
        (l.total("planned"), l.total("actual")),
        (d("200.00"), d("210.00"))
    );
}

/// A GL export's text dates whose days run past 12 are day-first for the
/// whole column: `04/05/2025` is 4 May, not an ambiguous date, and the
/// reading says it guessed.
#[test]
fn a_text_date_column_with_days_past_12_is_day_first_throughout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gl.csv");
    std::fs::write(
        &path,
        "Date,Account,Description,Debit,Credit\n25/03/2025,512345,Consulting,100.00,\n04/05/2025,512345,Licences,200.00,\n11/06/2025,512345,Training,50.00,\n",
    )
    .unwrap();
    let i = read_paths(std::slice::from_ref(&path));
    let s = only_sheet(&i);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let dates: Vec<_> = i.project.ledger.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        [
            Some(chrono::NaiveDate::from_ymd_opt(2025, 3, 25).unwrap()),
            Some(chrono::NaiveDate::from_ymd_opt(2025, 5, 4).unwrap()),
            Some(chrono::NaiveDate::from_ymd_opt(2025, 6, 11).unwrap()),
        ]
    );
    assert!(
        s.guesses
            .iter()
            .any(|g| g.contains("day-first") && g.contains("25/03/2025")),
        "{:?}",
        s.guesses
    );
    // Dates that run past 12 both ways settle nothing: still reported.
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(
        &mixed,
        "Date,Account,Description,Debit,Credit\n25/03/2025,512345,A,1.00,\n03/25/2025,512345,B,1.00,\n04/05/2025,512345,C,1.00,\n",
    )
    .unwrap();
    let i = read_paths(std::slice::from_ref(&mixed));
    assert!(
        only_sheet(&i).problems.iter().any(|p| p.cell == "A4"),
        "{:?}",
        only_sheet(&i).problems
    );
}

/// A period typed as a number beside a Fiscal Year column reads the same
/// in a CSV (where it is text) as in a workbook.
#[test]
fn a_numbered_period_in_a_csv_reads_as_in_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gl.csv");
    std::fs::write(
        &path,
        "Fiscal Year,Period,Account,Description,Amount\n2025-26,005,512345,Consulting,100.00\n2025-26,5,512345,Licences,200.00\n2025-26,12,512345,Training,50.00\n",
    )
    .unwrap();
    let i = read_paths(std::slice::from_ref(&path));
    assert!(
        only_sheet(&i).problems.is_empty(),
        "{:?}",
        only_sheet(&i).problems
    );
    let periods: Vec<String> = i
        .project
        .ledger
        .iter()
        .map(|e| e.period.map(|p| p.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(periods, ["2025-26:P05", "2025-26:P05", "2025-26:P12"]);
}
