//! Finding the header row and mapping columns to canonical keys.
//!
//! Real trackers put title rows, a parameter block ("Fiscal Year: 2025-26")
//! and merged group headings above the header row. The header row is the
//! row, among the first [`HEADER_SCAN_ROWS`], whose cells match the most
//! column names of a definition; month columns in a wide budget count too.
//! A heading row over a month row ("Line ID | … | Planned | Actual" above
//! "Apr-25 … Mar-26" twice) is read as one header, reported as the month
//! row; a reading that would put a month label under a money column is
//! refused.

use super::months::{self, MonthLabel};
use super::workbook::{Cell, RawSheet};
use crate::definition::{normalise_header, BlockDef, ColumnType, Definition};
use crate::model::fiscal::{FiscalCalendar, FiscalPeriod, FiscalYear};
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};

/// How many rows from the top of a sheet are searched for the header.
pub const HEADER_SCAN_ROWS: u32 = 30;

/// The most words a header may have to be read by its words alone.
const MAX_TOKEN_HEADER_WORDS: usize = 4;

/// A definition's column names, normalised, for fast lookup.
pub struct AliasIndex {
    exact: HashMap<String, usize>,
    multiword: Vec<(Vec<String>, usize)>,
    /// The columns rated on a scale (likelihood, impact).
    scales: Vec<usize>,
}

impl AliasIndex {
    /// Builds the index of a definition.
    pub fn new(def: &Definition) -> AliasIndex {
        let mut exact = HashMap::new();
        let mut multiword: Vec<(Vec<String>, usize)> = Vec::new();
        for (i, c) in def.columns.iter().enumerate() {
            for n in c.names().chain(std::iter::once(normalise_header(&c.key))) {
                if n.contains(' ') {
                    multiword.push((n.split(' ').map(str::to_string).collect(), i));
                }
                exact.entry(n).or_insert(i);
            }
        }
        // Longer names first, so "approved budget" wins over "budget".
        multiword.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let scales = def
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == ColumnType::Scale)
            .map(|(i, _)| i)
            .collect();
        AliasIndex {
            exact,
            multiword,
            scales,
        }
    }

    /// The column a header names: exactly, or by containing a column name of
    /// two words or more ("Approved Budget 2025-26" → `budget`); a header
    /// offering alternatives ("Impact/ Consequence") by its first part that
    /// names one.
    pub fn lookup(&self, header: &str) -> Option<usize> {
        self.lookup_named(header)
            .or_else(|| self.lookup_by_token(header))
    }

    /// The column a header names in full (exactly, by a name of two words
    /// or more inside it, or by one of its alternatives), never by a single
    /// word of it.
    pub fn lookup_named(&self, header: &str) -> Option<usize> {
        self.lookup_one(header).or_else(|| {
            let parts: Vec<&str> = header.split('/').collect();
            if parts.len() < 2 {
                return None;
            }
            parts.iter().find_map(|p| self.lookup_one(p))
        })
    }

    fn lookup_one(&self, header: &str) -> Option<usize> {
        let n = normalise_header(header);
        if n.is_empty() {
            return None;
        }
        if let Some(&i) = self.exact.get(&n) {
            return Some(i);
        }
        let words: Vec<&str> = n.split(' ').collect();
        let (at, i) = self.multiword.iter().find_map(|(name, i)| {
            words
                .windows(name.len())
                .position(|w| w.iter().zip(name).all(|(a, b)| *a == b))
                .map(|at| (at, *i))
        })?;
        // "Probability risk rating", "Impact risk rating": the rating of a
        // scale the words before it name is that scale, not the rating.
        let before = words[..at].join(" ");
        match self.exact.get(&before) {
            Some(&j) if j != i && self.scales.contains(&j) => Some(j),
            _ => Some(i),
        }
    }

    /// The column a short header names by one of its words alone.
    pub fn lookup_by_token(&self, header: &str) -> Option<usize> {
        let n = normalise_header(header);
        let words: Vec<&str> = n.split(' ').collect();
        self.by_token(&words)
    }

    /// A short header read by its last word when that word is a one-word
    /// column name (`Current_Status`, `Issue Owner`): English headers end
    /// in the noun they name, so "Mitigation Status" is a status and
    /// "Project Stage" is no project. Sentences (guidance above a table)
    /// are not headers, so only headers of a few words are read this way.
    fn by_token(&self, words: &[&str]) -> Option<usize> {
        if words.len() < 2 || words.len() > MAX_TOKEN_HEADER_WORDS {
            return None;
        }
        let heads = &crate::definition::vocabulary::vocabulary()
            .columns
            .generic_heads;
        let usable = |w: &str| w.len() > 2 && !w.chars().all(|c| c.is_ascii_digit());
        let last = *words.last()?;
        let before = words[words.len() - 2];
        // "Probability Rating", "Influence Level": the word before the form
        // word names the column; "Overall Rating" keeps the form word's own
        // field.
        if heads.iter().any(|h| h == last) && usable(before) {
            if let Some(&i) = self.exact.get(before) {
                return Some(i);
            }
        }
        if !usable(last) {
            return None;
        }
        self.exact.get(last).copied()
    }
}

