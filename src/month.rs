//! The month's pipeline: read the workbooks, resolve the as-of once,
//! validate, reconcile, and build what the documents are rendered from.
//!
//! Every command that reports on a month (`validate`, `reconcile`, the
//! documents, `context`, `report`) goes through [`Month::read`] with one
//! [`Plan`], so they agree on the reporting period and the as-of date: the
//! date the rules treat as today and the period actuals run to are one
//! [`AsOf`], decided by one policy ([`resolve_as_of`]).
//!
//! ```
//! use pmo::definition::Definitions;
//! use pmo::month::{AsOfGiven, Month, Plan};
//!
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
//! let mut plan = Plan::new(vec!["samples/".into()], Definitions::built_in()?, today);
//! plan.as_of = Some(AsOfGiven::parse("2026-27:P05")?);
//! let month = Month::read(&plan)?;
//! assert_eq!(month.as_of.date.to_string(), "2026-08-31");
//! let context = month.context(today); // what the document templates get
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::definition::Definitions;
use crate::identity::{Identity, LedgerFit};
use crate::ingest::mapping::Mapping;
use crate::ingest::{ingest_mapped, FileReport, Ingested, Options};
use crate::model::{FiscalCalendar, Project};
use crate::reconcile::summary::{summary_variance, SummaryVariance};
use crate::reconcile::{reconcile, Reconciliation, Settings, Thresholds};
use crate::render::context::{build, changes, Context, When};
use crate::rules::{validate, Finding};
use crate::status::ScoreBands;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

mod as_of;
mod document;
mod ledger_check;

use ledger_check::{check_ledger, one_identity};

pub use as_of::{resolve_as_of, AsOf, AsOfGiven, AsOfSource};
pub use document::{Data, Document};

