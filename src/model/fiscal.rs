//! The fiscal calendar: years named `2025-26`, periods `P01`..`P12`.
//!
//! The Ontario fiscal year starts on April 1, so April is `P01` and March is
//! `P12`. The start month is a setting ([`FiscalCalendar::start_month`]) so a
//! ministry or agency on another year end can use the same code.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A fiscal year, identified by the calendar year in which it starts
/// (`2025-26` starts in 2025). Built with [`FiscalYear::new`] or
/// [`FiscalYear::parse`], so it always names a year the calendar can place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(i32);

/// A fiscal value that cannot exist: a year out of range, a period outside
/// 1..=12, a start month outside 1..=12.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FiscalError {
    /// A fiscal year outside 1..=9999.
    #[error("fiscal year starting in {0} is out of range (1 to 9999)")]
    Year(i32),
    /// A period number outside 1..=12.
    #[error("period {0} does not exist: periods run from P01 to P12")]
    Period(u8),
    /// A month number outside 1..=12.
    #[error("month {0} does not exist: months run from 1 (January) to 12 (December)")]
    Month(u32),
}

/// The years [`FiscalYear::new`] accepts: the span of Excel's dates, widened
/// to year 1.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

impl Serialize for FiscalYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FiscalYear {
    /// The fiscal year starting in calendar year `start` (2025 is `2025-26`).
    ///
    /// # Errors
    ///
    /// [`FiscalError::Year`] when `start` is outside 1..=9999.
    pub fn new(start: i32) -> Result<FiscalYear, FiscalError> {
        if YEARS.contains(&start) {
            Ok(FiscalYear(start))
        } else {
            Err(FiscalError::Year(start))
        }
    }

    /// The calendar year the fiscal year starts in.
    pub fn start_year(self) -> i32 {
        self.0
    }

    /// Its twelve periods, P01 to P12.
    pub fn periods(self) -> impl Iterator<Item = FiscalPeriod> {
        (1..=12).map(move |period| FiscalPeriod { year: self, period })
    }

    /// The fiscal year after this one, if it is in range.
    pub fn next(self) -> Option<FiscalYear> {
        FiscalYear::new(self.0 + 1).ok()
    }

    /// Parses `2025-26`, `2025–26`, `2025/26`, `2025-2026`, `FY2025-26`,
    /// `FY 2025-26` and `FY26` (the year ending in 2026).
    pub fn parse(text: &str) -> Option<FiscalYear> {
        let t: String = text
            .trim()
            .to_ascii_lowercase()
            .replace(['–', '—', '/'], "-")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t.strip_prefix("fy").unwrap_or(&t);
        let t = t.trim_start_matches(['-', ':']);
        if let Some((a, b)) = t.split_once('-') {
            let start: i32 = a.parse().ok()?;
            if a.len() != 4 {
                return None;
            }
            let end: i32 = b.parse().ok()?;
            let ok = match b.len() {
                2 => (start + 1).rem_euclid(100) == end,
                4 => start + 1 == end,
                _ => false,
            };
            return ok.then(|| FiscalYear::new(start).ok()).flatten();
        }
        // "FY26" / "fy2026": the year it ends in.
        if text.trim().to_ascii_lowercase().starts_with("fy") {
            let end: i32 = t.parse().ok()?;
            return match t.len() {
                2 => FiscalYear::new(2000 + end - 1).ok(),
                4 => FiscalYear::new(end - 1).ok(),
                _ => None,
            };
        }
        None
    }
}

/// A period within a fiscal year: 1 (`P01`) to 12 (`P12`). Built with
/// [`FiscalPeriod::new`] or [`FiscalPeriod::parse`], or by a
/// [`FiscalCalendar`], so the period number is always in 1..=12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalPeriod {
    year: FiscalYear,
    period: u8,
}

impl fmt::Display for FiscalPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:P{:02}", self.year, self.period)
    }
}

impl Serialize for FiscalPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FiscalPeriod {
    /// Period `period` (1 = the calendar's first month) of `year`.
    ///
    /// # Errors
    ///
    /// [`FiscalError::Period`] when `period` is outside 1..=12.
    pub fn new(year: FiscalYear, period: u8) -> Result<FiscalPeriod, FiscalError> {
        if (1..=12).contains(&period) {
            Ok(FiscalPeriod { year, period })
        } else {
            Err(FiscalError::Period(period))
        }
    }

