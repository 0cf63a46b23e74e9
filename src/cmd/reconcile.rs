//! `pmo reconcile FILE… [--ledger FILE]`: variance, forecast and tie-out.

use crate::cli::{Format, ReconcileArgs};
use anyhow::{bail, Context, Result};
use pmo::ingest::ingest;
use pmo::model::{FiscalCalendar, FiscalPeriod};
use pmo::reconcile::{reconcile, Settings, Thresholds};
use pmo::render::{reconcile as render, reconcile_xlsx};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    thresholds: ThresholdsFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    amber_pct: Option<Decimal>,
    red_pct: Option<Decimal>,
    floor: Option<Decimal>,
}

/// The thresholds: defaults, then the settings file, then the flags.
fn thresholds(args: &ReconcileArgs) -> Result<Thresholds> {
    let mut t = Thresholds::default();
    if let Some(path) = &args.settings {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read settings file '{}'", path.display()))?;
        let file: SettingsFile = toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "settings file '{}': {}",
                path.display(),
                e.to_string().trim_end()
            )
        })?;
        t.amber_pct = file.thresholds.amber_pct.unwrap_or(t.amber_pct);
        t.red_pct = file.thresholds.red_pct.unwrap_or(t.red_pct);
        t.floor = file.thresholds.floor.unwrap_or(t.floor);
    }
    t.amber_pct = args.amber.unwrap_or(t.amber_pct);
    t.red_pct = args.red.unwrap_or(t.red_pct);
    t.floor = args.floor.unwrap_or(t.floor);
    if t.amber_pct < Decimal::ZERO || t.red_pct < t.amber_pct || t.floor < Decimal::ZERO {
        bail!(
            "thresholds must satisfy 0 <= amber ({}) <= red ({}) and floor ({}) >= 0",
            t.amber_pct,
            t.red_pct,
            t.floor
        );
    }
    Ok(t)
}

/// Parses `2025-26:P07`, `2025-26 P07` or a date.
pub fn parse_as_of(text: &str, cal: &FiscalCalendar) -> Result<FiscalPeriod> {
    if let Some(p) = FiscalPeriod::parse(text) {
        return Ok(p);
    }
    match pmo::ingest::coerce::parse_date_text(text) {
        Ok(d) => Ok(cal.period_of(d)),
        Err(_) => bail!(
            "--as-of '{text}' is neither a fiscal period (2025-26:P07) nor a date (2025-10-31)"
        ),
    }
}

/// Runs the reconciliation and writes its outputs.
pub fn run(args: &ReconcileArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let (defs, options) = super::input_plan(&args.input.read)?;
    let thresholds = thresholds(args)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|t| parse_as_of(t, &options.calendar))
        .transpose()?;
    let mut files = args.input.files.clone();
    files.extend(args.ledger.iter().cloned());
    let ingested = ingest(&files, &defs, &options)?;
    let project = &ingested.project;
    for l in &args.ledger {
        let read_as_ledger = project
            .sources
            .iter()
            .any(|s| &s.file == l && s.kind == "ledger");
        if !read_as_ledger {
            bail!(
                "'{}' has no sheet that reads as a ledger export (GL date, account, amount or debit/credit columns); run 'pmo inspect {}' to see why",
                l.display(),
                l.display()
            );
        }
    }
    let settings = Settings {
        as_of,
        thresholds,
        calendar: options.calendar,
    };
    let Some(r) = reconcile(project, &settings)? else {
        if project.budget.is_empty() {
            bail!("no budget lines were read from the input; run 'pmo inspect' on it to see how its sheets were read");
        }
        bail!("the budget has no actuals yet; pass --as-of PERIOD to reconcile as of a period");
    };
    let text = match args.format {
        Format::Text => render::text(&r),
        Format::Json => render::json(&r),
    };
    out.write_all(text.as_bytes())?;
    if let Some(path) = &args.output {
        let bytes = reconcile_xlsx::workbook(&r, project.info.text("name"), None)?;
        super::output::write_atomic(path, &bytes, args.force, &files)?;
        eprintln!("pmo: reconciliation workbook written to {}", path.display());
    }
    Ok(())
}
