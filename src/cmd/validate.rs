//! `pmo validate FILE_OR_DIR…`: findings against the template rules.

use super::{json_with_as_of, plan, Extra};
use crate::cli::{FailOn, Format, ValidateArgs};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use pmo::ingest::snapshot;
use pmo::month::Month;
use pmo::render::{annotate, findings};
use pmo::rules::{Finding, Severity, Summary};

/// What the run concluded, for the exit code.
pub enum Outcome {
    /// Nothing at or above --fail-on.
    Clean,
    /// Findings at or above --fail-on.
    Findings,
}

/// The findings' JSON document (`findings`, `summary`, `as_of`).
pub fn json_doc(found: &[Finding], as_of: NaiveDate, files: usize) -> findings::ValidateJson<'_> {
    let s = Summary::of(found);
    findings::ValidateJson {
        as_of,
        findings: found,
        summary: findings::SummaryJson {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            files,
        },
    }
}

/// Validates the files, prints the findings and writes the annotated copy.
pub fn run(args: &ValidateArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let mut plan = plan(&args.input, &args.as_of, Extra::default())?;
    // Validation checks files: several projects' files can be checked at once.
    plan.several_projects = true;
    if args.annotate.is_some() {
        let books = pmo::month::workbooks(&plan.inputs)?;
        if books.len() != 1 {
            bail!(
                "--annotate writes a copy of one workbook; the inputs hold {}",
                books.len()
            );
        }
    }
    let m = Month::read(&plan)?;
    let (found, as_of, files) = (&m.findings, m.as_of.date, m.inputs);
    let text = match args.format {
        Format::Text => findings::text(found, as_of, files),
        Format::Json => json_with_as_of(&m.as_of, &json_doc(found, as_of, files))?,
    };
    out.write_all(text.as_bytes())?;
    if let Some(path) = &args.annotate {
        let input = &m.files[0];
        let snap = snapshot::read(input)?;
        let written = annotate::write(&snap, found, None)?;
        super::warn_all(&written.notes);
        super::output::write_atomic(path, &written.bytes, args.force, &m.files)
            .context("writing the annotated copy")?;
        eprintln!("pmo: annotated copy written to {}", path.display());
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| found.iter().any(|f| f.severity >= t));
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
