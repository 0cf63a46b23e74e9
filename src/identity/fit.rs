//! Whether a ledger export is a project's: how many of its postings are on
//! the cost centres (or accounts) the project spends on.

use super::{cost_centres_in, Identity};
use crate::model::{LedgerEntry, Project};
use std::collections::{BTreeMap, BTreeSet};

/// The cost centres and accounts a project spends on: its identity's cost
/// centres and those and the accounts of its budget lines.
#[derive(Debug, Clone, Default)]
pub struct Codes {
    /// Cost centres.
    pub cost_centres: BTreeSet<String>,
    /// Accounts.
    pub accounts: BTreeSet<String>,
}

impl Codes {
    /// What `project` (of identity `id`) spends on.
    pub fn of(project: &Project, id: &Identity) -> Codes {
        let mut c = Codes {
            cost_centres: id.cost_centres.clone(),
            ..Codes::default()
        };
        for line in &project.budget {
            if let Some(cc) = line.cost_centre() {
                c.cost_centres.extend(cost_centres_in(cc));
            }
            if let Some(a) = line.account() {
                c.accounts.insert(a.trim().to_string());
            }
        }
        c
    }
}

/// How well a ledger export fits the project it is tied out to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerFit {
    /// Postings read.
    pub postings: usize,
    /// Postings on one of the project's cost centres (or, when the ledger
    /// or the project names none, on one of its accounts).
    pub on_project: usize,
    /// Whether cost centres were compared (else accounts).
    pub by_cost_centre: bool,
    /// The ledger's cost centres with their postings, most first.
    pub ledger_cost_centres: Vec<(String, usize)>,
}

impl LedgerFit {
    /// Whether the ledger looks like another project's: fewer than
    /// `min_share_pct` percent of its postings (none, or fewer than half,
    /// by default) are on the project's codes.
    pub fn foreign(&self, min_share_pct: u32) -> bool {
        self.postings > 0 && self.on_project * 100 < self.postings * min_share_pct as usize
    }

    /// The ledger's cost centres in words: `4410 (120 postings), 5520 (3)`.
    pub fn cost_centres_words(&self) -> String {
        if self.ledger_cost_centres.is_empty() {
            return "no cost centre".into();
        }
        let mut parts: Vec<String> = self
            .ledger_cost_centres
            .iter()
            .take(5)
            .enumerate()
            .map(|(i, (cc, n))| match i {
                0 => format!("{cc} ({n} posting(s))"),
                _ => format!("{cc} ({n})"),
            })
            .collect();
        if self.ledger_cost_centres.len() > 5 {
            parts.push(format!("and {} more", self.ledger_cost_centres.len() - 5));
        }
        parts.join(", ")
    }
}

/// How many of `ledger`'s postings are on the project's cost centres (when
/// both the project and the ledger name some), else on its accounts.
pub fn ledger_fit(ledger: &[LedgerEntry], codes: &Codes) -> LedgerFit {
    let mut by_cc: BTreeMap<&str, usize> = BTreeMap::new();
    for e in ledger {
        if let Some(cc) = e.cost_centre.as_deref() {
            *by_cc.entry(cc.trim()).or_default() += 1;
        }
    }
    let by_cost_centre = !codes.cost_centres.is_empty() && !by_cc.is_empty();
    let on_project = if by_cost_centre {
        by_cc
            .iter()
            .filter(|(cc, _)| codes.cost_centres.contains(**cc))
            .map(|(_, n)| n)
            .sum()
    } else if codes.accounts.is_empty() {
        ledger.len()
    } else {
        ledger
            .iter()
            .filter(|e| {
                e.account.as_deref().is_some_and(|a| {
                    codes.accounts.contains(a.trim())
                        || a.split(['-', '.', '/', ' ', '_'])
                            .any(|s| codes.accounts.contains(s))
                })
            })
            .count()
    };
    let mut ledger_cost_centres: Vec<(String, usize)> =
        by_cc.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
    ledger_cost_centres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    LedgerFit {
        postings: ledger.len(),
        on_project,
        by_cost_centre,
        ledger_cost_centres,
    }
}
