//! One project's line in the portfolio, and the portfolio's totals: the
//! figures a director and a finance lead compare across projects.

use crate::month::Month;
use crate::render::context::Context;
use crate::rules::Summary;
use crate::status::Rag;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Money as a decimal string with two places (`"1234.50"`).
pub(crate) fn money<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{:.2}", d.round_dp(2)))
}

/// Optional money or a ratio, or null.
pub(crate) fn opt_money<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => money(d, s),
        None => s.serialize_none(),
    }
}

/// The status report's ratings, as words (`Green` … `Unknown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ratings {
    /// Overall.
    pub overall: String,
    /// Scope.
    pub scope: String,
    /// Schedule.
    pub schedule: String,
    /// Budget.
    pub budget: String,
    /// Risk.
    pub risk: String,
}

impl Ratings {
    /// Each area in order, with its name.
    pub fn areas(&self) -> [(&'static str, &str); 5] {
        [
            ("overall", &self.overall),
            ("scope", &self.scope),
            ("schedule", &self.schedule),
            ("budget", &self.budget),
            ("risk", &self.risk),
        ]
    }
}

/// The figures, when a budget with actuals was reconciled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Budget at completion: every planned amount of the project.
    #[serde(serialize_with = "money")]
    pub bac: Decimal,
    /// Plan through the as-of period, in the as-of fiscal year.
    #[serde(serialize_with = "money")]
    pub planned_ytd: Decimal,
    /// Actual through the as-of period, in the as-of fiscal year.
    #[serde(serialize_with = "money")]
    pub actual_ytd: Decimal,
    /// planned_ytd − actual_ytd (positive = under plan).
    #[serde(serialize_with = "money")]
    pub variance_ytd: Decimal,
    /// Estimate at completion of the project.
    #[serde(serialize_with = "money")]
    pub eac: Decimal,
    /// bac − eac.
    #[serde(serialize_with = "money")]
    pub vac: Decimal,
    /// Earned value, where lines state a percent complete.
    #[serde(serialize_with = "opt_money")]
    pub ev: Option<Decimal>,
    /// Planned value behind `ev`.
    #[serde(serialize_with = "opt_money")]
    pub pv: Option<Decimal>,
    /// Actual cost behind `ev`.
    #[serde(serialize_with = "opt_money")]
    pub ac: Option<Decimal>,
    /// ev / ac.
    #[serde(serialize_with = "opt_money")]
    pub cpi: Option<Decimal>,
    /// ev / pv.
    #[serde(serialize_with = "opt_money")]
    pub spi: Option<Decimal>,
}

/// The open risk that scores highest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopRisk {
    /// Its ID.
    pub id: String,
    /// Its title (or description).
    pub title: String,
    /// Its rating (Low … Critical), when one is stated or scored.
    pub rating: Option<String>,
}

/// The next milestone not yet done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextMilestone {
    /// Its ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it is due (forecast, else baseline).
    pub due: String,
    /// Forecast − baseline, in days, when both are given.
    pub slip_days: Option<i64>,
}

/// The project's own tie-out to the (split) ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    /// Postings tied out.
    pub postings: usize,
    /// ledger − tracker.
    #[serde(serialize_with = "money")]
    pub difference: Decimal,
    /// Exceptions to resolve with finance.
    pub exceptions: usize,
    /// Why the ledger may be another project's, when it looks so.
    pub doubt: Option<String>,
}

