//! Record sheets (risks, issues, milestones, stakeholders): rows a template
//! leaves for filling in are not records, and a mixed log (RAID) sends its
//! rows to the kind its type column names.

use super::build::to_record;
use super::header::{Header, Target};
use super::table::Row;
use super::workbook::{Cell, RawSheet};
use super::SheetReport;
use crate::definition::{normalise_header, ColumnType, Definition, Definitions};
use crate::model::{
    column_letters, Issue, Milestone, Problem, ProblemKind, Project, Record, Risk, Stakeholder,
    Traced, Value,
};
use chrono::NaiveDate;

/// Adds a record to the project under its kind.
pub(super) fn push(project: &mut Project, kind: &str, record: Record) {
    match kind {
        "risks" => project.risks.push(Risk(record)),
        "issues" => project.issues.push(Issue(record)),
        "milestones" => project.milestones.push(Milestone(record)),
        "stakeholders" => project.stakeholders.push(Stakeholder(record)),
        // A kind added by --templates: kept as records for rules.
        _ => project
            .extra
            .entry(kind.to_string())
            .or_default()
            .push(record),
    }
}

/// Drops the rows a template leaves for filling in — an ID and nothing
/// else, only formulas (a score giving 0, an `IF` giving blank), or only
/// numbers in a row that names no record — and
/// says so in the report. Returns the rows kept and the 1-based numbers of
/// those dropped.
pub(super) fn drop_template_rows(
    sheet: &RawSheet,
    def: &Definition,
    rows: Vec<Row>,
    report: &mut SheetReport,
) -> (Vec<Row>, Vec<u32>) {
    let names = &def.recognise.require_one_of;
    let (template, kept): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|row| {
        let formulas_only = row.fields.iter().all(|(i, v)| {
            def.columns[*i].key == "id" || sheet.formula(v.at.row, v.at.col).is_some()
        });
        // An .xls keeps no formulas pmo can see: a row naming nothing
        // (no ID, description or title) with only numbers in it is a
        // template's computed score or rank.
        let unnamed_numbers = !names.is_empty()
            && !row
                .fields
                .iter()
                .any(|(i, _)| names.contains(&def.columns[*i].key))
            && row.fields.iter().all(|(_, v)| {
                matches!(
                    v.value,
                    Value::Integer(_) | Value::Number(_) | Value::Money(_)
                )
            });
        formulas_only || unnamed_numbers
    });
    let numbers: Vec<u32> = template.iter().map(|r| r.at.row + 1).collect();
    if !numbers.is_empty() {
        report.notes.push(format!(
            "{} row(s) hold only an ID, formulas, or numbers with nothing naming them, left for filling in, and were not read as {}: row(s) {}",
            numbers.len(),
            def.kind,
            list(&numbers)
        ));
    }
    (kept, numbers)
}

/// Drops a schedule's summary rows: a row one of whose cells rolls up the
/// rows of its own column below or above it (`=MIN(B6:B8)` for a phase's
/// start). Returns the rows kept and the 1-based numbers of those dropped.
pub(super) fn drop_rollup_rows(
    sheet: &RawSheet,
    def: &Definition,
    rows: Vec<Row>,
    report: &mut SheetReport,
) -> (Vec<Row>, Vec<u32>) {
    let (rollups, kept): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|row| {
        row.fields.iter().any(|(_, v)| {
            sheet
                .formula(v.at.row, v.at.col)
                .is_some_and(|f| super::table::is_rollup(f, v.at.row, v.at.col))
        })
    });
    let numbers: Vec<u32> = rollups.iter().map(|r| r.at.row + 1).collect();
    if !numbers.is_empty() {
        report.notes.push(format!(
            "{} row(s) roll up the rows under them by formula (summary rows, not {}): row(s) {}",
            numbers.len(),
            def.kind,
            list(&numbers)
        ));
    }
    (kept, numbers)
}

