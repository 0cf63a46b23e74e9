//! Coerced rows into the model: budget lines (wide, long, or one row per
//! measure, merged by line), ledger postings (built as they are read, texts
//! shared) and plain records.

use super::coerce::Context;
use super::table::Row;
use crate::definition::Definition;
use crate::model::{
    BudgetLine, FiscalCalendar, LedgerEntry, Problem, Project, Record, Traced, Value,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

pub(super) fn to_record(def: &Definition, row: Row, rename: &impl Fn(&str) -> String) -> Record {
    Record {
        at: Some(row.at),
        fields: row
            .fields
            .into_iter()
            .map(|(i, v)| (rename(&def.columns[i].key), v))
            .collect(),
    }
}

/// How a budget sheet lays out its amounts.
pub(super) struct BudgetShape<'a> {
    /// One row per line and period.
    pub long: bool,
    /// The column saying whether a row holds planned, actual or forecast.
    pub measure_field: Option<usize>,
    /// The block for month columns with no marker.
    pub unlabelled: Option<&'a str>,
    /// The fiscal calendar, for dated rows.
    pub calendar: FiscalCalendar,
}

pub(super) fn build_budget(
    def: &Definition,
    rows: Vec<Row>,
    shape: &BudgetShape<'_>,
    project: &mut Project,
    rename: &impl Fn(&str) -> String,
    totals: &mut BTreeMap<String, Decimal>,
) {
    let BudgetShape {
        long,
        measure_field,
        unlabelled,
        calendar,
    } = *shape;
    let merge_rows = long || measure_field.is_some();
    // A line whose ID an earlier budget sheet already holds (a "Plan" and an
    // "Actuals" tab, or one tab per fiscal year) is the same line.
    let first_of_sheet = project.budget.len();
    let mut by_key: HashMap<String, usize> = project
        .budget
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            l.id()
                .map(|id| (format!("id:{}", id.trim().to_lowercase()), i))
        })
        .collect();
    for row in rows {
        let measure = measure_field
            .and_then(|i| row.field(i))
            .and_then(|v| v.value.as_text())
            .map(str::to_string);
        let field = |key: &str| {
            def.columns
                .iter()
                .position(|c| c.key == key)
                .and_then(|i| row.field(i))
        };
        let period = if long {
            match (
                field("period").map(|v| &v.value),
                field("date").map(|v| &v.value),
            ) {
                (Some(Value::Period(p)), _) => Some(*p),
                (_, Some(Value::Date(d))) => Some(calendar.period_of(*d)),
                _ => None,
            }
        } else {
            None
        };
        let months: Vec<_> = row
            .months
            .iter()
            .map(|(b, p, m)| {
                (
                    b.clone()
                        .or_else(|| measure.clone())
                        .or_else(|| unlabelled.map(str::to_string)),
                    *p,
                    m.clone(),
                )
            })
            .collect();
        let record = to_record(def, row, rename);
        let key = line_key(&record);
        let found = key.and_then(|k| by_key.get(&k).copied());
        let idx = match found.filter(|&i| merge_rows || i < first_of_sheet) {
            Some(i) => {
                let line: &mut BudgetLine = &mut project.budget[i];
                for (k, v) in &record.fields {
                    line.record
                        .fields
                        .entry(k.clone())
                        .or_insert_with(|| v.clone());
                }
                i
            }
            None => {
                let i = project.budget.len();
                if let Some(k) = line_key(&record) {
                    by_key.entry(k).or_insert(i);
                }
                project.budget.push(BudgetLine {
                    record: record.clone(),
                    periods: BTreeMap::new(),
                });
                i
            }
        };
        let line = &mut project.budget[idx];
        for (block, p, m) in months {
            if let Some(block) = block {
                *totals.entry(block.clone()).or_default() += m.value;
                let slot = line.periods.entry(p).or_default();
                if let Some(s) = slot.block_mut(&block) {
                    // Two rows for the same line, period and block add up.
                    match s {
                        Some(existing) => existing.value += m.value,
                        None => *s = Some(m),
                    }
                }
            }
        }
        if let Some(p) = period {
            for block in ["planned", "actual", "forecast"] {
                if let Some(v) = record.fields.get(block) {
                    if let Value::Money(m) = v.value {
                        let slot = line.periods.entry(p).or_default();
                        if let Some(s) = slot.block_mut(block) {
                            match s {
                                Some(existing) => existing.value += m,
                                None => {
                                    *s = Some(Traced {
                                        value: m,
                                        at: v.at,
                                        from_text: v.from_text,
                                    })
                                }
                            }
                        }
                    }
                }
            }
        }
        if long {
            // Period amounts live in `periods`; keep the record to line fields.
            for block in [
                "planned",
                "actual",
                "forecast",
                "period",
                "fiscal_year",
                "date",
            ] {
                line.record.fields.remove(block);
            }
        }
    }
}

