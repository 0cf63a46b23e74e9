//! Which workbooks are which project: a sub-folder per project, and the
//! workbooks lying loose in a folder grouped by their identity
//! ([`crate::identity`]).

use crate::month::{same_file, workbooks, Error};
use std::path::{Path, PathBuf};

/// Where a project's workbooks were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The sub-folder holding them (a project per sub-folder), or `None`
    /// for workbooks lying loose in a folder, grouped by identity.
    pub folder: Option<PathBuf>,
    /// The workbooks.
    pub files: Vec<PathBuf>,
}

/// The folders given, split into sub-folders (one candidate each, sorted)
/// and the workbooks lying loose in them (and any file given by name).
/// `skip` (the cluster ledger, the output folder) is in neither; a
/// sub-folder holding no workbook is left out.
///
/// # Errors
///
/// A folder that cannot be listed.
pub fn candidates(
    inputs: &[PathBuf],
    skip: &[PathBuf],
) -> Result<(Vec<Candidate>, Vec<PathBuf>), Error> {
    let keep = |f: &PathBuf| !skip.iter().any(|s| same_file(s, f));
    let mut folders = Vec::new();
    let mut loose = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            if keep(input) {
                loose.push(input.clone());
            }
            continue;
        }
        let mut subs: Vec<PathBuf> = list(input)?.into_iter().filter(|p| p.is_dir()).collect();
        subs.sort();
        for sub in subs.into_iter().filter(|d| keep(d)) {
            // A sub-folder with no workbook (an output folder, notes) is
            // not a project.
            let Ok(files) = workbooks(std::slice::from_ref(&sub)) else {
                continue;
            };
            let files: Vec<PathBuf> = files.into_iter().filter(keep).collect();
            if !files.is_empty() {
                folders.push(Candidate {
                    folder: Some(sub),
                    files,
                });
            }
        }
        if let Ok(files) = workbooks(std::slice::from_ref(input)) {
            loose.extend(files.into_iter().filter(keep));
        }
    }
    Ok((folders, loose))
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
}
