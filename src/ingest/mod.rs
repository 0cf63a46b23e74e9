//! Ingest: workbooks in, a [`Project`] and a per-sheet account of what was
//! read out.
//!
//! Each file is opened ([`workbook`]), each sheet classified against the
//! workbook definitions by its header row and name ([`header`]), and its
//! rows coerced to the model ([`table`], [`coerce`]). A bad cell never stops
//! ingest: it becomes a [`crate::model::Problem`] on that cell. A file that
//! cannot be read at all is an [`Error`].

mod build;
mod classify;
pub mod coerce;
pub mod columns;
mod csv;
pub mod header;
pub mod keyvalue;
pub mod months;
pub mod snapshot;
pub mod table;
pub mod workbook;

use crate::definition::{ColumnType, Definition, Definitions, Layout};
use crate::error::Error;
use crate::model::money::format_plain;
use crate::model::{
    column_letters, CellRef, FiscalCalendar, FiscalYear, Issue, Milestone, Problem, Project, Risk,
    SheetId, SheetSource, Stakeholder, Traced, Value,
};
use build::{build_budget, build_ledger, to_record, BudgetShape, Interner};
use coerce::{Coerced, Context};
use header::{AliasIndex, Header, Target};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use table::{Row, Skipped};
use workbook::{RawSheet, Workbook};

/// Settings that change how workbooks are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The fiscal calendar (Ontario: April start).
    pub calendar: FiscalCalendar,
    /// The fiscal year for bare months ("Apr") and periods ("P01") when the
    /// workbook names none.
    pub fiscal_year: Option<FiscalYear>,
}

/// A header cell and the key it was mapped to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnReport {
    /// The header as typed (for month columns, with its block).
    pub header: String,
    /// The canonical key (`planned.2025-26:P01` for a month column).
    pub key: String,
    /// The column letter (a cell, for key/value sheets).
    pub column: String,
}

/// A problem cell, for reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemReport {
    /// `B7`.
    pub cell: String,
    /// The column's key.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// What ingest made of one sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReport {
    /// The sheet's name.
    pub name: String,
    /// The kind it was read as, or `None` when not recognised.
    pub kind: Option<String>,
    /// Why it was (or was not) recognised, and the best guess.
    pub reason: String,
    /// The recognition score: twice the columns (or fields) matched, with a
    /// bonus for month columns, plus one when the sheet's name fits.
    pub score: Option<usize>,
    /// `wide`, `long`, `table` or `key_value`.
    pub layout: Option<String>,
    /// 1-based header row.
    pub header_row: Option<u32>,
    /// Mapped columns.
    pub columns: Vec<ColumnReport>,
    /// Header texts that map to no key.
    pub unmapped: Vec<String>,
    /// Data rows read.
    pub rows: usize,
    /// Rows skipped, by reason.
    pub skipped: Skipped,
    /// Sum of each money column and month block, as decimal strings.
    pub totals: BTreeMap<String, String>,
    /// `Label: value` pairs found above the header.
    pub parameters: BTreeMap<String, String>,
    /// Cells that could not be read as their column's type.
    pub problems: Vec<ProblemReport>,
    /// Anything else the user should know (e.g. months with no year).
    pub notes: Vec<String>,
}

/// What ingest made of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The path as given.
    pub path: String,
    /// Its sheets, in workbook order.
    pub sheets: Vec<SheetReport>,
}

/// The result of ingest.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The merged project.
    pub project: Project,
    /// Per-file, per-sheet reports.
    pub files: Vec<FileReport>,
}

enum Plan {
    Table(Header),
    KeyValue(Vec<keyvalue::KvField>),
}

struct Classified {
    def: usize,
    plan: Plan,
    params: BTreeMap<String, String>,
    /// The fiscal year the sheet itself names (parameter cell or title).
    fiscal_year: Option<FiscalYear>,
    reason: String,
    /// Twice the columns (or fields) matched, plus one for a fitting name.
    score: usize,
}

