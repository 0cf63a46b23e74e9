//! The checks every reading passes before its figures are used: each one
//! on a generated workbook that fails it, and one that passes.

mod common;

use common::book;
use common::Cell::{self, N, T};
use pmo::definition::Definitions;
use pmo::ingest::confidence::Level;
use pmo::ingest::{ingest, Ingested, Options, SheetReport};
use std::path::PathBuf;

fn read(paths: &[PathBuf]) -> Result<Ingested, pmo::Error> {
    ingest(
        paths,
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
}

fn only(i: &Ingested) -> &SheetReport {
    &i.files[0].sheets[0]
}

fn check<'a>(s: &'a SheetReport, name: &str) -> &'a pmo::ingest::checks::Check {
    s.checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} check in {:?}", s.checks))
}

fn row(cells: &[Cell]) -> Vec<Cell> {
    cells.to_vec()
}

#[test]
fn a_budget_whose_rows_name_several_projects_is_declined_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[
            T("Project Name"),
            T("Budget"),
            T("Actual Spend"),
            T("Owner"),
        ]),
        row(&[T("CRM Upgrade"), N(50000.0), N(46000.0), T("D.")]),
        row(&[T("Data Lake"), N(90000.0), N(15000.0), T("E.")]),
    ];
    let path = book(dir.path(), "overview.xlsx", &[("Budget", rows)]);
    let err = read(&[path]).unwrap_err().to_string();
    assert!(err.contains("one project"), "{err}");
    assert!(err.contains("2 different projects"), "{err}");
}

#[test]
fn a_budget_of_one_project_passes_the_one_project_check() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Project"), T("Line item"), T("Budget"), T("Actual")]),
        row(&[T("CRM Upgrade"), T("Developers"), N(50000.0), N(46000.0)]),
        row(&[T("CRM Upgrade"), T("Licences"), N(9000.0), N(9000.0)]),
    ];
    let path = book(dir.path(), "crm.xlsx", &[("Budget", rows)]);
    let i = read(&[path]).unwrap();
    let s = only(&i);
    assert_eq!(s.kind.as_deref(), Some("budget"), "{}", s.reason);
    assert!(check(s, "one project").passed);
    assert_eq!(s.totals.get("budget").map(String::as_str), Some("59000.00"));
}

#[test]
fn a_total_row_that_disagrees_with_its_lines_lowers_the_reading() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Line ID"), T("Description"), T("Budget"), T("Actual")]),
        row(&[T("L1"), T("Developers"), N(1000.0), N(900.0)]),
        row(&[T("L2"), T("Licences"), N(500.0), N(500.0)]),
        row(&[T("L3"), T("Training"), N(250.0), N(100.0)]),
        row(&[T(""), T("Total"), N(1950.0), N(1500.0)]),
    ];
    let path = book(dir.path(), "tracker.xlsx", &[("Budget", rows)]);
    let i = read(&[path]).unwrap();
    let s = only(&i);
    let c = check(s, "total row");
    assert!(!c.passed, "{c:?}");
    assert!(
        c.detail.contains("1950.00") && c.detail.contains("1750.00"),
        "{}",
        c.detail
    );
    assert_eq!(s.confidence.as_ref().unwrap().level, Level::Low);
}

#[test]
fn a_total_row_that_adds_up_passes() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Line ID"), T("Description"), T("Budget"), T("Actual")]),
        row(&[T("L1"), T("Developers"), N(1000.0), N(900.0)]),
        row(&[T("L2"), T("Licences"), N(500.0), N(500.0)]),
        row(&[T(""), T("Total"), N(1500.0), N(1400.0)]),
    ];
    let path = book(dir.path(), "tracker.xlsx", &[("Budget", rows)]);
    let i = read(&[path]).unwrap();
    assert!(check(only(&i), "total row").passed);
}

#[test]
fn a_risk_log_repeating_its_ids_is_a_low_confidence_reading() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![row(&[
        T("Risk ID"),
        T("Description"),
        T("Likelihood"),
        T("Impact"),
        T("Status"),
    ])];
    // The same three risks kept for three months on one sheet.
    for _ in 0..3 {
        rows.push(row(&[
            T("R-1"),
            T("Vendor late"),
            N(3.0),
            N(4.0),
            T("Open"),
        ]));
        rows.push(row(&[
            T("R-2"),
            T("Staff leave"),
            N(2.0),
            N(2.0),
            T("Open"),
        ]));
        rows.push(row(&[
            T("R-3"),
            T("Scope creep"),
            N(4.0),
            N(4.0),
            T("Open"),
        ]));
    }
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    let i = read(&[path]).unwrap();
    let s = only(&i);
    let c = check(s, "distinct ids");
    assert!(!c.passed && c.detail.contains("3 distinct"), "{c:?}");
    assert_eq!(s.confidence.as_ref().unwrap().level, Level::Low);
}

