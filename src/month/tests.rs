use super::*;
use crate::model::{CellRef, FiscalCalendar, FiscalPeriod, FiscalYear, SheetId, Traced, Value};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn period(text: &str) -> FiscalPeriod {
    FiscalPeriod::parse(text).unwrap()
}

fn project_with(status_date: Option<NaiveDate>, year: Option<i32>) -> Project {
    let mut p = Project::default();
    let at = CellRef {
        sheet: SheetId(0),
        row: 0,
        col: 1,
    };
    if let Some(date) = status_date {
        p.info
            .fields
            .insert("as_of".into(), Traced::new(Value::Date(date), at));
    }
    if let Some(y) = year {
        p.info.fields.insert(
            "fiscal_year".into(),
            Traced::new(Value::Year(FiscalYear::new(y).unwrap()), at),
        );
    }
    p
}

const TODAY: (i32, u32, u32) = (2027, 1, 15);

fn resolve(given: Option<&str>, p: &Project, fy: Option<i32>) -> AsOf {
    let given = given.map(|t| AsOfGiven::parse(t).unwrap());
    let fy = fy.map(|y| FiscalYear::new(y).unwrap());
    let today = d(TODAY.0, TODAY.1, TODAY.2);
    resolve_as_of(given, p, &FiscalCalendar::default(), fy, today)
}

#[test]
fn a_period_means_its_last_day_and_a_date_its_period() {
    let p = project_with(Some(d(2026, 10, 31)), None);
    let a = resolve(Some("2026-27:P05"), &p, None);
    assert_eq!((a.period, a.date), (period("2026-27:P05"), d(2026, 8, 31)));
    assert_eq!(a.source, AsOfSource::Given);
    let a = resolve(Some("2026-08-15"), &p, None);
    assert_eq!((a.period, a.date), (period("2026-27:P05"), d(2026, 8, 15)));
}

#[test]
fn default_order_status_date_then_today() {
    let a = resolve(None, &project_with(Some(d(2026, 10, 31)), None), None);
    assert_eq!((a.period, a.date), (period("2026-27:P07"), d(2026, 10, 31)));
    assert_eq!(a.source, AsOfSource::StatusDate);
    let a = resolve(None, &Project::default(), None);
    assert_eq!((a.period, a.date), (period("2026-27:P10"), d(2027, 1, 15)));
    assert_eq!(a.source, AsOfSource::Today);
}

#[test]
fn a_bare_period_takes_the_flag_then_project_info_then_the_default_year() {
    let p = project_with(Some(d(2026, 10, 31)), Some(2025));
    assert_eq!(
        resolve(Some("P05"), &p, Some(2024)).period,
        period("2024-25:P05")
    );
    assert_eq!(resolve(Some("P05"), &p, None).period, period("2025-26:P05"));
    let p = project_with(Some(d(2026, 10, 31)), None);
    assert_eq!(resolve(Some("P05"), &p, None).period, period("2026-27:P05"));
}

#[test]
fn as_of_text_that_is_neither_is_an_error() {
    let e = AsOfGiven::parse("next tuesday").unwrap_err();
    assert!(
        e.to_string().starts_with("as-of 'next tuesday' is neither"),
        "{e}"
    );
    assert!(AsOfGiven::parse("P13").is_err());
}
