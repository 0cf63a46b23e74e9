//! Checks every reading must pass before its figures are used: a reading
//! that fails one is declined, or kept as a low-confidence guess with the
//! check that failed, never passed on as a confident number.
//!
//! Each check looks at what was read (the sheet's report and the records it
//! put into the project), not at the cells again, so it is cheap and runs
//! the same whatever the layout.

use super::SheetReport;
use crate::definition::Definition;
use crate::model::{Project, Record, SheetId, Value};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashSet;

/// One check and how the reading fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What was checked (`amounts`, `ratings`, `distinct ids`, `total row`…).
    pub name: String,
    /// Whether the reading passed it.
    pub passed: bool,
    /// What was found, in a sentence.
    pub detail: String,
}

/// What a failed check does to the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The reading stands, at low confidence.
    Lower,
    /// The sheet is not read.
    Decline,
}

/// A check's verdict on a reading.
pub(super) struct Verdict {
    pub check: Check,
    pub severity: Severity,
}

fn pass(name: &str, detail: String) -> Verdict {
    Verdict {
        check: Check {
            name: name.into(),
            passed: true,
            detail,
        },
        severity: Severity::Lower,
    }
}

fn fail(name: &str, severity: Severity, detail: String) -> Verdict {
    Verdict {
        check: Check {
            name: name.into(),
            passed: false,
            detail,
        },
        severity,
    }
}

/// Runs the checks that apply to a sheet read as `def`'s kind.
pub(super) fn run(
    report: &SheetReport,
    def: &Definition,
    project: &Project,
    id: SheetId,
) -> Vec<Verdict> {
    let mut out = Vec::new();
    match def.kind.as_str() {
        "budget" => {
            out.extend(amounts(report));
            out.extend(total_row(report, project, id));
        }
        "risks" => out.extend(ratings(report, project, id)),
        "ledger" => out.extend(balance(report)),
        _ => {}
    }
    out.extend(one_project(def, project, id));
    out.extend(one_block(report));
    if !matches!(def.kind.as_str(), "ledger" | "project-info" | "budget") {
        out.extend(distinct_ids(report, project, id, &def.kind));
    }
    out
}

/// The kind chosen against the next best: a tie names both and reads
/// neither (a ledger with Debit / Credit / Balance is not a budget by a
/// 10-to-10 tie).
pub(super) fn margin(
    report: &SheetReport,
    kind: &str,
    score: usize,
    runner_up: Option<&(String, usize)>,
) -> Option<Verdict> {
    let (other, second) = runner_up?;
    // A table whose lines hold amounts is read for its money: a task list
    // with Budget and Cost to Date columns is a budget first.
    let money = kind == "budget" && amounts(report).is_some_and(|v| v.check.passed);
    Some(if *second >= score && money {
        pass(
            "kind margin",
            format!("it fits {kind} and {other} equally well (score {score} each); read as {kind} because its lines hold amounts"),
        )
    } else if *second >= score {
        fail(
            "kind margin",
            Severity::Decline,
            format!("it fits {kind} and {other} equally well (score {score} each): say which in a mapping file"),
        )
    } else {
        pass(
            "kind margin",
            format!("{kind} {score} against {other} {second}"),
        )
    })
}

/// The rows belong to one project: lines or records that name several
/// projects in a Project column are a portfolio summary (one row per
/// project) or several projects' logs in one, and are never merged into
/// one project's figures.
fn one_project(def: &Definition, project: &Project, id: SheetId) -> Option<Verdict> {
    // Told apart without case; shown as typed.
    let mut names: std::collections::BTreeMap<String, &str> = Default::default();
    for t in records_of(project, &def.kind, id)
        .iter()
        .filter_map(|r| r.text("project"))
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        names.entry(t.to_lowercase()).or_insert(t);
    }
    if names.is_empty() {
        return None;
    }
    Some(if names.len() == 1 {
        pass("one project", "every row names the same project".into())
    } else {
        let list: Vec<&str> = names.values().take(3).copied().collect();
        fail(
            "one project",
            Severity::Decline,
            format!(
                "its rows name {} different projects ({}{}): a portfolio summary or several projects' records in one table; give each project its own workbook, or use `pmo portfolio`",
                names.len(),
                list.join(", "),
                if names.len() > 3 { ", …" } else { "" }
            ),
        )
    })
}

