//! The tie-out: the tracker's actuals against the finance ledger, by GL
//! account (and cost centre, when both sides give one) and fiscal period.
//!
//! Every posting and every tracker actual lands in exactly one row and one
//! bucket, matched or unmatched, so `ledger total = matched + unmatched`,
//! `tracker total = matched + unmatched`, and the rows add up to both
//! totals, exactly; [`tie_out`] checks it and says so as an error, never a
//! panic. Postings netted as a reversal pair are in no row: a pair sums to
//! zero. Differences are **ledger − tracker**: positive means the ledger
//! holds more than the tracker.

use super::variance::{money, opt_money};
use super::{add, sub, total, ReconcileError};
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

/// How one row of the tie-out stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Both sides, equal sums.
    Matched,
    /// Both sides, different sums.
    AmountMismatch,
    /// Postings no tracker line carries: another account or cost centre,
    /// or no account or period.
    LedgerUnmatched,
    /// Tracker actuals with no postings, or on a line with no account.
    TrackerUnmatched,
}

/// One account × period comparison. Every account × period with money on
/// either side is a row, so the rows add up to the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieRow {
    /// GL account (null for postings or tracker lines that give none).
    pub account: Option<String>,
    /// Fiscal period (null for postings with no period or date).
    pub period: Option<FiscalPeriod>,
    /// Matched, mismatched, or on one side only.
    pub status: RowStatus,
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

/// A posting and the posting that names it as reversed, netting to zero:
/// not an exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reversal {
    /// GL account.
    pub account: String,
    /// The two documents: the original, then its reversal.
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
    /// Account × period comparisons: every posting not netted as a
    /// reversal and every tracker actual is in exactly one.
    pub rows: Vec<TieRow>,
    /// Exceptions, by kind, account and period.
    pub exceptions: Vec<Exception>,
    /// Postings reversed in full.
    pub reversals: Vec<Reversal>,
    /// Why this tie-out may compare the tracker with another project's
    /// ledger (set by the month's check, see [`crate::identity::ledger_fit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
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

/// Upper-case ASCII, trimmed: documents compare the way finance systems
/// print them (`je-50011` is `JE-50011`).
fn doc_key(d: &str) -> String {
    d.trim().to_ascii_uppercase()
}

/// Whether `rev` reverses `orig`: the same account and cost centre, the
/// opposite (non-zero) amount, and not an earlier period (or, without
/// periods, date) than the original. The caller has checked that `rev`
/// names `orig`'s document.
fn reverses(orig: &LedgerEntry, rev: &LedgerEntry) -> bool {
    fn text(t: &Option<std::sync::Arc<str>>) -> &str {
        t.as_deref().map(str::trim).unwrap_or("")
    }
    let account = text(&orig.account);
    let same_place = !account.is_empty()
        && account == text(&rev.account)
        && text(&orig.cost_centre) == text(&rev.cost_centre);
    let opposite = !orig.amount.is_zero() && orig.amount == -rev.amount;
    let not_earlier = match (orig.period, rev.period, orig.date, rev.date) {
        (Some(a), Some(b), _, _) => b >= a,
        (_, _, Some(a), Some(b)) => b >= a,
        // Nothing says when: no evidence it comes after.
        _ => false,
    };
    same_place && opposite && not_earlier
}

/// Pairs each posting that names a document it reverses with that
/// document's posting, when [`reverses`] holds. Returns which postings are
/// netted out, and the pairs.
fn find_reversals(project: &Project, later: &[bool]) -> (Vec<bool>, Vec<Reversal>) {
    let ledger = &project.ledger;
    let mut reversed = vec![false; ledger.len()];
    let mut pairs = Vec::new();
    // Few postings name another: index only the documents they name.
    let named: rustc_hash::FxHashSet<String> = ledger
        .iter()
        .filter_map(|e| e.reverses.as_deref().map(doc_key))
        .collect();
    if named.is_empty() {
        return (reversed, pairs);
    }
    let mut originals: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, e) in ledger.iter().enumerate().filter(|(i, _)| !later[*i]) {
        if let Some(k) = e.document.as_deref().map(doc_key) {
            if named.contains(&k) {
                originals.entry(k).or_default().push(i);
            }
        }
    }
    for (j, rev) in ledger.iter().enumerate().filter(|(j, _)| !later[*j]) {
        let Some(name) = rev.reverses.as_deref().map(doc_key) else {
            continue;
        };
        if reversed[j] || rev.document.as_deref().map(doc_key) == Some(name.clone()) {
            continue;
        }
        let found = originals.get(&name).and_then(|c| {
            c.iter()
                .copied()
                .find(|&i| i != j && !reversed[i] && reverses(&ledger[i], rev))
        });
        let Some(i) = found else { continue };
        reversed[i] = true;
        reversed[j] = true;
        pairs.push(Reversal {
            account: ledger[i]
                .account
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_string(),
            documents: documents(ledger, &[i, j]),
            amount: ledger[i].amount,
            cells: posting_cells(project, &[i, j]),
        });
    }
    (reversed, pairs)
}

