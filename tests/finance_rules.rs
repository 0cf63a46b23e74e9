//! The finance reading rules of issue 9 that the corpus's shapes do not
//! pin down on their own: what decided the block of unmarked month
//! columns, hours under an "Hours" heading, ledger account sections and
//! carry-forward lines, and a tracker whose months are actuals reconciled
//! by the real binary.

mod common;

use pmo::definition::Definitions;
use pmo::ingest::{ingest, Ingested, Options, SheetReport};
use rust_xlsxwriter::{Formula, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// One cell: text, number, or a formula with its stored result.
enum Cell {
    T(&'static str),
    N(f64),
    F(&'static str, f64),
}
use Cell::*;

/// Writes one sheet of rows (`None` = blank cell) to `dir/name.xlsx`.
fn book(dir: &Path, name: &str, sheet: &str, rows: &[Vec<Option<Cell>>]) -> PathBuf {
    let path = dir.join(format!("{name}.xlsx"));
    let write = || -> Result<(), XlsxError> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    None => {}
                    Some(T(t)) => {
                        ws.write_string(r, c, *t)?;
                    }
                    Some(N(n)) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Some(F(f, v)) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(v.to_string()))?;
                    }
                }
            }
        }
        wb.save(&path)
    };
    write().expect("write workbook");
    path
}

fn read(path: &Path) -> (Ingested, SheetReport) {
    let defs = Definitions::built_in().unwrap();
    let i = ingest(&[path.to_path_buf()], &defs, &Options::default()).expect("ingest");
    let s = i.files[0].sheets[0].clone();
    (i, s)
}

fn t(s: &'static str) -> Option<Cell> {
    Some(T(s))
}
fn n(v: f64) -> Option<Cell> {
    Some(N(v))
}

/// A month grid with no planned/actual word: Description, Apr-25 … Jun-25, then `last`.
fn grid(last: &'static str, lines: &[(&'static str, [f64; 3], f64)]) -> Vec<Vec<Option<Cell>>> {
    let mut rows = vec![vec![
        t("Description"),
        t("Category"),
        t("Apr-25"),
        t("May-25"),
        t("Jun-25"),
        t(last),
    ]];
    for (d, m, total) in lines {
        rows.push(vec![
            t(d),
            t("Services"),
            n(m[0]),
            n(m[1]),
            n(m[2]),
            n(*total),
        ]);
    }
    rows
}

#[test]
fn a_ytd_actual_column_equal_to_the_months_makes_them_actuals() {
    let dir = tempfile::tempdir().unwrap();
    let p = book(
        dir.path(),
        "ytd",
        "Tracker",
        &grid(
            "YTD Actual",
            &[
                ("Dev", [10.0, 20.0, 0.0], 30.0),
                ("Licences", [5.0, 0.0, 0.0], 5.0),
            ],
        ),
    );
    let (_, s) = read(&p);
    assert_eq!(
        s.totals.get("actual").map(String::as_str),
        Some("35.00"),
        "{s:#?}"
    );
    assert!(!s.totals.contains_key("planned"), "{s:#?}");
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("read as actual") && n.contains("total-actual column")),
        "{:?}",
        s.notes
    );
}

#[test]
fn without_evidence_unmarked_months_are_planned_and_the_note_says_how_to_settle_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = book(
        dir.path(),
        "plain",
        "Tracker",
        &grid("Notes", &[("Dev", [10.0, 20.0, 0.0], 0.0)]),
    );
    let (_, s) = read(&p);
    assert_eq!(
        s.totals.get("planned").map(String::as_str),
        Some("30.00"),
        "{s:#?}"
    );
    let note = s
        .guesses
        .iter()
        .find(|n| n.contains("read as planned"))
        .expect("a note");
    assert!(
        note.contains("Actuals") && note.contains("header"),
        "{note}"
    );
}

#[test]
fn months_blank_after_the_last_updated_date_are_actuals() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![vec![t("Last updated:"), t("2025-05-20")], vec![]];
    rows.extend(grid(
        "Notes",
        &[
            ("Dev", [10.0, 20.0, 0.0], 0.0),
            ("Travel", [1.0, 0.0, 0.0], 0.0),
        ],
    ));
    let p = book(dir.path(), "updated", "Tracker", &rows);
    let (_, s) = read(&p);
    assert_eq!(
        s.totals.get("actual").map(String::as_str),
        Some("31.00"),
        "{s:#?}"
    );
    assert!(
        s.notes.iter().any(|n| n.contains("Last updated")),
        "{:?}",
        s.notes
    );
}

