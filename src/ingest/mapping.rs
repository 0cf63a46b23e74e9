//! Mapping files: a workbook's reading pinned in a small TOML file a PM can
//! edit in Notepad.
//!
//! However good the reader gets, some workbook will be laid out in a way
//! nobody foresaw. `pmo inspect --save-mapping` writes what was read —
//! per file and sheet, the kind, the header row and each column's key —
//! and `--mapping` makes `pmo` read exactly that next month: a declined
//! sheet can be mapped by hand, a wrong guess corrected once stays
//! corrected. When a later workbook no longer fits (a header renamed or
//! moved, a mapped column gone, a new column, a sheet renamed) each change
//! is a finding naming the cell, and the column is not read: nothing is
//! read silently from the wrong column.

use super::header::{self, Header, HeaderColumn, Target};
use super::workbook::RawSheet;
use super::{keyvalue, Classified, FileReport, Options, Plan};
use crate::definition::{normalise_header, Definitions, Layout};
use crate::error::Error;
use crate::model::{
    column_letters, column_number, CellRef, FiscalPeriod, Notice, NoticeKind, SheetId, SheetSource,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The kind that tells `pmo` to skip a sheet.
pub const DECLINE: &str = "decline";

/// The name `pmo` looks for beside the workbooks.
pub const FILE_NAME: &str = "pmo-map.toml";

/// A whole mapping file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// One entry per sheet, as `[[sheet]]` tables.
    #[serde(default, rename = "sheet")]
    pub sheets: Vec<SheetMapping>,
}

/// How one sheet of one workbook is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetMapping {
    /// The workbook's file name (`tracker.xlsx`), without its folder, so
    /// next month's copy in another folder still matches.
    pub file: String,
    /// The sheet's name.
    pub sheet: String,
    /// The kind (`budget`, `risks`, …), or `decline` to skip the sheet.
    pub kind: String,
    /// The 1-based header row (tables only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    /// Every header cell, read or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnMapping>,
}

/// One header cell: where, what it said, and what it is read as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The column letter (`C`).
    pub column: String,
    /// The header text as it was when the mapping was made.
    pub header: String,
    /// The key it is read as (`actual`, `planned.2025-26:P01`); empty when
    /// the column is not read.
    #[serde(default)]
    pub key: String,
}

impl Mapping {
    /// Reads a mapping file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read, [`Error::Mapping`] when it
    /// is not a valid mapping (with the TOML parser's line and column).
    pub fn load(path: &Path) -> Result<Mapping, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| Error::Mapping {
            path: path.to_path_buf(),
            source: Box::new(source),
        })
    }

    /// The mapping file beside the first workbook (`pmo-map.toml`), if any.
    pub fn beside(paths: &[PathBuf]) -> Option<PathBuf> {
        let dir = paths.first()?.parent()?;
        let candidate = dir.join(FILE_NAME);
        candidate.is_file().then_some(candidate)
    }

    /// What ingest read, as a mapping: recognised sheets with their columns,
    /// declined sheets as `decline`.
    pub fn from_reports(files: &[FileReport]) -> Mapping {
        let mut sheets = Vec::new();
        for f in files {
            let file = file_name(Path::new(&f.path));
            for s in f.sheets.iter().filter(|s| s.part_of.is_none()) {
                let mut columns: Vec<ColumnMapping> = s
                    .columns
                    .iter()
                    .chain(&s.ignored)
                    .filter(|c| {
                        s.header_row.is_some() && !c.column.chars().any(|ch| ch.is_ascii_digit())
                    })
                    .map(|c| ColumnMapping {
                        column: c.column.clone(),
                        header: c.header.clone(),
                        key: c.key.clone(),
                    })
                    .collect();
                columns.sort_by_key(|c| (c.column.len(), c.column.clone()));
                sheets.push(SheetMapping {
                    file: file.clone(),
                    sheet: s.name.clone(),
                    kind: s.kind.clone().unwrap_or_else(|| DECLINE.into()),
                    header_row: s.header_row,
                    columns,
                });
            }
        }
        Mapping { sheets }
    }

    /// The mapping as commented TOML.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// The entry for a sheet of a workbook.
    pub fn find(&self, path: &Path, sheet: &str) -> Option<&SheetMapping> {
        let file = file_name(path);
        self.sheets
            .iter()
            .find(|m| m.file.eq_ignore_ascii_case(&file) && m.sheet == sheet)
    }

    /// The mapping for a sheet: its own file's entry; or, when the mapping
    /// names no sheet of this file at all, the entry made for another
    /// file's sheet of the same name whose header cells this sheet repeats
    /// (next month's copy saved under a new name). The flag says the entry
    /// came from another file.
    pub fn find_for(
        &self,
        path: &Path,
        sheet: &super::workbook::RawSheet,
    ) -> Option<(&SheetMapping, bool)> {
        if let Some(m) = self.find(path, &sheet.name) {
            return Some((m, false));
        }
        let file = file_name(path);
        if self
            .sheets
            .iter()
            .any(|m| m.file.eq_ignore_ascii_case(&file))
        {
            return None;
        }
        self.sheets
            .iter()
            .find(|m| m.sheet == sheet.name && same_headers(m, sheet))
            .map(|m| (m, true))
    }

    /// A notice for each sheet the mapping names for a workbook that the
    /// workbook does not have (renamed or deleted).
    pub fn missing_sheets(&self, path: &Path, names: &[String]) -> Vec<Notice> {
        let file = file_name(path);
        self.sheets
            .iter()
            .filter(|m| m.file.eq_ignore_ascii_case(&file) && !names.contains(&m.sheet))
            .map(|m| Notice {
                file: path.to_path_buf(),
                sheet: m.sheet.clone(),
                at: None,
                kind: NoticeKind::MappingDrift,
                message: format!(
                    "the mapping file names sheet '{}', which the workbook no longer has; nothing is read for it",
                    m.sheet
                ),
                hint: "if the sheet was renamed, correct its name in the mapping file; if it was deleted, delete its entry".into(),
            })
            .collect()
    }
}

