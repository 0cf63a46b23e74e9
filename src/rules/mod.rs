//! Validation: the OPS template rules applied to a [`Project`], producing
//! findings a PM can act on.
//!
//! Findings are data, not errors: every rule runs, every finding is kept,
//! and the caller decides the exit status. Built-in checks (missing columns,
//! cells of the wrong type, numbers stored as text) use fixed codes; the
//! rules in each workbook definition (`[[rules]]`) name their own code,
//! severity and wording. `[levels]` in a definition raises, lowers or turns
//! off any code for that sheet kind.

mod check;
pub mod codes;
mod coverage;
mod notices;

pub use crate::definition::Severity;

use crate::definition::{Definitions, Level};
use crate::model::{CellRef, FiscalCalendar, Project};
use chrono::NaiveDate;
use serde::Serialize;

/// One thing wrong (or worth knowing) about a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code (`W301`).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// The workbook.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The cell in A1 notation, when the finding is about one.
    pub cell: Option<String>,
    /// The ID of the row's record (`R-003`), when it has one.
    pub row_id: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The cell, for sorting and annotating.
    #[serde(skip)]
    pub at: Option<CellRef>,
}

/// Settings that change what the rules consider wrong.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The date the workbook speaks as of: actuals after its period and
    /// completion dates after it are errors, passed forecasts are overdue.
    pub as_of: NaiveDate,
    /// The fiscal calendar.
    pub calendar: FiscalCalendar,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Summary {
    /// Counts a list of findings.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Runs every rule on the project; findings come back sorted by file,
/// sheet, row, column and code.
pub fn validate(project: &Project, defs: &Definitions, settings: &Settings) -> Vec<Finding> {
    let mut out = check::Checker::new(project, defs, settings).run();
    out.extend(coverage::status_columns(project, defs));
    out.extend(notices::findings(project));
    // Apply [levels] of the definition of the finding's sheet kind.
    out.retain_mut(|f| {
        let kind =
            f.at.map(|at| project.sources[at.sheet.0 as usize].kind.as_str())
                .or_else(|| {
                    project
                        .sources
                        .iter()
                        .find(|s| s.sheet == f.sheet && s.file.display().to_string() == f.file)
                        .map(|s| s.kind.as_str())
                });
        match kind
            .and_then(|k| defs.get(k))
            .and_then(|d| d.levels.get(&f.code))
        {
            Some(Level::Off) => false,
            Some(Level::Info) => {
                f.severity = Severity::Info;
                true
            }
            Some(Level::Warning) => {
                f.severity = Severity::Warning;
                true
            }
            Some(Level::Error) => {
                f.severity = Severity::Error;
                true
            }
            None => true,
        }
    });
    out.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.file.clone(),
                f.at.map(|c| (c.sheet, c.row, c.col)),
                f.sheet.clone(),
                f.code.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}
