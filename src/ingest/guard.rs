//! Checks made on a workbook's container before calamine reads it, and the
//! fence around calamine itself.
//!
//! calamine believes what a file says about itself: a zip part's size, an
//! OLE stream's sector chain, a BIFF record's row and column. A damaged or
//! hostile file can make it commit hundreds of gigabytes (an abort no panic
//! hook can catch) or index past a buffer (a panic). So the sizes that drive
//! its allocations are checked here first, against [`super::limits`], and
//! every call into it runs inside [`fenced`], which turns a panic into a
//! message. The checks read only headers, a sheet's first bytes and (for
//! .xls) the record stream, so normal reads keep their speed.

use super::limits::{
    MAX_COLUMNS, MAX_COMPRESSION_RATIO, MAX_PART_BYTES, MAX_ROWS, MAX_SHEET_CELLS,
    MAX_SHEET_TEXT_BYTES, MAX_XLS_BYTES, RATIO_CHECK_BYTES,
};
use crate::error::Error;
use crate::model::column_letters;
use quick_xml::events::Event;
use std::any::Any;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

/// Runs a call into calamine, turning a panic into a description of it.
pub(crate) fn fenced<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| panic_text(p.as_ref()))
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".into());
    format!("the reader stopped: {what}")
}

/// An A1 reference for a 0-based position.
pub(crate) fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

fn corrupt(path: &Path, detail: String) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        detail,
    }
}

// ---------------------------------------------------------------- zip ----

/// How much of a sheet's XML is read to find its `<dimension>`: it comes
/// before the cells, after at most the sheet's properties and views.
const HEAD_BYTES: u64 = 64 * 1024;

/// What the checks of a zip workbook found.
#[derive(Default)]
pub(crate) struct ZipCheck {
    /// The workbook rebuilt in memory, when a part had to be mended.
    pub(crate) patched: Option<Vec<u8>>,
    /// Each sheet's name and part (see [`sheet_parts`]).
    pub(crate) parts: Vec<(String, String)>,
}

/// Checks a zip workbook's parts before calamine opens it: refuses a part
/// that would inflate past [`MAX_PART_BYTES`] or at a zip bomb's ratio, and
/// when a sheet's `<dimension>` is one calamine cannot parse (LibreOffice
/// writes row-only ones, `1:39`) or the shared strings claim more entries
/// than they can hold, rebuilds the workbook in memory with the element
/// mended (see [`Look`]). A zip that cannot be opened is left for calamine
/// to report.
///
/// # Errors
///
/// [`Error::PartTooLarge`] naming the part.
pub(crate) fn check_zip(path: &Path) -> Result<ZipCheck, Error> {
    let Ok(file) = File::open(path) else {
        return Ok(ZipCheck::default());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(ZipCheck::default());
    };
    let mut mends = Vec::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let size = entry.size();
        check_part_size(path, &name, size, entry.compressed_size())?;
        drop(entry);
        let look = if is_worksheet(&name) {
            Look::Dimension
        } else if name == "xl/sharedStrings.xml" {
            Look::StringCount(size)
        } else {
            continue;
        };
        if let Some(m) = head(&mut zip, i).and_then(|h| mend(&h, look)) {
            mends.push((i, m));
        }
    }
    let parts = sheet_parts(&mut zip);
    if mends.is_empty() {
        return Ok(ZipCheck {
            patched: None,
            parts,
        });
    }
    let patched = repack(&mut zip, &mends)
        .map_err(|e| corrupt(path, format!("cannot rebuild the workbook in memory: {e}")))?;
    Ok(ZipCheck {
        patched: Some(patched),
        parts,
    })
}

fn check_part_size(path: &Path, part: &str, size: u64, compressed: u64) -> Result<(), Error> {
    let ratio = size / compressed.max(1);
    let detail = if size > MAX_PART_BYTES {
        format!("the limit is {MAX_PART_BYTES} bytes")
    } else if size > RATIO_CHECK_BYTES && ratio > MAX_COMPRESSION_RATIO {
        format!("compressed {ratio} to 1, the limit is {MAX_COMPRESSION_RATIO} to 1")
    } else {
        return Ok(());
    };
    Err(Error::PartTooLarge {
        path: path.to_path_buf(),
        part: part.to_string(),
        size,
        compressed,
        detail,
    })
}

