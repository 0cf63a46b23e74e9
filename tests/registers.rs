//! Reading logs and registers: each test writes a small workbook in the
//! shape of a real one (see `tests/corpus/logs.md`) and asserts what pmo
//! read — values, notes and what it declined.

use chrono::NaiveDate;
use pmo::definition::Definitions;
use pmo::ingest::{ingest, Ingested, Options, SheetReport};
use pmo::model::ProblemKind;
use rust_xlsxwriter::{Formula, Workbook};
use std::path::PathBuf;

/// A cell to write: text, a number, or a formula with a text result.
enum W {
    T(&'static str),
    N(f64),
    F(&'static str, &'static str),
}

fn write(dir: &std::path::Path, name: &str, sheets: &[(&str, Vec<Vec<W>>)]) -> PathBuf {
    let mut wb = Workbook::new();
    for (sheet, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    W::T("") => {}
                    W::T(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    W::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    W::F(f, v) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(*v))
                            .unwrap();
                    }
                }
            }
        }
    }
    let path = dir.join(name);
    wb.save(&path).unwrap();
    path
}

fn read(path: PathBuf) -> Ingested {
    ingest(
        &[path],
        &Definitions::built_in().unwrap(),
        &Options::default(),
    )
    .unwrap()
}

fn sheet<'a>(i: &'a Ingested, name: &str) -> &'a SheetReport {
    i.files[0]
        .sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn texts(cells: &[&'static str]) -> Vec<W> {
    cells.iter().map(|t| W::T(t)).collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_date_column_settles_its_own_day_month_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "ms.xlsx",
        &[(
            "Milestones",
            vec![
                texts(&["Milestone", "Due Date", "Status"]),
                texts(&["Design", "16/03/2015", "Complete"]),
                texts(&["Build", "04/05/2015", "In Progress"]),
            ],
        )],
    );
    let i = read(path);
    let ms = &i.project.milestones;
    assert_eq!(ms.len(), 2);
    // "16/03/2015" says the column is day/month, so 04/05 is 4 May.
    assert_eq!(ms[1].0.date("baseline"), Some(date(2015, 5, 4)));
    assert!(i.project.problems.is_empty(), "{:?}", i.project.problems);
    let s = sheet(&i, "Milestones");
    assert!(
        s.guesses
            .iter()
            .any(|n| n.contains("day/month") && n.contains("16/03/2015")),
        "{:?}",
        s.guesses
    );
}

#[test]
fn a_day_with_no_year_takes_the_title_fiscal_year_or_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let rows = |title: &'static str| {
        vec![
            texts(&[title]),
            texts(&["Milestone", "Target Date", "Status"]),
            texts(&["Kick-off", "Sep 01", "Complete"]),
            texts(&["Go-live", "Feb 03", "Not Started"]),
        ]
    };
    let with_year = read(write(
        dir.path(),
        "a.xlsx",
        &[("Milestones", rows("Milestone plan FY 2025-26"))],
    ));
    let ms = &with_year.project.milestones;
    assert_eq!(ms[0].0.date("baseline"), Some(date(2025, 9, 1)));
    assert_eq!(ms[1].0.date("baseline"), Some(date(2026, 2, 3)));

    // A full date in the column places the others near it.
    let mut near = rows("Milestone plan");
    near.push(texts(&["Close-out", "2026-03-31", "Not Started"]));
    let neighbours = read(write(dir.path(), "c.xlsx", &[("Milestones", near)]));
    let ms = &neighbours.project.milestones;
    assert_eq!(ms[0].0.date("baseline"), Some(date(2025, 9, 1)));
    assert_eq!(ms[1].0.date("baseline"), Some(date(2026, 2, 3)));
    assert!(neighbours.project.problems.is_empty());

    let without = read(write(
        dir.path(),
        "b.xlsx",
        &[("Milestones", rows("Milestone plan"))],
    ));
    // Never September 2001: reported, not guessed.
    assert!(without.project.milestones[0].0.date("baseline").is_none());
    let p = &without.project.problems;
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p.iter().all(|p| p.kind == ProblemKind::AmbiguousDate));
    assert!(p[0].message.contains("no year"), "{}", p[0].message);
}

