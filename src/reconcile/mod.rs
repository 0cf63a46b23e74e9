//! Reconciliation: planned against actual, forecast at completion, earned
//! value, and the tie-out of the tracker's actuals to the finance ledger —
//! all in `Decimal`, to the cent.
//!
//! Sign convention (stated in every output): **variance = planned − actual**;
//! positive means under plan. Variance % is variance ÷ planned × 100.
//!
//! Every sum is checked ([`add`], [`total`]): an overflow is a
//! [`ReconcileError`], never a panic. Amounts read by `ingest` are bounded
//! by [`crate::model::money::MONEY_LIMIT`], so for them no sum can
//! overflow; the checks keep projects built by hand just as safe.

pub mod summary;
mod tieout;
mod variance;

pub use tieout::{Exception, ExceptionKind, Reversal, RowStatus, TieOut, TieRow};
pub use variance::{EarnedValue, EvRow, Figures, GroupRow, LineRow, PeriodRow, YearRow};

use crate::model::{FiscalCalendar, FiscalPeriod, ProblemKind, Project};
use rust_decimal::Decimal;
use serde::Serialize;

/// Why a reconciliation could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReconcileError {
    /// A sum beyond what `Decimal` holds (about 7.9 × 10^28).
    #[error("the sum of the {what} is too large to compute; an amount in the project is far beyond real money")]
    Overflow {
        /// What was being added up.
        what: &'static str,
    },
    /// A tie-out invariant that does not hold: a bug in `pmo`.
    #[error("the tie-out does not balance: {what} is {total} but its parts add up to {parts}; this is a bug in pmo, please report it")]
    Unbalanced {
        /// Which invariant.
        what: &'static str,
        /// The total.
        total: Decimal,
        /// The sum of its parts.
        parts: Decimal,
    },
}

/// `a + b`, or an error naming what was being added up.
pub(crate) fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, ReconcileError> {
    a.checked_add(b).ok_or(ReconcileError::Overflow { what })
}

/// `a − b`, or an error naming what was being computed.
pub(crate) fn sub(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, ReconcileError> {
    a.checked_sub(b).ok_or(ReconcileError::Overflow { what })
}

/// The sum of some amounts, or an error naming what they are.
pub(crate) fn total(
    items: impl IntoIterator<Item = Decimal>,
    what: &'static str,
) -> Result<Decimal, ReconcileError> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| add(acc, x, what))
}

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
/// A percent too large for `Decimal` (a huge part of a tiny whole) is held
/// at the largest value of its sign: far off plan either way.
pub fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let limit = if part.is_sign_negative() != whole.is_sign_negative() {
        Decimal::MIN
    } else {
        Decimal::MAX
    };
    let p = part
        .checked_div(whole)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
        .map_or(limit, |p| p.round_dp(2));
    Some(p)
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
    /// Money cells of the budget and ledger that could not be read (E201):
    /// no figure includes them, so every figure is short by what they hold.
    pub unread_money: Vec<UnreadCell>,
}

/// A money cell that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadCell {
    /// Where it is (`Budget!E2`).
    pub cell: String,
    /// Why it could not be read.
    pub problem: String,
}

/// The budget's and ledger's money cells that ingest could not read. A
/// posting left with no amount is named by its bad cell when it has one,
/// by its row otherwise.
fn unread_money(project: &Project) -> Vec<UnreadCell> {
    let bad: Vec<&crate::model::Problem> = project
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::BadMoney)
        .filter(|p| {
            let kind = &project.sources[p.at.sheet.0 as usize].kind;
            kind == "budget" || kind == "ledger"
        })
        .collect();
    let rows_with_cells: std::collections::BTreeSet<_> = bad
        .iter()
        .filter(|p| !p.raw.is_empty())
        .map(|p| (p.at.sheet.0, p.at.row))
        .collect();
    bad.into_iter()
        .filter(|p| !p.raw.is_empty() || !rows_with_cells.contains(&(p.at.sheet.0, p.at.row)))
        .map(|p| UnreadCell {
            cell: project.place(p.at).1,
            problem: p.message.clone(),
        })
        .collect()
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
/// Returns `Ok(None)` when the project has no budget lines, or no period to
/// reconcile as of.
///
/// # Errors
///
/// [`ReconcileError`] when a sum overflows (possible only for amounts that
/// did not come through `ingest`, which bounds them) or the tie-out does not
/// balance.
pub fn reconcile(
    project: &Project,
    settings: &Settings,
) -> Result<Option<Reconciliation>, ReconcileError> {
    if project.budget.is_empty() {
        return Ok(None);
    }
    let Some(as_of) = settings.as_of.or_else(|| last_actual_period(project)) else {
        return Ok(None);
    };
    let mut r = variance::compute(project, as_of, &settings.thresholds, &settings.calendar)?;
    if !project.ledger.is_empty() {
        r.tie_out = Some(tieout::tie_out(project, as_of)?);
    }
    r.unread_money = unread_money(project);
    Ok(Some(r))
}