/// One project's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectRow {
    /// The key its outputs are written under (`OUT_DIR/<key>/`).
    pub key: String,
    /// Project Name, or what names it.
    pub name: String,
    /// Project ID.
    pub project_id: Option<String>,
    /// Cost centres its ledger postings are split by.
    pub cost_centres: Vec<String>,
    /// Its workbooks.
    pub files: Vec<String>,
    /// Why it could not be read, when it could not.
    pub error: Option<String>,
    /// The reporting period.
    pub period: Option<String>,
    /// The as-of date.
    pub as_of_date: Option<String>,
    /// The figures, when a budget with actuals was reconciled.
    pub money: Option<Money>,
    /// The status ratings (Unknown when not read).
    pub ratings: Ratings,
    /// The open risk that scores highest.
    pub top_risk: Option<TopRisk>,
    /// IDs of the open risks (for the change since last month).
    pub open_risks: Vec<String>,
    /// The next milestone not yet done.
    pub next_milestone: Option<NextMilestone>,
    /// Its tie-out, when it has postings.
    pub tie_out: Option<Tie>,
    /// Findings by severity (a project that cannot be read counts one
    /// error: that it cannot be read).
    pub findings: Summary,
}

fn unknown() -> Ratings {
    let u = Rag::Unknown.to_string();
    Ratings {
        overall: u.clone(),
        scope: u.clone(),
        schedule: u.clone(),
        budget: u.clone(),
        risk: u,
    }
}

impl ProjectRow {
    /// The line of a project that could not be read.
    pub fn unread(
        key: String,
        name: String,
        files: &[std::path::PathBuf],
        why: String,
    ) -> ProjectRow {
        ProjectRow {
            key,
            name,
            project_id: None,
            cost_centres: Vec::new(),
            files: files.iter().map(|f| f.display().to_string()).collect(),
            error: Some(why),
            period: None,
            as_of_date: None,
            money: None,
            ratings: unknown(),
            top_risk: None,
            open_risks: Vec::new(),
            next_milestone: None,
            tie_out: None,
            findings: Summary {
                errors: 1,
                warnings: 0,
                infos: 0,
            },
        }
    }

    /// The line of a project read as `m`, whose context is `ctx`.
    pub fn of(key: String, m: &Month, ctx: &Context) -> ProjectRow {
        let st = &ctx.status;
        let ratings = Ratings {
            overall: st.overall.rag.to_string(),
            scope: st.scope.rag.to_string(),
            schedule: st.schedule.rag.to_string(),
            budget: st.budget.rag.to_string(),
            risk: st.risk.rag.to_string(),
        };
        let text =
            |r: &crate::render::context::Row, k: &str| r.get(k).cloned().filter(|s| !s.is_empty());
        let top_risk = ctx.top_risks.first().map(|r| TopRisk {
            id: text(r, "id").unwrap_or_default(),
            title: text(r, "title")
                .or_else(|| text(r, "description"))
                .unwrap_or_default(),
            rating: text(r, "rating"),
        });
        let open_risks = m
            .project
            .risks
            .iter()
            .filter(|r| crate::status::is_open(r.status()))
            .filter_map(|r| r.id().map(str::to_string))
            .collect();
        ProjectRow {
            key,
            name: m.identity.label_name(),
            project_id: m.identity.project_id.clone(),
            cost_centres: m.identity.cost_centres.iter().cloned().collect(),
            files: m.files[..m.inputs]
                .iter()
                .map(|f| f.display().to_string())
                .collect(),
            error: None,
            period: Some(m.as_of.period.to_string()),
            as_of_date: Some(m.as_of.date.to_string()),
            money: m.recon.as_ref().map(money_of),
            ratings,
            top_risk,
            open_risks,
            next_milestone: next_milestone(m),
            tie_out: m
                .recon
                .as_ref()
                .and_then(|r| r.tie_out.as_ref())
                .map(|t| Tie {
                    postings: m.project.ledger.len(),
                    difference: t.difference,
                    exceptions: t.exceptions.len(),
                    doubt: t.doubt.clone(),
                }),
            findings: Summary::of(&m.findings),
        }
    }

    /// Whether a director should look at it first: it could not be read,
    /// or its overall rating is Red, Amber or Unknown.
    pub fn needs_attention(&self) -> bool {
        self.error.is_some() || self.ratings.overall != Rag::Green.to_string()
    }
}

