//! The corpus's building blocks: a cell language small enough to write a
//! real workbook's shape in a few lines, and the truth written beside it.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};

/// One cell of a fixture sheet.
#[allow(dead_code)] // not every case uses every kind of cell
#[derive(Debug, Clone)]
pub enum C {
    /// Nothing in the cell.
    E,
    /// Text, as typed.
    T(&'static str),
    /// A number (Excel stores every number as a float).
    N(f64),
    /// A number shown with a currency format (`$#,##0.00`).
    M(f64),
    /// A percentage stored as a fraction (0.25 shows as 25%).
    P(f64),
    /// A date cell (year, month, day) with a date format.
    D(u16, u8, u8),
    /// A formula and the result Excel stored for it.
    F(&'static str, f64),
    /// A formula whose stored result is text (`""` for a formula giving a
    /// blank, as template rows do).
    FT(&'static str, &'static str),
}

/// One sheet: its name, its rows from row 1, and merged ranges
/// (`first_row, first_col, last_row, last_col`, 0-based) whose top-left cell
/// holds the value.
#[derive(Debug, Clone)]
pub struct SheetSpec {
    /// The tab's name.
    pub name: &'static str,
    /// Rows from the top; a short row leaves the rest blank.
    pub rows: Vec<Vec<C>>,
    /// Merged ranges.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

/// A sheet with no merged cells.
pub fn sheet(name: &'static str, rows: Vec<Vec<C>>) -> SheetSpec {
    SheetSpec {
        name,
        rows,
        merges: vec![],
    }
}

/// How a fixture is stored on disk.
#[derive(Debug, Clone)]
pub enum Fixture {
    /// An .xlsx workbook with these sheets.
    Xlsx(Vec<SheetSpec>),
    /// A .csv file with this text (one sheet, named after the file).
    Csv(&'static str),
}

/// What is true of one sheet, read by a person from the source's cells.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The sheet's name (for CSV, the file stem `pmo` reports).
    pub sheet: &'static str,
    /// The kind it must be read as; `None` when it must be declined.
    pub kind: Option<&'static str>,
    /// The 1-based header row (ignored when declined).
    pub header_row: Option<u32>,
    /// Records read (lines, risks, postings…); 0 when declined.
    pub records: usize,
    /// Key columns that must be mapped: (canonical key, column letter).
    pub columns: Vec<(&'static str, &'static str)>,
    /// Money totals of the real lines, by the key `inspect` reports them
    /// under (`planned`, `actual`, `amount`…), as exact decimals.
    pub totals: Vec<(&'static str, &'static str)>,
    /// A known gap: why `pmo` cannot read this sheet yet. Such a sheet must
    /// then be declined (never read wrong); it counts as not right.
    pub gap: Option<&'static str>,
}

/// One real workbook's shape: where it was learned, and the truth.
#[derive(Debug, Clone)]
pub struct Case {
    /// A short file-safe name; the fixture is written as `<name>.xlsx|csv`.
    pub name: &'static str,
    /// `owner/repo: path` of the public workbook this shape comes from.
    pub source: &'static str,
    /// The shape it teaches, in a few words.
    pub shape: &'static str,
    /// The fixture.
    pub fixture: Fixture,
    /// The truth for each sheet.
    pub truth: Vec<Truth>,
}

/// Writes the fixture into `dir`, returning its path.
pub fn write(case: &Case, dir: &std::path::Path) -> Result<std::path::PathBuf, XlsxError> {
    match &case.fixture {
        Fixture::Csv(text) => {
            let path = dir.join(format!("{}.csv", case.name));
            std::fs::write(&path, text)?;
            Ok(path)
        }
        Fixture::Xlsx(sheets) => {
            let path = dir.join(format!("{}.xlsx", case.name));
            let mut wb = Workbook::new();
            for spec in sheets {
                write_sheet(&mut wb, spec)?;
            }
            wb.save(&path)?;
            Ok(path)
        }
    }
}

fn write_sheet(wb: &mut Workbook, spec: &SheetSpec) -> Result<(), XlsxError> {
    let money = Format::new().set_num_format("$#,##0.00");
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name(spec.name)?;
    for (r, row) in spec.rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                C::E => {}
                C::T(t) => {
                    ws.write_string(r, c, *t)?;
                }
                C::N(n) => {
                    ws.write_number(r, c, *n)?;
                }
                C::M(n) => {
                    ws.write_number_with_format(r, c, *n, &money)?;
                }
                C::P(n) => {
                    ws.write_number_with_format(r, c, *n, &pct)?;
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    ws.write_datetime_with_format(r, c, &dt, &date)?;
                }
                C::F(f, v) => {
                    ws.write_formula(r, c, Formula::new(*f).set_result(v.to_string()))?;
                }
                C::FT(f, v) => {
                    ws.write_formula(r, c, Formula::new(*f).set_result(*v))?;
                }
            }
        }
    }
    for &(r1, c1, r2, c2) in &spec.merges {
        let text = match spec.rows.get(r1 as usize).and_then(|r| r.get(c1 as usize)) {
            Some(C::T(t)) => *t,
            _ => "",
        };
        ws.merge_range(r1, c1, r2, c2, text, &Format::new())?;
    }
    Ok(())
}
