//! Risk registers, issue logs, RAID logs, milestone plans, stakeholder
//! registers, change logs, and the sheets that must be declined (Gantt
//! charts, expense claims, dashboards). Sources: `README.md` in this folder.

use crate::kit::{Case, Fixture, Truth};

/// The log and register shapes.
pub fn cases() -> Vec<Case> {
    vec![Case {
        name: "risks_csv_min",
        source: "pmo/pmo: samples (seed case; replace with real sources)",
        shape: "a CSV risk register with likelihood and impact 1-5",
        fixture: Fixture::Csv(
            "Risk ID,Description,Owner,Likelihood,Impact,Status\nR-1,Vendor late,PM,4,3,Open\nR-2,Staff leave,PM,2,2,Closed\n",
        ),
        truth: vec![Truth {
            sheet: "risks_csv_min",
            kind: Some("risks"),
            header_row: Some(1),
            records: 2,
            columns: vec![("id", "A"), ("likelihood", "D"), ("impact", "E")],
            gap: None,
            totals: vec![],
        }],
    }]
}
