//! The sizes past which `pmo` refuses an input rather than try to hold it.
//!
//! A workbook is a zip of XML (or an OLE file of binary records) that says
//! how large it is; a damaged or hostile one can say "the sheet ends at
//! XFD1048576" or "this part inflates to 50 GB" and make a reader commit
//! that much memory before it finds out. Each limit is checked before the
//! memory is committed, and each passes the largest real tracker or ledger
//! export by a wide margin: they are about abuse, not about big projects.

/// Excel's last row, 1,048,576: a cell below it is not Excel's.
pub const MAX_ROWS: u32 = 1_048_576;

/// Excel's last column, XFD (16,384 columns).
pub const MAX_COLUMNS: u32 = 16_384;

/// The most cells one sheet's used range (first to last used row, times
/// first to last used column) may span: about 1 GiB in memory. A ledger
/// export of a million postings in seven columns spans 7 million.
pub const MAX_SHEET_CELLS: u64 = 32 * 1024 * 1024;

/// The most text, in bytes, one sheet may hold once every cell's text is
/// read (a shared string is counted each time a cell uses it).
pub const MAX_SHEET_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// The most bytes one part of a workbook's zip (a sheet's XML, the shared
/// strings) may inflate to.
pub const MAX_PART_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The highest ratio of inflated to compressed size allowed for a part
/// larger than [`RATIO_CHECK_BYTES`]. Sheet XML compresses 10 to 50 times,
/// a very repetitive one a few hundred times; zip bombs a thousand and up.
pub const MAX_COMPRESSION_RATIO: u64 = 500;

/// Parts smaller than this (inflated) are not checked for their ratio: a
/// small part cannot exhaust memory however well it compresses.
pub const RATIO_CHECK_BYTES: u64 = 64 * 1024 * 1024;

/// The most distinct sheets a workbook may list. Repeated entries for the
/// same sheet name are read once.
pub const MAX_SHEETS: usize = 1_000;

/// The most fields one CSV line may have: Excel's column count.
pub const MAX_CSV_FIELDS: usize = MAX_COLUMNS as usize;

/// The largest .xls file read: Excel 97–2003 workbooks are capped at
/// 65,536 rows by 256 columns, and larger files are damaged.
pub const MAX_XLS_BYTES: u64 = 512 * 1024 * 1024;
