//! One module per subcommand, each with its own `run`; here, the step they
//! share: raw flags → one validated [`Plan`] (ripgrep's raw args → HiArgs).

pub mod context;
pub mod document;
pub mod explain;
pub mod inspect;
pub mod new;
pub mod output;
pub mod portfolio;
pub mod reconcile;
pub mod report;
pub mod validate;

use crate::cli::{AsOfArgs, GeneratedArgs, InputArgs, MonthArgs, ReadArgs, ThresholdArgs};
use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use pmo::definition::Definitions;
use pmo::ingest::mapping::Mapping;
use pmo::ingest::Options;
use pmo::model::{FiscalCalendar, FiscalYear};
use pmo::month::{AsOf, AsOfGiven, Plan};
use pmo::reconcile::Thresholds;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Definitions and ingest options from the shared input flags.
pub fn input_plan(args: &ReadArgs) -> Result<(Definitions, Options)> {
    let defs = match &args.templates {
        Some(dir) => Definitions::with_overrides(dir)?,
        None => Definitions::built_in()?,
    };
    let fiscal_year = match &args.fiscal_year {
        Some(text) => match FiscalYear::parse(text) {
            Some(y) => Some(y),
            None => bail!("--fiscal-year '{text}' is not a fiscal year; write it as 2025-26"),
        },
        None => None,
    };
    let options = Options {
        calendar: FiscalCalendar::new(args.fiscal_start_month).context("--fiscal-start-month")?,
        fiscal_year,
    };
    Ok((defs, options))
}

/// The mapping file: `--mapping`, else a `pmo-map.toml` beside the first
/// workbook, else none.
pub fn mapping(input: &InputArgs) -> Result<Option<Mapping>> {
    let files = pmo::month::workbooks(&input.files).unwrap_or_default();
    let path = input.mapping.clone().or_else(|| Mapping::beside(&files));
    Ok(path.map(|p| Mapping::load(&p)).transpose()?)
}

/// One warning line on stderr for each thing a writer had to change
/// (text cut to fit an Excel cell), naming the cell.
pub fn warn_all<T: std::fmt::Display>(notes: &[T]) {
    for n in notes {
        eprintln!("pmo: warning: {n}");
    }
}

/// The plan of a command that works on the month.
pub fn month_plan(m: &MonthArgs) -> Result<Plan> {
    let extra = Extra {
        ledger: &m.ledger.ledger,
        previous: &m.previous.previous,
        thresholds: Some(&m.thresholds),
    };
    let plan = plan(&m.input, &m.as_of, extra)?;
    let files: Vec<String> = plan
        .inputs
        .iter()
        .chain(&plan.ledger)
        .map(|p| format!("'{}'", p.display()))
        .collect();
    crate::budget::now_doing(&format!("reading {}", files.join(", ")));
    Ok(plan)
}

/// What the month commands pass besides the inputs.
#[derive(Default)]
pub struct Extra<'a> {
    /// `--ledger`.
    pub ledger: &'a [PathBuf],
    /// `--previous`.
    pub previous: &'a [PathBuf],
    /// `--settings`, `--amber`, `--red`, `--floor`.
    pub thresholds: Option<&'a ThresholdArgs>,
}

/// The month's plan: inputs, definitions, calendar, as-of and thresholds,
/// each checked once.
pub fn plan(input: &InputArgs, as_of: &AsOfArgs, extra: Extra) -> Result<Plan> {
    let (definitions, options) = input_plan(&input.read)?;
    let books = pmo::month::workbooks(&input.files).unwrap_or_default();
    let ledgers = pmo::month::workbooks(extra.ledger).unwrap_or_default();
    crate::budget::preflight(&[books, ledgers].concat())?;
    let as_of = as_of
        .as_of
        .as_deref()
        .map(AsOfGiven::parse)
        .transpose()
        .context("--as-of")?;
    Ok(Plan {
        mapping: mapping(input)?,
        inputs: input.files.clone(),
        ledger: extra.ledger.to_vec(),
        previous: extra.previous.to_vec(),
        definitions,
        options,
        as_of,
        thresholds: extra
            .thresholds
            .map(thresholds)
            .transpose()?
            .unwrap_or_default(),
        today: today(),
        several_projects: false,
    })
}

/// Today, on this machine's clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The documents' date: `--generated`, else today.
pub fn generated(args: &GeneratedArgs) -> Result<NaiveDate> {
    match &args.generated {
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .with_context(|| format!("--generated '{t}' is not YYYY-MM-DD")),
        None => Ok(today()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    thresholds: ThresholdsFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    amber_pct: Option<Decimal>,
    red_pct: Option<Decimal>,
    floor: Option<Decimal>,
}

/// The thresholds: defaults, then the settings file, then the flags.
pub fn thresholds(args: &ThresholdArgs) -> Result<Thresholds> {
    let mut t = Thresholds::default();
    if let Some(path) = &args.settings {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read settings file '{}'", path.display()))?;
        let file: SettingsFile = toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "settings file '{}': {}",
                path.display(),
                e.to_string().trim_end()
            )
        })?;
        t.amber_pct = file.thresholds.amber_pct.unwrap_or(t.amber_pct);
        t.red_pct = file.thresholds.red_pct.unwrap_or(t.red_pct);
        t.floor = file.thresholds.floor.unwrap_or(t.floor);
    }
    t.amber_pct = args.amber.unwrap_or(t.amber_pct);
    t.red_pct = args.red.unwrap_or(t.red_pct);
    t.floor = args.floor.unwrap_or(t.floor);
    if t.amber_pct < Decimal::ZERO || t.red_pct < t.amber_pct || t.floor < Decimal::ZERO {
        bail!(
            "thresholds must satisfy 0 <= amber ({}) <= red ({}) and floor ({}) >= 0",
            t.amber_pct,
            t.red_pct,
            t.floor
        );
    }
    Ok(t)
}

/// A JSON document with the resolved as-of added in front:
/// `period`, `as_of_date` and `as_of_source`, the same in every command.
#[derive(Serialize)]
pub struct WithAsOf<'a, T: Serialize> {
    /// The reporting period.
    pub period: String,
    /// The as-of date.
    pub as_of_date: NaiveDate,
    /// Where the as-of came from.
    pub as_of_source: pmo::month::AsOfSource,
    /// The command's own document.
    #[serde(flatten)]
    pub doc: &'a T,
}

/// Pretty JSON of `doc` with the as-of added.
pub fn json_with_as_of<T: Serialize>(as_of: &AsOf, doc: &T) -> Result<String> {
    let with = WithAsOf {
        period: as_of.period.to_string(),
        as_of_date: as_of.date,
        as_of_source: as_of.source,
        doc,
    };
    Ok(json_controls(&serde_json::to_string_pretty(&with)?) + "\n")
}

/// JSON with the characters a terminal acts on that serde_json leaves raw
/// (DEL, the C1 controls such as U+009B, the bidirectional overrides)
/// written as `\u` escapes: the same JSON, safe to print.
pub fn json_controls(json: &str) -> String {
    let acts = |c: char| matches!(c, '\u{7F}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !json.chars().any(acts) {
        return json.to_string();
    }
    json.chars()
        .map(|c| {
            if acts(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}
