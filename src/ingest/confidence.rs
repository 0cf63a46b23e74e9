//! How sure `pmo` is of a sheet's reading: high, medium or low, with what
//! decided it. A reading resting on a guess (a month block inferred, a
//! day-first date column, a kind chosen over a close second) or on few
//! matched headers is never reported as certain.

use super::SheetReport;
use crate::definition::Definition;
use serde::Serialize;

/// How sure the reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Little evidence, or evidence against: check the reading.
    Low,
    /// Read, but part of it rests on a guess or on few headers.
    #[default]
    Medium,
    /// Headers matched, content agreed, nothing guessed.
    High,
}

/// A sheet's confidence and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Confidence {
    /// The level.
    pub level: Level,
    /// What decided it, one clause each.
    pub because: Vec<String>,
}

impl Confidence {
    pub(super) fn at_most(&mut self, level: Level, why: String) {
        self.level = self.level.min(level);
        self.because.push(why);
    }
}

/// What the classifier knew beyond the report: whether a mapping file
/// pinned the reading, and the closest other kind with its score.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Read as a mapping file says.
    pub pinned: bool,
    /// The next best kind and its score, when another kind also fitted.
    pub runner_up: Option<(String, usize)>,
}

/// Assesses a recognised sheet's reading.
pub fn assess(report: &SheetReport, def: &Definition, evidence: &Evidence) -> Confidence {
    let mut c = Confidence {
        level: Level::High,
        because: vec![],
    };
    if evidence.pinned {
        c.because.push("read as the mapping file says".into());
    } else {
        matched_headers(report, def, &mut c);
        if let (Some((kind, second)), Some(score)) = (&evidence.runner_up, report.score) {
            if score <= second + 2 {
                c.at_most(
                    Level::Medium,
                    format!("chosen over {kind}, a close second (score {score} against {second})"),
                );
            }
        }
    }
    let missing: Vec<&str> = def
        .columns
        .iter()
        .filter(|col| col.required && !report.columns.iter().any(|r| r.key == col.key))
        .map(|col| col.header.as_str())
        .collect();
    if !missing.is_empty() && report.header_row.is_some() {
        c.at_most(
            Level::Low,
            format!("required column(s) not found: {}", missing.join(", ")),
        );
    }
    for g in &report.guesses {
        c.at_most(Level::Medium, format!("guessed: {g}"));
    }
    let bad = report.problems.len();
    if report.rows > 0 && bad * 4 > report.rows {
        c.at_most(
            Level::Low,
            format!("{bad} cell(s) could not be read in {} row(s)", report.rows),
        );
    }
    if report.notes.iter().any(|n| n.contains("mapping file")) {
        c.at_most(
            Level::Low,
            "the workbook no longer fits its mapping file".into(),
        );
    }
    c
}

/// Header evidence: how many of the sheet's header cells were matched.
fn matched_headers(report: &SheetReport, def: &Definition, c: &mut Confidence) {
    let Some(_) = report.header_row else {
        let n = report.columns.len();
        let level = if n >= 3 { Level::High } else { Level::Medium };
        c.at_most(level, format!("{n} field label(s) found"));
        return;
    };
    let mapped = report.columns.len();
    let total = mapped + report.ignored.len();
    let needed = def.recognise.min_matched.max(1);
    let fields = report
        .columns
        .iter()
        .filter(|col| !col.key.contains('.'))
        .count();
    c.because
        .push(format!("{mapped} of {total} header cells matched"));
    if fields < needed {
        c.at_most(
            Level::Low,
            format!(
                "only {fields} column(s) matched by name, fewer than the {needed} that recognise a {} sheet: the sheet's or file's name made up the rest",
                def.kind
            ),
        );
    } else if fields < needed + 1 && mapped < needed + 3 {
        c.at_most(
            Level::Medium,
            format!(
                "only {fields} column(s) matched by name ({needed} needed to recognise the sheet)"
            ),
        );
    }
    if total > 0 && mapped * 2 < total {
        c.at_most(
            Level::Medium,
            "most header cells map to nothing pmo reads".into(),
        );
    }
}
