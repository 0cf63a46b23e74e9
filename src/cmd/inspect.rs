//! `pmo inspect FILE_OR_DIR…`: how each sheet is read.

use crate::cli::{Format, InspectArgs};
use anyhow::Result;
use pmo::ingest::mapping::Mapping;
use pmo::ingest::{ingest_for_mapping, ingest_mapped};
use pmo::render::inspect;

/// Reads the files and prints the per-sheet report.
pub fn run(args: &InspectArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let (defs, options) = super::input_plan(&args.input.read)?;
    let files = pmo::month::workbooks(&args.input.files)?;
    crate::budget::preflight(&files)?;
    let map = super::mapping(&args.input)?;
    // Saving a mapping is how a declined workbook gets read: it is listed,
    // not refused.
    let read = match args.save_mapping {
        Some(_) => ingest_for_mapping,
        None => ingest_mapped,
    };
    let ingested = read(&files, &defs, &options, map.as_ref())?;
    if let Some(path) = &args.save_mapping {
        let toml = Mapping::from_reports(&ingested.files).to_toml();
        super::output::write_atomic(path, toml.as_bytes(), args.force, &files)?;
        eprintln!(
            "pmo: mapping written to {}: edit it, then pass it with --mapping (or keep it beside the workbooks as pmo-map.toml)",
            pmo::render::text::terminal(&path.display().to_string())
        );
    }
    let text = match args.format {
        Format::Text => inspect::text(&ingested.files),
        Format::Json => inspect::json(&ingested.files),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