/// Whether a sheet's name suggests a definition, or, for a tab left with
/// the name its program gave it, the file's name does.
pub fn sheet_named_for(sheet: &RawSheet, def: &Definition) -> bool {
    sheet_name_matches(&sheet.name, def)
        || sheet
            .title
            .as_deref()
            .is_some_and(|t| sheet_name_matches(t, def))
}

/// Whether a tab still has the name its program gave it ("Sheet1",
/// "Feuil3"): words from `vocabulary.toml`, digits dropped.
pub fn is_default_tab_name(name: &str) -> bool {
    let n = normalise_header(name);
    let word = n.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    crate::definition::vocabulary::vocabulary()
        .sheet
        .default_tab_names
        .iter()
        .any(|d| d == word)
}

/// Whether a sheet's name suggests a definition.
pub fn sheet_name_matches(sheet: &str, def: &Definition) -> bool {
    let n = normalise_header(sheet);
    let words: Vec<&str> = n.split(' ').collect();
    def.recognise.sheet_names.iter().any(|s| {
        let s = normalise_header(s);
        let sw: Vec<&str> = s.split(' ').collect();
        n == s || (sw.len() <= words.len() && words.windows(sw.len()).any(|w| w == sw.as_slice()))
    })
}

/// What a column of the header row is.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A definition column, by index into `Definition::columns`.
    Field(usize),
    /// A month column of a wide layout.
    Month {
        /// The block it belongs to (`planned`, `actual`, `forecast`), or
        /// `None` to take it from the row's measure column.
        block: Option<String>,
        /// The fiscal period.
        period: FiscalPeriod,
    },
}

/// One column of the header row.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderColumn {
    /// 0-based column.
    pub col: u32,
    /// The header text as shown (group heading prefixed for month columns).
    pub text: String,
    /// What it maps to; `None` when unmapped.
    pub target: Option<Target>,
}

/// The header row of a sheet for one definition.
#[derive(Debug, Clone)]
pub struct Header {
    /// 0-based row.
    pub row: u32,
    /// Every non-empty header cell, left to right.
    pub columns: Vec<HeaderColumn>,
    /// How many distinct definition columns matched.
    pub matched: usize,
    /// How many month columns were found.
    pub months: usize,
    /// Month headers that could not be placed in a fiscal year.
    pub unplaced_months: Vec<String>,
    /// Columns whose values overruled their header, and why.
    pub overruled: Vec<String>,
    /// Rating columns whose values are probabilities (0.4, 40%).
    pub probability_cols: Vec<u32>,
}

impl Header {
    /// The score used to pick the header row and the sheet's kind.
    pub fn score(&self) -> usize {
        // Months outweigh a group-heading row above them ("Planned",
        // "Actual" merged across the months) that also matches columns.
        self.matched
            + if self.months >= 3 {
                (2 + self.months / 4).min(6)
            } else {
                0
            }
    }

    /// The column a definition column was mapped to.
    pub fn col_of(&self, field: usize) -> Option<u32> {
        self.columns
            .iter()
            .find(|c| c.target == Some(Target::Field(field)))
            .map(|c| c.col)
    }
}

/// The text of a header cell, looking through merged regions; a date cell
/// shows as its month ("Apr-25"), the way a month header reads.
pub(super) fn header_text(sheet: &RawSheet, row: u32, col: u32) -> String {
    match sheet.cell_merged(row, col) {
        Cell::Date(d) => d.format("%b-%y").to_string(),
        other => other.display(),
    }
}