#[test]
fn months_under_an_hours_heading_are_not_money() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![None, None, t("Hours"), None, None, t("Cost")],
        vec![
            t("Task"),
            t("Category"),
            t("Apr-25"),
            t("May-25"),
            t("Jun-25"),
            t("Budget"),
        ],
        vec![
            t("Build"),
            t("Services"),
            n(40.0),
            n(35.0),
            n(10.0),
            n(9000.0),
        ],
        vec![
            t("Test"),
            t("Services"),
            n(8.0),
            n(16.0),
            n(16.0),
            n(3000.0),
        ],
    ];
    let p = book(dir.path(), "hours", "Staffing", &rows);
    let (_, s) = read(&p);
    assert_eq!(
        s.totals.get("budget").map(String::as_str),
        Some("12000.00"),
        "{s:#?}"
    );
    assert!(
        !s.totals.contains_key("planned"),
        "hours read as money: {s:#?}"
    );
    assert!(
        s.guesses
            .iter()
            .any(|n| n.contains("'Hours'") && n.contains("not money")),
        "{:?}",
        s.guesses
    );
}

#[test]
fn ledger_sections_fill_the_account_and_carry_forward_lines_are_listed_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let header = || {
        vec![
            t("Date"),
            t("Reference"),
            t("Details"),
            t("Debit"),
            t("Credit"),
            t("Balance"),
        ]
    };
    let rows = vec![
        vec![t("Account: 5100 - Consulting")],
        header(),
        vec![None, None, t("Balance Forward"), n(0.0), n(0.0), n(500.0)],
        vec![
            t("2025-04-03"),
            t("INV-1"),
            t("Invoice"),
            n(120.0),
            n(0.0),
            n(620.0),
        ],
        vec![
            t("2025-04-09"),
            t("CN-1"),
            t("Credit note"),
            n(0.0),
            n(-20.0),
            n(600.0),
        ],
        vec![],
        vec![t("Account: 5200 - Travel")],
        header(),
        vec![
            t("2025-04-10"),
            t("EXP-7"),
            t("Flight"),
            n(300.0),
            n(0.0),
            n(300.0),
        ],
        vec![None, None, t("Total:"), n(300.0), n(0.0)],
    ];
    let p = book(dir.path(), "gl", "GL Detail", &rows);
    let (i, s) = read(&p);
    assert_eq!(s.kind.as_deref(), Some("ledger"), "{s:#?}");
    assert_eq!(s.rows, 3, "{s:#?}");
    assert_eq!(s.skipped.carry_forward, vec![3]);
    assert_eq!(s.skipped.subtotal, vec![10]);
    let accounts: Vec<_> = i
        .project
        .ledger
        .iter()
        .map(|e| e.account.as_deref().unwrap_or("-").to_string())
        .collect();
    assert_eq!(accounts, ["5100", "5100", "5200"]);
    let amounts: Vec<_> = i
        .project
        .ledger
        .iter()
        .map(|e| e.amount.to_string())
        .collect();
    assert_eq!(
        amounts,
        ["120.00", "-20.00", "300.00"],
        "a credit stored negative is still money out"
    );
    assert_eq!(s.totals.get("amount").map(String::as_str), Some("400.00"));
}

#[test]
fn a_tracker_whose_months_are_actuals_reconciles() {
    let dir = tempfile::tempdir().unwrap();
    let rows = grid(
        "Total Actual",
        &[
            ("Dev", [10.0, 20.0, 0.0], 30.0),
            ("Licences", [5.0, 0.0, 0.0], 5.0),
        ],
    );
    let p = book(dir.path(), "actuals", "Tracker", &rows);
    let out = common::pmo(&["reconcile", "--format", "json", p.to_str().unwrap()], 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["as_of"], "2025-26:P02", "{v:#}");
    assert_eq!(v["project"]["actual_to_date"], "35.00", "{v:#}");
}