/// Whether a sheet holds every header cell a mapping entry recorded, in
/// the same place (an entry with no header cells matches nothing).
fn same_headers(m: &SheetMapping, sheet: &super::workbook::RawSheet) -> bool {
    let Some(row) = m.header_row.and_then(|r| r.checked_sub(1)) else {
        return false;
    };
    let named: Vec<&ColumnMapping> = m
        .columns
        .iter()
        .filter(|c| !c.header.trim().is_empty())
        .collect();
    !named.is_empty()
        && named.iter().all(|c| {
            crate::model::column_number(&c.column).is_some_and(|col| {
                super::header::header_text(sheet, row, col).trim() == c.header.trim()
            })
        })
}

/// How to write a mapping file, for `pmo explain mapping`.
pub fn guide() -> String {
    let text: String = HEADER
        .lines()
        .map(|l| l.strip_prefix("# ").or(l.strip_prefix('#')).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    format!("{text}\n\nAn entry that reads a risk register pmo declined:\n\n{EXAMPLE}")
}

const EXAMPLE: &str = r#"[[sheet]]
file = "tracker.xlsx"
sheet = "Register"
kind = "risks"
header_row = 1
columns = [
  { column = "A", header = "Ref#", key = "id" },
  { column = "B", header = "What might happen", key = "description" },
  { column = "C", header = "Chance", key = "likelihood" },
  { column = "D", header = "Damage", key = "impact" },
  { column = "E", header = "Notes", key = "" },
]"#;

const HEADER: &str = "\
# pmo mapping file: how pmo reads these workbooks.
#
# Made by `pmo inspect FILES --save-mapping pmo-map.toml`. Keep it beside the
# workbooks (pmo reads a pmo-map.toml found there) or pass --mapping FILE.
# Each [[sheet]] pins one sheet of one workbook (matched by file name):
#   kind        budget, ledger, risks, issues, milestones, stakeholders,
#               project-info, or \"decline\" to skip the sheet
#   header_row  the header's row number as Excel shows it
#   columns     every header cell: its letter, the header text it had, and
#               the key it is read as (empty = not read). Month columns read
#               as <block>.<fiscal year>:P<period>, e.g. actual.2025-26:P03.
# When a workbook no longer fits (a header renamed or moved, a column gone
# or new, a sheet renamed) pmo says so with the cell, and does not read
# that column: correct the mapping, or delete the sheet's entry so pmo
# reads the sheet afresh.
";

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Classifies a sheet as its mapping says, recording drift.
pub(super) fn classify(
    sheet: &RawSheet,
    entry: &SheetMapping,
    defs: &Definitions,
    opts: &Options,
    drift: &mut Vec<Drift>,
) -> Result<Classified, String> {
    if entry.kind == DECLINE {
        return Err("declined by the mapping file".into());
    }
    let Some(di) = defs.kinds.iter().position(|d| d.kind == entry.kind) else {
        return Err(format!(
            "the mapping file names kind '{}', which no definition has",
            entry.kind
        ));
    };
    let def = &defs.kinds[di];
    let reason = format!("{}: as the mapping file says", def.kind);
    if def.layout == Layout::KeyValue {
        let fields = keyvalue::scan(sheet, def);
        return Ok(Classified {
            def: di,
            plan: Plan::KeyValue(fields),
            params: Default::default(),
            fiscal_year: None,
            reason,
            score: 0,
            pinned: true,
            runner_up: None,
        });
    }
    let Some(row) = entry.header_row.and_then(|r| r.checked_sub(1)) else {
        return Err("the mapping file gives this table no header_row".into());
    };
    let params = header::parameters(sheet, row, &defs.parameter_labels());
    let fy_names = defs.names_of("project-info", "fiscal_year");
    let fiscal_year = header::parameter_fiscal_year(&params, &fy_names)
        .or_else(|| header::fiscal_year_in_titles(sheet, row))
        .or(opts.fiscal_year);
    let year = Year {
        calendar: &opts.calendar,
        named: fiscal_year,
    };
    let mut h = pinned_header(sheet, row, entry, def, &year, drift);
    // Content still votes: probabilities are placed on the scale, and a
    // column of amounts is never read as ratings, mapping or not.
    header::vote_by_content(sheet, def, &mut h);
    Ok(Classified {
        def: di,
        score: h.matched,
        plan: Plan::Table(h),
        params,
        fiscal_year,
        reason,
        pinned: true,
        runner_up: None,
    })
}

/// A change between the mapping and the workbook: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Drift {
    /// 0-based row and column of the cell it is about.
    pub row: u32,
    pub col: u32,
    /// A mapped column no longer fits (error) or a new column (warning).
    pub kind: NoticeKind,
    pub message: String,
    pub hint: String,
}