/// The text of a header cell as a reading of the row shows it: a blank
/// cell of a month row under a heading row takes the field name above it
/// (the "Line ID" of a two-row header).
pub(super) fn header_text_of(sheet: &RawSheet, def: &Definition, row: u32, col: u32) -> String {
    let text = header_text(sheet, row, col);
    let blocks: &[BlockDef] = def.wide.as_ref().map_or(&[], |w| w.blocks.as_slice());
    if !text.trim().is_empty() || months_under_blocks(sheet, row, blocks) < 3 {
        return text;
    }
    field_name_above(sheet, row - 1, col, blocks).unwrap_or(text)
}

/// Finds the best header row for a definition, or `None` when no row
/// matches a single column.
pub fn find_header(
    sheet: &RawSheet,
    def: &Definition,
    index: &AliasIndex,
    cal: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
) -> Option<Header> {
    candidates(sheet, def, index, cal, fiscal_year)
        .into_iter()
        .filter(|h| month_under_money(sheet, def, h).is_none())
        .fold(None, |best: Option<Header>, h| match best {
            Some(b) if h.score() <= b.score() => Some(b),
            _ => Some(h),
        })
}

/// When no header row could be taken for a definition because the best
/// row was refused for a month label under a money column: that row's
/// reading, and why it was refused.
pub fn refused_header(
    sheet: &RawSheet,
    def: &Definition,
    index: &AliasIndex,
    cal: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
) -> Option<(Header, String)> {
    let all = candidates(sheet, def, index, cal, fiscal_year);
    let best = all.into_iter().max_by_key(|h| h.score())?;
    let at = month_under_money(sheet, def, &best)?;
    let why = format!(
        "{}: header row {} would read one month as a whole amount ({at} under it is a month label), and the month row below it gives too few months to read",
        def.kind,
        best.row + 1
    );
    Some((best, why))
}

/// Every header reading of the rows scanned that matches something.
fn candidates(
    sheet: &RawSheet,
    def: &Definition,
    index: &AliasIndex,
    cal: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
) -> Vec<Header> {
    let start = sheet.row_start();
    let end = sheet.row_end().min(start + HEADER_SCAN_ROWS);
    let blocks: &[BlockDef] = def.wide.as_ref().map_or(&[], |w| w.blocks.as_slice());
    let mut out = Vec::new();
    let mut row = start;
    while row < end {
        // A heading row ("Line ID | … | Planned (merged) | Actual (merged)")
        // over its month row is one header: read apart, the heading row's
        // "Planned" would take the first month's column as the whole plan,
        // and the month row would lose the heading row's field names.
        let pair = row + 1 < sheet.row_end() && months_under_blocks(sheet, row + 1, blocks) >= 3;
        let h = if pair {
            map_row(sheet, row + 1, Some(row), def, index, cal, fiscal_year)
        } else {
            map_row(sheet, row, None, def, index, cal, fiscal_year)
        };
        row += if pair { 2 } else { 1 };
        if h.score() > 0 {
            out.push(h);
        }
    }
    out
}

/// How many month labels a row holds under a block word ("Planned",
/// "Actual") in the row just above, merged across them or standing at the
/// left of the run.
fn months_under_blocks(sheet: &RawSheet, row: u32, blocks: &[BlockDef]) -> usize {
    let Some(above) = row.checked_sub(1).filter(|r| *r >= sheet.row_start()) else {
        return 0;
    };
    if blocks.is_empty() {
        return 0;
    }
    (sheet.col_start()..sheet.col_end())
        .filter(|&col| month_header(sheet.cell_merged(row, col), blocks).is_some())
        .filter(|&col| {
            (sheet.col_start()..=col)
                .rev()
                .map(|c| sheet.cell_merged(above, c))
                .find(|c| !c.is_blank())
                .is_some_and(|c| is_block_heading(&c.display(), blocks))
        })
        .count()
}

/// A heading that is a block word and nothing else ("Planned", "Actual").
fn is_block_heading(text: &str, blocks: &[BlockDef]) -> bool {
    let (block, rest) = block_in_text(&months::tokens(text), blocks);
    block.is_some() && rest.is_empty()
}