#[test]
fn template_lines_whose_formulas_give_zero_are_listed_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![
            t("Description"),
            t("Category"),
            t("Apr-25"),
            t("May-25"),
            t("Total"),
        ],
        vec![
            t("Dev"),
            t("Services"),
            n(10.0),
            n(5.0),
            Some(F("SUM(C2:D2)", 15.0)),
        ],
        vec![
            t("Other"),
            t("Services"),
            None,
            None,
            Some(F("SUM(C3:D3)", 0.0)),
        ],
        vec![
            t("Spare line"),
            None,
            None,
            None,
            Some(F("SUM(C4:D4)", 0.0)),
        ],
    ];
    let p = book(dir.path(), "template", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(s.rows, 1, "{s:#?}");
    assert_eq!(s.skipped.template, vec![3, 4]);
    assert!(
        s.notes.iter().any(|n| n.contains("template lines")),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_journal_and_a_ledger_with_the_same_postings_feed_the_tie_out_once() {
    let dir = tempfile::tempdir().unwrap();
    let journal = book(
        dir.path(),
        "journal",
        "Journal",
        &[
            vec![
                t("JE No"),
                t("Posting Date"),
                t("Account"),
                t("Debit"),
                t("Credit"),
            ],
            vec![t("JE1"), t("2025-04-28"), t("5100"), n(458.0), n(0.0)],
            vec![t("JE1"), t("2025-04-28"), t("2001"), n(0.0), n(458.0)],
            vec![t("JE2"), t("2025-05-28"), t("5100"), n(12.5), n(0.0)],
            vec![t("JE2"), t("2025-05-28"), t("2001"), n(0.0), n(12.5)],
        ],
    );
    let gl = book(
        dir.path(),
        "gl",
        "GL Detail",
        &[
            vec![t("GL Date"), t("Account"), t("Document No"), t("Amount")],
            vec![t("2025-04-28"), t("5100"), t("AP-77"), n(458.0)],
            vec![t("2025-05-28"), t("5100"), t("AP-78"), n(12.5)],
        ],
    );
    let defs = Definitions::built_in().unwrap();
    let i = ingest(&[journal, gl], &defs, &Options::default()).expect("ingest");
    assert_eq!(i.project.ledger.len(), 4, "the journal's postings, once");
    let gl_report = &i.files[1].sheets[0];
    assert!(
        gl_report
            .notes
            .iter()
            .any(|n| n.contains("also in sheet 'Journal'")),
        "{:?}",
        gl_report.notes
    );
}

#[test]
fn two_months_of_ledger_exports_are_both_read() {
    let dir = tempfile::tempdir().unwrap();
    let month = |name: &str, date: &'static str| {
        book(
            dir.path(),
            name,
            "GL Detail",
            &[
                vec![t("GL Date"), t("Account"), t("Document No"), t("Amount")],
                vec![t(date), t("5100"), t("AP-1"), n(100.0)],
            ],
        )
    };
    let (a, b) = (month("apr", "2025-04-28"), month("may", "2025-05-28"));
    let defs = Definitions::built_in().unwrap();
    let i = ingest(&[a, b], &defs, &Options::default()).expect("ingest");
    assert_eq!(i.project.ledger.len(), 2);
}

#[test]
fn a_summary_budget_has_variance_by_line_and_says_it_has_no_periods() {
    let dir = tempfile::tempdir().unwrap();
    let p = book(
        dir.path(),
        "summary",
        "Sheet",
        &[
            vec![
                t("Category"),
                t("Budget Allocated ($)"),
                t("Spent ($)"),
                t("Remaining ($)"),
            ],
            vec![t("Hardware"), n(500.0), n(300.0), n(200.0)],
            vec![t("Software"), n(700.0), n(750.0), n(-50.0)],
            vec![t("Total"), n(1200.0), n(1050.0), n(150.0)],
        ],
    );
    let (i, s) = read(&p);
    assert_eq!(s.rows, 2, "{s:#?}");
    let v = pmo::reconcile::summary::summary_variance(&i.project).expect("a summary budget");
    assert!(v.said.contains("no periods"));
    let by_line: Vec<_> = v
        .lines
        .iter()
        .map(|l| {
            let v = l.variance.map(|v| v.to_string()).unwrap_or_default();
            (l.name.clone().unwrap_or_default(), v)
        })
        .collect();
    assert_eq!(
        by_line,
        [
            ("Hardware".to_string(), "200.00".to_string()),
            ("Software".to_string(), "-50.00".to_string())
        ]
    );
    assert_eq!(v.variance.to_string(), "150.00");
}

#[test]
fn project_year_columns_are_placed_from_the_fiscal_year_given() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![t("BUDGET TABULATOR")],
        vec![
            t("Item"),
            t("Qty"),
            t("Year 1"),
            t("Year 2"),
            t("Year 3"),
            t("Cumulative"),
        ],
        vec![t("Senior Personnel")],
        vec![t("PI"), None, n(100.0), n(103.0), n(106.0), n(309.0)],
        vec![
            t("Postdoc"),
            n(1.0),
            n(400.0),
            n(412.0),
            n(424.0),
            n(1236.0),
        ],
        vec![
            t("TOTAL SENIOR PERSONNEL"),
            None,
            n(500.0),
            n(515.0),
            n(530.0),
            n(1545.0),
        ],
        vec![
            t("Indirect Costs"),
            None,
            n(289.0),
            n(297.67),
            n(306.34),
            n(893.01),
        ],
    ];
    let p = book(dir.path(), "years", "Budget", &rows);
    let defs = Definitions::built_in().unwrap();
    let without = ingest(std::slice::from_ref(&p), &defs, &Options::default()).ok();
    let unread = without
        .as_ref()
        .is_none_or(|i| i.project.budget.iter().all(|l| l.periods.is_empty()));
    assert!(
        unread,
        "without a fiscal year, project years are not placed"
    );
    let opts = Options {
        fiscal_year: pmo::model::FiscalYear::new(2025).ok(),
        ..Options::default()
    };
    let i = ingest(&[p], &defs, &opts).expect("ingest");
    let s = &i.files[0].sheets[0];
    assert_eq!(s.rows, 3, "{s:#?}");
    assert_eq!(
        s.totals.get("planned").map(String::as_str),
        Some("2438.01"),
        "{s:#?}"
    );
    let years: Vec<String> = i.project.budget[0]
        .periods
        .keys()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(years, ["2025-26:P01", "2026-27:P01", "2027-28:P01"]);
    assert!(
        s.notes.iter().any(|n| n.contains("project-year columns")),
        "{s:#?}"
    );
}

