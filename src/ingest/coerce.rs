//! Cell coercion: a [`Cell`] and a column definition in, a typed [`Value`]
//! (or a problem saying why not) out. Money never passes through `f64`
//! beyond [`money_from_f64`].

use super::months::{self, MonthLabel};
use super::workbook::{excel_serial_to_date, Cell};
use crate::definition::{normalise_header, ColumnDef, ColumnType, Definition};
use crate::model::fiscal::{FiscalCalendar, FiscalYear};
use crate::model::money::{checked_money, money_from_f64, parse_decimal_text, MoneyError};
use crate::model::{ProblemKind, Value};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

/// Excel's error values as they show in a cell.
const EXCEL_ERRORS: &[&str] = &[
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
];

/// The Excel error a cell shows: an error value, or its text as CSV exports
/// and some writers keep it.
pub fn excel_error<'a>(cell: Cell<'a>) -> Option<&'a str> {
    match cell {
        Cell::Error(e) => Some(e),
        Cell::Text(t) if EXCEL_ERRORS.contains(&t.trim()) => Some(t.trim()),
        _ => None,
    }
}

/// What coercion needs to know besides the cell.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Cells carry types (false for CSV, where everything is text).
    pub typed: bool,
    /// The workbook counts dates from 1904.
    pub date1904: bool,
    /// The fiscal calendar.
    pub calendar: FiscalCalendar,
    /// The fiscal year for bare months and period numbers.
    pub fiscal_year: Option<FiscalYear>,
    /// What a money cell's number is multiplied by: 1, or 1,000 for a sheet
    /// kept "in $000s".
    pub money_scale: u32,
    /// How the sheet writes slashed dates, when its own dates settle it
    /// (a day past 12 in the first place says day-first): `04/05/2025` is
    /// then read that way instead of reported as ambiguous.
    pub date_order: Option<DateOrder>,
}

/// The order of day and month in a date written `04/05/2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `25/03/2025`.
    DayFirst,
    /// `03/25/2025`.
    MonthFirst,
}

/// The order a column's slashed text dates settle between them: day-first
/// when some day runs past 12 in the first place and none in the second,
/// and the other way round; `None` when nothing or both say so.
pub fn settled_order<'a>(texts: impl Iterator<Item = &'a str>) -> Option<(DateOrder, String)> {
    let (mut day_first, mut month_first) = (false, false);
    let mut evidence = String::new();
    for t in texts {
        let parts: Vec<&str> = t.trim().split(['/', '-', '.']).collect();
        if parts.len() != 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
            || parts[0].len() > 2
        {
            continue;
        }
        let (a, b) = (
            parts[0].parse::<u32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
        );
        let (d, m) = (a > 12 && b <= 12, b > 12 && a <= 12);
        if (d || m) && evidence.is_empty() {
            evidence = t.trim().to_string();
        }
        day_first |= d;
        month_first |= m;
        if day_first && month_first {
            return None;
        }
    }
    match (day_first, month_first) {
        (true, false) => Some((DateOrder::DayFirst, evidence)),
        (false, true) => Some((DateOrder::MonthFirst, evidence)),
        _ => None,
    }
}

/// The outcome of coercing one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Coerced {
    /// Nothing in the cell, or a "no amount" marker such as `-`.
    Blank,
    /// A value; the flag says a number was typed as text.
    Value(Value, bool),
    /// The cell cannot be read as the column's type.
    Problem(ProblemKind, String),
}

