//! The rule kinds: each reads records through the definitions and emits
//! findings with the cell that is wrong.

use super::{codes, Finding, Settings};
use crate::definition::{Definition, Definitions, RuleDef, RuleKind, Severity};
use crate::ingest::table::{formula_refs, is_adding_formula};
use crate::model::money::format_display;
use crate::model::{CellRef, ProblemKind, Project, Record, Traced, Value};
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

pub struct Checker<'a> {
    project: &'a Project,
    /// Cells that already have a type finding: a blank-value rule does not
    /// report them again.
    bad_cells: std::collections::HashSet<CellRef>,
    defs: &'a Definitions,
    settings: &'a Settings,
    out: Vec<Finding>,
}

/// The records of one kind, with the synthetic record of Project Information.
/// The most characters of a finding's message.
const MESSAGE_MAX: usize = 2_000;

/// The most characters of a finding's row ID.
const ROW_ID_MAX: usize = 200;

/// At most `max` characters of `text`, a cut saying how much it left out.
fn capped(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => {
            let more = text[cut..].chars().count();
            format!("{}… ({more} more characters)", &text[..cut])
        }
        None => text,
    }
}

fn records<'a>(project: &'a Project, kind: &str, info: &'a Record) -> Vec<&'a Record> {
    match kind {
        "project-info" => vec![info],
        "budget" => project.budget.iter().map(|b| &b.record).collect(),
        "risks" => project.risks.iter().map(|r| &r.0).collect(),
        "issues" => project.issues.iter().map(|r| &r.0).collect(),
        "milestones" => project.milestones.iter().map(|r| &r.0).collect(),
        "stakeholders" => project.stakeholders.iter().map(|r| &r.0).collect(),
        other => project
            .extra
            .get(other)
            .map(|v| v.iter().collect())
            .unwrap_or_default(),
    }
}

fn fill(template: &str, column: &str, value: &str, expected: &str) -> String {
    template
        .replace("{column}", column)
        .replace("{value}", value)
        .replace("{expected}", expected)
}

fn matches_when(rec: &Record, when: &BTreeMap<String, Vec<String>>) -> bool {
    when.iter().all(|(k, vals)| {
        rec.get(k).is_some_and(|v| {
            vals.is_empty()
                || vals
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(&v.value.to_string()))
        })
    })
}

/// True when any one condition holds (for `unless`).
fn matches_any(rec: &Record, cond: &BTreeMap<String, Vec<String>>) -> bool {
    cond.iter().any(|(k, vals)| {
        rec.get(k).is_some_and(|v| {
            vals.is_empty()
                || vals
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(&v.value.to_string()))
        })
    })
}

impl<'a> Checker<'a> {
    pub fn new(project: &'a Project, defs: &'a Definitions, settings: &'a Settings) -> Self {
        let bad_cells = project.problems.iter().map(|p| p.at).collect();
        Checker {
            project,
            bad_cells,
            defs,
            settings,
            out: Vec::new(),
        }
    }

    pub fn run(mut self) -> Vec<Finding> {
        self.problems();
        self.missing_columns();
        let info = Record {
            at: None,
            fields: self.project.info.fields.clone(),
        };
        let kinds: Vec<String> = {
            let mut k: Vec<String> = self
                .project
                .sources
                .iter()
                .map(|s| s.kind.clone())
                .collect();
            k.sort();
            k.dedup();
            k
        };
        for kind in &kinds {
            let Some(def) = self.defs.get(kind) else {
                continue;
            };
            // A blank Project Information form has nothing to check yet.
            if kind == "project-info" && self.project.info.fields.is_empty() {
                continue;
            }
            let recs = records(self.project, kind, &info);
            self.stored_as_text(&recs);
            self.sub_cent(kind, &recs);
            for rule in &def.rules {
                self.rule(def, rule, &recs);
            }
        }
        self.out
    }

    fn source(&self, at: CellRef) -> (String, String) {
        let s = &self.project.sources[at.sheet.0 as usize];
        (s.file.display().to_string(), s.sheet.clone())
    }

