//! Many projects, kept apart: `pmo portfolio`.
//!
//! The workbooks are grouped into projects ([`group`]: a sub-folder per
//! project, or, for workbooks lying loose in a folder, their identity), each
//! project is read in parallel and worked out as its own [`Month`], and one
//! cluster ledger export is split among them by cost centre ([`split`]):
//! every posting goes to exactly one project or to the list of postings
//! that belong to none. A project that cannot be read becomes an entry
//! saying why; it never stops the others.
//!
//! What each project's line in the roll-up holds is in [`row`]; the change
//! since last month's `portfolio.json` in [`previous`].

pub mod cluster;
pub mod group;
pub mod previous;
pub mod rollup;
pub mod row;
pub mod split;

use crate::identity::{self, Codes, Identity};
use crate::ingest::mapping::Mapping;
use crate::ingest::{ingest, ingest_mapped, Ingested};
use crate::month::{Error, Month, Plan};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use cluster::{LedgerSplit, NoProjectPosting};
pub use group::Candidate;
pub use previous::{Change, Previous};
pub use row::{ProjectRow, Totals};
pub use split::{Split, Unplaced};

/// What to read: the project folders and the cluster ledger, with the
/// month's settings every project is read with.
#[derive(Debug, Clone)]
pub struct PortfolioPlan {
    /// Folders of project sub-folders (or of workbooks), or workbooks.
    pub inputs: Vec<PathBuf>,
    /// The cluster's ledger export, split among the projects.
    pub ledger: Option<PathBuf>,
    /// The folder the outputs go to: never read as a project, should it
    /// lie among the inputs.
    pub output: Option<PathBuf>,
    /// Definitions, calendar, as-of, thresholds and today, for every
    /// project (its inputs, ledger and previous are ignored).
    pub month: Plan,
}

/// One project, read (or not).
#[derive(Debug)]
pub struct Entry {
    /// The key its outputs are written under: the sub-folder's name, else
    /// the identity's [`Identity::slug`]; unique in the portfolio.
    pub key: String,
    /// Its identity.
    pub identity: Identity,
    /// Its workbooks.
    pub files: Vec<PathBuf>,
    /// The month, or why the project could not be read.
    pub month: Result<Month, String>,
}

/// The portfolio, read.
#[derive(Debug)]
pub struct Read {
    /// Every project, in order: sub-folders (sorted), then the projects of
    /// loose workbooks.
    pub entries: Vec<Entry>,
    /// Workbooks that are no project's, with why.
    pub unplaced_files: Vec<(PathBuf, String)>,
    /// The cluster ledger's split, when one was given.
    pub ledger: Option<LedgerSplit>,
}

/// One group of workbooks on its way to being a project.
struct Item {
    folder: Option<PathBuf>,
    files: Vec<PathBuf>,
    read: Result<(Ingested, Identity), String>,
}