fn money_of(r: &crate::reconcile::Reconciliation) -> Money {
    let ev = r.earned_value.as_ref().map(|e| &e.totals);
    Money {
        bac: r.project.bac,
        planned_ytd: r.totals.planned_ytd,
        actual_ytd: r.totals.actual_ytd,
        variance_ytd: r.totals.variance_ytd,
        eac: r.project.eac,
        vac: r.project.vac,
        ev: ev.map(|e| e.ev),
        pv: ev.map(|e| e.pv),
        ac: ev.map(|e| e.ac),
        cpi: ev.and_then(|e| e.cpi),
        spi: ev.and_then(|e| e.spi),
    }
}

/// The earliest milestone with no actual date, by forecast (else baseline).
fn next_milestone(m: &Month) -> Option<NextMilestone> {
    m.project
        .milestones
        .iter()
        .filter(|ms| ms.actual().is_none())
        .filter_map(|ms| ms.forecast().or(ms.baseline()).map(|d| (d, ms)))
        .min_by_key(|(d, _)| *d)
        .map(|(due, ms)| NextMilestone {
            id: ms.id().unwrap_or_default().to_string(),
            name: ms.name().unwrap_or_default().to_string(),
            due: due.to_string(),
            slip_days: match (ms.baseline(), ms.forecast()) {
                (Some(b), Some(f)) => Some((f - b).num_days()),
                _ => None,
            },
        })
}

/// The portfolio's totals: the sum of the projects' lines, to the cent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Projects listed.
    pub projects: usize,
    /// Projects read.
    pub read: usize,
    /// Projects with figures (a budget with actuals).
    pub with_figures: usize,
    /// The sum of the projects' figures (CPI and SPI from the summed EV,
    /// AC and PV of the projects that have earned value).
    pub money: Money,
    /// Ledger − tracker, summed over the projects' tie-outs.
    #[serde(serialize_with = "money")]
    pub tie_out_difference: Decimal,
    /// Tie-out exceptions, summed.
    pub exceptions: usize,
    /// Findings, summed.
    pub findings: Summary,
    /// Projects by overall rating: Green, Amber, Red, Unknown.
    pub by_rating: Vec<(String, usize)>,
}

/// Sums the projects' lines.
pub fn totals(rows: &[ProjectRow]) -> Totals {
    let mut t = Totals {
        projects: rows.len(),
        ..Totals::default()
    };
    let (mut ev, mut pv, mut ac) = (None::<Decimal>, None::<Decimal>, None::<Decimal>);
    let add = |acc: &mut Option<Decimal>, v: Option<Decimal>| {
        if let Some(v) = v {
            *acc = Some(acc.unwrap_or_default() + v);
        }
    };
    for r in rows {
        t.read += usize::from(r.error.is_none());
        if let Some(m) = &r.money {
            t.with_figures += 1;
            let s = &mut t.money;
            s.bac += m.bac;
            s.planned_ytd += m.planned_ytd;
            s.actual_ytd += m.actual_ytd;
            s.variance_ytd += m.variance_ytd;
            s.eac += m.eac;
            s.vac += m.vac;
            add(&mut ev, m.ev);
            add(&mut pv, m.pv);
            add(&mut ac, m.ac);
        }
        if let Some(tie) = &r.tie_out {
            t.tie_out_difference += tie.difference;
            t.exceptions += tie.exceptions;
        }
        t.findings.errors += r.findings.errors;
        t.findings.warnings += r.findings.warnings;
        t.findings.infos += r.findings.infos;
    }
    let ratio = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => Some((a / b).round_dp(4)),
        _ => None,
    };
    t.money.cpi = ratio(ev, ac);
    t.money.spi = ratio(ev, pv);
    (t.money.ev, t.money.pv, t.money.ac) = (ev, pv, ac);
    t.by_rating = ["Green", "Amber", "Red", "Unknown"]
        .iter()
        .map(|k| {
            (
                k.to_string(),
                rows.iter().filter(|r| r.ratings.overall == *k).count(),
            )
        })
        .collect();
    t
}
