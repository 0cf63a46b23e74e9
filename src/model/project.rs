//! The project: everything the workbooks say, merged from any number of files.

use crate::model::fiscal::{FiscalPeriod, FiscalYear};
use crate::model::place::{CellRef, SheetSource, Traced};
use crate::model::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One row of a table sheet: its fields by canonical key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// The row's first cell (sheet, row; column 0).
    pub at: Option<CellRef>,
    /// Coerced values by canonical column key. Cells that were blank or could
    /// not be coerced are absent (the latter are in [`Project::problems`]).
    pub fields: BTreeMap<String, Traced<Value>>,
}

impl Record {
    /// The value of a field.
    pub fn get(&self, key: &str) -> Option<&Traced<Value>> {
        self.fields.get(key)
    }

    /// A text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|t| t.value.as_text())
    }

    /// A whole-number field.
    pub fn integer(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|t| t.value.as_integer())
    }

    /// A date field.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.get(key).and_then(|t| t.value.as_date())
    }

    /// A money or number field.
    pub fn decimal(&self, key: &str) -> Option<Decimal> {
        self.get(key).and_then(|t| t.value.as_decimal())
    }
}

macro_rules! record_kind {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $method:ident : $kind:ident = $key:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name(pub Record);

        impl $name {
            $(
                $(#[$fdoc])*
                pub fn $method(&self) -> Option<record_kind!(@ty $kind)> {
                    record_kind!(@get self, $kind, $key)
                }
            )*
        }
    };
    (@ty text) => { &str };
    (@ty integer) => { i64 };
    (@ty date) => { NaiveDate };
    (@ty decimal) => { Decimal };
    (@get $s:ident, text, $key:literal) => { $s.0.text($key) };
    (@get $s:ident, integer, $key:literal) => { $s.0.integer($key) };
    (@get $s:ident, date, $key:literal) => { $s.0.date($key) };
    (@get $s:ident, decimal, $key:literal) => { $s.0.decimal($key) };
}

record_kind!(
    /// A risk from the risk log.
    Risk {
        /// Risk ID (`R-001`).
        id: text = "id",
        /// What could happen.
        description: text = "description",
        /// Who owns the response.
        owner: text = "owner",
        /// Likelihood on a 1–5 scale.
        likelihood: integer = "likelihood",
        /// Impact on a 1–5 scale.
        impact: integer = "impact",
        /// Score as the workbook states it.
        score: integer = "score",
        /// Rating as the workbook states it (Low, Medium, High, Critical).
        rating: text = "rating",
        /// Open, In Progress, Monitoring, Closed.
        status: text = "status",
        /// The response.
        mitigation: text = "mitigation",
        /// Date raised.
        raised: date = "raised",
        /// Date closed.
        closed: date = "closed",
    }
);

record_kind!(
    /// An issue from the issue log.
    Issue {
        /// Issue ID (`I-001`).
        id: text = "id",
        /// What is wrong.
        description: text = "description",
        /// Priority.
        priority: text = "priority",
        /// Owner.
        owner: text = "owner",
        /// Status.
        status: text = "status",
        /// Date raised.
        raised: date = "raised",
        /// Target resolution date.
        target: date = "target",
        /// How it was resolved.
        resolution: text = "resolution",
        /// Date resolved.
        resolved: date = "resolved",
    }
);

record_kind!(
    /// A milestone from the schedule.
    Milestone {
        /// Milestone ID.
        id: text = "id",
        /// Name.
        name: text = "name",
        /// Baseline date.
        baseline: date = "baseline",
        /// Current forecast date.
        forecast: date = "forecast",
        /// Actual completion date.
        actual: date = "actual",
        /// Status.
        status: text = "status",
        /// Percent complete as a fraction (0.5 = 50%).
        percent_complete: decimal = "percent_complete",
    }
);

record_kind!(
    /// A stakeholder or governance member.
    Stakeholder {
        /// Name.
        name: text = "name",
        /// Role on the project.
        role: text = "role",
        /// Organisation, branch or ministry.
        organisation: text = "organisation",
        /// E-mail.
        email: text = "email",
    }
);

