//! Workbook definitions: what each OPS sheet kind looks like, kept as data in
//! `templates/workbooks/*.toml`.
//!
//! One definition drives ingest (recognising the sheet, finding its header
//! row, mapping columns to canonical keys, coercing cells), and later
//! validation and blank-workbook generation. The built-in definitions are
//! compiled into the binary; `--templates DIR` adds or replaces them by kind.

mod normalise;
mod reversal;
pub mod shapes;
pub mod vocabulary;

pub use normalise::{normalise_header, MAX_NORMALISED_CHARS};
pub use reversal::ReversalDef;
pub use shapes::Shapes;

use crate::error::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The definitions shipped with `pmo`, as (file name, TOML text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "project-info.toml",
        include_str!("../../templates/workbooks/project-info.toml"),
    ),
    (
        "budget.toml",
        include_str!("../../templates/workbooks/budget.toml"),
    ),
    (
        "risks.toml",
        include_str!("../../templates/workbooks/risks.toml"),
    ),
    (
        "issues.toml",
        include_str!("../../templates/workbooks/issues.toml"),
    ),
    (
        "milestones.toml",
        include_str!("../../templates/workbooks/milestones.toml"),
    ),
    (
        "stakeholders.toml",
        include_str!("../../templates/workbooks/stakeholders.toml"),
    ),
    (
        "ledger.toml",
        include_str!("../../templates/workbooks/ledger.toml"),
    ),
];

/// How a sheet lays out its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// A header row and one record per row.
    #[default]
    Table,
    /// Labels with a value beside them (Project Information).
    KeyValue,
}

/// The type a column's cells are coerced to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Free text.
    #[default]
    Text,
    /// A whole number.
    Integer,
    /// A number that is not money.
    Number,
    /// Money, to the cent.
    Money,
    /// A percentage, kept as a fraction (`50%` and `50` both mean 0.5 when
    /// the column says percent).
    Percent,
    /// A calendar date.
    Date,
    /// A fiscal period (`P07`, `Oct-25`, `2025-10`, a date).
    Period,
    /// A fiscal year (`2025-26`).
    FiscalYear,
    /// One of a list of values.
    Enum,
    /// A rating on a numeric scale, typed as a number or a word (`High`).
    Scale,
}

/// One column (or, for key/value sheets, one field) of a definition.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Canonical key the model uses (`id`, `likelihood`, `account`).
    pub key: String,
    /// The header `pmo new` writes, and the first name matched.
    pub header: String,
    /// Other headers people type for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Cell type.
    #[serde(default, rename = "type")]
    pub kind: ColumnType,
    /// Whether the column must be present.
    #[serde(default)]
    pub required: bool,
    /// Allowed values for an enum, in their canonical spelling.
    #[serde(default)]
    pub values: Vec<String>,
    /// Other spellings of allowed values (`"med" = "Medium"`).
    #[serde(default)]
    pub value_aliases: BTreeMap<String, String>,
    /// For a scale column: the scale table's name in [`Definition::scales`].
    #[serde(default)]
    pub scale: Option<String>,
}

impl ColumnDef {
    /// Every header this column answers to, normalised.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.header.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .map(normalise_header)
    }

    /// The canonical spelling of an enum value, matched case-insensitively
    /// and through `value_aliases`.
    pub fn canonical_value(&self, text: &str) -> Option<&str> {
        let t = normalise_header(text);
        if t.is_empty() {
            return None;
        }
        self.values
            .iter()
            .find(|v| normalise_header(v) == t)
            .map(String::as_str)
            .or_else(|| {
                self.value_aliases
                    .iter()
                    .find(|(k, _)| normalise_header(k) == t)
                    .map(|(_, v)| v.as_str())
            })
    }
}

/// A block of month columns in a wide budget (planned, actual, forecast).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockDef {
    /// `planned`, `actual` or `forecast`.
    pub key: String,
    /// Words that mark a month column or a group heading as this block.
    pub aliases: Vec<String>,
}