/// The first cell under a money column that is a month label, as
/// "D4 'Apr'": the sign of a header row chosen one row too high (the
/// heading above a month row), which would read one month as the whole.
pub fn month_under_money(sheet: &RawSheet, def: &Definition, h: &Header) -> Option<String> {
    let blocks: &[BlockDef] = def.wide.as_ref().map_or(&[], |w| w.blocks.as_slice());
    h.columns.iter().find_map(|hc| {
        let Some(Target::Field(i)) = hc.target else {
            return None;
        };
        if def.columns[i].kind != ColumnType::Money {
            return None;
        }
        let first = (h.row + 1..sheet.row_end().min(h.row + 4))
            .map(|r| (r, sheet.cell(r, hc.col)))
            .find(|(_, c)| !c.is_blank())?;
        let label = match first.1 {
            Cell::Text(_) | Cell::Date(_) => {
                month_header(first.1, blocks).map(|_| header_text(sheet, first.0, hc.col))
            }
            _ => None,
        }?;
        Some(format!("{} '{label}'", crate::model::a1(first.0, hc.col)))
    })
}

/// Which block a month header belongs to, from words in its own text.
fn block_in_text(words: &[String], blocks: &[BlockDef]) -> (Option<String>, Vec<String>) {
    let mut found = None;
    let mut rest = Vec::new();
    for w in words {
        match blocks
            .iter()
            .find(|b| b.aliases.iter().any(|a| normalise_header(a) == *w))
        {
            Some(b) if found.is_none() => found = Some(b.key.clone()),
            _ => rest.push(w.clone()),
        }
    }
    (found, rest)
}

/// A month label from a header cell (date cell or text), with any block word.
fn month_header(cell: Cell<'_>, blocks: &[BlockDef]) -> Option<(Option<String>, MonthLabel)> {
    match cell {
        Cell::Date(d) => Some((None, MonthLabel::YearMonth(d.year(), d.month()))),
        Cell::Text(t) => {
            let words = months::tokens(t);
            let (block, rest) = block_in_text(&words, blocks);
            let refs: Vec<&str> = rest.iter().map(String::as_str).collect();
            months::parse_tokens(&refs).map(|m| (block, m)).or_else(|| {
                // A date typed as text ("2025-04-01") heads its month.
                super::coerce::parse_date_text(t)
                    .ok()
                    .map(|d| (None, MonthLabel::YearMonth(d.year(), d.month())))
            })
        }
        _ => None,
    }
}

/// A block word alone ("Plan", "Actual") under a month heading: the layout
/// that puts each month above its planned and actual columns.
fn block_under_month(
    sheet: &RawSheet,
    row: u32,
    col: u32,
    text: &str,
    blocks: &[BlockDef],
) -> Option<(Option<String>, MonthLabel)> {
    let words = months::tokens(text);
    let (block, rest) = block_in_text(&words, blocks);
    if block.is_none() || !rest.is_empty() {
        return None;
    }
    for up in 1..=2u32 {
        let r = row.checked_sub(up)?;
        if r < sheet.row_start() {
            break;
        }
        // The nearest heading at or left of the column on that row, at most
        // three columns back (plan, actual, forecast, variance of one month).
        let mut c = col as i64;
        let stop = (sheet.col_start() as i64).max(col as i64 - 3);
        while c >= stop {
            let cell = sheet.cell_merged(r, c as u32);
            if !cell.is_blank() {
                if let Some((None, label)) = month_header(cell, blocks) {
                    return Some((block, label));
                }
                break;
            }
            c -= 1;
        }
    }
    None
}

/// The group heading above a month column: the nearest non-empty cell at or
/// left of it in the rows just above the header, within the same merge.
fn group_block(sheet: &RawSheet, header_row: u32, col: u32, blocks: &[BlockDef]) -> Option<String> {
    for up in 1..=3u32 {
        let Some(row) = header_row.checked_sub(up) else {
            break;
        };
        if row < sheet.row_start() {
            break;
        }
        // Walk left from the column to the first heading on this row.
        let mut c = col as i64;
        while c >= 0 {
            let cell = sheet.cell_merged(row, c as u32);
            if !cell.is_blank() {
                let words = months::tokens(&cell.display());
                let (block, _) = block_in_text(&words, blocks);
                if block.is_some() {
                    return block;
                }
                break;
            }
            c -= 1;
        }
    }
    None
}

