//! `pmo reconcile FILE_OR_DIR… [--ledger FILE]`: variance, forecast and
//! tie-out.

use super::{json_with_as_of, plan, Extra};
use crate::cli::{Format, ReconcileArgs};
use anyhow::{bail, Result};
use pmo::month::{AsOfSource, Month};
use pmo::render::{reconcile as render, reconcile_xlsx};

/// Runs the reconciliation and writes its outputs.
pub fn run(args: &ReconcileArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let extra = Extra {
        ledger: &args.ledger.ledger,
        thresholds: Some(&args.thresholds),
        ..Extra::default()
    };
    let m = Month::read(&plan(&args.input, &args.as_of, extra)?)?;
    let Some(r) = &m.recon else {
        if let Some(s) = &m.summary {
            let text = match args.format {
                Format::Text => render::summary_text(s),
                Format::Json => json_with_as_of(&m.as_of, s)?,
            };
            out.write_all(text.as_bytes())?;
            if args.output.is_some() {
                eprintln!("pmo: a summary budget has no periods, so no reconciliation workbook was written; the figures above are all it holds");
            }
            return Ok(());
        }
        if m.project.budget.is_empty() {
            let files: Vec<String> = m
                .files
                .iter()
                .map(|f| format!("'{}'", f.display()))
                .collect();
            bail!(
                "no budget lines were read from {}; run 'pmo inspect' on it to see how its sheets were read",
                files.join(", ")
            );
        }
        debug_assert_eq!(m.as_of.source, AsOfSource::Today);
        bail!("the budget has no actuals yet and Project Information gives no Status Date; pass --as-of PERIOD to reconcile as of a period");
    };
    let text = match args.format {
        Format::Text => render::text(r),
        Format::Json => json_with_as_of(&m.as_of, r)?,
    };
    out.write_all(text.as_bytes())?;
    if let Some(path) = &args.output {
        let written = reconcile_xlsx::write(r, m.project.info.text("name"), None)?;
        super::warn_all(&written.notes);
        super::output::write_atomic(path, &written.bytes, args.force, &m.files)?;
        eprintln!("pmo: reconciliation workbook written to {}", path.display());
    }
    Ok(())
}