/// Reads workbooks into one project.
///
/// # Errors
///
/// The first file that cannot be opened, is empty, or has no recognisable
/// sheet stops ingest with an [`Error`] naming it.
pub fn ingest(paths: &[PathBuf], defs: &Definitions, opts: &Options) -> Result<Ingested, Error> {
    let indexes: Vec<AliasIndex> = defs.kinds.iter().map(AliasIndex::new).collect();
    // Open and classify everything first, so the Project Information sheet
    // (which may name the fiscal year) is read before the sheets that need it.
    let mut opened = Vec::new();
    for path in paths {
        let mut wb = Workbook::open(path)?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names().to_vec() {
            let sheet = wb.read_sheet(&name)?;
            sheets.push(sheet);
        }
        if sheets.iter().all(RawSheet::is_empty) {
            return Err(Error::EmptyWorkbook { path: path.clone() });
        }
        let mut classified = Vec::new();
        for sheet in &sheets {
            let c = classify::classify(sheet, defs, &indexes, opts)
                .and_then(|c| build::has_amounts(&defs.kinds[c.def], &sheet.name, c));
            classified.push(c);
        }
        if classified.iter().all(|c| c.is_err()) {
            let detail = sheets
                .iter()
                .zip(&classified)
                .filter_map(|(s, c)| {
                    c.as_ref()
                        .err()
                        .map(|why| format!("sheet '{}': {}", s.name, why))
                })
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::NoRecognisedSheet {
                path: path.clone(),
                detail,
            });
        }
        opened.push((path.clone(), wb, sheets, classified));
    }

    let mut project = Project::default();
    let mut reports: Vec<FileReport> = opened
        .iter()
        .map(|(p, _, sheets, cls)| FileReport {
            path: p.display().to_string(),
            sheets: sheets
                .iter()
                .zip(cls)
                .map(|(s, c)| SheetReport {
                    name: s.name.clone(),
                    kind: None,
                    reason: c.as_ref().err().cloned().unwrap_or_default(),
                    score: None,
                    layout: None,
                    header_row: None,
                    columns: vec![],
                    unmapped: vec![],
                    rows: 0,
                    skipped: Skipped::default(),
                    totals: BTreeMap::new(),
                    parameters: BTreeMap::new(),
                    problems: vec![],
                    notes: vec![],
                })
                .collect(),
        })
        .collect();

    // Key/value sheets first, then tables.
    for pass in [Layout::KeyValue, Layout::Table] {
        for (fi, (path, wb, sheets, cls)) in opened.iter_mut().enumerate() {
            for (si, sheet) in sheets.iter_mut().enumerate() {
                let Ok(c) = &cls[si] else { continue };
                let def = &defs.kinds[c.def];
                if def.layout != pass {
                    continue;
                }
                let id = SheetId(project.sources.len() as u32);
                project.sources.push(SheetSource {
                    file: path.clone(),
                    sheet: sheet.name.clone(),
                    kind: def.kind.clone(),
                    header_row: None,
                    keys: BTreeMap::new(),
                    rows: 0,
                });
                if def.kind != "ledger" {
                    wb.load_formulas(sheet);
                    if sheet.merges.is_empty() && sheet.cell_count() > workbook::MERGE_SCAN_LIMIT {
                        wb.load_merges(sheet);
                    }
                }
                let report = &mut reports[fi].sheets[si];
                if let Some(why) = build::mirrors_other_tabs(def, sheet, c) {
                    // A summary tab of formulas over the other tabs: its
                    // figures are theirs, read once, from them.
                    project.sources.pop();
                    report.reason = why;
                    continue;
                }
                report.kind = Some(def.kind.clone());
                report.reason = c.reason.clone();
                report.score = Some(c.score);
                report.parameters = c.params.clone();
                read_sheet(sheet, id, def, c, opts, &mut project, report);
                // The cells are in the project now; free the sheet's copy
                // before the next one is read.
                *sheet = RawSheet::from_range(
                    &sheet.name.clone(),
                    calamine::Range::empty(),
                    sheet.typed,
                );
            }
        }
    }
    for (gone, kept) in build::drop_duplicate_ledgers(&mut project) {
        let (g, k) = (
            &project.sources[gone.0 as usize],
            &project.sources[kept.0 as usize],
        );
        let note = format!(
            "its postings are all also in sheet '{}' of {}: the tie-out reads them once, from there",
            k.sheet,
            k.file.display()
        );
        let (file, sheet) = (g.file.display().to_string(), g.sheet.clone());
        if let Some(r) = reports
            .iter_mut()
            .filter(|f| f.path == file)
            .flat_map(|f| f.sheets.iter_mut())
            .find(|s| s.name == sheet)
        {
            r.notes.push(note);
        }
    }
    Ok(Ingested {
        project,
        files: reports,
    })
}

