//! The one adapter over calamine (and the csv crate): opens any workbook
//! format, classifies failures into errors a user can act on, and exposes
//! sheets as grids of [`Cell`]s in absolute (Excel) coordinates.
//!
//! Cells are converted on access rather than copied, so a sheet is held in
//! memory once, in calamine's own representation.
//!
//! Every call into calamine runs behind the guard module: the file's
//! container is checked first, .xlsx and .xlsb cells are streamed through a
//! collector that refuses a sheet before it grows past
//! [`super::limits`], and a panic in the reader becomes an error naming the
//! file (and sheet).

use super::guard::{self, fenced, Collector, Refusal};
use super::limits::MAX_SHEETS;
use crate::error::Error;
use calamine::{open_workbook, Data, Dimensions, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// A cell as ingest sees it, borrowed from the sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing in the cell (or only spaces).
    Empty,
    /// Text, as typed (not trimmed).
    Text(&'a str),
    /// A number, as Excel stores it.
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A number formatted as a date, or an ODS date.
    Date(NaiveDateTime),
    /// An Excel error value such as `#REF!`.
    Error(&'a str),
}

impl Cell<'_> {
    /// True for an empty cell or one holding only spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person sees it, for messages and header matching.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Cell::Error(e) => e.to_string(),
        }
    }
}

/// Formats a float without float noise: integers without a decimal point.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{:.10}", n);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Converts an Excel serial day number to a date.
///
/// The 1900 system counts from 1899-12-31 and keeps Lotus 1-2-3's phantom
/// 1900-02-29 (serial 60); the 1904 system counts from 1904-01-01.
pub fn excel_serial_to_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_signed(chrono::Duration::days(days))
    } else {
        if days == 0 {
            return None;
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        let days = if days < 60 { days + 1 } else { days };
        base.checked_add_signed(chrono::Duration::days(days))
    }
}

/// A merged region, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top row.
    pub top: u32,
    /// Left column.
    pub left: u32,
    /// Bottom row.
    pub bottom: u32,
    /// Right column.
    pub right: u32,
}

impl From<Dimensions> for Merge {
    fn from(d: Dimensions) -> Self {
        Merge {
            top: d.start.0,
            left: d.start.1,
            bottom: d.end.0,
            right: d.end.1,
        }
    }
}

/// Sheets with more cells than this are read without merged regions at
/// first; ingest loads them once it knows the sheet is not a ledger export.
pub const MERGE_SCAN_LIMIT: usize = 250_000;

/// One sheet's cells, formulas and merged regions.
pub struct RawSheet {
    /// The sheet's name.
    pub name: String,
    range: Range<Data>,
    formulas: Option<Range<String>>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// False for CSV, where every cell is text by nature.
    pub typed: bool,
    /// The workbook uses the 1904 date system.
    pub date1904: bool,
    /// What the sheet is called where its own name says nothing: the
    /// file's name, for a tab left as "Sheet1" (`Budget.xlsx`).
    pub title: Option<String>,
}

impl RawSheet {
    /// A sheet from a calamine range (used by the CSV reader and tests).
    pub fn from_range(name: &str, range: Range<Data>, typed: bool) -> RawSheet {
        RawSheet {
            name: name.to_string(),
            range,
            formulas: None,
            merges: Vec::new(),
            typed,
            date1904: false,
            title: None,
        }
    }

    /// How many cells the sheet's used range spans.
    pub fn cell_count(&self) -> usize {
        let (h, w) = self.range.get_size();
        h * w
    }

