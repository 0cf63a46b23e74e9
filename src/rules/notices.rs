//! The reader's notices as findings: a mapping file that no longer fits
//! (E108), a header cell it does not name (W109), one that names none of
//! the workbooks read (W111), and guesses that change
//! a figure reported elsewhere (I110).

use super::Finding;
use crate::definition::Severity;
use crate::model::{NoticeKind, Project};

/// One finding per notice.
pub fn findings(project: &Project) -> Vec<Finding> {
    project
        .notices
        .iter()
        .map(|n| {
            let (code, severity) = match n.kind {
                NoticeKind::MappingDrift => ("E108", Severity::Error),
                NoticeKind::MappingNewColumn => ("W109", Severity::Warning),
                NoticeKind::MappingUnused => ("W111", Severity::Warning),
                NoticeKind::Guess => ("I110", Severity::Info),
            };
            Finding {
                code: code.into(),
                severity,
                file: n.file.display().to_string(),
                sheet: n.sheet.clone(),
                cell: n.at.map(|a| a.a1()),
                row_id: None,
                message: n.message.clone(),
                hint: n.hint.clone(),
                at: n.at,
            }
        })
        .collect()
}