fn read_sheet(
    sheet: &RawSheet,
    id: SheetId,
    def: &Definition,
    c: &Classified,
    opts: &Options,
    project: &mut Project,
    report: &mut SheetReport,
) {
    let fiscal_year = c
        .fiscal_year
        .or(opts.fiscal_year)
        .or(project.info.fiscal_year());
    let (money_scale, scale_evidence) = match &c.plan {
        Plan::Table(h) => header::money_scale(sheet, h),
        Plan::KeyValue(_) => (1, None),
    };
    if let Some(said) = scale_evidence {
        report.notes.push(format!(
            "amounts are read as kept in {} ('{said}'): each is multiplied by {}",
            if money_scale == 1_000 {
                "thousands"
            } else {
                "millions"
            },
            crate::model::money::format_display(Decimal::from(money_scale)).trim_end_matches(".00")
        ));
    }
    let ctx = Context {
        typed: sheet.typed,
        date1904: sheet.date1904,
        calendar: opts.calendar,
        fiscal_year,
        money_scale,
    };
    // Bare month headers that the sheet gave no year for take the year
    // known now (Project Information is read first, or the flag).
    let redone = match (&c.plan, fiscal_year) {
        (Plan::Table(h), Some(fy)) if !h.unplaced_months.is_empty() => {
            header::find_header(sheet, def, &AliasIndex::new(def), &opts.calendar, Some(fy))
                .filter(|n| n.row == h.row)
        }
        _ => None,
    };
    let plan = match (&c.plan, &redone) {
        (_, Some(h)) => Plan::Table(h.clone()),
        (Plan::Table(h), None) => Plan::Table(h.clone()),
        (Plan::KeyValue(f), None) => Plan::KeyValue(f.clone()),
    };
    let plan = match plan {
        Plan::Table(mut h) => {
            report
                .notes
                .extend(columns::settle_columns(sheet, def, &mut h));
            Plan::Table(h)
        }
        kv => kv,
    };
    match &plan {
        Plan::KeyValue(fields) => read_key_value(sheet, id, def, fields, &ctx, project, report),
        Plan::Table(h) => read_table(sheet, id, def, h, &ctx, &c.params, project, report),
    }
    let src = &mut project.sources[id.0 as usize];
    src.rows = report.rows;
    if let Plan::Table(h) = &plan {
        src.header_row = Some(h.row);
        for hc in &h.columns {
            if let Some(Target::Field(i)) = hc.target {
                let at = CellRef {
                    sheet: id,
                    row: h.row,
                    col: hc.col,
                };
                src.keys.insert(def.columns[i].key.clone(), at);
            }
        }
    } else if let Plan::KeyValue(fields) = &plan {
        for f in fields {
            let (row, col) = f.value_at;
            src.keys.insert(
                def.columns[f.field].key.clone(),
                CellRef {
                    sheet: id,
                    row,
                    col,
                },
            );
        }
    }
    report.problems = project
        .problems
        .iter()
        .filter(|p| p.at.sheet == id)
        .map(|p| ProblemReport {
            cell: p.at.a1(),
            key: p.key.clone(),
            message: p.message.clone(),
        })
        .collect();
}

