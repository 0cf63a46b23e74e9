//! Before a table's rows are read, its columns' content votes with their
//! headers: a "Month" column of names is the line-name column, an unheaded
//! column of names left of the amounts is too, the rightmost "Total …"
//! column holds the line's amount when nothing else does, and month columns
//! under an "Hours" or "FTE" heading are not money. Each decision is a note
//! `inspect` shows.

use super::header::{Header, Target};
use super::table::is_total_cell;
use super::workbook::{Cell, RawSheet};
use crate::definition::{ColumnType, Definition};

/// Data rows looked at when a column's content is weighed against its header.
const CONTENT_ROWS: u32 = 60;

/// The non-blank cells of a column under the header.
fn column_cells(sheet: &RawSheet, header_row: u32, col: u32) -> Vec<Cell<'_>> {
    (header_row + 1..sheet.row_end().min(header_row + 1 + CONTENT_ROWS))
        .map(|r| sheet.cell(r, col))
        .filter(|c| !c.is_blank())
        .collect()
}

/// True when most of a column's cells are texts that no period or date
/// reading takes ("Analysis", "Design" under a "Month" header).
fn names_not_periods(cells: &[Cell<'_>]) -> bool {
    let texts: Vec<&str> = cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => Some(*t),
            _ => None,
        })
        .collect();
    let names = texts
        .iter()
        .filter(|t| {
            t.chars().any(char::is_alphabetic)
                && super::months::parse_label(t).is_none()
                && super::coerce::parse_date_text(t).is_err()
        })
        .count();
    names >= 2 && names * 2 > cells.len()
}