/// Planned, actual and forecast amounts of one budget line in one period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeriodAmounts {
    /// Planned (budgeted) amount.
    pub planned: Option<Traced<Decimal>>,
    /// Actual spend.
    pub actual: Option<Traced<Decimal>>,
    /// Forecast spend.
    pub forecast: Option<Traced<Decimal>>,
}

impl PeriodAmounts {
    /// The amount of a block by its key (`planned`, `actual`, `forecast`).
    pub fn block(&self, key: &str) -> Option<&Traced<Decimal>> {
        match key {
            "planned" => self.planned.as_ref(),
            "actual" => self.actual.as_ref(),
            "forecast" => self.forecast.as_ref(),
            _ => None,
        }
    }

    /// The slot of a block by its key.
    pub fn block_mut(&mut self, key: &str) -> Option<&mut Option<Traced<Decimal>>> {
        match key {
            "planned" => Some(&mut self.planned),
            "actual" => Some(&mut self.actual),
            "forecast" => Some(&mut self.forecast),
            _ => None,
        }
    }
}

/// A line of the budget tracker with its amounts by fiscal period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BudgetLine {
    /// The line's own fields: id, description, category, expense type,
    /// account, cost centre, line totals as the tracker states them.
    pub record: Record,
    /// Amounts by period, in period order.
    pub periods: BTreeMap<FiscalPeriod, PeriodAmounts>,
}

impl BudgetLine {
    /// Line ID.
    pub fn id(&self) -> Option<&str> {
        self.record.text("id")
    }
    /// Description.
    pub fn description(&self) -> Option<&str> {
        self.record.text("description")
    }
    /// OPS standard account class (Services, Salaries and wages, …).
    pub fn category(&self) -> Option<&str> {
        self.record.text("category")
    }
    /// Operating or Capital.
    pub fn expense_type(&self) -> Option<&str> {
        self.record.text("expense_type")
    }
    /// GL account.
    pub fn account(&self) -> Option<&str> {
        self.record.text("account")
    }
    /// Cost centre.
    pub fn cost_centre(&self) -> Option<&str> {
        self.record.text("cost_centre")
    }

    /// The sum of one block (`planned`, `actual`, `forecast`) over all periods.
    pub fn total(&self, block: &str) -> Decimal {
        self.periods
            .values()
            .filter_map(|p| p.block(block))
            .map(|t| t.value)
            .sum()
    }
}

/// One posting from the finance system's general-ledger export.
///
/// Kept compact (no per-field places; repeated texts such as accounts and
/// vendors shared) because exports run to millions of rows;
/// [`LedgerEntry::at`] names the row and the sheet's column map names the
/// cells.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// The row (column 0).
    pub at: CellRef,
    /// Posting or GL date.
    pub date: Option<NaiveDate>,
    /// Fiscal period, from the period column or the date.
    pub period: Option<FiscalPeriod>,
    /// GL account.
    pub account: Option<Arc<str>>,
    /// Cost centre.
    pub cost_centre: Option<Arc<str>>,
    /// Amount: debit positive, credit negative.
    pub amount: Decimal,
    /// Document, journal or invoice number.
    pub document: Option<Box<str>>,
    /// The document this posting says it reverses (a reference column, a
    /// marker such as `JE-50011-R`, or "Reversal of INV-1"): evidence for
    /// the tie-out, not yet a decision.
    pub reverses: Option<Box<str>>,
    /// Vendor or supplier.
    pub vendor: Option<Arc<str>>,
    /// Line description.
    pub description: Option<Arc<str>>,
}

/// A subtotal or total row found in a table, kept out of every sum but
/// remembered so its figures can be checked against the lines it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct SubtotalRow {
    /// The row (column 0).
    pub at: CellRef,
    /// The label that marked it ("Subtotal – Services"), if any.
    pub label: Option<String>,
    /// Money cells on the row by column key, with the formula when the cell
    /// holds one (`SUM(E5:E9)`).
    pub cells: Vec<(String, Traced<Decimal>, Option<String>)>,
}