fn line_key(r: &Record) -> Option<String> {
    if let Some(id) = r.text("id") {
        return Some(format!("id:{}", id.trim().to_lowercase()));
    }
    let parts: Vec<String> = ["description", "account", "cost_centre"]
        .iter()
        .filter_map(|k| r.get(k).map(|v| v.value.to_string().trim().to_lowercase()))
        .collect();
    (!parts.is_empty()).then(|| parts.join("|"))
}

/// Shares repeated texts (accounts, vendors, descriptions) between postings.
#[derive(Default)]
pub(super) struct Interner(rustc_hash::FxHashSet<std::sync::Arc<str>>);

impl Interner {
    /// Distinct texts remembered; past this, texts are not shared (a column
    /// of unique descriptions should not double its memory in the set).
    const LIMIT: usize = 1 << 16;

    fn get(&mut self, s: String) -> std::sync::Arc<str> {
        if let Some(a) = self.0.get(s.as_str()) {
            return a.clone();
        }
        let a: std::sync::Arc<str> = std::sync::Arc::from(s);
        if self.0.len() < Self::LIMIT {
            self.0.insert(a.clone());
        }
        a
    }
}

pub(super) fn build_ledger(
    def: &Definition,
    row: &mut Row,
    ctx: &Context,
    cost_centre: Option<&str>,
    texts: &mut Interner,
) -> Result<LedgerEntry, Problem> {
    // Take the row's values apart without copying its strings: exports run
    // to millions of rows.
    let at = row.at;
    let mut e = LedgerEntry {
        at,
        date: None,
        period: None,
        account: None,
        cost_centre: None,
        amount: Decimal::ZERO,
        document: None,
        reverses: None,
        vendor: None,
        description: None,
    };
    let (mut amount, mut debit, mut credit) = (None, None, None);
    let text = |v: Value| match v {
        Value::Text(s) => s,
        other => other.to_string(),
    };
    for (i, t) in row.fields.drain(..) {
        let v = t.value;
        match def.columns[i].key.as_str() {
            "date" => e.date = v.as_date(),
            "period" => {
                if let Value::Period(p) = v {
                    e.period = Some(p);
                }
            }
            "account" => e.account = Some(texts.get(text(v))),
            "cost_centre" => e.cost_centre = Some(texts.get(text(v))),
            "document" => e.document = Some(text(v).into_boxed_str()),
            "reverses" => e.reverses = Some(text(v).into_boxed_str()),
            "vendor" => e.vendor = Some(texts.get(text(v))),
            "description" => e.description = Some(texts.get(text(v))),
            "amount" => amount = v.as_decimal(),
            "debit" => debit = v.as_decimal(),
            "credit" => credit = v.as_decimal(),
            _ => {}
        }
    }
    if let Some(markers) = &def.reversal {
        let named = markers.named_document(
            e.reverses.as_deref(),
            e.document.as_deref(),
            e.description.as_deref(),
        );
        e.reverses = named.map(String::into_boxed_str);
    }
    if e.period.is_none() {
        e.period = e.date.map(|d| ctx.calendar.period_of(d));
    }
    if e.cost_centre.is_none() {
        e.cost_centre = cost_centre.map(|c| texts.get(c.to_string()));
    }
    e.amount = match (amount, debit, credit) {
        (Some(a), _, _) => a,
        (None, None, None) => {
            return Err(Problem {
                at,
                key: "amount".into(),
                kind: crate::model::ProblemKind::BadMoney,
                raw: String::new(),
                message: "posting has no amount (no Amount, Debit or Credit value)".into(),
            })
        }
        // Some exports keep credits negative already (Sage's nominal ledger):
        // a credit is money out whichever sign it was stored with.
        (None, d, c) => d.unwrap_or_default() - c.unwrap_or_default().abs(),
    };
    Ok(e)
}

