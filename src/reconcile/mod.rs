//! Reconciliation: planned against actual, forecast at completion, earned
//! value, and the tie-out of the tracker's actuals to the finance ledger —
//! all in `Decimal`, to the cent.
//!
//! Sign convention (stated in every output): **variance = planned − actual**;
//! positive means under plan. Variance % is variance ÷ planned × 100.

pub mod summary;
mod tieout;
mod variance;

pub use tieout::{Exception, ExceptionKind, Reversal, TieOut, TieRow};
pub use variance::{EarnedValue, EvRow, Figures, GroupRow, LineRow, PeriodRow, YearRow};

use crate::model::{FiscalCalendar, FiscalPeriod, Project};
use rust_decimal::Decimal;
use serde::Serialize;

/// The sign convention, printed on every report.
pub const SIGN_CONVENTION: &str = "variance = planned - actual; positive = under plan";

/// Red / amber / green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rag {
    /// Within the amber threshold (or under the dollar floor).
    Green,
    /// Beyond the amber threshold.
    Amber,
    /// Beyond the red threshold.
    Red,
}

impl std::fmt::Display for Rag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
        })
    }
}

/// When a variance turns amber or red. Organisational defaults, not an OPS
/// standard: ±5% amber, ±10% red, and no colour for variances under the
/// dollar floor so small lines do not go red over a few dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// Percent of plan beyond which a variance is amber.
    pub amber_pct: Decimal,
    /// Percent of plan beyond which a variance is red.
    pub red_pct: Decimal,
    /// Variances smaller than this (in dollars, either sign) stay green.
    pub floor: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            amber_pct: Decimal::from(5),
            red_pct: Decimal::from(10),
            floor: Decimal::from(1000),
        }
    }
}

impl Thresholds {
    /// The colour of a variance against its plan. Overspend and underspend
    /// both count: unspent money lapses at year end.
    pub fn rag(&self, planned: Decimal, variance: Decimal) -> Rag {
        if variance.abs() < self.floor {
            return Rag::Green;
        }
        let pct = match pct(variance, planned) {
            Some(p) => p.abs(),
            // Spend with no plan at all is as far off plan as it gets.
            None => {
                return if variance.is_zero() {
                    Rag::Green
                } else {
                    Rag::Red
                }
            }
        };
        if pct > self.red_pct {
            Rag::Red
        } else if pct > self.amber_pct {
            Rag::Amber
        } else {
            Rag::Green
        }
    }
}

/// `part` as a percent of `whole`, to two decimals; `None` when `whole` is 0.
pub fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        Some((part / whole * Decimal::from(100)).round_dp(2))
    }
}

/// What reconciliation needs besides the project.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The last period counted as actual; `None` = the last period with
    /// actuals in the tracker.
    pub as_of: Option<FiscalPeriod>,
    /// RAG thresholds.
    pub thresholds: Thresholds,
    /// The fiscal calendar.
    pub calendar: FiscalCalendar,
}

/// The whole reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The period actuals run to.
    pub as_of: FiscalPeriod,
    /// [`SIGN_CONVENTION`].
    pub sign_convention: &'static str,
    /// The thresholds used.
    pub thresholds: Thresholds,
    /// The as-of fiscal year's totals.
    pub totals: Figures,
    /// The overall colour.
    pub rag: Rag,
    /// Project to date, all fiscal years: budget at completion, actual to
    /// date, estimate at completion.
    pub project: ProjectTotals,
    /// Per budget line (as-of fiscal year).
    pub lines: Vec<LineRow>,
    /// Per OPS standard account (category).
    pub categories: Vec<GroupRow>,
    /// Operating and capital.
    pub expense_types: Vec<GroupRow>,
    /// Per period of the as-of fiscal year, with cumulative figures.
    pub periods: Vec<PeriodRow>,
    /// Per fiscal year.
    pub years: Vec<YearRow>,
    /// Earned value, where lines give % complete.
    pub earned_value: Option<EarnedValue>,
    /// The ledger tie-out, when a ledger was read.
    pub tie_out: Option<TieOut>,
}

/// Whole-project figures across fiscal years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectTotals {
    /// Total plan over every period (budget at completion).
    #[serde(serialize_with = "variance::money")]
    pub bac: Decimal,
    /// Actual through the as-of period.
    #[serde(serialize_with = "variance::money")]
    pub actual_to_date: Decimal,
    /// Actual to date + forecast (or plan) for every later period.
    #[serde(serialize_with = "variance::money")]
    pub eac: Decimal,
    /// BAC − EAC.
    #[serde(serialize_with = "variance::money")]
    pub vac: Decimal,
}

/// The last fiscal period with a non-zero actual on any line.
pub fn last_actual_period(project: &Project) -> Option<FiscalPeriod> {
    project
        .budget
        .iter()
        .flat_map(|l| l.periods.iter())
        .filter(|(_, a)| a.actual.as_ref().is_some_and(|t| !t.value.is_zero()))
        .map(|(p, _)| *p)
        .max()
}

/// Reconciles the project's budget (and ledger, if it has one).
///
/// Returns `None` when the project has no budget lines, or no period to
/// reconcile as of.
pub fn reconcile(project: &Project, settings: &Settings) -> Option<Reconciliation> {
    if project.budget.is_empty() {
        return None;
    }
    let as_of = settings.as_of.or_else(|| last_actual_period(project))?;
    let mut r = variance::compute(project, as_of, &settings.thresholds, &settings.calendar);
    if !project.ledger.is_empty() {
        r.tie_out = Some(tieout::tie_out(project, as_of));
    }
    Some(r)
}
