//! Planned against actual by line, category, operating/capital, period and
//! fiscal year; forecast at completion; earned value.

use super::{
    add, pct, sub, total, ProjectTotals, Rag, ReconcileError, Reconciliation, Thresholds,
    SIGN_CONVENTION,
};
use crate::model::money::to_cents;
use crate::model::{BudgetLine, FiscalCalendar, FiscalPeriod, FiscalYear, Project};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Serialises money as a decimal string with two places.
pub(crate) fn money<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{:.2}", to_cents(*d)))
}

/// Serialises optional money or a ratio as a decimal string, or null.
pub(crate) fn opt_money<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(&format_args!("{:.2}", to_cents(*d))),
        None => s.serialize_none(),
    }
}

/// The figures every level of the reconciliation reports, for the as-of
/// fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Figures {
    /// Plan for the whole fiscal year.
    #[serde(serialize_with = "money")]
    pub planned_full_year: Decimal,
    /// Plan through the as-of period.
    #[serde(serialize_with = "money")]
    pub planned_ytd: Decimal,
    /// Actual through the as-of period.
    #[serde(serialize_with = "money")]
    pub actual_ytd: Decimal,
    /// planned_ytd − actual_ytd.
    #[serde(serialize_with = "money")]
    pub variance_ytd: Decimal,
    /// variance_ytd as a percent of planned_ytd (null when nothing was planned).
    #[serde(serialize_with = "opt_money")]
    pub variance_ytd_pct: Option<Decimal>,
    /// Estimate at completion for the year: actual to date + forecast (or,
    /// where a period has no forecast, plan) for the remaining periods.
    #[serde(serialize_with = "money")]
    pub eac: Decimal,
    /// Estimate to complete: eac − actual_ytd.
    #[serde(serialize_with = "money")]
    pub etc: Decimal,
    /// Variance at completion: planned_full_year − eac.
    #[serde(serialize_with = "money")]
    pub vac: Decimal,
}

impl Figures {
    fn add(&mut self, o: &Figures) -> Result<(), ReconcileError> {
        self.planned_full_year = add(self.planned_full_year, o.planned_full_year, "plans")?;
        self.planned_ytd = add(self.planned_ytd, o.planned_ytd, "plans to date")?;
        self.actual_ytd = add(self.actual_ytd, o.actual_ytd, "actuals")?;
        self.variance_ytd = add(self.variance_ytd, o.variance_ytd, "variances")?;
        self.eac = add(self.eac, o.eac, "estimates at completion")?;
        self.etc = add(self.etc, o.etc, "estimates to complete")?;
        self.vac = add(self.vac, o.vac, "variances at completion")?;
        self.variance_ytd_pct = pct(self.variance_ytd, self.planned_ytd);
        Ok(())
    }

    fn of_line(line: &BudgetLine, as_of: FiscalPeriod) -> Result<Figures, ReconcileError> {
        let what = "line's amounts";
        let mut f = Figures::default();
        for (p, a) in line
            .periods
            .iter()
            .filter(|(p, _)| p.year() == as_of.year())
        {
            let planned = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
            f.planned_full_year = add(f.planned_full_year, planned, what)?;
            if p.period() <= as_of.period() {
                f.planned_ytd = add(f.planned_ytd, planned, what)?;
                let actual = a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
                f.actual_ytd = add(f.actual_ytd, actual, what)?;
            } else {
                let forecast = a.forecast.as_ref().map_or(planned, |t| t.value);
                f.etc = add(f.etc, forecast, what)?;
            }
        }
        f.variance_ytd = sub(f.planned_ytd, f.actual_ytd, what)?;
        f.variance_ytd_pct = pct(f.variance_ytd, f.planned_ytd);
        f.eac = add(f.actual_ytd, f.etc, what)?;
        f.vac = sub(f.planned_full_year, f.eac, what)?;
        Ok(f)
    }
}

/// One budget line's reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineRow {
    /// Line ID.
    pub id: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// OPS standard account.
    pub category: Option<String>,
    /// Operating or Capital.
    pub expense_type: Option<String>,
    /// GL account.
    pub account: Option<String>,
    /// Where the line is (`Budget!A12`).
    pub place: Option<String>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
    /// Colour of the year-to-date variance.
    pub rag: Rag,
}