    /// One past the last used row.
    pub fn row_end(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r + 1)
    }

    /// One past the last used column.
    pub fn col_end(&self) -> u32 {
        self.range.end().map_or(0, |(_, c)| c + 1)
    }

    /// The first used column.
    pub fn col_start(&self) -> u32 {
        self.range.start().map_or(0, |(_, c)| c)
    }

    /// The first used row.
    pub fn row_start(&self) -> u32 {
        self.range.start().map_or(0, |(r, _)| r)
    }

    /// True when no cell holds anything.
    pub fn is_empty(&self) -> bool {
        self.range.used_cells().all(|(_, _, d)| match d {
            Data::String(s) => s.trim().is_empty(),
            d => *d == Data::Empty,
        })
    }

    /// The cell at an absolute, 0-based position.
    pub fn cell(&self, row: u32, col: u32) -> Cell<'_> {
        match self.range.get_value((row, col)) {
            None | Some(Data::Empty) => Cell::Empty,
            Some(Data::String(s)) => {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s)
                }
            }
            Some(Data::Float(f)) => Cell::Number(*f),
            Some(Data::Int(i)) => Cell::Number(*i as f64),
            Some(Data::Bool(b)) => Cell::Bool(*b),
            Some(Data::DateTime(dt)) => match dt.as_datetime() {
                Some(d) if dt.is_datetime() => Cell::Date(d),
                _ => Cell::Number(dt.as_f64()),
            },
            Some(Data::DateTimeIso(s)) => parse_iso_datetime(s).map_or(Cell::Text(s), Cell::Date),
            Some(Data::DurationIso(s)) => Cell::Text(s),
            Some(Data::Error(e)) => Cell::Error(error_text(e)),
        }
    }

    /// The formula in a cell, without the leading `=`, when formulas were
    /// loaded and the cell has one.
    pub fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas
            .as_ref()?
            .get_value((row, col))
            .map(String::as_str)
            .filter(|f| !f.is_empty())
    }

    /// True when formulas have been loaded for this sheet.
    pub fn has_formulas(&self) -> bool {
        self.formulas.is_some()
    }

    /// The merged region covering a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<Merge> {
        self.merges
            .iter()
            .copied()
            .find(|m| row >= m.top && row <= m.bottom && col >= m.left && col <= m.right)
    }

    /// A data cell: when blank and covered by a merge that starts in this
    /// column (a category merged down over several lines), the merge's value,
    /// which applies to each line it spans.
    pub fn cell_filled(&self, row: u32, col: u32) -> Cell<'_> {
        let c = self.cell(row, col);
        if !c.is_blank() || self.merges.is_empty() {
            return c;
        }
        match self.merge_at(row, col) {
            Some(m) if m.left == col => self.cell(m.top, m.left),
            _ => c,
        }
    }

    /// The cell's value, or the value of the merged region's top-left cell
    /// when the cell is covered by a merge (Excel shows the merged value
    /// across the whole region; files store it only top-left).
    pub fn cell_merged(&self, row: u32, col: u32) -> Cell<'_> {
        let c = self.cell(row, col);
        if !c.is_blank() {
            return c;
        }
        match self.merge_at(row, col) {
            Some(m) => self.cell(m.top, m.left),
            None => c,
        }
    }
}

fn parse_iso_datetime(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

fn error_text(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#GETTING_DATA",
    }
}

/// What calamine reads from: the file, or a copy mended in memory.
enum Input {
    File(BufReader<File>),
    Memory(Cursor<Vec<u8>>),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(f) => f.read(buf),
            Input::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Input::File(f) => f.seek(pos),
            Input::Memory(m) => m.seek(pos),
        }
    }
}

enum Source {
    Calamine(Box<Sheets<Input>>),
    Csv(Option<RawSheet>),
}