/// Coerces a cell to its column's type.
pub fn coerce(cell: Cell<'_>, col: &ColumnDef, def: &Definition, ctx: &Context) -> Coerced {
    if cell.is_blank() {
        return Coerced::Blank;
    }
    if let Some(e) = excel_error(cell) {
        return Coerced::Problem(
            ProblemKind::ErrorCell,
            format!("holds the Excel error {e}; fix the formula or type the value"),
        );
    }
    let text_flag = ctx.typed && matches!(cell, Cell::Text(_));
    match col.kind {
        ColumnType::Text => Coerced::Value(Value::Text(cell.display()), false),
        ColumnType::Money => match money_cell(cell, ctx.typed, ctx.money_scale) {
            Ok(Some((d, from_text))) => Coerced::Value(Value::Money(d), from_text),
            Ok(None) => Coerced::Blank,
            Err(why) => problem(ProblemKind::BadMoney, cell, &why),
        },
        ColumnType::Number => match number(cell) {
            Some(Ok(d)) => Coerced::Value(Value::Number(d), text_flag),
            Some(Err(())) => problem(ProblemKind::BadNumber, cell, "is not a number"),
            None => Coerced::Blank,
        },
        ColumnType::Percent => match percent(cell) {
            Some(Ok(d)) => Coerced::Value(
                Value::Number(d),
                text_flag && !matches!(cell, Cell::Text(t) if t.contains('%')),
            ),
            Some(Err(())) => problem(ProblemKind::BadNumber, cell, "is not a percentage"),
            None => Coerced::Blank,
        },
        ColumnType::Integer => integer(cell, text_flag),
        ColumnType::Scale => {
            let name = col.scale.as_deref().unwrap_or(&col.key);
            let scale = def.scales.get(name);
            if let Some(p) = probability(cell) {
                return match def.percent_bands.get(name) {
                    Some(bands) => match band(bands, p) {
                        Some(v) => Coerced::Value(Value::Integer(v), false),
                        None => problem(ProblemKind::BadInteger, cell, "is not a probability"),
                    },
                    None => problem(
                        ProblemKind::BadInteger,
                        cell,
                        "is a probability, and no [percent_bands] place it on this scale",
                    ),
                };
            }
            match cell {
                Cell::Text(t) => {
                    let n = normalise_header(t);
                    if let Some(v) =
                        scale.and_then(|s| s.iter().find(|(k, _)| normalise_header(k) == n))
                    {
                        return Coerced::Value(Value::Integer(*v.1), false);
                    }
                    // "4 - High", "3 (Medium)"
                    let lead: String = t
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    if !lead.is_empty() && lead.len() < t.trim().len() {
                        if let Ok(v) = lead.parse() {
                            return Coerced::Value(Value::Integer(v), false);
                        }
                    }
                    integer(cell, text_flag)
                }
                _ => integer(cell, text_flag),
            }
        }
        ColumnType::Date => match date(cell, ctx) {
            Ok(d) => Coerced::Value(Value::Date(d), false),
            Err((kind, why)) => problem(kind, cell, &why),
        },
        ColumnType::Period => period(cell, ctx),
        ColumnType::FiscalYear => match cell {
            Cell::Text(t) => match FiscalYear::parse(t) {
                Some(y) => Coerced::Value(Value::Year(y), false),
                None => problem(
                    ProblemKind::BadPeriod,
                    cell,
                    "is not a fiscal year; write it as 2025-26",
                ),
            },
            _ => problem(
                ProblemKind::BadPeriod,
                cell,
                "is not a fiscal year; write it as 2025-26",
            ),
        },
        ColumnType::Enum => match col.canonical_value(&cell.display()) {
            Some(v) => Coerced::Value(Value::Text(v.to_string()), false),
            None => problem(
                ProblemKind::BadEnum,
                cell,
                &format!("is not one of: {}", col.values.join(", ")),
            ),
        },
    }
}

/// A problem naming what the cell shows (formatted only when needed).
/// A money cell: the amount (scaled, then rounded to cents) and whether it
/// was typed as text, `None` for no amount, or why it is not money.
///
/// # Errors
///
/// A reason such as "is not an amount of money".
pub fn money_cell(
    cell: Cell<'_>,
    typed: bool,
    scale: u32,
) -> Result<Option<(Decimal, bool)>, String> {
    // The bound applies to the amount in dollars, after scaling: 2e12 in a
    // sheet kept in thousands is two quadrillion dollars.
    let why = |e: MoneyError| match (e, scale) {
        (MoneyError::OutOfRange, 2..) => {
            format!("{e}; the sheet counts in units of {scale} dollars")
        }
        _ => e.to_string(),
    };
    match cell {
        Cell::Number(n) => money_from_f64(n * f64::from(scale))
            .map(|m| Some((m, false)))
            .map_err(why),
        Cell::Text(t) => match parse_decimal_text(t) {
            Ok(Some(d)) => d
                .checked_mul(Decimal::from(scale))
                .ok_or(MoneyError::OutOfRange)
                .and_then(checked_money)
                .map(|m| Some((m, typed)))
                .map_err(why),
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
        },
        Cell::Empty => Ok(None),
        _ => Err("is not an amount of money".into()),
    }
}