/// A group of lines (category, operating/capital).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    /// The group's name.
    pub name: String,
    /// Lines in it.
    pub lines: usize,
    /// The figures, summed.
    #[serde(flatten)]
    pub figures: Figures,
    /// Colour of the group's variance.
    pub rag: Rag,
}

/// One period of the as-of fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRow {
    /// The period.
    pub period: FiscalPeriod,
    /// Its first day.
    pub month: chrono::NaiveDate,
    /// Plan.
    #[serde(serialize_with = "money")]
    pub planned: Decimal,
    /// Actual (null after the as-of period).
    #[serde(serialize_with = "opt_money")]
    pub actual: Option<Decimal>,
    /// planned − actual (null after the as-of period).
    #[serde(serialize_with = "opt_money")]
    pub variance: Option<Decimal>,
    /// Forecast for a period after the as-of period (plan where no forecast).
    #[serde(serialize_with = "opt_money")]
    pub forecast: Option<Decimal>,
    /// Plan from P01 through this period.
    #[serde(serialize_with = "money")]
    pub cumulative_planned: Decimal,
    /// Actual through this period, then forecast after the as-of period.
    #[serde(serialize_with = "money")]
    pub cumulative_actual_forecast: Decimal,
}

/// One fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    /// The fiscal year.
    pub year: FiscalYear,
    /// Plan for the year.
    #[serde(serialize_with = "money")]
    pub planned: Decimal,
    /// Actual through the as-of period.
    #[serde(serialize_with = "money")]
    pub actual_to_date: Decimal,
    /// Actual to date + forecast (or plan) for later periods.
    #[serde(serialize_with = "money")]
    pub eac: Decimal,
    /// planned − eac.
    #[serde(serialize_with = "money")]
    pub vac: Decimal,
}

/// Earned value for one line, as PMI defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvRow {
    /// Line ID (or description).
    pub line: String,
    /// % complete as a fraction.
    pub percent_complete: Decimal,
    /// Budget at completion: the line's plan over every period.
    #[serde(serialize_with = "money")]
    pub bac: Decimal,
    /// Planned value: plan through the as-of period.
    #[serde(serialize_with = "money")]
    pub pv: Decimal,
    /// Earned value: % complete × BAC.
    #[serde(serialize_with = "money")]
    pub ev: Decimal,
    /// Actual cost through the as-of period.
    #[serde(serialize_with = "money")]
    pub ac: Decimal,
    /// Cost variance EV − AC.
    #[serde(serialize_with = "money")]
    pub cv: Decimal,
    /// Schedule variance EV − PV.
    #[serde(serialize_with = "money")]
    pub sv: Decimal,
    /// Cost performance index EV ÷ AC.
    #[serde(serialize_with = "opt_money")]
    pub cpi: Option<Decimal>,
    /// Schedule performance index EV ÷ PV.
    #[serde(serialize_with = "opt_money")]
    pub spi: Option<Decimal>,
    /// Estimate at completion BAC ÷ CPI.
    #[serde(serialize_with = "opt_money")]
    pub eac: Option<Decimal>,
}

/// Earned value over the lines that give % complete.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EarnedValue {
    /// Per line.
    pub lines: Vec<EvRow>,
    /// Summed over those lines (indices from the sums).
    pub totals: EvRow,
}

/// `a ÷ b` to `dp` places; `None` when `b` is 0. An index beyond `Decimal`
/// (only for a tiny divisor) is held at the largest value of its sign.
fn ratio_dp(a: Decimal, b: Decimal, dp: u32) -> Option<Decimal> {
    if b.is_zero() {
        return None;
    }
    let limit = if a.is_sign_negative() != b.is_sign_negative() {
        Decimal::MIN
    } else {
        Decimal::MAX
    };
    Some(a.checked_div(b).map_or(limit, |r| r.round_dp(dp)))
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    ratio_dp(a, b, 2)
}

