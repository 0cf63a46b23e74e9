//! Variance by line for a summary budget: lines that state a budget and an
//! actual (Budget / Spent / Remaining) and no periods. There is no plan to
//! date, no forecast and no month in such a sheet, and the result says so
//! rather than inventing them.

use crate::model::Project;
use rust_decimal::Decimal;
use serde::Serialize;

/// What a summary reconciliation can and cannot say.
pub const SUMMARY_SAID: &str = "a summary budget: it gives no periods, so variance is by line only (budget - actual; positive = under budget), with no plan to date, forecast or monthly view";

/// One line's budget against its actual.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryLine {
    /// Line ID.
    pub id: Option<String>,
    /// Description (or category, when that names the line).
    pub name: Option<String>,
    /// The line's first cell (`A12`).
    pub place: Option<String>,
    /// The line's budget, when the line states one.
    pub budget: Option<Decimal>,
    /// Spent, when the line states it.
    pub actual: Option<Decimal>,
    /// budget − actual, only when the line states both: a blank is not
    /// taken as zero.
    pub variance: Option<Decimal>,
    /// variance as a percent of budget (none when the budget is zero).
    pub variance_pct: Option<Decimal>,
}

/// Budget against actual by line, and in total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryVariance {
    /// [`SUMMARY_SAID`].
    pub said: &'static str,
    /// The lines.
    pub lines: Vec<SummaryLine>,
    /// Total budget of the lines that state both a budget and an actual.
    pub budget: Decimal,
    /// Total actual of those lines.
    pub actual: Decimal,
    /// Total variance of those lines.
    pub variance: Decimal,
    /// Lines that state only one of budget and actual: left out of the
    /// totals above, their amounts in `budget_only` and `actual_only`.
    pub incomplete: usize,
    /// Budgets of lines that state no actual.
    pub budget_only: Decimal,
    /// Actuals of lines that state no budget.
    pub actual_only: Decimal,
    /// Lines that state neither (read for their names only).
    pub empty: usize,
}

const BUDGET_KEYS: [&str; 3] = ["budget", "planned_total", "planned"];
const ACTUAL_KEYS: [&str; 2] = ["actual", "actual_total"];

/// The summary variance, when no budget line has periods and some line
/// states both a budget and an actual; `None` otherwise (a tracker with
/// periods is reconciled by period).
pub fn summary_variance(project: &Project) -> Option<SummaryVariance> {
    if project.budget.is_empty() || project.budget.iter().any(|l| !l.periods.is_empty()) {
        return None;
    }
    let first =
        |l: &crate::model::BudgetLine, keys: &[&str]| keys.iter().find_map(|k| l.record.decimal(k));
    let any_pair = project
        .budget
        .iter()
        .any(|l| first(l, &BUDGET_KEYS).is_some() && first(l, &ACTUAL_KEYS).is_some());
    if !any_pair {
        return None;
    }
    let lines: Vec<SummaryLine> = project
        .budget
        .iter()
        .map(|l| {
            let (budget, actual) = (first(l, &BUDGET_KEYS), first(l, &ACTUAL_KEYS));
            let variance = budget.zip(actual).and_then(|(b, a)| b.checked_sub(a));
            SummaryLine {
                id: l.id().map(str::to_string),
                name: l.description().or_else(|| l.category()).map(str::to_string),
                place: l.record.at.map(|a| a.a1()),
                budget,
                actual,
                variance,
                variance_pct: budget
                    .zip(variance)
                    .filter(|(b, _)| !b.is_zero())
                    .and_then(|(b, v)| v.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(b))
                    .map(|p| p.round_dp(1)),
            }
        })
        .collect();
    let sum = |keep: fn(&SummaryLine) -> bool, f: fn(&SummaryLine) -> Option<Decimal>| {
        lines
            .iter()
            .filter(|l| keep(l))
            .filter_map(f)
            .try_fold(Decimal::ZERO, |t, x| t.checked_add(x))
    };
    let complete: fn(&SummaryLine) -> bool = |l| l.variance.is_some();
    let only_budget: fn(&SummaryLine) -> bool = |l| l.budget.is_some() && l.actual.is_none();
    let only_actual: fn(&SummaryLine) -> bool = |l| l.actual.is_some() && l.budget.is_none();
    let count = |f: fn(&SummaryLine) -> bool| lines.iter().filter(|l| f(l)).count();
    let incomplete = count(only_budget) + count(only_actual);
    let empty = count(|l| l.budget.is_none() && l.actual.is_none());
    // Amounts are bounded when read (10^15), so these sums cannot overflow
    // for any sheet pmo reads; a hand-built project that overflows gets none.
    let (budget, actual, variance) = (
        sum(complete, |l| l.budget)?,
        sum(complete, |l| l.actual)?,
        sum(complete, |l| l.variance)?,
    );
    let budget_only = sum(only_budget, |l| l.budget)?;
    let actual_only = sum(only_actual, |l| l.actual)?;
    Some(SummaryVariance {
        said: SUMMARY_SAID,
        lines,
        budget,
        actual,
        variance,
        incomplete,
        budget_only,
        actual_only,
        empty,
    })
}
