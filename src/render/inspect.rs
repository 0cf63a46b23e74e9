//! `pmo inspect` output: what each sheet was read as, for people (text) and
//! machines (JSON).

use crate::ingest::{ColumnReport, FileReport};
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

/// Renders the reports as text for a terminal.
pub fn text(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        let _ = writeln!(out, "{}", f.path);
        for s in &f.sheets {
            let Some(kind) = &s.kind else {
                let _ = writeln!(out, "  sheet '{}': skipped ({})", s.name, s.reason);
                continue;
            };
            let layout = s.layout.as_deref().unwrap_or("table").replace('_', "/");
            match s.header_row {
                Some(r) => {
                    let _ = writeln!(
                        out,
                        "  sheet '{}': {} ({} layout, header row {})",
                        s.name, kind, layout, r
                    );
                }
                None => {
                    let _ = writeln!(out, "  sheet '{}': {} ({} layout)", s.name, kind, layout);
                }
            }
            let _ = writeln!(out, "    why: {}", s.reason);
            if !s.parameters.is_empty() {
                let p: Vec<String> = s
                    .parameters
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                let _ = writeln!(out, "    parameters: {}", p.join("; "));
            }
            let _ = writeln!(out, "    columns:");
            for line in column_lines(&s.columns) {
                let _ = writeln!(out, "      {line}");
            }
            if !s.unmapped.is_empty() {
                let _ = writeln!(out, "    unmapped: {}", s.unmapped.join(", "));
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
            if !s.totals.is_empty() {
                let _ = writeln!(out, "    totals:");
                let width = s.totals.keys().map(String::len).max().unwrap_or(0);
                for (k, v) in &s.totals {
                    let shown = v
                        .parse()
                        .map(crate::model::money::format_display)
                        .unwrap_or_else(|_| v.clone());
                    let _ = writeln!(out, "      {k:<width$}  {shown:>18}");
                }
            }
            if !s.problems.is_empty() {
                let _ = writeln!(out, "    cells pmo could not read ({}):", s.problems.len());
                for p in s.problems.iter().take(20) {
                    let _ = writeln!(out, "      {}!{} {}: {}", s.name, p.cell, p.key, p.message);
                }
                if s.problems.len() > 20 {
                    let _ = writeln!(
                        out,
                        "      … and {} more (use --format json for all)",
                        s.problems.len() - 20
                    );
                }
            }
            for n in &s.notes {
                let _ = writeln!(out, "    note: {n}");
            }
        }
    }
    out
}

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
                c.column,
                cols[j].column,
                c.header,
                block,
                j - i + 1,
                first,
                last
            ));
            i = j + 1;
        } else {
            out.push(format!("{:<4} {} → {}", c.column, c.header, c.key));
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
