//! W106: the columns a status rating rests on. A risk log whose ratings
//! cannot be read, or a milestone list without dates, would make the status
//! report's area Unknown; this finding says which columns would settle it,
//! with the header names `pmo` reads for them.

use super::Finding;
use crate::definition::{Definition, Definitions, Severity};
use crate::model::{CellRef, Project, SheetId, SheetSource};

/// One W106 finding for each sheet that has rows but none of its kind's
/// `status_columns` sets read whole.
pub fn status_columns(project: &Project, defs: &Definitions) -> Vec<Finding> {
    project
        .sources
        .iter()
        .enumerate()
        .filter(|(_, src)| src.rows > 0)
        .filter_map(|(i, src)| {
            let def = defs.get(&src.kind)?;
            let read = |set: &Vec<String>| set.iter().all(|k| src.keys.contains_key(k));
            let missing = !def.status_columns.is_empty() && !def.status_columns.iter().any(read);
            missing.then(|| finding(i, src, def))
        })
        .collect()
}

fn finding(i: usize, src: &SheetSource, def: &Definition) -> Finding {
    let sets: Vec<String> = def
        .status_columns
        .iter()
        .map(|set| {
            set.iter()
                .map(|k| header_names(def, k))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    let at = src.header_row.map(|row| CellRef {
        sheet: SheetId(i as u32),
        row,
        col: 0,
    });
    Finding {
        code: "W106".into(),
        severity: Severity::Warning,
        file: src.file.display().to_string(),
        sheet: src.sheet.clone(),
        cell: at.map(|a| a.a1()),
        row_id: None,
        message: format!(
            "no column the {} rating rests on was read, so it is Unknown in the status report",
            def.title.to_lowercase()
        ),
        hint: format!("add or rename a column: {}", sets.join("; or ")),
        at,
    }
}

/// `'Likelihood' (or likelihood, probability, …)`: the header `pmo new`
/// writes and the first few other names it reads.
fn header_names(def: &Definition, key: &str) -> String {
    let Some(col) = def.column(key) else {
        return format!("'{key}'");
    };
    let others: Vec<&str> = col.aliases.iter().take(4).map(String::as_str).collect();
    if others.is_empty() {
        format!("'{}'", col.header)
    } else {
        format!("'{}' (or {})", col.header, others.join(", "))
    }
}
