//! `pmo new KIND -o FILE.xlsx`: a blank workbook that follows the templates.

use crate::cli::NewArgs;
use anyhow::{bail, Result};
use pmo::definition::Definitions;
use pmo::model::{FiscalCalendar, FiscalYear};
use pmo::render::blank::{blank, BlankOptions};

/// Writes the blank workbook.
pub fn run(args: &NewArgs, _out: &mut dyn std::io::Write) -> Result<()> {
    let defs = match &args.templates {
        Some(dir) => Definitions::with_overrides(dir)?,
        None => Definitions::built_in()?,
    };
    let calendar = FiscalCalendar {
        start_month: args.fiscal_start_month,
    };
    let fiscal_year = match &args.fiscal_year {
        Some(text) => match FiscalYear::parse(text) {
            Some(y) => y,
            None => bail!("--fiscal-year '{text}' is not a fiscal year; write it as 2025-26"),
        },
        None => calendar.year_of(chrono::Local::now().date_naive()),
    };
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