/// The records form one table: rows read below a wide gap of blank and
/// note rows may be a second table, an example block or workings.
fn one_block(report: &SheetReport) -> Option<Verdict> {
    let rows = &report.detached;
    if rows.is_empty() {
        return None;
    }
    let shown: Vec<String> = rows.iter().take(6).map(u32::to_string).collect();
    Some(fail(
        "one block",
        Severity::Lower,
        format!(
            "row(s) {}{} stand apart from the table, below blank and note rows, and were read as records: check they belong",
            shown.join(", "),
            if rows.len() > 6 { ", …" } else { "" }
        ),
    ))
}

/// A budget reading holds money on its lines.
fn amounts(report: &SheetReport) -> Option<Verdict> {
    let nonzero = report
        .totals
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "unit_cost" | "remaining") && !k.ends_with("_total"))
        .any(|(_, v)| v.parse::<Decimal>().is_ok_and(|d| !d.is_zero()));
    if report.rows == 0 {
        return None;
    }
    // Month columns that name no year hold amounts pmo cannot place: the
    // reading stands (its notes say how to give the year), with nothing
    // to add up yet.
    let unplaced = report.unmapped.iter().any(|h| {
        let words = super::months::tokens(h);
        words
            .iter()
            .any(|w| super::months::month_number(w).is_some())
    });
    Some(if nonzero {
        pass("amounts", "the lines hold amounts".into())
    } else if unplaced {
        fail(
            "amounts",
            Severity::Lower,
            "the month columns name no fiscal year, so no amount could be placed (see the notes)"
                .into(),
        )
    } else {
        fail(
            "amounts",
            Severity::Decline,
            format!(
                "none of the {} line(s) holds an amount pmo could read under a budget, plan or actual column",
                report.rows
            ),
        )
    })
}

/// The sheet's own grand total (its last total row) against the lines read.
fn total_row(report: &SheetReport, project: &Project, id: SheetId) -> Option<Verdict> {
    let last = project
        .subtotals
        .iter()
        .filter(|s| s.at.sheet == id)
        .max_by_key(|s| s.at.row)?;
    // Only a grand total below every line adds them all up.
    let below_all = project
        .budget
        .iter()
        .filter_map(|l| l.record.at)
        .filter(|at| at.sheet == id)
        .all(|at| at.row < last.at.row);
    if !below_all {
        return None;
    }
    let mut wrong = Vec::new();
    for (key, cell, _) in &last.cells {
        let Some(read) = report
            .totals
            .get(key)
            .and_then(|v| v.parse::<Decimal>().ok())
        else {
            continue;
        };
        if read != cell.value && !cell.value.is_zero() {
            wrong.push(format!(
                "{key}: the total row says {} and the lines read add up to {}",
                crate::model::money::format_plain(cell.value),
                crate::model::money::format_plain(read)
            ));
        }
    }
    let row = last.at.row + 1;
    Some(if wrong.is_empty() {
        pass(
            "total row",
            format!("the lines add up to the total on row {row}"),
        )
    } else {
        fail(
            "total row",
            Severity::Lower,
            format!("row {row}: {}", wrong.join("; ")),
        )
    })
}

