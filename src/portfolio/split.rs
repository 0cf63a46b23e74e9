//! One ledger export for the whole cluster, split by each project's cost
//! centres (and project IDs used as cost centre or project codes).
//!
//! Every posting lands in exactly one place: one project, or the list of
//! postings that belong to no project, with why. Nothing is guessed: a
//! posting with no cost centre, or on a cost centre no project names, is
//! no project's; a posting on a cost centre two projects name is listed as
//! ambiguous and given to neither.

use crate::model::LedgerEntry;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// Why a posting belongs to no project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// The posting names no cost centre.
    NoCostCentre,
    /// No project names its cost centre.
    NoProject,
    /// Several projects name its cost centre (their indexes).
    Ambiguous(Vec<usize>),
}

/// The ledger, split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// For each project (by index), the indexes of its postings.
    pub by_project: Vec<Vec<usize>>,
    /// Postings that belong to no project, with why.
    pub unplaced: Vec<(usize, Unplaced)>,
}

impl Split {
    /// How many postings were placed or listed: always the ledger's count.
    pub fn accounted(&self) -> usize {
        self.by_project.iter().map(Vec::len).sum::<usize>() + self.unplaced.len()
    }
}

/// Splits `ledger` among projects, each given by the codes its postings
/// carry in the cost centre column (its cost centres and project ID).
pub fn split(ledger: &[LedgerEntry], projects: &[BTreeSet<String>]) -> Split {
    let mut owners: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (p, codes) in projects.iter().enumerate() {
        for c in codes {
            let owners = owners.entry(c.as_str()).or_default();
            if !owners.contains(&p) {
                owners.push(p);
            }
        }
    }
    let mut out = Split {
        by_project: vec![Vec::new(); projects.len()],
        unplaced: Vec::new(),
    };
    for (i, e) in ledger.iter().enumerate() {
        let Some(cc) = e
            .cost_centre
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        else {
            out.unplaced.push((i, Unplaced::NoCostCentre));
            continue;
        };
        match owners.get(cc).map(Vec::as_slice) {
            None | Some([]) => out.unplaced.push((i, Unplaced::NoProject)),
            Some([p]) => out.by_project[*p].push(i),
            Some(many) => out.unplaced.push((i, Unplaced::Ambiguous(many.to_vec()))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, SheetId};
    use rust_decimal::Decimal;

    fn post(cc: Option<&str>) -> LedgerEntry {
        LedgerEntry {
            at: CellRef {
                sheet: SheetId(0),
                row: 1,
                col: 0,
            },
            date: None,
            period: None,
            account: None,
            cost_centre: cc.map(Into::into),
            amount: Decimal::ONE,
            document: None,
            reverses: None,
            vendor: None,
            description: None,
        }
    }

    #[test]
    fn every_posting_once_and_nothing_guessed() {
        let ledger: Vec<LedgerEntry> = [
            Some("4410"),
            Some("5520"),
            None,
            Some("9999"),
            Some("7777"),
            Some(" 4410 "),
        ]
        .into_iter()
        .map(post)
        .collect();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let projects = [set(&["4410", "7777"]), set(&["5520", "7777"])];
        let s = split(&ledger, &projects);
        assert_eq!(s.by_project, vec![vec![0, 5], vec![1]]);
        assert_eq!(
            s.unplaced,
            vec![
                (2, Unplaced::NoCostCentre),
                (3, Unplaced::NoProject),
                (4, Unplaced::Ambiguous(vec![0, 1]))
            ]
        );
        assert_eq!(s.accounted(), ledger.len());
    }
}
