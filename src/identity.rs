//! Which project a workbook belongs to, so two projects are never read into
//! one [`Project`].
//!
//! A project's identity is what its Project Information says — name,
//! project ID, cost centre(s) — and, in a file without that sheet, what the
//! file says in the `Label: value` cells above its tables (`Project: …`,
//! `Cost Centre: 4410`; a `Cost Centre:` cell counts beside Project
//! Information too). Workbooks are grouped *after* ingest: each file's
//! identity is taken from what was read ([`of_files`]), files whose
//! identities agree are one project ([`group`]), and a file that names no
//! project joins the project the others name. A file that holds only ledger
//! sheets names no project: a ledger export is tied out, not identified
//! (see [`ledger_fit`] for how a ledger of another project is caught).
//!
//! Two identities are the same project when their project IDs are equal;
//! failing IDs on both, when their names are equal (case, spacing and
//! punctuation aside); failing names too, when their cost centres overlap
//! or one of them names none (nothing tells them apart).

use crate::definition::{normalise_header, Definitions};
use crate::ingest::{FileReport, Ingested, Options};
use crate::model::ProjectInfo;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod fit;

pub use fit::{ledger_fit, Codes, LedgerFit};

/// One project's identity and the files that carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Project Name.
    pub name: Option<String>,
    /// Project ID (or project code).
    pub project_id: Option<String>,
    /// Cost centres, sorted, each once.
    pub cost_centres: BTreeSet<String>,
    /// The files whose identity this is.
    pub files: Vec<PathBuf>,
}

