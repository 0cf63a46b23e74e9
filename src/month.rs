//! The month's pipeline: read the workbooks, resolve the as-of once,
//! validate, reconcile, and build what the documents are rendered from.
//!
//! Every command that reports on a month (`validate`, `reconcile`, the
//! documents, `context`, `report`) goes through [`Month::read`] with one
//! [`Plan`], so they agree on the reporting period and the as-of date: the
//! date the rules treat as today and the period actuals run to are one
//! [`AsOf`], decided by one policy ([`resolve_as_of`]).

use crate::definition::Definitions;
use crate::ingest::{ingest, Options};
use crate::model::fiscal::parse_period_number;
use crate::model::{FiscalCalendar, FiscalPeriod, FiscalYear, Project};
use crate::reconcile::{last_actual_period, reconcile, Reconciliation, Settings, Thresholds};
use crate::render::context::{build, changes, Context};
use crate::rules::{validate, Finding};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file extensions read from a folder.
pub const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// What stops the month's pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read.
    #[error(transparent)]
    Read(#[from] crate::Error),
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

/// An as-of as the user gave it, before the project is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfGiven {
    /// A full fiscal period (`2026-27:P05`).
    Period(FiscalPeriod),
    /// A period number with no year (`P05`), placed in the project's fiscal
    /// year.
    BarePeriod(u8),
    /// A date (`2026-08-31`).
    Date(NaiveDate),
}

impl AsOfGiven {
    /// Parses `2026-27:P05`, `P05` or a date (ISO, or the forms cells use).
    ///
    /// # Errors
    ///
    /// [`Error::AsOf`] when the text is none of these.
    pub fn parse(text: &str) -> Result<AsOfGiven, Error> {
        if let Some(p) = FiscalPeriod::parse(text) {
            return Ok(AsOfGiven::Period(p));
        }
        if let Some(n) = parse_period_number(text) {
            return Ok(AsOfGiven::BarePeriod(n));
        }
        crate::ingest::coerce::parse_date_text(text)
            .map(AsOfGiven::Date)
            .map_err(|_| Error::AsOf { text: text.into() })
    }
}

/// Where the as-of came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfSource {
    /// Given on the command line (or by the library's caller).
    Given,
    /// The Status Date in Project Information.
    StatusDate,
    /// The end of the last period with actuals in the budget.
    LastActuals,
    /// Today: nothing else says.
    Today,
}

impl fmt::Display for AsOfSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AsOfSource::Given => "given",
            AsOfSource::StatusDate => "the Status Date in Project Information",
            AsOfSource::LastActuals => "the last period with actuals",
            AsOfSource::Today => "today",
        })
    }
}

/// The month the workbooks are read as of: the reporting period (actuals
/// run to its end) and the date the rules and milestones treat as today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AsOf {
    /// The reporting period.
    pub period: FiscalPeriod,
    /// The as-of date, within `period`.
    pub date: NaiveDate,
    /// Where it came from.
    pub source: AsOfSource,
}