#[derive(Default)]
struct TrackerSide {
    amount: Decimal,
    cells: Vec<String>,
    lines: BTreeSet<String>,
}

/// Accounts interned: a million postings should not mean a million string
/// keys.
#[derive(Default)]
struct Accounts<'a> {
    ids: FxHashMap<&'a str, u32>,
    names: Vec<&'a str>,
}

impl<'a> Accounts<'a> {
    fn id(&mut self, name: &'a str) -> u32 {
        *self.ids.entry(name).or_insert_with(|| {
            self.names.push(name);
            self.names.len() as u32 - 1
        })
    }
}

/// The work in progress: buckets, rows and exceptions.
struct Tie<'a> {
    project: &'a Project,
    /// The last period reported on.
    as_of: FiscalPeriod,
    accounts: Accounts<'a>,
    /// Tracker actuals on lines with an account, by account and period.
    tracker: FxHashMap<(u32, FiscalPeriod), TrackerSide>,
    tracker_accounts: BTreeSet<u32>,
    /// By account: whether a line has no cost centre, and the cost centres
    /// of its lines.
    centres: FxHashMap<u32, (bool, BTreeSet<String>)>,
    /// Tracker actuals on lines with no account, by period.
    no_account: BTreeMap<FiscalPeriod, Decimal>,
    /// Postings on a tracker account and period.
    postings: FxHashMap<(u32, FiscalPeriod), Vec<usize>>,
    /// Postings matching no tracker line, by (account, period) as given.
    orphans: BTreeMap<(Option<&'a str>, Option<FiscalPeriod>), Vec<usize>>,
    rows: Vec<TieRow>,
    exceptions: Vec<Exception>,
}

impl<'a> Tie<'a> {
    /// Gathers the tracker's actuals (every period) by account and period.
    fn tracker_side(&mut self) -> Result<(), ReconcileError> {
        let project = self.project;
        for line in &project.budget {
            let name = line.id().or(line.description()).unwrap_or("?").to_string();
            let account = line
                .account()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| self.accounts.id(a));
            if let Some(a) = account {
                self.tracker_accounts.insert(a);
                // Which cost centres the account's lines belong to, whether
                // or not they have actuals this period.
                let (without, centres) = self.centres.entry(a).or_default();
                match line.cost_centre() {
                    Some(cc) => {
                        centres.insert(cc.trim().to_string());
                    }
                    None => *without = true,
                }
            }
            // Periods after the as-of are not reported on yet.
            for (p, amounts) in line.periods.range(..=self.as_of) {
                let Some(actual) = amounts.actual.as_ref().filter(|t| !t.value.is_zero()) else {
                    continue;
                };
                let cell = project.place(actual.at).1;
                let Some(a) = account else {
                    // No account: it cannot be tied to anything.
                    let slot = self.no_account.entry(*p).or_default();
                    *slot = add(*slot, actual.value, "tracker actuals with no account")?;
                    self.exceptions.push(Exception {
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
                    continue;
                };
                let side = self.tracker.entry((a, *p)).or_default();
                side.amount = add(side.amount, actual.value, "tracker actuals")?;
                side.cells.push(cell);
                side.lines.insert(name.clone());
            }
        }
        Ok(())
    }

    /// Puts each posting not netted out on its tracker account and period,
    /// or among the orphans.
    fn place_postings(&mut self, reversed: &[bool]) {
        let project = self.project;
        let known: rustc_hash::FxHashSet<&str> = project
            .budget
            .iter()
            .filter_map(|l| l.account())
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        for (i, e) in project.ledger.iter().enumerate() {
            if reversed[i] {
                continue;
            }
            let account = e
                .account
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty());
            let (Some(name), Some(p)) = (account, e.period) else {
                self.orphans.entry((account, e.period)).or_default().push(i);
                continue;
            };
            let name = resolve_account(name, &known);
            let a = self.accounts.id(name);
            // A posting to a cost centre none of the account's lines is in
            // is not the tracker's, in any period.
            let other_cc = self.centres.get(&a).is_some_and(|(without, centres)| {
                !without
                    && e.cost_centre
                        .as_deref()
                        .is_some_and(|cc| !centres.contains(cc.trim()))
            });
            if self.tracker_accounts.contains(&a) && !other_cc {
                self.postings.entry((a, p)).or_default().push(i);
            } else {
                self.orphans
                    .entry((Some(name), Some(p)))
                    .or_default()
                    .push(i);
            }
        }
    }

