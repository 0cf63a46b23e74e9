//! The roll-up: every project's line, the totals, every exception across
//! projects, the ledger's split — what `portfolio.json`, `portfolio.xlsx`
//! and `portfolio-report.docx` are made from, in one stable schema.

use super::previous::Change;
use super::row::{totals, ProjectRow, Totals};
use super::LedgerSplit;
use crate::reconcile::{Exception, Reconciliation};
use serde::Serialize;

/// The schema's name and version, first in `portfolio.json`.
pub const SCHEMA: &str = "pmo-portfolio/1";

/// One project's line and its change since last month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectLine {
    /// The line.
    #[serde(flatten)]
    pub row: ProjectRow,
    /// Since last month, when `--previous` was given.
    pub change: Option<Change>,
}

/// A tie-out exception, with the project it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectException {
    /// The project's key.
    pub project: String,
    /// The exception.
    #[serde(flatten)]
    pub exception: Exception,
}

/// A workbook that is no project's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnplacedFile {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// The roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The documents' date.
    pub generated: String,
    /// How variance is signed.
    pub sign_convention: &'static str,
    /// Every project, needing attention first, then by name.
    pub projects: Vec<ProjectLine>,
    /// The sum of the projects' lines.
    pub totals: Totals,
    /// Every tie-out exception across projects.
    pub exceptions: Vec<ProjectException>,
    /// The cluster ledger's split, when one was given.
    pub ledger: Option<LedgerSplit>,
    /// Workbooks that are no project's.
    pub unplaced_files: Vec<UnplacedFile>,
}

/// Where an overall rating sorts: Red, Unknown (unread first), Amber, Green.
fn urgency(r: &ProjectRow) -> u8 {
    match (r.error.is_some(), r.ratings.overall.as_str()) {
        (true, _) => 0,
        (_, "Red") => 1,
        (_, "Unknown") => 2,
        (_, "Amber") => 3,
        _ => 4,
    }
}

impl Rollup {
    /// The roll-up of `lines`, sorted needing attention first.
    pub fn new(
        generated: String,
        mut lines: Vec<ProjectLine>,
        exceptions: Vec<ProjectException>,
        ledger: Option<LedgerSplit>,
        unplaced_files: Vec<UnplacedFile>,
    ) -> Rollup {
        lines.sort_by(|a, b| {
            urgency(&a.row)
                .cmp(&urgency(&b.row))
                .then_with(|| a.row.name.cmp(&b.row.name))
                .then_with(|| a.row.key.cmp(&b.row.key))
        });
        let rows: Vec<ProjectRow> = lines.iter().map(|l| l.row.clone()).collect();
        Rollup {
            schema: SCHEMA,
            generated,
            sign_convention: "variance = planned - actual (positive = under plan)",
            totals: totals(&rows),
            projects: lines,
            exceptions,
            ledger,
            unplaced_files,
        }
    }
}

/// The portfolio's cumulative plan and actual by period, for its chart:
/// the reconciliations as of the period most projects report to, their
/// periods summed. `None` without any.
pub fn chart_basis(recons: &[Reconciliation]) -> Option<Reconciliation> {
    let mut count = std::collections::BTreeMap::new();
    for r in recons {
        *count.entry(r.as_of).or_insert(0usize) += 1;
    }
    let (as_of, _) = count.into_iter().max_by_key(|(p, n)| (*n, *p))?;
    let mut same = recons.iter().filter(|r| r.as_of == as_of);
    let mut out = same.next()?.clone();
    for r in same {
        for (p, q) in out.periods.iter_mut().zip(&r.periods) {
            if p.period != q.period {
                continue;
            }
            p.planned += q.planned;
            p.cumulative_planned += q.cumulative_planned;
            p.cumulative_actual_forecast += q.cumulative_actual_forecast;
            p.actual = match (p.actual, q.actual) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
    }
    Some(out)
}

/// A reconciliation cut down to what the chart needs (its periods), to
/// keep while the project's month is dropped.
pub fn for_chart(r: &Reconciliation) -> Reconciliation {
    let mut r = r.clone();
    r.lines.clear();
    r.categories.clear();
    r.expense_types.clear();
    r.tie_out = None;
    r.earned_value = None;
    r.unread_money.clear();
    r
}

/// What the portfolio report's template gets: the roll-up, plus the period
/// most projects report to, the chart's description and whether last
/// month was given.
#[derive(Debug, Serialize)]
pub struct DocContext<'a> {
    /// The roll-up.
    #[serde(flatten)]
    pub rollup: &'a Rollup,
    /// The period most projects report to.
    pub period: Option<String>,
    /// The chart in words (its alt text), when there is one.
    pub chart_alt: Option<String>,
    /// Whether the change since last month is known.
    pub changed: bool,
}