/// An open workbook.
pub struct Workbook {
    path: PathBuf,
    source: Source,
    names: Vec<String>,
    /// Each sheet's zip part, for naming a bad cell reference.
    parts: Vec<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Workbook {
    /// Opens a workbook, telling a missing file, a file that is not a
    /// spreadsheet, a damaged one and an encrypted one apart.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`], [`Error::Io`], [`Error::NotASpreadsheet`],
    /// [`Error::Corrupt`] or [`Error::Password`], each naming the file.
    pub fn open(path: &Path) -> Result<Workbook, Error> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            return Err(Error::NotASpreadsheet {
                path: path.to_path_buf(),
                detail: "it is a folder".into(),
            });
        }
        let mut head = [0u8; 8];
        let n = File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|e| Error::Io {
                path: path.to_path_buf(),
                source: e,
            })?;
        if n == 0 {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                detail: "the file is empty (0 bytes)".into(),
            });
        }
        let format = detect_format(path, &head[..n])?;
        if format == Format::Csv {
            let sheet = super::csv::read_csv(path)?;
            let names = vec![sheet.name.clone()];
            return Ok(Workbook {
                path: path.to_path_buf(),
                source: Source::Csv(Some(sheet)),
                names,
                parts: Vec::new(),
            });
        }
        let check = match format {
            Format::Xls => guard::check_xls(path).map(|()| guard::ZipCheck::default())?,
            _ => guard::check_zip(path)?,
        };
        let input = match check.patched {
            Some(bytes) => Input::Memory(Cursor::new(bytes)),
            None => Input::File(BufReader::new(File::open(path).map_err(|e| Error::Io {
                path: path.to_path_buf(),
                source: e,
            })?)),
        };
        let sheets =
            fenced(|| open_calamine(path, format, input)).map_err(|detail| Error::Corrupt {
                path: path.to_path_buf(),
                detail,
            })??;
        let names = distinct_sheets(sheets.sheet_names(), &check.parts);
        if names.len() > MAX_SHEETS {
            return Err(Error::TooManySheets {
                path: path.to_path_buf(),
                count: names.len(),
                limit: MAX_SHEETS,
            });
        }
        Ok(Workbook {
            path: path.to_path_buf(),
            source: Source::Calamine(Box::new(sheets)),
            names,
            parts: check.parts,
        })
    }

    /// The sheet names, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// Reads one sheet's cells and merged regions (formulas on request, with
    /// [`Workbook::load_formulas`]).
    ///
    /// # Errors
    ///
    /// [`Error::Sheet`] when the sheet's data cannot be parsed.
    pub fn read_sheet(&mut self, name: &str) -> Result<RawSheet, Error> {
        let sheet_err = |detail: String| Error::Sheet {
            path: self.path.clone(),
            sheet: name.to_string(),
            detail,
        };
        match &mut self.source {
            Source::Csv(sheet) => sheet.take().ok_or_else(|| sheet_err("read twice".into())),
            Source::Calamine(wb) => {
                let range = match fenced(|| sheet_range(wb, name)) {
                    Ok(Ok(range)) => range,
                    Ok(Err(Failure::Failed(detail))) => return Err(sheet_err(detail)),
                    Ok(Err(Failure::Refused(why))) => return Err(self.refusal(name, why)),
                    Err(panic) => return Err(self.panicked(name, panic)),
                };
                let date1904 = match wb.as_mut() {
                    Sheets::Xlsx(x) => x.has_1904_epoch(),
                    _ => false,
                };
                let mut sheet = RawSheet {
                    name: name.to_string(),
                    range,
                    formulas: None,
                    merges: Vec::new(),
                    typed: true,
                    date1904,
                    title: None,
                };
                // Finding merged regions means reading the sheet's XML again
                // to its end: worth it for trackers, not for a million-row
                // export (see `load_merges`).
                if sheet.cell_count() <= MERGE_SCAN_LIMIT {
                    self.load_merges(&mut sheet);
                }
                Ok(sheet)
            }
        }
    }

    /// Loads a sheet's merged regions (done by `read_sheet` for sheets of up
    /// to [`MERGE_SCAN_LIMIT`] cells). Merges that cannot be read leave the
    /// sheet without them.
    pub fn load_merges(&mut self, sheet: &mut RawSheet) {
        if let Source::Calamine(wb) = &mut self.source {
            let merges = fenced(|| match wb.as_mut() {
                Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&sheet.name).unwrap_or_default(),
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet.name).unwrap_or_default(),
                _ => Vec::new(),
            });
            // A region reaching past Excel's last cell is not Excel's: drop it
            // rather than let it stretch a later reading or rendering.
            let inside = |m: &Merge| {
                m.top <= m.bottom
                    && m.left <= m.right
                    && m.bottom < super::limits::MAX_ROWS
                    && m.right < super::limits::MAX_COLUMNS
            };
            sheet.merges = merges
                .unwrap_or_default()
                .into_iter()
                .map(Merge::from)
                .filter(inside)
                .collect();
        }
    }

    /// Loads a sheet's formula texts. A workbook format without formulas,
    /// or a sheet whose formulas cannot be read, leaves the sheet without
    /// them: subtotal rows are then found by their labels alone. Formulas
    /// outside the sheet's used range (which hold no value) are dropped.
    pub fn load_formulas(&mut self, sheet: &mut RawSheet) {
        if let Source::Calamine(wb) = &mut self.source {
            if let Ok(Some(f)) = fenced(|| sheet_formulas(wb, &sheet.name, &sheet.range)) {
                sheet.formulas = Some(f);
            }
        }
    }

    /// The error for a sheet refused by the collector.
    fn refusal(&self, sheet: &str, why: Refusal) -> Error {
        let (path, sheet) = (self.path.clone(), sheet.to_string());
        match why {
            Refusal::Beyond(row, col) => Error::CellBeyondLimits {
                reference: self
                    .bad_reference(&sheet)
                    .unwrap_or_else(|| guard::a1(row, col)),
                path,
                sheet,
            },
            Refusal::Span(row, col, span) => Error::SheetTooLarge {
                path,
                sheet,
                cell: guard::a1(row, col),
                span,
                limit: super::limits::MAX_SHEET_CELLS,
            },
            Refusal::Text(row, col) => Error::SheetTextTooLarge {
                path,
                sheet,
                cell: guard::a1(row, col),
                limit: super::limits::MAX_SHEET_TEXT_BYTES,
            },
        }
    }

    /// The error for a sheet the reader panicked on: a cell reference it
    /// could not take when one can be found, else the panic.
    fn panicked(&self, sheet: &str, detail: String) -> Error {
        match self.bad_reference(sheet) {
            Some(reference) => Error::CellBeyondLimits {
                path: self.path.clone(),
                sheet: sheet.to_string(),
                reference,
            },
            None => Error::Sheet {
                path: self.path.clone(),
                sheet: sheet.to_string(),
                detail,
            },
        }
    }

    fn bad_reference(&self, sheet: &str) -> Option<String> {
        let (_, part) = self.parts.iter().find(|(n, _)| n == sheet)?;
        guard::find_bad_reference(&self.path, part)
    }
}

