//! Status ratings: the policy that turns what was read into Green, Amber
//! and Red for each status area — or **Unknown** when the data a rating
//! rests on was not read.
//!
//! A director reads Green as "checked, and fine". So a rating is only ever
//! Green when the figures behind it were read: a risk log whose ratings
//! could not be read, milestones without dates, a budget with no amounts
//! are Unknown, with the reason, and overall is never Green while an area
//! is Unknown. The documents, `pmo context` and the summaries all take
//! their ratings from here.

use crate::model::{Milestone, Project, Risk};
use crate::reconcile::Reconciliation;
use chrono::NaiveDate;
use serde::Serialize;

/// A status area's colour, or Unknown when its data was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rag {
    /// Read, and within tolerance.
    Green,
    /// Read, and needing attention.
    Amber,
    /// Read, and needing action.
    Red,
    /// Not read: missing, unread or unrecognised data.
    Unknown,
}

impl std::fmt::Display for Rag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
            Rag::Unknown => "Unknown",
        })
    }
}

impl Rag {
    /// Reads a colour as the definitions store it (their `value_aliases`
    /// map what users type, `G`, `Yellow`, `On Track`, to these words);
    /// anything else is `None`.
    pub fn parse(text: &str) -> Option<Rag> {
        [Rag::Green, Rag::Amber, Rag::Red]
            .into_iter()
            .find(|r| r.to_string().eq_ignore_ascii_case(text.trim()))
    }

    /// Severity for "the worst of": Green < Amber < Red.
    fn rank(self) -> u8 {
        match self {
            Rag::Green => 1,
            Rag::Amber => 2,
            Rag::Red => 3,
            Rag::Unknown => 0,
        }
    }
}

/// A rating with the one-line reason a reader is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// The colour, or Unknown.
    pub rag: Rag,
    /// Why, in words a director understands.
    pub reason: String,
}

impl Rating {
    fn new(rag: Rag, reason: impl Into<String>) -> Rating {
        Rating {
            rag,
            reason: reason.into(),
        }
    }
}

/// Score bands that rate a risk from its score (likelihood × impact) when
/// the log states no rating. An assumption of `pmo`'s, not an OPS
/// standard: 1–4 Low, 5–9 Medium, 10–15 High, 16–25 Critical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreBands {
    /// `(highest score, rating)` in ascending order.
    pub bands: Vec<(i64, String)>,
}

impl Default for ScoreBands {
    fn default() -> Self {
        let band = |max, name: &str| (max, name.to_string());
        ScoreBands {
            bands: vec![
                band(4, "Low"),
                band(9, "Medium"),
                band(15, "High"),
                band(25, "Critical"),
            ],
        }
    }
}

impl ScoreBands {
    /// The bands the risk definition's score-band rule (W302 in
    /// `risks.toml`) sets, so the status report rates risks as validation
    /// checks them; the defaults when no such rule is defined.
    pub fn from_definitions(defs: &crate::definition::Definitions) -> ScoreBands {
        let rule = defs.get("risks").and_then(|d| {
            d.rules.iter().find(|r| {
                r.kind == crate::definition::RuleKind::Band
                    && r.target.as_deref() == Some("rating")
                    && !r.bands.is_empty()
            })
        });
        match rule {
            Some(r) => {
                let mut bands: Vec<(i64, String)> =
                    r.bands.iter().map(|b| (b.max, b.value.clone())).collect();
                bands.sort_by_key(|(max, _)| *max);
                ScoreBands { bands }
            }
            None => ScoreBands::default(),
        }
    }

    /// The rating a score falls in, if any band holds it.
    pub fn rate(&self, score: i64) -> Option<&str> {
        if score <= 0 {
            // A score of zero or below is no score on any scale.
            return None;
        }
        self.bands
            .iter()
            .find(|(max, _)| score <= *max)
            .map(|(_, name)| name.as_str())
    }

    /// The more severe of two ratings, by band order; a word that is no
    /// band's counts as the most severe, so it is never understated.
    pub fn worse<'a>(&self, a: &'a str, b: &'a str) -> &'a str {
        let rank = |x: &str| {
            self.bands
                .iter()
                .position(|(_, n)| n.eq_ignore_ascii_case(x))
                .unwrap_or(usize::MAX)
        };
        if rank(b) > rank(a) {
            b
        } else {
            a
        }
    }
}