/// Maps a header row; `upper`, a heading row above it, gives the field
/// names of the columns that are not months (and where the row itself is
/// blank, its names).
fn map_row(
    sheet: &RawSheet,
    row: u32,
    upper: Option<u32>,
    def: &Definition,
    index: &AliasIndex,
    cal: &FiscalCalendar,
    fiscal_year: Option<FiscalYear>,
) -> Header {
    let blocks: &[BlockDef] = def.wide.as_ref().map_or(&[], |w| w.blocks.as_slice());
    let mut columns = Vec::new();
    let mut used = vec![false; def.columns.len()];
    let mut matched = 0;
    let mut months_found = 0;
    let mut unplaced = Vec::new();
    // Bare months ("Apr" … "Mar", "Apr" …) roll into the next fiscal year
    // when they wrap; tracked per block.
    let mut last_bare: BTreeMap<Option<String>, (FiscalYear, u8)> = BTreeMap::new();
    // Columns naming a field an earlier column already took.
    let mut second_claims: Vec<(usize, usize)> = Vec::new();
    for col in sheet.col_start()..sheet.col_end() {
        let cell = sheet.cell_merged(row, col);
        let name_above = upper.and_then(|u| field_name_above(sheet, u, col, blocks));
        if cell.is_blank() && name_above.is_none() {
            continue;
        }
        let text = header_text(sheet, row, col);
        if def.wide.is_some() && !cell.is_blank() {
            let found = month_header(cell, blocks)
                .or_else(|| block_under_month(sheet, row, col, &text, blocks));
            if let Some((block, label)) = found {
                let block = block.or_else(|| group_block(sheet, row, col, blocks));
                let period = match label {
                    MonthLabel::Month(_) | MonthLabel::Period(_) => fiscal_year.map(|fy| {
                        let mut year = fy;
                        let p = label.resolve(cal, Some(year)).expect("year given");
                        if let Some((y, last)) = last_bare.get(&block) {
                            year = *y;
                            if p.period() <= *last {
                                year = y.next().unwrap_or(*y);
                            }
                        }
                        let p = label.resolve(cal, Some(year)).expect("year given");
                        last_bare.insert(block.clone(), (year, p.period()));
                        p
                    }),
                    other => other.resolve(cal, fiscal_year),
                };
                months_found += 1;
                match period {
                    Some(period) => {
                        let shown = match &block {
                            Some(b) if !normalise_header(&text).contains(b.as_str()) => {
                                format!("{b} {text}")
                            }
                            _ => text.clone(),
                        };
                        columns.push(HeaderColumn {
                            col,
                            text: shown,
                            target: Some(Target::Month { block, period }),
                        });
                    }
                    None => {
                        unplaced.push(text.clone());
                        columns.push(HeaderColumn {
                            col,
                            text,
                            target: None,
                        });
                    }
                }
                continue;
            }
        }
        // The name above wins when it names a field; a group heading above
        // ("Line items" over several columns) leaves the row's own names.
        let free = |t: &String| index.lookup(t).filter(|i| !used[*i]);
        let text = match name_above {
            Some(above)
                if text.trim().is_empty() || free(&above).is_some() || free(&text).is_none() =>
            {
                above
            }
            _ => text,
        };
        let target = match index.lookup_named(&text) {
            Some(i) if !used[i] => {
                used[i] = true;
                matched += 1;
                Some(Target::Field(i))
            }
            Some(i) => {
                second_claims.push((columns.len(), i));
                None
            }
            None => None,
        };
        columns.push(HeaderColumn { col, text, target });
    }
    give_to_values(sheet, row, def, &mut columns, &second_claims);
    matched += claim_by_token(sheet, row, def, index, &mut columns, &mut used);
    Header {
        row,
        columns,
        matched,
        months: months_found,
        unplaced_months: unplaced,
        overruled: vec![],
        probability_cols: vec![],
    }
}

/// Two columns name one field ("Impact" over words, "Impact risk rating"
/// over 1–5): the field goes to the column whose values are that field's,
/// when the first one's are not.
fn give_to_values(
    sheet: &RawSheet,
    row: u32,
    def: &Definition,
    columns: &mut [HeaderColumn],
    claims: &[(usize, usize)],
) {
    for &(k, i) in claims {
        if def.columns[i].kind == ColumnType::Text {
            continue;
        }
        let Some(holder) = columns
            .iter()
            .position(|hc| hc.target == Some(Target::Field(i)))
        else {
            continue;
        };
        if !values_fit(sheet, row, columns[holder].col, def, i)
            && values_fit(sheet, row, columns[k].col, def, i)
        {
            columns[holder].target = None;
            columns[k].target = Some(Target::Field(i));
        }
    }
}

