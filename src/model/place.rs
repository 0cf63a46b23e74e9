//! Where a value came from: file, sheet and cell, shown as `Sheet!B7`.
//!
//! Values hold a compact [`CellRef`] (sheet index, row, column) rather than
//! strings, so a million-row ledger does not carry a million file names; the
//! [`SheetSource`] table on the project turns a `CellRef` back into text.

use serde::Serialize;
use std::path::PathBuf;

/// Index of a sheet in [`crate::model::Project::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct SheetId(pub u32);

/// A sheet that contributed to the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSource {
    /// The workbook as the user named it.
    pub file: PathBuf,
    /// The sheet's name in the workbook.
    pub sheet: String,
    /// The definition kind the sheet was read as (`budget`, `risks`, …).
    pub kind: String,
    /// 0-based header row (`None` for key/value sheets).
    pub header_row: Option<u32>,
    /// Where each mapped key lives: for tables the header cell of its
    /// column, for key/value sheets the value's cell.
    pub keys: std::collections::BTreeMap<String, CellRef>,
    /// Data rows (or filled fields) read: a blank form has none.
    pub rows: usize,
}

/// A cell: sheet, 0-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct CellRef {
    /// The sheet.
    pub sheet: SheetId,
    /// 0-based row (Excel's row 1 is 0).
    pub row: u32,
    /// 0-based column (Excel's column A is 0).
    pub col: u32,
}

impl CellRef {
    /// The cell in A1 notation, without the sheet (`B7`).
    pub fn a1(&self) -> String {
        a1(self.row, self.col)
    }
}

/// A value and the cell it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced<T> {
    /// The value, coerced to its type.
    pub value: T,
    /// Where it was read.
    pub at: CellRef,
    /// True when a number was typed as text (Excel's SUM skips such cells).
    pub from_text: bool,
}

impl<T> Traced<T> {
    /// A value read from a cell.
    pub fn new(value: T, at: CellRef) -> Self {
        Traced {
            value,
            at,
            from_text: false,
        }
    }
}

/// Excel's column letters for a 0-based column: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// The 0-based column Excel's letters name: `A` → 0, `AB` → 27 (any
/// case); `None` for anything else, or past `u32`.
pub fn column_number(letters: &str) -> Option<u32> {
    let mut n: u32 = 0;
    for ch in letters.chars() {
        let d = ch.to_ascii_uppercase() as u32;
        if !(65..=90).contains(&d) {
            return None;
        }
        n = n.checked_mul(26)?.checked_add(d - 64)?;
    }
    n.checked_sub(1)
}

/// A1 notation for a 0-based row and column: (6, 1) → `B7`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }
}
