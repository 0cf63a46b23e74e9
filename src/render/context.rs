//! The template context: one data structure handed to every document
//! template (`pmo context … --format json` prints it). Money is formatted
//! for reading (`$1,234.50`, negatives in parentheses); the raw decimal
//! strings are in `reconciliation`.

use crate::model::money::format_display;
use crate::model::{FiscalCalendar, FiscalPeriod, Project, Record};
use crate::reconcile::Reconciliation;
use crate::rules::{Finding, Summary};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::status::{is_open, milestone_done, milestone_due, risk_level, risk_score, ScoreBands};
pub use crate::status::{Rating, StatusRatings};

/// When a context speaks: the reporting period, the as-of date (both
/// resolved by [`crate::month::resolve_as_of`]), the day it is generated,
/// and the calendar.
#[derive(Debug, Clone, Copy)]
pub struct When<'a> {
    /// The reporting period.
    pub period: FiscalPeriod,
    /// The date the rules and milestones treat as today.
    pub as_of: NaiveDate,
    /// The date the document is generated.
    pub generated: NaiveDate,
    /// The fiscal calendar.
    pub calendar: &'a FiscalCalendar,
}

/// A record's fields as display text, by key, plus `place` (`Risks!A5`).
pub type Row = BTreeMap<String, String>;

/// Milestones sorted into the status report's groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MilestoneGroups {
    /// Completed in the reporting period (actual date within it).
    pub completed: Vec<Row>,
    /// Due in the 60 days after the as-of date, not complete.
    pub upcoming: Vec<Row>,
    /// Forecast (or baseline) passed and not complete.
    pub overdue: Vec<Row>,
}

/// Counts of validation findings, and the findings themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingsContext {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Every finding: code, severity, place, message.
    pub items: Vec<Row>,
}

/// Everything a document template can use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    /// The date the document was generated (YYYY-MM-DD).
    pub generated: String,
    /// The reporting period (`2026-27:P07`): the as-of date's period.
    pub period: Option<String>,
    /// The reporting period's last day, and its month as words.
    pub period_end: Option<String>,
    /// "October 2026".
    pub period_name: Option<String>,
    /// The as-of date used for milestones and overdue checks.
    pub as_of: String,
    /// Project Information fields by key (name, ministry, sponsor…).
    pub project: Row,
    /// The reconciliation (raw decimal strings), if there is a budget.
    pub reconciliation: Option<Reconciliation>,
    /// Budget figures formatted for reading.
    pub budget: BTreeMap<String, String>,
    /// Plan by fiscal year, standard account and operating/capital.
    pub budget_by_year: Vec<Row>,
    /// The fiscal years in `budget_by_year` and `financials`, in order.
    pub fiscal_years: Vec<String>,
    /// Plan by operating/capital and one-time/ongoing (lines without that
    /// column count as one-time), per fiscal year, with subtotals and a
    /// total: `label`, one key per fiscal year, `total`.
    pub financials: Vec<Row>,
    /// Status ratings with reasons.
    pub status: StatusRatings,
    /// Every risk, highest score first.
    pub risks: Vec<Row>,
    /// Open risks, highest score first, at most five.
    pub top_risks: Vec<Row>,
    /// How many risks are open, so a document can say how many
    /// `top_risks` leaves out.
    pub open_risks: usize,
    /// Every issue.
    pub issues: Vec<Row>,
    /// Issues not resolved or closed.
    pub open_issues: Vec<Row>,
    /// Every milestone, in baseline order.
    pub milestones: Vec<Row>,
    /// Milestones by group.
    pub milestone_groups: MilestoneGroups,
    /// Stakeholders.
    pub stakeholders: Vec<Row>,
    /// Validation findings.
    pub findings: FindingsContext,
    /// What changed since last month's workbooks (`--previous`), if given.
    pub changes: Option<Changes>,
    /// A summary budget's variance by line (Budget / Spent, no periods),
    /// formatted for reading, when there is no reconciliation by period:
    /// rows of `name`, `budget`, `actual`, `variance`, `variance_pct`, the
    /// last one the total.
    pub summary_budget: Option<Vec<Row>>,
    /// What this document rests on that was not read or was guessed:
    /// Unknown ratings, missing columns, mapping drift, guesses, declined
    /// sheets — in plain words (see [`crate::render::notes`]).
    pub data_notes: Vec<String>,
    /// The total row under `budget_by_year`: `category` "Total", one key
    /// per fiscal year, `total` (empty when there is no budget).
    pub budget_by_year_total: Row,
    /// What the status report's chart shows, in numbers (its alt text).
    pub chart_alt: Option<String>,
    /// The ledger tie-out in words and display money, when a ledger was
    /// read (the full tie-out is `reconciliation.tie_out`).
    pub tie_out: Option<TieOutSummary>,
}

