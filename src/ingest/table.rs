//! Reading the rows under a header: data rows coerced field by field, blank
//! rows, note and heading rows, and subtotal/total rows told apart and
//! counted, never silently dropped.

use super::coerce::{coerce, Coerced, Context};
use super::header::{Header, Target};
use super::workbook::{Cell, RawSheet};
use crate::definition::{ColumnType, Definition};
use crate::model::column_number;
use crate::model::fiscal::FiscalPeriod;
use crate::model::{CellRef, Problem, SheetId, SubtotalRow, Traced, Value};
use regex::Regex;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Rows that were not read as data, by reason, as 1-based row numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Skipped {
    /// Empty rows.
    pub blank: Vec<u32>,
    /// Subtotal and total rows.
    pub subtotal: Vec<u32>,
    /// Notes, section headings and other rows with a lone text cell.
    pub note: Vec<u32>,
    /// Template rows: formulas that give blanks or zeros, nothing typed.
    pub template: Vec<u32>,
    /// Ledger lines that only carry a balance forward (no date, no document).
    pub carry_forward: Vec<u32>,
}

/// One data row, coerced.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The row's first cell.
    pub at: CellRef,
    /// Values by definition column index.
    pub fields: Vec<(usize, Traced<Value>)>,
    /// Month amounts: block (`None` when the row's measure says), period, amount.
    pub months: Vec<(Option<String>, FiscalPeriod, Traced<Decimal>)>,
}

impl Row {
    /// The value of a definition column.
    pub fn field(&self, idx: usize) -> Option<&Traced<Value>> {
        self.fields.iter().find(|(i, _)| *i == idx).map(|(_, v)| v)
    }
}

/// Problem cells recorded one by one per column; past this, counted.
const PROBLEMS_PER_COLUMN: usize = 200;

/// Everything read from a table sheet besides the rows themselves.
#[derive(Debug, Default)]
pub struct TableSummary {
    /// Problems per column, and the last one past the cap.
    per_column: BTreeMap<u32, (usize, Option<Problem>)>,
    /// Data rows read.
    pub rows: usize,
    /// Rows skipped by reason.
    pub skipped: Skipped,
    /// Subtotal rows with their money cells.
    pub subtotals: Vec<SubtotalRow>,
    /// Cells that could not be coerced.
    pub problems: Vec<Problem>,
}

/// Distinct texts remembered per column before the memo stops growing.
const MEMO_LIMIT: usize = 4096;

/// True when a cell's text marks a total or summary row (words from
/// `vocabulary.toml`); long texts (notes, descriptions) are not labels.
pub(super) fn is_total_cell(t: &str) -> bool {
    t.len() <= 60 && crate::definition::vocabulary::vocabulary().is_total_text(t)
}

