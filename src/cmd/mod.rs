//! One module per subcommand, each with its own `run`.

pub mod document;
pub mod explain;
pub mod inspect;
pub mod new;
pub mod output;
pub mod reconcile;
pub mod report;
pub mod validate;

use crate::cli::ReadArgs;
use anyhow::{bail, Result};
use pmo::definition::Definitions;
use pmo::ingest::Options;
use pmo::model::{FiscalCalendar, FiscalYear};

/// Definitions and ingest options from the shared input flags.
pub fn input_plan(args: &ReadArgs) -> Result<(Definitions, Options)> {
    let defs = match &args.templates {
        Some(dir) => Definitions::with_overrides(dir)?,
        None => Definitions::built_in()?,
    };
    let fiscal_year = match &args.fiscal_year {
        Some(text) => match FiscalYear::parse(text) {
            Some(y) => Some(y),
            None => bail!("--fiscal-year '{text}' is not a fiscal year; write it as 2025-26"),
        },
        None => None,
    };
    let options = Options {
        calendar: FiscalCalendar::new(args.fiscal_start_month)?,
        fiscal_year,
    };
    Ok((defs, options))
}
