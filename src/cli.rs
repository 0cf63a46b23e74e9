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
    /// Check workbooks against the OPS template rules; every finding names
    /// its file, sheet and cell. Exit 0 clean, 1 findings at or above
    /// --fail-on, 2 could not run.
    Validate(ValidateArgs),
    /// Write a blank workbook that follows the templates, with dropdowns and
    /// input checks: budget, risks, issues, milestones, stakeholders,
    /// project-info, ledger, or project (all sheets in one workbook).
    New(NewArgs),
    /// Explain a finding code (E101, W301…) or list them all.
    Explain(ExplainArgs),
    /// Planned against actual by line, standard account, period and fiscal
    /// year; forecast at completion; earned value; and, with --ledger, a
    /// tie-out of the tracker's actuals to the finance ledger.
    Reconcile(ReconcileArgs),
    /// Write the monthly status report (.docx) from the workbooks.
    Status(DocumentArgs),
    /// Write the UPM-style project charter (.docx).
    Charter(DocumentArgs),
    /// Write an MB20-style submission draft (.docx), every page marked
    /// "Confidential Advice to Cabinet".
    Mb20(DocumentArgs),
    /// Print the data handed to document templates (every field a template
    /// can use), as JSON.
    Context(DocumentArgs),
    /// Work with the built-in document templates.
    Templates(TemplatesArgs),
    /// The month in one command: validate, reconcile (with the ledger when
    /// one is among the inputs) and write the findings, the reconciliation
    /// workbook, the status report, the charter and the MB20 draft.
    Report(ReportArgs),
}

/// `pmo report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder of workbooks, or the workbooks themselves (a ledger export
    /// among them is recognised as one).
    #[arg(required = true, value_name = "DIR_OR_FILE")]
    pub inputs: Vec<PathBuf>,
    /// The folder to write into (created if missing). pmo replaces the files
    /// it writes there; it writes nothing else.
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// The reporting period: 2025-26:P07, or a date. Default: the last
    /// period with actuals.
    #[arg(long, value_name = "PERIOD")]
    pub as_of: Option<String>,
    /// How to read the workbooks.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Fix the documents' date (YYYY-MM-DD) instead of today's.
    #[arg(long, value_name = "DATE", hide = true)]
    pub generated: Option<String>,
}

/// `pmo status` and `pmo context`.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// The finance ledger export, for the budget's tie-out.
    #[arg(long, value_name = "FILE")]
    pub ledger: Vec<PathBuf>,
    /// The reporting period: 2025-26:P07, or a date. Default: the last
    /// period with actuals.
    #[arg(long, value_name = "PERIOD")]
    pub as_of: Option<String>,
    /// Where to write the document (.docx); not used by `context`.
    #[arg(short, long, value_name = "FILE.docx")]
    pub output: Option<PathBuf>,
    /// An edited copy of the document template to use instead of the built-in.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Last month's workbooks: the status report then lists risks and
    /// issues new, closed or re-rated since.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub previous: Vec<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Fix the document's date (YYYY-MM-DD) instead of today's.
    #[arg(long, value_name = "DATE", hide = true)]
    pub generated: Option<String>,
}

/// `pmo templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: TemplatesAction,
}

/// `pmo templates` actions.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in workbook definitions and document templates into
    /// DIR, for editing.
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// `pmo reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// The finance ledger export (GL detail) to tie the tracker out to.
    #[arg(long, value_name = "FILE")]
    pub ledger: Vec<PathBuf>,
    /// The last period counted as actual: 2025-26:P07, or a date. Default:
    /// the last period with actuals in the tracker.
    #[arg(long, value_name = "PERIOD")]
    pub as_of: Option<String>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write the reconciliation workbook here (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    /// A settings file with a [thresholds] table (amber_pct, red_pct, floor).
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Percent of plan beyond which a variance is amber (default 5).
    #[arg(long, value_name = "PCT")]
    pub amber: Option<rust_decimal::Decimal>,
    /// Percent of plan beyond which a variance is red (default 10).
    #[arg(long, value_name = "PCT")]
    pub red: Option<rust_decimal::Decimal>,
    /// Variances smaller than this many dollars stay green (default 1000).
    #[arg(long, value_name = "DOLLARS")]
    pub floor: Option<rust_decimal::Decimal>,
}

/// The lowest severity that makes `pmo validate` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any error.
    Error,
    /// Any warning or error.
    Warning,
    /// Any finding.
    Info,
    /// Never (always exit 0 when validation ran).
    Never,
}

/// `pmo validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// The date the workbooks speak as of (YYYY-MM-DD). Default: the Status
    /// Date in Project Information, else today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write a copy of the (single) input workbook with each finding's cell
    /// highlighted and a note on it. The input is never written.
    #[arg(long, value_name = "OUT.xlsx")]
    pub annotate: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// `pmo new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of workbook.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// Where to write it (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// Definitions and calendar (the budget's months follow --fiscal-year,
    /// by default the current one).
    #[command(flatten)]
    pub read: ReadArgs,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `pmo explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code (E101) or name (missing-column); omit to list every code.
    pub code: Option<String>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For machines (one JSON document on stdout).
    Json,
}

/// Workbook definitions and the fiscal calendar: how workbooks are read.
#[derive(Debug, Args, Clone)]
pub struct ReadArgs {
    /// A folder of workbook definitions (*.toml) that add to or replace the
    /// built-in ones, by kind.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Fiscal year for month headers and periods that name none ("Apr",
    /// "P01"), e.g. 2025-26; for `pmo new`, the budget's months.
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<String>,
    /// First month of the fiscal year (1-12). Ontario: 4 (April).
    #[arg(long, value_name = "MONTH", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub fiscal_start_month: u32,
}

/// Options shared by every command that reads workbooks.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Workbooks to read (.xlsx .xlsm .xlsb .xls .ods .csv).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How to read them.
    #[command(flatten)]
    pub read: ReadArgs,
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
