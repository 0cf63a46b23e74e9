//! Ingest: workbooks in, a [`Project`] and a per-sheet account of what was
//! read out.
//!
//! Each file is opened ([`workbook`]), each sheet classified against the
//! workbook definitions by its header row and name ([`header`]), and its
//! rows coerced to the model ([`table`], [`coerce`]). A bad cell never stops
//! ingest: it becomes a [`crate::model::Problem`] on that cell. A file that
//! cannot be read at all is an [`Error`].

mod build;
pub mod checks;
mod classify;
pub mod coerce;
pub mod columns;
pub mod confidence;
mod csv;
mod guard;
pub mod header;
pub mod keyvalue;
pub mod limits;
pub mod mapping;
pub mod months;
mod profile;
mod records;
pub mod snapshot;
pub mod table;
pub mod workbook;

use crate::definition::{ColumnType, Definition, Definitions, Layout};
use crate::error::Error;
use crate::model::money::format_plain;
use crate::model::{
    column_letters, CellRef, FiscalCalendar, FiscalYear, Problem, Project, SheetId, SheetSource,
    Traced, Value,
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
    /// The header cells that map to no key, with their letters (key empty).
    pub ignored: Vec<ColumnReport>,
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
    /// Readings decided on evidence rather than the sheet's own words; each
    /// is also an I110 finding.
    pub guesses: Vec<String>,
    /// How sure the reading is, and why (recognised sheets only).
    pub confidence: Option<confidence::Confidence>,
    /// The checks the reading was put through, passed or failed.
    pub checks: Vec<checks::Check>,
    /// Rows read as records that stand apart from the table, below blank
    /// and note rows (1-based).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detached: Vec<u32>,
    /// For rows of a mixed log read as another kind (a RAID log's issues):
    /// the sheet they were split from. Such an entry is not a sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
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

#[derive(Clone)]
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
    /// Read as a mapping file says: the header is not looked for again.
    pinned: bool,
    /// The closest other kind that also fitted, and its score.
    runner_up: Option<(String, usize)>,
}

/// Reads workbooks into one project.
///
/// # Errors
///
/// The first file that cannot be opened, is empty, or has no recognisable
/// sheet stops ingest with an [`Error`] naming it.
pub fn ingest(paths: &[PathBuf], defs: &Definitions, opts: &Options) -> Result<Ingested, Error> {
    ingest_mapped(paths, defs, opts, None)
}

/// Reads workbooks into one project, reading the sheets a mapping file
/// names exactly as it says (see [`mapping`]).
///
/// # Errors
///
/// As [`ingest`].
pub fn ingest_mapped(
    paths: &[PathBuf],
    defs: &Definitions,
    opts: &Options,
    map: Option<&mapping::Mapping>,
) -> Result<Ingested, Error> {
    read_all(paths, defs, opts, map, true)
}

/// As [`ingest_mapped`], but a workbook none of whose sheets is recognised
/// is reported (each sheet declined, with why) instead of stopping: for
/// `inspect --save-mapping`, whose point is to map such sheets by hand.
///
/// # Errors
///
/// A file that cannot be opened or holds no data.
pub fn ingest_for_mapping(
    paths: &[PathBuf],
    defs: &Definitions,
    opts: &Options,
    map: Option<&mapping::Mapping>,
) -> Result<Ingested, Error> {
    read_all(paths, defs, opts, map, false)
}