#[test]
fn a_risk_log_with_nothing_to_rate_by_is_low() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Risk ID"), T("Description"), T("Owner"), T("Status")]),
        row(&[T("R-1"), T("Vendor late"), T("PM"), T("Open")]),
        row(&[T("R-2"), T("Staff leave"), T("HR"), T("Open")]),
    ];
    let path = book(dir.path(), "risks.xlsx", &[("Risks", rows)]);
    let i = read(&[path]).unwrap();
    let s = only(&i);
    assert!(!check(s, "ratings").passed);
    assert_eq!(s.confidence.as_ref().unwrap().level, Level::Low);
}

#[test]
fn a_budget_with_no_amounts_on_its_lines_is_declined() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Line ID"), T("Description"), T("Budget"), T("Actual")]),
        row(&[T("L1"), T("Developers"), T("tbc"), T("")]),
        row(&[T("L2"), T("Licences"), T("tbc"), T("")]),
    ];
    let path = book(dir.path(), "tracker.xlsx", &[("Budget", rows)]);
    let err = read(&[path]).unwrap_err().to_string();
    assert!(err.contains("amounts"), "{err}");
}

#[test]
fn rows_below_a_wide_gap_are_read_but_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![row(&[
        T("Task"),
        T("Start Date"),
        T("End Date"),
        T("Status"),
    ])];
    for name in ["Design", "Build", "Test", "Deploy"] {
        rows.push(row(&[
            T(name),
            T("2026-04-01"),
            T("2026-05-01"),
            T("In Progress"),
        ]));
    }
    rows.extend([vec![], vec![], vec![], row(&[T("Template rows:")])]);
    rows.push(row(&[
        T("Example task"),
        T("2026-01-01"),
        T("2026-01-02"),
        T("Not Started"),
    ]));
    let path = book(dir.path(), "plan.xlsx", &[("Milestones", rows)]);
    let i = read(&[path]).unwrap();
    let s = only(&i);
    assert_eq!(s.rows, 5);
    let c = check(s, "one block");
    assert!(!c.passed && c.detail.contains("row(s) 10"), "{c:?}");
    assert_eq!(s.confidence.as_ref().unwrap().level, Level::Low);
}

#[test]
fn inspect_shows_every_check_and_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[T("Line ID"), T("Description"), T("Budget"), T("Actual")]),
        row(&[T("L1"), T("Developers"), N(1000.0), N(900.0)]),
        row(&[T(""), T("Total"), N(1200.0), N(900.0)]),
    ];
    let path = book(dir.path(), "tracker.xlsx", &[("Budget", rows)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pmo"))
        .arg("inspect")
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("check amounts: passed"), "{text}");
    assert!(text.contains("check total row: FAILED"), "{text}");
}

#[test]
fn a_purchase_order_log_is_declined_by_what_its_rows_are() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        row(&[
            T("PO Number"),
            T("Order Date"),
            T("Vendor"),
            T("Description"),
            T("Amount"),
        ]),
        row(&[
            T("PO-1001"),
            T("2026-04-03"),
            T("Acme"),
            T("Laptops"),
            N(12000.0),
        ]),
        row(&[
            T("PO-1002"),
            T("2026-05-10"),
            T("Beta"),
            T("Licences"),
            N(4000.0),
        ]),
    ];
    let path = book(dir.path(), "orders.xlsx", &[("Sheet1", rows)]);
    let err = read(&[path]).unwrap_err().to_string();
    assert!(err.contains("purchase-order"), "{err}");
    assert!(err.contains("row 1 starts with 'PO Number'"), "{err}");
    // A tracker that only notes each line's PO is still a budget.
    let rows = vec![
        row(&[
            T("Line ID"),
            T("Description"),
            T("PO Number"),
            T("Budget"),
            T("Actual"),
        ]),
        row(&[T("L1"), T("Laptops"), T("PO-1001"), N(12000.0), N(11800.0)]),
        row(&[T("L2"), T("Licences"), T("PO-1002"), N(4000.0), N(4000.0)]),
    ];
    let path = book(dir.path(), "tracker.xlsx", &[("Budget", rows)]);
    let i = read(&[path]).unwrap();
    assert_eq!(only(&i).kind.as_deref(), Some("budget"));
}
