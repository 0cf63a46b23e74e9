//! Row roles from the data block's profile: a record fills the columns the
//! other records fill. A legend under a risk register ("5: High" beside
//! "5: High"), a category row between its risks, a "Total Risk Score" line,
//! or the CPI/SPI workings typed below an earned-value table each hold a
//! cell or two where the records hold most of their columns: they are not
//! records, and they are listed as notes with why.
//!
//! The profile is taken from the main block (the rows before the first
//! blank row), so a notes block below a gap cannot dilute it.

use super::table::Row;
use crate::definition::Definition;

/// Blank rows that part a block from the table as widely as a note does.
const WIDE_GAP: usize = 3;
/// Fewer records than this give no profile worth trusting.
const MIN_ROWS: usize = 4;
/// A column is part of the profile when at least this share of the main
/// block's rows fill it (in hundredths).
const CORE_SHARE: usize = 70;

/// The rows kept, and the 1-based numbers of those that break the profile.
pub(super) struct Sorted {
    pub kept: Vec<Row>,
    pub dropped: Vec<u32>,
    /// Rows kept that stand apart from the table, below a wide gap (blank
    /// and note rows): records, by their columns, but worth a look.
    pub detached: Vec<u32>,
}

/// Drops the rows that break the block's profile. `blank` holds the
/// 1-based numbers of the blank rows under the header (a gap ends the main
/// block).
pub(super) fn drop_off_profile(
    def: &Definition,
    rows: Vec<Row>,
    blank: &[u32],
    notes: &[u32],
) -> Sorted {
    let main = main_block(&rows, blank);
    let unsorted = |rows| Sorted {
        kept: rows,
        dropped: vec![],
        detached: vec![],
    };
    if main < MIN_ROWS.min(rows.len()) || rows.len() < MIN_ROWS {
        return unsorted(rows);
    }
    let core = core_fields(def, &typical(&rows[..main]));
    if core.len() < 2 {
        return unsorted(rows);
    }
    let wide_gap = rows.get(main.saturating_sub(1)..=main).is_some_and(|w| {
        let (a, b) = (w[0].at.row + 1, w[1].at.row + 1);
        let between = |list: &[u32]| list.iter().filter(|r| **r > a && **r < b).count();
        between(notes) > 0 || between(blank) >= WIDE_GAP
    });
    let names = &def.recognise.require_one_of;
    let mut sorted = Sorted {
        kept: Vec::with_capacity(rows.len()),
        dropped: vec![],
        detached: vec![],
    };
    for (i, row) in rows.into_iter().enumerate() {
        let filled = core.iter().filter(|f| row.field(**f).is_some()).count();
        let sparse = filled * 2 < core.len();
        let named = names.is_empty()
            || row
                .fields
                .iter()
                .any(|(f, _)| names.contains(&def.columns[*f].key));
        let off = if i < main {
            // Inside the block only a row of one cell (beside its number)
            // is a heading; a real record with blanks keeps its place.
            let own = row
                .fields
                .iter()
                .filter(|(f, _)| def.columns[*f].key != "id")
                .count();
            sparse && own <= 1 && row.months.is_empty()
        } else {
            sparse || !named
        };
        if off {
            sorted.dropped.push(row.at.row + 1);
        } else {
            if i >= main && wide_gap {
                sorted.detached.push(row.at.row + 1);
            }
            sorted.kept.push(row);
        }
    }
    sorted
}

/// How many rows, from the first, come before the first blank row.
fn main_block(rows: &[Row], blank: &[u32]) -> usize {
    rows.windows(2)
        .position(|w| {
            let (a, b) = (w[0].at.row + 1, w[1].at.row + 1);
            blank.iter().any(|r| *r > a && *r < b)
        })
        .map_or(rows.len(), |p| p + 1)
}

/// The rows that fill at least as many fields as the median row: headings
/// and legends between the records cannot thin the profile out.
fn typical(block: &[Row]) -> Vec<&Row> {
    let mut fills: Vec<usize> = block
        .iter()
        .map(|r| r.fields.len() + r.months.len())
        .collect();
    fills.sort_unstable();
    let median = fills[fills.len() / 2];
    let rows: Vec<&Row> = block
        .iter()
        .filter(|r| r.fields.len() + r.months.len() >= median)
        .collect();
    if rows.len() < MIN_ROWS {
        block.iter().collect()
    } else {
        rows
    }
}

/// The fields (other than the ID, often numbered ahead) that most rows of
/// the block fill.
fn core_fields(def: &Definition, block: &[&Row]) -> Vec<usize> {
    let mut counts = vec![0usize; def.columns.len()];
    for row in block {
        for (f, _) in &row.fields {
            counts[*f] += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .filter(|(f, n)| def.columns[*f].key != "id" && **n * 100 >= block.len() * CORE_SHARE)
        .map(|(f, _)| f)
        .collect()
}