fn read_key_value(
    sheet: &RawSheet,
    id: SheetId,
    def: &Definition,
    fields: &[keyvalue::KvField],
    ctx: &Context,
    project: &mut Project,
    report: &mut SheetReport,
) {
    report.layout = Some("key_value".into());
    for f in fields {
        let column = &def.columns[f.field];
        let (row, col) = f.value_at;
        let at = CellRef {
            sheet: id,
            row,
            col,
        };
        let cell = match &f.inline {
            Some(text) => workbook::Cell::Text(text),
            None => sheet.cell(row, col),
        };
        report.columns.push(ColumnReport {
            header: f.label.clone(),
            key: column.key.clone(),
            column: at.a1(),
        });
        match coerce::coerce(cell, column, def, ctx) {
            Coerced::Value(v, from_text) => {
                if let (ColumnType::Money, Value::Money(m)) = (column.kind, &v) {
                    report.totals.insert(column.key.clone(), format_plain(*m));
                }
                project.info.fields.insert(
                    column.key.clone(),
                    Traced {
                        value: v,
                        at,
                        from_text,
                    },
                );
                report.rows += 1;
            }
            Coerced::Blank => {}
            Coerced::Problem(kind, message) => project.problems.push(Problem {
                at,
                key: column.key.clone(),
                kind,
                raw: cell.display(),
                message,
            }),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_table(
    sheet: &RawSheet,
    id: SheetId,
    def: &Definition,
    h: &Header,
    ctx: &Context,
    params: &BTreeMap<String, String>,
    project: &mut Project,
    report: &mut SheetReport,
) {
    let wide = h.months > 0;
    let has_col = |key: &str| {
        def.columns
            .iter()
            .position(|c| c.key == key)
            .and_then(|i| h.col_of(i))
            .is_some()
    };
    let long = def.wide.is_some() && !wide && (has_col("period") || has_col("date"));
    report.layout = Some(
        if wide {
            "wide"
        } else if long {
            "long"
        } else {
            "table"
        }
        .into(),
    );
    report.header_row = Some(h.row + 1);
    let (named_block, named_why) = named_block(def, sheet, h.row);
    let budget_as = budget_read_as(wide, long, &has_col, named_block.as_deref());
    if let Some(b) = budget_as {
        report.notes.push(format!(
            "the budget column is read as {b}: {}",
            if b == "actual" {
                named_why
            } else {
                "each row is one period's amount"
            }
        ));
    }
    // In a wide budget a "Planned" column without a month is the line's own
    // total, not a period amount.
    let rename = |key: &str| -> String {
        let is_block = def
            .wide
            .as_ref()
            .is_some_and(|w| w.blocks.iter().any(|b| b.key == key));
        match budget_as {
            Some(b) if key == "budget" => return b.to_string(),
            _ => {}
        }
        if wide && is_block {
            format!("{key}_total")
        } else {
            key.to_string()
        }
    };
    // Month columns with no marker belong to the block the sheet's name
    // says ("Actuals", "Forecast FY26"), else the definition's default.
    let mut unlabelled = named_block
        .clone()
        .or_else(|| def.wide.as_ref().and_then(|w| w.unlabelled.clone()));
    let measure_field = def
        .columns
        .iter()
        .position(|c| c.key == "measure")
        .filter(|&i| h.col_of(i).is_some());
    for hc in &h.columns {
        match &hc.target {
            Some(Target::Field(i)) => report.columns.push(ColumnReport {
                header: hc.text.clone(),
                key: rename(&def.columns[*i].key),
                column: column_letters(hc.col),
            }),
            Some(Target::Month { block, period }) => report.columns.push(ColumnReport {
                header: hc.text.clone(),
                key: format!(
                    "{}.{}",
                    block
                        .as_deref()
                        .or(if measure_field.is_none() {
                            unlabelled.as_deref()
                        } else {
                            None
                        })
                        .unwrap_or("amount"),
                    period
                ),
                column: column_letters(hc.col),
            }),
            None => report.unmapped.push(hc.text.clone()),
        }
    }
    for m in &h.unplaced_months {
        report.notes.push(format!(
            "month column '{m}' names no fiscal year and was not read; add 'Fiscal Year: 2025-26' above the header or pass --fiscal-year"
        ));
    }
    if wide
        && measure_field.is_none()
        && h.columns
            .iter()
            .any(|c| matches!(&c.target, Some(Target::Month { block: None, .. })))
    {
        if let Some(u) = &unlabelled {
            let why = if named_block.is_some() {
                named_why.to_string()
            } else {
                format!("nothing on the sheet says otherwise; put the word in the header ('Actual Apr-25'), a group heading above the months, or the sheet's name ('Actuals') if they are not {u}")
            };
            report.notes.push(format!(
                "month columns with no planned/actual/forecast marker were read as {u}: {why}"
            ));
        }
    }
    period_label_notes(sheet, h, &mut report.notes);

    let mut column_totals: Vec<Option<Decimal>> = vec![None; def.columns.len()];
    let cost_centre_param = ["cost centre", "cost center", "cc"]
        .iter()
        .find_map(|k| params.get(*k))
        .cloned();
    let mut rows: Vec<Row> = Vec::new();
    let is_ledger = def.kind == "ledger";
    let mut ledger_problems = Vec::new();
    let mut texts = Interner::default();
    if is_ledger {
        project
            .ledger
            .reserve(sheet.row_end().saturating_sub(h.row) as usize);
    }
    let mut ledger_amount: Option<Decimal> = None;
    let mut sum_rows: Vec<u32> = Vec::new();
    let mut summary = table::read_rows(sheet, id, def, h, ctx, |row| {
        if is_ledger {
            table::add_totals(&mut column_totals, row);
            // Postings are built as they are read: an export of a million
            // rows is never held twice.
            match build_ledger(def, row, ctx, cost_centre_param.as_deref(), &mut texts) {
                Ok(e) => {
                    *ledger_amount.get_or_insert(Decimal::ZERO) += e.amount;
                    project.ledger.push(e)
                }
                Err(p) => ledger_problems.push(p),
            }
        } else {
            rows.push(std::mem::take(row));
        }
    });
    if !is_ledger {
        // Rows whose amounts add up the rows under or above them (WBS
        // parents, a BAC line) are totals, not lines.
        // Parents and summaries belong to tables of lines; a long layout's
        // rows are periods of lines.
        let (kept, sums) = if long {
            (rows, Vec::new())
        } else {
            build::drop_sum_rows(def, rows)
        };
        rows = kept;
        summary.rows -= sums.len();
        sum_rows.clone_from(&sums);
        summary.skipped.subtotal.extend(sums);
        summary.skipped.subtotal.sort_unstable();
        for row in &rows {
            table::add_totals(&mut column_totals, row);
        }
    }
    project.problems.extend(ledger_problems);
    let mut totals: BTreeMap<String, Decimal> = column_totals
        .iter()
        .enumerate()
        .filter(|(i, _)| def.columns[*i].kind == ColumnType::Money)
        .filter_map(|(i, t)| t.map(|t| (rename(&def.columns[i].key), t)))
        .collect();
    if let Some(a) = ledger_amount {
        totals.insert("amount".into(), a);
    }
    if def.kind == "budget" && wide && measure_field.is_none() && named_block.is_none() {
        if let Some(why) = unmarked_months_evidence(sheet, def, h, &rows, ctx) {
            months_read_as(report, unlabelled.as_deref(), "actual", &why);
            unlabelled = Some("actual".into());
        }
    }
    match def.kind.as_str() {
        "budget" => {
            let shape = BudgetShape {
                long,
                measure_field,
                unlabelled: unlabelled.as_deref(),
                calendar: ctx.calendar,
            };
            build_budget(def, rows, &shape, project, &rename, &mut totals)
        }
        "ledger" => {}
        kind => {
            for row in rows {
                let record = to_record(def, row, &rename);
                match kind {
                    "risks" => project.risks.push(Risk(record)),
                    "issues" => project.issues.push(Issue(record)),
                    "milestones" => project.milestones.push(Milestone(record)),
                    "stakeholders" => project.stakeholders.push(Stakeholder(record)),
                    // A kind added by --templates: kept as records for rules.
                    _ => project
                        .extra
                        .entry(kind.to_string())
                        .or_default()
                        .push(record),
                }
            }
        }
    }
    report.rows = summary.rows;
    skipped_notes(&summary.skipped, &sum_rows, &mut report.notes);
    report.skipped = summary.skipped;
    report.totals = totals
        .into_iter()
        .map(|(k, v)| (k, format_plain(v)))
        .collect();
    project.subtotals.extend(summary.subtotals);
    project.problems.extend(summary.problems);
}

/// Says why rows that hold cells were not read, for the rows the skipped
/// lists alone do not explain.
fn skipped_notes(sk: &Skipped, sum_rows: &[u32], notes: &mut Vec<String>) {
    let rows = |r: &[u32]| r.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    if !sum_rows.is_empty() {
        notes.push(format!(
            "row(s) {} not read as lines: their amounts are the sum of the rows under them (a parent) or above them (a summary)",
            rows(sum_rows)
        ));
    }
    if !sk.template.is_empty() {
        notes.push(format!(
            "row(s) {} not read: template lines whose formulas give blanks or zeros, nothing typed",
            rows(&sk.template)
        ));
    }
    if !sk.carry_forward.is_empty() {
        notes.push(format!(
            "row(s) {} not read: they only carry a balance forward (no date, no document)",
            rows(&sk.carry_forward)
        ));
    }
}

/// Re-labels the unmarked month columns once the rows gave evidence of
/// their block, and says what decided.
fn months_read_as(report: &mut SheetReport, was: Option<&str>, block: &str, why: &str) {
    if let Some(was) = was {
        let from = format!("{was}.");
        for c in report.columns.iter_mut() {
            if let Some(rest) = c.key.strip_prefix(&from) {
                if !c.header.to_lowercase().contains(was) {
                    c.key = format!("{block}.{rest}");
                }
            }
        }
    }
    report
        .notes
        .retain(|n| !n.starts_with("month columns with no planned/actual/forecast marker"));
    report.notes.push(format!(
        "month columns with no planned/actual/forecast marker were read as {block}: {why}"
    ));
}

/// The block the tab's name says ("Actual Costs", "Forecast FY26"), else
/// the one a title above the header says ("Actual Project Costs"), with
/// what said it.
fn named_block(
    def: &Definition,
    sheet: &RawSheet,
    header_row: u32,
) -> (Option<String>, &'static str) {
    match build::block_named(def, &sheet.name) {
        Some(b) => (Some(b), "the sheet's name says so"),
        None => match build::block_in_titles(def, sheet, header_row) {
            Some(b) => (Some(b), "the title above the header says so"),
            None => (None, ""),
        },
    }
}

/// What a budget column that does not say planned or actual ("Cost",
/// "Budget") is read as: the tab's actuals when the tab is named for
/// actuals, a long layout's per-period plan, else itself.
fn budget_read_as(
    wide: bool,
    long: bool,
    has_col: &dyn Fn(&str) -> bool,
    named: Option<&str>,
) -> Option<&'static str> {
    match (named, has_col("actual"), has_col("planned")) {
        _ if wide || !has_col("budget") => None,
        (Some("actual"), false, _) => Some("actual"),
        (_, _, false) if long => Some("planned"),
        _ => None,
    }
}

/// Notes for period columns that are not months: quarters and project
/// years are kept whole in their first period.
fn period_label_notes(sheet: &RawSheet, h: &Header, notes: &mut Vec<String>) {
    let labels: Vec<months::MonthLabel> = h
        .columns
        .iter()
        .filter(|c| matches!(c.target, Some(Target::Month { .. })))
        .filter_map(|c| months::parse_label(&sheet.cell(h.row, c.col).display()))
        .collect();
    if labels.iter().any(|l| {
        matches!(
            l,
            months::MonthLabel::Quarter(..) | months::MonthLabel::FiscalQuarter(_)
        )
    }) {
        notes.push(
            "quarter columns: each quarter's amount is kept whole in the quarter's first month; fiscal-year totals are exact, month-by-month variance is not".into(),
        );
    }
    if labels
        .iter()
        .any(|l| matches!(l, months::MonthLabel::ProjectYear(_)))
    {
        notes.push(
            "project-year columns: 'Year 1' is the fiscal year given (--fiscal-year or the sheet's own), each year's amount kept whole in its first period; fiscal-year totals are exact, month-by-month variance is not".into(),
        );
    }
}

/// Evidence from the rows that a wide budget's unmarked month columns are
/// actuals (see [`build::months_are_actuals`]); none when any month column
/// carries its own block word.
fn unmarked_months_evidence(
    sheet: &RawSheet,
    def: &Definition,
    h: &Header,
    rows: &[Row],
    ctx: &Context,
) -> Option<String> {
    let marked = h
        .columns
        .iter()
        .any(|c| matches!(&c.target, Some(Target::Month { block: Some(_), .. })));
    if marked {
        return None;
    }
    let updated = build::last_updated(sheet, h.row).map(|d| (d, ctx.calendar.period_of(d)));
    build::months_are_actuals(def, rows, updated)
}
