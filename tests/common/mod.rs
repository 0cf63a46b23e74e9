//! Helpers shared by the integration tests: run the real `pmo` binary from
//! the repository root and show everything when the exit code is wrong.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `pmo` from the repository root and asserts its exit code,
/// printing stdout and stderr when it is not `want`.
pub fn pmo(args: &[&str], want: i32) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_pmo"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run pmo");
    assert_eq!(
        out.status.code(),
        Some(want),
        "pmo {args:?}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `pmo` expecting exit 0 and parses its stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&pmo(args, 0).stdout).expect("stdout is JSON")
}

/// A cell for [`book`]: text, or a number.
#[derive(Clone)]
pub enum Cell {
    /// Text as typed.
    T(&'static str),
    /// A number.
    N(f64),
}

/// Writes a workbook of `(sheet name, rows)` into `dir` as `name` and
/// returns its path: one call per test input.
pub fn book(dir: &std::path::Path, name: &str, sheets: &[(&str, Vec<Vec<Cell>>)]) -> PathBuf {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (sheet, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::T(t) => ws.write_string(r, c, *t).map(|_| ()),
                    Cell::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                }
                .expect("write cell");
            }
        }
    }
    let path = dir.join(name);
    wb.save(&path).expect("save workbook");
    path
}