/// Month-by-month columns ("Apr-25", "P01", a date cell…) for wide layouts.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WideDef {
    /// The blocks month columns can belong to.
    pub blocks: Vec<BlockDef>,
    /// The block for month columns with no marker and no group heading.
    pub unlabelled: Option<String>,
}

/// How a sheet is recognised.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RecogniseDef {
    /// Sheet names that suggest this kind (normalised, whole-name or word match).
    #[serde(default)]
    pub sheet_names: Vec<String>,
    /// Columns (or fields) that must match for the sheet to count as this
    /// kind. A matching sheet name lowers the bar by one.
    #[serde(default = "default_min_matched")]
    pub min_matched: usize,
    /// Columns of which at least one must be found for a sheet to be this
    /// kind (a risk log names its risks); empty: no such condition.
    #[serde(default)]
    pub require_one_of: Vec<String>,
    /// Words that, in a header cell ("Issue Status", "Risk Owner"), say the
    /// table is this kind; each such cell (up to two) counts as a match.
    #[serde(default)]
    pub header_words: Vec<String>,
}

fn default_min_matched() -> usize {
    3
}

/// A rule kind: the checks are code (`src/rules/`); which columns they apply
/// to, their code, severity and wording are data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Each of `columns` has a value on every row.
    NotBlank,
    /// No two rows share a value of `columns[0]`, across every file read.
    Unique,
    /// `columns` lie within `min`..=`max` (for a budget block key such as
    /// `planned`, every period amount of that block).
    Range,
    /// `columns` match the regular expression `pattern`.
    Pattern,
    /// `target` equals the product of `columns` (score = likelihood × impact).
    Product,
    /// `target` agrees with the band that the product of `columns` (or the
    /// value of `columns[0]`) falls in, per `bands`.
    Band,
    /// `columns` have values on rows matching every condition in `when`.
    RequiredIf,
    /// On rows matching `when`, `columns` hold one of `allowed`.
    AllowedIf,
    /// `columns[0]` is on or before `columns[1]` when both are given.
    DateOrder,
    /// Budget: no actual is entered for a period after the as-of period.
    FutureActuals,
    /// Budget: the tracker's own total and subtotal cells equal the cells
    /// they add up (the value Excel cached in the formula cell).
    Totals,
    /// `columns[0]` (a date) has passed on a row not matching `when`.
    Overdue,
    /// `columns` (dates) are not after the as-of date.
    NotFuture,
    /// `columns` name an ID that exists in the `refers_to` kind.
    Reference,
    /// `columns` (dates) fall between the project's start and end dates.
    WithinProject,
}

/// A score band: values up to `max` get `value` (for `Band` rules).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandDef {
    /// Inclusive upper bound.
    pub max: i64,
    /// The rating for the band.
    pub value: String,
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Probably wrong; the workbook still reads.
    Warning,
    /// Wrong: a figure or fact cannot be trusted.
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A severity override: a level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as info.
    Info,
    /// Report as a warning.
    Warning,
    /// Report as an error.
    Error,
    /// Do not report.
    Off,
}

/// One use of a rule kind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable finding code (`W301`).
    pub code: String,
    /// The check.
    pub kind: RuleKind,
    /// Severity of its findings.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// The columns it reads.
    #[serde(default)]
    pub columns: Vec<String>,
    /// The column it checks against the others (`Product`, `Band`).
    #[serde(default)]
    pub target: Option<String>,
    /// Lower bound (`Range`).
    #[serde(default)]
    pub min: Option<rust_decimal::Decimal>,
    /// Upper bound (`Range`).
    #[serde(default)]
    pub max: Option<rust_decimal::Decimal>,
    /// Regular expression (`Pattern`), matched against the whole value.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Conditions: column → values, any of which matches (`RequiredIf`,
    /// `AllowedIf`); every column must match. An empty list means "has any
    /// value".
    #[serde(default)]
    pub when: BTreeMap<String, Vec<String>>,
    /// Conditions that exclude a row when any one holds (`Overdue`: not if
    /// the status is Complete, nor if there is an actual date).
    #[serde(default)]
    pub unless: BTreeMap<String, Vec<String>>,
    /// The values `AllowedIf` accepts.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Bands (`Band`), in ascending order.
    #[serde(default)]
    pub bands: Vec<BandDef>,
    /// The kind whose IDs a `Reference` names.
    #[serde(default)]
    pub refers_to: Option<String>,
    /// What is wrong, in the user's words. `{column}`, `{value}` and
    /// `{expected}` are filled in.
    #[serde(default)]
    pub message: Option<String>,
    /// What to do about it.
    #[serde(default)]
    pub hint: Option<String>,
}

