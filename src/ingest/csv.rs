//! CSV input: one sheet named after the file. Excel on Windows writes CSV in
//! Windows-1252 and, in French locales, with `;` between fields: both are
//! detected so "Ministère" and "1 234,50 $" survive.

use super::limits::{MAX_CSV_FIELDS, MAX_SHEET_CELLS, MAX_SHEET_TEXT_BYTES};
use super::workbook::RawSheet;
use crate::error::Error;
use calamine::{Data, Range};
use std::path::Path;

/// Reads a CSV file into a sheet of text cells.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read, [`Error::Corrupt`] when the
/// CSV cannot be parsed, [`Error::CsvTooWide`] for a line of more than
/// [`MAX_CSV_FIELDS`] fields and [`Error::SheetTooLarge`] when the lines
/// times the widest line pass [`MAX_SHEET_CELLS`].
pub fn read_csv(path: &Path) -> Result<RawSheet, Error> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Sheet1")
        .to_string();
    // The text cap of a sheet, checked before the file is read: a CSV is
    // all text.
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_SHEET_TEXT_BYTES as u64 {
        return Err(Error::SheetTextTooLarge {
            path: path.to_path_buf(),
            sheet: name,
            cell: "A1".into(),
            limit: MAX_SHEET_TEXT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = decode(&bytes).replace("\r\n", "\n");
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut seen, mut line, mut width) = (0usize, 0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            detail: format!("CSV {}", e),
        })?;
        // The csv crate skips empty lines (and miscounts lines); place each
        // record by its byte offset so cell references match what a
        // spreadsheet program shows.
        let mut start = record
            .position()
            .map_or(seen, |p| p.byte() as usize)
            .max(seen);
        // After skipped empty lines the reported offset is that of the first
        // empty line, not of the record.
        while text.as_bytes().get(start) == Some(&b'\n') {
            start += 1;
        }
        line += text.as_bytes()[seen..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        seen = start;
        check_extent(path, &name, line, record.len(), &mut width)?;
        if line > rows.len() {
            rows.resize(line, Vec::new());
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    if rows.is_empty() || width == 0 {
        return Ok(RawSheet::from_range(&name, Range::empty(), false));
    }
    let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
    for (r, row) in rows.into_iter().enumerate() {
        for (c, value) in row.into_iter().enumerate() {
            if !value.is_empty() {
                range.set_value((r as u32, c as u32), Data::String(value));
            }
        }
    }
    Ok(RawSheet::from_range(&name, range, false))
}

/// Refuses a line too wide, or a file whose lines times its widest line
/// would make a sheet larger than the limit (the sheet is dense).
fn check_extent(
    path: &Path,
    sheet: &str,
    line: usize,
    fields: usize,
    width: &mut usize,
) -> Result<(), Error> {
    if fields > MAX_CSV_FIELDS {
        return Err(Error::CsvTooWide {
            path: path.to_path_buf(),
            line: line + 1,
            fields,
            limit: MAX_CSV_FIELDS,
        });
    }
    *width = (*width).max(fields);
    let span = (line as u64 + 1) * *width as u64;
    if span > MAX_SHEET_CELLS {
        return Err(Error::SheetTooLarge {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            cell: super::guard::a1(line as u32, fields.saturating_sub(1) as u32),
            span,
            limit: MAX_SHEET_CELLS,
        });
    }
    Ok(())
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    // Count candidates outside quotes over the first few lines (of the
    // first 64 KiB); the one that appears most consistently wins.
    let mut head = text.len().min(64 * 1024);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let lines: Vec<&str> = text[..head]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for cand in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| {
                let mut quoted = false;
                l.bytes()
                    .filter(|&b| {
                        if b == b'"' {
                            quoted = !quoted;
                        }
                        !quoted && b == cand
                    })
                    .count()
            })
            .collect();
        let score = counts.iter().filter(|&&n| n > 0).count() * 1000 + counts.iter().sum::<usize>();
        if score > best.1 {
            best = (cand, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_excel_csv() {
        assert_eq!(sniff_delimiter("a;b;c\n\"1,5\";2;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(decode(b"Minist\xe8re"), "Ministère");
        assert_eq!(decode("\u{feff}Risk".as_bytes()), "Risk");
    }
}