/// The tie-out of the tracker's actuals to the finance ledger, as the
/// status report states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieOutSummary {
    /// Whether the ledger total equals the tracker's actuals.
    pub ties: bool,
    /// Every tracker actual (`$1,234.50`).
    pub tracker_actual: String,
    /// Every posting.
    pub ledger_total: String,
    /// ledger − tracker.
    pub difference: String,
    /// How many exceptions.
    pub exceptions: usize,
    /// Exceptions by kind: `kind` (in words), `count`.
    pub by_kind: Vec<Row>,
    /// The exception with the largest difference: `kind` (in words),
    /// `account`, `period`, `difference`, `documents`.
    pub largest: Option<Row>,
    /// Why the ledger may be another project's, in words, when it looks so.
    pub doubt: Option<String>,
}

/// An exception kind in words, as a finance lead says it.
pub fn exception_words(kind: crate::reconcile::ExceptionKind) -> &'static str {
    use crate::reconcile::ExceptionKind as K;
    match kind {
        K::AmountMismatch => "Amount differs",
        K::LedgerUnmatched => "Posting with no tracker line",
        K::TrackerUnmatched => "Tracker actual with no posting",
        K::PossibleDuplicate => "Possible duplicate posting",
    }
}

/// Summarises a tie-out for the status report.
pub fn tie_out_summary(t: &crate::reconcile::TieOut) -> TieOutSummary {
    let mut counts: BTreeMap<crate::reconcile::ExceptionKind, usize> = BTreeMap::new();
    for e in &t.exceptions {
        *counts.entry(e.kind).or_default() += 1;
    }
    let by_kind = counts
        .into_iter()
        .map(|(k, n)| {
            Row::from([
                ("kind".to_string(), exception_words(k).to_string()),
                ("count".to_string(), n.to_string()),
            ])
        })
        .collect();
    let largest = t
        .exceptions
        .iter()
        .filter_map(|e| e.difference.map(|d| (d.abs(), e)))
        .max_by_key(|(d, _)| *d)
        .map(|(_, e)| {
            Row::from([
                ("kind".to_string(), exception_words(e.kind).to_string()),
                ("account".to_string(), e.account.clone().unwrap_or_default()),
                (
                    "period".to_string(),
                    e.period.map(|p| p.to_string()).unwrap_or_default(),
                ),
                (
                    "difference".to_string(),
                    format_display(e.difference.unwrap_or_default()),
                ),
                ("documents".to_string(), e.documents.join(", ")),
            ])
        });
    TieOutSummary {
        doubt: t.doubt.as_ref().map(|d| capitalise(d)),
        ties: t.difference.is_zero(),
        tracker_actual: format_display(t.tracker_actual),
        ledger_total: format_display(t.ledger_total),
        difference: format_display(t.difference),
        exceptions: t.exceptions.len(),
        by_kind,
        largest,
    }
}

impl Context {
    /// Adds a note for each sheet of the inputs that was not read.
    pub fn note_declined(&mut self, files: &[crate::ingest::FileReport]) {
        self.data_notes
            .extend(crate::render::notes::declined_notes(files));
    }
}

/// Risks and issues new, closed or re-rated since the previous report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Changes {
    /// Risks whose ID was not in last month's log.
    pub new_risks: Vec<Row>,
    /// Risks closed since (or gone from the log), with last month's fields.
    pub closed_risks: Vec<Row>,
    /// Risks whose rating or score changed: the row plus `previous_rating`
    /// and `previous_score`.
    pub rerated_risks: Vec<Row>,
    /// Issues not in last month's log.
    pub new_issues: Vec<Row>,
    /// Issues resolved or closed since (or gone from the log).
    pub closed_issues: Vec<Row>,
}