/// The total or summary label of a row, if it is one: a total word in any
/// cell, a summary label in a label column, and a figure somewhere on the
/// row (a text-only row, "Total outage of the portal" in an issue log, is
/// not a total).
fn total_label(cells: &[Cell<'_>], label_cols: &[u32], c0: u32, typed: bool) -> Option<String> {
    let label = cells.iter().enumerate().find_map(|(i, c)| match c {
        Cell::Text(t) if total_cell(t, label_cols.contains(&(c0 + i as u32))) => {
            Some(t.trim().to_string())
        }
        _ => None,
    })?;
    cells
        .iter()
        .any(|&c| {
            matches!(c, Cell::Number(_))
                || matches!(super::coerce::money_cell(c, typed, 1), Ok(Some(_)))
        })
        .then_some(label)
}

/// An account section row just above the header ("Account: 5100 -
/// Consulting", then the column names) heads the first postings.
fn account_section_above(
    sheet: &RawSheet,
    sheet_id: SheetId,
    header_row: u32,
) -> Option<(String, CellRef)> {
    let vocab = crate::definition::vocabulary::vocabulary();
    (header_row.saturating_sub(3)..header_row)
        .rev()
        .find_map(|row| {
            (sheet.col_start()..sheet.col_end()).find_map(|col| match sheet.cell(row, col) {
                Cell::Text(t) if vocab.account_section(t).is_some() => Some((
                    t.trim().to_string(),
                    CellRef {
                        sheet: sheet_id,
                        row,
                        col,
                    },
                )),
                _ => None,
            })
        })
}

/// A total word anywhere; a summary label only in a label column. Either
/// way the cell must be shaped like a label, not a sentence.
fn total_cell(t: &str, label_column: bool) -> bool {
    let v = crate::definition::vocabulary::vocabulary();
    t.len() <= 60
        && may_be_total(t)
        && if label_column {
            v.is_total_text(t)
        } else {
            v.is_total_word(t)
        }
        && label_shaped(t)
}

/// A cheap first test run on every text cell (a ledger has millions): an
/// ASCII text can be a total or summary label only if it holds the first
/// word of one. Other texts take the full test.
fn may_be_total(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !t.is_ascii() || t.contains(['#', '&', '%']) {
        return true;
    }
    RE.get_or_init(|| {
        let rows = &crate::definition::vocabulary::vocabulary().rows;
        let mut firsts: Vec<String> = rows
            .total_words
            .iter()
            .chain(&rows.total_labels)
            .filter_map(|w| w.split(' ').next())
            .map(regex::escape)
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        Regex::new(&format!("(?i-u){}", firsts.join("|"))).expect("escaped words")
    })
    .is_match(t)
}

/// Words in a label before it reads as a sentence.
const LABEL_WORDS: usize = 5;

/// True when a text holding a total word is a short label ("Total",
/// "Subtotal – Services", "WP1 total", "TOTAL DIRECT COSTS"), not a sentence
/// that happens to start with the word ("Total loss of the data centre" is
/// a risk, "Total Cost of Ownership study" a budget line).
fn label_shaped(t: &str) -> bool {
    let v = crate::definition::vocabulary::vocabulary();
    let n = crate::definition::normalise_header(t);
    let words = n.split(' ').filter(|w| !w.is_empty());
    if words.clone().count() > LABEL_WORDS {
        return false;
    }
    let all_caps = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
    let mut words = words;
    all_caps || !words.any(|w| v.rows.sentence_words.iter().any(|s| s == w))
}

fn cell_ref() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?").expect("valid regex")
    })
}

