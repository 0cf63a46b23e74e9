//! Command-line arguments (clap): the raw flags. `cmd::plan` turns them into
//! one validated [`pmo::month::Plan`] that every month command runs on, so a
//! flag means the same thing wherever it appears.
//!
//! Each subcommand's struct holds only the flags that do something there;
//! the groups shared between commands (inputs, as-of, ledger, thresholds)
//! are flattened in so their wording is written once.

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
    #[command(
        after_help = "Examples:\n  pmo inspect samples/project.xlsx\n  pmo inspect samples/ --format json"
    )]
    Inspect(InspectArgs),
    /// Check workbooks against the OPS template rules; every finding names
    /// its file, sheet and cell. Exit 0 clean, 1 findings at or above
    /// --fail-on, 2 could not run.
    #[command(
        after_help = "Examples:\n  pmo validate samples/project.xlsx\n  pmo validate samples/ --as-of 2026-27:P05 --format json\n  pmo validate tracker.xlsx --annotate tracker-checked.xlsx"
    )]
    Validate(ValidateArgs),
    /// Write a blank workbook that follows the templates, with dropdowns and
    /// input checks.
    #[command(
        after_help = "Examples:\n  pmo new project -o next-year.xlsx --fiscal-year 2026-27\n  pmo new risks -o risk-log.xlsx"
    )]
    New(NewArgs),
    /// Explain a finding code (E101, W301…) or list them all.
    #[command(after_help = "Examples:\n  pmo explain\n  pmo explain E101\n  pmo explain mapping")]
    Explain(ExplainArgs),
    /// Planned against actual by line, standard account, period and fiscal
    /// year; forecast at completion; earned value; and, with --ledger, a
    /// tie-out of the tracker's actuals to the finance ledger.
    #[command(
        after_help = "Examples:\n  pmo reconcile samples/project.xlsx --ledger samples/ledger.xlsx\n  pmo reconcile samples/project.xlsx --as-of 2026-27:P05 --format json\n  pmo reconcile samples/ -o recon.xlsx --amber 3 --red 8"
    )]
    Reconcile(ReconcileArgs),
    /// Write the monthly status report (.docx) from the workbooks.
    #[command(
        after_help = "Examples:\n  pmo status samples/project.xlsx --ledger samples/ledger.xlsx -o status.docx\n  pmo status samples/ -o status.docx --previous last-month/ --as-of 2026-27:P07"
    )]
    Status(DocumentArgs),
    /// Write the UPM-style project charter (.docx).
    #[command(
        after_help = "Examples:\n  pmo charter samples/project.xlsx -o charter.docx\n  pmo charter samples/ -o charter.docx --template my/charter.md.j2"
    )]
    Charter(DocumentArgs),
    /// Write an MB20-style submission draft (.docx), every page marked
    /// "Confidential Advice to Cabinet".
    #[command(
        after_help = "Examples:\n  pmo mb20 samples/project.xlsx -o mb20.docx\n  pmo mb20 samples/ -o mb20.docx --as-of 2026-27:P07"
    )]
    Mb20(DocumentArgs),
    /// Print the data handed to document templates (every field a template
    /// can use): JSON, or one `field = value` line per field.
    #[command(
        after_help = "Examples:\n  pmo context samples/project.xlsx --format json\n  pmo context samples/ --as-of 2026-27:P05"
    )]
    Context(ContextArgs),
    /// Fill your own Word template (.docx with {{ tags }}, {%tr for %} row
    /// loops, {%p if %} conditions, {{ chart("cumulative") }}) with the
    /// month's data; `pmo context` lists every field.
    #[command(
        after_help = "Examples:\n  pmo fill samples/templates/status-ministry.docx samples/ -o status.docx\n  pmo fill briefing-note.docx tracker.xlsx --ledger ifis.xlsx --as-of 2026-27:P07 -o note.docx"
    )]
    Fill(FillArgs),
    /// Work with the built-in document templates.
    #[command(after_help = "Example:\n  pmo templates export my-templates/")]
    Templates(TemplatesArgs),
    /// The month in one command: validate, reconcile (with the ledger when
    /// one is among the inputs) and write the findings, the reconciliation
    /// workbook, the status report, the charter and the MB20 draft. Every
    /// file is written to a temporary first; all are renamed into place
    /// together, or none is.
    #[command(
        after_help = "Examples:\n  pmo report samples/ -o out/\n  pmo report this-month/ -o out/ --previous last-month/ --template my/status.md.j2 --amber 3"
    )]
    Report(ReportArgs),
    /// Many projects, kept apart: each sub-folder (or each project the
    /// loose workbooks name) is read as its own project, in parallel, and
    /// gets everything `report` writes in OUT_DIR/<project>/; one cluster
    /// ledger (--ledger) is split by each project's cost centres; plus
    /// portfolio.xlsx, portfolio-report.docx and portfolio.json. A project
    /// that cannot be read is a row saying why. Exit 0 done, 1 findings at
    /// or above --fail-on, 2 nothing could run.
    #[command(
        after_help = "Examples:\n  pmo portfolio samples/portfolio/ -o portfolio-out/ --ledger samples/portfolio/cluster-ledger.xlsx\n  pmo portfolio projects/ -o out/ --ledger ifis-cluster.xlsx --previous last-month-out/ --fail-on error"
    )]
    Portfolio(PortfolioArgs),
}