fn default_severity() -> Severity {
    Severity::Error
}

/// One sheet kind: budget tracker, risk log, ledger export…
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The kind's name (`budget`, `risks`, …), also the file's stem.
    pub kind: String,
    /// A human title ("Risk log").
    pub title: String,
    /// What the sheet is for.
    #[serde(default)]
    pub description: String,
    /// Table or key/value.
    #[serde(default)]
    pub layout: Layout,
    /// Recognition rules.
    #[serde(default)]
    pub recognise: RecogniseDef,
    /// Columns (fields for key/value sheets).
    pub columns: Vec<ColumnDef>,
    /// Month blocks, for kinds that can be laid out one column per month.
    #[serde(default)]
    pub wide: Option<WideDef>,
    /// Named rating scales: word → number (`"very high" = 5`).
    #[serde(default)]
    pub scales: BTreeMap<String, BTreeMap<String, i64>>,
    /// Validation rules.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// Severity overrides by finding code, including the built-in checks
    /// (`W208 = "off"`, `E205 = "warning"`).
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
    /// What the status report's rating for this kind rests on: sets of
    /// column keys, at least one of which must be read whole
    /// (`[["rating"], ["likelihood", "impact"]]`); when none is, the area is
    /// Unknown and W106 names the columns.
    #[serde(default)]
    pub status_columns: Vec<Vec<String>>,
    /// How a ledger posting names the document it reverses.
    #[serde(default)]
    pub reversal: Option<ReversalDef>,
    /// A mixed log (RAID) whose rows a type column sends to other kinds.
    #[serde(default)]
    pub split: Option<SplitDef>,
    /// Probability bands placing a percentage on a named scale: the upper
    /// bound (in percent) of each point, lowest first (`five_point = [20,
    /// 40, 60, 80, 100]`: 35% is 2).
    #[serde(default)]
    pub percent_bands: BTreeMap<String, Vec<u32>>,
    /// Labels read as a table's parameters when they stand beside a value
    /// above its header ("Fiscal Year | 2025-26", "Prepared by: …").
    #[serde(default)]
    pub parameter_labels: Vec<String>,
    /// For a ledger export: how much of it must be on a project's cost
    /// centres for it to be that project's ledger (E403 below).
    #[serde(default)]
    pub fit: Option<FitDef>,
}

/// When a ledger export is a project's own.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitDef {
    /// The least share of its postings, in percent, that must be on the
    /// project's cost centres (or, when either names none, on its budget
    /// lines' accounts).
    pub min_share_pct: u32,
}