fn list(numbers: &[u32]) -> String {
    let shown: Vec<String> = numbers.iter().take(12).map(u32::to_string).collect();
    let more = numbers.len().saturating_sub(12);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Rows sent to other kinds: (kind, rows).
pub(super) type Sent = Vec<(String, Vec<Row>)>;

/// What splitting a mixed log made of its rows.
pub(super) struct Split {
    /// Rows that stay this kind.
    pub kept: Vec<Row>,
    /// Rows read as other kinds.
    pub sent: Sent,
    /// 0-based rows listed, not read (assumptions, dependencies).
    pub listed: Vec<u32>,
}

/// Splits a mixed log by its type column, when every type given is one the
/// definition's `[split]` knows and some row is not this kind. Rows of no
/// kind (assumptions, dependencies) are listed in the report's notes.
pub(super) fn split(def: &Definition, rows: Vec<Row>, report: &mut SheetReport) -> Split {
    let whole = |rows| Split {
        kept: rows,
        sent: vec![],
        listed: vec![],
    };
    let Some(sp) = &def.split else {
        return whole(rows);
    };
    let Some(col) = def.columns.iter().position(|c| c.key == sp.column) else {
        return whole(rows);
    };
    let type_of = |row: &Row| match row.field(col).map(|v| &v.value) {
        Some(Value::Text(t)) => Some(normalise_header(t)),
        _ => None,
    };
    let known = |t: &str| {
        sp.keep.iter().any(|w| normalise_header(w) == t)
            || sp.kinds.keys().any(|w| normalise_header(w) == t)
            || sp.listed.iter().any(|w| normalise_header(w) == t)
    };
    let types: Vec<Option<String>> = rows.iter().map(type_of).collect();
    let all_known = types.iter().flatten().all(|t| known(t));
    let mixed = types
        .iter()
        .flatten()
        .any(|t| !sp.keep.iter().any(|w| normalise_header(w) == *t));
    if !all_known || !mixed {
        return whole(rows);
    }
    let mut kept = Vec::new();
    let mut sent: Sent = Vec::new();
    let mut listed = Vec::new();
    let mut listed_rows = Vec::new();
    for (row, t) in rows.into_iter().zip(types) {
        let t = t.unwrap_or_default();
        if let Some((_, kind)) = sp.kinds.iter().find(|(w, _)| normalise_header(w) == t) {
            match sent.iter_mut().find(|(k, _)| k == kind) {
                Some((_, v)) => v.push(row),
                None => sent.push((kind.clone(), vec![row])),
            }
        } else if sp.listed.iter().any(|w| normalise_header(w) == t) {
            listed.push(format!("row {} ({t})", row.at.row + 1));
            listed_rows.push(row.at.row);
        } else {
            kept.push(row);
        }
    }
    let column = &def.columns[col].header;
    for (kind, rows) in &sent {
        report.notes.push(format!(
            "a mixed log: {} row(s) whose {column} says so were read as {kind}",
            rows.len()
        ));
    }
    if !listed.is_empty() {
        report.notes.push(format!(
            "{} row(s) are neither {} nor another kind pmo reads, so they are listed here, not read: {}",
            listed.len(),
            def.kind,
            listed.join(", ")
        ));
    }
    Split {
        kept,
        sent,
        listed: listed_rows,
    }
}

/// Reads the rows a mixed log sent to `kind` as that kind's records, and
/// reports them as a part of the sheet (`Raid Log (issues)`).
pub(super) fn part_report(
    defs: &Definitions,
    def: &Definition,
    kind: &str,
    rows: Vec<Row>,
    project: &mut Project,
    report: &SheetReport,
) -> Option<SheetReport> {
    let target = defs.get(kind)?;
    let renames = def.split.as_ref().map(|s| &s.fields);
    let key_for = |key: &str| -> Option<String> {
        let key = renames.and_then(|r| r.get(key)).map_or(key, String::as_str);
        target.column(key).map(|_| key.to_string())
    };
    let n = rows.len();
    for row in rows {
        let mut record = to_record(def, row, &|k: &str| k.to_string());
        record.fields = std::mem::take(&mut record.fields)
            .into_iter()
            .filter_map(|(k, v)| key_for(&k).map(|k| (k, v)))
            .collect();
        push(project, kind, record);
    }
    let mut part = report.clone();
    part.name = format!("{} ({kind})", report.name);
    part.part_of = Some(report.name.clone());
    part.kind = Some(kind.to_string());
    part.reason = format!("{kind}: rows of the mixed log '{}' typed so", report.name);
    part.columns = report
        .columns
        .iter()
        .filter_map(|c| key_for(&c.key).map(|key| super::ColumnReport { key, ..c.clone() }))
        .collect();
    part.rows = n;
    part.notes = vec![];
    part.problems = vec![];
    part.skipped = Default::default();
    Some(part)
}

/// Days with no year ("Sep 01") the sheet's fiscal year could not place
/// take the year of the nearest full date in their column: the closest
/// date on the side of it their row is on (a plan runs in date order); with
/// no full date in the column they stay reported.
pub(super) fn years_from_neighbours(
    def: &Definition,
    h: &Header,
    rows: &mut [Row],
    problems: &mut Vec<Problem>,
    report: &mut SheetReport,
) {
    // Problems find their row by number, not by a scan of all rows.
    let by_row: rustc_hash::FxHashMap<u32, usize> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| (r.at.row, k))
        .collect();
    for hc in &h.columns {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        if def.columns[i].kind != ColumnType::Date {
            continue;
        }
        let mut dated: Vec<(u32, NaiveDate)> = rows
            .iter()
            .filter_map(|r| match r.field(i).map(|v| &v.value) {
                Some(Value::Date(d)) => Some((r.at.row, *d)),
                _ => None,
            })
            .collect();
        if dated.is_empty() {
            continue;
        }
        dated.sort_unstable_by_key(|(r, _)| *r);
        let mut placed = 0;
        problems.retain(|p| {
            if p.kind != ProblemKind::AmbiguousDate || p.at.col != hc.col {
                return true;
            }
            let Some((m, d)) = super::coerce::day_month_without_year(&p.raw) else {
                return true;
            };
            let (near_row, near) = nearest(&dated, p.at.row);
            let year = chrono::Datelike::year(&near);
            // Plans run in date order: a row above its neighbour falls on
            // or before it, a row below on or after.
            let best = (year - 1..=year + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                .filter(|c| {
                    if p.at.row < near_row {
                        *c <= near
                    } else {
                        *c >= near
                    }
                })
                .min_by_key(|c| (*c - near).num_days().abs());
            let (Some(date), Some(row)) = (best, by_row.get(&p.at.row).map(|&k| &mut rows[k]))
            else {
                return true;
            };
            row.fields.push((i, Traced::new(Value::Date(date), p.at)));
            placed += 1;
            false
        });
        if placed > 0 {
            report.guesses.push(format!(
                "column {} '{}': {placed} date(s) with no year took the year of the nearest full date in the column",
                column_letters(hc.col),
                hc.text
            ));
        }
    }
}

/// The dated row nearest `row` (the one above on a tie), by binary search
/// of `dated` sorted by row; `dated` is not empty.
fn nearest(dated: &[(u32, NaiveDate)], row: u32) -> (u32, NaiveDate) {
    let k = dated.partition_point(|(r, _)| *r < row);
    match (k.checked_sub(1).map(|a| dated[a]), dated.get(k)) {
        (Some(a), Some(&b)) if b.0.abs_diff(row) < a.0.abs_diff(row) => b,
        (Some(a), _) => a,
        (None, Some(&b)) => b,
        (None, None) => unreachable!("dated is not empty"),
    }
}

/// In a column of probabilities (0.4, 0.75), a 1 or a 0 is 100% or 0%,
/// not the bottom of the rating scale.
pub(super) fn whole_probabilities(
    sheet: &RawSheet,
    def: &Definition,
    h: &Header,
    rows: &mut [Row],
    report: &mut SheetReport,
) {
    for &col in &h.probability_cols {
        let Some(Target::Field(i)) = h
            .columns
            .iter()
            .find(|c| c.col == col)
            .and_then(|c| c.target.clone())
        else {
            continue;
        };
        let mut changed = 0;
        for row in rows.iter_mut() {
            let Some((_, v)) = row.fields.iter_mut().find(|(f, _)| *f == i) else {
                continue;
            };
            let n = match sheet.cell(v.at.row, v.at.col) {
                Cell::Number(n) if n == 0.0 || n == 1.0 => n,
                _ => continue,
            };
            if let Some(point) = super::coerce::percent_point(def, &def.columns[i], n * 100.0) {
                v.value = Value::Integer(point);
                changed += 1;
            }
        }
        if changed > 0 {
            report.guesses.push(format!(
                "column {}: {changed} value(s) of 1 or 0 among probabilities were read as 100% or 0%",
                column_letters(col)
            ));
        }
    }
}

/// A rating column whose header states its own scale ("Likelihood (1-3)",
/// "Impact 1 to 4") that is not the definition's: its numbers are placed on
/// the definition's scale (3 of 1–3 is 5 of 1–5), so a 3×3 log's worst risk
/// is not rated Medium. Each column placed so is a guess, said plainly.
pub(super) fn rescale_stated_scales(
    def: &Definition,
    h: &Header,
    rows: &mut [Row],
    report: &mut SheetReport,
) {
    for hc in &h.columns {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        let column = &def.columns[i];
        if column.kind != ColumnType::Scale {
            continue;
        }
        let top = column
            .scale
            .as_ref()
            .and_then(|s| def.scales.get(s))
            .and_then(|words| words.values().max().copied())
            .unwrap_or(5);
        let Some((lo, hi)) = stated_scale(&hc.text).filter(|&(lo, hi)| hi != top && lo <= 1) else {
            continue;
        };
        let mut placed = 0;
        for row in rows.iter_mut() {
            let Some((_, v)) = row.fields.iter_mut().find(|(f, _)| *f == i) else {
                continue;
            };
            let Value::Integer(n) = v.value else { continue };
            if !(lo..=hi).contains(&n) {
                continue;
            }
            // Linear, rounded half up: 1–3 → 1, 3, 5; 1–4 → 1, 2, 4, 5.
            let scaled = 1 + ((n - lo) * (top - 1) * 2 + (hi - lo)) / ((hi - lo) * 2);
            v.value = Value::Integer(scaled.clamp(1, top));
            placed += 1;
        }
        if placed > 0 {
            report.guesses.push(format!(
                "column {} '{}' rates on a {lo}-{hi} scale: its {placed} value(s) were placed on the {}-point scale the ratings use",
                column_letters(hc.col),
                hc.text.replace('\n', " "),
                top
            ));
        }
    }
}

/// The scale a header states: "(1-3)", "1 to 4", "_1_3" → (1, 3).
fn stated_scale(header: &str) -> Option<(i64, i64)> {
    static SCALE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = SCALE.get_or_init(|| {
        regex::Regex::new(r"(?i)(?:^|[^0-9])([01])\s*(?:-|–|to|_|/)\s*([2-9]|10)(?:[^0-9%]|$)")
            .expect("scale pattern")
    });
    let c = re.captures(header)?;
    let lo = c.get(1)?.as_str().parse().ok()?;
    let hi = c.get(2)?.as_str().parse().ok()?;
    (lo < hi).then_some((lo, hi))
}

/// The two numbers before the year of a text date ("16/03/2015" → 16, 3).
fn day_month_parts(t: &str) -> Option<(u32, u32, i32)> {
    let parts: Vec<&str> = t.trim().split(['/', '-', '.']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let all_digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(y)) || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let year = match y.len() {
        4 => y.parse().ok()?,
        2 => 2000 + y.parse::<i32>().ok()?,
        _ => return None,
    };
    Some((a.parse().ok()?, b.parse().ok()?, year))
}

/// Settles the day/month order of each date column by its own values: one
/// text date with a first number above 12 ("16/03/2015") makes the column
/// day-first, one with a second number above 12 month-first. Its ambiguous
/// dates ("04/03/2015") are then read that way instead of reported; a
/// column with evidence both ways is left as it was.
pub(super) fn settle_day_month(
    sheet: &RawSheet,
    def: &Definition,
    h: &Header,
    rows: &mut [Row],
    problems: &mut Vec<Problem>,
    report: &mut SheetReport,
) {
    for hc in &h.columns {
        let Some(Target::Field(i)) = hc.target else {
            continue;
        };
        if def.columns[i].kind != ColumnType::Date {
            continue;
        }
        let (mut day_first, mut month_first) = (None, None);
        for r in h.row + 1..sheet.row_end() {
            if let Cell::Text(t) = sheet.cell(r, hc.col) {
                match day_month_parts(t) {
                    Some((a, _, _)) if a > 12 => {
                        day_first = day_first.or(Some(t.trim().to_string()))
                    }
                    Some((_, b, _)) if b > 12 => {
                        month_first = month_first.or(Some(t.trim().to_string()))
                    }
                    _ => {}
                }
            }
        }
        let (dm, evidence) = match (day_first, month_first) {
            (Some(e), None) => (true, e),
            (None, Some(e)) => (false, e),
            _ => continue,
        };
        let mut settled = 0;
        problems.retain(|p| {
            if p.kind != ProblemKind::AmbiguousDate || p.at.col != hc.col {
                return true;
            }
            let Some((a, b, y)) = day_month_parts(&p.raw) else {
                return true;
            };
            let (d, m) = if dm { (a, b) } else { (b, a) };
            let (Some(date), Some(row)) = (
                NaiveDate::from_ymd_opt(y, m, d),
                rows.iter_mut().find(|row| row.at.row == p.at.row),
            ) else {
                return true;
            };
            row.fields.push((i, Traced::new(Value::Date(date), p.at)));
            settled += 1;
            false
        });
        if settled > 0 {
            report.guesses.push(format!(
                "column {} '{}' writes dates {}: '{evidence}' settles it, so {settled} date(s) that could be read either way were read so",
                column_letters(hc.col),
                hc.text,
                if dm { "day/month" } else { "month/day" },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{day_month_parts, nearest, stated_scale};

    #[test]
    fn a_header_states_its_scale() {
        assert_eq!(stated_scale("Likelihood (1-3)"), Some((1, 3)));
        assert_eq!(stated_scale("Impact 1 to 4"), Some((1, 4)));
        assert_eq!(stated_scale("Inherent_Likelihood_1_5"), Some((1, 5)));
        assert_eq!(stated_scale("Likelihood"), None);
        assert_eq!(stated_scale("Probability 0-100%"), None);
        assert_eq!(stated_scale("Q1-2025 impact"), None);
    }
    use chrono::NaiveDate;

    #[test]
    fn the_nearest_dated_row_is_found_by_search_and_a_tie_takes_the_row_above() {
        let d = |m| NaiveDate::from_ymd_opt(2025, m, 1).unwrap();
        let dated = [(2, d(4)), (6, d(5)), (10, d(6))];
        assert_eq!(nearest(&dated, 1), (2, d(4)));
        assert_eq!(nearest(&dated, 4), (2, d(4)));
        assert_eq!(nearest(&dated, 5), (6, d(5)));
        assert_eq!(nearest(&dated, 9), (10, d(6)));
        assert_eq!(nearest(&dated, 40), (10, d(6)));
    }

    #[test]
    fn text_date_parts() {
        assert_eq!(day_month_parts("16/03/2015"), Some((16, 3, 2015)));
        assert_eq!(day_month_parts("3/4/25"), Some((3, 4, 2025)));
        assert_eq!(day_month_parts("2015-03-16"), None);
        assert_eq!(day_month_parts("TBD"), None);
    }
}