/// The header row as the mapping reads it: each cell's target from the
/// mapping, kept only where the cell still says what it said.
/// Where a pinned header's months fall: the calendar, and the fiscal year
/// the sheet names now (its title or a Fiscal Year cell).
struct Year<'a> {
    calendar: &'a crate::model::FiscalCalendar,
    named: Option<crate::model::FiscalYear>,
}

impl Year<'_> {
    /// A month column's target as of this year's workbook: the block the
    /// mapping pins, the period the header says now. A mapping made last
    /// year must not read this year's "Apr" as last April.
    fn place(&self, target: Option<Target>, text: &str) -> Option<Target> {
        match target {
            Some(Target::Month { block, period }) => {
                let now = month_in(text).and_then(|l| l.resolve(self.calendar, self.named));
                Some(Target::Month {
                    block,
                    period: now.unwrap_or(period),
                })
            }
            other => other,
        }
    }
}

/// The month a header names among its other words ("Planned Apr",
/// "Apr-25 Actual"): the longest run of its words that reads as one.
fn month_in(text: &str) -> Option<super::months::MonthLabel> {
    let words = super::months::tokens(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    (1..=words.len())
        .rev()
        .find_map(|len| words.windows(len).find_map(super::months::parse_tokens))
}

fn pinned_header(
    sheet: &RawSheet,
    row: u32,
    entry: &SheetMapping,
    def: &crate::definition::Definition,
    year: &Year<'_>,
    drift: &mut Vec<Drift>,
) -> Header {
    let mut columns = Vec::new();
    let (mut matched, mut months) = (0, 0);
    let mut cells: Vec<(u32, String)> = (sheet.col_start()..sheet.col_end())
        .map(|col| (col, header::header_text_of(sheet, def, row, col)))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    // A column the mapping reads under a blank header cell (a first column
    // of line names with no heading) is there as long as the cell is blank.
    for m in entry
        .columns
        .iter()
        .filter(|m| m.header.trim().is_empty() && !m.key.is_empty())
    {
        if let Some(col) = column_number(&m.column).filter(|c| !cells.iter().any(|(x, _)| x == c)) {
            cells.push((col, String::new()));
        }
    }
    cells.sort_unstable();
    for (col, text) in &cells {
        let letter = column_letters(*col);
        let found = entry
            .columns
            .iter()
            .find(|m| m.column.eq_ignore_ascii_case(&letter));
        let Some(m) = found else {
            drift.push(new_column(row, *col, text));
            columns.push(HeaderColumn {
                col: *col,
                text: text.clone(),
                target: None,
            });
            continue;
        };
        let target = year.place(parse_key(&m.key, def), text);
        let shown = match &target {
            Some(Target::Month { block: Some(b), .. })
                if !normalise_header(text).contains(b.as_str()) =>
            {
                format!("{b} {text}")
            }
            _ => text.clone(),
        };
        let same = normalise_header(&shown) == normalise_header(&m.header)
            || normalise_header(text) == normalise_header(&m.header);
        let target = match (same, target) {
            (true, Some(t)) => Some(t),
            (true, None) if m.key.is_empty() => None,
            (true, None) => {
                drift.push(unknown_key(row, *col, &m.key));
                None
            }
            (false, _) if m.key.is_empty() => None,
            (false, _) => {
                drift.push(changed(row, *col, text, m, &cells));
                None
            }
        };
        match &target {
            Some(Target::Field(_)) => matched += 1,
            Some(Target::Month { .. }) => months += 1,
            None => {}
        }
        columns.push(HeaderColumn {
            col: *col,
            text: shown,
            target,
        });
    }
    for m in entry.columns.iter().filter(|m| !m.key.is_empty()) {
        let Some(col) = column_number(&m.column) else {
            continue;
        };
        if !cells.iter().any(|(c, _)| *c == col) {
            drift.push(gone(row, col, m));
        }
    }
    Header {
        row,
        columns,
        matched,
        months,
        unplaced_months: vec![],
        overruled: vec![],
        probability_cols: vec![],
    }
}

fn new_column(row: u32, col: u32, text: &str) -> Drift {
    Drift {
        row,
        col,
        kind: NoticeKind::MappingNewColumn,
        message: format!("column '{text}' is not in the mapping file and is not read"),
        hint: "add it to the sheet's columns in the mapping file with the key it holds (or an empty key), or delete the sheet's entry so pmo reads the sheet afresh".into(),
    }
}

fn unknown_key(row: u32, col: u32, key: &str) -> Drift {
    Drift {
        row,
        col,
        kind: NoticeKind::MappingDrift,
        message: format!("the mapping file reads this column as '{key}', which the sheet's kind has no column for; it is not read"),
        hint: "correct the key (`pmo explain` lists them; `pmo inspect` shows the keys read)".into(),
    }
}

fn changed(row: u32, col: u32, text: &str, m: &ColumnMapping, cells: &[(u32, String)]) -> Drift {
    let moved = cells
        .iter()
        .find(|(_, t)| normalise_header(t) == normalise_header(&m.header))
        .map(|(c, _)| column_letters(*c));
    let message = match moved {
        Some(to) => format!(
            "the mapping file reads column {} ('{}') as '{}', but that header is now in column {to} and {} says '{text}'; neither is read",
            m.column, m.header, m.key, m.column
        ),
        None => format!(
            "the mapping file reads column {} as '{}' under the header '{}', but the header now says '{text}'; the column is not read",
            m.column, m.key, m.header
        ),
    };
    Drift {
        row,
        col,
        kind: NoticeKind::MappingDrift,
        message,
        hint: "check the column and correct its letter or header in the mapping file".into(),
    }
}

fn gone(row: u32, col: u32, m: &ColumnMapping) -> Drift {
    Drift {
        row,
        col,
        kind: NoticeKind::MappingDrift,
        message: format!(
            "the mapping file reads column {} ('{}') as '{}', but the header cell is empty; nothing is read for it",
            m.column, m.header, m.key
        ),
        hint: "check whether the column moved or was deleted, and correct the mapping file".into(),
    }
}

/// The target a mapped key names in a definition: a column's key (a wide
/// sheet's block totals are `planned_total`…), or `<block>.<period>`.
fn parse_key(key: &str, def: &crate::definition::Definition) -> Option<Target> {
    if let Some((block, period)) = key.split_once('.') {
        let period = FiscalPeriod::parse(period)?;
        let blocks = def.wide.as_ref()?;
        let block = (block != "amount").then(|| block.to_string());
        if block
            .as_ref()
            .is_some_and(|b| !blocks.blocks.iter().any(|x| x.key == *b))
        {
            return None;
        }
        return Some(Target::Month { block, period });
    }
    let plain = key.strip_suffix("_total").unwrap_or(key);
    def.columns
        .iter()
        .position(|c| c.key == key || c.key == plain)
        .map(Target::Field)
}

/// Turns drift into notices on the project, placed on the sheet's cells.
pub(super) fn notices(source: &SheetSource, id: SheetId, drift: Vec<Drift>) -> Vec<Notice> {
    drift
        .into_iter()
        .map(|d| Notice {
            file: source.file.clone(),
            sheet: source.sheet.clone(),
            at: Some(CellRef {
                sheet: id,
                row: d.row,
                col: d.col,
            }),
            kind: d.kind,
            message: d.message,
            hint: d.hint,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_s_example_is_a_mapping_pmo_reads() {
        let m: Mapping = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(m.sheets.len(), 1);
        assert_eq!(m.sheets[0].kind, "risks");
        assert_eq!(m.sheets[0].columns[2].key, "likelihood");
        assert!(guide().contains("pmo-map.toml"));
    }

    #[test]
    fn column_letters_round_trip() {
        for col in [0, 25, 26, 701, 702, 16383] {
            assert_eq!(column_number(&column_letters(col)), Some(col));
        }
        assert_eq!(column_number("A1"), None);
        assert_eq!(column_number(""), None);
    }
}