/// The headers no column name matched, read by one of their words once
/// every named column has taken its field, so a word never takes a field
/// from the column that names it in full. Only word fields are read this
/// way ("Labour cost" beside "Total cost" says nothing of which is the
/// budget), and the values under the header must bear the word out. Returns how
/// many fields were claimed.
fn claim_by_token(
    sheet: &RawSheet,
    row: u32,
    def: &Definition,
    index: &AliasIndex,
    columns: &mut [HeaderColumn],
    used: &mut [bool],
) -> usize {
    let mut claimed = 0;
    for hc in columns.iter_mut().filter(|hc| hc.target.is_none()) {
        let Some(i) = index.lookup_by_token(&hc.text) else {
            continue;
        };
        // Words name words: a status, a rating, a mitigation; a date is a
        // date. An amount read from one word of a header changes the
        // figures.
        let wordy = match def.columns[i].kind {
            ColumnType::Text | ColumnType::Enum | ColumnType::Scale => true,
            // A budget's date makes each row one period's amount: only a
            // header that names it in full says so.
            ColumnType::Date => def.wide.is_none(),
            _ => false,
        };
        if used[i] || !wordy || !values_fit(sheet, row, hc.col, def, i) {
            continue;
        }
        used[i] = true;
        claimed += 1;
        hc.target = Some(Target::Field(i));
    }
    claimed
}

/// How many cells under a header the value check reads.
const VALUE_CHECK_ROWS: u32 = 25;

/// Whether the values under a header fit a definition column's type: most
/// of the filled cells below read as it (dates as dates, Open/Closed as a
/// status's words). Free-text columns fit any words, but not numbers.
fn values_fit(sheet: &RawSheet, row: u32, col: u32, def: &Definition, field: usize) -> bool {
    use super::coerce::{coerce, Coerced, Context};
    let column = &def.columns[field];
    let ctx = Context {
        typed: sheet.typed,
        date1904: sheet.date1904,
        calendar: FiscalCalendar::default(),
        fiscal_year: None,
        money_scale: 1,
        date_order: None,
    };
    let (mut filled, mut fit) = (0usize, 0usize);
    let end = sheet.row_end().min(row + 1 + VALUE_CHECK_ROWS);
    for r in row + 1..end {
        let cell = sheet.cell(r, col);
        if cell.is_blank() {
            continue;
        }
        filled += 1;
        let ok = match column.kind {
            ColumnType::Text => matches!(cell, Cell::Text(_)),
            _ => matches!(coerce(cell, column, def, &ctx), Coerced::Value(..)),
        };
        fit += usize::from(ok);
    }
    filled > 0 && fit * 3 >= filled * 2
}

/// The field name a heading row gives a column of the row below it: its
/// own text, unless it is a block heading merged across several columns
/// (the "Planned" over the months, which names no field of its own).
fn field_name_above(sheet: &RawSheet, upper: u32, col: u32, blocks: &[BlockDef]) -> Option<String> {
    let cell = sheet.cell_merged(upper, col);
    if cell.is_blank() {
        return None;
    }
    let text = header_text(sheet, upper, col);
    let spans = sheet.merge_at(upper, col).is_some_and(|m| m.right > m.left);
    if spans && is_block_heading(&text, blocks) {
        return None;
    }
    Some(text)
}

/// What a cell's content looks like, for the vote on its column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Content {
    /// A small whole number or a word: a rating or category.
    Rating,
    /// A fraction or a percentage: a probability.
    Probability,
    /// A number above any rating scale, or money with a currency.
    Amount,
    /// A number that is neither (3.4).
    Number,
    /// Anything else.
    Other,
}

fn content_of(cell: Cell<'_>) -> Content {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => Content::Rating,
        Cell::Number(n) if n > 0.0 && n < 1.0 => Content::Probability,
        Cell::Number(n) if n.abs() > 100.0 => Content::Amount,
        Cell::Number(_) => Content::Number,
        Cell::Text(t) if t.contains('%') => Content::Probability,
        Cell::Text(t) => match amount_text(t) {
            Some(a) if a > 100.0 => Content::Amount,
            Some(_) => Content::Number,
            None => Content::Rating,
        },
        _ => Content::Other,
    }
}

/// An amount typed as text, with or without a currency ("300,000 CHF",
/// "$12,500", "EUR 4 000").
fn amount_text(t: &str) -> Option<f64> {
    let t = t.trim();
    let core = t
        .trim_start_matches(|c: char| c.is_ascii_uppercase() || "$€£ ".contains(c))
        .trim_end_matches(|c: char| c.is_ascii_uppercase() || "$€£ ".contains(c));
    if core.is_empty() || !core.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    crate::model::money::parse_decimal_text(core)
        .ok()
        .flatten()
        .and_then(|d| d.to_string().parse().ok())
}

