//! Checks on an OLE (.xls) workbook before calamine reads it. calamine
//! reads every sheet of an .xls when it opens it, sized by what the file
//! says: its sector chains, its stream lengths, its cells' rows and columns.

use super::{a1, corrupt, Extent};
use crate::error::Error;
use crate::ingest::limits::{MAX_SHEET_CELLS, MAX_XLS_BYTES};
use std::path::Path;

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
