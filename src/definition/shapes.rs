//! Sheet shapes `pmo` declines by nature (Gantt charts, dashboards,
//! expense claims, assumptions logs…), kept as data in
//! `templates/workbooks/shapes.toml`.

use super::normalise_header;
use crate::error::Error;
use serde::Deserialize;

/// The built-in declined shapes.
pub const BUILT_IN_SHAPES: &str = include_str!("../../templates/workbooks/shapes.toml");

/// The shapes declined, and how a timeline is told.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Shapes {
    /// A Gantt chart or timeline drawn one column per day or week.
    #[serde(default)]
    pub timeline: TimelineDef,
    /// A risk matrix (heat map) drawn with the rating scales' words.
    #[serde(default)]
    pub matrix: MatrixDef,
    /// Sheets declined by the words in their name.
    #[serde(default)]
    pub declined: Vec<DeclinedDef>,
}

/// How a risk matrix is recognised.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MatrixDef {
    /// The reason given when a sheet is declined as a matrix.
    #[serde(default)]
    pub reason: String,
    /// Distinct scale words across one row (and rows below starting with
    /// one) that make a matrix; 0 turns the check off.
    #[serde(default)]
    pub min_words: usize,
}

/// How a timeline header row is recognised.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TimelineDef {
    /// The reason given when a sheet is declined as a timeline.
    #[serde(default)]
    pub reason: String,
    /// Day, weekday or week columns in one row that make a timeline.
    #[serde(default)]
    pub min_columns: usize,
    /// Weekday headings ("M", "Tue", "Friday").
    #[serde(default)]
    pub weekday_words: Vec<String>,
    /// The word in "Week 1" headings.
    #[serde(default)]
    pub week_words: Vec<String>,
}

/// Sheets declined by name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclinedDef {
    /// Why such a sheet is not read.
    pub reason: String,
    /// Words (or runs of words) in a sheet's name that mark the shape.
    #[serde(default)]
    pub sheet_words: Vec<String>,
    /// Headers that, standing first in a header row, say what each row is
    /// (`PO Number`, `Invoice #`, `CR ID`): a log of orders, invoices or
    /// change requests, whatever other columns it has.
    #[serde(default)]
    pub first_headers: Vec<String>,
}

impl Shapes {
    /// Parses shapes from TOML text; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Definition`] naming the origin and what is wrong.
    pub fn from_toml(text: &str, origin: &str) -> Result<Shapes, Error> {
        toml::from_str(text).map_err(|e| Error::Definition {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })
    }

    /// Why a sheet with this name is declined, if its name says so.
    pub fn declined_by_name(&self, sheet_name: &str) -> Option<&str> {
        let n = normalise_header(sheet_name);
        let words: Vec<&str> = n.split(' ').collect();
        self.declined
            .iter()
            .find(|d| {
                d.sheet_words.iter().any(|w| {
                    let w = normalise_header(w);
                    let ww: Vec<&str> = w.split(' ').collect();
                    !w.is_empty() && words.windows(ww.len()).any(|x| x == ww.as_slice())
                })
            })
            .map(|d| d.reason.as_str())
    }

    /// Why a table whose header row starts with this text is declined, if
    /// its first header says what its rows are.
    pub fn declined_by_first_header(&self, first: &str) -> Option<&str> {
        let n = normalise_header(first);
        if n.is_empty() {
            return None;
        }
        self.declined
            .iter()
            .find(|d| d.first_headers.iter().any(|h| normalise_header(h) == n))
            .map(|d| d.reason.as_str())
    }

    /// True for a weekday heading ("M", "Tue").
    pub fn is_weekday(&self, text: &str) -> bool {
        let n = normalise_header(text);
        self.timeline.weekday_words.contains(&n)
    }

    /// True for a week heading ("Week 3", "WK 12").
    pub fn is_week_heading(&self, text: &str) -> bool {
        let n = normalise_header(text);
        let mut words = n.split(' ');
        let (Some(w), Some(num), None) = (words.next(), words.next(), words.next()) else {
            return false;
        };
        self.mentions_week(w) && num.chars().all(|c| c.is_ascii_digit())
    }

    /// True when a word is a week word.
    pub fn mentions_week(&self, word: &str) -> bool {
        self.timeline.week_words.iter().any(|w| w == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_shapes_parse_and_match_names() {
        let s = Shapes::from_toml(BUILT_IN_SHAPES, "built-in").unwrap();
        assert!(s.declined_by_name("Gantt Chart (weekly)").is_some());
        assert!(s.declined_by_name("KPI Tracking").is_some());
        // A tab called "Project Dashboard" may well be a task budget: its
        // columns decide, not its name.
        assert!(s.declined_by_name("Project Dashboard").is_none());
        assert!(s.declined_by_name("Dependencies").is_some());
        assert!(s.declined_by_name("Expense Report - Domestic").is_some());
        assert!(s.declined_by_name("Risk Register").is_none());
        assert!(s.declined_by_name("Summary").is_none());
        assert!(s.is_weekday("TH") && s.is_weekday("Tue") && !s.is_weekday("Task"));
        assert!(s.is_week_heading("WEEK 2 ") && !s.is_week_heading("Week"));
    }
}
