//! Month and period labels: the headers of wide budget layouts ("Apr-25",
//! "April 2025", "2025-04", "P01", "Apr", a date cell) and the values of
//! period columns ("P07", "OCT-25", "2025-26 P07").

use crate::model::fiscal::{parse_period_number, FiscalCalendar, FiscalPeriod, FiscalYear};

/// What a label says about its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthLabel {
    /// A calendar month of a known year.
    YearMonth(i32, u32),
    /// A month name alone ("Apr"): needs a fiscal year.
    Month(u32),
    /// A period number alone ("P01"): needs a fiscal year.
    Period(u8),
    /// A fully qualified fiscal period ("2025-26 P01").
    Fiscal(FiscalPeriod),
    /// A calendar quarter of a year ("2019 Q4", "Q4 2019"): read as its
    /// first month, the quarter's amount kept whole.
    Quarter(i32, u8),
    /// A fiscal quarter alone ("Q1"): needs a fiscal year.
    FiscalQuarter(u8),
    /// A project year ("Year 1", "Yr. 2"): the nth fiscal year from the
    /// one given, its amount kept whole in that year's first period.
    ProjectYear(u8),
}

impl MonthLabel {
    /// The fiscal period, given the fiscal year to place bare months and
    /// period numbers in. `None` when the label needs a year and none is known.
    pub fn resolve(self, cal: &FiscalCalendar, year: Option<FiscalYear>) -> Option<FiscalPeriod> {
        match self {
            MonthLabel::YearMonth(y, m) => cal.period_of_month(y, m),
            MonthLabel::Fiscal(p) => Some(p),
            MonthLabel::Month(m) => year.and_then(|fy| cal.period_in_year(fy, m)),
            MonthLabel::Period(n) => year.and_then(|fy| FiscalPeriod::new(fy, n).ok()),
            MonthLabel::Quarter(y, q) => cal.period_of_month(y, u32::from(q - 1) * 3 + 1),
            MonthLabel::FiscalQuarter(q) => {
                year.and_then(|fy| FiscalPeriod::new(fy, (q - 1) * 3 + 1).ok())
            }
            MonthLabel::ProjectYear(n) => year.and_then(|fy| {
                let y = FiscalYear::new(fy.start_year() + i32::from(n) - 1).ok()?;
                FiscalPeriod::new(y, 1).ok()
            }),
        }
    }
}

/// English and French month names and abbreviations → month number, from
/// `templates/workbooks/vocabulary.toml`.
pub fn month_number(word: &str) -> Option<u32> {
    crate::definition::vocabulary::vocabulary().month(word)
}

fn year_of(token: &str) -> Option<i32> {
    if !token.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match token.len() {
        2 => token.parse::<i32>().ok().map(|y| 2000 + y),
        4 => token
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y)),
        _ => None,
    }
}

/// `q1` … `q4`.
fn quarter(token: &str) -> Option<u8> {
    token
        .strip_prefix('q')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|q| (1..=4).contains(q))
}

fn month_digits(token: &str) -> Option<u32> {
    if token.is_empty() || token.len() > 2 || !token.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    token.parse().ok().filter(|m| (1..=12).contains(m))
}

/// Splits a label into lower-case tokens on spaces and punctuation (its
/// first [`crate::definition::MAX_NORMALISED_CHARS`] characters: a label
/// is never longer, and a cell of megabytes must not cost more).
pub fn tokens(text: &str) -> Vec<String> {
    let cut = crate::definition::MAX_NORMALISED_CHARS;
    let text = text
        .char_indices()
        .nth(cut)
        .map_or(text, |(i, _)| &text[..i]);
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        // Accents folded, so "Réel" and "févr." read as "reel" and "fevr".
        .map(crate::definition::normalise_header)
        .collect()
}

/// `202510`: a year and month run together, as some GL exports write
/// periods.
fn yyyymm(t: &str) -> Option<MonthLabel> {
    if t.len() != 6 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t[..4].parse().ok().filter(|y| (1990..=2100).contains(y))?;
    let m: u32 = t[4..].parse().ok().filter(|m| (1..=12).contains(m))?;
    Some(MonthLabel::YearMonth(y, m))
}

