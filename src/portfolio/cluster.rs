//! The cluster ledger: one export for every project, split among them
//! ([`super::split`]) and each project's postings handed to it, with the
//! postings that belong to no project listed with why.

use super::row;
use super::split::Unplaced;
use crate::ingest::Ingested;
use crate::model::{LedgerEntry, SheetId};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

/// A posting of the cluster ledger that belongs to no project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoProjectPosting {
    /// The ledger file.
    pub file: String,
    /// `Sheet!A12`.
    pub cell: String,
    /// Its cost centre.
    pub cost_centre: Option<String>,
    /// Its account.
    pub account: Option<String>,
    /// Its period.
    pub period: Option<String>,
    /// Its amount.
    #[serde(serialize_with = "row::money")]
    pub amount: Decimal,
    /// Its document number.
    pub document: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Why it is no project's, in words.
    pub reason: String,
}

/// How the cluster ledger was split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerSplit {
    /// The ledger file.
    pub file: String,
    /// Postings read.
    pub postings: usize,
    /// Postings given to a project.
    pub placed: usize,
    /// Every posting's amount, summed.
    #[serde(serialize_with = "row::money")]
    pub total: Decimal,
    /// The placed postings' amounts, summed.
    #[serde(serialize_with = "row::money")]
    pub placed_total: Decimal,
    /// The postings that belong to no project.
    pub no_project: Vec<NoProjectPosting>,
}

/// Splits the cluster ledger among projects (their `codes` and `labels`)
/// and hands each project read (`targets`, `None` for one that could not
/// be read) its postings.
pub(super) fn split_into(
    path: &Path,
    cluster: &mut Ingested,
    codes: &[BTreeSet<String>],
    labels: &[String],
    targets: Vec<Option<&mut Ingested>>,
) -> LedgerSplit {
    let entries = std::mem::take(&mut cluster.project.ledger);
    let s = super::split::split(&entries, codes);
    let no_project: Vec<NoProjectPosting> = s
        .unplaced
        .iter()
        .map(|(i, why)| {
            let e = &entries[*i];
            let (file, cell) = cluster.project.place(e.at);
            let reason = match why {
                Unplaced::NoCostCentre => {
                    "no cost centre: which project it is cannot be told".to_string()
                }
                Unplaced::NoProject => "no project names its cost centre".to_string(),
                Unplaced::Ambiguous(ps) => format!(
                    "ambiguous: its cost centre is named by {}; given to neither",
                    ps.iter()
                        .map(|p| format!("'{}'", labels[*p]))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            };
            NoProjectPosting {
                file,
                cell,
                cost_centre: e.cost_centre.as_deref().map(str::to_string),
                account: e.account.as_deref().map(str::to_string),
                period: e.period.map(|p| p.to_string()),
                amount: e.amount,
                document: e.document.as_deref().map(str::to_string),
                description: e.description.as_deref().map(str::to_string),
                reason,
            }
        })
        .collect();
    let total: Decimal = entries.iter().map(|e| e.amount).sum();
    let unplaced_total: Decimal = no_project.iter().map(|p| p.amount).sum();
    let mut pool: Vec<Option<LedgerEntry>> = entries.into_iter().map(Some).collect();
    for (target, mine) in targets.into_iter().zip(&s.by_project) {
        if let Some(ing) = target {
            let posts = mine.iter().filter_map(|&i| pool[i].take());
            give(ing, cluster, posts);
        }
    }
    LedgerSplit {
        file: path.display().to_string(),
        postings: pool.len(),
        placed: pool.len() - no_project.len(),
        total,
        placed_total: total - unplaced_total,
        no_project,
    }
}

/// Adds `posts` (from `cluster`'s ledger sheets) to a project read as `ing`.
fn give(ing: &mut Ingested, cluster: &Ingested, posts: impl Iterator<Item = LedgerEntry>) {
    let mut map = rustc_hash::FxHashMap::default();
    for mut e in posts {
        let id = *map.entry(e.at.sheet).or_insert_with(|| {
            let mut src = cluster.project.sources[e.at.sheet.0 as usize].clone();
            src.rows = 0;
            ing.project.sources.push(src);
            SheetId(ing.project.sources.len() as u32 - 1)
        });
        ing.project.sources[id.0 as usize].rows += 1;
        e.at.sheet = id;
        ing.project.ledger.push(e);
    }
}