    fn push(
        &mut self,
        code: &str,
        severity: Severity,
        at: CellRef,
        row_id: Option<&str>,
        message: String,
        hint: Option<&str>,
    ) {
        let (file, sheet) = self.source(at);
        // A message echoes cell text: a cell of megabytes must not make a
        // finding of megabytes (in findings.json, say).
        let message = capped(message, MESSAGE_MAX);
        let row_id = row_id.map(|id| capped(id.to_string(), ROW_ID_MAX));
        let hint = hint
            .map(str::to_string)
            .unwrap_or_else(|| codes::lookup(code).map_or(String::new(), |c| c.hint.to_string()));
        self.out.push(Finding {
            code: code.to_string(),
            severity,
            file,
            sheet,
            cell: Some(at.a1()),
            row_id,
            message,
            hint,
            at: Some(at),
        });
    }

    /// Where a key of a record lives: its value's cell, or the blank cell in
    /// its column on the record's row.
    fn place(&self, rec: &Record, key: &str) -> Option<CellRef> {
        if let Some(v) = rec.get(key) {
            return Some(v.at);
        }
        match rec.at {
            Some(at) => {
                let col = self.project.sources[at.sheet.0 as usize]
                    .keys
                    .get(key)
                    .map(|c| c.col);
                Some(CellRef {
                    col: col.unwrap_or(at.col),
                    ..at
                })
            }
            // Project Information: the value cell beside the label.
            None => self
                .project
                .sources
                .iter()
                .find(|s| s.kind == "project-info" && s.keys.contains_key(key))
                .and_then(|s| s.keys.get(key).copied()),
        }
    }

    fn has_column(&self, rec: &Record, key: &str) -> bool {
        match rec.at {
            Some(at) => self.project.sources[at.sheet.0 as usize]
                .keys
                .contains_key(key),
            None => self
                .project
                .sources
                .iter()
                .any(|s| s.kind == "project-info" && s.keys.contains_key(key)),
        }
    }

    fn header(def: &Definition, key: &str) -> String {
        def.column(key)
            .map_or_else(|| key.to_string(), |c| c.header.clone())
    }

    /// Cells ingest could not read become type findings.
    fn problems(&mut self) {
        for p in &self.project.problems {
            let code = match p.kind {
                ProblemKind::BadMoney => "E201",
                ProblemKind::BadDate => "E202",
                ProblemKind::AmbiguousDate => "E203",
                ProblemKind::BadNumber | ProblemKind::BadInteger => "E204",
                ProblemKind::BadEnum => "E205",
                ProblemKind::BadPeriod | ProblemKind::PeriodWithoutYear => "E206",
                ProblemKind::ErrorCell => "E207",
            };
            let kind = &self.project.sources[p.at.sheet.0 as usize].kind;
            let column = self
                .defs
                .get(kind)
                .map_or_else(|| p.key.clone(), |d| Self::header(d, &p.key));
            let column = if column == p.key && p.key.contains('.') {
                p.key.clone()
            } else {
                column
            };
            self.push(
                code,
                Severity::Error,
                p.at,
                None,
                format!("{column}: {}", p.message),
                None,
            );
        }
    }