/// Parses month tokens (block words already removed).
pub fn parse_tokens(t: &[&str]) -> Option<MonthLabel> {
    match t {
        [m] => month_number(m)
            .map(MonthLabel::Month)
            .or_else(|| quarter(m).map(MonthLabel::FiscalQuarter))
            .or_else(|| parse_period_number(m).map(MonthLabel::Period))
            .or_else(|| yyyymm(m)),
        ["year" | "yr" | "annee", n] => n
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .map(MonthLabel::ProjectYear),
        ["p" | "per" | "period", n] => {
            parse_period_number(&format!("p{n}")).map(MonthLabel::Period)
        }
        [a, b] => {
            if let (Some(y), Some(q)) = (year_of(a).filter(|_| a.len() == 4), quarter(b)) {
                return Some(MonthLabel::Quarter(y, q));
            }
            if let (Some(q), Some(y)) = (quarter(a), year_of(b).filter(|_| b.len() == 4)) {
                return Some(MonthLabel::Quarter(y, q));
            }
            if let (Some(m), Some(y)) = (month_number(a), year_of(b)) {
                return Some(MonthLabel::YearMonth(y, m));
            }
            if let (Some(y), Some(m)) = (year_of(a).filter(|_| a.len() == 4), month_digits(b)) {
                return Some(MonthLabel::YearMonth(y, m));
            }
            if let (Some(m), Some(y)) = (month_digits(a), year_of(b).filter(|_| b.len() == 4)) {
                return Some(MonthLabel::YearMonth(y, m));
            }
            None
        }
        // "2025-26 P07", "FY 2025-26 P07", "2025 26 p 7"
        _ => {
            let rest: Vec<&str> = t.iter().copied().filter(|w| *w != "fy").collect();
            let (period, year_part) = match rest.as_slice() {
                [y @ .., "p" | "per" | "period", n] => {
                    (parse_period_number(&format!("p{n}"))?, y.to_vec())
                }
                [y @ .., p] => (parse_period_number(p)?, y.to_vec()),
                _ => return None,
            };
            let fy = FiscalYear::parse(&year_part.join("-"))?;
            FiscalPeriod::new(fy, period).ok().map(MonthLabel::Fiscal)
        }
    }
}

/// Parses a month label as a whole ("Apr-25", "P01", "2025-26:P07").
pub fn parse_label(text: &str) -> Option<MonthLabel> {
    let toks = tokens(text);
    let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
    parse_tokens(&refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_people_use() {
        use MonthLabel::*;
        assert_eq!(parse_label("Apr-25"), Some(YearMonth(2025, 4)));
        assert_eq!(parse_label("OCT-25"), Some(YearMonth(2025, 10)));
        assert_eq!(parse_label("April 2025"), Some(YearMonth(2025, 4)));
        assert_eq!(parse_label("avril 2025"), Some(YearMonth(2025, 4)));
        assert_eq!(parse_label("2025-04"), Some(YearMonth(2025, 4)));
        assert_eq!(parse_label("04/2025"), Some(YearMonth(2025, 4)));
        assert_eq!(parse_label("Sept. 2025"), Some(YearMonth(2025, 9)));
        assert_eq!(parse_label("P01"), Some(Period(1)));
        assert_eq!(parse_label("Period 12"), Some(Period(12)));
        assert_eq!(parse_label("Apr"), Some(Month(4)));
        assert_eq!(parse_label("202510"), Some(YearMonth(2025, 10)));
        let p = FiscalPeriod::new(FiscalYear::new(2025).unwrap(), 7).unwrap();
        assert_eq!(parse_label("2025-26 P07"), Some(Fiscal(p)));
        assert_eq!(parse_label("2025-26:P07"), Some(Fiscal(p)));
        assert_eq!(parse_label("FY2025-26 P7"), Some(Fiscal(p)));
        assert_eq!(parse_label("2019 Q4"), Some(Quarter(2019, 4)));
        assert_eq!(parse_label("Q2 2018"), Some(Quarter(2018, 2)));
        assert_eq!(parse_label("Q1"), Some(FiscalQuarter(1)));
        assert_eq!(parse_label("   Year 1"), Some(ProjectYear(1)));
        assert_eq!(parse_label("Yr. 2"), Some(ProjectYear(2)));
        for no in [
            "Total",
            "Q5",
            "Description",
            "2025",
            "Apr-Jun",
            "13/2025",
            "P13",
            "may be",
        ] {
            assert_eq!(parse_label(no), None, "{no}");
        }
    }

    #[test]
    fn bare_labels_need_a_year() {
        let cal = FiscalCalendar::default();
        assert_eq!(MonthLabel::Month(1).resolve(&cal, None), None);
        let p = MonthLabel::Month(1)
            .resolve(&cal, Some(FiscalYear::new(2025).unwrap()))
            .unwrap();
        assert_eq!(p.to_string(), "2025-26:P10");
    }
}