    /// Rows and exceptions for the postings that match no tracker line.
    fn orphan_rows(&mut self) -> Result<Decimal, ReconcileError> {
        let (project, ledger) = (self.project, &self.project.ledger);
        let mut unmatched = Decimal::ZERO;
        for ((account, period), idx) in std::mem::take(&mut self.orphans) {
            let sum = total(idx.iter().map(|&i| ledger[i].amount), "unmatched postings")?;
            unmatched = add(unmatched, sum, "unmatched postings")?;
            self.rows.push(TieRow {
                account: account.map(str::to_string),
                period,
                status: RowStatus::LedgerUnmatched,
                tracker: Decimal::ZERO,
                ledger: sum,
                difference: sum,
                postings: idx.len(),
            });
            self.exceptions.push(Exception {
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
        Ok(unmatched)
    }

    /// Compares each tracker account × period with its postings. Returns
    /// (tracker matched, tracker unmatched, ledger matched).
    fn compare(&mut self) -> Result<[Decimal; 3], ReconcileError> {
        let (project, ledger) = (self.project, &self.project.ledger);
        let mut keys: Vec<(u32, FiscalPeriod)> = self
            .tracker
            .keys()
            .chain(self.postings.keys())
            .copied()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let [mut t_matched, mut t_unmatched, mut l_matched] = [Decimal::ZERO; 3];
        for key in keys {
            let account = self.accounts.names[key.0 as usize].to_string();
            let t = self.tracker.get(&key);
            let idx = self.postings.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let t_sum = t.map_or(Decimal::ZERO, |t| t.amount);
            let l_sum = total(idx.iter().map(|&i| ledger[i].amount), "postings")?;
            let difference = sub(l_sum, t_sum, "tie-out difference")?;
            let status = if idx.is_empty() {
                t_unmatched = add(t_unmatched, t_sum, "unmatched tracker actuals")?;
                RowStatus::TrackerUnmatched
            } else {
                t_matched = add(t_matched, t_sum, "matched tracker actuals")?;
                l_matched = add(l_matched, l_sum, "matched postings")?;
                if t_sum == l_sum {
                    RowStatus::Matched
                } else {
                    RowStatus::AmountMismatch
                }
            };
            self.rows.push(TieRow {
                account: Some(account.clone()),
                period: Some(key.1),
                status,
                tracker: t_sum,
                ledger: l_sum,
                difference,
                postings: idx.len(),
            });
            let kind = match status {
                RowStatus::Matched | RowStatus::LedgerUnmatched => continue,
                RowStatus::AmountMismatch => ExceptionKind::AmountMismatch,
                RowStatus::TrackerUnmatched => ExceptionKind::TrackerUnmatched,
            };
            let mut cells: Vec<String> = t.map(|t| t.cells.clone()).unwrap_or_default();
            cells.extend(posting_cells(project, idx));
            self.exceptions.push(Exception {
                kind,
                account: Some(account),
                period: Some(key.1),
                tracker: Some(t_sum),
                ledger: Some(l_sum),
                difference: Some(difference),
                documents: documents(ledger, idx),
                cells,
                lines: t
                    .map(|t| t.lines.iter().cloned().collect())
                    .unwrap_or_default(),
            });
        }
        // Actuals on lines with no account: one row per period.
        for (p, amount) in std::mem::take(&mut self.no_account) {
            t_unmatched = add(t_unmatched, amount, "unmatched tracker actuals")?;
            self.rows.push(TieRow {
                account: None,
                period: Some(p),
                status: RowStatus::TrackerUnmatched,
                tracker: amount,
                ledger: Decimal::ZERO,
                difference: -amount,
                postings: 0,
            });
        }
        Ok([t_matched, t_unmatched, l_matched])
    }
}

/// Possible duplicates among the postings that are not reversals: count
/// first (no allocation per posting), then gather the few keys that occur
/// more than once.
fn duplicates<'a>(
    project: &'a Project,
    reversed: &[bool],
) -> Result<Vec<Exception>, ReconcileError> {
    let ledger = &project.ledger;
    type DocKey<'k> = (&'k str, &'k str, i128);
    type VendorKey<'k> = (&'k str, chrono::NaiveDate, &'k str, i128);
    let doc_key = |e: &'a LedgerEntry| -> Option<DocKey<'a>> {
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
    let by_doc = same_key(ledger, reversed, doc_key);
    let by_vendor = same_key(ledger, reversed, vendor_key);
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut out = Vec::new();
    for mut idx in by_doc.into_iter().chain(by_vendor).filter(|g| g.len() > 1) {
        idx.sort_unstable();
        if !seen.insert(idx.clone()) {
            continue;
        }
        let e = &ledger[idx[0]];
        let sum = total(idx.iter().map(|&i| ledger[i].amount), "duplicate postings")?;
        out.push(Exception {
            kind: ExceptionKind::PossibleDuplicate,
            account: e.account.as_deref().map(|a| a.trim().to_string()),
            period: e.period,
            tracker: None,
            ledger: Some(sum),
            // All but one of the copies.
            difference: Some(sub(sum, e.amount, "duplicate postings")?),
            documents: documents(ledger, &idx),
            cells: posting_cells(project, &idx),
            lines: vec![],
        });
    }
    Ok(out)
}

/// `total` must equal `parts`: an invariant of the tie-out, reported as an
/// error (a bug in pmo, not in the workbooks) rather than a panic.
fn balance(what: &'static str, total: Decimal, parts: Decimal) -> Result<(), ReconcileError> {
    if total == parts {
        Ok(())
    } else {
        Err(ReconcileError::Unbalanced { what, total, parts })
    }
}

/// Ties the tracker's actuals (every period) to the ledger postings.
///
/// # Errors
///
/// [`ReconcileError::Overflow`] when a sum is beyond `Decimal` (amounts
/// read by `ingest` are bounded, so only for projects built by hand);
/// [`ReconcileError::Unbalanced`] if an invariant fails.
pub(crate) fn tie_out(project: &Project, as_of: FiscalPeriod) -> Result<TieOut, ReconcileError> {
    let ledger = &project.ledger;
    // Postings after the as-of period are not reported on yet: they take no
    // part in reversals, rows, exceptions or totals.
    let later: Vec<bool> = ledger
        .iter()
        .map(|e| e.period.is_some_and(|p| p > as_of))
        .collect();
    let (reversed, reversals) = find_reversals(project, &later);
    let set_aside: Vec<bool> = reversed.iter().zip(&later).map(|(r, l)| *r || *l).collect();
    let mut tie = Tie {
        project,
        as_of,
        accounts: Accounts::default(),
        tracker: FxHashMap::default(),
        tracker_accounts: BTreeSet::new(),
        centres: FxHashMap::default(),
        no_account: BTreeMap::new(),
        postings: FxHashMap::default(),
        orphans: BTreeMap::new(),
        rows: Vec::new(),
        exceptions: Vec::new(),
    };
    tie.tracker_side()?;
    tie.place_postings(&set_aside);
    let ledger_unmatched = tie.orphan_rows()?;
    let [tracker_matched, tracker_unmatched, ledger_matched] = tie.compare()?;
    let mut exceptions = tie.exceptions;
    exceptions.extend(duplicates(project, &set_aside)?);
    exceptions.sort_by(|a, b| {
        (a.kind, &a.account, a.period, &a.cells).cmp(&(b.kind, &b.account, b.period, &b.cells))
    });
    let mut rows = tie.rows;
    rows.sort_by(|a, b| (&a.account, a.period, a.status).cmp(&(&b.account, b.period, b.status)));

    let actuals = project
        .budget
        .iter()
        .flat_map(|l| l.periods.range(..=as_of))
        .filter_map(|(_, p)| p.actual.as_ref())
        .map(|t| t.value);
    let tracker_actual = total(actuals, "tracker actuals")?;
    let in_scope = ledger.iter().zip(&later).filter(|(_, l)| !**l);
    let ledger_total = total(in_scope.map(|(e, _)| e.amount), "ledger postings")?;
    let netted = ledger.iter().zip(&reversed).filter(|(_, r)| **r);
    // Reversal pairs net to zero, so they sit in no bucket and no row.
    let reversed_sum = total(netted.map(|(e, _)| e.amount), "reversed postings")?;
    balance("the reversal pairs", reversed_sum, Decimal::ZERO)?;
    let parts = |a, b, what| add(a, b, what);
    balance(
        "the ledger total (matched + unmatched)",
        ledger_total,
        parts(ledger_matched, ledger_unmatched, "ledger buckets")?,
    )?;
    balance(
        "the tracker total (matched + unmatched)",
        tracker_actual,
        parts(tracker_matched, tracker_unmatched, "tracker buckets")?,
    )?;
    let row_ledger = total(rows.iter().map(|r| r.ledger), "the rows' ledger side")?;
    balance("the ledger total (rows)", ledger_total, row_ledger)?;
    let row_tracker = total(rows.iter().map(|r| r.tracker), "the rows' tracker side")?;
    balance("the tracker total (rows)", tracker_actual, row_tracker)?;
    Ok(TieOut {
        tracker_actual,
        ledger_total,
        difference: sub(ledger_total, tracker_actual, "tie-out difference")?,
        tracker_matched,
        tracker_unmatched,
        ledger_matched,
        ledger_unmatched,
        rows,
        exceptions,
        reversals,
        doubt: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FiscalYear, SheetId};
    use std::str::FromStr;

    fn posting(account: &str, cc: Option<&str>, period: u8, amount: &str) -> LedgerEntry {
        LedgerEntry {
            at: CellRef {
                sheet: SheetId(0),
                row: 1,
                col: 0,
            },
            date: None,
            period: FiscalPeriod::new(FiscalYear::new(2025).unwrap(), period).ok(),
            account: Some(account.into()),
            cost_centre: cc.map(Into::into),
            amount: Decimal::from_str(amount).unwrap(),
            document: None,
            reverses: None,
            vendor: None,
            description: None,
        }
    }

    #[test]
    fn a_reversal_is_the_opposite_amount_on_the_same_place_not_earlier() {
        let orig = posting("5001", Some("100"), 3, "100.00");
        assert!(reverses(&orig, &posting("5001", Some("100"), 3, "-100.00")));
        assert!(reverses(&orig, &posting(" 5001 ", Some("100 "), 7, "-100")));
        let misses = [
            posting("5002", Some("100"), 3, "-100.00"),
            posting("5001", Some("200"), 3, "-100.00"),
            posting("5001", None, 3, "-100.00"),
            posting("5001", Some("100"), 2, "-100.00"),
            posting("5001", Some("100"), 3, "-99.99"),
            posting("5001", Some("100"), 3, "100.00"),
        ];
        for m in &misses {
            assert!(!reverses(&orig, m), "{m:?}");
        }
        // Zero reverses nothing; neither does a posting with no period or date.
        let zero = posting("5001", None, 3, "0");
        assert!(!reverses(&zero, &zero.clone()));
        let mut undated = posting("5001", Some("100"), 3, "-100.00");
        undated.period = None;
        assert!(!reverses(&orig, &undated));
    }

    #[test]
    fn an_invariant_that_fails_is_an_error() {
        let one = Decimal::ONE;
        assert_eq!(balance("x", one, one), Ok(()));
        let e = balance("the ledger total (rows)", one, Decimal::ZERO).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the tie-out does not balance: the ledger total (rows) is 1 but its parts add up to 0; this is a bug in pmo, please report it"
        );
    }
}