/// Lets each rating or word column's values vote with its header: a
/// "Residual risk" column of "300,000 CHF", an "Impact (monetary)" column of
/// 15000 or a "Risk Rating" column of 3.4 is not a rating, and is unmapped
/// with a note; a likelihood column of probabilities stays, with a note
/// that they are placed on the scale.
pub fn vote_by_content(sheet: &RawSheet, def: &Definition, h: &mut Header) {
    const SAMPLE: u32 = 60;
    let end = sheet.row_end().min(h.row + 1 + SAMPLE);
    for hc in &mut h.columns {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        let column = &def.columns[i];
        if !matches!(column.kind, ColumnType::Scale | ColumnType::Enum) {
            continue;
        }
        let votes: Vec<Content> = (h.row + 1..end)
            .map(|r| content_of(sheet.cell(r, hc.col)))
            .filter(|c| *c != Content::Other)
            .collect();
        let count = |k: Content| votes.iter().filter(|c| **c == k).count();
        let half = votes.len() / 2;
        let letter = crate::model::column_letters(hc.col);
        let header = hc.text.replace('\n', " ");
        if votes.is_empty() {
            continue;
        }
        let (amounts, numbers) = (count(Content::Amount), count(Content::Number));
        if amounts > half || (column.kind == ColumnType::Enum && amounts + numbers > half) {
            let what = if amounts >= numbers {
                "amounts"
            } else {
                "numbers"
            };
            h.overruled.push(format!(
                "column {letter} '{header}' holds {what}, not {} ratings or words: its content overrules its header, and it is not read as {}",
                column.key, column.key
            ));
            hc.target = None;
            h.matched = h.matched.saturating_sub(1);
        } else if column.kind == ColumnType::Scale && count(Content::Probability) > half {
            h.probability_cols.push(hc.col);
            h.overruled.push(format!(
                "column {letter} '{header}' holds probabilities: each is placed on the {} scale by the definition's [percent_bands]",
                column.key
            ));
        }
    }
}