/// A summary budget's lines and total, formatted for reading; a figure a
/// line does not state is "—", never 0.
fn summary_rows(s: &crate::reconcile::summary::SummaryVariance) -> Vec<Row> {
    let show = |d: Option<Decimal>| d.map_or("—".to_string(), format_display);
    let mut rows: Vec<Row> = s
        .lines
        .iter()
        .map(|l| {
            let name =
                l.id.iter()
                    .chain(&l.name)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
            Row::from([
                ("name".to_string(), name),
                ("budget".to_string(), show(l.budget)),
                ("actual".to_string(), show(l.actual)),
                ("variance".to_string(), show(l.variance)),
                (
                    "variance_pct".to_string(),
                    l.variance_pct.map_or("—".into(), |p| format!("{p}%")),
                ),
            ])
        })
        .collect();
    rows.push(Row::from([
        (
            "name".to_string(),
            match s.incomplete {
                0 => "Total".to_string(),
                n => format!("Total of the lines stating both ({n} left out)"),
            },
        ),
        ("budget".to_string(), format_display(s.budget)),
        ("actual".to_string(), format_display(s.actual)),
        ("variance".to_string(), format_display(s.variance)),
        ("variance_pct".to_string(), String::new()),
    ]));
    rows
}

/// Compares this month's risks and issues with last month's, by ID.
pub fn changes(now: &Project, before: &Project) -> Changes {
    let key = |r: &Record| r.text("id").map(|s| s.trim().to_lowercase());
    let index = |recs: Vec<&Record>| -> BTreeMap<String, Record> {
        recs.into_iter()
            .filter_map(|r| key(r).map(|k| (k, r.clone())))
            .collect()
    };
    let score = |r: &Record| {
        risk_score(&crate::model::Risk(r.clone()))
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let closed = |r: &Record| !is_open(r.text("status"));
    let mut c = Changes::default();
    let (risks_now, risks_before) = (
        index(now.risks.iter().map(|r| &r.0).collect()),
        index(before.risks.iter().map(|r| &r.0).collect()),
    );
    for (k, r) in &risks_now {
        match risks_before.get(k) {
            None => c.new_risks.push(row(now, r)),
            Some(b) => {
                if closed(r) && !closed(b) {
                    c.closed_risks.push(row(now, r));
                } else if r.text("rating") != b.text("rating") || score(r) != score(b) {
                    let mut x = row(now, r);
                    x.insert(
                        "previous_rating".into(),
                        b.text("rating").unwrap_or("").to_string(),
                    );
                    x.insert("previous_score".into(), score(b));
                    x.insert("score".into(), score(r));
                    c.rerated_risks.push(x);
                }
            }
        }
    }
    for (k, b) in &risks_before {
        if !risks_now.contains_key(k) && !closed(b) {
            c.closed_risks.push(row(before, b));
        }
    }
    let (issues_now, issues_before) = (
        index(now.issues.iter().map(|r| &r.0).collect()),
        index(before.issues.iter().map(|r| &r.0).collect()),
    );
    for (k, i) in &issues_now {
        match issues_before.get(k) {
            None => c.new_issues.push(row(now, i)),
            Some(b) if closed(i) && !closed(b) => c.closed_issues.push(row(now, i)),
            _ => {}
        }
    }
    for (k, b) in &issues_before {
        if !issues_now.contains_key(k) && !closed(b) {
            c.closed_issues.push(row(before, b));
        }
    }
    c
}

fn row(project: &Project, rec: &Record) -> Row {
    let mut r: Row = rec
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.value.to_string()))
        .collect();
    if let Some(at) = rec.at {
        r.insert("place".into(), project.place(at).1);
    }
    r
}