/// Lower case, letters and digits only, single spaces: how names compare.
fn key(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cost centre cell may list several: "4410, 4415" or "4410 / 4415".
pub fn cost_centres_in(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split([',', ';', '/', '&'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Identity {
    /// Nothing names a project.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.project_id.is_none() && self.cost_centres.is_empty()
    }

    /// Whether `self` and `other` name one project (see the module doc).
    /// An empty identity names none and is no project's.
    pub fn same_project(&self, other: &Identity) -> bool {
        let both = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => Some(key(a) == key(b)),
            _ => None,
        };
        if let Some(same) = both(&self.project_id, &other.project_id) {
            return same;
        }
        if let Some(same) = both(&self.name, &other.name) {
            return same;
        }
        // Nothing else contradicts: only cost centres both name can.
        self.cost_centres.is_empty()
            || other.cost_centres.is_empty()
            || !self.cost_centres.is_disjoint(&other.cost_centres)
    }

    /// Adds what `other` says to `self` (the files, a name or ID `self`
    /// lacks, the cost centres).
    pub fn absorb(&mut self, other: Identity) {
        if self.name.is_none() {
            self.name = other.name;
        }
        if self.project_id.is_none() {
            self.project_id = other.project_id;
        }
        self.cost_centres.extend(other.cost_centres);
        for f in other.files {
            if !self.files.contains(&f) {
                self.files.push(f);
            }
        }
    }

    /// The project as a person names it: `Licence Renewal (LRM-2025-014)`,
    /// else the ID, else `cost centre 4410`, else the first file.
    pub fn label(&self) -> String {
        match (&self.name, &self.project_id) {
            (Some(n), Some(id)) => format!("{n} ({id})"),
            (Some(n), None) => n.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => match self.cost_centres.iter().next() {
                Some(cc) => format!("cost centre {cc}"),
                None => self
                    .files
                    .first()
                    .map(|f| f.display().to_string())
                    .unwrap_or_else(|| "(no project named)".into()),
            },
        }
    }

    /// The project's name, else its ID, else [`Identity::label`].
    pub fn label_name(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.project_id.clone())
            .unwrap_or_else(|| self.label())
    }

    /// A name fit for a folder: the project ID, else the name, else the
    /// first file's stem; letters, digits, `-` and `_` only.
    pub fn slug(&self) -> String {
        let base = self
            .project_id
            .clone()
            .or_else(|| self.name.clone())
            .or_else(|| self.cost_centres.iter().next().map(|c| format!("cc-{c}")))
            .or_else(|| {
                self.files
                    .first()
                    .and_then(|f| f.file_stem())
                    .map(|s| s.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "project".into());
        let slug: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug.trim_matches('-').to_string();
        if slug.is_empty() {
            "project".into()
        } else {
            slug
        }
    }

    /// The identity Project Information gives.
    pub fn from_info(info: &ProjectInfo) -> Identity {
        let text = |k: &str| {
            info.text(k)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        Identity {
            name: text("name"),
            project_id: text("project_id"),
            cost_centres: info
                .text("cost_centre")
                .map(|t| cost_centres_in(t).collect())
                .unwrap_or_default(),
            files: Vec::new(),
        }
    }
}

/// The `Label: value` cells of `file`'s non-ledger sheets that name a
/// project: the labels Project Information's name, ID and cost centre
/// answer to.
fn from_parameters(report: &FileReport, defs: &Definitions) -> Identity {
    let names = |k: &str| defs.names_of("project-info", k);
    let (name, id, cc) = (names("name"), names("project_id"), names("cost_centre"));
    let mut out = Identity::default();
    for sheet in report
        .sheets
        .iter()
        .filter(|s| s.kind.as_deref() != Some("ledger"))
    {
        for (label, value) in &sheet.parameters {
            let label = normalise_header(label);
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if id.contains(&label) && out.project_id.is_none() {
                out.project_id = Some(value.to_string());
            } else if name.contains(&label) && out.name.is_none() {
                out.name = Some(value.to_string());
            } else if cc.contains(&label) {
                out.cost_centres.extend(cost_centres_in(value));
            }
        }
    }
    out
}

/// Whether every sheet `file` was read as is a ledger export (or nothing
/// was read from it).
fn ledger_only(report: &FileReport) -> bool {
    report
        .sheets
        .iter()
        .filter_map(|s| s.kind.as_deref())
        .all(|k| k == "ledger")
}

/// Each file's identity, in the order read, leaving out the files in `skip`
/// (the ledger exports given as such) and files of ledger sheets only.
///
/// Project Information read from two files is merged by ingest (the last
/// value wins), so when more than one file has that sheet, each of them is
/// read again on its own to learn what it said.
///
/// # Errors
///
/// A file that cannot be read again (it could a moment ago).
pub fn of_files(
    read: &Ingested,
    defs: &Definitions,
    opts: &Options,
    skip: &[PathBuf],
) -> Result<Vec<Identity>, crate::Error> {
    let project = &read.project;
    let info_files: BTreeSet<&Path> = project
        .sources
        .iter()
        .filter(|s| s.kind == "project-info")
        .map(|s| s.file.as_path())
        .collect();
    let mut out = Vec::new();
    for report in &read.files {
        let path = PathBuf::from(&report.path);
        if skip.iter().any(|s| crate::month::same_file(s, &path)) || ledger_only(report) {
            continue;
        }
        let cells = from_parameters(report, defs);
        let mut id = if !info_files.contains(path.as_path()) {
            cells
        } else {
            let mut id = if info_files.len() == 1 {
                Identity::from_info(&project.info)
            } else {
                let alone = crate::ingest::ingest(std::slice::from_ref(&path), defs, opts)?;
                Identity::from_info(&alone.project.info)
            };
            // A tracker's `Cost Centre:` cell names what it spends on even
            // beside Project Information (its name and ID come from there).
            id.cost_centres.extend(cells.cost_centres);
            id
        };
        id.files = vec![path];
        out.push(id);
    }
    Ok(out)
}

/// The projects `ids` name: identities that are one project merged, in the
/// order first seen. A file that names no project joins the first project
/// when there is exactly one; with none, all files are one unnamed project.
/// With several, the files naming none are returned apart (second value):
/// which project they belong to cannot be told.
pub fn group(ids: Vec<Identity>) -> (Vec<Identity>, Vec<PathBuf>) {
    let mut projects: Vec<Identity> = Vec::new();
    let mut anonymous = Vec::new();
    for id in ids {
        if id.is_empty() {
            anonymous.extend(id.files);
            continue;
        }
        match projects.iter_mut().find(|p| p.same_project(&id)) {
            Some(p) => p.absorb(id),
            None => projects.push(id),
        }
    }
    match projects.len() {
        0 if !anonymous.is_empty() => (
            vec![Identity {
                files: anonymous,
                ..Identity::default()
            }],
            Vec::new(),
        ),
        1 => {
            projects[0].files.extend(anonymous);
            (projects, Vec::new())
        }
        _ => (projects, anonymous),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: Option<&str>, pid: Option<&str>, cc: &[&str]) -> Identity {
        Identity {
            name: name.map(Into::into),
            project_id: pid.map(Into::into),
            cost_centres: cc.iter().map(|c| c.to_string()).collect(),
            files: vec![PathBuf::from(format!("{name:?}{pid:?}.xlsx"))],
        }
    }

    #[test]
    fn ids_decide_then_names_then_cost_centres() {
        let a = id(Some("Licence Renewal"), Some("LRM-1"), &["4410"]);
        assert!(a.same_project(&id(Some("licence  renewal."), None, &[])));
        assert!(a.same_project(&id(Some("Another name"), Some("lrm-1"), &[])));
        assert!(!a.same_project(&id(Some("Licence Renewal"), Some("LRM-2"), &[])));
        assert!(!a.same_project(&id(Some("Road Safety"), None, &["4410"])));
        assert!(a.same_project(&id(None, None, &["4410", "4415"])));
        assert!(!a.same_project(&id(None, None, &["5520"])));
        assert!(id(Some("A"), None, &[]).same_project(&id(None, None, &["5520"])));
    }

    #[test]
    fn unnamed_files_join_the_one_project_or_stay_apart() {
        let anon = Identity {
            files: vec!["risks.xlsx".into()],
            ..Identity::default()
        };
        let a = id(Some("A"), None, &[]);
        let (one, apart) = group(vec![a.clone(), anon.clone()]);
        assert_eq!((one.len(), one[0].files.len(), apart.len()), (1, 2, 0));
        let (two, apart) = group(vec![a, id(Some("B"), None, &[]), anon]);
        assert_eq!((two.len(), apart), (2, vec![PathBuf::from("risks.xlsx")]));
    }

    #[test]
    fn cost_centre_lists_split() {
        let v: Vec<String> = cost_centres_in("4410, 4415 / 4420").collect();
        assert_eq!(v, ["4410", "4415", "4420"]);
        let s = id(Some("Road Safety: Phase 2"), None, &[]).slug();
        assert_eq!(s, "Road-Safety--Phase-2");
    }
}