/// Status words that mean a risk or issue needs no more attention.
const DONE_WORDS: [&str; 2] = ["Closed", "Resolved"];

/// Whether a risk or issue is still open: anything but Closed or Resolved
/// (their aliases are mapped to these by the definitions).
pub fn is_open(status: Option<&str>) -> bool {
    !status.is_some_and(|s| DONE_WORDS.iter().any(|d| d.eq_ignore_ascii_case(s)))
}

/// A risk's score: the higher of the one stated and likelihood × impact
/// (a stated score never hides a worse product, and W301 says they differ);
/// `None` when neither was read.
pub fn risk_score(r: &Risk) -> Option<i64> {
    let product = r.likelihood().and_then(|l| l.checked_mul(r.impact()?));
    match (r.score(), product) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// A risk's rating: the worse of the rating it states and the band its
/// score falls in (a "Low" risk scored 25 is Critical, and W302 says they
/// disagree); `None` when nothing it could be rated by was read.
pub fn risk_level(r: &Risk, bands: &ScoreBands) -> Option<String> {
    let scored = risk_score(r).and_then(|s| bands.rate(s));
    match (r.rating(), scored) {
        (Some(a), Some(b)) => Some(bands.worse(a, b).to_string()),
        (a, b) => a.or(b).map(str::to_string),
    }
}

/// Whether a milestone is done: complete status or an actual date.
pub fn milestone_done(m: &Milestone) -> bool {
    m.status()
        .is_some_and(|s| s.eq_ignore_ascii_case("Complete"))
        || m.actual().is_some()
}

/// The date a milestone is due: its forecast, else its baseline.
pub fn milestone_due(m: &Milestone) -> Option<NaiveDate> {
    m.forecast().or(m.baseline())
}

/// Whether a milestone is overdue as of a date (a cancelled one never is).
pub fn milestone_overdue(m: &Milestone, as_of: NaiveDate) -> bool {
    milestone_open(m) && milestone_due(m).is_some_and(|d| d < as_of)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Risk: Red with an open Critical risk, Amber with an open High one,
/// Green when every open risk was rated and none is High or Critical;
/// Unknown when no log was read or an open risk could not be rated.
pub fn risk(project: &Project, bands: &ScoreBands) -> Rating {
    if project.risks.is_empty() {
        return Rating::new(Rag::Unknown, "no risk log was read");
    }
    let open: Vec<&Risk> = project
        .risks
        .iter()
        .filter(|r| is_open(r.status()))
        .collect();
    let levels: Vec<Option<String>> = open.iter().map(|r| risk_level(r, bands)).collect();
    let count = |l: &str| {
        levels
            .iter()
            .filter(|x| x.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(l)))
            .count()
    };
    let (critical, high) = (count("Critical"), count("High"));
    let unrated = levels.iter().filter(|l| l.is_none()).count();
    let unrated_note = match unrated {
        0 => String::new(),
        n => format!(
            "; {} no rating, score or likelihood and impact that pmo could read",
            plural(n, "open risk has", "open risks have")
        ),
    };
    if critical > 0 {
        let reason = format!(
            "{}, {} High{unrated_note}",
            plural(critical, "open Critical risk", "open Critical risks"),
            high
        );
        Rating::new(Rag::Red, reason)
    } else if unrated > 0 {
        // An unrated open risk could be Critical: not even Amber is sure.
        let floor = match high {
            0 => String::new(),
            n => format!(
                "at least Amber ({}); ",
                plural(n, "open High risk", "open High risks")
            ),
        };
        let reason = format!(
            "{floor}{} of {} could not be rated: no rating, score or likelihood and impact that pmo could read",
            unrated,
            plural(open.len(), "open risk", "open risks")
        );
        Rating::new(Rag::Unknown, reason)
    } else if high > 0 {
        let reason = format!(
            "{}, no Critical",
            plural(high, "open High risk", "open High risks")
        );
        Rating::new(Rag::Amber, reason)
    } else if open.is_empty() {
        Rating::new(Rag::Green, "no open risks")
    } else {
        Rating::new(Rag::Green, "no open High or Critical risks")
    }
}

/// Schedule: Red with an overdue milestone; Unknown when no milestones,
/// an open milestone's dates or a status word could not be read; Amber when
/// a forecast is later than its baseline or a milestone is marked Late or
/// At Risk; Green when every open milestone is dated and on or ahead of
/// baseline. Cancelled milestones are not rated.
pub fn schedule(project: &Project, as_of: NaiveDate) -> Rating {
    if project.milestones.is_empty() {
        return Rating::new(Rag::Unknown, "no milestones were read");
    }
    let name = |m: &Milestone| m.name().or(m.id()).unwrap_or("?").to_string();
    let open: Vec<&Milestone> = project
        .milestones
        .iter()
        .filter(|m| milestone_open(m))
        .collect();
    let names = |f: &dyn Fn(&Milestone) -> bool| -> Vec<String> {
        open.iter().filter(|m| f(m)).map(|m| name(m)).collect()
    };
    let overdue = names(&|m| milestone_overdue(m, as_of));
    let flagged = names(&|m| {
        m.status()
            .is_some_and(|s| FLAGGED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)))
    });
    let slipped: Vec<String> = open
        .iter()
        .filter_map(|m| {
            let days = (m.forecast()? - m.baseline()?).num_days();
            (days > 0).then(|| format!("{} ({days} days)", name(m)))
        })
        .collect();
    let undated = open.iter().filter(|m| milestone_due(m).is_none()).count();
    let unreadable = names(&|m| status_unreadable(project, m));
    if !overdue.is_empty() {
        let reason = format!(
            "{} overdue: {}",
            plural(overdue.len(), "milestone", "milestones"),
            overdue.join(", ")
        );
        Rating::new(Rag::Red, reason)
    } else if !unreadable.is_empty() || undated > 0 {
        let mut why = Vec::new();
        if undated > 0 {
            why.push(format!(
                "{} no baseline or forecast date that could be read",
                plural(undated, "open milestone has", "open milestones have")
            ));
        }
        if !unreadable.is_empty() {
            why.push(format!(
                "a status pmo could not read: {}",
                unreadable.join(", ")
            ));
        }
        if !slipped.is_empty() || !flagged.is_empty() {
            why.insert(
                0,
                "at least Amber (a milestone slipped or is marked late)".into(),
            );
        }
        Rating::new(Rag::Unknown, why.join("; "))
    } else if !slipped.is_empty() || !flagged.is_empty() {
        let mut why = Vec::new();
        if !slipped.is_empty() {
            why.push(format!(
                "forecast later than baseline: {}",
                slipped.join(", ")
            ));
        }
        if !flagged.is_empty() {
            why.push(format!("marked late or at risk: {}", flagged.join(", ")));
        }
        Rating::new(Rag::Amber, why.join("; "))
    } else {
        Rating::new(Rag::Green, "all milestones on or ahead of baseline")
    }
}

