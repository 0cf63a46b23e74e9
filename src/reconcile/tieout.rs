//! The tie-out: the tracker's actuals against the finance ledger, by GL
//! account (and cost centre, when both sides give one) and fiscal period.
//!
//! Every posting and every tracker actual lands in exactly one bucket,
//! matched or unmatched, so `ledger total = matched + unmatched` and
//! `tracker total = matched + unmatched` hold exactly; [`tie_out`] checks it.
//! Differences are **ledger − tracker**: positive means the ledger holds
//! more than the tracker.

use super::variance::{money, opt_money};
use crate::model::{CellRef, FiscalPeriod, LedgerEntry, Project};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What kind of exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Both sides have the account and period, with different sums.
    AmountMismatch,
    /// Postings on an account no tracker line carries (or with no account,
    /// no period, or another cost centre).
    LedgerUnmatched,
    /// A tracker actual with no postings behind it.
    TrackerUnmatched,
    /// The same document posted twice on an account with the same amount,
    /// or the same amount, date and vendor under different documents.
    PossibleDuplicate,
}

impl std::fmt::Display for ExceptionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ExceptionKind::AmountMismatch => "amount_mismatch",
            ExceptionKind::LedgerUnmatched => "ledger_unmatched",
            ExceptionKind::TrackerUnmatched => "tracker_unmatched",
            ExceptionKind::PossibleDuplicate => "possible_duplicate",
        })
    }
}

/// One exception, with the documents and cells behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// The kind.
    pub kind: ExceptionKind,
    /// GL account.
    pub account: Option<String>,
    /// Fiscal period.
    pub period: Option<FiscalPeriod>,
    /// The tracker's actual (null for duplicates).
    #[serde(serialize_with = "opt_money")]
    pub tracker: Option<Decimal>,
    /// The ledger's sum.
    #[serde(serialize_with = "opt_money")]
    pub ledger: Option<Decimal>,
    /// ledger − tracker (for duplicates: the amount counted twice).
    #[serde(serialize_with = "opt_money")]
    pub difference: Option<Decimal>,
    /// Ledger document numbers involved.
    pub documents: Vec<String>,
    /// Cells involved, tracker's then ledger's (`Budget!AT12`, `'GL Detail'!G150`).
    pub cells: Vec<String>,
    /// Tracker lines involved.
    pub lines: Vec<String>,
}

/// One account × period comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieRow {
    /// GL account.
    pub account: String,
    /// Fiscal period.
    pub period: FiscalPeriod,
    /// Tracker actual.
    #[serde(serialize_with = "money")]
    pub tracker: Decimal,
    /// Ledger sum.
    #[serde(serialize_with = "money")]
    pub ledger: Decimal,
    /// ledger − tracker.
    #[serde(serialize_with = "money")]
    pub difference: Decimal,
    /// Postings behind the ledger sum.
    pub postings: usize,
}

/// A posting and its reversal, netting to zero: not an exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reversal {
    /// GL account.
    pub account: String,
    /// The two documents.
    pub documents: Vec<String>,
    /// The amount posted (and reversed).
    #[serde(serialize_with = "money")]
    pub amount: Decimal,
    /// The two cells.
    pub cells: Vec<String>,
}

/// The tie-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieOut {
    /// Every tracker actual.
    #[serde(serialize_with = "money")]
    pub tracker_actual: Decimal,
    /// Every posting.
    #[serde(serialize_with = "money")]
    pub ledger_total: Decimal,
    /// ledger_total − tracker_actual.
    #[serde(serialize_with = "money")]
    pub difference: Decimal,
    /// Tracker actuals with postings on their account and period.
    #[serde(serialize_with = "money")]
    pub tracker_matched: Decimal,
    /// Tracker actuals with none.
    #[serde(serialize_with = "money")]
    pub tracker_unmatched: Decimal,
    /// Postings on an account and period the tracker carries.
    #[serde(serialize_with = "money")]
    pub ledger_matched: Decimal,
    /// Postings that match no tracker line.
    #[serde(serialize_with = "money")]
    pub ledger_unmatched: Decimal,
    /// Account × period comparisons.
    pub rows: Vec<TieRow>,
    /// Exceptions, by kind, account and period.
    pub exceptions: Vec<Exception>,
    /// Postings reversed in full.
    pub reversals: Vec<Reversal>,
}

