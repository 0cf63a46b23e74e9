//! The library's error type. Every variant names the file (and sheet or
//! definition) it is about and says what the user can do; messages are lower
//! case without a trailing period so they chain.

use std::path::PathBuf;

/// Anything that stops `pmo` from reading its inputs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file does not exist.
    #[error("cannot find '{path}': check the path and file name")]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// The file or folder exists but cannot be read.
    #[error("cannot read '{path}': {source}")]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// Not a file format `pmo` reads.
    #[error("'{path}' is not a spreadsheet pmo can read ({detail}); save it from Excel as .xlsx, or export it as .csv")]
    NotASpreadsheet {
        /// The path as given.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// A spreadsheet file that is damaged or truncated.
    #[error("'{path}' is damaged or incomplete ({detail}); open it in Excel or LibreOffice, save a new copy and run pmo on that")]
    Corrupt {
        /// The path as given.
        path: PathBuf,
        /// The reader's reason.
        detail: String,
    },
    /// An encrypted workbook.
    #[error("'{path}' is password-protected; in Excel use File > Info > Protect Workbook > Encrypt with Password, clear the password, save a copy and run pmo on that")]
    Password {
        /// The path as given.
        path: PathBuf,
    },
    /// A sheet that could not be read.
    #[error("'{path}', sheet '{sheet}': cannot read the sheet ({detail}); save the workbook again from Excel and retry")]
    Sheet {
        /// The workbook.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The reader's reason.
        detail: String,
    },
    /// A cell whose reference lies beyond Excel's last cell, XFD1048576: no
    /// spreadsheet program writes one, so the file is damaged or hostile.
    #[error("'{path}', sheet '{sheet}': cell reference '{reference}' is beyond Excel's last cell XFD1048576; the file is damaged: open it in Excel or LibreOffice, save a new copy and run pmo on that")]
    CellBeyondLimits {
        /// The workbook.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The reference as written in the file (or as read, when the file
        /// could not be searched for it).
        reference: String,
    },
    /// A sheet whose cells span more than [`crate::ingest::limits::MAX_SHEET_CELLS`]
    /// (usually one stray value far below or to the right of the data).
    #[error("'{path}', sheet '{sheet}': cell {cell} lies so far from the other cells that the sheet would span {span} cells (the limit is {limit}); delete the contents of {cell} (or the rows below and columns to the right of the data), save and retry")]
    SheetTooLarge {
        /// The workbook.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The A1 reference of the cell that stretched the sheet past the limit.
        cell: String,
        /// How many cells the sheet would span with it.
        span: u64,
        /// The limit.
        limit: u64,
    },
    /// A sheet holding more text than [`crate::ingest::limits::MAX_SHEET_TEXT_BYTES`]
    /// (a long shared string used over and over).
    #[error("'{path}', sheet '{sheet}': the text in the sheet passes {limit} bytes at cell {cell}; remove the repeated long text (or split the sheet), save and retry")]
    SheetTextTooLarge {
        /// The workbook.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The A1 reference of the cell that passed the limit.
        cell: String,
        /// The limit in bytes.
        limit: usize,
    },
    /// A part of a workbook's zip that would inflate past a limit (a zip
    /// bomb, or a part too large to be a tracker).
    #[error("'{path}': part '{part}' would inflate to {size} bytes from {compressed} ({detail}); this is not a workbook pmo will open: save the data again from Excel, or export it as .csv")]
    PartTooLarge {
        /// The workbook.
        path: PathBuf,
        /// The part's name inside the zip.
        part: String,
        /// The size it declares when inflated.
        size: u64,
        /// Its compressed size.
        compressed: u64,
        /// Which limit it passes.
        detail: String,
    },
    /// A workbook listing more sheets than [`crate::ingest::limits::MAX_SHEETS`].
    #[error("'{path}': the workbook lists {count} sheets (the limit is {limit}); move the sheets pmo should read to a new workbook and run pmo on that")]
    TooManySheets {
        /// The workbook.
        path: PathBuf,
        /// How many distinct sheets it lists.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A CSV line with more fields than [`crate::ingest::limits::MAX_CSV_FIELDS`].
    #[error("'{path}', line {line}: {fields} fields (the limit is {limit}); check the separator, or that the file is really CSV")]
    CsvTooWide {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// How many fields the line has.
        fields: usize,
        /// The limit.
        limit: usize,
    },
    /// Every sheet is empty.
    #[error("'{path}' holds no data: every sheet is empty")]
    EmptyWorkbook {
        /// The path as given.
        path: PathBuf,
    },
    /// No sheet matches any definition.
    #[error("'{path}': no sheet looks like a project workbook sheet ({detail}); check the header row, or add a definition with --templates DIR")]
    NoRecognisedSheet {
        /// The path as given.
        path: PathBuf,
        /// The best guesses, sheet by sheet.
        detail: String,
    },
    /// An output that could not be produced.
    #[error("cannot write {what}: {detail}")]
    Write {
        /// What was being written.
        what: String,
        /// Why it failed.
        detail: String,
    },
    /// A document template that cannot be rendered.
    #[error("template '{template}', line {line}: {detail}")]
    Template {
        /// The template's file name.
        template: String,
        /// The line in the template.
        line: usize,
        /// What is wrong (for an unknown field, its name).
        detail: String,
    },
    /// A workbook definition that cannot be used.
    #[error("workbook definition {origin}: {message}")]
    Definition {
        /// The file (or built-in name) of the definition.
        origin: String,
        /// What is wrong, with the line where TOML gives one.
        message: String,
    },
    /// A mapping file that is not valid TOML or not a mapping.
    #[error("mapping file '{path}' cannot be used: {source}")]
    Mapping {
        /// The mapping file.
        path: PathBuf,
        /// The TOML parser's reason, with line and column.
        #[source]
        source: Box<toml::de::Error>,
    },
}