fn read_all(
    paths: &[PathBuf],
    defs: &Definitions,
    opts: &Options,
    map: Option<&mapping::Mapping>,
    need_a_sheet: bool,
) -> Result<Ingested, Error> {
    let indexes: Vec<AliasIndex> = defs.kinds.iter().map(AliasIndex::new).collect();
    // Open and classify everything first, so the Project Information sheet
    // (which may name the fiscal year) is read before the sheets that need it.
    let mut opened = Vec::new();
    let mut missing = Vec::new();
    let mut mapping_used = false;
    let mut renamed_notices = Vec::new();
    for path in paths {
        let mut wb = Workbook::open(path)?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names().to_vec() {
            let mut sheet = wb.read_sheet(&name)?;
            if header::is_default_tab_name(&sheet.name) {
                sheet.title = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            }
            sheets.push(sheet);
        }
        if sheets.iter().all(RawSheet::is_empty) {
            return Err(Error::EmptyWorkbook { path: path.clone() });
        }
        let mut classified = Vec::new();
        let mut drifts = Vec::new();
        for sheet in &sheets {
            let mut drift = Vec::new();
            classified.push(match map.and_then(|m| m.find_for(path, sheet)) {
                Some((entry, renamed)) => {
                    mapping_used = true;
                    if renamed {
                        renamed_notices.push(crate::model::Notice {
                            file: path.clone(),
                            sheet: sheet.name.clone(),
                            at: None,
                            kind: crate::model::NoticeKind::Guess,
                            message: format!(
                                "read as the mapping file says for '{}' of {}: this workbook has the same sheet and header cells under another file name",
                                entry.sheet, entry.file
                            ),
                            hint: "if this is next month's copy, rename the file in the mapping file (or save a new one with `pmo inspect --save-mapping`)".into(),
                        });
                    }
                    mapping::classify(sheet, entry, defs, opts, &mut drift)
                }
                None => classify::classify(sheet, defs, &indexes, opts)
                    .and_then(|c| build::has_amounts(&defs.kinds[c.def], &sheet.name, c)),
            });
            drifts.push(drift);
        }
        if need_a_sheet && classified.iter().all(|c| c.is_err()) {
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
        if let Some(m) = map {
            let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
            missing.extend(m.missing_sheets(path, &names));
        }
        opened.push((path.clone(), wb, sheets, classified, drifts));
    }

    let mut notices = missing;
    notices.extend(renamed_notices);
    if let (Some(m), false) = (map, mapping_used) {
        if !m.sheets.is_empty() {
            if let Some(first) = paths.first() {
                notices.push(crate::model::Notice {
                    file: first.clone(),
                    sheet: String::new(),
                    at: None,
                    kind: crate::model::NoticeKind::MappingUnused,
                    message: format!(
                        "the mapping file names none of the workbooks read (it names {}); nothing was read by it",
                        m.sheets.iter().map(|s| s.file.as_str()).collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>().join(", ")
                    ),
                    hint: "check the file names in the mapping file, or save a new one with `pmo inspect --save-mapping`".into(),
                });
            }
        }
    }
    let mut project = Project {
        notices,
        ..Project::default()
    };
    let mut reports: Vec<FileReport> = opened
        .iter()
        .map(|(p, _, sheets, cls, _)| FileReport {
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
                    ignored: vec![],
                    rows: 0,
                    skipped: Skipped::default(),
                    totals: BTreeMap::new(),
                    parameters: BTreeMap::new(),
                    problems: vec![],
                    notes: vec![],
                    guesses: vec![],
                    confidence: None,
                    checks: vec![],
                    detached: vec![],
                    part_of: None,
                })
                .collect(),
        })
        .collect();

    // Rows a mixed log sent to another kind, reported after their sheet.
    let mut parts: Vec<(usize, usize, SheetReport)> = Vec::new();
    // Key/value sheets first, then tables.
    for pass in [Layout::KeyValue, Layout::Table] {
        for (fi, (path, wb, sheets, cls, drifts)) in opened.iter_mut().enumerate() {
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
                let drift = std::mem::take(&mut drifts[si]);
                report.notes.extend(drift.iter().map(|d| d.message.clone()));
                let source = &project.sources[id.0 as usize];
                let notices = mapping::notices(source, id, drift);
                project.notices.extend(notices);
                report.kind = Some(def.kind.clone());
                report.reason = c.reason.clone();
                report.score = Some(c.score);
                report.parameters = c.params.clone();
                let before = Checkpoint::of(&project, &def.kind);
                let part = read_sheet(sheet, id, defs, c, opts, &mut project, report);
                let evidence = confidence::Evidence {
                    pinned: c.pinned,
                    runner_up: c.runner_up.clone(),
                };
                report.confidence = Some(confidence::assess(report, def, &evidence));
                let mut verdicts = checks::run(report, def, &project, id);
                verdicts.extend(checks::margin(
                    report,
                    &def.kind,
                    c.score,
                    c.runner_up.as_ref(),
                ));
                if let Some(why) = apply_checks(report, verdicts, c.pinned) {
                    // A reading that fails a check it cannot stand without
                    // leaves nothing behind: the sheet is declined.
                    before.restore(&mut project);
                    project.sources.truncate(id.0 as usize);
                    decline(report, why);
                    *sheet = RawSheet::from_range(
                        &sheet.name.clone(),
                        calamine::Range::empty(),
                        sheet.typed,
                    );
                    continue;
                }
                let at = CellRef {
                    sheet: id,
                    row: report.header_row.map_or(0, |r| r.saturating_sub(1)),
                    col: 0,
                };
                project
                    .notices
                    .extend(report.guesses.iter().map(|g| crate::model::Notice {
                        file: path.clone(),
                        sheet: sheet.name.clone(),
                        at: Some(at),
                        kind: crate::model::NoticeKind::Guess,
                        message: g.clone(),
                        hint: "check it with `pmo inspect`; pin or correct it in a mapping file (`pmo inspect --save-mapping`)".into(),
                    }));
                if let Some(mut part) = part {
                    // The rows a mixed log sends to another kind share its reading.
                    part.confidence = report.confidence.clone();
                    parts.push((fi, si, part));
                }
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
    for (fi, si, part) in parts.into_iter().rev() {
        reports[fi].sheets.insert(si + 1, part);
    }
    if need_a_sheet {
        // A file whose every sheet a check declined is as unread as one
        // whose sheets were never recognised.
        if let Some(f) = reports
            .iter()
            .find(|f| f.sheets.iter().all(|s| s.kind.is_none()))
        {
            let detail = f
                .sheets
                .iter()
                .map(|s| format!("sheet '{}': {}", s.name, s.reason))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::NoRecognisedSheet {
                path: PathBuf::from(&f.path),
                detail,
            });
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
    defs: &Definitions,
    c: &Classified,
    opts: &Options,
    project: &mut Project,
    report: &mut SheetReport,
) -> Option<SheetReport> {
    let def = &defs.kinds[c.def];
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
    // Record kinds settle each date column on its own, after reading
    // (`records::settle_day_month`); budgets and ledgers, read as they
    // stream, settle the sheet's order first.
    let date_order = match &c.plan {
        Plan::Table(h) if matches!(def.kind.as_str(), "budget" | "ledger") => {
            sheet_date_order(sheet, def, h, report)
        }
        _ => None,
    };
    let ctx = Context {
        typed: sheet.typed,
        date1904: sheet.date1904,
        calendar: opts.calendar,
        fiscal_year,
        money_scale,
        date_order,
    };
    // Bare month headers that the sheet gave no year for take the year
    // known now (Project Information is read first, or the flag).
    let redone = match (&c.plan, fiscal_year) {
        (Plan::Table(h), Some(fy)) if !c.pinned && !h.unplaced_months.is_empty() => {
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
            // Values that outvote their header words change what is read.
            report
                .guesses
                .extend(columns::settle_columns(sheet, def, &mut h));
            Plan::Table(h)
        }
        kv => kv,
    };
    let part = match &plan {
        Plan::KeyValue(fields) => {
            read_key_value(sheet, id, def, fields, &ctx, project, report);
            None
        }
        Plan::Table(h) => {
            let read = TableRead {
                sheet,
                id,
                defs,
                def,
                h,
                ctx: &ctx,
                params: &c.params,
            };
            read_table(&read, project, report)
        }
    };
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
    part
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

/// What reading one table sheet needs.
struct TableRead<'a> {
    sheet: &'a RawSheet,
    id: SheetId,
    defs: &'a Definitions,
    def: &'a Definition,
    h: &'a Header,
    ctx: &'a Context,
    params: &'a BTreeMap<String, String>,
}

fn read_table(
    t: &TableRead<'_>,
    project: &mut Project,
    report: &mut SheetReport,
) -> Option<SheetReport> {
    let TableRead {
        sheet,
        id,
        defs,
        def,
        h,
        ctx,
        params,
    } = *t;
    let mut part = None;
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
            None => {
                report.unmapped.push(hc.text.clone());
                report.ignored.push(ColumnReport {
                    header: hc.text.clone(),
                    key: String::new(),
                    column: column_letters(hc.col),
                });
            }
        }
    }
    // What the values decided against the header words is a guess: it
    // changes what is read, so it is an I110 finding too.
    report.guesses.extend(h.overruled.iter().cloned());
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
            report.guesses.push(format!(
                "month columns with no planned/actual/forecast marker were read as {u}: {why}"
            ));
        }
    }
    period_label_notes(sheet, h, &mut report.notes);

    let mut column_totals: Vec<Option<Decimal>> = vec![None; def.columns.len()];
    // A "Cost Centre: 4410" above a ledger's header applies to its rows.
    let cost_centre_param = def
        .column("cost_centre")
        .and_then(|c| c.names().find_map(|n| params.get(&n)))
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
        let (kept, sums, guesses) = if long {
            (rows, Vec::new(), Vec::new())
        } else {
            build::drop_sum_rows(def, rows)
        };
        report.guesses.extend(guesses);
        rows = kept;
        summary.rows -= sums.len();
        if !long {
            let sorted =
                profile::drop_off_profile(def, rows, &summary.skipped.blank, &summary.skipped.note);
            rows = sorted.kept;
            report.detached.clone_from(&sorted.detached);
            summary.rows -= sorted.dropped.len();
            off_profile_note(def, &sorted.dropped, &mut report.notes);
            summary.skipped.note.extend(sorted.dropped);
            summary.skipped.note.sort_unstable();
        }
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
            let mut rows = rows;
            records::settle_day_month(sheet, def, h, &mut rows, &mut summary.problems, report);
            records::whole_probabilities(sheet, def, h, &mut rows, report);
            records::rescale_stated_scales(def, h, &mut rows, report);
            records::years_from_neighbours(def, h, &mut rows, &mut summary.problems, report);
            let (rows, templates) = records::drop_template_rows(sheet, def, rows, report);
            let (rows, rollups) = records::drop_rollup_rows(sheet, def, rows, report);
            summary.skipped.subtotal.extend(rollups);
            summary.skipped.subtotal.sort_unstable();
            let sorted =
                profile::drop_off_profile(def, rows, &summary.skipped.blank, &summary.skipped.note);
            let rows = sorted.kept;
            report.detached.clone_from(&sorted.detached);
            off_profile_note(def, &sorted.dropped, &mut report.notes);
            summary.skipped.note.extend(sorted.dropped);
            summary.skipped.note.sort_unstable();
            let split = records::split(def, rows, report);
            // Rows not read leave no problems behind.
            let unread: Vec<u32> = templates
                .iter()
                .map(|r| r - 1)
                .chain(split.listed)
                .collect();
            summary.problems.retain(|p| !unread.contains(&p.at.row));
            summary.skipped.blank.extend(templates);
            summary.skipped.blank.sort_unstable();
            let (rows, sent) = (split.kept, split.sent);
            summary.rows = rows.len();
            for row in rows {
                records::push(project, kind, to_record(def, row, &rename));
            }
            for (other, rows) in sent {
                part = records::part_report(defs, def, &other, rows, project, report);
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
    part
}

