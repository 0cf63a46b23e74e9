//! `pmo inspect` output: what each sheet was read as, for people (text) and
//! machines (JSON).

use crate::ingest::{ColumnReport, FileReport, SheetReport};
use crate::render::text::{echo, sentence};
use serde::Serialize;
use std::fmt::Write;

/// The JSON document `pmo inspect --format json` prints.
#[derive(Debug, Serialize)]
pub struct InspectJson<'a> {
    /// One entry per file, in the order given.
    pub files: &'a [FileReport],
}

/// Renders the reports as pretty JSON.
pub fn json(files: &[FileReport]) -> String {
    serde_json::to_string_pretty(&InspectJson { files }).expect("reports serialise") + "\n"
}

/// Renders the reports as text for a terminal. Names and text from the
/// workbooks are shown with their control characters escaped and cut at a
/// readable length (see [`crate::render::text`]).
pub fn text(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        let _ = writeln!(out, "{}", echo(&f.path));
        for s in &f.sheets {
            sheet(&mut out, s);
        }
    }
    out
}

/// One sheet: what it was read as and why, its columns, rows and cells.
fn sheet(out: &mut String, s: &SheetReport) {
    let name = echo(&s.name);
    let Some(kind) = &s.kind else {
        let _ = writeln!(out, "  sheet '{name}': skipped ({})", sentence(&s.reason));
        return;
    };
    let kind = echo(kind);
    let layout = echo(&s.layout.as_deref().unwrap_or("table").replace('_', "/"));
    match s.header_row {
        Some(r) => {
            let _ = writeln!(
                out,
                "  sheet '{name}': {kind} ({layout} layout, header row {r})"
            );
        }
        None => {
            let _ = writeln!(out, "  sheet '{name}': {kind} ({layout} layout)");
        }
    }
    let _ = writeln!(out, "    why: {}", sentence(&s.reason));
    if let Some(c) = &s.confidence {
        let level = serde_json::to_value(c.level).unwrap_or_default();
        let because: Vec<String> = c.because.iter().map(|b| sentence(b)).collect();
        let _ = writeln!(
            out,
            "    confidence: {} ({})",
            level.as_str().unwrap_or("?"),
            because.join("; ")
        );
    }
    for c in &s.checks {
        let verdict = if c.passed { "passed" } else { "FAILED" };
        let _ = writeln!(
            out,
            "    check {}: {verdict} ({})",
            echo(&c.name),
            sentence(&c.detail)
        );
    }
    if !s.parameters.is_empty() {
        let p: Vec<String> = s
            .parameters
            .iter()
            .map(|(k, v)| format!("{}: {}", echo(k), echo(v)))
            .collect();
        let _ = writeln!(out, "    parameters: {}", p.join("; "));
    }
    let _ = writeln!(out, "    columns:");
    for line in column_lines(&s.columns) {
        let _ = writeln!(out, "      {line}");
    }
    if !s.unmapped.is_empty() {
        let u: Vec<String> = s.unmapped.iter().map(|h| echo(h)).collect();
        let _ = writeln!(out, "    unmapped: {}", u.join(", "));
    }
    let _ = writeln!(out, "    rows read: {}", s.rows);
    let sk = &s.skipped;
    for (label, rows) in [
        ("blank", &sk.blank),
        ("subtotal", &sk.subtotal),
        ("note", &sk.note),
    ] {
        if !rows.is_empty() {
            let _ = writeln!(
                out,
                "    skipped {label}: {} (rows {})",
                rows.len(),
                row_list(rows)
            );
        }
    }
    totals(out, s);
    problems(out, s, &name);
    for g in &s.guesses {
        let _ = writeln!(out, "    guessed: {}", sentence(g));
    }
    for n in &s.notes {
        let _ = writeln!(out, "    note: {}", sentence(n));
    }
}

fn totals(out: &mut String, s: &SheetReport) {
    if s.totals.is_empty() {
        return;
    }
    let _ = writeln!(out, "    totals:");
    let width = s.totals.keys().map(String::len).max().unwrap_or(0);
    for (k, v) in &s.totals {
        let shown = v
            .parse()
            .map(crate::model::money::format_display)
            .unwrap_or_else(|_| echo(v));
        let _ = writeln!(out, "      {:<width$}  {shown:>18}", echo(k));
    }
}

/// The cells pmo could not read: the first [`PROBLEMS_SHOWN`], then how
/// many more.
fn problems(out: &mut String, s: &SheetReport, name: &str) {
    if s.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "    cells pmo could not read ({}):", s.problems.len());
    for p in s.problems.iter().take(PROBLEMS_SHOWN) {
        let _ = writeln!(
            out,
            "      {name}!{} {}: {}",
            echo(&p.cell),
            echo(&p.key),
            sentence(&p.message)
        );
    }
    if s.problems.len() > PROBLEMS_SHOWN {
        let _ = writeln!(
            out,
            "      … and {} more (use --format json for all)",
            s.problems.len() - PROBLEMS_SHOWN
        );
    }
}

/// How many unreadable cells a sheet lists before "… and N more".
const PROBLEMS_SHOWN: usize = 20;

/// Column mappings, with runs of month columns of one block folded into one
/// line ("E–P  planned, 12 months 2025-26:P01 … 2025-26:P12").
fn column_lines(cols: &[ColumnReport]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cols.len() {
        let c = &cols[i];
        if let Some((block, _)) = c.key.split_once('.') {
            let mut j = i;
            while j + 1 < cols.len()
                && cols[j + 1]
                    .key
                    .split_once('.')
                    .is_some_and(|(b, _)| b == block)
            {
                j += 1;
            }
            let first = c.key.split_once('.').map_or("", |x| x.1);
            let last = cols[j].key.split_once('.').map_or("", |x| x.1);
            out.push(format!(
                "{}-{}  {} → {}, {} month(s) {} … {}",
                echo(&c.column),
                echo(&cols[j].column),
                echo(&c.header),
                echo(block),
                j - i + 1,
                echo(first),
                echo(last)
            ));
            i = j + 1;
        } else {
            out.push(format!(
                "{:<4} {} → {}",
                echo(&c.column),
                echo(&c.header),
                echo(&c.key)
            ));
            i += 1;
        }
    }
    out
}

fn row_list(rows: &[u32]) -> String {
    let shown: Vec<String> = rows.iter().take(30).map(u32::to_string).collect();
    let mut s = shown.join(", ");
    if rows.len() > 30 {
        s.push_str(&format!(", … {} more", rows.len() - 30));
    }
    s
}