/// A budget sheet must carry amounts: a money column or month columns. A
/// dated list of texts (a cash book's Date / Category / Description) is not
/// a budget however many of its words match.
pub(super) fn has_amounts(
    def: &Definition,
    sheet: &str,
    c: super::Classified,
) -> Result<super::Classified, String> {
    let vocab = crate::definition::vocabulary::vocabulary();
    if def.kind == "budget"
        && super::months::tokens(sheet)
            .iter()
            .any(|w| vocab.sheet.income_tabs.contains(w))
    {
        return Err(format!(
            "not read as a budget: the tab '{sheet}' is named for income, not costs"
        ));
    }
    let super::Plan::Table(h) = &c.plan else {
        return Ok(c);
    };
    if def.kind != "budget" || h.months > 0 {
        return Ok(c);
    }
    let money = h.columns.iter().any(|hc| {
        matches!(hc.target, Some(super::header::Target::Field(i))
            if def.columns[i].kind == crate::definition::ColumnType::Money)
    });
    if money {
        Ok(c)
    } else {
        Err(format!(
            "not read as a budget: header row {} names no amount column (budget, planned, actual, cost…) and no months",
            h.row + 1
        ))
    }
}

/// The keys of a line's own amounts (a unit cost is not one).
const LINE_AMOUNTS: [&str; 4] = ["budget", "planned", "actual", "forecast"];

/// A row's nonzero line amounts by key (amount fields and month cells).
fn row_amounts(def: &Definition, row: &Row) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for (i, v) in &row.fields {
        if let (true, Some(d)) = (
            LINE_AMOUNTS.contains(&def.columns[*i].key.as_str()),
            v.value.as_decimal(),
        ) {
            *out.entry(def.columns[*i].key.clone()).or_default() += d;
        }
    }
    for (b, p, m) in &row.months {
        *out.entry(format!("{}.{p}", b.as_deref().unwrap_or("amount")))
            .or_default() += m.value;
    }
    out.retain(|_, d: &mut Decimal| !d.is_zero());
    out
}

/// How far below a row its children are looked for.
const CHILDREN_SCAN: usize = 200;

/// Rows' amounts with their keys numbered: each row's (key, amount) pairs,
/// and how many keys there are.
struct Numbered {
    rows: Vec<Vec<(usize, Decimal)>>,
    keys: usize,
    /// No amount is negative: a running sum past its target never comes back.
    rising: bool,
}

impl Numbered {
    fn new(amounts: &[BTreeMap<String, Decimal>]) -> Self {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let rows = amounts
            .iter()
            .map(|a| {
                a.iter()
                    .map(|(k, d)| {
                        let n = ids.len();
                        (*ids.entry(k.as_str()).or_insert(n), *d)
                    })
                    .collect()
            })
            .collect();
        let rising = amounts
            .iter()
            .all(|a| a.values().all(|d| d.is_sign_positive()));
        Numbered {
            rows,
            keys: ids.len(),
            rising,
        }
    }
}

/// True when row `i` carries the sum of the rows right under it and leaves
/// blank a field all of them fill (a unit price, a quantity): a WBS parent
/// (1 = 1.1 + 1.2), whether its sum is a formula or typed. Running sums
/// over numbered keys: no map is built per step.
fn parent_of_rows_below(def: &Definition, rows: &[Row], amounts: &Numbered, i: usize) -> bool {
    let mut target = vec![Decimal::ZERO; amounts.keys];
    for (k, d) in &amounts.rows[i] {
        target[*k] = *d;
    }
    let mut acc = vec![Decimal::ZERO; amounts.keys];
    // Keys where the running sum differs from the row's amounts.
    let mut differ = amounts.rows[i].len();
    for j in i + 1..rows.len().min(i + 1 + CHILDREN_SCAN) {
        for (k, d) in &amounts.rows[j] {
            let was = acc[*k] != target[*k];
            acc[*k] += *d;
            let is = acc[*k] != target[*k];
            differ = differ + usize::from(is) - usize::from(was);
            if amounts.rising && acc[*k] > target[*k] {
                return false;
            }
        }
        if differ == 0 {
            return parent_leaves_blank(def, &rows[i], &rows[i + 1..=j]);
        }
    }
    false
}

