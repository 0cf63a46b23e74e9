//! Key/value sheets (Project Information): a label cell with its value in
//! the next non-empty cell to the right, or `Label: value` in one cell.

use super::workbook::{Cell, RawSheet};
use crate::definition::{normalise_header, Definition};

/// A field found on a key/value sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct KvField {
    /// Index into the definition's columns.
    pub field: usize,
    /// The label as typed.
    pub label: String,
    /// 0-based (row, col) of the value.
    pub value_at: (u32, u32),
    /// For `Label: value` in one cell, the value text.
    pub inline: Option<String>,
}

const MAX_ROWS: u32 = 300;
const MAX_COLS: u32 = 30;
const MAX_GAP: u32 = 4;

/// Finds the definition's fields on a sheet; each field once, first wins.
pub fn scan(sheet: &RawSheet, def: &Definition) -> Vec<KvField> {
    let names: Vec<(String, usize)> = def
        .columns
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.names()
                .chain([normalise_header(&c.key)])
                .map(move |n| (n, i))
        })
        .collect();
    let find = |label: &str| {
        let n = normalise_header(label);
        names.iter().find(|(name, _)| *name == n).map(|(_, i)| *i)
    };
    let mut out: Vec<KvField> = Vec::new();
    let row_end = sheet.row_end().min(sheet.row_start() + MAX_ROWS);
    let col_end = sheet.col_end().min(sheet.col_start() + MAX_COLS);
    for row in sheet.row_start()..row_end {
        let mut col = sheet.col_start();
        while col < col_end {
            let Cell::Text(text) = sheet.cell(row, col) else {
                col += 1;
                continue;
            };
            let mut hit = None;
            if let Some(i) = find(text) {
                // The value is the next non-empty cell, unless that is another
                // label: then, as in a blank form, the value belongs in the
                // cell beside this label.
                // A label merged across several cells ends at its merge.
                let from = sheet
                    .merge_at(row, col)
                    .filter(|m| m.top == row && m.left == col)
                    .map_or(col, |m| m.right);
                let next = (from + 1..col_end.min(from + 1 + MAX_GAP))
                    .find(|&c| !sheet.cell(row, c).is_blank())
                    .filter(|&c| !matches!(sheet.cell(row, c), Cell::Text(t) if find(t).is_some()));
                let vc = next.unwrap_or(from + 1);
                hit = Some((
                    i,
                    text.trim().trim_end_matches(':').to_string(),
                    (row, vc),
                    None,
                    next.unwrap_or(col),
                ));
            } else if let Some((label, value)) = text.split_once(':') {
                if let (Some(i), false) = (find(label), value.trim().is_empty()) {
                    hit = Some((
                        i,
                        label.trim().to_string(),
                        (row, col),
                        Some(value.trim().to_string()),
                        col,
                    ));
                }
            }
            match hit {
                Some((field, label, value_at, inline, next)) => {
                    if !out.iter().any(|f| f.field == field) {
                        out.push(KvField {
                            field,
                            label,
                            value_at,
                            inline,
                        });
                    }
                    col = next + 1;
                }
                None => col += 1,
            }
        }
    }
    // Labels mostly on one row are a table's header row ("Name | Role |
    // Start Date"), not a form, whose labels stack down a column.
    let mut per_row: std::collections::BTreeMap<u32, usize> = Default::default();
    for f in out.iter().filter(|f| f.inline.is_none()) {
        *per_row.entry(f.value_at.0).or_default() += 1;
    }
    let beside: usize = per_row.values().sum();
    let most = per_row.values().copied().max().unwrap_or(0);
    if most >= 2 && most * 2 > beside {
        return Vec::new();
    }
    out
}
