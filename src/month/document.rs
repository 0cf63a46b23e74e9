//! The documents `pmo` writes, and the data each reports on.

use crate::model::Project;
use std::fmt;

/// The documents `pmo` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The monthly status report.
    Status,
    /// The project charter.
    Charter,
    /// The MB20-style draft.
    Mb20,
}

/// A kind of data a document reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The Project Information sheet.
    ProjectInfo,
    /// Budget lines.
    Budget,
    /// Risks.
    Risks,
    /// Issues.
    Issues,
    /// Milestones.
    Milestones,
    /// Stakeholders.
    Stakeholders,
}

impl Data {
    pub(super) fn present(self, p: &Project) -> bool {
        match self {
            Data::ProjectInfo => !p.info.fields.is_empty(),
            Data::Budget => !p.budget.is_empty(),
            Data::Risks => !p.risks.is_empty(),
            Data::Issues => !p.issues.is_empty(),
            Data::Milestones => !p.milestones.is_empty(),
            Data::Stakeholders => !p.stakeholders.is_empty(),
        }
    }
}

impl fmt::Display for Data {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Data::ProjectInfo => "Project Information",
            Data::Budget => "budget",
            Data::Risks => "risks",
            Data::Issues => "issues",
            Data::Milestones => "milestones",
            Data::Stakeholders => "stakeholders",
        })
    }
}

impl Document {
    /// What the document reports on.
    pub fn needs(self) -> &'static [Data] {
        use Data::*;
        match self {
            Document::Status => &[ProjectInfo, Budget, Risks, Issues, Milestones],
            Document::Charter => &[ProjectInfo, Budget, Risks, Milestones, Stakeholders],
            Document::Mb20 => &[ProjectInfo, Budget, Risks, Milestones],
        }
    }

    /// The document's name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Document::Status => "status report",
            Document::Charter => "charter",
            Document::Mb20 => "MB20 draft",
        }
    }

    /// The document's title after the project's name.
    pub fn title(self) -> &'static str {
        match self {
            Document::Status => "Monthly Status Report",
            Document::Charter => "Project Charter",
            Document::Mb20 => "MB20 Submission (draft)",
        }
    }

    /// The built-in template's file name (also the name `pmo templates
    /// export` writes it under).
    pub fn template(self) -> &'static str {
        match self {
            Document::Status => "status.md.j2",
            Document::Charter => "charter.md.j2",
            Document::Mb20 => "mb20.md.j2",
        }
    }

    /// The file name `pmo report` writes it under.
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Status => "status-report.docx",
            Document::Charter => "charter.docx",
            Document::Mb20 => "mb20-draft.docx",
        }
    }

    /// The marking on every page, if any.
    pub fn classification(self) -> Option<&'static str> {
        match self {
            Document::Mb20 => Some("Confidential Advice to Cabinet"),
            _ => None,
        }
    }

    /// Every document, in the order `pmo report` writes them.
    pub const ALL: [Document; 3] = [Document::Status, Document::Charter, Document::Mb20];
}
