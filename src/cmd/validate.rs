//! `pmo validate FILE…`: findings against the template rules.

use crate::cli::{FailOn, Format, ValidateArgs};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use pmo::ingest::{ingest, snapshot};
use pmo::render::{annotate, findings};
use pmo::rules::{validate, Settings, Severity};

/// What the run concluded, for the exit code.
pub enum Outcome {
    /// Nothing at or above --fail-on.
    Clean,
    /// Findings at or above --fail-on.
    Findings,
}

/// The as-of date: the flag, else the Status Date in Project Information,
/// else today.
pub fn as_of(flag: Option<&str>, project: &pmo::model::Project) -> Result<NaiveDate> {
    match flag {
        Some(text) => match pmo::ingest::coerce::parse_date_text(text) {
            Ok(d) => Ok(d),
            Err(_) => bail!("--as-of '{text}' is not a date; write it as YYYY-MM-DD"),
        },
        None => Ok(project
            .info
            .date("as_of")
            .unwrap_or_else(|| chrono::Local::now().date_naive())),
    }
}

/// Validates the files, prints the findings and writes the annotated copy.
pub fn run(args: &ValidateArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let (defs, options) = super::input_plan(&args.input.read)?;
    if args.annotate.is_some() && args.input.files.len() != 1 {
        bail!("--annotate writes a copy of one workbook; give exactly one input file");
    }
    let ingested = ingest(&args.input.files, &defs, &options)?;
    let as_of = as_of(args.as_of.as_deref(), &ingested.project)?;
    let settings = Settings {
        as_of,
        calendar: options.calendar,
    };
    let found = validate(&ingested.project, &defs, &settings);
    let files = args.input.files.len();
    let text = match args.format {
        Format::Text => findings::text(&found, as_of, files),
        Format::Json => findings::json(&found, as_of, files),
    };
    out.write_all(text.as_bytes())?;
    if let Some(path) = &args.annotate {
        let input = &args.input.files[0];
        let snap = snapshot::read(input)?;
        let bytes = annotate::annotate(&snap, &found, None)?;
        super::output::write_atomic(path, &bytes, args.force, &args.input.files)
            .with_context(|| "writing the annotated copy".to_string())?;
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
