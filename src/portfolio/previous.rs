//! Each project's change since last month, from last month's
//! `portfolio.json`: ratings, variance, EAC, risks opened and closed.

use super::row::ProjectRow;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What last month's portfolio could not give.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    /// The file could not be read.
    #[error("cannot read last month's portfolio '{path}'")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// It is not a portfolio.json.
    #[error("'{path}' is not a portfolio.json written by 'pmo portfolio': {detail}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

/// Last month's lines, by key.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    rows: Vec<Value>,
}

/// One rating that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The area.
    pub area: String,
    /// Last month's rating.
    pub was: String,
    /// This month's.
    pub now: String,
}

/// A project's change since last month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether the project was in last month's portfolio.
    pub new_project: bool,
    /// Ratings that changed.
    pub ratings: Vec<Moved>,
    /// Variance to date now − then.
    #[serde(serialize_with = "super::row::opt_money")]
    pub variance_change: Option<Decimal>,
    /// EAC now − then.
    #[serde(serialize_with = "super::row::opt_money")]
    pub eac_change: Option<Decimal>,
    /// Open risks not open last month.
    pub new_risks: Vec<String>,
    /// Risks open last month and not now.
    pub closed_risks: Vec<String>,
}

impl Previous {
    /// Reads `path`: a `portfolio.json`, or a folder holding one.
    ///
    /// # Errors
    ///
    /// [`PreviousError`] when it cannot be read or is not a portfolio.
    pub fn load(path: &Path) -> Result<Previous, PreviousError> {
        let file = if path.is_dir() {
            path.join("portfolio.json")
        } else {
            path.to_path_buf()
        };
        let text = std::fs::read_to_string(&file).map_err(|source| PreviousError::Read {
            path: file.clone(),
            source,
        })?;
        let format = |detail: String| PreviousError::Format {
            path: file.clone(),
            detail,
        };
        let doc: Value = serde_json::from_str(&text).map_err(|e| format(e.to_string()))?;
        match doc.get("projects").and_then(Value::as_array) {
            Some(rows) => Ok(Previous { rows: rows.clone() }),
            None => Err(format("it has no \"projects\" list".into())),
        }
    }

    /// The change of `now` since its line last month (found by key).
    pub fn change(&self, now: &ProjectRow) -> Change {
        let Some(was) = self
            .rows
            .iter()
            .find(|r| r.get("key").and_then(Value::as_str) == Some(now.key.as_str()))
        else {
            return Change {
                new_project: true,
                ratings: Vec::new(),
                variance_change: None,
                eac_change: None,
                new_risks: now.open_risks.clone(),
                closed_risks: Vec::new(),
            };
        };
        let ratings = now
            .ratings
            .areas()
            .iter()
            .filter_map(|(area, rag)| {
                let then = was.pointer(&format!("/ratings/{area}"))?.as_str()?;
                (then != *rag).then(|| Moved {
                    area: area.to_string(),
                    was: then.to_string(),
                    now: rag.to_string(),
                })
            })
            .collect();
        let figure = |key: &str| {
            was.pointer(&format!("/money/{key}"))
                .and_then(Value::as_str)
                .and_then(|t| Decimal::from_str(t).ok())
        };
        let delta = |key: &str, now: Option<Decimal>| Some(now? - figure(key)?);
        let then_open: Vec<String> = was
            .get("open_risks")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let m = now.money.as_ref();
        Change {
            new_project: false,
            ratings,
            variance_change: delta("variance_ytd", m.map(|m| m.variance_ytd)),
            eac_change: delta("eac", m.map(|m| m.eac)),
            new_risks: now
                .open_risks
                .iter()
                .filter(|r| !then_open.contains(r))
                .cloned()
                .collect(),
            closed_risks: then_open
                .into_iter()
                .filter(|r| !now.open_risks.contains(r))
                .collect(),
        }
    }
}