/// `pmo portfolio`.
#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Folders holding one sub-folder per project (or projects' workbooks,
    /// grouped by the project each names), or workbooks.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// How to read them.
    #[command(flatten)]
    pub read: ReadArgs,
    /// The folder to write into (created if missing); pmo replaces the
    /// files it writes there.
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// The cluster's ledger export, split among the projects by cost centre.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Last month's OUT_DIR (or its portfolio.json): each project's change
    /// since (ratings, variance, EAC, risks opened and closed).
    #[arg(long, value_name = "PREVIOUS_OUT_DIR")]
    pub previous: Option<PathBuf>,
    /// As of.
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Thresholds.
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    /// Exit 1 when a project has a finding at or above this severity (a
    /// project that cannot be read counts as an error).
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// The paper the documents are laid out for: Letter (Ontario's) or A4.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    pub paper: PaperArg,
    /// An edited copy of the portfolio report's template (portfolio.md.j2,
    /// written by `pmo templates export DIR`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Output format on stdout: a line per project, or portfolio.json.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Date.
    #[command(flatten)]
    pub generated: GeneratedArgs,
}

/// Workbook definitions and the fiscal calendar: how workbooks are read.
#[derive(Debug, Args, Clone)]
pub struct ReadArgs {
    /// A folder of workbook definitions (*.toml) that add to or replace the
    /// built-in ones, by kind.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Fiscal year for month headers and periods that name none ("Apr",
    /// "P01", --as-of P05), e.g. 2025-26; for `pmo new`, the budget's months.
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<String>,
    /// First month of the fiscal year (1-12). Ontario: 4 (April).
    #[arg(long, value_name = "MONTH", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub fiscal_start_month: u32,
}

/// The workbooks to read, and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Workbooks to read (.xlsx .xlsm .xlsb .xls .ods .csv), or folders
    /// whose workbooks are all read.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub files: Vec<PathBuf>,
    /// How to read them.
    #[command(flatten)]
    pub read: ReadArgs,
    /// A mapping file that pins how each sheet is read (made by `pmo inspect
    /// --save-mapping`). Default: a pmo-map.toml beside the first workbook.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
}

/// The as-of, the same for every command.
#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// The month to report as of: a period (2026-27:P05, or P05 in the
    /// project's fiscal year; its last day is the as-of date) or a date
    /// (its period is the reporting period). Default: the Status Date in
    /// Project Information, else the end of the last period with actuals,
    /// else today.
    #[arg(long, value_name = "PERIOD_OR_DATE")]
    pub as_of: Option<String>,
}

/// The finance ledger export.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The finance ledger export (GL detail) to tie the tracker's actuals
    /// out to; it must read as a ledger.
    #[arg(long, value_name = "FILE")]
    pub ledger: Vec<PathBuf>,
}

/// Last month's workbooks.
#[derive(Debug, Args)]
pub struct PreviousArgs {
    /// Last month's workbooks (or folder): the status report then lists
    /// risks and issues new, closed or re-rated since.
    #[arg(long, value_name = "FILE_OR_DIR", num_args = 1..)]
    pub previous: Vec<PathBuf>,
}