/// BAC ÷ CPI = BAC × AC ÷ EV, from the unrounded index.
fn ev_eac(bac: Decimal, ac: Decimal, ev: Decimal) -> Result<Option<Decimal>, ReconcileError> {
    if ev.is_zero() || ac.is_zero() {
        return Ok(None);
    }
    let over = ReconcileError::Overflow {
        what: "estimate at completion (BAC ÷ CPI)",
    };
    let eac = bac
        .checked_mul(ac)
        .and_then(|x| x.checked_div(ev))
        .ok_or(over)?;
    Ok(Some(to_cents(eac)))
}

fn ev_row(
    line: String,
    percent_complete: Decimal,
    bac: Decimal,
    pv: Decimal,
    ac: Decimal,
) -> Result<EvRow, ReconcileError> {
    let ev = percent_complete
        .checked_mul(bac)
        .map(to_cents)
        .ok_or(ReconcileError::Overflow {
            what: "earned value (% complete × BAC)",
        })?;
    Ok(EvRow {
        line,
        percent_complete,
        bac,
        pv,
        ev,
        ac,
        cv: sub(ev, ac, "cost variance")?,
        sv: sub(ev, pv, "schedule variance")?,
        cpi: ratio(ev, ac),
        spi: ratio(ev, pv),
        eac: ev_eac(bac, ac, ev)?,
    })
}

