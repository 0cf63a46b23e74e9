//! A verbatim copy of a workbook's cells, for writing an annotated copy:
//! every non-empty cell with its value as stored, and the merged regions.

use super::workbook::{Cell, Merge, Workbook};
use crate::error::Error;
use chrono::NaiveDateTime;
use std::path::Path;

/// A cell's stored value, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Text.
    Text(String),
    /// A number exactly as the file stores it (copied, never summed).
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date or date-time cell.
    Date(NaiveDateTime),
    /// An Excel error value, as text (`#REF!`).
    Error(String),
}

/// One sheet's cells.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSnapshot {
    /// The sheet's name.
    pub name: String,
    /// Non-empty cells: 0-based row, column, value.
    pub cells: Vec<(u32, u32, CellValue)>,
    /// Merged regions.
    pub merges: Vec<Merge>,
}

/// Every sheet of a workbook, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The sheets.
    pub sheets: Vec<SheetSnapshot>,
}

/// Reads every cell of a workbook.
///
/// # Errors
///
/// The same errors as ingest for a file that cannot be opened or read.
pub fn read(path: &Path) -> Result<Snapshot, Error> {
    let mut wb = Workbook::open(path)?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let mut sheet = wb.read_sheet(&name)?;
        if sheet.merges.is_empty() {
            wb.load_merges(&mut sheet);
        }
        let mut cells = Vec::new();
        for row in sheet.row_start()..sheet.row_end() {
            for col in sheet.col_start()..sheet.col_end() {
                let v = match sheet.cell(row, col) {
                    Cell::Empty => continue,
                    Cell::Text(t) => CellValue::Text(t.to_string()),
                    Cell::Number(n) => CellValue::Number(n),
                    Cell::Bool(b) => CellValue::Bool(b),
                    Cell::Date(d) => CellValue::Date(d),
                    Cell::Error(e) => CellValue::Error(e.to_string()),
                };
                cells.push((row, col, v));
            }
        }
        sheets.push(SheetSnapshot {
            name,
            cells,
            merges: sheet.merges.clone(),
        });
    }
    Ok(Snapshot { sheets })
}