/// Builds the context for the reporting `period` and the `as_of` date
/// (both resolved by [`crate::month::resolve_as_of`]).
pub fn build(
    project: &Project,
    recon: Option<&Reconciliation>,
    findings: &[Finding],
    when: &When<'_>,
    bands: &ScoreBands,
) -> Context {
    let When {
        period,
        as_of,
        generated,
        calendar,
    } = *when;
    let info: Row = project
        .info
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.value.to_string()))
        .collect();

    // Risks, highest score first (score as stated, else likelihood × impact);
    // a risk with neither sorts last and is never a top risk.
    let mut risks: Vec<&crate::model::Risk> = project.risks.iter().collect();
    risks.sort_by(|a, b| {
        let key = |r: &crate::model::Risk| std::cmp::Reverse(risk_score(r));
        key(a).cmp(&key(b)).then(a.id().cmp(&b.id()))
    });
    let risk_rows: Vec<Row> = risks
        .iter()
        .map(|r| {
            let mut row = row(project, &r.0);
            if let Some(score) = risk_score(r) {
                row.insert("score".into(), score.to_string());
            }
            if let Some(level) = risk_level(r, bands) {
                row.entry("rating".into()).or_insert(level);
            }
            row
        })
        .collect();
    let open_risks = risks.iter().filter(|r| is_open(r.status())).count();
    let top_risks: Vec<Row> = risks
        .iter()
        .zip(&risk_rows)
        .filter(|(r, _)| is_open(r.status()) && risk_score(r).is_some())
        .map(|(_, row)| row.clone())
        .take(5)
        .collect();
    let issues: Vec<Row> = project.issues.iter().map(|i| row(project, &i.0)).collect();
    let open_issues: Vec<Row> = project
        .issues
        .iter()
        .filter(|i| is_open(i.status()))
        .map(|i| row(project, &i.0))
        .collect();

    // Milestones.
    let mut ms: Vec<&crate::model::Milestone> = project.milestones.iter().collect();
    ms.sort_by_key(|m| m.baseline());
    let period_start = calendar.first_day(period);
    let mut groups = MilestoneGroups::default();
    for m in &ms {
        let mut r = row(project, &m.0);
        if let (Some(b), Some(f)) = (m.baseline(), m.forecast().or(m.actual())) {
            let days = (f - b).num_days();
            r.insert("slip_days".into(), days.to_string());
        }
        let done = milestone_done(m);
        if let Some(d) = milestone_due(m) {
            r.insert("due".into(), d.to_string());
        }
        match (m.actual(), milestone_due(m)) {
            (Some(a), _) if a >= period_start && a <= as_of => groups.completed.push(r),
            (None, Some(d)) if !done && d < as_of => groups.overdue.push(r),
            (None, Some(d)) if !done && d <= as_of + chrono::Duration::days(60) => {
                groups.upcoming.push(r)
            }
            _ => {}
        }
    }
    let milestones: Vec<Row> = ms.iter().map(|m| row(project, &m.0)).collect();

    let status = crate::status::rate(project, recon, as_of, bands);
    let data_notes = crate::render::notes::data_notes(&status, findings);

    // Budget figures for reading, and plan by fiscal year.
    let mut budget = BTreeMap::new();
    let mut budget_by_year = Vec::new();
    let mut fiscal_years = Vec::new();
    let mut financials = Vec::new();
    let mut budget_by_year_total = Row::new();
    if let Some(r) = recon {
        let t = &r.totals;
        for (k, v) in [
            ("planned_full_year", t.planned_full_year),
            ("planned_ytd", t.planned_ytd),
            ("actual_ytd", t.actual_ytd),
            ("variance_ytd", t.variance_ytd),
            ("eac", t.eac),
            ("etc", t.etc),
            ("vac", t.vac),
            ("project_bac", r.project.bac),
            ("project_actual_to_date", r.project.actual_to_date),
            ("project_eac", r.project.eac),
            ("project_vac", r.project.vac),
        ] {
            budget.insert(k.to_string(), format_display(v));
        }
        budget.insert(
            "variance_ytd_pct".into(),
            t.variance_ytd_pct
                .map_or("n/a".into(), |p| format!("{p:.2}%")),
        );
        budget.insert("rag".into(), r.rag.to_string());
        budget.insert("fiscal_year".into(), r.as_of.year().to_string());
        // Plan by standard account × operating/capital × fiscal year.
        let mut table: BTreeMap<(String, String), BTreeMap<String, Decimal>> = BTreeMap::new();
        let mut years = std::collections::BTreeSet::new();
        for line in &project.budget {
            let key = (
                line.expense_type().unwrap_or("(not given)").to_string(),
                line.category().unwrap_or("(not given)").to_string(),
            );
            for (p, a) in &line.periods {
                if let Some(t) = &a.planned {
                    years.insert(p.year());
                    *table
                        .entry(key.clone())
                        .or_default()
                        .entry(p.year().to_string())
                        .or_default() += t.value;
                }
            }
        }
        fiscal_years = years.iter().map(|y| y.to_string()).collect();
        // Financial implications: operating/capital × one-time/ongoing.
        let mut fin: BTreeMap<(String, String), BTreeMap<String, Decimal>> = BTreeMap::new();
        for line in &project.budget {
            let kind = line.expense_type().unwrap_or("Operating").to_string();
            let rec = line
                .record
                .text("recurrence")
                .unwrap_or("One-time")
                .to_string();
            for (p, a) in &line.periods {
                if let Some(t) = &a.planned {
                    *fin.entry((kind.clone(), rec.clone()))
                        .or_default()
                        .entry(p.year().to_string())
                        .or_default() += t.value;
                }
            }
        }
        let fin_row = |label: String, by_year: &BTreeMap<String, Decimal>, years: &[String]| {
            let mut row: Row = BTreeMap::new();
            row.insert("label".into(), label);
            let mut total = Decimal::ZERO;
            for y in years {
                let v = by_year.get(y).copied().unwrap_or_default();
                total += v;
                row.insert(y.clone(), format_display(v));
            }
            row.insert("total".into(), format_display(total));
            row
        };
        let years_list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        let mut grand: BTreeMap<String, Decimal> = BTreeMap::new();
        for kind in ["Operating", "Capital"] {
            let mut sub: BTreeMap<String, Decimal> = BTreeMap::new();
            for rec in ["One-time", "Ongoing"] {
                let by_year = fin
                    .get(&(kind.to_string(), rec.to_string()))
                    .cloned()
                    .unwrap_or_default();
                for (y, v) in &by_year {
                    *sub.entry(y.clone()).or_default() += *v;
                    *grand.entry(y.clone()).or_default() += *v;
                }
                financials.push(fin_row(
                    format!("{kind} — {}", rec.to_lowercase()),
                    &by_year,
                    &years_list,
                ));
            }
            financials.push(fin_row(
                format!("Total {}", kind.to_lowercase()),
                &sub,
                &years_list,
            ));
        }
        financials.push(fin_row("Total".into(), &grand, &years_list));
        let mut all_years: BTreeMap<String, Decimal> = BTreeMap::new();
        for by_year in table.values() {
            for (y, v) in by_year {
                *all_years.entry(y.clone()).or_default() += *v;
            }
        }
        budget_by_year_total = fin_row("Total".into(), &all_years, &years_list);
        budget_by_year_total.insert("category".into(), "Total".into());
        budget_by_year_total.insert("expense_type".into(), String::new());
        for ((kind, category), by_year) in &table {
            let mut row: Row = BTreeMap::new();
            row.insert("expense_type".into(), kind.clone());
            row.insert("category".into(), category.clone());
            let mut total = Decimal::ZERO;
            for y in &fiscal_years {
                let v = by_year.get(y).copied().unwrap_or_default();
                total += v;
                row.insert(y.clone(), format_display(v));
            }
            row.insert("total".into(), format_display(total));
            budget_by_year.push(row);
        }
    }

    let s = Summary::of(findings);
    let items = findings
        .iter()
        .map(|f| {
            let mut r = Row::new();
            r.insert("code".into(), f.code.clone());
            r.insert("severity".into(), f.severity.to_string());
            r.insert(
                "place".into(),
                format!("{}!{}", f.sheet, f.cell.clone().unwrap_or_default()),
            );
            r.insert("message".into(), f.message.clone());
            r
        })
        .collect();
    Context {
        generated: generated.to_string(),
        period: Some(period.to_string()),
        period_end: Some(calendar.last_day(period).to_string()),
        period_name: Some(calendar.first_day(period).format("%B %Y").to_string()),
        as_of: as_of.to_string(),
        project: info,
        reconciliation: recon.cloned(),
        budget,
        budget_by_year,
        // A table of fiscal years with no year in it (no line plans by
        // period) is no table: the documents say it is to complete.
        financials: if fiscal_years.is_empty() {
            Vec::new()
        } else {
            financials
        },
        fiscal_years,
        status,
        risks: risk_rows,
        top_risks,
        open_risks,
        issues,
        open_issues,
        milestones,
        milestone_groups: groups,
        stakeholders: project
            .stakeholders
            .iter()
            .map(|s| row(project, &s.0))
            .collect(),
        findings: FindingsContext {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            items,
        },
        changes: None,
        summary_budget: recon
            .is_none()
            .then(|| crate::reconcile::summary::summary_variance(project))
            .flatten()
            .map(|s| summary_rows(&s)),
        data_notes,
        budget_by_year_total,
        chart_alt: recon.map(crate::render::chart::describe),
        tie_out: recon.and_then(|r| r.tie_out.as_ref()).map(tie_out_summary),
    }
}

/// `text` with its first letter in capitals, to open a sentence.
fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