/// Why a sheet's cells could not be read.
enum Failure {
    /// The reader's own error.
    Failed(String),
    /// The collector's refusal.
    Refused(Refusal),
}

/// Streams an .xlsx or .xlsb sheet's cells through the collector; other
/// formats hold their sheets read already.
fn sheet_range(wb: &mut Sheets<Input>, name: &str) -> Result<Range<Data>, Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::Failed(e.to_string());
    let mut cells = Collector::default();
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                // A chart sheet: no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
                Err(e) => return Err(failed(&e)),
            };
            while let Some(c) = reader.next_cell().map_err(|e| failed(&e))? {
                cells
                    .push(c.get_position(), c.get_value())
                    .map_err(Failure::Refused)?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            while let Some(c) = reader.next_cell().map_err(|e| failed(&e))? {
                cells
                    .push(c.get_position(), c.get_value())
                    .map_err(Failure::Refused)?;
            }
        }
        other => return other.worksheet_range(name).map_err(|e| failed(&e)),
    }
    Ok(cells.finish())
}

/// A sheet's formulas inside its used range (`None` when they cannot be
/// read).
fn sheet_formulas(
    wb: &mut Sheets<Input>,
    name: &str,
    values: &Range<Data>,
) -> Option<Range<String>> {
    let (Some(start), Some(end)) = (values.start(), values.end()) else {
        return Some(Range::empty());
    };
    let inside =
        |(r, c): (u32, u32)| (start.0..=end.0).contains(&r) && (start.1..=end.1).contains(&c);
    let mut cells = Vec::new();
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).ok()?;
            // calamine's own `next_formula` sizes its table of shared
            // formulas by the largest index a file names (`si="4000000000"`
            // is an abort): keep the templates in a map instead.
            let mut shared = rustc_hash::FxHashMap::default();
            while let Some(c) = reader.next_cell_with_formula_metadata().ok()? {
                let text = match c.formula {
                    Some(calamine::XlsxFormulaMetadata::Normal { formula }) => formula,
                    Some(calamine::XlsxFormulaMetadata::Shared {
                        shared_index,
                        range,
                        formula,
                    }) => {
                        let start = range.map_or(c.pos, |r| r.start);
                        shared.insert(shared_index, (formula.clone(), start));
                        formula
                    }
                    Some(calamine::XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                        match shared.get(&shared_index) {
                            Some((template, start)) => {
                                calamine::expand_shared_formula(template, *start, c.pos).ok()?
                            }
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                if !text.is_empty() && inside(c.pos) {
                    cells.push(calamine::Cell::new(c.pos, text));
                }
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).ok()?;
            while let Some(c) = reader.next_formula().ok()? {
                if !c.get_value().is_empty() && inside(c.get_position()) {
                    cells.push(c);
                }
            }
        }
        other => return other.worksheet_formula(name).ok(),
    }
    Some(Range::from_sparse(cells))
}

/// The workbook's sheet names, each once: a workbook can list the same
/// sheet (by name, or by the part holding it) many times over, and reading
/// it each time would count its data again.
fn distinct_sheets(names: Vec<String>, parts: &[(String, String)]) -> Vec<String> {
    let mut part_of = rustc_hash::FxHashMap::default();
    for (sheet, part) in parts {
        part_of.entry(sheet.as_str()).or_insert(part.as_str());
    }
    let mut seen_names = rustc_hash::FxHashSet::default();
    let mut seen_parts = rustc_hash::FxHashSet::default();
    names
        .into_iter()
        .filter(|n| {
            let part = part_of.get(n.as_str());
            seen_names.insert(n.clone()) && part.is_none_or(|p| seen_parts.insert(*p))
        })
        .collect()
}