/// The day/month order the sheet's own slashed text dates settle, read
/// once over its date and period columns: a GL export of `25/03/2025`
/// postings is day-first for every posting, `04/05/2025` included. Said as
/// a guess, since the sheet does not say it in words.
fn sheet_date_order(
    sheet: &RawSheet,
    def: &Definition,
    h: &Header,
    report: &mut SheetReport,
) -> Option<coerce::DateOrder> {
    let cols: Vec<u32> = h
        .columns
        .iter()
        .filter(|hc| matches!(hc.target, Some(Target::Field(i)) if matches!(def.columns[i].kind, ColumnType::Date | ColumnType::Period)))
        .map(|hc| hc.col)
        .collect();
    if cols.is_empty() {
        return None;
    }
    let texts = (h.row + 1..sheet.row_end()).flat_map(|r| {
        cols.iter().filter_map(move |&c| match sheet.cell(r, c) {
            workbook::Cell::Text(t) => Some(t),
            _ => None,
        })
    });
    let (order, eg) = coerce::settled_order(texts)?;
    let said = match order {
        coerce::DateOrder::DayFirst => "day-first",
        coerce::DateOrder::MonthFirst => "month-first",
    };
    report.guesses.push(format!(
        "slashed dates are read {said}: the sheet's own '{}' can only be read that way, so 04/05/2025 is read the same way",
        eg.chars().take(40).collect::<String>()
    ));
    Some(order)
}