/// Milestone status words (the definitions' canonical values) that say a
/// milestone is in trouble whatever its dates say.
const FLAGGED_WORDS: [&str; 2] = ["Late", "At Risk"];

/// A milestone still to be delivered: not done and not cancelled.
pub fn milestone_open(m: &Milestone) -> bool {
    !milestone_done(m)
        && !m
            .status()
            .is_some_and(|s| s.eq_ignore_ascii_case("Cancelled"))
}

/// Whether the milestone's status cell held a word pmo could not read.
fn status_unreadable(project: &Project, m: &Milestone) -> bool {
    m.0.at.is_some_and(|at| {
        project
            .problems
            .iter()
            .any(|p| p.key == "status" && p.at.sheet == at.sheet && p.at.row == at.row)
    })
}

/// Budget: the reconciliation's RAG on the year-to-date variance; Unknown
/// when no budget was reconciled or it holds no amounts, and for a summary
/// budget, which has no plan to date to rate spending against.
pub fn budget(project: &Project, recon: Option<&Reconciliation>) -> Rating {
    let Some(r) = recon else {
        return match crate::reconcile::summary::summary_variance(project) {
            Some(s) => Rating::new(Rag::Unknown, summary_reason(&s)),
            None => Rating::new(Rag::Unknown, "no budget tracker with amounts was read"),
        };
    };
    let t = &r.totals;
    if t.planned_full_year.is_zero() && t.actual_ytd.is_zero() {
        return Rating::new(
            Rag::Unknown,
            "the budget tracker holds no planned or actual amounts for the year",
        );
    }
    let rag = match r.rag {
        crate::reconcile::Rag::Green => Rag::Green,
        crate::reconcile::Rag::Amber => Rag::Amber,
        crate::reconcile::Rag::Red => Rag::Red,
    };
    let pct = t
        .variance_ytd_pct
        .map_or("n/a".into(), |p| format!("{p:.2}%"));
    let money = crate::model::money::format_display;
    let reason = format!(
        "year-to-date variance {} ({pct}) against a plan of {} (amber beyond {}%, red beyond {}%)",
        money(t.variance_ytd),
        money(t.planned_ytd),
        r.thresholds.amber_pct,
        r.thresholds.red_pct
    );
    Rating::new(rag, reason)
}

