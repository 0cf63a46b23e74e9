//! `pmo new KIND -o FILE.xlsx`: a blank workbook that follows the templates.

use crate::cli::NewArgs;
use anyhow::Result;
use pmo::render::blank::{blank, BlankOptions};

/// Writes the blank workbook.
pub fn run(args: &NewArgs, _out: &mut dyn std::io::Write) -> Result<()> {
    let (defs, options) = super::input_plan(&args.read)?;
    let calendar = options.calendar;
    let fiscal_year = options
        .fiscal_year
        .unwrap_or_else(|| calendar.year_of(chrono::Local::now().date_naive()));
    let opts = BlankOptions {
        fiscal_year,
        calendar,
        created: None,
    };
    let bytes = blank(&defs, &args.kind, &opts)?;
    super::output::write_atomic(&args.output, &bytes, args.force, &[])?;
    eprintln!("pmo: wrote {} ({})", args.output.display(), args.kind);
    Ok(())
}