#[test]
fn a_raid_log_splits_into_risks_and_issues_and_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "raid.xlsx",
        &[(
            "RAID",
            vec![
                texts(&[
                    "ID",
                    "Type",
                    "Description",
                    "Probability",
                    "Owner",
                    "Status",
                ]),
                texts(&["1", "Risk", "Vendor late", "High", "PM", "Open"]),
                texts(&["2", "Issue", "Server down", "", "Ops", "Open"]),
                texts(&["3", "Assumption", "Staff available", "", "PM", "Confirmed"]),
                texts(&["4", "Dependency", "API from vendor", "", "Dev", "Pending"]),
            ],
        )],
    );
    let i = read(path);
    assert_eq!(i.project.risks.len(), 1);
    assert_eq!(i.project.issues.len(), 1);
    assert_eq!(
        i.project.issues[0].0.text("description"),
        Some("Server down")
    );
    let raid = sheet(&i, "RAID");
    assert_eq!(raid.rows, 1);
    assert!(
        raid.notes
            .iter()
            .any(|n| n.contains("row 4 (assumption)") && n.contains("row 5 (dependency)")),
        "{:?}",
        raid.notes
    );
    let part = sheet(&i, "RAID (issues)");
    assert_eq!((part.kind.as_deref(), part.rows), (Some("issues"), 1));
    // The listed rows' statuses are not problems: they were not read.
    assert!(i.project.problems.is_empty(), "{:?}", i.project.problems);
}

#[test]
fn template_rows_and_money_in_a_rating_column_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p2.xlsx",
        &[(
            "Issue Register",
            vec![
                texts(&[
                    "ID",
                    "Title",
                    "Status",
                    "Probability",
                    "Impact (monetary)",
                    "Importance",
                ]),
                vec![
                    W::N(1.0),
                    W::T("Data theft"),
                    W::T("Active"),
                    W::T("50% to 75%"),
                    W::N(20000.0),
                    W::T("Medium"),
                ],
                vec![
                    W::N(2.0),
                    W::T("OCR fails"),
                    W::T("Active"),
                    W::T("0.4"),
                    W::N(15000.0),
                    W::T("High"),
                ],
                vec![
                    W::N(3.0),
                    W::T(""),
                    W::T(""),
                    W::T(""),
                    W::T(""),
                    W::F("IF(1>2,\"High\",\"\")", ""),
                ],
            ],
        )],
    );
    let i = read(path);
    let s = sheet(&i, "Issue Register");
    assert_eq!(s.kind.as_deref(), Some("risks"));
    assert_eq!(s.rows, 2);
    assert_eq!(i.project.risks[0].0.integer("likelihood"), Some(4));
    assert!(i.project.risks[0].0.integer("impact").is_none());
    assert!(
        !s.columns.iter().any(|c| c.key == "impact"),
        "{:?}",
        s.columns
    );
    assert!(
        s.guesses
            .iter()
            .any(|n| n.contains("'Impact (monetary)' holds amounts")),
        "{:?}",
        s.guesses
    );
    // Row 4 (an ID and a formula giving a blank) is a template row: listed
    // with why, not read.
    assert!(
        s.skipped.template.contains(&4)
            || s.skipped.note.contains(&4)
            || s.notes.iter().any(|n| n.contains("row(s) 4")),
        "{:?} {:?}",
        s.skipped,
        s.notes
    );
}

#[test]
fn a_one_among_probabilities_is_certainty_not_the_lowest_rating() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "cr.xlsx",
        &[(
            "Risk Register",
            vec![
                texts(&["No", "Risk", "Owner", "Probability", "Impact"]),
                vec![
                    W::T("R1"),
                    W::T("Scope creep"),
                    W::T("Ana"),
                    W::N(0.9),
                    W::T("Medium"),
                ],
                vec![
                    W::T("R2"),
                    W::T("Supplier late"),
                    W::T("Ben"),
                    W::N(0.15),
                    W::T("High"),
                ],
                vec![
                    W::T("R3"),
                    W::T("Task overruns"),
                    W::T("Sam"),
                    W::N(1.0),
                    W::T("Medium"),
                ],
            ],
        )],
    );
    let i = read(path);
    let l: Vec<_> = i
        .project
        .risks
        .iter()
        .map(|r| r.0.integer("likelihood"))
        .collect();
    assert_eq!(l, [Some(5), Some(1), Some(5)]);
    let s = sheet(&i, "Risk Register");
    assert!(
        s.guesses.iter().any(|n| n.contains("holds probabilities")),
        "{:?}",
        s.guesses
    );
    assert!(
        s.guesses.iter().any(|n| n.contains("100%")),
        "{:?}",
        s.guesses
    );
}

