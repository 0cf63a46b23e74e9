//! Planned against actual by line, category, operating/capital, period and
//! fiscal year; forecast at completion; earned value.

use super::{pct, ProjectTotals, Rag, Reconciliation, Thresholds, SIGN_CONVENTION};
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
    fn add(&mut self, o: &Figures) {
        self.planned_full_year += o.planned_full_year;
        self.planned_ytd += o.planned_ytd;
        self.actual_ytd += o.actual_ytd;
        self.variance_ytd += o.variance_ytd;
        self.eac += o.eac;
        self.etc += o.etc;
        self.vac += o.vac;
        self.variance_ytd_pct = pct(self.variance_ytd, self.planned_ytd);
    }

    fn of_line(line: &BudgetLine, as_of: FiscalPeriod) -> Figures {
        let mut f = Figures::default();
        for (p, a) in line
            .periods
            .iter()
            .filter(|(p, _)| p.year() == as_of.year())
        {
            let planned = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
            f.planned_full_year += planned;
            if p.period() <= as_of.period() {
                f.planned_ytd += planned;
                f.actual_ytd += a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
            } else {
                f.etc += a.forecast.as_ref().map_or(planned, |t| t.value);
            }
        }
        f.variance_ytd = f.planned_ytd - f.actual_ytd;
        f.variance_ytd_pct = pct(f.variance_ytd, f.planned_ytd);
        f.eac = f.actual_ytd + f.etc;
        f.vac = f.planned_full_year - f.eac;
        f
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

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!b.is_zero()).then(|| (a / b).round_dp(2))
}

fn ev_row(
    line: String,
    percent_complete: Decimal,
    bac: Decimal,
    pv: Decimal,
    ac: Decimal,
) -> EvRow {
    let ev = to_cents(percent_complete * bac);
    let cpi = ratio(ev, ac);
    EvRow {
        line,
        percent_complete,
        bac,
        pv,
        ev,
        ac,
        cv: ev - ac,
        sv: ev - pv,
        cpi,
        spi: ratio(ev, pv),
        // BAC ÷ CPI, from the unrounded index.
        eac: (!ev.is_zero() && !ac.is_zero()).then(|| to_cents(bac * ac / ev)),
    }
}

fn earned_value(project: &Project, as_of: FiscalPeriod) -> Option<EarnedValue> {
    let mut lines = Vec::new();
    for line in &project.budget {
        let Some(pc) = line.record.decimal("percent_complete") else {
            continue;
        };
        let bac = line.total("planned");
        let upto = |block: &str| -> Decimal {
            line.periods
                .iter()
                .filter(|(p, _)| **p <= as_of)
                .filter_map(|(_, a)| a.block(block))
                .map(|t| t.value)
                .sum()
        };
        let name = line.id().or(line.description()).unwrap_or("?").to_string();
        lines.push(ev_row(name, pc, bac, upto("planned"), upto("actual")));
    }
    if lines.is_empty() {
        return None;
    }
    let bac: Decimal = lines.iter().map(|l| l.bac).sum();
    let pv: Decimal = lines.iter().map(|l| l.pv).sum();
    let ac: Decimal = lines.iter().map(|l| l.ac).sum();
    let ev: Decimal = lines.iter().map(|l| l.ev).sum();
    let pc = if bac.is_zero() {
        Decimal::ZERO
    } else {
        (ev / bac).round_dp(4)
    };
    let mut totals = ev_row("all lines with % complete".into(), pc, bac, pv, ac);
    // The total EV is the sum of the lines' EV, not pc × BAC re-rounded.
    totals.ev = ev;
    totals.cv = ev - ac;
    totals.sv = ev - pv;
    totals.cpi = ratio(ev, ac);
    totals.spi = ratio(ev, pv);
    totals.eac = (!ev.is_zero() && !ac.is_zero()).then(|| to_cents(bac * ac / ev));
    Some(EarnedValue { lines, totals })
}

