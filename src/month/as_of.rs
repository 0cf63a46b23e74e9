//! The as-of: which month the workbooks are read as of, and the one policy
//! that decides it when the user does not say.

use super::Error;
use crate::model::fiscal::parse_period_number;
use crate::model::{FiscalCalendar, FiscalPeriod, FiscalYear, Project};
use crate::reconcile::last_actual_period;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// An as-of as the user gave it, before the project is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfGiven {
    /// A full fiscal period (`2026-27:P05`).
    Period(FiscalPeriod),
    /// A period number with no year (`P05`), placed in the project's fiscal
    /// year.
    BarePeriod(u8),
    /// A date (`2026-08-31`).
    Date(NaiveDate),
}

impl AsOfGiven {
    /// Parses `2026-27:P05`, `P05` or a date (ISO, or the forms cells use).
    ///
    /// # Errors
    ///
    /// [`Error::AsOf`] when the text is none of these.
    pub fn parse(text: &str) -> Result<AsOfGiven, Error> {
        if let Some(p) = FiscalPeriod::parse(text) {
            return Ok(AsOfGiven::Period(p));
        }
        if let Some(n) = parse_period_number(text) {
            return Ok(AsOfGiven::BarePeriod(n));
        }
        crate::ingest::coerce::parse_date_text(text)
            .map(AsOfGiven::Date)
            .map_err(|_| Error::AsOf { text: text.into() })
    }
}

/// Where the as-of came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfSource {
    /// Given on the command line (or by the library's caller).
    Given,
    /// The Status Date in Project Information.
    StatusDate,
    /// The end of the last period with actuals in the budget.
    LastActuals,
    /// Today: nothing else says.
    Today,
}

impl fmt::Display for AsOfSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AsOfSource::Given => "given",
            AsOfSource::StatusDate => "the Status Date in Project Information",
            AsOfSource::LastActuals => "the last period with actuals",
            AsOfSource::Today => "today",
        })
    }
}

/// The month the workbooks are read as of: the reporting period (actuals
/// run to its end) and the date the rules and milestones treat as today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AsOf {
    /// The reporting period.
    pub period: FiscalPeriod,
    /// The as-of date, within `period`.
    pub date: NaiveDate,
    /// Where it came from.
    pub source: AsOfSource,
}

/// Resolves the as-of: the one given (a period means its last day; a date
/// its period), else the Status Date in Project Information, else the end
/// of the last period with actuals, else today.
///
/// A bare period (`P05`) is placed in `fiscal_year`, else the fiscal year
/// Project Information names, else the year the as-of would have by default.
pub fn resolve_as_of(
    given: Option<AsOfGiven>,
    project: &Project,
    calendar: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
    today: NaiveDate,
) -> AsOf {
    let at_period = |period: FiscalPeriod, source| AsOf {
        period,
        date: calendar.last_day(period),
        source,
    };
    let at_date = |date: NaiveDate, source| AsOf {
        period: calendar.period_of(date),
        date,
        source,
    };
    let default = || match (project.info.date("as_of"), last_actual_period(project)) {
        (Some(d), _) => at_date(d, AsOfSource::StatusDate),
        (None, Some(p)) => at_period(p, AsOfSource::LastActuals),
        (None, None) => at_date(today, AsOfSource::Today),
    };
    match given {
        None => default(),
        Some(AsOfGiven::Period(p)) => at_period(p, AsOfSource::Given),
        Some(AsOfGiven::Date(d)) => at_date(d, AsOfSource::Given),
        Some(AsOfGiven::BarePeriod(n)) => {
            let year = fiscal_year
                .or_else(|| project.info.fiscal_year())
                .unwrap_or_else(|| default().period.year());
            // `parse` gives 1..=12; a caller's own number is held to that.
            let p = FiscalPeriod::new(year, n.clamp(1, 12)).unwrap_or(default().period);
            at_period(p, AsOfSource::Given)
        }
    }
}