/// How a mixed log is split by its type column: a RAID log keeps risks,
/// issues, assumptions and dependencies in one table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitDef {
    /// The column key holding the row's type (`category`).
    pub column: String,
    /// Type words of rows that stay this kind ("risk").
    #[serde(default)]
    pub keep: Vec<String>,
    /// Type words of rows read as another kind: word → kind (`issue = "issues"`).
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    /// Type words of rows no kind reads: listed, never read as this kind.
    #[serde(default)]
    pub listed: Vec<String>,
    /// Field keys renamed for the other kind (`mitigation = "resolution"`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl Definition {
    /// The column with a key.
    pub fn column(&self, key: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// Parses a definition from TOML text; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Definition`] naming the origin, line and what is wrong.
    pub fn from_toml(text: &str, origin: &str) -> Result<Definition, Error> {
        let def: Definition = toml::from_str(text).map_err(|e| Error::Definition {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        def.check(origin)?;
        Ok(def)
    }

    fn check(&self, origin: &str) -> Result<(), Error> {
        let fail = |message: String| Error::Definition {
            origin: origin.to_string(),
            message,
        };
        if self.columns.is_empty() {
            return Err(fail("a definition needs at least one column".into()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &self.columns {
            if !seen.insert(c.key.as_str()) {
                return Err(fail(format!("column key '{}' is defined twice", c.key)));
            }
            if c.kind == ColumnType::Enum && c.values.is_empty() {
                return Err(fail(format!("enum column '{}' lists no values", c.key)));
            }
            if c.kind == ColumnType::Scale {
                let name = c.scale.as_deref().unwrap_or(&c.key);
                if !self.scales.contains_key(name) {
                    return Err(fail(format!(
                        "scale column '{}' names scale '{}', which [scales] does not define",
                        c.key, name
                    )));
                }
            }
            for target in c.value_aliases.values() {
                if !c.values.contains(target) {
                    return Err(fail(format!(
                        "column '{}': value alias points at '{}', which is not in values",
                        c.key, target
                    )));
                }
            }
        }
        let known = |key: &str| {
            self.column(key).is_some()
                || self.wide.as_ref().is_some_and(|w| {
                    w.blocks
                        .iter()
                        .any(|b| b.key == key || format!("{}_total", b.key) == key)
                })
        };
        for r in &self.rules {
            let wrong = |m: String| fail(format!("rule {}: {m}", r.code));
            for key in r
                .columns
                .iter()
                .chain(&r.target)
                .chain(r.when.keys())
                .chain(r.unless.keys())
            {
                if !known(key) {
                    return Err(wrong(format!(
                        "names column '{key}', which the definition does not have"
                    )));
                }
            }
            let needs = |n: usize| r.columns.len() < n;
            match r.kind {
                RuleKind::Pattern => {
                    let p = r
                        .pattern
                        .as_deref()
                        .ok_or_else(|| wrong("a pattern rule needs `pattern`".into()))?;
                    regex::Regex::new(p)
                        .map_err(|e| wrong(format!("pattern does not compile: {e}")))?;
                }
                RuleKind::Product | RuleKind::Band if r.target.is_none() => {
                    return Err(wrong("needs a `target` column".into()));
                }
                RuleKind::Band if r.bands.is_empty() => {
                    return Err(wrong("a band rule needs `bands`".into()))
                }
                RuleKind::Range if r.min.is_none() && r.max.is_none() => {
                    return Err(wrong("a range rule needs `min` or `max`".into()))
                }
                RuleKind::Reference if r.refers_to.is_none() => {
                    return Err(wrong("a reference rule needs `refers_to`".into()))
                }
                RuleKind::DateOrder if needs(2) => return Err(wrong("needs two columns".into())),
                RuleKind::AllowedIf if r.allowed.is_empty() => {
                    return Err(wrong("an allowed_if rule needs `allowed`".into()))
                }
                RuleKind::NotBlank
                | RuleKind::AllowedIf
                | RuleKind::Unique
                | RuleKind::Range
                | RuleKind::RequiredIf
                | RuleKind::Overdue
                | RuleKind::NotFuture
                | RuleKind::Reference
                | RuleKind::WithinProject
                | RuleKind::Product
                    if needs(1) =>
                {
                    return Err(wrong("names no `columns`".into()))
                }
                _ => {}
            }
        }
        if let Some(w) = &self.wide {
            if let Some(u) = &w.unlabelled {
                if !w.blocks.iter().any(|b| &b.key == u) {
                    return Err(fail(format!("wide.unlabelled names unknown block '{u}'")));
                }
            }
        }
        Ok(())
    }
}

/// The set of definitions in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Definitions {
    /// Definitions in a stable order (built-in order, then added kinds).
    pub kinds: Vec<Definition>,
    /// Sheet shapes declined by nature (`shapes.toml`).
    pub shapes: Shapes,
}

impl Definitions {
    /// The built-in definitions.
    ///
    /// # Errors
    ///
    /// Only if a shipped definition is broken (a test guards against it).
    pub fn built_in() -> Result<Definitions, Error> {
        let kinds = BUILT_IN
            .iter()
            .map(|(name, text)| Definition::from_toml(text, &format!("built-in {name}")))
            .collect::<Result<Vec<_>, _>>()?;
        let shapes = Shapes::from_toml(shapes::BUILT_IN_SHAPES, "built-in shapes.toml")?;
        Ok(Definitions { kinds, shapes })
    }

    /// The built-ins with every `*.toml` in `dir` added; a file whose `kind`
    /// matches a built-in replaces it.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the folder cannot be read, [`Error::Definition`]
    /// when a file is not a valid definition.
    pub fn with_overrides(dir: &Path) -> Result<Definitions, Error> {
        let mut defs = Definitions::built_in()?;
        let entries = std::fs::read_dir(dir).map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            // The reader's vocabulary sits beside the definitions but is not one.
            .filter(|p| p.file_name().is_some_and(|n| n != "vocabulary.toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Error::Definition {
                origin: dir.display().to_string(),
                message: "the folder holds no .toml workbook definitions".into(),
            });
        }
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            // The declined shapes are not a kind: a copy replaces them.
            if path.file_stem().is_some_and(|s| s == "shapes") {
                defs.shapes = Shapes::from_toml(&text, &path.display().to_string())?;
                continue;
            }
            let def = Definition::from_toml(&text, &path.display().to_string())?;
            match defs.kinds.iter_mut().find(|d| d.kind == def.kind) {
                Some(slot) => *slot = def,
                None => defs.kinds.push(def),
            }
        }
        Ok(defs)
    }

    /// The definition of a kind.
    pub fn get(&self, kind: &str) -> Option<&Definition> {
        self.kinds.iter().find(|d| d.kind == kind)
    }

    /// Every label any definition reads as a table parameter, normalised.
    pub fn parameter_labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .kinds
            .iter()
            .flat_map(|d| d.parameter_labels.iter().map(|l| normalise_header(l)))
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// The names (normalised) a column of a kind answers to: its header,
    /// aliases and key. Empty when the kind or column is not defined.
    pub fn names_of(&self, kind: &str, key: &str) -> Vec<String> {
        self.get(kind)
            .and_then(|d| d.column(key))
            .map(|c| c.names().chain([normalise_header(&c.key)]).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_parse_and_are_consistent() {
        let defs = Definitions::built_in().unwrap();
        let kinds: Vec<_> = defs.kinds.iter().map(|d| d.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "project-info",
                "budget",
                "risks",
                "issues",
                "milestones",
                "stakeholders",
                "ledger"
            ]
        );
        for d in &defs.kinds {
            // No two columns of one definition may answer to the same header,
            // or mapping would depend on column order.
            let mut seen = BTreeMap::new();
            for c in &d.columns {
                for n in c.names() {
                    if let Some(other) = seen
                        .insert(n.clone(), c.key.clone())
                        .filter(|o| *o != c.key)
                    {
                        panic!(
                            "{}: header '{n}' claimed by '{other}' and '{}'",
                            d.kind, c.key
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn enum_values_match_case_insensitively_and_by_alias() {
        let defs = Definitions::built_in().unwrap();
        let status = defs.get("risks").unwrap().column("status").unwrap();
        assert_eq!(status.canonical_value("in progress"), Some("In Progress"));
        assert_eq!(status.canonical_value("CLOSED"), Some("Closed"));
        assert_eq!(status.canonical_value("wip"), Some("In Progress"));
        assert_eq!(status.canonical_value("banana"), None);
    }

    #[test]
    fn broken_definition_names_its_origin() {
        let err = Definition::from_toml(
            "kind = 'x'\ntitle = 'X'\ncolumns = [{ key = 'a', header = 'A', type = 'enum' }]",
            "mine.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("mine.toml") && err.contains("lists no values"),
            "{err}"
        );
        let err = Definition::from_toml("kind = 'x'\ntitle = ", "bad.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.toml") && err.contains("line 2"), "{err}");
    }
}