    /// Required columns (fields, for Project Information) that are absent.
    fn missing_columns(&mut self) {
        for (i, src) in self.project.sources.iter().enumerate() {
            let Some(def) = self.defs.get(&src.kind) else {
                continue;
            };
            for c in def.columns.iter().filter(|c| c.required) {
                if src.keys.contains_key(&c.key) {
                    continue;
                }
                let at = CellRef {
                    sheet: crate::model::SheetId(i as u32),
                    row: src.header_row.unwrap_or(0),
                    col: 0,
                };
                let what = if src.header_row.is_some() {
                    "column"
                } else {
                    "field"
                };
                let msg = format!("the required {what} '{}' is missing", c.header);
                let (file, sheet) = (src.file.display().to_string(), src.sheet.clone());
                self.out.push(Finding {
                    code: "E101".into(),
                    severity: Severity::Error,
                    file,
                    sheet,
                    cell: src.header_row.map(|_| at.a1()),
                    row_id: None,
                    message: msg,
                    hint: format!(
                        "add a '{}' {what} (also accepted: {})",
                        c.header,
                        c.aliases
                            .iter()
                            .take(4)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    at: src.header_row.map(|_| at),
                });
            }
        }
    }

    /// Numbers typed as text in number columns.
    fn stored_as_text(&mut self, recs: &[&Record]) {
        let mut hits: Vec<(CellRef, Option<String>, String)> = Vec::new();
        for rec in recs {
            for (k, v) in &rec.fields {
                if v.from_text {
                    hits.push((
                        v.at,
                        rec.text("id").map(str::to_string),
                        format!("{k} '{}'", v.value),
                    ));
                }
            }
        }
        if let Some(first) = recs.first() {
            if first
                .at
                .is_some_and(|at| self.project.sources[at.sheet.0 as usize].kind == "budget")
            {
                for line in &self.project.budget {
                    for (p, a) in &line.periods {
                        for (block, t) in [
                            ("planned", &a.planned),
                            ("actual", &a.actual),
                            ("forecast", &a.forecast),
                        ] {
                            if let Some(t) = t.as_ref().filter(|t| t.from_text) {
                                hits.push((
                                    t.at,
                                    line.id().map(str::to_string),
                                    format!("{block} {p} '{}'", format_display(t.value)),
                                ));
                            }
                        }
                    }
                }
            }
        }
        for (at, id, what) in hits {
            self.push(
                "W208",
                Severity::Warning,
                at,
                id.as_deref(),
                format!("{what} is a number stored as text: Excel's SUM leaves it out"),
                None,
            );
        }
    }

    /// W209: every amount holding a fraction of a cent, with its cell. The
    /// amount is kept exact (totals are exact sums); documents show cents.
    fn sub_cent(&mut self, kind: &str, recs: &[&Record]) {
        use crate::model::money::is_sub_cent;
        let mut hits: Vec<(CellRef, Option<String>, String, Decimal)> = Vec::new();
        for rec in recs {
            for (k, v) in &rec.fields {
                if let crate::model::Value::Money(d) = v.value {
                    if is_sub_cent(d) {
                        hits.push((v.at, rec.text("id").map(str::to_string), k.clone(), d));
                    }
                }
            }
        }
        if kind == "budget" {
            for line in &self.project.budget {
                for (p, a) in &line.periods {
                    for (block, t) in [
                        ("planned", &a.planned),
                        ("actual", &a.actual),
                        ("forecast", &a.forecast),
                    ] {
                        if let Some(t) = t.as_ref().filter(|t| is_sub_cent(t.value)) {
                            let id = line.id().map(str::to_string);
                            hits.push((t.at, id, format!("{block} {p}"), t.value));
                        }
                    }
                }
            }
        }
        for (at, id, what, d) in hits {
            self.push(
                "W209",
                Severity::Warning,
                at,
                id.as_deref(),
                format!(
                    "{what} {} holds a fraction of a cent: pmo keeps the exact amount in every total and shows it as {}",
                    d.normalize(),
                    format_display(d)
                ),
                None,
            );
        }
    }

    /// Reports a rule's finding in the rule's own words (with `{column}`,
    /// `{value}` and `{expected}` filled in) or, if it has none, the default.
    fn report(
        &mut self,
        rule: &RuleDef,
        at: CellRef,
        id: Option<&str>,
        fields: [&str; 3],
        default: impl FnOnce() -> String,
    ) {
        let msg = match rule.message.as_deref() {
            Some(m) => fill(m, fields[0], fields[1], fields[2]),
            None => default(),
        };
        self.push(&rule.code, rule.severity, at, id, msg, rule.hint.as_deref());
    }

    fn rule(&mut self, def: &Definition, rule: &RuleDef, recs: &[&Record]) {
        let col0 = rule.columns.first().map(String::as_str).unwrap_or("");
        match rule.kind {
            RuleKind::NotBlank => {
                for rec in recs {
                    for key in &rule.columns {
                        if rec.get(key).is_none() && self.has_column(rec, key) {
                            if let Some(at) = self
                                .place(rec, key)
                                .filter(|at| !self.bad_cells.contains(at))
                            {
                                let col = Self::header(def, key);
                                self.report(rule, at, rec.text("id"), [&col, "", ""], || {
                                    format!("{col} is blank")
                                });
                            }
                        }
                    }
                }
            }
            RuleKind::RequiredIf => {
                for rec in recs.iter().filter(|r| matches_when(r, &rule.when)) {
                    for key in &rule.columns {
                        if rec.get(key).is_none() {
                            if let Some(at) = self
                                .place(rec, key)
                                .filter(|at| !self.bad_cells.contains(at))
                            {
                                let col = Self::header(def, key);
                                let cond: Vec<String> = rule
                                    .when
                                    .keys()
                                    .filter_map(|k| {
                                        rec.get(k).map(|v| {
                                            format!("{} is {}", Self::header(def, k), v.value)
                                        })
                                    })
                                    .collect();
                                self.report(rule, at, rec.text("id"), [&col, "", ""], || {
                                    format!("{col} is blank, but {}", cond.join(" and "))
                                });
                            }
                        }
                    }
                }
            }
            RuleKind::AllowedIf => {
                for rec in recs.iter().filter(|r| matches_when(r, &rule.when)) {
                    for key in &rule.columns {
                        let Some(v) = rec.get(key) else { continue };
                        let value = v.value.to_string();
                        if !rule.allowed.iter().any(|a| a.eq_ignore_ascii_case(&value)) {
                            let col = Self::header(def, key);
                            let cond: Vec<String> = rule
                                .when
                                .keys()
                                .filter_map(|k| {
                                    rec.get(k)
                                        .map(|w| format!("{} is {}", Self::header(def, k), w.value))
                                })
                                .collect();
                            let allowed = rule.allowed.join(" or ");
                            self.report(
                                rule,
                                v.at,
                                rec.text("id"),
                                [&col, &value, &allowed],
                                || {
                                    format!(
                                        "{col} is {value}, but {} (expected {allowed})",
                                        cond.join(" and ")
                                    )
                                },
                            );
                        }
                    }
                }
            }
            RuleKind::Unique => {
                let mut seen: HashMap<String, CellRef> = HashMap::new();
                for rec in recs {
                    let Some(v) = rec.get(col0) else { continue };
                    let key = v.value.to_string().trim().to_lowercase();
                    match seen.get(&key) {
                        Some(first) => {
                            let (file, place) = self.project.place(*first);
                            let msg = format!(
                                "{} '{}' is used again (first at {place} in {file})",
                                Self::header(def, col0),
                                v.value
                            );
                            self.push(
                                &rule.code,
                                rule.severity,
                                v.at,
                                rec.text("id"),
                                msg,
                                rule.hint.as_deref(),
                            );
                        }
                        None => {
                            seen.insert(key, v.at);
                        }
                    }
                }
            }
            RuleKind::Range => {
                let out_of =
                    |d: Decimal| rule.min.is_some_and(|m| d < m) || rule.max.is_some_and(|m| d > m);
                let range = match (rule.min, rule.max) {
                    (Some(a), Some(b)) => format!("between {a} and {b}"),
                    (Some(a), None) => format!("at least {a}"),
                    (None, Some(b)) => format!("at most {b}"),
                    (None, None) => String::new(),
                };
                let mut hits = Vec::new();
                for rec in recs {
                    for key in &rule.columns {
                        if let Some(v) = rec.get(key) {
                            if let Some(d) = v.value.as_decimal().filter(|d| out_of(*d)) {
                                hits.push((
                                    v.at,
                                    rec.text("id").map(str::to_string),
                                    Self::header(def, key),
                                    d.to_string(),
                                ));
                            }
                        }
                    }
                }
                // Budget blocks: every period amount of the block.
                if def.kind == "budget" {
                    for line in &self.project.budget {
                        for (p, a) in &line.periods {
                            for key in &rule.columns {
                                if let Some(t) = a.block(key).filter(|t| out_of(t.value)) {
                                    hits.push((
                                        t.at,
                                        line.id().map(str::to_string),
                                        format!("{key} {p}"),
                                        format_display(t.value),
                                    ));
                                }
                            }
                        }
                    }
                }
                for (at, id, col, value) in hits {
                    self.report(rule, at, id.as_deref(), [&col, &value, &range], || {
                        format!("{col} is {value}; it must be {range}")
                    });
                }
            }
            RuleKind::Pattern => {
                let Some(re) = rule
                    .pattern
                    .as_deref()
                    .and_then(|p| Regex::new(&format!("^(?:{p})$")).ok())
                else {
                    return;
                };
                for rec in recs {
                    for key in &rule.columns {
                        if let Some(v) = rec.get(key) {
                            let text = v.value.to_string();
                            if !re.is_match(&text) {
                                let col = Self::header(def, key);
                                self.report(
                                    rule,
                                    v.at,
                                    rec.text("id"),
                                    [&col, &text, rule.pattern.as_deref().unwrap_or("")],
                                    || {
                                        format!(
                                            "{col} '{text}' does not follow the form {}",
                                            rule.pattern.as_deref().unwrap_or("")
                                        )
                                    },
                                );
                            }
                        }
                    }
                }
            }
            RuleKind::Product => {
                let target = rule.target.as_deref().unwrap_or("");
                for rec in recs {
                    let Some(t) = rec.get(target) else { continue };
                    let Some(product) = product(rec, &rule.columns) else {
                        continue;
                    };
                    if t.value.as_decimal() != Some(product) {
                        let parts: Vec<String> = rule
                            .columns
                            .iter()
                            .map(|k| {
                                format!(
                                    "{} {}",
                                    Self::header(def, k),
                                    rec.get(k).map(|v| v.value.to_string()).unwrap_or_default()
                                )
                            })
                            .collect();
                        let col = Self::header(def, target);
                        self.report(
                            rule,
                            t.at,
                            rec.text("id"),
                            [&col, &t.value.to_string(), &product.to_string()],
                            || {
                                format!(
                                    "{col} is {}, but {} gives {product}",
                                    t.value,
                                    parts.join(" × ")
                                )
                            },
                        );
                    }
                }
            }
            RuleKind::Band => {
                let target = rule.target.as_deref().unwrap_or("");
                for rec in recs {
                    let Some(t) = rec.get(target) else { continue };
                    // The product of the inputs when they are given; else the
                    // first column's value (a stated score).
                    let score = product(rec, &rule.columns)
                        .or_else(|| rec.get(col0).and_then(|v| v.value.as_decimal()));
                    let Some(score) = score else { continue };
                    let Some(band) = rule.bands.iter().find(|b| score <= Decimal::from(b.max))
                    else {
                        continue;
                    };
                    let stated = t.value.to_string();
                    if !stated.eq_ignore_ascii_case(&band.value) {
                        let col = Self::header(def, target);
                        self.report(
                            rule,
                            t.at,
                            rec.text("id"),
                            [&col, &stated, &band.value],
                            || {
                                format!(
                                    "{col} is {stated}, but a score of {score} is {}",
                                    band.value
                                )
                            },
                        );
                    }
                }
            }
            RuleKind::DateOrder => {
                let (a, b) = (&rule.columns[0], &rule.columns[1]);
                for rec in recs {
                    if let (Some(da), Some(db)) = (rec.date(a), rec.date(b)) {
                        if db < da {
                            let at = rec.get(b).map(|v| v.at).expect("date present");
                            let (ca, cb) = (Self::header(def, a), Self::header(def, b));
                            self.report(
                                rule,
                                at,
                                rec.text("id"),
                                [&cb, &db.to_string(), &da.to_string()],
                                || format!("{cb} {db} is before {ca} {da}"),
                            );
                        }
                    }
                }
            }
            RuleKind::Overdue => {
                let today = self.settings.as_of;
                for rec in recs.iter().filter(|r| !matches_any(r, &rule.unless)) {
                    // The first dated column wins: forecast, then baseline.
                    let Some(key) = rule.columns.iter().find(|k| rec.date(k).is_some()) else {
                        continue;
                    };
                    let due = rec.date(key).expect("checked");
                    if due < today {
                        let at = rec.get(key).map(|v| v.at).expect("present");
                        let col = Self::header(def, key);
                        self.report(
                            rule,
                            at,
                            rec.text("id").or(rec.text("name")),
                            [&col, &due.to_string(), &today.to_string()],
                            || {
                                format!(
                                    "{col} {due} has passed (as of {today}) and it is not complete"
                                )
                            },
                        );
                    }
                }
            }
            RuleKind::NotFuture => {
                let today = self.settings.as_of;
                for rec in recs {
                    for key in &rule.columns {
                        if let Some(d) = rec.date(key).filter(|d| *d > today) {
                            let at = rec.get(key).map(|v| v.at).expect("present");
                            let col = Self::header(def, key);
                            self.report(
                                rule,
                                at,
                                rec.text("id"),
                                [&col, &d.to_string(), &today.to_string()],
                                || format!("{col} {d} is after the as-of date {today}"),
                            );
                        }
                    }
                }
            }
            RuleKind::WithinProject => {
                let (Some(start), Some(end)) = (
                    self.project.info.date("start"),
                    self.project.info.date("end"),
                ) else {
                    return;
                };
                for rec in recs {
                    for key in &rule.columns {
                        if let Some(d) = rec.date(key).filter(|d| *d < start || *d > end) {
                            let at = rec.get(key).map(|v| v.at).expect("present");
                            let col = Self::header(def, key);
                            self.report(rule, at, rec.text("id").or(rec.text("name")), [&col, &d.to_string(), &format!("{start} to {end}")], || format!("{col} {d} is outside the project's dates ({start} to {end})"));
                        }
                    }
                }
            }
            RuleKind::Reference => {
                let target = rule.refers_to.as_deref().unwrap_or("");
                // Only when the project holds the referred-to sheet at all.
                if !self.project.sources.iter().any(|s| s.kind == target) {
                    return;
                }
                let ids: std::collections::HashSet<String> = match target {
                    "budget" => self
                        .project
                        .budget
                        .iter()
                        .filter_map(|b| b.id())
                        .map(|s| s.trim().to_lowercase())
                        .collect(),
                    other => {
                        let empty = Record::default();
                        records(self.project, other, &empty)
                            .iter()
                            .filter_map(|r| r.text("id"))
                            .map(|s| s.trim().to_lowercase())
                            .collect()
                    }
                };
                for rec in recs {
                    for key in &rule.columns {
                        if let Some(v) = rec.get(key) {
                            let text = v.value.to_string();
                            // A cell may name several: "BL-04, BL-05".
                            for id in text
                                .split([',', ';'])
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                            {
                                if !ids.contains(&id.to_lowercase()) {
                                    let col = Self::header(def, key);
                                    let title = self
                                        .defs
                                        .get(target)
                                        .map_or(target.to_string(), |d| d.title.clone());
                                    self.report(
                                        rule,
                                        v.at,
                                        rec.text("id"),
                                        [&col, id, &title],
                                        || {
                                            format!(
                                                "{col} '{id}' is not in the {}",
                                                title.to_lowercase()
                                            )
                                        },
                                    );
                                }
                            }
                        }
                    }
                }
            }
            RuleKind::FutureActuals => {
                let as_of = self.settings.calendar.period_of(self.settings.as_of);
                let mut hits = Vec::new();
                for line in &self.project.budget {
                    for (p, a) in line.periods.range(..) {
                        if *p > as_of {
                            if let Some(t) = &a.actual {
                                if !t.value.is_zero() {
                                    hits.push((t.at, line.id().map(str::to_string), *p, t.value));
                                }
                            }
                        }
                    }
                }
                for (at, id, p, v) in hits {
                    self.report(
                        rule,
                        at,
                        id.as_deref(),
                        ["actual", &format_display(v), &as_of.to_string()],
                        || {
                            format!(
                                "actual {} is entered for {p}, after the as-of period {as_of}",
                                format_display(v)
                            )
                        },
                    );
                }
            }
            RuleKind::Totals => self.totals(rule),
        }
    }

    /// The tracker's own totals: line totals against their months, and
    /// subtotal rows against the cells their formulas (or position) cover.
    fn totals(&mut self, rule: &RuleDef) {
        let mut values: HashMap<CellRef, Decimal> = HashMap::new();
        let mut hits = Vec::new();
        for line in &self.project.budget {
            for a in line.periods.values() {
                for t in [&a.planned, &a.actual, &a.forecast].into_iter().flatten() {
                    values.insert(t.at, t.value);
                }
            }
            for block in ["planned", "actual", "forecast"] {
                if let Some(t) = line.record.get(&format!("{block}_total")) {
                    let Some(stated) = t.value.as_decimal() else {
                        continue;
                    };
                    values.insert(t.at, stated);
                    // The periods on the total's own sheet: a line may be
                    // spread over several (a plan tab and an actuals tab).
                    let sum: Decimal = line
                        .periods
                        .values()
                        .filter_map(|a| a.block(block))
                        .filter(|m| m.at.sheet == t.at.sheet)
                        .map(|m| m.value)
                        .sum();
                    if stated != sum {
                        hits.push((
                            t.at,
                            line.id().map(str::to_string),
                            format!("Total {block}"),
                            stated,
                            sum,
                        ));
                    }
                }
            }
            for v in line.record.fields.values() {
                if let Value::Money(m) = v.value {
                    values.entry(v.at).or_insert(m);
                }
            }
        }
        for s in &self.project.subtotals {
            for (_, t, _) in &s.cells {
                values.insert(t.at, t.value);
            }
        }
        for (i, s) in self.project.subtotals.iter().enumerate() {
            for (key, t, formula) in &s.cells {
                let expected = match formula.as_deref().filter(|f| is_adding_formula(f)) {
                    Some(f) => {
                        let refs = formula_refs(f);
                        values
                            .iter()
                            .filter(|(c, _)| {
                                c.sheet == t.at.sheet
                                    && refs.iter().any(|&(r1, c1, r2, c2)| {
                                        c.row >= r1 && c.row <= r2 && c.col >= c1 && c.col <= c2
                                    })
                            })
                            .map(|(_, v)| *v)
                            .sum::<Decimal>()
                    }
                    None if formula.is_some() => continue,
                    // A typed subtotal: the lines above it, up to the previous
                    // subtotal row of the same sheet.
                    None => {
                        let prev = self.project.subtotals[..i]
                            .iter()
                            .rev()
                            .find(|p| p.at.sheet == t.at.sheet)
                            .map_or(0, |p| p.at.row + 1);
                        let lines_only: Vec<CellRef> = self
                            .project
                            .subtotals
                            .iter()
                            .flat_map(|s| s.cells.iter().map(|c| c.1.at))
                            .collect();
                        values
                            .iter()
                            .filter(|(c, _)| {
                                c.sheet == t.at.sheet
                                    && c.col == t.at.col
                                    && c.row >= prev
                                    && c.row < t.at.row
                                    && !lines_only.contains(c)
                            })
                            .map(|(_, v)| *v)
                            .sum::<Decimal>()
                    }
                };
                if expected != t.value {
                    let label = s.label.clone().unwrap_or_else(|| "Total".into());
                    hits.push((t.at, None, format!("{label} ({key})"), t.value, expected));
                }
            }
        }
        for (at, id, what, stated, sum) in hits {
            self.report(
                rule,
                at,
                id.as_deref(),
                [&what, &format_display(stated), &format_display(sum)],
                || {
                    format!(
                        "{what} shows {} but the cells it adds up come to {} (difference {})",
                        format_display(stated),
                        format_display(sum),
                        format_display(stated - sum)
                    )
                },
            );
        }
    }
}

fn product(rec: &Record, keys: &[String]) -> Option<Decimal> {
    if keys.is_empty() {
        return None;
    }
    keys.iter()
        .map(|k| {
            rec.get(k)
                .and_then(|v: &Traced<Value>| v.value.as_decimal())
        })
        .try_fold(Decimal::ONE, |acc, v| v.map(|v| acc * v))
}