fn earned_value(
    project: &Project,
    as_of: FiscalPeriod,
) -> Result<Option<EarnedValue>, ReconcileError> {
    let mut lines = Vec::new();
    for line in &project.budget {
        let Some(pc) = line.record.decimal("percent_complete") else {
            continue;
        };
        let upto = |block: &str, last: Option<FiscalPeriod>| {
            let amounts = line
                .periods
                .iter()
                .filter(|(p, _)| last.is_none_or(|l| **p <= l))
                .filter_map(|(_, a)| a.block(block))
                .map(|t| t.value);
            total(amounts, "earned value's plans and actuals")
        };
        let bac = upto("planned", None)?;
        let name = line.id().or(line.description()).unwrap_or("?").to_string();
        let (pv, ac) = (upto("planned", Some(as_of))?, upto("actual", Some(as_of))?);
        lines.push(ev_row(name, pc, bac, pv, ac)?);
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let sum = |f: fn(&EvRow) -> Decimal| total(lines.iter().map(f), "earned value totals");
    let (bac, pv, ac, ev) = (
        sum(|l| l.bac)?,
        sum(|l| l.pv)?,
        sum(|l| l.ac)?,
        sum(|l| l.ev)?,
    );
    let pc = ratio_dp(ev, bac, 4).unwrap_or(Decimal::ZERO);
    let name = "all lines with % complete".to_string();
    let mut totals = ev_row(name, pc, bac, pv, ac)?;
    // The total EV is the sum of the lines' EV, not pc × BAC re-rounded.
    totals.ev = ev;
    totals.cv = sub(ev, ac, "cost variance")?;
    totals.sv = sub(ev, pv, "schedule variance")?;
    totals.cpi = ratio(ev, ac);
    totals.spi = ratio(ev, pv);
    totals.eac = ev_eac(bac, ac, ev)?;
    Ok(Some(EarnedValue { lines, totals }))
}

fn group(
    rows: &[LineRow],
    key: impl Fn(&LineRow) -> Option<String>,
    th: &Thresholds,
) -> Result<Vec<GroupRow>, ReconcileError> {
    let mut groups: BTreeMap<String, (usize, Figures)> = BTreeMap::new();
    for r in rows {
        let name = key(r).unwrap_or_else(|| "(not given)".into());
        let g = groups.entry(name).or_default();
        g.0 += 1;
        g.1.add(&r.figures)?;
    }
    Ok(groups
        .into_iter()
        .map(|(name, (lines, figures))| GroupRow {
            name,
            lines,
            rag: th.rag(figures.planned_ytd, figures.variance_ytd),
            figures,
        })
        .collect())
}

/// Computes everything but the tie-out.
pub(crate) fn compute(
    project: &Project,
    as_of: FiscalPeriod,
    th: &Thresholds,
    cal: &FiscalCalendar,
) -> Result<Reconciliation, ReconcileError> {
    let mut lines = Vec::with_capacity(project.budget.len());
    for line in &project.budget {
        let figures = Figures::of_line(line, as_of)?;
        lines.push(LineRow {
            id: line.id().map(str::to_string),
            description: line.description().map(str::to_string),
            category: line.category().map(str::to_string),
            expense_type: line.expense_type().map(str::to_string),
            account: line.account().map(str::to_string),
            place: line.record.at.map(|at| project.place(at).1),
            rag: th.rag(figures.planned_ytd, figures.variance_ytd),
            figures,
        });
    }
    let mut totals = Figures::default();
    for l in &lines {
        totals.add(&l.figures)?;
    }
    let categories = group(&lines, |r| r.category.clone(), th)?;
    let expense_types = group(&lines, |r| r.expense_type.clone(), th)?;
    let periods = periods(project, as_of, cal)?;
    let years = years(project, as_of)?;
    let bac = total(years.iter().map(|y| y.planned), "plans")?;
    let eac = total(years.iter().map(|y| y.eac), "estimates at completion")?;
    let project_totals = ProjectTotals {
        bac,
        actual_to_date: total(years.iter().map(|y| y.actual_to_date), "actuals")?,
        eac,
        vac: sub(bac, eac, "variance at completion")?,
    };
    let rag = th.rag(totals.planned_ytd, totals.variance_ytd);
    Ok(Reconciliation {
        as_of,
        sign_convention: SIGN_CONVENTION,
        thresholds: *th,
        totals,
        rag,
        project: project_totals,
        lines,
        categories,
        expense_types,
        periods,
        years,
        earned_value: earned_value(project, as_of)?,
        tie_out: None,
        unread_money: Vec::new(),
    })
}

/// The periods of the as-of fiscal year, with cumulative figures.
fn periods(
    project: &Project,
    as_of: FiscalPeriod,
    cal: &FiscalCalendar,
) -> Result<Vec<PeriodRow>, ReconcileError> {
    let what = "amounts of a period";
    let mut periods = Vec::new();
    let (mut cum_p, mut cum_a) = (Decimal::ZERO, Decimal::ZERO);
    for p in as_of.year().periods() {
        let [mut planned, mut actual, mut forecast] = [Decimal::ZERO; 3];
        for a in project.budget.iter().filter_map(|l| l.periods.get(&p)) {
            let pl = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
            planned = add(planned, pl, what)?;
            let act = a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
            actual = add(actual, act, what)?;
            forecast = add(forecast, a.forecast.as_ref().map_or(pl, |t| t.value), what)?;
        }
        let done = p <= as_of;
        cum_p = add(cum_p, planned, "cumulative plan")?;
        cum_a = add(
            cum_a,
            if done { actual } else { forecast },
            "cumulative actual",
        )?;
        periods.push(PeriodRow {
            period: p,
            month: cal.first_day(p),
            planned,
            actual: done.then_some(actual),
            variance: done.then(|| sub(planned, actual, what)).transpose()?,
            forecast: (!done).then_some(forecast),
            cumulative_planned: cum_p,
            cumulative_actual_forecast: cum_a,
        });
    }
    Ok(periods)
}

/// Every fiscal year: plan, actual to the as-of period, then forecast.
fn years(project: &Project, as_of: FiscalPeriod) -> Result<Vec<YearRow>, ReconcileError> {
    let what = "amounts of a fiscal year";
    let mut years: BTreeMap<FiscalYear, [Decimal; 3]> = BTreeMap::new();
    for line in &project.budget {
        for (p, a) in &line.periods {
            let [planned, actual, eac] = years.entry(p.year()).or_default();
            let pl = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
            *planned = add(*planned, pl, what)?;
            if *p <= as_of {
                let act = a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
                *actual = add(*actual, act, what)?;
                *eac = add(*eac, act, what)?;
            } else {
                *eac = add(*eac, a.forecast.as_ref().map_or(pl, |t| t.value), what)?;
            }
        }
    }
    years
        .into_iter()
        .map(|(year, [planned, actual_to_date, eac])| {
            Ok(YearRow {
                year,
                planned,
                actual_to_date,
                eac,
                vac: sub(planned, eac, what)?,
            })
        })
        .collect()
}
