//! Rendering: turning what the library computed into text for people and
//! JSON for machines. Renderers return strings or write to any writer; the
//! command line chooses where output goes.

pub mod annotate;
pub mod blank;
pub mod budget;
pub mod chart;
pub mod context;
pub mod doc;
pub mod fill;
pub mod findings;
pub mod inspect;
pub mod notes;
pub mod portfolio_xlsx;
pub mod reconcile;
pub mod reconcile_xlsx;
pub mod text;
