//! `pmo`: the project-management office's paperwork for Ontario Public
//! Service I&IT projects.
//!
//! The library reads the workbooks project teams keep (budget trackers, risk
//! and issue logs, finance ledger exports) into a typed [`model::Project`]
//! where every value knows the cell it came from. Data flows one way:
//! [`ingest`] → [`model`] → rules and reconciliation → [`render`]; [`month`]
//! runs that whole pipeline once for a reporting month.
//!
//! The library prints nothing and knows no command line; the `pmo` binary is
//! a thin shell over it.

#![warn(missing_docs)]

pub mod definition;
mod error;
pub mod identity;
pub mod ingest;
pub mod model;
pub mod month;
pub mod portfolio;
pub mod reconcile;
pub mod render;
pub mod rules;
pub mod status;

pub use error::Error;
