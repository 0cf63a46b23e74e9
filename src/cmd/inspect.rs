//! `pmo inspect FILE_OR_DIR…`: how each sheet is read.

use crate::cli::{Format, InspectArgs};
use anyhow::Result;
use pmo::ingest::ingest;
use pmo::render::inspect;

/// Reads the files and prints the per-sheet report.
pub fn run(args: &InspectArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let (defs, options) = super::input_plan(&args.input.read)?;
    let files = pmo::month::workbooks(&args.input.files)?;
    let ingested = ingest(&files, &defs, &options)?;
    let text = match args.format {
        Format::Text => inspect::text(&ingested.files),
        Format::Json => inspect::json(&ingested.files),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