fn problem(kind: ProblemKind, cell: Cell<'_>, why: &str) -> Coerced {
    Coerced::Problem(kind, format!("'{}' {why}", cell.display()))
}

fn number(cell: Cell<'_>) -> Option<Result<Decimal, ()>> {
    match cell {
        Cell::Number(n) => Some(
            Decimal::from_f64(n)
                .map(|d| d.round_dp(10).normalize())
                .ok_or(()),
        ),
        Cell::Text(t) => match parse_decimal_text(t) {
            Ok(Some(d)) => Some(Ok(d)),
            Ok(None) => None,
            Err(_) => Some(Err(())),
        },
        _ => Some(Err(())),
    }
}

fn percent(cell: Cell<'_>) -> Option<Result<Decimal, ()>> {
    let hundred = Decimal::from(100);
    match cell {
        Cell::Text(t) if t.contains('%') => match parse_decimal_text(&t.replace('%', "")) {
            Ok(Some(d)) => Some(Ok(d / hundred)),
            Ok(None) => None,
            Err(_) => Some(Err(())),
        },
        // A percent-formatted cell holds the fraction; "50" typed into a
        // General cell means 50%.
        other => number(other).map(|r| {
            r.map(|d| {
                if d.abs() > Decimal::ONE {
                    d / hundred
                } else {
                    d
                }
            })
        }),
    }
}