#[test]
fn a_title_naming_actuals_makes_unmarked_months_actuals() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![
        vec![t("Actual expenditures by month, Project Atlas")],
        vec![],
    ];
    rows.extend(grid("Notes", &[("Dev", [10.0, 20.0, 0.0], 0.0)]));
    let p = book(dir.path(), "titled", "Budget Tracker", &rows);
    let (_, s) = read(&p);
    assert_eq!(
        s.totals.get("actual").map(String::as_str),
        Some("30.00"),
        "{s:#?}"
    );
    assert!(!s.totals.contains_key("planned"), "{s:#?}");
}

#[test]
fn a_summary_tab_copying_another_tab_is_not_read_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annual.xlsx");
    let date = rust_xlsxwriter::Format::new().set_num_format("mmm-yy");
    let mut wb = Workbook::new();
    let months = [
        (2025, 4),
        (2025, 5),
        (2025, 6),
        (2025, 7),
        (2025, 8),
        (2025, 9),
    ];
    let ex = wb.add_worksheet();
    ex.set_name("Expenses").unwrap();
    ex.write_string(0, 0, "Description").unwrap();
    for (i, (y, m)) in months.iter().enumerate() {
        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, 1).unwrap();
        ex.write_datetime_with_format(0, 1 + i as u16, &d, &date)
            .unwrap();
    }
    ex.write_string(1, 0, "Rent").unwrap();
    ex.write_number(1, 1, 100.0).unwrap();
    let su = wb.add_worksheet();
    su.set_name("Summary").unwrap();
    su.write_string(0, 0, "Description").unwrap();
    for (i, (y, m)) in months.iter().enumerate() {
        let col = (b'B' + i as u8) as char;
        let serial = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, 1)
            .unwrap()
            .to_excel()
            .to_string();
        let f = Formula::new(format!("=Expenses!{col}1")).set_result(serial);
        su.write_formula_with_format(0, 1 + i as u16, f, &date)
            .unwrap();
    }
    su.write_string(1, 0, "Expenses").unwrap();
    su.write_formula(1, 1, Formula::new("=SUM(Expenses!B2:B9)").set_result("100"))
        .unwrap();
    wb.save(&path).unwrap();
    let defs = Definitions::built_in().unwrap();
    let i = ingest(&[path], &defs, &Options::default()).expect("ingest");
    let summary = &i.files[0].sheets[1];
    assert_eq!(summary.kind, None, "{summary:#?}");
    assert!(
        summary.reason.contains("copies another tab"),
        "{}",
        summary.reason
    );
    assert_eq!(i.project.budget.len(), 1);
}