#[test]
fn gantt_charts_dashboards_and_assumption_logs_are_declined_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut gantt = vec![
        texts(&["Task", "Start", "End", "M", "T", "W", "Th", "F", "M", "T"]),
        texts(&["Design", "2025-04-01", "2025-04-04"]),
    ];
    gantt.push(texts(&["Build", "2025-04-07", "2025-04-11"]));
    let path = write(
        dir.path(),
        "mixed.xlsx",
        &[
            ("Plan", gantt),
            (
                "KPI Summary",
                vec![
                    texts(&["Project Name", "Status", "Budget", "Actual Spend"]),
                    vec![W::T("CRM"), W::T("Green"), W::N(50000.0), W::N(46000.0)],
                ],
            ),
            (
                "Assumptions",
                vec![
                    texts(&["ID", "Assumption", "Owner", "Status"]),
                    texts(&["A1", "Staff available", "PM", "Open"]),
                ],
            ),
            (
                "Risks",
                vec![
                    texts(&["Risk ID", "Risk Description", "Likelihood", "Impact"]),
                    texts(&["R1", "Vendor late", "High", "Medium"]),
                ],
            ),
        ],
    );
    let i = read(path);
    for (name, why) in [
        ("Plan", "Gantt"),
        ("KPI Summary", "KPI"),
        ("Assumptions", "assumptions"),
    ] {
        let s = sheet(&i, name);
        assert_eq!(s.kind, None, "{name}: {}", s.reason);
        assert!(s.reason.contains(why), "{name}: {}", s.reason);
    }
    assert_eq!(sheet(&i, "Risks").kind.as_deref(), Some("risks"));
}

#[test]
fn a_stakeholder_register_under_project_labels_is_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "st.xlsx",
        &[(
            "Sheet1",
            vec![
                texts(&["Project Stakeholder Register"]),
                texts(&["Project Name:", "Forms"]),
                texts(&["Prepared By:", "F. C."]),
                texts(&[
                    "Stakeholder Name",
                    "Project Role (Decision Maker, Participant)",
                    "Level of Influence (High, Medium, Low)",
                ]),
                texts(&["P. W.", "Decision Maker", "High"]),
                texts(&["M. M.", "Participant", "Medium"]),
            ],
        )],
    );
    let i = read(path);
    let s = sheet(&i, "Sheet1");
    assert_eq!((s.kind.as_deref(), s.rows), (Some("stakeholders"), 2));
    assert_eq!(
        s.parameters.get("prepared by").map(String::as_str),
        Some("F. C.")
    );
    assert!(i.project.info.fields.is_empty());
}

#[test]
fn a_risk_whose_description_starts_with_a_total_word_is_a_risk() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "total_risk.xlsx",
        &[(
            "Risk Register",
            vec![
                texts(&[
                    "Risk ID",
                    "Risk Description",
                    "Owner",
                    "Likelihood",
                    "Impact",
                    "Status",
                ]),
                vec![
                    W::T("R-1"),
                    W::T("Vendor may fail"),
                    W::T("Jane"),
                    W::N(2.0),
                    W::N(2.0),
                    W::T("Open"),
                ],
                // No ID, a total word first: still a risk (a sentence, and
                // 4 and 5 are not the sums of the rows above).
                vec![
                    W::T(""),
                    W::T("Total loss of the data centre"),
                    W::T("Bob"),
                    W::N(4.0),
                    W::N(5.0),
                    W::T("Open"),
                ],
                // A short label, but the row has an owner and a status, and
                // its figures do not add up the rows above.
                vec![
                    W::T(""),
                    W::T("Total outage"),
                    W::T("Ann"),
                    W::N(3.0),
                    W::N(3.0),
                    W::T("Open"),
                ],
            ],
        )],
    );
    let i = read(path);
    let described: Vec<_> = i
        .project
        .risks
        .iter()
        .filter_map(|r| r.0.text("description"))
        .collect();
    assert_eq!(
        described,
        [
            "Vendor may fail",
            "Total loss of the data centre",
            "Total outage"
        ]
    );
    let s = sheet(&i, "Risk Register");
    assert_eq!(s.rows, 3, "{s:#?}");
    assert!(s.skipped.subtotal.is_empty(), "{s:#?}");
}

#[test]
fn a_total_row_of_a_risk_log_that_adds_up_the_rows_above_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let risk = |id: &'static str, d: &'static str, cost: f64| {
        vec![W::T(id), W::T(d), W::T("Jane"), W::T("High"), W::N(cost)]
    };
    let path = write(
        dir.path(),
        "risk_total.xlsx",
        &[(
            "Risks",
            vec![
                texts(&[
                    "Risk ID",
                    "Description",
                    "Owner",
                    "Probability",
                    "Cost Impact",
                ]),
                risk("R-1", "Vendor may fail", 1000.0),
                risk("R-2", "Staff leave", 2000.0),
                vec![W::T(""), W::T("Total"), W::T(""), W::T(""), W::N(3000.0)],
            ],
        )],
    );
    let i = read(path);
    assert_eq!(i.project.risks.len(), 2, "{:#?}", i.project.risks);
    assert_eq!(sheet(&i, "Risks").skipped.subtotal, [4]);
}