/// True when the children all fill a figure field (a unit price, a
/// quantity) the parent leaves blank; a date or code that failed to read
/// does not count.
fn parent_leaves_blank(def: &Definition, parent: &Row, children: &[Row]) -> bool {
    let figure = |f: &usize| {
        matches!(
            def.columns[*f].kind,
            crate::definition::ColumnType::Money | crate::definition::ColumnType::Number
        )
    };
    let fields = |r: &Row| r.fields.iter().map(|(f, _)| *f).collect::<Vec<_>>();
    let own = fields(parent);
    children
        .iter()
        .map(fields)
        .fold(None, |common: Option<Vec<usize>>, f| {
            Some(match common {
                None => f,
                Some(c) => c.into_iter().filter(|x| f.contains(x)).collect(),
            })
        })
        .is_some_and(|common| common.iter().any(|f| figure(f) && !own.contains(f)))
}

/// The lines kept so far: their amounts summed, and their first and last
/// 1-based rows.
#[derive(Default)]
struct Above {
    sums: BTreeMap<String, Decimal>,
    lines: usize,
    first: u32,
    last: u32,
}

impl Above {
    fn add(&mut self, amounts: &BTreeMap<String, Decimal>, row: u32) {
        for (k, d) in amounts {
            *self.sums.entry(k.clone()).or_default() += *d;
        }
        if self.lines == 0 {
            self.first = row;
        }
        self.lines += 1;
        self.last = row;
    }

    /// True when `amounts`, in two or more columns, are the sums of all
    /// the lines above: a summary row (BAC) with no total word.
    fn summed_by(&self, amounts: &BTreeMap<String, Decimal>) -> bool {
        self.lines >= 2
            && amounts.len() >= 2
            && amounts.iter().all(|(k, d)| self.sums.get(k) == Some(d))
    }
}

/// Splits off the rows that add up others (WBS parents, summary rows) from
/// the lines: (lines, 1-based rows of the sums, a guess for each row taken
/// as a sum by its arithmetic alone).
pub(super) fn drop_sum_rows(def: &Definition, rows: Vec<Row>) -> (Vec<Row>, Vec<u32>, Vec<String>) {
    let amounts: Vec<_> = rows.iter().map(|r| row_amounts(def, r)).collect();
    let numbered = Numbered::new(&amounts);
    let id = def.columns.iter().position(|c| c.key == "id");
    let mut dropped = vec![false; rows.len()];
    let mut guesses = Vec::new();
    let mut above = Above::default();
    for i in 0..rows.len() {
        let row = rows[i].at.row + 1;
        if amounts[i].is_empty() {
            above.add(&amounts[i], row);
            continue;
        }
        // A line with an ID mid-table is a line, whatever it adds up to;
        // a summary has no ID or ends the table.
        let ends_table = rows
            .get(i + 1)
            .is_none_or(|n| n.at.row > rows[i].at.row + 1);
        let may_sum = ends_table || id.is_none_or(|f| rows[i].field(f).is_none());
        if parent_of_rows_below(def, &rows, &numbered, i) {
            dropped[i] = true;
        } else if may_sum && above.summed_by(&amounts[i]) {
            dropped[i] = true;
            guesses.push(format!(
                "row {row} was taken as a subtotal: its amounts equal the sum of rows {}–{}",
                above.first, above.last
            ));
        } else {
            above.add(&amounts[i], row);
        }
    }
    let mut sums = Vec::new();
    let kept = rows
        .into_iter()
        .zip(dropped)
        .filter_map(|(r, d)| {
            if d {
                sums.push(r.at.row + 1);
                None
            } else {
                Some(r)
            }
        })
        .collect();
    (kept, sums, guesses)
}