#[test]
fn bare_quarters_take_the_fiscal_year_given() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![t("Description"), t("Q1"), t("Q2"), t("Q3"), t("Q4")],
        vec![t("Consulting"), n(10.0), n(20.0), n(30.0), n(40.0)],
    ];
    let p = book(dir.path(), "quarters", "Budget", &rows);
    let opts = Options {
        fiscal_year: pmo::model::FiscalYear::new(2025).ok(),
        ..Options::default()
    };
    let i = ingest(&[p], &Definitions::built_in().unwrap(), &opts).expect("ingest");
    let periods: Vec<String> = i.project.budget[0]
        .periods
        .keys()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        periods,
        ["2025-26:P01", "2025-26:P04", "2025-26:P07", "2025-26:P10"]
    );
    assert_eq!(
        i.files[0].sheets[0]
            .totals
            .get("planned")
            .map(String::as_str),
        Some("100.00")
    );
}

#[test]
fn reconcile_and_the_status_report_work_on_a_summary_budget() {
    let dir = tempfile::tempdir().unwrap();
    let p = book(
        dir.path(),
        "summary",
        "Sheet",
        &[
            vec![t("Category"), t("Budget"), t("Spent"), t("Remaining")],
            vec![t("Hardware"), n(500.0), n(300.0), n(200.0)],
            vec![t("Software"), n(700.0), n(750.0), n(-50.0)],
            vec![t("Training"), n(300.0)],
            vec![t("Total"), n(1500.0), n(1050.0), n(150.0)],
        ],
    );
    let path = p.to_str().unwrap();
    let json = common::json(&["reconcile", path, "--format", "json"]);
    assert!(
        json["said"].as_str().unwrap().contains("no periods"),
        "{json}"
    );
    assert_eq!(
        json["variance"], "150.00",
        "Training states no actual: left out"
    );
    assert_eq!(json["incomplete"], 1);
    assert_eq!(json["lines"][2]["variance"], serde_json::Value::Null);
    let text = String::from_utf8(common::pmo(&["reconcile", path], 0).stdout).unwrap();
    assert!(text.contains("variance is by line only"), "{text}");
    assert!(text.contains("($50.00)"), "{text}");

    let ctx = common::json(&["context", path, "--format", "json"]);
    assert_eq!(
        ctx["status"]["budget"]["rag"], "Unknown",
        "never Green without a plan to date"
    );
    assert!(ctx["status"]["budget"]["reason"]
        .as_str()
        .unwrap()
        .contains("$1,050.00 spent of $1,200.00 (87.5%) on the lines stating both; 1 line stating only one is left out"));
    let rows = ctx["summary_budget"].as_array().unwrap();
    assert_eq!(rows.last().unwrap()["variance"], "$150.00");
    assert_eq!(rows[2]["actual"], "—", "a blank is not shown as zero");
}

/// A Line / Description / Budget / Spent sheet of `lines` (ID, name,
/// budget, spent).
fn lines(
    rows: &[(Option<&'static str>, &'static str, f64, Option<Cell>)],
) -> Vec<Vec<Option<Cell>>> {
    let mut out = vec![vec![t("Line"), t("Description"), t("Budget"), t("Spent")]];
    for (id, d, b, spent) in rows {
        let spent = spent.as_ref().map(|c| match c {
            T(s) => T(s),
            N(v) => N(*v),
            F(f, v) => F(f, *v),
        });
        out.push(vec![id.map(T), t(d), n(*b), spent]);
    }
    out
}