/// Resolves the as-of: the one given (a period means its last day; a date
/// its period), else the Status Date in Project Information, else the end
/// of the last period with actuals, else today.
///
/// A bare period (`P05`) is placed in `fiscal_year`, else the fiscal year
/// Project Information names, else the year the as-of would have by default.
pub fn resolve_as_of(
    given: Option<AsOfGiven>,
    project: &Project,
    calendar: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
    today: NaiveDate,
) -> AsOf {
    let at_period = |period: FiscalPeriod, source| AsOf {
        period,
        date: calendar.last_day(period),
        source,
    };
    let at_date = |date: NaiveDate, source| AsOf {
        period: calendar.period_of(date),
        date,
        source,
    };
    let default = || match (project.info.date("as_of"), last_actual_period(project)) {
        (Some(d), _) => at_date(d, AsOfSource::StatusDate),
        (None, Some(p)) => at_period(p, AsOfSource::LastActuals),
        (None, None) => at_date(today, AsOfSource::Today),
    };
    match given {
        None => default(),
        Some(AsOfGiven::Period(p)) => at_period(p, AsOfSource::Given),
        Some(AsOfGiven::Date(d)) => at_date(d, AsOfSource::Given),
        Some(AsOfGiven::BarePeriod(n)) => {
            let year = fiscal_year
                .or_else(|| project.info.fiscal_year())
                .unwrap_or_else(|| default().period.year());
            let p = FiscalPeriod::new(year, n).unwrap_or(default().period);
            at_period(p, AsOfSource::Given)
        }
    }
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
            files.push(p.clone());
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
        files.extend(found);
    }
    Ok(files)
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
        files.extend(plan.ledger.iter().cloned());
        let project = ingest(&files, &plan.definitions, &plan.options)?.project;
        for l in &plan.ledger {
            let read_as_ledger = project
                .sources
                .iter()
                .any(|s| &s.file == l && s.kind == "ledger");
            if !read_as_ledger {
                return Err(Error::NotALedger { path: l.clone() });
            }
        }
        let previous = if plan.previous.is_empty() {
            None
        } else {
            let before = workbooks(&plan.previous)?;
            let read =
                ingest(&before, &plan.definitions, &plan.options).map_err(Error::Previous)?;
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
        let findings = validate(
            &project,
            &plan.definitions,
            &crate::rules::Settings {
                as_of: as_of.date,
                calendar,
            },
        );
        // With no actuals, no Status Date and nothing given, there is no
        // period to reconcile to: today's would report every plan as unspent.
        let recon = (as_of.source != AsOfSource::Today)
            .then(|| {
                let settings = Settings {
                    as_of: Some(as_of.period),
                    thresholds: plan.thresholds,
                    calendar,
                };
                reconcile(&project, &settings)
            })
            .flatten();
        let inputs = files.len();
        files.extend(plan.previous.iter().cloned());
        Ok(Month {
            files,
            inputs,
            project,
            previous,
            as_of,
            calendar,
            findings,
            recon,
        })
    }

    /// The data handed to document templates, dated `generated`.
    pub fn context(&self, generated: NaiveDate) -> Context {
        let mut ctx = build(
            &self.project,
            self.recon.as_ref(),
            &self.findings,
            self.as_of.period,
            self.as_of.date,
            generated,
            &self.calendar,
        );
        ctx.changes = self.previous.as_ref().map(|p| changes(&self.project, p));
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

/// The documents `pmo` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The monthly status report.
    Status,
    /// The project charter.
    Charter,
    /// The MB20-style draft.
    Mb20,
}

/// A kind of data a document reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The Project Information sheet.
    ProjectInfo,
    /// Budget lines.
    Budget,
    /// Risks.
    Risks,
    /// Issues.
    Issues,
    /// Milestones.
    Milestones,
    /// Stakeholders.
    Stakeholders,
}

impl Data {
    fn present(self, p: &Project) -> bool {
        match self {
            Data::ProjectInfo => !p.info.fields.is_empty(),
            Data::Budget => !p.budget.is_empty(),
            Data::Risks => !p.risks.is_empty(),
            Data::Issues => !p.issues.is_empty(),
            Data::Milestones => !p.milestones.is_empty(),
            Data::Stakeholders => !p.stakeholders.is_empty(),
        }
    }
}

impl fmt::Display for Data {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Data::ProjectInfo => "Project Information",
            Data::Budget => "budget",
            Data::Risks => "risks",
            Data::Issues => "issues",
            Data::Milestones => "milestones",
            Data::Stakeholders => "stakeholders",
        })
    }
}

impl Document {
    /// What the document reports on.
    pub fn needs(self) -> &'static [Data] {
        use Data::*;
        match self {
            Document::Status => &[ProjectInfo, Budget, Risks, Issues, Milestones],
            Document::Charter => &[ProjectInfo, Budget, Risks, Milestones, Stakeholders],
            Document::Mb20 => &[ProjectInfo, Budget, Risks, Milestones],
        }
    }

    /// The document's name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Document::Status => "status report",
            Document::Charter => "charter",
            Document::Mb20 => "MB20 draft",
        }
    }

    /// The document's title after the project's name.
    pub fn title(self) -> &'static str {
        match self {
            Document::Status => "Monthly Status Report",
            Document::Charter => "Project Charter",
            Document::Mb20 => "MB20 Submission (draft)",
        }
    }

    /// The built-in template's file name (also the name `pmo templates
    /// export` writes it under).
    pub fn template(self) -> &'static str {
        match self {
            Document::Status => "status.md.j2",
            Document::Charter => "charter.md.j2",
            Document::Mb20 => "mb20.md.j2",
        }
    }

    /// The file name `pmo report` writes it under.
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Status => "status-report.docx",
            Document::Charter => "charter.docx",
            Document::Mb20 => "mb20-draft.docx",
        }
    }

    /// The marking on every page, if any.
    pub fn classification(self) -> Option<&'static str> {
        match self {
            Document::Mb20 => Some("Confidential Advice to Cabinet"),
            _ => None,
        }
    }

    /// Every document, in the order `pmo report` writes them.
    pub const ALL: [Document; 3] = [Document::Status, Document::Charter, Document::Mb20];
}

#[cfg(test)]
mod tests;