/// What the project held before a sheet was read, so a declined reading
/// can be taken back whole.
struct Checkpoint {
    /// Budget sheets merge lines by ID across tabs, so only a copy undoes
    /// them; other kinds only append.
    budget: Option<Vec<crate::model::BudgetLine>>,
    subtotals: usize,
    risks: usize,
    issues: usize,
    milestones: usize,
    stakeholders: usize,
    ledger: usize,
    problems: usize,
    notices: usize,
    extra: BTreeMap<String, usize>,
}

impl Checkpoint {
    fn of(p: &Project, kind: &str) -> Self {
        Checkpoint {
            budget: (kind == "budget").then(|| p.budget.clone()),
            subtotals: p.subtotals.len(),
            risks: p.risks.len(),
            issues: p.issues.len(),
            milestones: p.milestones.len(),
            stakeholders: p.stakeholders.len(),
            ledger: p.ledger.len(),
            problems: p.problems.len(),
            notices: p.notices.len(),
            extra: p.extra.iter().map(|(k, v)| (k.clone(), v.len())).collect(),
        }
    }

    fn restore(self, p: &mut Project) {
        if let Some(budget) = self.budget {
            p.budget = budget;
        }
        p.subtotals.truncate(self.subtotals);
        p.risks.truncate(self.risks);
        p.issues.truncate(self.issues);
        p.milestones.truncate(self.milestones);
        p.stakeholders.truncate(self.stakeholders);
        p.ledger.truncate(self.ledger);
        p.problems.truncate(self.problems);
        p.notices.truncate(self.notices);
        for (k, v) in p.extra.iter_mut() {
            v.truncate(self.extra.get(k).copied().unwrap_or(0));
        }
    }
}