/// The cell references in a formula, as inclusive 0-based
/// (top row, left col, bottom row, right col) rectangles.
pub fn formula_refs(formula: &str) -> Vec<(u32, u32, u32, u32)> {
    let f = formula.trim_start_matches('=').to_ascii_uppercase();
    cell_ref()
        .captures_iter(&f)
        .filter_map(|c| {
            // `Detail!D2` reads another sheet, and `SHEET2` is a name, not
            // cell EET2: neither is a cell of this sheet.
            let start = c.get(0)?.start();
            if f[..start]
                .chars()
                .next_back()
                .is_some_and(|p| p == '!' || p == '_' || p == '.' || p.is_ascii_alphanumeric())
            {
                return None;
            }
            let c1 = column_number(c.get(1)?.as_str())?;
            let r1 = c.get(2)?.as_str().parse::<u32>().ok()?.checked_sub(1)?;
            let (c2, r2) = match (c.get(3), c.get(4)) {
                (Some(c2), Some(r2)) => (
                    column_number(c2.as_str())?,
                    r2.as_str().parse::<u32>().ok()?.checked_sub(1)?,
                ),
                _ => (c1, r1),
            };
            Some((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
        })
        .collect()
}

/// True for the formulas a tracker adds cells up with: `SUM(…)`,
/// `SUBTOTAL(9|109, …)`, or references joined by `+`.
pub fn is_adding_formula(formula: &str) -> bool {
    let f = formula.trim_start_matches('=').to_ascii_uppercase();
    // What another sheet holds cannot be checked against this one.
    !f.contains('!')
        && (f.starts_with("SUM(")
            || f.starts_with("SUBTOTAL(9,")
            || f.starts_with("SUBTOTAL(109,")
            || f.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+$: ".contains(c)))
}

impl TableSummary {
    /// Records a problem cell; a column with a great many (a whole export
    /// in the wrong format) keeps the first few and counts the rest.
    fn problem(&mut self, col: u32, p: Problem) {
        let slot = self.per_column.entry(col).or_default();
        slot.0 += 1;
        if slot.0 <= PROBLEMS_PER_COLUMN {
            self.problems.push(p);
        } else {
            slot.1 = Some(p);
        }
    }

    /// Adds one problem summing up each column's uncounted ones.
    fn close_problems(&mut self) {
        for (n, last) in std::mem::take(&mut self.per_column).into_values() {
            if let Some(mut p) = last {
                p.message = format!(
                    "{} and {} more cells in this column cannot be read the same way (the last shown here)",
                    p.message,
                    n - PROBLEMS_PER_COLUMN
                );
                self.problems.push(p);
            }
        }
    }
}

/// A formula's range: (top row, left col, bottom row, right col).
type Rect = (u32, u32, u32, u32);

/// True when a formula in (row, col) adds up cells above it in its own
/// column: `SUM(E5:E9)`, `SUBTOTAL(9,E5:E9)`, `E5+E6+E7`.
pub fn is_vertical_sum(formula: &str, row: u32, col: u32) -> bool {
    let f = formula.trim_start_matches('=').to_ascii_uppercase();
    let refs = formula_refs(&f);
    if refs.is_empty() {
        return false;
    }
    // Rows above (a total under its lines) or rows below (a group row over
    // its lines, as Google's annual budget has), never both.
    let above =
        |&(r1, c1, r2, c2): &(u32, u32, u32, u32)| c1 == col && c2 == col && r1 < row && r2 < row;
    let below =
        |&(r1, c1, r2, c2): &(u32, u32, u32, u32)| c1 == col && c2 == col && r1 > row && r2 > row;
    let sums = |same: &dyn Fn(&Rect) -> bool| {
        if f.starts_with("SUM(") || f.starts_with("SUBTOTAL(") || f.starts_with("AGGREGATE(") {
            return refs.iter().any(|r| same(r) && r.2 > r.0)
                || (refs.len() >= 2 && refs.iter().all(same));
        }
        let only_plus = f
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+$: ".contains(c));
        only_plus && refs.len() >= 2 && refs.iter().all(same)
    };
    sums(&above) || sums(&below)
}

/// True when a formula in (row, col) rolls up a range of rows of its own
/// column (`=MIN($B6:$B8)`, `=MAX(C6:C8)`, `=SUM(D4:D11)`): a schedule's
/// summary task over its tasks, not a task.
pub fn is_rollup(formula: &str, row: u32, col: u32) -> bool {
    let f = formula.trim_start_matches('=').trim().to_ascii_uppercase();
    let aggregate = [
        "SUM(",
        "MIN(",
        "MAX(",
        "SUBTOTAL(",
        "AGGREGATE(",
        "AVERAGE(",
        "SUMPRODUCT(",
    ]
    .iter()
    .any(|a| f.starts_with(a));
    aggregate
        && formula_refs(&f)
            .iter()
            .any(|&(r1, c1, r2, c2)| c1 == col && c2 == col && r2 > r1 && (r1 > row || r2 < row))
}

/// Reads every row below the header, handing each data row to `on_row`.
/// The row is a buffer reused for the next one: take what you keep
/// (`std::mem::take` or `drain`).
#[allow(clippy::too_many_arguments)]
pub fn read_rows(
    sheet: &RawSheet,
    sheet_id: SheetId,
    def: &Definition,
    header: &Header,
    base: &Context,
    mut on_row: impl FnMut(&mut Row),
) -> TableSummary {
    let mut summary = TableSummary::default();
    let fy_field = def
        .columns
        .iter()
        .position(|c| c.kind == ColumnType::FiscalYear);
    let fy_col = fy_field.and_then(|f| header.col_of(f));
    let id_col = def
        .columns
        .iter()
        .position(|c| c.key == "id")
        .and_then(|f| header.col_of(f));
    let mapped: Vec<(u32, &Target)> = header
        .columns
        .iter()
        .filter_map(|c| c.target.as_ref().map(|t| (c.col, t)))
        .collect();
    let money_cols: Vec<(u32, String)> = mapped
        .iter()
        .filter_map(|(col, t)| match t {
            Target::Field(i) if def.columns[*i].kind == ColumnType::Money => {
                Some((*col, def.columns[*i].key.clone()))
            }
            Target::Month { block, period } => Some((
                *col,
                format!("{}.{}", block.as_deref().unwrap_or("amount"), period),
            )),
            _ => None,
        })
        .collect();
    let (c0, c1) = (sheet.col_start(), sheet.col_end());
    // Summary labels ("CPI", "Sum") count in the label columns only — the
    // first columns and the mapped name columns — not in a side block.
    let label_cols: Vec<u32> = (c0..c1.min(c0 + 4))
        .chain(mapped.iter().filter_map(|(col, t)| match t {
            Target::Field(i) if matches!(def.columns[*i].key.as_str(), "id" | "description") => {
                Some(*col)
            }
            _ => None,
        }))
        .collect();
    let header_texts: Vec<(u32, String)> = header
        .columns
        .iter()
        .filter(|c| c.target.is_some())
        .map(|c| (c.col, c.text.trim().to_string()))
        .filter(|(_, h)| !h.is_empty())
        .collect();
    let mut memos: Vec<Option<FxHashMap<String, Coerced>>> = def
        .columns
        .iter()
        .map(|c| {
            matches!(
                c.kind,
                ColumnType::Enum | ColumnType::Period | ColumnType::FiscalYear | ColumnType::Scale
            )
            .then(FxHashMap::default)
        })
        .collect();
    let mut heading = account_section_above(sheet, sheet_id, header.row);
    let mut sums_above =
        (!matches!(def.kind.as_str(), "budget" | "ledger")).then(|| ColumnSums::new(c1 - c0));
    let mut row_cells: Vec<Cell<'_>> = Vec::with_capacity((c1 - c0) as usize);
    let mut out = Row {
        at: CellRef {
            sheet: sheet_id,
            row: 0,
            col: 0,
        },
        fields: Vec::with_capacity(mapped.len()),
        months: Vec::new(),
    };

    for row in header.row + 1..sheet.row_end() {
        let at0 = CellRef {
            sheet: sheet_id,
            row,
            col: 0,
        };
        // Each cell of the row is converted once.
        row_cells.clear();
        row_cells.extend((c0..c1).map(|c| sheet.cell(row, c)));
        let cell_at = |c: u32| {
            row_cells
                .get(c.wrapping_sub(c0) as usize)
                .copied()
                .unwrap_or(Cell::Empty)
        };
        let nonblank = row_cells.iter().filter(|c| !c.is_blank()).count();
        let lone_text = match row_cells.iter().find(|c| !c.is_blank()) {
            Some(Cell::Text(t)) if nonblank == 1 => Some(t.trim().to_string()),
            _ => None,
        };
        if nonblank == 0 {
            summary.skipped.blank.push(row + 1);
            continue;
        }
        // Subtotal: a total label with no line ID (a total word in any cell:
        // the label column, a units column, beside a ledger's amount), or a
        // money cell that sums the cells above or below it.
        let label = total_label(&row_cells, &label_cols, c0, sheet.typed);
        let id_blank = id_col.is_none_or(|c| cell_at(c).is_blank());
        // A line with an ID whose cell sums others is still a line unless
        // the sum holds.
        let summed = money_cols.iter().any(|(col, _)| {
            sheet.formula(row, *col).is_some_and(|f| {
                is_vertical_sum(f, row, *col) && (id_blank || formula_holds(sheet, row, *col, f))
            })
        });
        // In a log of risks, issues or people a row is a total only when it
        // is nothing but a total label and the figures above added up.
        let subtotal = ((label.is_some() && id_blank) || summed)
            && sums_above
                .as_ref()
                .is_none_or(|s| only_total_labels(&row_cells) && s.adds_up(&row_cells));
        if let (Some(s), true) = (sums_above.as_mut(), subtotal) {
            s.close_section();
        }
        if subtotal {
            let mut cells = Vec::new();
            for (col, key) in &money_cols {
                let cell = sheet.cell(row, *col);
                let money = super::coerce::money_cell(cell, sheet.typed, base.money_scale)
                    .ok()
                    .flatten()
                    .map(|(m, _)| m);
                if let Some(m) = money {
                    let at = CellRef {
                        sheet: sheet_id,
                        row,
                        col: *col,
                    };
                    cells.push((
                        key.clone(),
                        Traced::new(m, at),
                        sheet.formula(row, *col).map(str::to_string),
                    ));
                }
            }
            summary.subtotals.push(SubtotalRow {
                at: at0,
                label,
                cells,
            });
            summary.skipped.subtotal.push(row + 1);
            continue;
        }
        let mapped_nonblank = mapped
            .iter()
            .filter(|(c, _)| !cell_at(*c).is_blank())
            .count();
        // The header again (a printed report, or a second table below the
        // first): not data.
        let repeats_header = header_texts
            .iter()
            .filter(
                |(c, h)| matches!(cell_at(*c), Cell::Text(t) if t.trim().eq_ignore_ascii_case(h)),
            )
            .count();
        if repeats_header >= 2 && repeats_header * 2 >= mapped_nonblank {
            summary.skipped.note.push(row + 1);
            continue;
        }
        if mapped_nonblank == 0 || (nonblank == 1 && lone_text.is_some()) {
            if let (1, Some(t)) = (nonblank, lone_text) {
                let col = (c0..c1).find(|&c| !cell_at(c).is_blank()).unwrap_or(0);
                heading = Some((
                    t,
                    CellRef {
                        sheet: sheet_id,
                        row,
                        col,
                    },
                ));
            }
            summary.skipped.note.push(row + 1);
            continue;
        }

        // A data row. The row's own fiscal year places bare periods.
        let mut ctx = *base;
        if let Some(col) = fy_col {
            if let Coerced::Value(Value::Year(y), _) = coerce(
                sheet.cell(row, col),
                &def.columns[fy_field.unwrap_or(0)],
                def,
                base,
            ) {
                ctx.fiscal_year = Some(y);
            }
        }
        out.at = at0;
        out.fields.clear();
        out.months.clear();
        for (col, target) in &mapped {
            let at = CellRef {
                sheet: sheet_id,
                row,
                col: *col,
            };
            let cell = match cell_at(*col) {
                c if !c.is_blank() || sheet.merges.is_empty() => c,
                _ => sheet.cell_filled(row, *col),
            };
            match target {
                Target::Field(i) => {
                    let column = &def.columns[*i];
                    // Codes, periods and scale words repeat down a column:
                    // coerce each distinct text once.
                    let memo = match (cell, memos.get_mut(*i)) {
                        (Cell::Text(t), Some(Some(m))) if ctx.fiscal_year == base.fiscal_year => {
                            Some((t, m))
                        }
                        _ => None,
                    };
                    let coerced = match memo {
                        Some((t, m)) => match m.get(t) {
                            Some(c) => c.clone(),
                            None => {
                                let c = coerce(cell, column, def, &ctx);
                                if m.len() < MEMO_LIMIT {
                                    m.insert(t.to_string(), c.clone());
                                }
                                c
                            }
                        },
                        None => coerce(cell, column, def, &ctx),
                    };
                    match coerced {
                        Coerced::Blank => {}
                        Coerced::Value(v, from_text) => out.fields.push((
                            *i,
                            Traced {
                                value: v,
                                at,
                                from_text,
                            },
                        )),
                        Coerced::Problem(kind, message) => summary.problem(
                            *col,
                            Problem {
                                at,
                                key: column.key.clone(),
                                kind,
                                raw: cell.display(),
                                message,
                            },
                        ),
                    }
                }
                Target::Month { block, period } => {
                    let money = match super::coerce::excel_error(cell) {
                        Some(e) => Err(format!(
                            "holds the Excel error {e}; fix the formula or type the value"
                        )),
                        None => super::coerce::money_cell(cell, sheet.typed, ctx.money_scale),
                    };
                    let kind = if super::coerce::excel_error(cell).is_some() {
                        crate::model::ProblemKind::ErrorCell
                    } else {
                        crate::model::ProblemKind::BadMoney
                    };
                    match money {
                        Ok(Some((m, from_text))) => out.months.push((
                            block.clone(),
                            *period,
                            Traced {
                                value: m,
                                at,
                                from_text,
                            },
                        )),
                        Ok(None) => {}
                        Err(why) => summary.problem(
                            *col,
                            Problem {
                                at,
                                key: format!("{}.{}", block.as_deref().unwrap_or("amount"), period),
                                kind,
                                raw: cell.display(),
                                message: format!("'{}' {}", cell.display(), why),
                            },
                        ),
                    }
                }
            }
        }
        // Section headings ("Services", "Capital") fill enum fields the row
        // leaves blank.
        if let Some((text, at)) = &heading {
            for (i, column) in def.columns.iter().enumerate() {
                if column.kind == ColumnType::Enum && out.field(i).is_none() {
                    if let Some(v) = column.canonical_value(text) {
                        out.fields
                            .push((i, Traced::new(Value::Text(v.to_string()), *at)));
                    }
                }
            }
        }
        if let Some((text, at)) = &heading {
            fill_account_from_section(def, text, *at, &mut out);
        }
        if let Some(skip) = not_a_record(def, header, sheet, row, (c0, c1), &row_cells, &out) {
            match skip {
                NotRecord::Template => summary.skipped.template.push(row + 1),
                NotRecord::CarryForward => summary.skipped.carry_forward.push(row + 1),
                NotRecord::IdOnly => summary.skipped.note.push(row + 1),
            }
            continue;
        }
        if let Some(s) = sums_above.as_mut() {
            s.add(&row_cells);
        }
        summary.rows += 1;
        on_row(&mut out);
    }
    summary.close_problems();
    summary
}

/// True when a vertical-sum formula's value equals what the cells it names
/// on this sheet hold.
fn formula_holds(sheet: &RawSheet, row: u32, col: u32, formula: &str) -> bool {
    let money = |c: Cell<'_>| {
        super::coerce::money_cell(c, sheet.typed, 1)
            .ok()
            .flatten()
            .map(|(m, _)| m)
    };
    let Some(value) = money(sheet.cell(row, col)) else {
        return false;
    };
    let sum: Decimal = formula_refs(formula)
        .into_iter()
        .flat_map(|(r1, c1, r2, c2)| (r1..=r2).flat_map(move |r| (c1..=c2).map(move |c| (r, c))))
        .filter_map(|(r, c)| money(sheet.cell(r, c)))
        .sum();
    sum == value
}

/// True when every text on a row is a total label: no description.
fn only_total_labels(cells: &[Cell<'_>]) -> bool {
    cells.iter().all(|c| match c {
        Cell::Text(t) => total_cell(t, true),
        _ => true,
    })
}

/// The figures of the rows read so far, column by column: from the top and
/// since the last total row.
struct ColumnSums {
    all: Vec<Decimal>,
    section: Vec<Decimal>,
}

impl ColumnSums {
    fn new(width: u32) -> Self {
        let zeros = vec![Decimal::ZERO; width as usize];
        ColumnSums {
            all: zeros.clone(),
            section: zeros,
        }
    }

    fn add(&mut self, cells: &[Cell<'_>]) {
        for (k, c) in cells.iter().enumerate() {
            if let Cell::Number(n) = c {
                if let Ok(d) = Decimal::try_from(*n) {
                    self.all[k] += d;
                    self.section[k] += d;
                }
            }
        }
    }

    fn close_section(&mut self) {
        self.section.fill(Decimal::ZERO);
    }

    /// True when the row has figures and each is the sum of its column
    /// above (from the top or since the last total).
    fn adds_up(&self, cells: &[Cell<'_>]) -> bool {
        let mut any = false;
        for (k, c) in cells.iter().enumerate() {
            if let Cell::Number(n) = c {
                let Ok(d) = Decimal::try_from(*n) else {
                    return false;
                };
                if d != self.all[k] && d != self.section[k] {
                    return false;
                }
                any = true;
            }
        }
        any
    }
}

/// Why a row under the header that has mapped cells is still not a record.
enum NotRecord {
    /// Formulas that give blanks or zeros and nothing typed: an unused
    /// template line.
    Template,
    /// A balance carried from an earlier period, with no date or document.
    CarryForward,
    /// Only an ID, or neither a name nor an amount: not a line.
    IdOnly,
}

fn not_a_record(
    def: &Definition,
    header: &Header,
    sheet: &RawSheet,
    row: u32,
    (c0, c1): (u32, u32),
    cells: &[Cell<'_>],
    out: &Row,
) -> Option<NotRecord> {
    let key = |i: usize| def.columns[i].key.as_str();
    let amounts_zero = out
        .fields
        .iter()
        .filter(|(i, _)| def.columns[*i].kind == ColumnType::Money)
        .all(|(_, v)| v.value.as_decimal().is_none_or(|d| d.is_zero()))
        && out.months.iter().all(|(_, _, m)| m.value.is_zero());
    let has_formula = || (c0..c1).any(|c| sheet.formula(row, c).is_some());
    // Nothing typed and nothing computed: no nonzero number on the row.
    let typed_figure = || {
        cells
            .iter()
            .any(|cell| matches!(cell, Cell::Number(n) if *n != 0.0))
    };
    if def.wide.is_some() && amounts_zero && has_formula() && !typed_figure() {
        return Some(NotRecord::Template);
    }
    let dated_or_documented = out
        .fields
        .iter()
        .any(|(i, _)| def.columns[*i].kind == ColumnType::Date || key(*i) == "document");
    let vocab = crate::definition::vocabulary::vocabulary();
    let has_money = def.columns.iter().any(|c| c.kind == ColumnType::Money);
    if has_money
        && !dated_or_documented
        && cells
            .iter()
            .any(|c| matches!(c, Cell::Text(t) if vocab.is_carry_forward(t)))
    {
        return Some(NotRecord::CarryForward);
    }
    // A budget record has a name or an amount: a figure typed beside a
    // label below the table (value, cost, profit) is neither.
    let named = out
        .fields
        .iter()
        .any(|(i, _)| matches!(key(*i), "id" | "description"));
    let line_amount = !out.months.is_empty()
        || out
            .fields
            .iter()
            .any(|(i, _)| matches!(key(*i), "budget" | "planned" | "actual" | "forecast"));
    if def.wide.is_some() && !named && !line_amount {
        return Some(NotRecord::IdOnly);
    }
    // A row naming nothing whose amounts are all zero is a template line
    // left for filling in (a price list's unused rows).
    if def.wide.is_some() && !named && amounts_zero {
        return Some(NotRecord::Template);
    }
    // A named row with no amount of its own but a figure under a total
    // column ("WBS Level 2 totals" beside the lines' "Subtotals") is a WBS
    // parent heading its lines, not a line.
    let in_total_column = |i: usize| {
        header
            .columns
            .iter()
            .find(|hc| hc.col == c0 + i as u32)
            .is_some_and(|hc| hc.target.is_none() && is_total_cell(&hc.text))
    };
    let parent_figure = || {
        cells
            .iter()
            .enumerate()
            .any(|(i, c)| matches!(c, Cell::Number(n) if *n != 0.0) && in_total_column(i))
    };
    if def.wide.is_some() && named && !line_amount && parent_figure() {
        return Some(NotRecord::IdOnly);
    }
    let only_id = !out.fields.is_empty()
        && out.months.is_empty()
        && out.fields.iter().all(|(i, _)| key(*i) == "id");
    only_id.then_some(NotRecord::IdOnly)
}

/// A ledger's "Account: 101 - Cash" section row names the account of the
/// postings under it that carry none of their own.
fn fill_account_from_section(def: &Definition, heading: &str, at: CellRef, out: &mut Row) {
    let Some(i) = def.columns.iter().position(|c| c.key == "account") else {
        return;
    };
    if out.field(i).is_some() {
        return;
    }
    if let Some(code) = crate::definition::vocabulary::vocabulary().account_section(heading) {
        out.fields.push((i, Traced::new(Value::Text(code), at)));
    }
}

/// Adds a row's money fields to the sheet's sums, by definition column
/// index (one slot per column, so a million rows cost no lookups). Month
/// amounts are summed where their block is settled (budget building).
pub fn add_totals(totals: &mut [Option<Decimal>], row: &Row) {
    for (i, v) in &row.fields {
        if let (Some(slot), Value::Money(m)) = (totals.get_mut(*i), &v.value) {
            *slot.get_or_insert(Decimal::ZERO) += *m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vertical_sums_are_subtotals_row_sums_are_not() {
        assert!(is_vertical_sum("SUM(E5:E9)", 9, 4));
        assert!(is_vertical_sum("=SUM($E$5:$E$9)", 9, 4));
        assert!(is_vertical_sum("SUBTOTAL(9,E5:E9)", 9, 4));
        assert!(is_vertical_sum("E5+E6+E7", 7, 4));
        assert!(is_vertical_sum("SUM(E5,E7,E9)", 10, 4));
        assert!(!is_vertical_sum("SUM(E5:P5)", 4, 17));
        assert!(!is_vertical_sum("E5*1.13", 4, 5));
        // A group row summing the lines under it.
        assert!(is_vertical_sum("SUM(E10:E12)", 8, 4));
        assert!(!is_vertical_sum("SUM(E5:E12)", 8, 4));
        // Another sheet's cells are not this column's.
        assert!(!is_vertical_sum("=SUM(Detail!D2:D3)", 3, 3));
        assert!(!is_vertical_sum("='Q1 Detail'!D2+'Q1 Detail'!D3", 3, 3));
        assert_eq!(formula_refs("SUM(Sheet2!D2:D3)+D4"), [(3, 3, 3, 3)]);
        assert!(!is_adding_formula("=SUM(Detail!D2:D3)"));
    }

    #[test]
    fn a_total_word_counts_in_a_label_not_in_a_sentence() {
        for label in [
            "Total",
            "Subtotal – Services",
            "WP1 total",
            "Total:",
            "Grand total",
            "TOTAL DIRECT COSTS",
            "Total Project Cost",
        ] {
            assert!(total_cell(label, true), "{label}");
        }
        for sentence in [
            "Total loss of the data centre",
            "Total Cost of Ownership study",
            "Total outage of the portal after the upgrade",
        ] {
            assert!(!total_cell(sentence, true), "{sentence}");
        }
    }
}