    /// The fiscal year.
    pub fn year(self) -> FiscalYear {
        self.year
    }

    /// 1..=12, where 1 is the calendar's first month.
    pub fn period(self) -> u8 {
        self.period
    }

    /// Parses `2025-26:P07` or `2025-26 P07` (the form this tool prints).
    pub fn parse(text: &str) -> Option<FiscalPeriod> {
        let t = text.trim();
        let (y, p) = t.rsplit_once(':').or_else(|| t.rsplit_once(' '))?;
        let year = FiscalYear::parse(y)?;
        let period = parse_period_number(p)?;
        FiscalPeriod::new(year, period).ok()
    }
}

/// Reads `P07`, `P7`, `Period 7`, `per 07` as 7.
pub fn parse_period_number(text: &str) -> Option<u8> {
    let t = text.trim().to_ascii_lowercase();
    let digits = t
        .strip_prefix("period")
        .or_else(|| t.strip_prefix("per"))
        .or_else(|| t.strip_prefix('p'))?
        .trim()
        .trim_start_matches(['.', '-', ' ']);
    let n: u8 = digits.parse().ok()?;
    (1..=12).contains(&n).then_some(n)
}

/// The fiscal calendar in force: which month opens the year. Built with
/// [`FiscalCalendar::new`] (or `default()`, Ontario's April start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalCalendar {
    start_month: u32,
}

impl Default for FiscalCalendar {
    fn default() -> Self {
        FiscalCalendar { start_month: 4 }
    }
}

impl FiscalCalendar {
    /// A calendar whose year opens in `start_month` (1 = January; Ontario: 4).
    ///
    /// # Errors
    ///
    /// [`FiscalError::Month`] when `start_month` is outside 1..=12.
    pub fn new(start_month: u32) -> Result<FiscalCalendar, FiscalError> {
        if (1..=12).contains(&start_month) {
            Ok(FiscalCalendar { start_month })
        } else {
            Err(FiscalError::Month(start_month))
        }
    }

    /// The month (1 = January) that is `P01`.
    pub fn start_month(self) -> u32 {
        self.start_month
    }

    /// The fiscal period holding a calendar month, if the month is 1..=12
    /// and the year in range.
    pub fn period_of_month(&self, year: i32, month: u32) -> Option<FiscalPeriod> {
        if !(1..=12).contains(&month) {
            return None;
        }
        let (start_year, period) = self.split(year, month);
        FiscalYear::new(start_year)
            .ok()
            .map(|year| FiscalPeriod { year, period })
    }

    /// The fiscal year a calendar month opens, and the month's period in it.
    fn split(&self, year: i32, month: u32) -> (i32, u8) {
        let offset = (month as i32 - self.start_month as i32).rem_euclid(12);
        let start_year = if month >= self.start_month {
            year
        } else {
            year - 1
        };
        (start_year, offset as u8 + 1)
    }

    /// The fiscal period holding a date.
    pub fn period_of(&self, date: NaiveDate) -> FiscalPeriod {
        // Every date chrono holds is a year the calendar's arithmetic
        // handles (first_day and last_day saturate at chrono's ends).
        let (start_year, period) = self.split(date.year(), date.month());
        FiscalPeriod {
            year: FiscalYear(start_year),
            period,
        }
    }

    /// The fiscal year holding a date.
    pub fn year_of(&self, date: NaiveDate) -> FiscalYear {
        self.period_of(date).year
    }

    /// The calendar (year, month) of a fiscal period.
    pub fn month_of(&self, p: FiscalPeriod) -> (i32, u32) {
        let m0 = self.start_month as i32 - 1 + (p.period as i32 - 1);
        (p.year.0 + m0 / 12, (m0 % 12) as u32 + 1)
    }

    /// The fiscal period for a bare month number (1..=12) within a fiscal
    /// year.
    pub fn period_in_year(&self, year: FiscalYear, month: u32) -> Option<FiscalPeriod> {
        if !(1..=12).contains(&month) {
            return None;
        }
        let offset = (month as i32 - self.start_month as i32).rem_euclid(12);
        Some(FiscalPeriod {
            year,
            period: offset as u8 + 1,
        })
    }