#[test]
fn a_budget_line_named_like_a_sentence_starting_with_total_is_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![t("Description"), t("Budget"), t("Spent")],
        vec![t("Contractors"), n(50000.0), n(1000.0)],
        vec![t("Total Cost of Ownership study"), n(80000.0), n(20000.0)],
        vec![t("Hardware"), n(50000.0), n(2000.0)],
    ];
    let p = book(dir.path(), "tco", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(s.rows, 3, "{s:#?}");
    assert!(s.skipped.subtotal.is_empty(), "{s:#?}");
    assert_eq!(
        s.totals.get("budget").map(String::as_str),
        Some("180000.00"),
        "{s:#?}"
    );
}

#[test]
fn a_total_row_that_does_not_add_up_is_skipped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let rows = lines(&[
        (Some("1"), "Contractors", 50000.0, Some(N(1000.0))),
        (Some("2"), "Hardware", 50000.0, Some(N(2000.0))),
        (None, "Total", 90000.0, Some(N(3000.0))),
    ]);
    let p = book(dir.path(), "badtotal", "Budget", &rows);
    let (i, s) = read(&p);
    assert_eq!(s.skipped.subtotal, [4], "{s:#?}");
    let defs = Definitions::built_in().unwrap();
    let settings = pmo::rules::Settings {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        calendar: Default::default(),
    };
    let findings = pmo::rules::validate(&i.project, &defs, &settings);
    assert!(
        findings
            .iter()
            .any(|f| f.code == "E402" && f.message.contains("90,000.00")),
        "{findings:#?}"
    );
}

#[test]
fn a_line_with_an_id_reading_another_sheet_is_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let rows = lines(&[
        (Some("1"), "Contractors", 50000.0, Some(N(1000.0))),
        (Some("2"), "Hardware", 50000.0, Some(N(2000.0))),
        (
            Some("3"),
            "Licences",
            80000.0,
            Some(F("=SUM(Detail!D2:D3)", 7000.0)),
        ),
    ]);
    let p = book(dir.path(), "xsheet", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(s.rows, 3, "{s:#?}");
    assert!(s.skipped.subtotal.is_empty(), "{s:#?}");
    assert_eq!(s.totals.get("actual").map(String::as_str), Some("10000.00"));
}

#[test]
fn a_line_with_an_id_summing_rows_above_by_formula_is_a_line_unless_the_sum_holds() {
    let dir = tempfile::tempdir().unwrap();
    // Line 3's spent is a SUM over the lines above that does not hold (its
    // stored value differs): a line. Line 4's SUM holds: a subtotal.
    let rows = lines(&[
        (Some("1"), "Contractors", 50000.0, Some(N(1000.0))),
        (Some("2"), "Hardware", 50000.0, Some(N(2000.0))),
        (
            Some("3"),
            "Licences",
            80000.0,
            Some(F("=SUM(D2:D3)", 500.0)),
        ),
    ]);
    let p = book(dir.path(), "sumid", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(s.rows, 3, "{s:#?}");
    assert!(s.skipped.subtotal.is_empty(), "{s:#?}");
}

#[test]
fn a_line_equal_to_the_lines_above_is_a_line_and_a_blank_id_sum_is_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    // Licences happens to equal Contractors + Hardware in both columns.
    let rows = lines(&[
        (Some("1"), "Contractors", 50000.0, Some(N(1000.0))),
        (Some("2"), "Hardware", 50000.0, Some(N(2000.0))),
        (Some("3"), "Licences", 100000.0, Some(N(3000.0))),
        (Some("4"), "Training", 10000.0, Some(N(500.0))),
    ]);
    let p = book(dir.path(), "equal", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(s.rows, 4, "{s:#?}");
    assert!(s.skipped.subtotal.is_empty(), "{s:#?}");

    let rows = lines(&[
        (Some("1"), "Contractors", 100000.0, Some(N(40000.0))),
        (Some("2"), "Hardware", 50000.0, Some(N(10000.0))),
        (Some("3"), "Training", 20000.0, Some(N(5000.0))),
        (None, "All lines", 170000.0, Some(N(55000.0))),
    ]);
    let p = book(dir.path(), "summary", "Budget", &rows);
    let (_, s) = read(&p);
    assert_eq!(
        (s.rows, s.skipped.subtotal.as_slice()),
        (3, &[5][..]),
        "{s:#?}"
    );
    assert!(
        s.guesses
            .iter()
            .any(|g| g == "row 5 was taken as a subtotal: its amounts equal the sum of rows 2–4"),
        "{:?}",
        s.guesses
    );
}