/// Texts that name lines: not totals, at least two, most of the column.
fn line_names(cells: &[Cell<'_>]) -> usize {
    let n = cells
        .iter()
        .filter(|c| matches!(c, Cell::Text(t) if !is_total_cell(t)))
        .count();
    if n >= 2 && n * 2 > cells.len() {
        n
    } else {
        0
    }
}

/// Lets a column's content vote with its header before rows are read, and
/// says where content decided:
/// - a period or date column holding names is the line-name column;
/// - with no line-name column mapped, the column of names left of the
///   amounts is (headed "Expenses", or not headed at all);
/// - with no amount column mapped, the rightmost column headed with a total
///   word ("Total pay for 14 weeks") holds the line's amount.
pub fn settle_columns(sheet: &RawSheet, def: &Definition, h: &mut Header) -> Vec<String> {
    let mut notes = Vec::new();
    let pos = |key: &str| def.columns.iter().position(|c| c.key == key);
    let (Some(desc), Some(budget)) = (pos("description"), pos("budget")) else {
        return notes;
    };
    for hc in h.columns.iter_mut() {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        let kind = def.columns[i].kind;
        if matches!(kind, ColumnType::Period | ColumnType::Date)
            && names_not_periods(&column_cells(sheet, h.row, hc.col))
        {
            notes.push(format!(
                "column {} '{}' holds names, not {}: its content overruled its header",
                crate::model::column_letters(hc.col),
                hc.text,
                def.columns[i].key
            ));
            hc.target = None;
        }
    }
    quantity_months(sheet, h, &mut notes);
    labels_not_amounts(sheet, def, h, &mut notes);
    if h.col_of(desc).is_none() {
        name_column(sheet, def, h, desc, &mut notes);
    }
    if h.col_of(desc).is_none() {
        category_names_lines(sheet, def, h, desc, &mut notes);
    }
    let amount_mapped = h.columns.iter().any(|c| {
        matches!(c.target, Some(Target::Month { .. }))
            || matches!(c.target, Some(Target::Field(i)) if ["budget", "planned", "actual", "forecast"].contains(&def.columns[i].key.as_str()))
    });
    if !amount_mapped {
        let vocab = crate::definition::vocabulary::vocabulary();
        if let Some(hc) =
            h.columns.iter_mut().rev().find(|c| {
                c.target.is_none() && !c.text.contains('%') && vocab.is_total_text(&c.text)
            })
        {
            notes.push(format!(
                "column {} '{}' is read as the line's budget: the rightmost total column",
                crate::model::column_letters(hc.col),
                hc.text
            ));
            hc.target = Some(Target::Field(budget));
        }
    }
    notes
}

/// Maps the column of line names left of the first amount column.
fn name_column(
    sheet: &RawSheet,
    def: &Definition,
    h: &mut Header,
    desc: usize,
    notes: &mut Vec<String>,
) {
    let first_amount = h
        .columns
        .iter()
        .find(|c| match c.target {
            Some(Target::Month { .. }) => true,
            Some(Target::Field(i)) => def.columns[i].kind == ColumnType::Money,
            None => false,
        })
        .map_or(sheet.col_end(), |c| c.col);
    let taken = |c: u32| {
        h.columns
            .iter()
            .any(|hc| hc.col == c && hc.target.is_some())
    };
    let Some((col, _)) = (sheet.col_start()..first_amount)
        .filter(|&c| !taken(c))
        .map(|c| (c, line_names(&column_cells(sheet, h.row, c))))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
    else {
        return;
    };
    let shown = match h.columns.iter_mut().find(|hc| hc.col == col) {
        Some(hc) => {
            hc.target = Some(Target::Field(desc));
            format!("'{}'", hc.text)
        }
        None => {
            let at = h.columns.partition_point(|hc| hc.col < col);
            h.columns.insert(
                at,
                super::header::HeaderColumn {
                    col,
                    text: String::new(),
                    target: Some(Target::Field(desc)),
                },
            );
            "with no header".to_string()
        }
    };
    notes.push(format!(
        "column {} {shown} holds the line names: read as the description",
        crate::model::column_letters(col)
    ));
}

/// Rows above the header searched for a heading over month columns.
const HEADING_ROWS: u32 = 3;

/// The nearest heading above a header cell: the cell itself if merged or
/// filled, else the nearest filled cell to its left on that row (a heading
/// typed once over its group).
fn heading_above(sheet: &RawSheet, h: &Header, col: u32) -> Option<String> {
    let first_month = h
        .columns
        .iter()
        .find(|c| matches!(c.target, Some(Target::Month { .. })))
        .map_or(col, |c| c.col);
    (h.row.saturating_sub(HEADING_ROWS)..h.row)
        .rev()
        .find_map(|r| {
            (first_month..=col)
                .rev()
                .map(|c| sheet.cell_merged(r, c))
                .find(|c| !c.is_blank())
                .and_then(|c| match c {
                    Cell::Text(t) => Some(t.trim().to_string()),
                    _ => None,
                })
        })
}

/// Month columns under an "Hours" or "FTE" heading count time, not money:
/// they are not read as amounts, and a note says so.
fn quantity_months(sheet: &RawSheet, h: &mut Header, notes: &mut Vec<String>) {
    let vocab = crate::definition::vocabulary::vocabulary();
    let mut dropped: Vec<(u32, String)> = Vec::new();
    let found: Vec<(u32, String)> = h
        .columns
        .iter()
        .filter(|c| matches!(c.target, Some(Target::Month { .. })))
        .filter_map(|c| {
            heading_above(sheet, h, c.col)
                .filter(|t| vocab.is_quantity_heading(t))
                .map(|t| (c.col, t))
        })
        .collect();
    for (col, heading) in found {
        if let Some(hc) = h.columns.iter_mut().find(|c| c.col == col) {
            hc.target = None;
            h.months = h.months.saturating_sub(1);
            dropped.push((col, heading));
        }
    }
    if let (Some(first), Some(last)) = (dropped.first(), dropped.last()) {
        notes.push(format!(
            "month columns {}-{} under '{}' count time, not money: not read as amounts",
            crate::model::column_letters(first.0),
            crate::model::column_letters(last.0),
            first.1
        ));
    }
}

/// A summary budget's "Category" column that holds its own line names
/// ("Hardware", "Travel") rather than the definition's values names the
/// lines.
fn category_names_lines(
    sheet: &RawSheet,
    def: &Definition,
    h: &mut Header,
    desc: usize,
    notes: &mut Vec<String>,
) {
    let Some(hc) = h.columns.iter_mut().find(|c| {
        matches!(c.target, Some(Target::Field(i)) if def.columns[i].kind == ColumnType::Enum && def.columns[i].key == "category")
    }) else {
        return;
    };
    let Some(Target::Field(cat)) = hc.target else {
        return;
    };
    let cells = column_cells(sheet, h.row, hc.col);
    let names = cells
        .iter()
        .filter(|c| matches!(c, Cell::Text(t) if !is_total_cell(t) && def.columns[cat].canonical_value(t).is_none()))
        .count();
    if names >= 2 && names * 2 > cells.len() {
        notes.push(format!(
            "column {} '{}' holds line names, not {} values: read as the description",
            crate::model::column_letters(hc.col),
            hc.text,
            def.columns[cat].key
        ));
        hc.target = Some(Target::Field(desc));
    }
}

/// A money column whose cells are mostly labels ("Over Budget", "CPI",
/// "EAC1": a summary block beside the table under a "Total Budget (BAC)"
/// heading) holds no amounts.
fn labels_not_amounts(sheet: &RawSheet, def: &Definition, h: &mut Header, notes: &mut Vec<String>) {
    for hc in h.columns.iter_mut() {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        if def.columns[i].kind != ColumnType::Money {
            continue;
        }
        let cells = column_cells(sheet, h.row, hc.col);
        let labels = cells
            .iter()
            .filter(|&&c| {
                matches!(c, Cell::Text(t) if t.chars().any(char::is_alphabetic))
                    && super::coerce::money_cell(c, sheet.typed, 1).is_err()
            })
            .count();
        if labels >= 2 && labels * 2 > cells.len() {
            notes.push(format!(
                "column {} '{}' holds labels, not amounts: its content overruled its header",
                crate::model::column_letters(hc.col),
                hc.text
            ));
            hc.target = None;
        }
    }
}
