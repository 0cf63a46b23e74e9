//! `pmo validate` output: findings grouped by file and sheet for people, one
//! JSON document for machines.

use crate::render::text::{echo, sentence};
use crate::rules::{Finding, Summary};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

/// The JSON document `pmo validate --format json` prints.
#[derive(Debug, Serialize)]
pub struct ValidateJson<'a> {
    /// The as-of date the rules used.
    pub as_of: NaiveDate,
    /// Every finding, sorted by file, sheet and cell.
    pub findings: &'a [Finding],
    /// Counts by severity, and the number of files read.
    pub summary: SummaryJson,
}

/// Counts for the JSON summary.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Files read.
    pub files: usize,
}

/// Renders findings as pretty JSON.
pub fn json(findings: &[Finding], as_of: NaiveDate, files: usize) -> String {
    let s = Summary::of(findings);
    let doc = ValidateJson {
        as_of,
        findings,
        summary: SummaryJson {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            files,
        },
    };
    serde_json::to_string_pretty(&doc).expect("findings serialise") + "\n"
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The closing summary line.
pub fn summary_line(findings: &[Finding], as_of: NaiveDate, files: usize) -> String {
    let s = Summary::of(findings);
    format!(
        "{}, {}, {} in {} (as of {as_of})",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(files, "file")
    )
}

/// Renders findings for a terminal: file, then sheet, then one line per
/// finding (cell, code, severity, row ID, message) with its hint beneath.
/// Text from cells is shown with its control characters escaped and cut
/// at a readable length (see [`crate::render::text`]).
pub fn text(findings: &[Finding], as_of: NaiveDate, files: usize) -> String {
    let mut out = String::new();
    let mut file = None;
    let mut sheet = None;
    for f in findings {
        if file != Some(&f.file) {
            let _ = writeln!(out, "{}", echo(&f.file));
            file = Some(&f.file);
            sheet = None;
        }
        if sheet != Some(&f.sheet) {
            let _ = writeln!(out, "  {}", echo(&f.sheet));
            sheet = Some(&f.sheet);
        }
        let cell = echo(f.cell.as_deref().unwrap_or("-"));
        let id = f
            .row_id
            .as_deref()
            .map(|i| format!(" [{}]", echo(i)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {cell:<6} {} {:<7}{id} {}",
            echo(&f.code),
            f.severity,
            sentence(&f.message)
        );
        if !f.hint.is_empty() {
            let _ = writeln!(out, "           hint: {}", sentence(&f.hint));
        }
    }
    if !findings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary_line(findings, as_of, files));
    out
}
