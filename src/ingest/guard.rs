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
//!
//! A zip part's sizes are taken as its header declares them: the sheets are
//! streamed (and their cells bounded by [`Collector`]), but a part whose
//! header lies about its size is only caught by what it makes calamine
//! hold.

mod ole;
mod package;

pub(crate) use ole::check_xls;
pub(crate) use package::{check_zip, find_bad_reference, ZipCheck};

use super::limits::{MAX_COLUMNS, MAX_ROWS, MAX_SHEET_CELLS, MAX_SHEET_TEXT_BYTES};
use crate::error::Error;
use crate::model::column_letters;
use std::any::Any;
use std::path::Path;

/// Runs a call into calamine, turning a panic into a description of it.
///
/// The process's panic hook still runs first: the `pmo` binary's hook only
/// records the message (it prints for panics that reach `main`), so a
/// damaged file ends in the one-line error alone. A program embedding the
/// library with the default hook sees the panic reported on stderr too.
/// An allocation failure aborts and cannot be fenced: that is what the
/// checks before each call are for.
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

/// The cells one sheet's records place, as a bounding box.
#[derive(Default)]
pub(crate) struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    /// Adds a cell; the span of the box afterwards.
    pub(crate) fn add(&mut self, row: u32, col: u32) -> u64 {
        let widen = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
        let span = |r: Option<(u32, u32)>| r.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        span(self.rows) * span(self.cols)
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
}