fn is_worksheet(name: &str) -> bool {
    name.starts_with("xl/worksheets/") && name.ends_with(".xml") && !name.contains("/_rels/")
}

/// The first bytes of a part, inflated.
fn head<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, index: usize) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    zip.by_index(index)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// What to look for at the head of a part.
#[derive(Clone, Copy)]
enum Look {
    /// A sheet's `<dimension ref>`, which calamine must parse (it fails on
    /// LibreOffice's row-only `1:39`) and only uses to size a buffer.
    Dimension,
    /// The shared strings' `<sst uniqueCount>`, which calamine reserves
    /// room for: more strings than the part (of this many bytes) can hold
    /// is a lie that would make it reserve gigabytes.
    StringCount(u64),
}

/// An element at the head of a part to replace: its byte span and the
/// bytes that take its place.
struct Mend {
    span: (usize, usize),
    with: Vec<u8>,
}

/// Reads a part's head up to its data and says how to mend the element
/// looked for, if it needs it.
fn mend(head: &[u8], look: Look) -> Option<Mend> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        buf.clear();
        let event = reader.read_event_into(&mut buf).ok()?;
        let end = reader.buffer_position() as usize;
        match (look, event) {
            (Look::Dimension, Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "dimension" =>
            {
                let good = e
                    .try_get_attribute("ref")
                    .ok()
                    .flatten()
                    .is_some_and(|a| is_cell_range(a.value.as_bytes()));
                return (!good).then_some(Mend {
                    span: (start, end),
                    with: Vec::new(),
                });
            }
            (Look::Dimension, Event::Start(e)) if e.local_name().as_ref() == "sheetData" => {
                return None
            }
            (Look::StringCount(size), Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                // The smallest string entry, `<si><t/></si>`, takes 13 bytes.
                let count: u64 = e
                    .try_get_attribute("uniqueCount")
                    .ok()??
                    .value
                    .parse()
                    .unwrap_or(0);
                if count <= size / 8 {
                    return None;
                }
                let mut tag = e.to_owned();
                tag.clear_attributes();
                tag.extend_attributes(
                    e.attributes()
                        .flatten()
                        .filter(|a| a.key.as_ref() != "uniqueCount"),
                );
                let mut with = Vec::new();
                quick_xml::Writer::new(&mut with)
                    .write_event(Event::Start(tag))
                    .ok()?;
                return Some(Mend {
                    span: (start, end),
                    with,
                });
            }
            (_, Event::Eof) => return None,
            _ => {}
        }
    }
}

/// `A1` or `A1:XFD1048576`, every cell inside Excel's limits.
fn is_cell_range(text: &[u8]) -> bool {
    let parts: Vec<&[u8]> = text.split(|&b| b == b':').collect();
    parts.len() <= 2 && parts.iter().all(|p| parse_a1(p).is_some())
}

/// A 0-based (row, column) from an A1 reference inside Excel's limits.
pub(crate) fn parse_a1(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col_text, row_text) = text.split_at(letters);
    if !(1..=3).contains(&letters)
        || !(1..=7).contains(&row_text.len())
        || !row_text.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let col = col_text.iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = std::str::from_utf8(row_text).ok()?.parse().ok()?;
    let ok = (1..=MAX_COLUMNS).contains(&col) && (1..=MAX_ROWS).contains(&row);
    ok.then_some((row - 1, col - 1))
}