/// The file extensions read from a folder.
pub const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// What stops the month's pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read.
    #[error(transparent)]
    Read(#[from] crate::Error),
    /// The reconciliation could not be made (an amount beyond money, or a
    /// tie-out that does not balance).
    #[error(transparent)]
    Reconcile(#[from] crate::reconcile::ReconcileError),
    /// Last month's workbooks could not be read.
    #[error("reading last month's workbooks")]
    Previous(#[source] crate::Error),
    /// A folder could not be listed.
    #[error("cannot read folder '{path}'")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A folder holds no spreadsheet.
    #[error("'{path}' holds no workbooks (.xlsx .xlsm .xlsb .xls .ods .csv)")]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A file given as the ledger has no ledger sheet.
    #[error("'{path}' has no sheet that reads as a ledger export (GL date, account, amount or debit/credit columns); run 'pmo inspect {path}' to see why")]
    NotALedger {
        /// The file.
        path: PathBuf,
    },
    /// An as-of that is neither a period nor a date.
    #[error("as-of '{text}' is neither a fiscal period (2025-26:P07, or P07 in the project's fiscal year) nor a date (2025-10-31)")]
    AsOf {
        /// The text given.
        text: String,
    },
    /// The inputs hold workbooks of more than one project.
    #[error("the inputs hold workbooks of {count} projects: {projects}; this command reports on one project: give one project's workbooks, or run 'pmo portfolio DIR -o OUT_DIR' to report on each of them")]
    ManyProjects {
        /// How many projects.
        count: usize,
        /// Each project and its files, in words.
        projects: String,
    },
    /// A document asked of inputs that hold none of its data.
    #[error("the inputs hold no data for the {document}: none of {missing} was read from {files}; give the project's tracker workbook (run 'pmo inspect' on the inputs to see how each sheet was read)")]
    NoData {
        /// The document's name.
        document: &'static str,
        /// What it needs, none of which was read.
        missing: String,
        /// The files that were read.
        files: String,
    },
}

/// What to read and how: the validated plan every month command runs on.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Workbooks, and folders whose spreadsheets are read.
    pub inputs: Vec<PathBuf>,
    /// Ledger exports to tie out to; each must read as a ledger.
    pub ledger: Vec<PathBuf>,
    /// Last month's workbooks, for what changed since.
    pub previous: Vec<PathBuf>,
    /// Workbook definitions.
    pub definitions: Definitions,
    /// The calendar and default fiscal year.
    pub options: Options,
    /// The as-of given, if any.
    pub as_of: Option<AsOfGiven>,
    /// Variance thresholds.
    pub thresholds: Thresholds,
    /// Today's date (a setting, so runs can be reproduced).
    pub today: NaiveDate,
    /// A mapping file's reading, for the sheets it names.
    pub mapping: Option<Mapping>,
    /// Read inputs that name several projects as one anyway (`validate`
    /// checks files, not a project); every other command refuses them
    /// with [`Error::ManyProjects`].
    pub several_projects: bool,
}

impl Plan {
    /// A plan for `inputs` with the default calendar and thresholds, no
    /// ledger, no previous month and no as-of given.
    pub fn new(inputs: Vec<PathBuf>, definitions: Definitions, today: NaiveDate) -> Plan {
        Plan {
            inputs,
            ledger: Vec::new(),
            previous: Vec::new(),
            definitions,
            options: Options::default(),
            as_of: None,
            thresholds: Thresholds::default(),
            today,
            mapping: None,
            several_projects: false,
        }
    }
}

/// One month, read once and worked out: what every report is made from.
#[derive(Debug, Clone)]
pub struct Month {
    /// Every workbook read (inputs, ledger, previous), for "never write an
    /// input".
    pub files: Vec<PathBuf>,
    /// The number of workbooks read for this month (not last month's).
    pub inputs: usize,
    /// The project.
    pub project: Project,
    /// Last month's project, when previous workbooks were given.
    pub previous: Option<Project>,
    /// The as-of, resolved once.
    pub as_of: AsOf,
    /// The fiscal calendar the month was read with.
    pub calendar: FiscalCalendar,
    /// Validation findings as of [`AsOf::date`].
    pub findings: Vec<Finding>,
    /// The reconciliation as of [`AsOf::period`], when there is a budget and
    /// a period to run it to.
    pub recon: Option<Reconciliation>,
    /// How each sheet of this month's workbooks was read (or why not).
    pub sheets: Vec<FileReport>,
    /// The score bands the definitions set, for rating risks.
    pub bands: ScoreBands,
    /// Variance by line for a summary budget (Budget / Spent, no periods),
    /// when there is no reconciliation by period.
    pub summary: Option<SummaryVariance>,
    /// Which project this is (see [`crate::identity`]).
    pub identity: Identity,
    /// How well the ledger export fits the project, when one was read.
    pub ledger_fit: Option<LedgerFit>,
}

/// The spreadsheets named, with each folder replaced by the spreadsheets in
/// it (sorted; Excel's `~$` lock files left out).
///
/// # Errors
///
/// [`Error::Folder`] for a folder that cannot be listed,
/// [`Error::EmptyFolder`] for one with no spreadsheet.
pub fn workbooks(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for p in paths {
        if !p.is_dir() {
            push_unique(&mut files, p);
            continue;
        }
        let entries = std::fs::read_dir(p).map_err(|source| Error::Folder {
            path: p.clone(),
            source,
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| is_spreadsheet(f))
            .collect();
        if found.is_empty() {
            return Err(Error::EmptyFolder { path: p.clone() });
        }
        found.sort();
        for f in &found {
            push_unique(&mut files, f);
        }
    }
    Ok(files)
}

/// Whether two paths name one file (`samples/ledger.xlsx` given both in a
/// folder and as --ledger is read once).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn push_unique(files: &mut Vec<PathBuf>, f: &Path) {
    if !files.iter().any(|g| same_file(g, f)) {
        files.push(f.to_path_buf());
    }
}

fn is_spreadsheet(f: &Path) -> bool {
    let name = f
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !name.starts_with("~$")
        && f.is_file()
        && f.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SPREADSHEETS.contains(&e.to_ascii_lowercase().as_str()))
}

impl Month {
    /// Reads the plan's workbooks, resolves the as-of, validates and
    /// reconciles.
    ///
    /// # Errors
    ///
    /// An input that cannot be read, a `ledger` file with no ledger sheet,
    /// or previous workbooks that cannot be read.
    pub fn read(plan: &Plan) -> Result<Month, Error> {
        let mut files = workbooks(&plan.inputs)?;
        for l in &plan.ledger {
            push_unique(&mut files, l);
        }
        let map = plan.mapping.as_ref();
        let read = ingest_mapped(&files, &plan.definitions, &plan.options, map)?;
        Month::from_read(plan, files, read)
    }

