//! Command-line arguments (clap), turned into validated plans by each
//! command's `run`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Project paperwork for OPS I&IT projects: read budget trackers, risk and
/// issue logs and ledger exports; validate, reconcile and report.
#[derive(Debug, Parser)]
#[command(name = "pmo", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how each sheet of the given workbooks is read: its kind, header
    /// row, column mapping, rows skipped and money totals.
    Inspect(InspectArgs),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For machines (one JSON document on stdout).
    Json,
}

/// Options shared by every command that reads workbooks.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Workbooks to read (.xlsx .xlsm .xlsb .xls .ods .csv).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A folder of workbook definitions (*.toml) that add to or replace the
    /// built-in ones, by kind.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Fiscal year for month headers and periods that name none ("Apr",
    /// "P01"), e.g. 2025-26.
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<String>,
    /// First month of the fiscal year (1-12). Ontario: 4 (April).
    #[arg(long, value_name = "MONTH", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub fiscal_start_month: u32,
}

/// `pmo inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