/// What kind of problem a cell had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Not an amount of money.
    BadMoney,
    /// Not a number.
    BadNumber,
    /// Not a whole number.
    BadInteger,
    /// Not a date.
    BadDate,
    /// A date written so that day and month could be swapped (`04/05/2025`).
    AmbiguousDate,
    /// Not a fiscal period.
    BadPeriod,
    /// A period with no fiscal year to place it in.
    PeriodWithoutYear,
    /// Not one of the allowed values.
    BadEnum,
    /// An Excel error value (`#REF!`, `#DIV/0!`…).
    ErrorCell,
}

/// A cell that could not be read as its column's type. Ingest keeps going;
/// validation turns problems into findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The cell.
    pub at: CellRef,
    /// The column's canonical key.
    pub key: String,
    /// What went wrong.
    pub kind: ProblemKind,
    /// The cell's content as shown.
    pub raw: String,
    /// A sentence saying what is wrong, in the user's words.
    pub message: String,
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A mapped column (or sheet) no longer fits its mapping file; it is
    /// not read.
    MappingDrift,
    /// A header cell the mapping file does not name; it is not read.
    MappingNewColumn,
    /// The mapping file names none of the workbooks read.
    MappingUnused,
    /// A reading decided on evidence rather than on the workbook's own
    /// words (a month block, a day-first date column, a close second kind);
    /// it changes a figure reported elsewhere.
    Guess,
}

/// Something the reader decided, placed on the sheet and cell it is about.
/// Validation turns notices into findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The workbook.
    pub file: std::path::PathBuf,
    /// The sheet.
    pub sheet: String,
    /// The cell (a header cell, for a column); `None` for a whole sheet
    /// (one a mapping file names that the workbook no longer has).
    pub at: Option<CellRef>,
    /// What kind of notice.
    pub kind: NoticeKind,
    /// What happened, in the user's words.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Key/value facts from the Project Information sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectInfo {
    /// Values by canonical key (`name`, `ministry`, `sponsor`, …).
    pub fields: BTreeMap<String, Traced<Value>>,
}

impl ProjectInfo {
    /// A text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(|t| t.value.as_text())
    }
    /// A date field.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.fields.get(key).and_then(|t| t.value.as_date())
    }
    /// The fiscal year the project info names, if any.
    pub fn fiscal_year(&self) -> Option<FiscalYear> {
        match self.fields.get("fiscal_year").map(|t| &t.value) {
            Some(Value::Year(y)) => Some(*y),
            _ => None,
        }
    }
}

/// Everything read from a project's workbooks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// The sheets that contributed, indexed by [`crate::model::SheetId`].
    pub sources: Vec<SheetSource>,
    /// Project information.
    pub info: ProjectInfo,
    /// Budget lines.
    pub budget: Vec<BudgetLine>,
    /// Subtotal and total rows seen in budget sheets.
    pub subtotals: Vec<SubtotalRow>,
    /// Risks.
    pub risks: Vec<Risk>,
    /// Issues.
    pub issues: Vec<Issue>,
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// Stakeholders.
    pub stakeholders: Vec<Stakeholder>,
    /// Ledger postings.
    pub ledger: Vec<LedgerEntry>,
    /// Cells that could not be read as their column's type.
    pub problems: Vec<Problem>,
    /// What the reader decided that the user should hear about: columns a
    /// mapping file no longer fits, guesses that change a figure.
    pub notices: Vec<Notice>,
    /// Rows of sheet kinds added with `--templates`, by kind.
    pub extra: BTreeMap<String, Vec<Record>>,
}

impl Project {
    /// `file`, `Sheet!B7` for a cell.
    pub fn place(&self, at: CellRef) -> (String, String) {
        let src = &self.sources[at.sheet.0 as usize];
        (
            src.file.display().to_string(),
            format!("{}!{}", quote_sheet(&src.sheet), at.a1()),
        )
    }
}

/// Quotes a sheet name the way Excel does in references when it needs it.
fn quote_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}
