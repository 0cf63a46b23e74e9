//! The domain model: what a project's workbooks say, typed, with every value
//! knowing the cell it came from.
//!
//! Ingest builds a [`Project`]; rules, reconciliation and rendering read it.
//! Nothing here reads a file.

pub mod fiscal;
pub mod money;
mod place;
mod project;
mod value;

pub use fiscal::{FiscalCalendar, FiscalError, FiscalPeriod, FiscalYear};
pub use place::{a1, column_letters, column_number, CellRef, SheetId, SheetSource, Traced};
pub use project::{
    BudgetLine, Issue, LedgerEntry, Milestone, Notice, NoticeKind, PeriodAmounts, Problem,
    ProblemKind, Project, ProjectInfo, Record, Risk, Stakeholder, SubtotalRow,
};
pub use value::Value;