/// The tracker's account within a ledger account string. Finance exports
/// often give the whole chart-of-accounts combination ("10482-512345-0000")
/// where the tracker carries the natural account alone ("512345"): when
/// exactly one segment is an account the tracker knows, that is the match.
fn resolve_account<'b>(name: &'b str, known: &rustc_hash::FxHashSet<&str>) -> &'b str {
    if known.contains(name) {
        return name;
    }
    let mut hits = name
        .split(['-', '.', '/', ' ', '_'])
        .filter(|s| known.contains(s));
    match (hits.next(), hits.next()) {
        (Some(one), None) => one,
        _ => name,
    }
}

/// Groups of two or more postings (not reversed) that share a key. Sorting
/// hashes beats a hash map of a million keys, nearly all unique.
fn same_key<'a, K: std::hash::Hash + Eq>(
    ledger: &'a [LedgerEntry],
    reversed: &[bool],
    key: impl Fn(&'a LedgerEntry) -> Option<K>,
) -> Vec<Vec<usize>> {
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    let mut hashes: Vec<(u64, u32)> = ledger
        .iter()
        .enumerate()
        .filter(|(i, _)| !reversed[*i])
        .filter_map(|(i, e)| key(e).map(|k| (hasher.hash_one(&k), i as u32)))
        .collect();
    hashes.sort_unstable();
    let mut groups = Vec::new();
    for run in hashes.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Equal hashes: split the run by the keys themselves.
        let mut left: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
        while let Some(first) = left.first().copied() {
            let k = key(&ledger[first]);
            let (same, rest): (Vec<usize>, Vec<usize>) =
                left.into_iter().partition(|&i| key(&ledger[i]) == k);
            if same.len() > 1 {
                groups.push(same);
            }
            left = rest;
        }
    }
    groups
}

/// An amount as whole cents, a cheap hash key (`Decimal`'s own hash
/// normalises the value first).
fn cents(d: Decimal) -> i128 {
    if d.scale() == 2 {
        d.mantissa()
    } else {
        crate::model::money::to_cents(d).mantissa()
    }
}

/// The document numbers of some postings.
fn documents(ledger: &[LedgerEntry], idx: &[usize]) -> Vec<String> {
    idx.iter()
        .filter_map(|&i| ledger[i].document.as_deref().map(str::to_string))
        .collect()
}

/// The amount cells of some postings.
fn posting_cells(project: &Project, idx: &[usize]) -> Vec<String> {
    idx.iter()
        .map(|&i| posting_cell(project, &project.ledger[i]))
        .collect()
}

/// The cell of a posting's amount.
fn posting_cell(project: &Project, e: &LedgerEntry) -> String {
    let keys = &project.sources[e.at.sheet.0 as usize].keys;
    let col = keys
        .get("amount")
        .or_else(|| {
            if e.amount < Decimal::ZERO {
                keys.get("credit")
            } else {
                keys.get("debit")
            }
        })
        .map_or(e.at.col, |c| c.col);
    project.place(CellRef { col, ..e.at }).1
}

/// Documents related as a posting and its reversal: the same number, or one
/// the other's prefix ("JE-50011" / "JE-50011-R").
fn reverses(a: &LedgerEntry, b: &LedgerEntry) -> bool {
    match (a.document.as_deref(), b.document.as_deref()) {
        (Some(x), Some(y)) => {
            let (x, y) = (x.trim(), y.trim());
            !x.is_empty() && !y.is_empty() && (x == y || x.starts_with(y) || y.starts_with(x))
        }
        _ => false,
    }
}