/// A risk log's figures rest on a rating, a score, or likelihood and impact.
fn ratings(report: &SheetReport, project: &Project, id: SheetId) -> Option<Verdict> {
    let has = |k: &str| report.columns.iter().any(|c| c.key == k);
    if report.rows == 0 {
        return None;
    }
    let rated = has("rating") || has("score") || (has("likelihood") && has("impact"));
    if !rated {
        let half: Vec<&str> = ["likelihood", "impact"]
            .into_iter()
            .filter(|k| has(k))
            .collect();
        let detail = if half.is_empty() {
            "no rating, score, likelihood or impact column was found: the risks cannot be rated"
                .to_string()
        } else {
            format!(
                "only {} was found, with no rating or score: the risks cannot be rated",
                half.join(" and ")
            )
        };
        return Some(fail("ratings", Severity::Lower, detail));
    }
    let risks = records_of(project, "risks", id);
    let unrated = risks
        .iter()
        .filter(|r| {
            !(r.get("rating").is_some()
                || r.get("score").is_some()
                || (r.get("likelihood").is_some() && r.get("impact").is_some()))
        })
        .count();
    Some(if unrated * 2 > risks.len() {
        fail(
            "ratings",
            Severity::Lower,
            format!(
                "{unrated} of {} risk(s) have no rating pmo could read",
                risks.len()
            ),
        )
    } else {
        pass(
            "ratings",
            format!("{} of {} risk(s) rated", risks.len() - unrated, risks.len()),
        )
    })
}

/// A ledger's debits against its credits: evidence, never a failure (an
/// export for one cost centre need not balance).
fn balance(report: &SheetReport) -> Option<Verdict> {
    let get = |k: &str| report.totals.get(k).and_then(|v| v.parse::<Decimal>().ok());
    let (d, c) = (get("debit")?, get("credit")?);
    Some(pass(
        "balance",
        if d == c {
            "debits equal credits".into()
        } else {
            format!(
                "debits exceed credits by {} (an extract, not a whole journal)",
                crate::model::money::format_plain(d - c)
            )
        },
    ))
}

/// Records against their distinct IDs: the same IDs again are snapshots of
/// the same records (a log kept month by month on one sheet), never more
/// records.
fn distinct_ids(
    report: &SheetReport,
    project: &Project,
    id: SheetId,
    kind: &str,
) -> Option<Verdict> {
    if !report.columns.iter().any(|c| c.key == "id") {
        return None;
    }
    let ids: Vec<String> = records_of(project, kind, id)
        .iter()
        .filter_map(|r| r.get("id").and_then(|v| id_text(&v.value)))
        .collect();
    if ids.len() < 2 {
        return None;
    }
    let distinct: HashSet<&String> = ids.iter().collect();
    let repeated = ids.len() - distinct.len();
    Some(if repeated * 10 > ids.len() {
        fail(
            "distinct ids",
            Severity::Lower,
            format!(
                "{} record(s) carry only {} distinct ID(s): rows repeat the same records (snapshots of several periods?)",
                ids.len(),
                distinct.len()
            ),
        )
    } else {
        pass(
            "distinct ids",
            format!("{} record(s), {} distinct ID(s)", ids.len(), distinct.len()),
        )
    })
}

/// The records a sheet put into the project, for a record kind.
fn records_of<'a>(project: &'a Project, kind: &str, id: SheetId) -> Vec<&'a Record> {
    let of = |r: &&Record| r.at.is_some_and(|at| at.sheet == id);
    match kind {
        "risks" => project.risks.iter().map(|r| &r.0).filter(of).collect(),
        "issues" => project.issues.iter().map(|r| &r.0).filter(of).collect(),
        "milestones" => project.milestones.iter().map(|r| &r.0).filter(of).collect(),
        "stakeholders" => project
            .stakeholders
            .iter()
            .map(|r| &r.0)
            .filter(of)
            .collect(),
        "budget" => project
            .budget
            .iter()
            .map(|l| &l.record)
            .filter(of)
            .collect(),
        other => project
            .extra
            .get(other)
            .map(|v| v.iter().filter(of).collect())
            .unwrap_or_default(),
    }
}

/// The text of a record's ID field, for the checks.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.trim().to_lowercase()),
        Value::Integer(n) => Some(n.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(format!("{other:?}")),
    }
}