/// Variance thresholds for the RAG ratings.
#[derive(Debug, Args)]
pub struct ThresholdArgs {
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

/// The documents' date.
#[derive(Debug, Args)]
pub struct GeneratedArgs {
    /// Fix the documents' date (YYYY-MM-DD) instead of today's.
    #[arg(long, value_name = "DATE", hide = true)]
    pub generated: Option<String>,
}

/// `pmo inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write what was read as a mapping file (TOML) to edit and pass back
    /// with --mapping; replaces an existing file only with --force.
    #[arg(long, value_name = "FILE")]
    pub save_mapping: Option<PathBuf>,
    /// Replace an existing --save-mapping file.
    #[arg(long, requires = "save_mapping")]
    pub force: bool,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `pmo validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// As of.
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write a copy of the (single) input workbook with each finding's cell
    /// highlighted and a note on it. The input is never written.
    #[arg(long, value_name = "OUT.xlsx")]
    pub annotate: Option<PathBuf>,
    /// Replace an existing --annotate file (never a read-only one).
    #[arg(long, requires = "annotate")]
    pub force: bool,
}

/// `pmo reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Ledger.
    #[command(flatten)]
    pub ledger: LedgerArgs,
    /// As of.
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Thresholds.
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write the reconciliation workbook here (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file (never a read-only one).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// What every command that works on the month reads: the workbooks, the
/// ledger, the as-of, last month's workbooks and the variance thresholds.
#[derive(Debug, Args)]
pub struct MonthArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Ledger.
    #[command(flatten)]
    pub ledger: LedgerArgs,
    /// As of.
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Last month.
    #[command(flatten)]
    pub previous: PreviousArgs,
    /// Thresholds.
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
}

/// `pmo status`, `pmo charter`, `pmo mb20`.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The month's inputs.
    #[command(flatten)]
    pub month: MonthArgs,
    /// Where to write the document (.docx).
    #[arg(short, long, value_name = "FILE.docx")]
    pub output: PathBuf,
    /// The paper the document is laid out for: Letter (Ontario's) or A4.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    pub paper: PaperArg,
    /// The template to use instead of the built-in: an edited copy of it
    /// (.md.j2; `pmo templates export DIR` writes them) or your ministry's
    /// own Word template (.docx with {{ tags }}, filled in place).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Replace an existing output file (never a read-only one).
    #[arg(long)]
    pub force: bool,
    /// What to print on stdout: nothing for text (a note on stderr), or a
    /// JSON record of the period, date and file written.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Date.
    #[command(flatten)]
    pub generated: GeneratedArgs,
}

/// `pmo fill`.
#[derive(Debug, Args)]
pub struct FillArgs {
    /// The Word template to fill (.docx or .dotx); it is only read.
    #[arg(value_name = "TEMPLATE.docx")]
    pub template: PathBuf,
    /// The month's inputs.
    #[command(flatten)]
    pub month: MonthArgs,
    /// Where to write the filled document (.docx).
    #[arg(short, long, value_name = "FILE.docx")]
    pub output: PathBuf,
    /// Replace an existing output file (never a read-only one).
    #[arg(long)]
    pub force: bool,
    /// What to print on stdout: nothing for text (a note on stderr), or a
    /// JSON record of the period, date and file written.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Date.
    #[command(flatten)]
    pub generated: GeneratedArgs,
}

/// `pmo context`.
#[derive(Debug, Args)]
pub struct ContextArgs {
    /// The month's inputs.
    #[command(flatten)]
    pub month: MonthArgs,
    /// Output format on stdout: `field = value` lines, or one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Date.
    #[command(flatten)]
    pub generated: GeneratedArgs,
}

/// `pmo report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The month's inputs (a ledger export among them is recognised as one).
    #[command(flatten)]
    pub month: MonthArgs,
    /// The folder to write into (created if missing). pmo replaces the files
    /// it writes there (never a read-only one); it writes nothing else.
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// An edited document template, for the document its file name starts
    /// with (status…, charter…, mb20…) or named as DOC=FILE; repeat for
    /// several.
    #[arg(long, value_name = "[DOC=]FILE")]
    pub template: Vec<String>,
    /// The paper the documents are laid out for: Letter (Ontario's) or A4.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    pub paper: PaperArg,
    /// Output format on stdout: a one-screen summary, or one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Date.
    #[command(flatten)]
    pub generated: GeneratedArgs,
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
    #[command(after_help = "Example:\n  pmo templates export my-templates/")]
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Replace files that exist (never read-only ones).
        #[arg(long)]
        force: bool,
    },
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

/// `pmo new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of workbook: budget, risks, issues, milestones,
    /// stakeholders, project-info, ledger, project (all sheets in one
    /// workbook), or a kind added with --templates.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// Where to write it (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// Definitions and calendar (the budget's months follow --fiscal-year,
    /// by default the current one).
    #[command(flatten)]
    pub read: ReadArgs,
    /// Replace an existing file (never a read-only one).
    #[arg(long)]
    pub force: bool,
}

/// `pmo explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code (E101) or name (missing-column), or `mapping` for how to
    /// write a mapping file; omit to list every code.
    pub code: Option<String>,
}

/// Paper size for the Word documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// US Letter, 8.5 × 11 in (Ontario's default).
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl PaperArg {
    /// The library's paper.
    pub fn paper(self) -> pmo::render::doc::Paper {
        match self {
            PaperArg::Letter => pmo::render::doc::Paper::Letter,
            PaperArg::A4 => pmo::render::doc::Paper::A4,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For machines (one JSON document on stdout).
    Json,
}
