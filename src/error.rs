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