fn group(
    rows: &[LineRow],
    key: impl Fn(&LineRow) -> Option<String>,
    th: &Thresholds,
) -> Vec<GroupRow> {
    let mut groups: BTreeMap<String, (usize, Figures)> = BTreeMap::new();
    for r in rows {
        let name = key(r).unwrap_or_else(|| "(not given)".into());
        let g = groups.entry(name).or_default();
        g.0 += 1;
        g.1.add(&r.figures);
    }
    groups
        .into_iter()
        .map(|(name, (lines, figures))| GroupRow {
            name,
            lines,
            rag: th.rag(figures.planned_ytd, figures.variance_ytd),
            figures,
        })
        .collect()
}

/// Computes everything but the tie-out.
pub(crate) fn compute(
    project: &Project,
    as_of: FiscalPeriod,
    th: &Thresholds,
    cal: &FiscalCalendar,
) -> Reconciliation {
    let lines: Vec<LineRow> = project
        .budget
        .iter()
        .map(|line| {
            let figures = Figures::of_line(line, as_of);
            LineRow {
                id: line.id().map(str::to_string),
                description: line.description().map(str::to_string),
                category: line.category().map(str::to_string),
                expense_type: line.expense_type().map(str::to_string),
                account: line.account().map(str::to_string),
                place: line.record.at.map(|at| project.place(at).1),
                rag: th.rag(figures.planned_ytd, figures.variance_ytd),
                figures,
            }
        })
        .collect();
    let mut totals = Figures::default();
    for l in &lines {
        totals.add(&l.figures);
    }
    let categories = group(&lines, |r| r.category.clone(), th);
    let expense_types = group(&lines, |r| r.expense_type.clone(), th);

    // Periods of the as-of year.
    let mut periods = Vec::new();
    let (mut cum_p, mut cum_a) = (Decimal::ZERO, Decimal::ZERO);
    for p in as_of.year().periods() {
        let mut planned = Decimal::ZERO;
        let mut actual = Decimal::ZERO;
        let mut forecast = Decimal::ZERO;
        for line in &project.budget {
            if let Some(a) = line.periods.get(&p) {
                let pl = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
                planned += pl;
                actual += a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
                forecast += a.forecast.as_ref().map_or(pl, |t| t.value);
            }
        }
        let done = p <= as_of;
        cum_p += planned;
        cum_a += if done { actual } else { forecast };
        periods.push(PeriodRow {
            period: p,
            month: cal.first_day(p),
            planned,
            actual: done.then_some(actual),
            variance: done.then_some(planned - actual),
            forecast: (!done).then_some(forecast),
            cumulative_planned: cum_p,
            cumulative_actual_forecast: cum_a,
        });
    }

    // Fiscal years and the whole project.
    let mut years: BTreeMap<FiscalYear, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    for line in &project.budget {
        for (p, a) in &line.periods {
            let y = years.entry(p.year()).or_default();
            let pl = a.planned.as_ref().map_or(Decimal::ZERO, |t| t.value);
            y.0 += pl;
            if *p <= as_of {
                let act = a.actual.as_ref().map_or(Decimal::ZERO, |t| t.value);
                y.1 += act;
                y.2 += act;
            } else {
                y.2 += a.forecast.as_ref().map_or(pl, |t| t.value);
            }
        }
    }
    let years: Vec<YearRow> = years
        .into_iter()
        .map(|(year, (planned, actual_to_date, eac))| YearRow {
            year,
            planned,
            actual_to_date,
            eac,
            vac: planned - eac,
        })
        .collect();
    let bac: Decimal = years.iter().map(|y| y.planned).sum();
    let eac: Decimal = years.iter().map(|y| y.eac).sum();
    let project_totals = ProjectTotals {
        bac,
        actual_to_date: years.iter().map(|y| y.actual_to_date).sum(),
        eac,
        vac: bac - eac,
    };
    let rag = th.rag(totals.planned_ytd, totals.variance_ytd);
    Reconciliation {
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
        earned_value: earned_value(project, as_of),
        tie_out: None,
    }
}