/// The workbook with each mended part's element replaced; every other part
/// is copied as it is, still compressed.
fn repack<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    mends: &[(usize, Mend)],
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        match mends.iter().find(|(p, _)| *p == i) {
            Some((_, m)) => {
                let mut f = zip.by_index(i)?;
                let name = f.name()?.to_string();
                let mut data = Vec::new();
                f.read_to_end(&mut data)?;
                data.splice(m.span.0..m.span.1, m.with.iter().copied());
                out.start_file(name, zip::write::SimpleFileOptions::default())?;
                out.write_all(&data)?;
            }
            None => out.raw_copy_file(zip.by_index_raw(i)?)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

/// The most bytes of a workbook's list of sheets (and its relationships)
/// read to find which part each sheet is.
const META_BYTES: u64 = 16 * 1024 * 1024;

/// Each sheet's name and the zip part holding it, in workbook order, as
/// `xl/workbook.xml` and its relationships list them (empty when the
/// workbook keeps them elsewhere).
pub(crate) fn sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let read = |zip: &mut zip::ZipArchive<R>, name: &str| -> Option<Vec<u8>> {
        let mut data = Vec::new();
        zip.by_name(name)
            .ok()?
            .take(META_BYTES)
            .read_to_end(&mut data)
            .ok()?;
        Some(data)
    };
    let (Some(book), Some(rels)) = (
        read(zip, "xl/workbook.xml"),
        read(zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return Vec::new();
    };
    let targets = elements(&rels, "Relationship", &["Id", "Target"]);
    elements(&book, "sheet", &["name", "id"])
        .into_iter()
        .filter_map(|v| {
            let [name, id] = <[String; 2]>::try_from(v).ok()?;
            let target = &targets.iter().find(|t| t[0] == id)?[1];
            let part = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect()
}

/// The values of some attributes (matched by local name) of every element
/// with a given local name.
fn elements(xml: &[u8], element: &str, attrs: &[&str]) -> Vec<Vec<String>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == element => {
                let mut values = vec![String::new(); attrs.len()];
                for a in e.attributes().with_checks(false).flatten() {
                    if let Some(i) = attrs.iter().position(|n| *n == a.key.local_name().as_ref()) {
                        values[i] = quick_xml::escape::unescape(&a.value)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                    }
                }
                found.push(values);
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

/// The first cell reference in a sheet's XML that lies outside Excel's
/// limits (or is not a reference), as written: used to name it once
/// calamine has tripped over it.
pub(crate) fn find_bad_reference(path: &Path, part: &str) -> Option<String> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let entry = zip.by_name(part).ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                for a in e.attributes().with_checks(false).flatten() {
                    if a.key.as_ref() == "r" && parse_a1(a.value.as_bytes()).is_none() {
                        return Some(a.value.into_owned());
                    }
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Why a sheet's cells were refused, at which 0-based (row, column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Beyond Excel's last row or column.
    Beyond(u32, u32),
    /// The sheet would span this many cells.
    Span(u32, u32, u64),
    /// The sheet's text passed [`MAX_SHEET_TEXT_BYTES`].
    Text(u32, u32),
}

/// A sheet's non-empty cells as they stream out of calamine, refused as
/// soon as one lies beyond Excel's limits, stretches the sheet past
/// [`MAX_SHEET_CELLS`] or brings its text past [`MAX_SHEET_TEXT_BYTES`]:
/// the dense range built from them is then bounded.
///
/// Cells are held as calamine's borrowed values (a shared string is not
/// copied) until [`Collector::finish`], which, like calamine's own
/// `worksheet_range`, never holds the cell list, the range and every
/// string at once.
#[derive(Default)]
pub(crate) struct Collector<'a> {
    cells: Vec<((u32, u32), calamine::DataRef<'a>)>,
    extent: Extent,
    text: usize,
}

impl<'a> Collector<'a> {
    /// Takes one cell (empty ones are dropped, as calamine does).
    pub(crate) fn push(
        &mut self,
        (row, col): (u32, u32),
        value: &calamine::DataRef<'a>,
    ) -> Result<(), Refusal> {
        use calamine::DataRef as D;
        let text = match value {
            D::Empty => return Ok(()),
            D::String(s) | D::DateTimeIso(s) | D::DurationIso(s) => s.len(),
            D::SharedString(s) => s.len(),
            _ => 0,
        };
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(Refusal::Beyond(row, col));
        }
        let span = self.extent.add(row, col);
        if span > MAX_SHEET_CELLS {
            return Err(Refusal::Span(row, col, span));
        }
        self.text += text;
        if self.text > MAX_SHEET_TEXT_BYTES {
            return Err(Refusal::Text(row, col));
        }
        self.cells.push(((row, col), value.clone()));
        Ok(())
    }

    /// The cells as a dense range of owned values.
    pub(crate) fn finish(mut self) -> calamine::Range<calamine::Data> {
        let (Some((top, bottom)), Some((left, right))) = (self.extent.rows, self.extent.cols)
        else {
            return calamine::Range::empty();
        };
        let mut range: calamine::Range<calamine::Data> =
            calamine::Range::new((top, left), (bottom, right));
        // Strings are made as the cell list is emptied from its end, and
        // the list gives its memory back as it goes.
        const STEP: usize = 1 << 16;
        while let Some(((row, col), value)) = self.cells.pop() {
            // A cell written twice keeps its last value, as in calamine.
            let slot = &mut range[((row - top) as usize, (col - left) as usize)];
            if *slot == calamine::Data::Empty {
                *slot = value.into();
            }
            if self.cells.capacity() - self.cells.len() > STEP {
                self.cells.shrink_to_fit();
            }
        }
        range
    }
}

// ---------------------------------------------------------------- xls ----

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAXREGSECT: u32 = 0xFFFF_FFFA;

/// Checks an OLE (.xls) workbook's structure before calamine reads it: the
/// sector chains stay inside the file and end, the workbook stream is as
/// long as it says, and no sheet's records place cells (or declare
/// dimensions) spanning more than [`MAX_SHEET_CELLS`]. calamine reads every
/// sheet of an .xls when it opens it, sized by those numbers.
///
/// # Errors
///
/// [`Error::Corrupt`] or [`Error::SheetTooLarge`] naming the file.
pub(crate) fn check_xls(path: &Path) -> Result<(), Error> {
    let io = |e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_XLS_BYTES {
        return Err(corrupt(
            path,
            format!("{len} bytes is more than an Excel 97-2003 workbook holds"),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let Some(stream) = workbook_stream(&bytes).map_err(|d| corrupt(path, d))? else {
        // No workbook stream: an encrypted .xlsx, or not a workbook at all;
        // calamine says which.
        return Ok(());
    };
    scan_biff(path, &stream)
}

struct Ole<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Whole or partial sectors after the header.
    sectors: u32,
    fat: Vec<u32>,
}

impl Ole<'_> {
    fn sector(&self, id: u32) -> Result<&[u8], String> {
        if id >= self.sectors {
            return Err(format!(
                "sector {id} lies past the end of the file (it holds {}): the file is cut short",
                self.sectors
            ));
        }
        let start = (id as usize + 1) * self.sector;
        Ok(&self.bytes[start..(start + self.sector).min(self.bytes.len())])
    }

    /// The sectors of a chain, refusing one that leaves the file or loops.
    fn chain(&self, mut id: u32, table: &[u32], limit: u32) -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        while id != ENDOFCHAIN {
            if ids.len() as u32 >= limit || id as usize >= table.len() {
                return Err(format!("a sector chain is broken at sector {id}"));
            }
            ids.push(id);
            id = table[id as usize];
        }
        Ok(ids)
    }

    fn read_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut data = Vec::new();
        for id in self.chain(start, &self.fat, self.sectors)? {
            data.extend_from_slice(self.sector(id)?);
            if data.len() >= len {
                break;
            }
        }
        Ok(data)
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The `Workbook` (or BIFF5 `Book`) stream of an OLE file, checked.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if bytes.len() < 512 {
        return Err(format!(
            "{} bytes is too short for an OLE file",
            bytes.len()
        ));
    }
    let sector = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        s => return Err(format!("sector shift {s} is not 9 or 12")),
    };
    let sectors = (bytes.len().saturating_sub(sector)).div_ceil(sector) as u32;
    let mut ole = Ole {
        bytes,
        sector,
        sectors,
        fat: Vec::new(),
    };
    // The FAT's own sectors: 109 listed in the header, the rest in a chain
    // of DIFAT sectors whose last entry points to the next.
    let mut fat_sectors: Vec<u32> = u32s(&bytes[76..512]).collect();
    let mut next = u32_at(bytes, 68);
    let mut steps = 0;
    while next < MAXREGSECT {
        steps += 1;
        if steps > sectors {
            return Err("the DIFAT chain loops".into());
        }
        let s = ole.sector(next)?;
        let ids: Vec<u32> = u32s(s).collect();
        let (last, rest) = ids.split_last().ok_or("a DIFAT sector is empty")?;
        fat_sectors.extend_from_slice(rest);
        next = *last;
    }
    let mut fat = Vec::new();
    for id in fat_sectors.into_iter().filter(|&id| id < MAXREGSECT) {
        fat.extend(u32s(ole.sector(id)?));
    }
    ole.fat = fat;
    let dirs = ole.read_chain(u32_at(bytes, 48), usize::MAX)?;
    let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let root = entries.first().ok_or("the directory is empty")?;
    let Some(entry) = entries.iter().find(|e| {
        let name = entry_name(e);
        name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book")
    }) else {
        return Ok(None);
    };
    let size = entry_size(entry, sector);
    if size > bytes.len() as u64 {
        return Err(format!(
            "the workbook stream says it holds {size} bytes, more than the whole file"
        ));
    }
    let size = size as usize;
    let start = u32_at(entry, 116);
    let mut data = if size < 4096 {
        mini_stream(&ole, root, start, size)?
    } else {
        ole.read_chain(start, size)?
    };
    if data.len() < size {
        return Err(format!(
            "the workbook stream holds {} of its {size} bytes: the file is cut short",
            data.len()
        ));
    }
    data.truncate(size);
    Ok(Some(data))
}

fn entry_name(entry: &[u8]) -> String {
    let len = (u16_at(entry, 64) as usize).clamp(2, 64) - 2;
    let units: Vec<u16> = entry[..len]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn entry_size(entry: &[u8], sector: usize) -> u64 {
    let low = u64::from(u32_at(entry, 120));
    if sector == 512 {
        low
    } else {
        low | u64::from(u32_at(entry, 124)) << 32
    }
}

/// A small stream, kept in 64-byte sectors inside the root entry's stream.
fn mini_stream(ole: &Ole, root: &[u8], start: u32, size: usize) -> Result<Vec<u8>, String> {
    let root_size = entry_size(root, ole.sector).min(ole.bytes.len() as u64) as usize;
    let container = ole.read_chain(u32_at(root, 116), root_size)?;
    let header = ole.bytes;
    let minifat: Vec<u32> = u32s(&ole.read_chain(u32_at(header, 60), usize::MAX)?).collect();
    let limit = (container.len() / 64) as u32;
    let mut data = Vec::new();
    for id in ole.chain(start, &minifat, limit.max(1))? {
        let at = id as usize * 64;
        let chunk = container
            .get(at..at + 64)
            .ok_or_else(|| format!("mini sector {id} lies past the end of its stream"))?;
        data.extend_from_slice(chunk);
        if data.len() >= size {
            break;
        }
    }
    Ok(data)
}

/// The cells one sheet's records place, as a bounding box.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    /// Adds a cell; the span of the box afterwards.
    fn add(&mut self, row: u32, col: u32) -> u64 {
        let widen = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
        let span = |r: Option<(u32, u32)>| r.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        span(self.rows) * span(self.cols)
    }
}

/// BIFF records that calamine turns into cells, and their (row, column)s.
fn record_cells(typ: u16, data: &[u8]) -> Option<[(u32, u32); 2]> {
    let row = u32::from(u16_at(data, 0));
    let col = u32::from(u16_at(data, 2));
    match typ {
        // Number, Label, RString, BoolErr, RK, LabelSst, Formula.
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
            Some([(row, col), (row, col)])
        }
        // MulRk: the last column is the record's last two bytes.
        0x00BD if data.len() >= 6 => {
            Some([(row, col), (row, u32::from(u16_at(data, data.len() - 2)))])
        }
        _ => None,
    }
}

/// The cells a Dimensions record makes calamine reserve room for, as it
/// computes them.
fn dimension_cells(data: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(cols)
}

/// Walks the BIFF records, sheet by sheet, refusing a sheet whose cells or
/// dimensions span more than [`MAX_SHEET_CELLS`].
fn scan_biff(path: &Path, stream: &[u8]) -> Result<(), Error> {
    let mut names: Vec<(u32, String)> = Vec::new();
    let (mut depth, mut at, mut sheet_at) = (0u32, 0usize, 0usize);
    let mut extent = Extent::default();
    while at + 4 <= stream.len() {
        let typ = u16_at(stream, at);
        let len = u16_at(stream, at + 2) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        let name = |names: &[(u32, String)]| {
            names
                .iter()
                .find(|(pos, _)| *pos as usize == sheet_at)
                .map_or_else(|| format!("at byte {sheet_at}"), |(_, n)| n.clone())
        };
        match typ {
            0x0809 => {
                if depth == 0 {
                    sheet_at = at;
                    extent = Extent::default();
                }
                depth += 1;
            }
            0x000A => depth = depth.saturating_sub(1),
            0x0085 => names.push((u32_at(data, 0), sheet_name(data))),
            0x0200 if depth == 1 && dimension_cells(data) > MAX_SHEET_CELLS => {
                return Err(corrupt(
                    path,
                    format!(
                        "sheet '{}' says it spans {} cells, more than the {MAX_SHEET_CELLS} pmo reads",
                        name(&names),
                        dimension_cells(data)
                    ),
                ));
            }
            _ if depth == 1 => {
                for (row, col) in record_cells(typ, data).into_iter().flatten() {
                    let span = extent.add(row, col);
                    if span > MAX_SHEET_CELLS {
                        return Err(Error::SheetTooLarge {
                            path: path.to_path_buf(),
                            sheet: name(&names),
                            cell: a1(row, col),
                            span,
                            limit: MAX_SHEET_CELLS,
                        });
                    }
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// A BoundSheet8 record's sheet name.
fn sheet_name(data: &[u8]) -> String {
    let cch = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
    let text = data.get(8..).unwrap_or_default();
    if wide {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_excels_limits() {
        assert_eq!(parse_a1(b"A1"), Some((0, 0)));
        assert_eq!(parse_a1(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1(b"XFE1"), None);
        assert_eq!(parse_a1(b"A1048577"), None);
        assert_eq!(parse_a1(b"1"), None);
        assert_eq!(parse_a1(b"A"), None);
        assert!(is_cell_range(b"A1:F39"));
        assert!(!is_cell_range(b"1:39"));
    }

    #[test]
    fn the_collector_keeps_a_cell_written_twice_at_its_last_value() {
        use calamine::{Data, DataRef};
        let mut c = Collector::default();
        c.push((0, 0), &DataRef::Float(1.0)).unwrap();
        c.push((2, 1), &DataRef::SharedString("x")).unwrap();
        c.push((0, 0), &DataRef::Float(2.0)).unwrap();
        c.push((5, 5), &DataRef::Empty).unwrap();
        let r = c.finish();
        assert_eq!((r.start(), r.end()), (Some((0, 0)), Some((2, 1))));
        assert_eq!(r.get_value((0, 0)), Some(&Data::Float(2.0)));
        assert_eq!(r.get_value((2, 1)), Some(&Data::String("x".into())));
        assert_eq!(
            c_refusal((1_048_576, 0)),
            Refusal::Beyond(1_048_576, 0),
            "past the last row"
        );
    }

    fn c_refusal(at: (u32, u32)) -> Refusal {
        Collector::default()
            .push(at, &calamine::DataRef::Float(1.0))
            .unwrap_err()
    }

    #[test]
    fn a_cell_far_from_the_others_widens_the_extent() {
        let mut e = Extent::default();
        assert_eq!(e.add(0, 0), 1);
        assert_eq!(e.add(9, 1), 20);
        assert_eq!(e.add(65_535, 255), 65_536 * 256);
    }

    #[test]
    fn dimensions_as_calamine_reads_them() {
        let mut d = Vec::new();
        for v in [0u32, 65_536] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
        assert_eq!(dimension_cells(&d), 65_536 * 256);
        d[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        d[10..12].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(dimension_cells(&d) > MAX_SHEET_CELLS);
    }
}
