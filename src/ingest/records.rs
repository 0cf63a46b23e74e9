//! Record sheets (risks, issues, milestones, stakeholders): rows a template
//! leaves for filling in are not records, and a mixed log (RAID) sends its
//! rows to the kind its type column names.

use super::build::to_record;
use super::table::Row;
use super::workbook::RawSheet;
use super::SheetReport;
use crate::definition::{normalise_header, Definition, Definitions};
use crate::model::{Issue, Milestone, Project, Record, Risk, Stakeholder, Value};

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
/// else, or only formulas (a score giving 0, an `IF` giving blank) — and
/// says so in the report. Returns the rows kept and the 1-based numbers of
/// those dropped.
pub(super) fn drop_template_rows(
    sheet: &RawSheet,
    def: &Definition,
    rows: Vec<Row>,
    report: &mut SheetReport,
) -> (Vec<Row>, Vec<u32>) {
    let (template, kept): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|row| {
        row.fields.iter().all(|(i, v)| {
            def.columns[*i].key == "id" || sheet.formula(v.at.row, v.at.col).is_some()
        })
    });
    let numbers: Vec<u32> = template.iter().map(|r| r.at.row + 1).collect();
    if !numbers.is_empty() {
        report.notes.push(format!(
            "{} row(s) hold only an ID or formulas, left for filling in, and were not read as {}: row(s) {}",
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
        let key = renames
            .and_then(|r| r.get(key))
            .map_or(key, String::as_str);
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
    part.kind = Some(kind.to_string());
    part.reason = format!("{kind}: rows of the mixed log '{}' typed so", report.name);
    part.columns = report
        .columns
        .iter()
        .filter_map(|c| {
            key_for(&c.key).map(|key| super::ColumnReport {
                key,
                ..c.clone()
            })
        })
        .collect();
    part.rows = n;
    part.notes = vec![];
    part.problems = vec![];
    part.skipped = Default::default();
    Some(part)
}