fn detect_format(path: &Path, head: &[u8]) -> Result<Format, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let zip = head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    let cfb = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let not_sheet = |detail: &str| Error::NotASpreadsheet {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    match ext.as_str() {
        "csv" | "tsv" | "txt" => return Ok(Format::Csv),
        "xlsx" | "xlsm" | "xlam" if zip => return Ok(Format::Xlsx),
        // An encrypted .xlsx is an OLE container; calamine reports it.
        "xlsx" | "xlsm" | "xlam" if cfb => return Ok(Format::Xlsx),
        "xlsb" if zip => return Ok(Format::Xlsb),
        "xlsb" if cfb => return Ok(Format::Xlsx),
        "xls" | "xla" if cfb => return Ok(Format::Xls),
        "xls" | "xla" if zip => return Ok(Format::Xlsx),
        "ods" if zip => return Ok(Format::Ods),
        _ => {}
    }
    if zip {
        // A zip with another extension: Office Open XML or OpenDocument?
        return Ok(if zip_has_entry(path, "mimetype") {
            Format::Ods
        } else {
            Format::Xlsx
        });
    }
    if cfb {
        return Ok(Format::Xls);
    }
    Err(not_sheet(&sniff(head)))
}

fn zip_has_entry(path: &Path, name: &str) -> bool {
    // A cheap look for the OpenDocument "mimetype" entry near the start.
    let mut buf = vec![0u8; 256];
    File::open(path)
        .and_then(|mut f| f.read(&mut buf))
        .map(|n| buf[..n].windows(name.len()).any(|w| w == name.as_bytes()))
        .unwrap_or(false)
}

fn sniff(head: &[u8]) -> String {
    if head.starts_with(b"%PDF") {
        "it is a PDF".into()
    } else if head.starts_with(b"\x89PNG") || head.starts_with(b"\xFF\xD8\xFF") {
        "it is an image".into()
    } else if head.starts_with(b"<?xml") || head.starts_with(b"<") {
        "it is XML or HTML text".into()
    } else if std::str::from_utf8(head).is_ok() {
        "it is plain text".into()
    } else {
        "its content is not a known workbook format".into()
    }
}

fn open_calamine(path: &Path, format: Format, input: Input) -> Result<Sheets<Input>, Error> {
    let p = path.to_path_buf();
    let classify = |msg: String, password: bool| -> Error {
        if password {
            Error::Password { path: p.clone() }
        } else {
            Error::Corrupt {
                path: p.clone(),
                detail: msg,
            }
        }
    };
    match format {
        Format::Xlsx => Xlsx::new(input).map(Sheets::Xlsx).map_err(|e| {
            let pw = matches!(e, calamine::XlsxError::Password);
            classify(e.to_string(), pw)
        }),
        Format::Xlsb => Xlsb::new(input).map(Sheets::Xlsb).map_err(|e| {
            let pw = matches!(e, calamine::XlsbError::Password);
            classify(e.to_string(), pw)
        }),
        Format::Xls => match Xls::new(input) {
            Ok(x) => Ok(Sheets::Xls(x)),
            Err(calamine::XlsError::Password) => Err(Error::Password { path: p.clone() }),
            Err(e) => {
                // An encrypted Office Open XML workbook is an OLE file too.
                if let Err(calamine::XlsxError::Password) = open_workbook::<Xlsx<_>, _>(path) {
                    return Err(Error::Password { path: p.clone() });
                }
                Err(classify(e.to_string(), false))
            }
        },
        Format::Ods => Ods::new(input).map(Sheets::Ods).map_err(|e| {
            let pw = matches!(e, calamine::OdsError::Password);
            classify(e.to_string(), pw)
        }),
        Format::Csv => unreachable!("csv is read by the csv module"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_in_both_date_systems() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(excel_serial_to_date(45748.0, false), d(2025, 4, 1));
        assert_eq!(excel_serial_to_date(1.0, false), d(1900, 1, 1));
        assert_eq!(excel_serial_to_date(61.0, false), d(1900, 3, 1));
        assert_eq!(excel_serial_to_date(44286.0, true), d(2025, 4, 1));
        assert_eq!(excel_serial_to_date(0.0, true), d(1904, 1, 1));
        assert_eq!(excel_serial_to_date(-1.0, false), None);
    }

    #[test]
    fn numbers_display_without_noise() {
        assert_eq!(format_number(512345.0), "512345");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(-12.5), "-12.5");
    }
}