/// Records the checks on the report and lowers its confidence for each
/// failed one; `Some(why)` when a failed check declines the sheet (a
/// mapping file's reading is the user's word and is only lowered).
fn apply_checks(
    report: &mut SheetReport,
    verdicts: Vec<checks::Verdict>,
    pinned: bool,
) -> Option<String> {
    let mut decline = None;
    for v in verdicts {
        if !v.check.passed {
            if v.severity == checks::Severity::Decline && !pinned && decline.is_none() {
                decline = Some(format!("{}: {}", v.check.name, v.check.detail));
            }
            if let Some(c) = report.confidence.as_mut() {
                c.at_most(
                    confidence::Level::Low,
                    format!("check failed: {}: {}", v.check.name, v.check.detail),
                );
            }
        }
        report.checks.push(v.check);
    }
    decline
}

/// Turns a report into a declined sheet's, keeping what was tried.
fn decline(report: &mut SheetReport, why: String) {
    let kind = report.kind.take().unwrap_or_default();
    report.guesses.clear();
    report.reason = format!("declined: read as {kind}, but a check failed ({why})");
    report.confidence = None;
    report.rows = 0;
    report.totals.clear();
    report.score = None;
}

/// Says which rows were left out for breaking the block's profile.
fn off_profile_note(def: &Definition, rows: &[u32], notes: &mut Vec<String>) {
    if rows.is_empty() {
        return;
    }
    let shown: Vec<String> = rows.iter().take(12).map(u32::to_string).collect();
    let more = rows.len().saturating_sub(12);
    notes.push(format!(
        "{} row(s) fill few of the columns the {} rows fill (a legend, a heading, workings below the table) and were not read: row(s) {}{}",
        rows.len(),
        def.kind,
        shown.join(", "),
        if more > 0 { format!(" and {more} more") } else { String::new() }
    ));
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