/// Reads the portfolio; `progress(done, total)` is called as each project
/// is worked out (from any thread).
///
/// # Errors
///
/// A folder that cannot be listed, inputs holding no workbook, or a
/// cluster ledger that cannot be read or holds no ledger sheet. A project
/// that cannot be read is an [`Entry`] saying why, not an error.
pub fn read(plan: &PortfolioPlan, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Read, Error> {
    let skip: Vec<PathBuf> = plan.ledger.iter().chain(&plan.output).cloned().collect();
    let (folders, loose) = group::candidates(&plan.inputs, &skip)?;
    if folders.is_empty() && loose.is_empty() {
        let path = plan.inputs.first().cloned().unwrap_or_default();
        return Err(Error::EmptyFolder { path });
    }
    let (cluster, items) = rayon::join(
        || {
            plan.ledger
                .as_ref()
                .map(|l| read_ledger(plan, l))
                .transpose()
        },
        || read_items(plan, folders, loose),
    );
    let cluster = cluster?;
    let (mut items, unplaced_files) = items;
    let codes: Vec<BTreeSet<String>> = items
        .iter()
        .map(|it| match &it.read {
            Ok((ing, id)) => {
                let c = Codes::of(&ing.project, id);
                let mut set = c.cost_centres;
                set.extend(id.project_id.iter().map(|p| p.trim().to_string()));
                set
            }
            Err(_) => BTreeSet::new(),
        })
        .collect();
    let labels: Vec<String> = items
        .iter()
        .map(|it| match &it.read {
            Ok((_, id)) => id.label(),
            Err(_) => it
                .files
                .first()
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    let ledger = cluster.map(|(path, mut ing)| {
        let targets = items
            .iter_mut()
            .map(|it| it.read.as_mut().ok().map(|(ing, _)| ing))
            .collect();
        let split = cluster::split_into(&path, &mut ing, &codes, &labels, targets);
        for it in items.iter_mut().filter(|it| it.read.is_ok()) {
            it.files.push(path.clone());
        }
        split
    });
    let total = items.len();
    let done = AtomicUsize::new(0);
    let mut entries: Vec<Entry> = items
        .into_par_iter()
        .map(|it| {
            let e = work_out(plan, it);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            e
        })
        .collect();
    unique_keys(&mut entries);
    Ok(Read {
        entries,
        unplaced_files,
        ledger,
    })
}

fn read_ledger(plan: &PortfolioPlan, path: &PathBuf) -> Result<(PathBuf, Ingested), Error> {
    let m = &plan.month;
    let ing = ingest(std::slice::from_ref(path), &m.definitions, &m.options)?;
    if ing.project.ledger.is_empty() && !ing.project.sources.iter().any(|s| s.kind == "ledger") {
        return Err(Error::NotALedger { path: path.clone() });
    }
    Ok((path.clone(), ing))
}

/// Reads the sub-folders and the loose workbooks, in parallel, and groups
/// the loose ones by identity.
fn read_items(
    plan: &PortfolioPlan,
    folders: Vec<Candidate>,
    loose: Vec<PathBuf>,
) -> (Vec<Item>, Vec<(PathBuf, String)>) {
    let m = &plan.month;
    let mut items: Vec<Item> = folders
        .into_par_iter()
        .map(|c| {
            // A project folder's own mapping file (`pmo-map.toml`) pins
            // how its workbooks are read, as for `report`.
            let read = Mapping::beside(&c.files)
                .map(|p| Mapping::load(&p))
                .transpose()
                .and_then(|map| ingest_mapped(&c.files, &m.definitions, &m.options, map.as_ref()))
                .map_err(|e| error_chain(&e))
                .and_then(|ing| identify(plan, ing, c.folder.as_deref()));
            Item {
                folder: c.folder,
                files: c.files,
                read,
            }
        })
        .collect();
    let alone: Vec<(PathBuf, Result<Ingested, String>)> = loose
        .into_par_iter()
        .map(|f| {
            let r = ingest(std::slice::from_ref(&f), &m.definitions, &m.options);
            (f, r.map_err(|e| error_chain(&e)))
        })
        .collect();
    let (more, unplaced) = group_loose(plan, alone);
    items.extend(more);
    (items, unplaced)
}

/// The identity of one folder's workbooks, or why they are not one project.
fn identify(
    plan: &PortfolioPlan,
    ing: Ingested,
    folder: Option<&std::path::Path>,
) -> Result<(Ingested, Identity), String> {
    let m = &plan.month;
    let ids =
        identity::of_files(&ing, &m.definitions, &m.options, &[]).map_err(|e| error_chain(&e))?;
    let (mut projects, apart) = identity::group(ids);
    if projects.len() > 1 {
        let names: Vec<String> = projects
            .iter()
            .map(|p| format!("'{}'", p.label()))
            .collect();
        let place = folder.map_or("the workbooks".to_string(), |f| {
            format!("folder '{}'", f.display())
        });
        return Err(format!(
            "{place} holds workbooks of {} projects ({}); give each project its own sub-folder",
            projects.len(),
            names.join(", ")
        ));
    }
    let mut id = projects.pop().unwrap_or_default();
    id.files.extend(apart);
    Ok((ing, id))
}

/// Groups workbooks read one by one into projects by identity; a group of
/// several is read again as one.
fn group_loose(
    plan: &PortfolioPlan,
    alone: Vec<(PathBuf, Result<Ingested, String>)>,
) -> (Vec<Item>, Vec<(PathBuf, String)>) {
    let m = &plan.month;
    let mut items = Vec::new();
    let mut unplaced = Vec::new();
    let mut ids = Vec::new();
    let mut reads = Vec::new();
    for (f, r) in alone {
        match r {
            Err(why) => items.push(Item {
                folder: None,
                files: vec![f],
                read: Err(why),
            }),
            Ok(ing) => match identity::of_files(&ing, &m.definitions, &m.options, &[]) {
                Ok(found) if found.is_empty() => unplaced.push((
                    f,
                    "a ledger export among the project workbooks: give it with --ledger"
                        .to_string(),
                )),
                Ok(found) => {
                    ids.extend(found);
                    reads.push((f, ing));
                }
                Err(e) => items.push(Item {
                    folder: None,
                    files: vec![f],
                    read: Err(error_chain(&e)),
                }),
            },
        }
    }
    let (projects, apart) = if ids.iter().all(Identity::is_empty) && ids.len() > 1 {
        // Nothing names any project: each workbook is its own.
        (ids, Vec::new())
    } else {
        identity::group(ids)
    };
    for f in apart {
        unplaced.push((
            f,
            "it names no project (no Project Information, no Project or Cost Centre cell): put it in its project's sub-folder".to_string(),
        ));
    }
    // A project of one workbook keeps the reading it has; one of several
    // is read again as one.
    let mut reads: rustc_hash::FxHashMap<PathBuf, Ingested> = reads.into_iter().collect();
    let work: Vec<(Identity, Option<Ingested>)> = projects
        .into_iter()
        .map(|id| {
            let alone = match id.files.as_slice() {
                [one] => reads.remove(one),
                _ => None,
            };
            (id, alone)
        })
        .collect();
    let groups: Vec<Item> = work
        .into_par_iter()
        .map(|(id, alone)| {
            let files = id.files.clone();
            let read = match alone {
                Some(ing) => Ok(ing),
                None => ingest_mapped(&files, &m.definitions, &m.options, None)
                    .map_err(|e| error_chain(&e)),
            };
            Item {
                folder: None,
                files,
                read: read.map(|ing| (ing, id)),
            }
        })
        .collect();
    items.extend(groups);
    (items, unplaced)
}

/// Works one item out into its month.
fn work_out(plan: &PortfolioPlan, it: Item) -> Entry {
    let key = it
        .folder
        .as_ref()
        .and_then(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    match it.read {
        Err(why) => {
            let id = Identity {
                files: it.files.clone(),
                ..Identity::default()
            };
            Entry {
                key: key.unwrap_or_else(|| id.slug()),
                identity: id,
                files: it.files,
                month: Err(why),
            }
        }
        Ok((ing, id)) => {
            let mut p = plan.month.clone();
            p.inputs = it.files.clone();
            (p.ledger, p.previous, p.mapping) = (Vec::new(), Vec::new(), None);
            let month = Month::from_read(&p, it.files.clone(), ing).map_err(|e| error_chain(&e));
            Entry {
                key: key.unwrap_or_else(|| id.slug()),
                identity: id,
                files: it.files,
                month,
            }
        }
    }
}

/// The error and its causes, on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// Makes keys unique: a second `x` becomes `x-2`.
fn unique_keys(entries: &mut [Entry]) {
    let mut seen = BTreeSet::new();
    for e in entries.iter_mut() {
        let base = e.key.clone();
        let mut n = 1;
        while !seen.insert(e.key.to_ascii_lowercase()) {
            n += 1;
            e.key = format!("{base}-{n}");
        }
    }
}
