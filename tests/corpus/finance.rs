//! Budgets, cost estimates, earned-value sheets, grant budgets and ledger
//! exports. Sources: `README.md` in this folder.

use crate::kit::{sheet, Case, Fixture, Truth, C::*};

/// The finance shapes.
pub fn cases() -> Vec<Case> {
    vec![Case {
        name: "summary_budget_min",
        source: "pmo/pmo: samples (seed case; replace with real sources)",
        shape: "a plain budget: line, category, monthly planned and actual",
        fixture: Fixture::Xlsx(vec![sheet(
            "Budget",
            vec![
                vec![
                    T("Line ID"),
                    T("Description"),
                    T("Category"),
                    T("Planned Apr-25"),
                    T("Actual Apr-25"),
                ],
                vec![T("B-1"), T("Developer"), T("Services"), M(1000.0), M(900.5)],
                vec![
                    T("B-2"),
                    T("Licences"),
                    T("Supplies and equipment"),
                    M(250.25),
                    M(250.25),
                ],
            ],
        )]),
        truth: vec![Truth {
            sheet: "Budget",
            kind: Some("budget"),
            header_row: Some(1),
            records: 2,
            columns: vec![("id", "A"), ("description", "B")],
            gap: None,
            totals: vec![("planned", "1250.25"), ("actual", "1150.75")],
        }],
    }]
}