/// Why a summary budget (Budget / Spent, no periods) cannot be rated: it
/// has no plan to date to hold spending against.
fn summary_reason(s: &crate::reconcile::summary::SummaryVariance) -> String {
    let money = crate::model::money::format_display;
    let pct = s
        .actual
        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
        .and_then(|a| a.checked_div(s.budget))
        .map_or("n/a".into(), |p| format!("{:.1}%", p.round_dp(1)));
    let left_out = match s.incomplete {
        0 => String::new(),
        n => format!(
            " on the lines stating both; {} left out",
            plural(n, "line stating only one is", "lines stating only one are")
        ),
    };
    format!(
        "a summary budget with no periods: {} spent of {} ({pct}){left_out}; with no plan to date, spending cannot be rated",
        money(s.actual),
        money(s.budget)
    )
}

/// A rating Project Information states for an area (`scope_rag`,
/// `overall_rag`), if it holds a colour.
fn stated(project: &Project, key: &str) -> Option<Rag> {
    project.info.text(key).and_then(Rag::parse)
}

/// Scope: as Project Information states it; Unknown when it does not.
pub fn scope(project: &Project) -> Rating {
    match stated(project, "scope_rag") {
        Some(rag) => Rating::new(rag, "as set in Project Information"),
        None => Rating::new(Rag::Unknown, "Project Information gives no Scope Status"),
    }
}

/// Overall: as Project Information states it, else the worst of the
/// areas; never Green while an area is Unknown.
pub fn overall(project: &Project, areas: &[(&str, &Rating)]) -> Rating {
    let unknown: Vec<&str> = areas
        .iter()
        .filter(|(_, r)| r.rag == Rag::Unknown)
        .map(|(name, _)| *name)
        .collect();
    let worst = areas
        .iter()
        .map(|(_, r)| r.rag)
        .max_by_key(|r| r.rank())
        .unwrap_or(Rag::Unknown);
    let (rag, reason) = match stated(project, "overall_rag") {
        Some(rag) => (rag, "as set in Project Information".to_string()),
        None => (
            worst,
            "the worst of scope, schedule, budget and risk".into(),
        ),
    };
    if rag.rank() <= Rag::Green.rank() && !unknown.is_empty() {
        let reason = format!(
            "{} not known, so overall cannot be Green ({reason}: {rag})",
            unknown.join(", ")
        );
        return Rating::new(Rag::Unknown, reason);
    }
    Rating::new(rag, reason)
}

/// Every area's rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusRatings {
    /// Overall: Project Information's Overall Status, else the worst of the
    /// others; never Green while another is Unknown.
    pub overall: Rating,
    /// Scope: Project Information's Scope Status.
    pub scope: Rating,
    /// Schedule: from the milestones.
    pub schedule: Rating,
    /// Budget: from the reconciliation's variance thresholds.
    pub budget: Rating,
    /// Risk: from the open risks' ratings.
    pub risk: Rating,
}

/// Rates every area as of a date.
pub fn rate(
    project: &Project,
    recon: Option<&Reconciliation>,
    as_of: NaiveDate,
    bands: &ScoreBands,
) -> StatusRatings {
    let scope = scope(project);
    let schedule = schedule(project, as_of);
    let budget = budget(project, recon);
    let risk = risk(project, bands);
    let overall = overall(
        project,
        &[
            ("scope", &scope),
            ("schedule", &schedule),
            ("budget", &budget),
            ("risk", &risk),
        ],
    );
    StatusRatings {
        overall,
        scope,
        schedule,
        budget,
        risk,
    }
}
