//! The fiscal calendar: years named `2025-26`, periods `P01`..`P12`.
//!
//! The Ontario fiscal year starts on April 1, so April is `P01` and March is
//! `P12`. The start month is a setting ([`FiscalCalendar::start_month`]) so a
//! ministry or agency on another year end can use the same code.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A fiscal year, identified by the calendar year in which it starts
/// (`FiscalYear(2025)` is `2025-26`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

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
            return ok.then_some(FiscalYear(start));
        }
        // "FY26" / "fy2026": the year it ends in.
        if text.trim().to_ascii_lowercase().starts_with("fy") {
            let end: i32 = t.parse().ok()?;
            return match t.len() {
                2 => Some(FiscalYear(2000 + end - 1)),
                4 => Some(FiscalYear(end - 1)),
                _ => None,
            };
        }
        None
    }
}

/// A period within a fiscal year: 1 (`P01`) to 12 (`P12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalPeriod {
    /// The fiscal year.
    pub year: FiscalYear,
    /// 1..=12, where 1 is the calendar's first month.
    pub period: u8,
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
    /// Parses `2025-26:P07` or `2025-26 P07` (the form this tool prints).
    pub fn parse(text: &str) -> Option<FiscalPeriod> {
        let t = text.trim();
        let (y, p) = t.rsplit_once(':').or_else(|| t.rsplit_once(' '))?;
        let year = FiscalYear::parse(y)?;
        let period = parse_period_number(p)?;
        Some(FiscalPeriod { year, period })
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

/// The fiscal calendar in force: which month opens the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalCalendar {
    /// The month (1 = January) that is `P01`. Ontario: 4 (April).
    pub start_month: u32,
}

impl Default for FiscalCalendar {
    fn default() -> Self {
        FiscalCalendar { start_month: 4 }
    }
}

impl FiscalCalendar {
    /// The fiscal period holding a calendar month.
    pub fn period_of_month(&self, year: i32, month: u32) -> FiscalPeriod {
        let offset = (month as i32 - self.start_month as i32).rem_euclid(12);
        let start_year = if month >= self.start_month {
            year
        } else {
            year - 1
        };
        FiscalPeriod {
            year: FiscalYear(start_year),
            period: offset as u8 + 1,
        }
    }

    /// The fiscal period holding a date.
    pub fn period_of(&self, date: NaiveDate) -> FiscalPeriod {
        self.period_of_month(date.year(), date.month())
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

    /// The fiscal period for a bare month name within a fiscal year.
    pub fn period_in_year(&self, year: FiscalYear, month: u32) -> FiscalPeriod {
        let offset = (month as i32 - self.start_month as i32).rem_euclid(12);
        FiscalPeriod {
            year,
            period: offset as u8 + 1,
        }
    }

    /// First day of a fiscal period.
    pub fn first_day(&self, p: FiscalPeriod) -> NaiveDate {
        let (y, m) = self.month_of(p);
        NaiveDate::from_ymd_opt(y, m, 1).expect("month in range")
    }

    /// Last day of a fiscal period.
    pub fn last_day(&self, p: FiscalPeriod) -> NaiveDate {
        let (y, m) = self.month_of(p);
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1).expect("month in range") - chrono::Duration::days(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_parses_years() {
        assert_eq!(FiscalYear(2025).to_string(), "2025-26");
        assert_eq!(FiscalYear(2099).to_string(), "2099-00");
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
            assert_eq!(FiscalYear::parse(t), Some(FiscalYear(2025)), "{t}");
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
            cal.last_day(FiscalPeriod {
                year: FiscalYear(2023),
                period: 11
            }),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn start_month_is_a_setting() {
        let cal = FiscalCalendar { start_month: 1 };
        let p = cal.period_of(NaiveDate::from_ymd_opt(2025, 3, 9).unwrap());
        assert_eq!((p.year, p.period), (FiscalYear(2025), 3));
    }

    #[test]
    fn period_numbers_and_full_periods() {
        assert_eq!(parse_period_number("P07"), Some(7));
        assert_eq!(parse_period_number("Period 12"), Some(12));
        assert_eq!(parse_period_number("P13"), None);
        assert_eq!(
            FiscalPeriod::parse("2025-26:P07"),
            Some(FiscalPeriod {
                year: FiscalYear(2025),
                period: 7
            })
        );
    }
}