/// The date a label above the header says the sheet was last updated:
/// "Last updated: 2025-10-15", or the label with the date beside it.
pub(super) fn last_updated(
    sheet: &super::workbook::RawSheet,
    header_row: u32,
) -> Option<chrono::NaiveDate> {
    use super::workbook::Cell;
    let vocab = crate::definition::vocabulary::vocabulary();
    let is_label = |t: &str| {
        vocab
            .sheet
            .updated_labels
            .contains(&crate::definition::normalise_header(t))
    };
    let date_of = |c: Cell<'_>| match c {
        Cell::Date(d) => Some(d.date()),
        Cell::Text(t) => super::coerce::parse_date_text(t).ok(),
        _ => None,
    };
    for row in sheet.row_start()..header_row {
        for col in sheet.col_start()..sheet.col_end() {
            let Cell::Text(t) = sheet.cell(row, col) else {
                continue;
            };
            if let Some((label, value)) = t.split_once(':') {
                if is_label(label) {
                    if let Ok(d) = super::coerce::parse_date_text(value.trim()) {
                        return Some(d);
                    }
                }
            }
            if is_label(t) {
                if let Some(d) = (col + 1..sheet.col_end().min(col + 4))
                    .map(|c| sheet.cell(row, c))
                    .find(|c| !c.is_blank())
                    .and_then(date_of)
                {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Evidence, from the rows themselves, that month columns with no
/// planned/actual word are actuals: a total-actual column equal to each
/// line's months, or months left blank after the "Last updated" date.
/// Returns what decided.
pub(super) fn months_are_actuals(
    def: &Definition,
    rows: &[Row],
    updated: Option<(chrono::NaiveDate, crate::model::FiscalPeriod)>,
) -> Option<String> {
    let actual = def.columns.iter().position(|c| c.key == "actual");
    let unmarked = |r: &Row| -> Decimal {
        r.months
            .iter()
            .filter(|(b, _, _)| b.is_none())
            .map(|(_, _, m)| m.value)
            .sum()
    };
    if let Some(a) = actual {
        let pairs: Vec<(Decimal, Decimal)> = rows
            .iter()
            .filter_map(|r| {
                let total = r.field(a).and_then(|v| v.value.as_decimal());
                total.map(|t| (t, unmarked(r)))
            })
            .filter(|(t, s)| !t.is_zero() || !s.is_zero())
            .collect();
        if !pairs.is_empty() && pairs.iter().all(|(t, s)| t == s) {
            return Some("the total-actual column equals the sum of each line's months".into());
        }
    }
    let (date, period) = updated?;
    let mut before = false;
    let mut after_columns = false;
    for r in rows {
        for (b, p, m) in &r.months {
            if b.is_some() {
                continue;
            }
            if *p > period {
                after_columns = true;
                if !m.value.is_zero() {
                    return None;
                }
            } else if !m.value.is_zero() {
                before = true;
            }
        }
    }
    (before && after_columns)
        .then(|| format!("the months after the 'Last updated' date ({date}) are blank"))
}

/// A posting's identity across exports: date (or period), account, amount.
type PostingKey = (
    Option<chrono::NaiveDate>,
    Option<crate::model::FiscalPeriod>,
    Option<std::sync::Arc<str>>,
    Decimal,
);

fn posting_counts(
    ledger: &[LedgerEntry],
    sheet: crate::model::SheetId,
) -> HashMap<PostingKey, usize> {
    let mut m = HashMap::new();
    for e in ledger.iter().filter(|e| e.at.sheet == sheet) {
        *m.entry((e.date, e.period, e.account.clone(), e.amount))
            .or_insert(0) += 1;
    }
    m
}

fn within(small: &HashMap<PostingKey, usize>, big: &HashMap<PostingKey, usize>) -> bool {
    !small.is_empty()
        && small
            .iter()
            .all(|(k, n)| big.get(k).is_some_and(|b| b >= n))
}

/// A journal and a ledger (or two exports) holding the same postings feed
/// the tie-out once: when every posting of one ledger sheet is also in
/// another, the smaller sheet's postings are dropped. Returns
/// (dropped sheet, sheet it duplicates).
pub(super) fn drop_duplicate_ledgers(
    project: &mut Project,
) -> Vec<(crate::model::SheetId, crate::model::SheetId)> {
    let sheets: Vec<crate::model::SheetId> = project
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == "ledger")
        .map(|(i, _)| crate::model::SheetId(i as u32))
        .collect();
    // One ledger sheet duplicates nothing: no counting a million postings.
    if sheets.len() < 2 {
        return Vec::new();
    }
    let counts: Vec<_> = sheets
        .iter()
        .map(|s| posting_counts(&project.ledger, *s))
        .collect();
    let mut dropped: Vec<(crate::model::SheetId, crate::model::SheetId)> = Vec::new();
    for i in 0..sheets.len() {
        for j in 0..sheets.len() {
            let gone = |s| dropped.iter().any(|(d, _)| *d == s);
            if i == j || gone(sheets[i]) || gone(sheets[j]) {
                continue;
            }
            let (ni, nj): (usize, usize) = (counts[i].values().sum(), counts[j].values().sum());
            // i is dropped when it is held whole by a larger j (or an equal
            // j read before it).
            if (nj > ni || (nj == ni && j < i)) && within(&counts[i], &counts[j]) {
                dropped.push((sheets[i], sheets[j]));
            }
        }
    }
    if !dropped.is_empty() {
        project
            .ledger
            .retain(|e| !dropped.iter().any(|(d, _)| *d == e.at.sheet));
    }
    dropped
}

/// The block (planned, actual, forecast) a text's words name, when exactly
/// one is named. "Budget" names the whole tracker (plan and actuals), not
/// a block, so it does not count here.
fn block_of_words(def: &Definition, words: &[String]) -> Option<String> {
    let w = def.wide.as_ref()?;
    let found: Vec<&str> = w
        .blocks
        .iter()
        .filter(|b| {
            b.aliases.iter().any(|a| {
                let a = crate::definition::normalise_header(a);
                !matches!(a.as_str(), "budget" | "budgeted") && words.contains(&a)
            })
        })
        .map(|b| b.key.as_str())
        .collect();
    match found.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    }
}

/// The block a tab's name says ("Actuals", "Forecast FY26").
pub(super) fn block_named(def: &Definition, sheet: &str) -> Option<String> {
    block_of_words(def, &super::months::tokens(sheet))
}

/// The block a title above the header says ("Actual Project Costs"): the
/// first text cell of the rows above that names exactly one.
pub(super) fn block_in_titles(
    def: &Definition,
    sheet: &super::workbook::RawSheet,
    header_row: u32,
) -> Option<String> {
    (sheet.row_start()..header_row).find_map(|row| {
        (sheet.col_start()..sheet.col_end()).find_map(|col| match sheet.cell(row, col) {
            super::workbook::Cell::Text(t) => block_of_words(def, &super::months::tokens(t)),
            _ => None,
        })
    })
}

/// Why a budget sheet is a summary of other tabs, if it is: most of its
/// header cells are formulas that copy another tab's cells
/// (`=Expenses!D2`), as a dashboard or Summary tab does. Its figures are
/// the other tabs' own, and are read from them.
pub(super) fn mirrors_other_tabs(
    def: &Definition,
    sheet: &super::workbook::RawSheet,
    c: &super::Classified,
) -> Option<String> {
    let super::Plan::Table(h) = &c.plan else {
        return None;
    };
    if def.kind != "budget" {
        return None;
    }
    let copied: Vec<&str> = h
        .columns
        .iter()
        .filter_map(|hc| sheet.formula(h.row, hc.col))
        .filter(|f| f.contains('!'))
        .collect();
    (copied.len() >= 3 && copied.len() * 2 >= h.columns.len()).then(|| {
        format!(
            "not read: its header copies another tab's cells (={}): a summary of the other tabs, whose figures are read from them",
            copied[0].trim_start_matches('=')
        )
    })
}