    /// First day of a fiscal period.
    pub fn first_day(&self, p: FiscalPeriod) -> NaiveDate {
        let (y, m) = self.month_of(p);
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(if y < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// Last day of a fiscal period.
    pub fn last_day(&self, p: FiscalPeriod) -> NaiveDate {
        let first = self.first_day(p);
        first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).unwrap()
    }

    #[test]
    fn impossible_values_are_errors_not_later_panics() {
        assert_eq!(FiscalCalendar::new(13), Err(FiscalError::Month(13)));
        assert_eq!(FiscalCalendar::new(0), Err(FiscalError::Month(0)));
        assert_eq!(FiscalPeriod::new(fy(2025), 0), Err(FiscalError::Period(0)));
        assert_eq!(
            FiscalPeriod::new(fy(2025), 13),
            Err(FiscalError::Period(13))
        );
        assert_eq!(FiscalYear::new(i32::MAX), Err(FiscalError::Year(i32::MAX)));
        assert_eq!(FiscalYear::new(0), Err(FiscalError::Year(0)));
        assert_eq!(fy(9999).next(), None);
        assert_eq!(FiscalCalendar::default().period_of_month(2025, 13), None);
        assert_eq!(FiscalCalendar::default().period_in_year(fy(2025), 0), None);
        // Every start month and period has a first and a last day.
        for m in 1..=12 {
            let cal = FiscalCalendar::new(m).unwrap();
            for n in 1..=12 {
                let p = FiscalPeriod::new(fy(9999), n).unwrap();
                assert!(cal.first_day(p) <= cal.last_day(p), "{m} {n}");
            }
        }
        // The ends of chrono's calendar saturate rather than panic.
        let cal = FiscalCalendar::default();
        assert_eq!(cal.last_day(cal.period_of(NaiveDate::MAX)), NaiveDate::MAX);
        let _ = cal.first_day(cal.period_of(NaiveDate::MIN));
        assert_eq!(
            FiscalCalendar::new(13).unwrap_err().to_string(),
            "month 13 does not exist: months run from 1 (January) to 12 (December)"
        );
    }

    #[test]
    fn names_and_parses_years() {
        assert_eq!(fy(2025).to_string(), "2025-26");
        assert_eq!(fy(2099).to_string(), "2099-00");
        for t in [
            "2025-26",
            "2025–26",
            "FY2025-26",
            "FY 2025-26",
            "fy26",
            "2025/26",
            "2025-2026",
            "FY2026",
        ] {
            assert_eq!(FiscalYear::parse(t), Some(fy(2025)), "{t}");
        }
        for t in ["2025-27", "2025", "abc", "25-26"] {
            assert_eq!(FiscalYear::parse(t), None, "{t}");
        }
    }

    #[test]
    fn april_is_p01_and_march_is_p12() {
        let cal = FiscalCalendar::default();
        let p = cal.period_of(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(p.to_string(), "2025-26:P01");
        let p = cal.period_of(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(p.to_string(), "2025-26:P12");
        let p = cal.period_of(NaiveDate::from_ymd_opt(2025, 10, 15).unwrap());
        assert_eq!(p.period, 7);
        assert_eq!(cal.month_of(p), (2025, 10));
        assert_eq!(
            cal.last_day(FiscalPeriod::new(fy(2023), 11).unwrap()),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn start_month_is_a_setting() {
        let cal = FiscalCalendar::new(1).unwrap();
        let p = cal.period_of(NaiveDate::from_ymd_opt(2025, 3, 9).unwrap());
        assert_eq!((p.year(), p.period()), (fy(2025), 3));
    }

    #[test]
    fn period_numbers_and_full_periods() {
        assert_eq!(parse_period_number("P07"), Some(7));
        assert_eq!(parse_period_number("Period 12"), Some(12));
        assert_eq!(parse_period_number("P13"), None);
        assert_eq!(
            FiscalPeriod::parse("2025-26:P07"),
            Some(FiscalPeriod::new(fy(2025), 7).unwrap())
        );
    }
}