struct TrackerSide {
    amount: Decimal,
    cells: Vec<String>,
    lines: BTreeSet<String>,
    cost_centres: BTreeSet<String>,
    all_have_cc: bool,
}

/// Ties the tracker's actuals (every period) to the ledger postings.
pub(crate) fn tie_out<'a>(project: &'a Project, as_of: FiscalPeriod) -> TieOut {
    let ledger = &project.ledger;

    // 1. Reversal pairs, found per account.
    let mut reversed = vec![false; ledger.len()];
    let mut reversals = Vec::new();
    let mut by_account: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    // Postings after the as-of period are not reported on yet.
    let in_scope = |e: &LedgerEntry| e.period.is_none_or(|p| p <= as_of);
    for (i, e) in ledger.iter().enumerate() {
        if let Some(a) = e.account.as_deref().filter(|_| in_scope(e)) {
            by_account.entry(a.trim()).or_default().push(i);
        }
    }
    for idx in by_account.values() {
        if idx.iter().all(|&i| ledger[i].amount >= Decimal::ZERO) {
            continue;
        }
        // Index postings by amount so the search stays linear.
        let mut by_amount: FxHashMap<i128, Vec<usize>> = FxHashMap::default();
        for &i in idx {
            by_amount
                .entry(cents(ledger[i].amount))
                .or_default()
                .push(i);
        }
        for &i in idx {
            if reversed[i] || ledger[i].amount <= Decimal::ZERO {
                continue;
            }
            let partner = by_amount.get(&-cents(ledger[i].amount)).and_then(|c| {
                c.iter()
                    .copied()
                    .find(|&j| !reversed[j] && reverses(&ledger[i], &ledger[j]))
            });
            if let Some(j) = partner {
                reversed[i] = true;
                reversed[j] = true;
                reversals.push(Reversal {
                    account: ledger[i]
                        .account
                        .as_deref()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                    documents: [i, j]
                        .iter()
                        .filter_map(|&k| ledger[k].document.as_deref().map(str::to_string))
                        .collect(),
                    amount: ledger[i].amount,
                    cells: vec![
                        posting_cell(project, &ledger[i]),
                        posting_cell(project, &ledger[j]),
                    ],
                });
            }
        }
    }

    // Accounts are interned: a million postings should not mean a million
    // string keys.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut intern = |a: &'a str| -> u32 {
        *ids.entry(a).or_insert_with(|| {
            names.push(a);
            names.len() as u32 - 1
        })
    };

    // 2. The tracker's actuals by account and period.
    let mut tracker: FxHashMap<(u32, FiscalPeriod), TrackerSide> = FxHashMap::default();
    let mut tracker_accounts: BTreeSet<u32> = BTreeSet::new();
    let mut exceptions = Vec::new();
    let mut tracker_unmatched = Decimal::ZERO;
    for line in &project.budget {
        let name = line.id().or(line.description()).unwrap_or("?").to_string();
        let account = line
            .account()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(&mut intern);
        if let Some(a) = account {
            tracker_accounts.insert(a);
        }
        // Periods after the as-of are not reported on yet.
        for (p, amounts) in line.periods.range(..=as_of) {
            let Some(actual) = amounts.actual.as_ref().filter(|t| !t.value.is_zero()) else {
                continue;
            };
            let cell = project.place(actual.at).1;
            match account {
                Some(a) => {
                    let side = tracker.entry((a, *p)).or_insert_with(|| TrackerSide {
                        amount: Decimal::ZERO,
                        cells: Vec::new(),
                        lines: BTreeSet::new(),
                        cost_centres: BTreeSet::new(),
                        all_have_cc: true,
                    });
                    side.amount += actual.value;
                    side.cells.push(cell);
                    side.lines.insert(name.clone());
                    match line.cost_centre() {
                        Some(cc) => {
                            side.cost_centres.insert(cc.trim().to_string());
                        }
                        None => side.all_have_cc = false,
                    }
                }
                None => {
                    // No account: it cannot be tied to anything.
                    tracker_unmatched += actual.value;
                    exceptions.push(Exception {
                        kind: ExceptionKind::TrackerUnmatched,
                        account: None,
                        period: Some(*p),
                        tracker: Some(actual.value),
                        ledger: Some(Decimal::ZERO),
                        difference: Some(-actual.value),
                        documents: vec![],
                        cells: vec![cell],
                        lines: vec![name.clone()],
                    });
                }
            }
        }
    }

    // 3. Postings by account and period.
    let known: rustc_hash::FxHashSet<&str> = project
        .budget
        .iter()
        .filter_map(|l| l.account())
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let mut postings: FxHashMap<(u32, FiscalPeriod), Vec<usize>> = FxHashMap::default();
    let mut ledger_unmatched = Decimal::ZERO;
    let mut orphans: BTreeMap<(Option<&str>, Option<FiscalPeriod>), Vec<usize>> = BTreeMap::new();
    for (i, e) in ledger.iter().enumerate() {
        if reversed[i] || !in_scope(e) {
            continue;
        }
        let account = e
            .account
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        match (account, e.period) {
            (Some(name), Some(p)) => {
                let name = resolve_account(name, &known);
                let a = intern(name);
                // A posting to another cost centre is not this line's.
                let other_cc = tracker.get(&(a, p)).is_some_and(|t| {
                    t.all_have_cc
                        && e.cost_centre
                            .as_deref()
                            .is_some_and(|cc| !t.cost_centres.contains(cc.trim()))
                });
                if tracker_accounts.contains(&a) && !other_cc {
                    postings.entry((a, p)).or_default().push(i);
                } else {
                    orphans.entry((Some(name), Some(p))).or_default().push(i);
                }
            }
            (a, p) => orphans.entry((a, p)).or_default().push(i),
        }
    }
    for ((account, period), idx) in orphans {
        let sum: Decimal = idx.iter().map(|&i| ledger[i].amount).sum();
        ledger_unmatched += sum;
        exceptions.push(Exception {
            kind: ExceptionKind::LedgerUnmatched,
            account: account.map(str::to_string),
            period,
            tracker: Some(Decimal::ZERO),
            ledger: Some(sum),
            difference: Some(sum),
            documents: documents(ledger, &idx),
            cells: posting_cells(project, &idx),
            lines: vec![],
        });
    }

    // 4. Compare account × period, in account and period order.
    let mut keys: Vec<(u32, FiscalPeriod)> =
        tracker.keys().chain(postings.keys()).copied().collect();
    keys.sort_unstable_by(|a, b| (names[a.0 as usize], a.1).cmp(&(names[b.0 as usize], b.1)));
    keys.dedup();
    let mut rows = Vec::new();
    let (mut tracker_matched, mut ledger_matched) = (Decimal::ZERO, Decimal::ZERO);
    for key in keys {
        let account = names[key.0 as usize].to_string();
        let t = tracker.get(&key);
        let idx = postings.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        let t_sum = t.map_or(Decimal::ZERO, |t| t.amount);
        let l_sum: Decimal = idx.iter().map(|&i| ledger[i].amount).sum();
        rows.push(TieRow {
            account: account.clone(),
            period: key.1,
            tracker: t_sum,
            ledger: l_sum,
            difference: l_sum - t_sum,
            postings: idx.len(),
        });
        let cells = || {
            let mut c: Vec<String> = t.map(|t| t.cells.clone()).unwrap_or_default();
            c.extend(posting_cells(project, idx));
            c
        };
        let exception = |kind| Exception {
            kind,
            account: Some(account.clone()),
            period: Some(key.1),
            tracker: Some(t_sum),
            ledger: Some(l_sum),
            difference: Some(l_sum - t_sum),
            documents: documents(ledger, idx),
            cells: cells(),
            lines: t
                .map(|t| t.lines.iter().cloned().collect())
                .unwrap_or_default(),
        };
        if idx.is_empty() {
            tracker_unmatched += t_sum;
            exceptions.push(exception(ExceptionKind::TrackerUnmatched));
            continue;
        }
        tracker_matched += t_sum;
        ledger_matched += l_sum;
        if t_sum != l_sum {
            exceptions.push(exception(ExceptionKind::AmountMismatch));
        }
    }

    // 5. Possible duplicates among the postings that are not reversals:
    // count first (no allocation per posting), then gather the few keys
    // that occur more than once.
    type DocKey<'k> = (&'k str, &'k str, i128);
    type VendorKey<'k> = (&'k str, chrono::NaiveDate, &'k str, i128);
    let doc_key = |e: &'a LedgerEntry| -> Option<DocKey<'a>> {
        in_scope(e).then_some(())?;
        let doc = e
            .document
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())?;
        Some((
            e.account.as_deref().unwrap_or("").trim(),
            doc,
            cents(e.amount),
        ))
    };
    let vendor_key = |e: &'a LedgerEntry| -> Option<VendorKey<'a>> {
        in_scope(e).then_some(())?;
        let vendor = e
            .vendor
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())?;
        Some((
            e.account.as_deref().unwrap_or("").trim(),
            e.date?,
            vendor,
            cents(e.amount),
        ))
    };
    let by_doc = same_key(ledger, &reversed, doc_key);
    let by_vendor = same_key(ledger, &reversed, vendor_key);
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let groups = by_doc.into_iter().chain(by_vendor);
    for mut idx in groups.filter(|g| g.len() > 1) {
        idx.sort_unstable();
        if !seen.insert(idx.clone()) {
            continue;
        }
        let e = &ledger[idx[0]];
        let extra = e.amount * Decimal::from(idx.len() as i64 - 1);
        exceptions.push(Exception {
            kind: ExceptionKind::PossibleDuplicate,
            account: e.account.as_deref().map(|a| a.trim().to_string()),
            period: e.period,
            tracker: None,
            ledger: Some(idx.iter().map(|&i| ledger[i].amount).sum()),
            difference: Some(extra),
            documents: documents(ledger, &idx),
            cells: posting_cells(project, &idx),
            lines: vec![],
        });
    }
    exceptions.sort_by(|a, b| {
        (a.kind, &a.account, a.period, &a.cells).cmp(&(b.kind, &b.account, b.period, &b.cells))
    });

    let tracker_actual: Decimal = project
        .budget
        .iter()
        .flat_map(|l| l.periods.range(..=as_of))
        .filter_map(|(_, a)| a.actual.as_ref())
        .map(|t| t.value)
        .sum();
    let ledger_total: Decimal = ledger
        .iter()
        .filter(|e| in_scope(e))
        .map(|e| e.amount)
        .sum();
    let reversed_sum: Decimal = ledger
        .iter()
        .zip(&reversed)
        .filter(|(_, r)| **r)
        .map(|(e, _)| e.amount)
        .sum();
    // Reversal pairs net to zero, so they sit in neither bucket.
    assert_eq!(reversed_sum, Decimal::ZERO, "reversal pairs net to zero");
    assert_eq!(
        ledger_total,
        ledger_matched + ledger_unmatched,
        "ledger total = matched + unmatched"
    );
    assert_eq!(
        tracker_actual,
        tracker_matched + tracker_unmatched,
        "tracker total = matched + unmatched"
    );
    TieOut {
        tracker_actual,
        ledger_total,
        difference: ledger_total - tracker_actual,
        tracker_matched,
        tracker_unmatched,
        ledger_matched,
        ledger_unmatched,
        rows,
        exceptions,
        reversals,
    }
}