/// A column of a word field's own values is that field whatever its
/// header: an unmapped "On-Hold" column of Open / Closed is the status. Only
/// fields with a list of at least three words vote, and only when nearly
/// every filled cell below is one of them.
pub fn claim_by_words(sheet: &RawSheet, def: &Definition, h: &mut Header) {
    const SAMPLE: u32 = 60;
    let end = sheet.row_end().min(h.row + 1 + SAMPLE);
    for (i, column) in def.columns.iter().enumerate() {
        if column.kind != ColumnType::Enum || column.values.len() < 3 || h.col_of(i).is_some() {
            continue;
        }
        let claim = h.columns.iter().position(|hc| {
            if hc.target.is_some() {
                return false;
            }
            let texts: Vec<String> = (h.row + 1..end)
                .filter_map(|r| match sheet.cell(r, hc.col) {
                    Cell::Text(t) if !t.trim().is_empty() => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            let fit = texts
                .iter()
                .filter(|t| column.canonical_value(t).is_some())
                .count();
            texts.len() >= 3 && fit * 10 >= texts.len() * 9
        });
        if let Some(k) = claim {
            let hc = &mut h.columns[k];
            h.overruled.push(format!(
                "column {} '{}' holds {} words ({}): read as the {}",
                crate::model::column_letters(hc.col),
                hc.text.replace('\n', " "),
                column.key,
                column
                    .values
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                column.key
            ));
            hc.target = Some(Target::Field(i));
            h.matched += 1;
        }
    }
}

/// "Label: value" pairs above the header row (report name, fiscal year,
/// cost centre, run date…), by normalised label. A label alone in its cell
/// counts when `labels` (normalised, from the definitions) lists it.
pub fn parameters(
    sheet: &RawSheet,
    header_row: u32,
    labels: &[String],
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for row in sheet.row_start()..header_row {
        let mut col = 0;
        let end = sheet.col_end().min(40);
        while col < end {
            let cell = sheet.cell(row, col);
            if let Cell::Text(t) = cell {
                let t = t.trim();
                if let Some((k, v)) = t.split_once(':') {
                    let key = normalise_header(k);
                    let v = v.trim();
                    if !key.is_empty() && key.split(' ').count() <= 4 {
                        if !v.is_empty() {
                            out.entry(key).or_insert_with(|| v.to_string());
                            col += 1;
                            continue;
                        }
                        // "Fiscal Year:" | "2025-26"
                        if let Some((vc, value)) = next_value(sheet, row, col, end) {
                            out.entry(key).or_insert(value);
                            col = vc + 1;
                            continue;
                        }
                    }
                } else {
                    let key = normalise_header(t);
                    if labels.contains(&key) {
                        if let Some((vc, value)) = next_value(sheet, row, col, end) {
                            out.entry(key).or_insert(value);
                            col = vc + 1;
                            continue;
                        }
                    }
                }
            }
            col += 1;
        }
    }
    out
}

fn next_value(sheet: &RawSheet, row: u32, col: u32, end: u32) -> Option<(u32, String)> {
    (col + 1..end.min(col + 4))
        .map(|c| (c, sheet.cell(row, c)))
        .find(|(_, c)| !c.is_blank())
        .map(|(c, cell)| (c, cell.display()))
}

/// The unit a sheet's amounts are kept in, when it says so in a title row or
/// a header: "$000s", "(000)", "in thousands", "en milliers" mean 1,000;
/// "$M", "in millions" mean 1,000,000. Returns the multiplier and the text
/// that said so.
pub fn money_scale(sheet: &RawSheet, header: &Header) -> (u32, Option<String>) {
    let mut texts: Vec<String> = header.columns.iter().map(|c| c.text.clone()).collect();
    for row in sheet.row_start()..header.row {
        for col in sheet.col_start()..sheet.col_end().min(sheet.col_start() + 20) {
            if let Cell::Text(t) = sheet.cell(row, col) {
                texts.push(t.to_string());
            }
        }
    }
    // The phrases live in templates/workbooks/vocabulary.toml.
    let vocab = crate::definition::vocabulary::vocabulary();
    for t in &texts {
        if let Some(scale) = vocab.money_scale(t) {
            return (scale, Some(t.trim().to_string()));
        }
    }
    (1, None)
}

/// A single fiscal year named in the title rows above the header or in the
/// sheet's name ("Budget Tracker FY 2025-26", sheet "Budget 2025-26"). Two
/// different years named (a multi-year tracker) give none.
pub fn fiscal_year_in_titles(sheet: &RawSheet, header_row: u32) -> Option<FiscalYear> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)\b(?:FY\s?)?20\d\d\s?[-–/]\s?(?:20)?\d\d\b|\bFY\s?\d\d\b")
            .expect("valid regex")
    });
    let mut texts: Vec<String> = vec![sheet.name.clone()];
    for row in sheet.row_start()..header_row {
        for col in sheet.col_start()..sheet.col_end().min(sheet.col_start() + 20) {
            if let Cell::Text(t) = sheet.cell(row, col) {
                texts.push(t.to_string());
            }
        }
    }
    let mut found: Option<FiscalYear> = None;
    for t in &texts {
        for m in re.find_iter(t) {
            if let Some(fy) = FiscalYear::parse(m.as_str()) {
                match found {
                    Some(f) if f != fy => return None,
                    _ => found = Some(fy),
                }
            }
        }
    }
    found
}

/// The fiscal year a parameter block names, if any, under one of `names`
/// (the Project Information fiscal-year field's header and aliases).
pub fn parameter_fiscal_year(
    params: &BTreeMap<String, String>,
    names: &[String],
) -> Option<FiscalYear> {
    names
        .iter()
        .find_map(|k| params.get(k))
        .and_then(|v| FiscalYear::parse(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::Definitions;

    #[test]
    fn lookup_exact_then_multiword() {
        let defs = Definitions::built_in().unwrap();
        let def = defs.get("budget").unwrap();
        let idx = AliasIndex::new(def);
        let key = |h: &str| idx.lookup(h).map(|i| def.columns[i].key.as_str());
        assert_eq!(key("GL Acct."), Some("account"));
        assert_eq!(key("Approved Budget ($)"), Some("budget"));
        assert_eq!(key("Approved Budget FY 2025-26"), Some("budget"));
        assert_eq!(key("Cost Center"), Some("cost_centre"));
        assert_eq!(key("Colour"), None);
    }

    #[test]
    fn sheet_names() {
        let defs = Definitions::built_in().unwrap();
        let risks = defs.get("risks").unwrap();
        assert!(sheet_name_matches("Risk Register", risks));
        assert!(sheet_name_matches("Risk Register FY25", risks));
        assert!(!sheet_name_matches("Issues", risks));
    }
}