    /// The month from workbooks already read (`files`, read into `read`):
    /// the rest of [`Month::read`], for a caller that read them itself.
    ///
    /// # Errors
    ///
    /// As [`Month::read`].
    pub fn from_read(plan: &Plan, mut files: Vec<PathBuf>, read: Ingested) -> Result<Month, Error> {
        let map = plan.mapping.as_ref();
        let identity = one_identity(plan, &read)?;
        let (project, sheets) = (read.project, read.files);
        for l in &plan.ledger {
            let read_as_ledger = project
                .sources
                .iter()
                .any(|s| s.kind == "ledger" && same_file(&s.file, l));
            if !read_as_ledger {
                return Err(Error::NotALedger { path: l.clone() });
            }
        }
        let before = workbooks(&plan.previous)?;
        let previous = if before.is_empty() {
            None
        } else {
            let read = ingest_mapped(&before, &plan.definitions, &plan.options, map)
                .map_err(Error::Previous)?;
            Some(read.project)
        };
        let calendar = plan.options.calendar;
        let as_of = resolve_as_of(
            plan.as_of,
            &project,
            &calendar,
            plan.options.fiscal_year,
            plan.today,
        );
        let mut findings = validate(
            &project,
            &plan.definitions,
            &crate::rules::Settings {
                as_of: as_of.date,
                calendar,
            },
        );
        // With no actuals, no Status Date and nothing given, there is no
        // period to reconcile to: today's would report every plan as unspent.
        let mut recon = match as_of.source {
            AsOfSource::Today => None,
            _ => {
                let settings = Settings {
                    as_of: Some(as_of.period),
                    thresholds: plan.thresholds,
                    calendar,
                };
                reconcile(&project, &settings)?
            }
        };
        let ledger_fit = check_ledger(
            &plan.definitions,
            &project,
            &identity,
            &mut findings,
            recon.as_mut(),
        );
        let summary = match recon {
            None => summary_variance(&project),
            Some(_) => None,
        };
        let inputs = files.len();
        files.extend(before);
        Ok(Month {
            files,
            inputs,
            project,
            previous,
            as_of,
            calendar,
            findings,
            summary,
            recon,
            sheets,
            bands: ScoreBands::from_definitions(&plan.definitions),
            identity,
            ledger_fit,
        })
    }

    /// The data handed to document templates, dated `generated`.
    pub fn context(&self, generated: NaiveDate) -> Context {
        let when = When {
            period: self.as_of.period,
            as_of: self.as_of.date,
            generated,
            calendar: &self.calendar,
        };
        let mut ctx = build(
            &self.project,
            self.recon.as_ref(),
            &self.findings,
            &when,
            &self.bands,
        );
        ctx.changes = self.previous.as_ref().map(|p| changes(&self.project, p));
        ctx.note_declined(&self.sheets);
        ctx
    }

    /// The data `document` reports on that the inputs do not hold.
    pub fn gaps(&self, document: Document) -> Vec<Data> {
        document
            .needs()
            .iter()
            .copied()
            .filter(|d| !d.present(&self.project))
            .collect()
    }

    /// Checks that the inputs hold something `document` reports on.
    ///
    /// # Errors
    ///
    /// [`Error::NoData`] naming what is missing when they hold none of it.
    pub fn check(&self, document: Document) -> Result<(), Error> {
        let gaps = self.gaps(document);
        if gaps.len() < document.needs().len() {
            return Ok(());
        }
        let mut missing: Vec<String> = gaps.iter().map(ToString::to_string).collect();
        if let Some(last) = missing.pop() {
            let head = missing.join(", ");
            missing = vec![if head.is_empty() {
                last
            } else {
                format!("{head} or {last}")
            }];
        }
        let files: Vec<String> = self.files[..self.inputs]
            .iter()
            .map(|f| format!("'{}'", f.display()))
            .collect();
        Err(Error::NoData {
            document: document.name(),
            missing: missing.concat(),
            files: files.join(", "),
        })
    }
}

#[cfg(test)]
mod tests;
