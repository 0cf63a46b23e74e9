//! Data notes: what a document rests on that was not read or was guessed,
//! in plain words a director understands. Every document ends with them,
//! so a figure the reader is not sure of is never passed off as certain.

use crate::ingest::FileReport;
use crate::rules::{Finding, Severity};
use crate::status::{Rag, StatusRatings};

/// Codes whose findings say a figure rests on something not read or
/// guessed: missing status columns, mapping drift, new columns, guesses.
const GAP_CODES: [&str; 4] = ["W106", "E108", "W109", "I110"];

/// The notes for a status and a set of findings.
pub fn data_notes(status: &StatusRatings, findings: &[Finding]) -> Vec<String> {
    let mut notes = Vec::new();
    for (area, r) in [
        ("Overall", &status.overall),
        ("Scope", &status.scope),
        ("Schedule", &status.schedule),
        ("Budget", &status.budget),
        ("Risk", &status.risk),
    ] {
        if r.rag == Rag::Unknown {
            notes.push(format!("{area} status is Unknown: {}.", r.reason));
        }
    }
    for f in findings
        .iter()
        .filter(|f| GAP_CODES.contains(&f.code.as_str()))
    {
        let place = match &f.cell {
            Some(cell) => format!("{}!{cell}", f.sheet),
            None => format!("sheet '{}'", f.sheet),
        };
        let guessed = if f.severity == Severity::Info {
            "guessed"
        } else {
            "not read"
        };
        notes.push(format!("{} ({guessed}): {}.", place, f.message));
    }
    notes
}

/// One note per sheet that was not read, with the reason; empty sheets
/// are left out (nothing was lost).
pub fn declined_notes(files: &[FileReport]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| {
            let file = std::path::Path::new(&f.path)
                .file_name()
                .map_or_else(|| f.path.clone(), |n| n.to_string_lossy().into_owned());
            f.sheets
                .iter()
                .filter(|s| s.kind.is_none() && s.reason != "empty sheet")
                .map(move |s| format!("Sheet '{}' of {file} was not read ({}).", s.name, s.reason))
        })
        .collect()
}
