//! Checks on a zip workbook (.xlsx, .xlsm, .xlsb, .ods) before calamine
//! opens it: part sizes and compression ratios, and the few elements at
//! the head of a part that calamine believes and should not.

use super::{corrupt, parse_a1};
use crate::error::Error;
use crate::ingest::limits::{MAX_COMPRESSION_RATIO, MAX_PART_BYTES, RATIO_CHECK_BYTES};
use quick_xml::events::Event;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_inside_excels_limits() {
        assert!(is_cell_range(b"A1:F39"));
        assert!(is_cell_range(b"B2"));
        assert!(!is_cell_range(b"1:39"));
        assert!(!is_cell_range(b"A1:XFE1"));
    }

    #[test]
    fn a_row_only_dimension_is_cut_out() {
        let head = br#"<worksheet><dimension ref="1:39"/><sheetData>"#;
        let m = mend(head, Look::Dimension).unwrap();
        assert_eq!(&head[m.span.0..m.span.1], br#"<dimension ref="1:39"/>"#);
        assert!(m.with.is_empty());
        assert!(mend(
            br#"<worksheet><dimension ref="A1:F9"/><sheetData>"#,
            Look::Dimension
        )
        .is_none());
    }

    #[test]
    fn a_string_count_the_part_cannot_hold_is_dropped() {
        let head = br#"<sst xmlns="x" count="9" uniqueCount="4000000000"><si>"#;
        let m = mend(head, Look::StringCount(1_000)).unwrap();
        assert_eq!(m.with, br#"<sst xmlns="x" count="9">"#);
        assert!(mend(head, Look::StringCount(u64::MAX)).is_none());
    }
}