/// A probability in percent: a fraction (0.4), a percentage ("40%"), or a
/// range ("25% to 50%", "25-50%") by its middle.
pub fn probability(cell: Cell<'_>) -> Option<f64> {
    match cell {
        Cell::Number(n) if n > 0.0 && n < 1.0 => Some(n * 100.0),
        Cell::Text(t) if t.contains('%') => {
            let nums: Vec<f64> = t
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter(|p| !p.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            match nums.as_slice() {
                [p] => Some(*p),
                [lo, hi] if lo <= hi => Some((lo + hi) / 2.0),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The point a probability (in percent) takes on a scale column, by the
/// definition's `[percent_bands]`.
pub fn percent_point(def: &Definition, col: &ColumnDef, p: f64) -> Option<i64> {
    let name = col.scale.as_deref().unwrap_or(&col.key);
    band(def.percent_bands.get(name)?, p)
}

/// The scale point whose band holds a probability in percent.
fn band(bounds: &[u32], p: f64) -> Option<i64> {
    if p < 0.0 {
        return None;
    }
    bounds
        .iter()
        .position(|&b| p <= f64::from(b))
        .map(|i| i as i64 + 1)
}

fn integer(cell: Cell<'_>, text_flag: bool) -> Coerced {
    match number(cell) {
        Some(Ok(d)) if d.fract().is_zero() => match i64::try_from(d) {
            Ok(i) => Coerced::Value(Value::Integer(i), text_flag),
            Err(_) => problem(ProblemKind::BadInteger, cell, "is too large"),
        },
        Some(Ok(_)) => problem(ProblemKind::BadInteger, cell, "is not a whole number"),
        Some(Err(())) => problem(ProblemKind::BadInteger, cell, "is not a whole number"),
        None => Coerced::Blank,
    }
}

/// Reads a date from a date cell, an Excel serial number, or text.
///
/// # Errors
///
/// The problem kind and a reason, e.g. for `04/05/2025` (day and month could
/// be either way round).
pub fn date(cell: Cell<'_>, ctx: &Context) -> Result<NaiveDate, (ProblemKind, String)> {
    let bad = |why: &str| (ProblemKind::BadDate, why.to_string());
    match cell {
        Cell::Date(d) => Ok(d.date()),
        Cell::Number(n) => match excel_serial_to_date(n, ctx.date1904) {
            Some(d) if (1990..=2100).contains(&d.year()) => Ok(d),
            _ => Err(bad(
                "is not a date; type it as 2025-04-01 or format the cell as a date",
            )),
        },
        Cell::Text(t) => match day_month_without_year(t) {
            Some((m, d)) => date_in_year(m, d, ctx),
            None => parse_date_text_in(t, ctx.date_order),
        },
        _ => Err(bad("is not a date")),
    }
}

/// A day and month the sheet gives no year for ("Sep 01", "1 Sep", "Sep
/// 5"): the year is the sheet's fiscal year (its title, a Fiscal Year
/// cell, Project Information or `--fiscal-year`), or it is reported.
fn date_in_year(month: u32, day: u32, ctx: &Context) -> Result<NaiveDate, (ProblemKind, String)> {
    let Some(fy) = ctx.fiscal_year else {
        return Err((ProblemKind::AmbiguousDate, NO_YEAR.to_string()));
    };
    let year = if month >= ctx.calendar.start_month() {
        fy.start_year()
    } else {
        fy.start_year() + 1
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or((ProblemKind::BadDate, "is not a date".to_string()))
}

const NO_YEAR: &str = "names a day but no year; type the full date (2025-09-01), or name the fiscal year above the header ('Fiscal Year: 2025-26')";

/// A month and a day with no year: a day first ("1 Sep", "01-Sep"), or a
/// month then a one-digit or zero-padded day ("Sep 1", "Sep 01"). A month
/// then two digits from 10 ("Apr-25") is a month of a year, as budgets
/// label them.
pub fn day_month_without_year(text: &str) -> Option<(u32, u32)> {
    let toks = months::tokens(text);
    let digits = |t: &str| t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit());
    let (month, day, day_first) = match toks.as_slice() {
        [a, b] if digits(b) => (months::month_number(a)?, b.as_str(), false),
        [a, b] if digits(a) => (months::month_number(b)?, a.as_str(), true),
        _ => return None,
    };
    let n: u32 = day.parse().ok()?;
    let is_day = day_first || day.len() == 1 || day.starts_with('0');
    (is_day && (1..=31).contains(&n)).then_some((month, n))
}

/// Parses the date forms people type: ISO, `1-Apr-2025`, `April 1, 2025`,
/// `01/04/2025` when the day is over 12, and a month alone (`Apr-25`,
/// `April 2025`, `2025-04`) as that month's first day.
///
/// # Errors
///
/// The problem kind and a reason.
pub fn parse_date_text(text: &str) -> Result<NaiveDate, (ProblemKind, String)> {
    parse_date_text_in(text, None)
}

/// [`parse_date_text`], with the order the sheet's dates settled for the
/// dates that could be read either way.
pub fn parse_date_text_in(
    text: &str,
    order: Option<DateOrder>,
) -> Result<NaiveDate, (ProblemKind, String)> {
    let t = text.trim();
    // No way of writing a date is this long: a cell of megabytes is not
    // tried against every format.
    if t.len() > 100 {
        return Err((ProblemKind::BadDate, "is not a date".to_string()));
    }
    let t = t.split(['T']).next().unwrap_or(t);
    let t = t.strip_suffix(" 00:00:00").unwrap_or(t).trim();
    for fmt in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%d-%b-%Y",
        "%d-%b-%y",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d-%B-%Y",
        "%Y%m%d",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(t, fmt) {
            if (1900..=2100).contains(&d.year()) {
                return Ok(d);
            }
        }
    }
    // Slashed or dashed day/month/year: decide only when unambiguous.
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let (a, b) = (
            parts[0].parse::<u32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
        );
        let y = match parts[2].len() {
            4 => parts[2].parse::<i32>().unwrap_or(0),
            2 => 2000 + parts[2].parse::<i32>().unwrap_or(0),
            _ => 0,
        };
        let dm = NaiveDate::from_ymd_opt(y, b, a);
        let md = NaiveDate::from_ymd_opt(y, a, b);
        return match (dm, md) {
            (Some(d), None) | (None, Some(d)) => Ok(d),
            (Some(d), Some(_)) if a == b => Ok(d),
            (Some(d), Some(_)) if order == Some(DateOrder::DayFirst) => Ok(d),
            (Some(_), Some(d)) if order == Some(DateOrder::MonthFirst) => Ok(d),
            (Some(_), Some(_)) => Err((
                ProblemKind::AmbiguousDate,
                "could be day/month or month/day; type it as YYYY-MM-DD (e.g. 2025-04-05)"
                    .to_string(),
            )),
            (None, None) => Err((ProblemKind::BadDate, "is not a date".to_string())),
        };
    }
    if day_month_without_year(t).is_some() {
        return Err((ProblemKind::AmbiguousDate, NO_YEAR.to_string()));
    }
    match months::parse_label(t) {
        Some(MonthLabel::YearMonth(y, m)) => NaiveDate::from_ymd_opt(y, m, 1)
            .ok_or((ProblemKind::BadDate, "is not a date".to_string())),
        _ => Err((
            ProblemKind::BadDate,
            "is not a date; type it as YYYY-MM-DD".to_string(),
        )),
    }
}

/// A period typed as a bare number, 1 to 12 (`5`, `05`, `005`).
fn is_period_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 3
        && t.chars().all(|c| c.is_ascii_digit())
        && (1..=12).contains(&t.parse::<u32>().unwrap_or(0))
}

fn period(cell: Cell<'_>, ctx: &Context) -> Coerced {
    let label = match cell {
        Cell::Date(d) => Some(MonthLabel::YearMonth(d.year(), d.month())),
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=12.0).contains(&n) => {
            Some(MonthLabel::Period(n as u8))
        }
        Cell::Number(n) => match excel_serial_to_date(n, ctx.date1904) {
            Some(d) if (1990..=2100).contains(&d.year()) => {
                Some(MonthLabel::YearMonth(d.year(), d.month()))
            }
            _ => None,
        },
        // A CSV's "5" or "005" in a Period column is period 5, as the same
        // number is in a workbook.
        Cell::Text(t) if is_period_number(t) => {
            Some(MonthLabel::Period(t.trim().parse::<u8>().unwrap_or(0)))
        }
        Cell::Text(t) => months::parse_label(t).or_else(|| {
            parse_date_text_in(t, ctx.date_order)
                .ok()
                .map(|d| MonthLabel::YearMonth(d.year(), d.month()))
        }),
        _ => None,
    };
    match label {
        None => problem(
            ProblemKind::BadPeriod,
            cell,
            "is not a fiscal period; use P01-P12, a month such as Apr-25, or a date",
        ),
        Some(l) => match l.resolve(&ctx.calendar, ctx.fiscal_year) {
            Some(p) => Coerced::Value(Value::Period(p), false),
            None => problem(
                ProblemKind::PeriodWithoutYear,
                cell,
                "names no fiscal year; add a Fiscal Year column or a 'Fiscal Year: 2025-26' cell above the header, or pass --fiscal-year",
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::Definitions;
    use std::str::FromStr;

    fn ctx() -> Context {
        Context {
            date_order: None,
            typed: true,
            date1904: false,
            calendar: FiscalCalendar::default(),
            fiscal_year: Some(FiscalYear::new(2025).unwrap()),
            money_scale: 1,
        }
    }

    #[test]
    fn money_cells() {
        let defs = Definitions::built_in().unwrap();
        let def = defs.get("ledger").unwrap();
        let col = def.column("amount").unwrap();
        let m = |s: &str| Value::Money(Decimal::from_str(s).unwrap());
        assert_eq!(
            coerce(Cell::Number(1234.4999999999998), col, def, &ctx()),
            Coerced::Value(m("1234.50"), false)
        );
        assert_eq!(
            coerce(Cell::Text("$1,234.50"), col, def, &ctx()),
            Coerced::Value(m("1234.50"), true)
        );
        assert_eq!(coerce(Cell::Text("-"), col, def, &ctx()), Coerced::Blank);
        assert!(matches!(
            coerce(Cell::Text("TBD"), col, def, &ctx()),
            Coerced::Problem(ProblemKind::BadMoney, _)
        ));
        assert!(matches!(
            coerce(Cell::Error("#REF!"), col, def, &ctx()),
            Coerced::Problem(ProblemKind::ErrorCell, _)
        ));
    }

    #[test]
    fn money_beyond_the_bound_after_scaling_says_so() {
        assert_eq!(
            money_cell(Cell::Number(2.5), true, 1_000),
            Ok(Some((Decimal::from_str("2500.00").unwrap(), false)))
        );
        for cell in [Cell::Number(2e12), Cell::Text("2,000,000,000,000")] {
            let why = money_cell(cell, true, 1_000).unwrap_err();
            assert!(
                why.contains("too large") && why.contains("units of 1000 dollars"),
                "{why}"
            );
        }
        // 7e28 × 1,000 does not fit in a Decimal at all.
        let why = money_cell(Cell::Text("70000000000000000000000000000"), true, 1_000);
        assert!(why.unwrap_err().contains("too large"));
        assert!(money_cell(Cell::Number(1e26), true, 1).is_err());
    }

    #[test]
    fn scales_and_enums() {
        let defs = Definitions::built_in().unwrap();
        let def = defs.get("risks").unwrap();
        let like = def.column("likelihood").unwrap();
        assert_eq!(
            coerce(Cell::Text("Very High"), like, def, &ctx()),
            Coerced::Value(Value::Integer(5), false)
        );
        assert_eq!(
            coerce(Cell::Text("4 - Likely"), like, def, &ctx()),
            Coerced::Value(Value::Integer(4), false)
        );
        assert_eq!(
            coerce(Cell::Number(3.0), like, def, &ctx()),
            Coerced::Value(Value::Integer(3), false)
        );
        assert!(matches!(
            coerce(Cell::Number(3.5), like, def, &ctx()),
            Coerced::Problem(ProblemKind::BadInteger, _)
        ));
        let rating = def.column("rating").unwrap();
        assert_eq!(
            coerce(Cell::Text("med"), rating, def, &ctx()),
            Coerced::Value(Value::Text("Medium".into()), false)
        );
    }

    #[test]
    fn date_text_forms() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date_text("2025-04-01"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date_text("1-Apr-2025"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date_text("April 1, 2025"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date_text("25/04/2025"), Ok(d(2025, 4, 25)));
        assert_eq!(parse_date_text("04/25/2025"), Ok(d(2025, 4, 25)));
        assert_eq!(parse_date_text("Apr-25"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date_text("2025-04-01 00:00:00"), Ok(d(2025, 4, 1)));
        assert_eq!(
            parse_date_text("04/05/2025").unwrap_err().0,
            ProblemKind::AmbiguousDate
        );
        assert_eq!(parse_date_text("soon").unwrap_err().0, ProblemKind::BadDate);
    }

    #[test]
    fn days_without_a_year_take_the_fiscal_year_or_are_reported() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // Never September 2001.
        assert_eq!(
            parse_date_text("Sep 01").unwrap_err().0,
            ProblemKind::AmbiguousDate
        );
        let mut c = ctx();
        c.fiscal_year = None;
        assert_eq!(
            date(Cell::Text("Sep 01"), &c).unwrap_err().0,
            ProblemKind::AmbiguousDate
        );
        c.fiscal_year = FiscalYear::new(2025).ok();
        assert_eq!(date(Cell::Text("Sep 01"), &c), Ok(d(2025, 9, 1)));
        assert_eq!(date(Cell::Text("15 Feb"), &c), Ok(d(2026, 2, 15)));
        // A month of a year stays one.
        assert_eq!(date(Cell::Text("Apr-25"), &c), Ok(d(2025, 4, 1)));
        assert_eq!(day_month_without_year("Sept 5"), Some((9, 5)));
        assert_eq!(day_month_without_year("Apr-25"), None);
    }

    #[test]
    fn probabilities_on_the_five_point_scale() {
        let defs = crate::definition::Definitions::built_in().unwrap();
        let risks = defs.get("risks").unwrap();
        let col = risks.column("likelihood").unwrap();
        let at = |c: Cell<'_>| match coerce(c, col, risks, &ctx()) {
            Coerced::Value(Value::Integer(i), _) => Some(i),
            _ => None,
        };
        assert_eq!(at(Cell::Number(0.4)), Some(2));
        assert_eq!(at(Cell::Number(0.85)), Some(5));
        assert_eq!(at(Cell::Text("75% to 100%")), Some(5));
        assert_eq!(at(Cell::Text("0% to 5%")), Some(1));
        assert_eq!(at(Cell::Text("50%")), Some(3));
        assert_eq!(at(Cell::Number(4.0)), Some(4));
        assert_eq!(at(Cell::Text("Almost certain")), Some(5));
        assert_eq!(at(Cell::Text("150%")), None);
    }

    #[test]
    fn percent_cells() {
        assert_eq!(
            percent(Cell::Number(0.5)),
            Some(Ok(Decimal::from_str("0.5").unwrap()))
        );
        assert_eq!(
            percent(Cell::Number(50.0)),
            Some(Ok(Decimal::from_str("0.5").unwrap()))
        );
        assert_eq!(
            percent(Cell::Text("75%")),
            Some(Ok(Decimal::from_str("0.75").unwrap()))
        );
    }
}
