//! `pmo reconcile` output for people (text) and machines (JSON).

use crate::model::money::format_display;
use crate::reconcile::{ExceptionKind, Reconciliation};
use crate::render::text::{echo, first_of, fit};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Renders the reconciliation as pretty JSON.
pub fn json(r: &Reconciliation) -> String {
    serde_json::to_string_pretty(r).expect("reconciliation serialises") + "\n"
}

fn pct(p: Option<Decimal>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:.2}%"))
}

/// Renders a one-screen summary: totals, RAG, top variances, exceptions.
pub fn text(r: &Reconciliation) -> String {
    let mut out = String::new();
    let t = &r.totals;
    let _ = writeln!(
        out,
        "Reconciliation as of {} ({})",
        r.as_of, r.sign_convention
    );
    let _ = writeln!(
        out,
        "Thresholds: amber beyond {}%, red beyond {}% of plan; variances under {} stay green",
        r.thresholds.amber_pct,
        r.thresholds.red_pct,
        format_display(r.thresholds.floor)
    );
    if !r.unread_money.is_empty() {
        let cells: Vec<&str> = r.unread_money.iter().map(|u| u.cell.as_str()).collect();
        let _ = writeln!(
            out,
            "Left out: {} money cell(s) that could not be read (see pmo validate): {}",
            cells.len(),
            cells.join(", ")
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Fiscal year {}", r.as_of.year());
    for (label, v) in [
        ("Full-year plan", t.planned_full_year),
        ("Plan to date", t.planned_ytd),
        ("Actual to date", t.actual_ytd),
    ] {
        let _ = writeln!(out, "  {label:<22}{:>18}", format_display(v));
    }
    let _ = writeln!(
        out,
        "  {:<22}{:>18}  ({})  {}",
        "Variance to date",
        format_display(t.variance_ytd),
        pct(t.variance_ytd_pct),
        r.rag
    );
    let _ = writeln!(
        out,
        "  {:<22}{:>18}",
        "Forecast at year end",
        format_display(t.eac)
    );
    let _ = writeln!(
        out,
        "  {:<22}{:>18}",
        "Variance at year end",
        format_display(t.vac)
    );
    let p = &r.project;
    let _ = writeln!(
        out,
        "Project, all years: budget {}, actual to date {}, estimate at completion {}, variance {}",
        format_display(p.bac),
        format_display(p.actual_to_date),
        format_display(p.eac),
        format_display(p.vac)
    );

    let mut top: Vec<_> = r
        .lines
        .iter()
        .filter(|l| !l.figures.variance_ytd.is_zero())
        .collect();
    top.sort_by(|a, b| {
        b.figures
            .variance_ytd
            .abs()
            .cmp(&a.figures.variance_ytd.abs())
    });
    if !top.is_empty() {
        let _ = writeln!(out, "\nLargest variances to date");
        for l in top.iter().take(5) {
            let name = format!(
                "{} {}",
                l.id.as_deref().unwrap_or(""),
                l.description.as_deref().unwrap_or("")
            );
            let name = fit(&echo(name.trim()), 42).into_owned();
            let _ = writeln!(
                out,
                "  {name:<42} plan {:>14}  actual {:>14}  variance {:>14} ({})  {}",
                format_display(l.figures.planned_ytd),
                format_display(l.figures.actual_ytd),
                format_display(l.figures.variance_ytd),
                pct(l.figures.variance_ytd_pct),
                l.rag
            );
        }
        if top.len() > 5 {
            let _ = writeln!(
                out,
                "  … and {} more line(s) with a variance (see --format json or -o)",
                top.len() - 5
            );
        }
    }
    let _ = writeln!(out, "\nBy standard account");
    for g in &r.categories {
        let _ = writeln!(
            out,
            "  {:<34} plan {:>14}  actual {:>14}  variance {:>14} ({})  {}",
            echo(&g.name),
            format_display(g.figures.planned_ytd),
            format_display(g.figures.actual_ytd),
            format_display(g.figures.variance_ytd),
            pct(g.figures.variance_ytd_pct),
            g.rag
        );
    }
    if let Some(ev) = &r.earned_value {
        let e = &ev.totals;
        let ratio = |v: Option<Decimal>| v.map_or("n/a".to_string(), |v| format!("{v:.2}"));
        let _ = writeln!(
            out,
            "\nEarned value ({} line(s) with % complete): PV {}, EV {}, AC {}, CPI {}, SPI {}",
            ev.lines.len(),
            format_display(e.pv),
            format_display(e.ev),
            format_display(e.ac),
            ratio(e.cpi),
            ratio(e.spi)
        );
    }
    if let Some(tie) = &r.tie_out {
        let _ = writeln!(
            out,
            "\nLedger tie-out (difference = ledger - tracker): tracker {}, ledger {}, difference {}",
            format_display(tie.tracker_actual),
            format_display(tie.ledger_total),
            format_display(tie.difference)
        );
        if let Some(doubt) = &tie.doubt {
            let _ = writeln!(out, "  WARNING: {doubt}");
        }
        let count = |k: ExceptionKind| tie.exceptions.iter().filter(|e| e.kind == k).count();
        let _ = writeln!(
            out,
            "  {} amount_mismatch, {} ledger_unmatched, {} tracker_unmatched, {} possible_duplicate; {} reversal pair(s) netted out",
            count(ExceptionKind::AmountMismatch),
            count(ExceptionKind::LedgerUnmatched),
            count(ExceptionKind::TrackerUnmatched),
            count(ExceptionKind::PossibleDuplicate),
            tie.reversals.len()
        );
        for e in tie.exceptions.iter().take(20) {
            let money = |v: Option<Decimal>| v.map_or("-".to_string(), format_display);
            let _ = writeln!(
                out,
                "  {:<19} {:<8} {:<12} tracker {:>12}  ledger {:>12}  difference {:>12}  {}",
                e.kind.to_string(),
                echo(e.account.as_deref().unwrap_or("-")),
                e.period.map_or("-".to_string(), |p| p.to_string()),
                money(e.tracker),
                money(e.ledger),
                money(e.difference),
                first_of(&e.documents, 4)
            );
        }
        if tie.exceptions.len() > 20 {
            let _ = writeln!(
                out,
                "  … and {} more (see --format json or -o)",
                tie.exceptions.len() - 20
            );
        }
    }
    out
}

/// The text report of a summary budget (Budget / Spent by line, no
/// periods): variance by line, said plainly.
pub fn summary_text(s: &crate::reconcile::summary::SummaryVariance) -> String {
    use crate::model::money::format_display as money;
    let show = |d: Option<Decimal>| d.map_or("—".to_string(), money);
    let mut out = format!("Budget by line: {}.\n\n", s.said);
    for l in &s.lines {
        let name =
            l.id.as_deref()
                .or(l.name.as_deref())
                .unwrap_or("(unnamed line)");
        let pct = l.variance_pct.map_or(String::new(), |p| format!(" ({p}%)"));
        let _ = writeln!(
            out,
            "  {:<30} budget {:>14}  actual {:>14}  variance {:>14}{pct}",
            echo(name),
            show(l.budget),
            show(l.actual),
            show(l.variance)
        );
    }
    let _ = writeln!(
        out,
        "\n  total: budget {}, actual {}, variance {}",
        money(s.budget),
        money(s.actual),
        money(s.variance)
    );
    let _ = writeln!(
        out,
        "  (totals of the lines that state both a budget and an actual)"
    );
    if s.incomplete > 0 {
        let _ = writeln!(
            out,
            "  {} line(s) state only a budget or only an actual and are left out of the totals (a blank is not taken as zero): budgets {}, actuals {}",
            s.incomplete,
            money(s.budget_only),
            money(s.actual_only)
        );
    }
    if s.empty > 0 {
        let _ = writeln!(out, "  {} line(s) state neither", s.empty);
    }
    out
}
