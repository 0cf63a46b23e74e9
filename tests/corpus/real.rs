//! Shapes the real corpus (`tests/real/`) taught, reproduced as generated
//! fixtures so CI holds them without the files. Each names the public
//! workbook of the corpus's train split it was learned from; amounts and
//! names are made up, the shape is the original's.

use crate::finance::t;
use crate::kit::{sheet, Case, Fixture, Truth, C::*};
use crate::logs::{declined, tx};

/// A sheet that must be read as `kind`, with the columns and totals given.
fn read(
    sheet: &'static str,
    kind: &'static str,
    header_row: u32,
    records: usize,
    columns: &[(&'static str, &'static str)],
    totals: &[(&'static str, &'static str)],
) -> Truth {
    t(
        sheet,
        kind,
        header_row,
        records,
        columns.to_vec(),
        totals.to_vec(),
    )
}

/// The cases.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "risk_register_scale_legend_below",
            source: "ArtiomBader/Mobile-app-project: Risk Register Template.xlsx",
            shape: "risk register with an empty 'Impact' words column beside 'Probability risk rating' / 'Impact risk rating' scores, a 'Total Risk Score' line and a scale legend typed under the risks",
            fixture: Fixture::Xlsx(vec![sheet(
                "Risk Register",
                vec![
                    tx(&["Project: Mobile app"]),
                    tx(&["#", "Cause", "Event", "Impact", "Risk owner", "Category", "Probability risk rating", "Impact risk rating", "Risk score", "Response"]),
                    vec![T("R1"), T("Finance"), T("Budget overrun"), E, T("CFO"), T("Threat"), N(4.0), N(5.0), N(20.0), T("Control costs")],
                    vec![T("R2"), T("Technical"), T("Integration fails"), E, T("IT"), T("Threat"), N(3.0), N(4.0), N(12.0), T("Test early")],
                    vec![T("R3"), T("Schedule"), T("Late delivery"), E, T("PM"), T("Threat"), N(4.0), N(4.0), N(16.0), T("Weekly plan")],
                    vec![T("R4"), T("People"), T("Skills gap"), E, T("IT"), T("Threat"), N(3.0), N(5.0), N(15.0), T("Hire")],
                    vec![T("R5"), T("Quality"), T("Defects"), E, T("QA"), T("Threat"), N(3.0), N(4.0), N(12.0), T("Automate tests")],
                    tx(&["Total Risk Score", "", "", "", "", "", "", "", "", "Risk exposure"]),
                    vec![],
                    tx(&["", "", "Probability", "", "Impact"]),
                    tx(&["", "", "5: High", "", "5: High"]),
                    tx(&["", "", "4: High to moderate", "", "4: High to moderate"]),
                    tx(&["", "", "3: Moderate", "", "3: Moderate"]),
                    tx(&["", "", "2: Moderate to low", "", "2: Moderate to low"]),
                    tx(&["", "", "1: Low", "", "1: Low"]),
                ],
            )]),
            truth: vec![read(
                "Risk Register",
                "risks",
                2,
                5,
                &[("likelihood", "G"), ("impact", "H"), ("score", "I")],
                &[],
            )],
        },
        Case {
            name: "risk_register_category_rows",
            source: "piotrcierpich/itm: RiskRegister.xlsx",
            shape: "risk register whose risks sit under numbered category rows (a number and a category name, nothing else)",
            fixture: Fixture::Xlsx(vec![sheet(
                "Arkusz1",
                vec![
                    tx(&["", "Risk", "Risk category", "Probability", "Impact", "Risk score", "Risk response", "Trigger", "Risk owner"]),
                    vec![N(1.0), T("Legal")],
                    vec![E, T("No certified driver"), T("Regulatory"), N(3.0), N(8.0), F("=D3*E3", 24.0), T("Transfer"), T("Preparation"), T("PM")],
                    vec![E, T("No outdoor procedures"), T("Governance"), N(3.0), N(3.0), F("=D4*E4", 9.0), T("Contingency"), T("Preparation"), T("PM")],
                    vec![N(2.0), T("Weather")],
                    vec![E, T("Measurements delayed by rain"), T("Operational"), N(8.0), N(4.0), F("=D6*E6", 32.0), T("Contingency"), T("Force majeure"), T("Lead")],
                    vec![N(3.0), T("Accidents")],
                    vec![E, T("Road accident"), T("Operational"), N(2.0), N(8.0), F("=D8*E8", 16.0), T("Transfer"), T("Accident"), T("PM")],
                    vec![E, T("Injury on site"), T("Operational"), N(1.0), N(8.0), F("=D9*E9", 8.0), T("Accept"), T("Accident"), T("PM")],
                ],
            )]),
            truth: vec![read("Arkusz1", "risks", 1, 5, &[("likelihood", "D"), ("impact", "E")], &[])],
        },
        Case {
            name: "schedule_summary_rows_by_formula",
            source: "jwattsphilly/CE-Senior-Project: Project Schedule.xlsx",
            shape: "task schedule whose phase rows roll their tasks up by formula (=MIN of starts, =MAX of ends)",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet1",
                vec![
                    tx(&["Task", "Start Date", "End Date", "Duration (days)", "Percent Complete"]),
                    vec![T("1.0 Part Sourcing"), F("=MIN(B3:B4)", 42073.0), F("=MAX(C3:C4)", 42155.0), N(83.0), P(0.8)],
                    vec![T("1.1 Purchase"), D(2015, 3, 10), D(2015, 3, 10), N(1.0), P(1.0)],
                    vec![T("1.2 Sensors"), D(2015, 3, 12), D(2015, 5, 31), N(80.0), P(0.6)],
                    vec![T("2.0 Hardware"), F("=MIN(B6:B7)", 42135.0), F("=MAX(C6:C7)", 42155.0), N(21.0), P(0.1)],
                    vec![T("2.1 Hacking"), D(2015, 5, 11), D(2015, 5, 20), N(10.0), P(0.3)],
                    vec![T("2.2 Wiring"), D(2015, 5, 21), D(2015, 5, 31), N(11.0), P(0.0)],
                ],
            )]),
            truth: vec![read("Sheet1", "milestones", 1, 4, &[("start", "B"), ("baseline", "C")], &[])],
        },
        Case {
            name: "status_under_another_header",
            source: "cloudare/clear-cleartrip: Issue Tracker.xlsx",
            shape: "issue tracker whose status words (Closed, Open) sit under a column headed 'On-Hold'",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet1",
                vec![
                    tx(&["Issue ID", "Issue Raised Date", "Issue Type", "Issue Details", "Issue Severity", "On-Hold", "Owner"]),
                    vec![N(1.0), D(2025, 1, 2), T("Issue"), T("Ack number added twice"), T("Low"), T("Closed"), T("Ana")],
                    vec![N(2.0), D(2025, 1, 3), T("Issue"), T("Date format wrong"), T("Medium"), T("Closed"), T("Ben")],
                    vec![N(3.0), D(2025, 1, 4), T("Query"), T("Same file name twice"), T("Low"), T("Open"), T("Ana")],
                    vec![N(4.0), D(2025, 1, 6), T("Bug"), T("Code misses a case"), T("High"), T("Closed"), T("Cy")],
                ],
            )]),
            truth: vec![read("Sheet1", "issues", 1, 4, &[("status", "F")], &[])],
        },
        Case {
            name: "portfolio_overview_of_projects",
            source: "divyakeloth21-sketch/PMO-templates-toolkit: Project_KPI_Dashboard.xlsx",
            shape: "portfolio overview: one row per project (Project Name, Budget, Actual Spend): never read as one project's lines",
            fixture: Fixture::Xlsx(vec![sheet(
                "Overview",
                vec![
                    tx(&["Project Name", "Progress", "Budget", "Actual Spend", "Variance", "Owner"]),
                    vec![T("CRM Upgrade"), P(0.85), N(50000.0), N(46000.0), N(4000.0), T("D.")],
                    vec![T("Reporting"), P(0.65), N(30000.0), N(28000.0), N(2000.0), T("D.")],
                    vec![T("Data Lake"), P(0.2), N(90000.0), N(15000.0), N(75000.0), T("E.")],
                ],
            )]),
            truth: vec![declined("Overview")],
        },
        Case {
            name: "stakeholder_levels",
            source: "MayarRakha/Project-Management-team-1: Stakeholder Register.xlsx",
            shape: "stakeholder register headed 'Influence Level' and 'Interest Level' (the word before 'Level' names the column)",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet1",
                vec![
                    tx(&["Name", "Role", "Notes", "Influence Level", "Interest Level"]),
                    tx(&["Project Manager", "Oversees the project", "Coordinates teams", "High", "High"]),
                    tx(&["Operations Manager", "Manages operations", "Smooth workflow", "Medium", "High"]),
                    tx(&["Finance Lead", "Approves spending", "Monthly review", "High", "Medium"]),
                ],
            )]),
            truth: vec![read(
                "Sheet1",
                "stakeholders",
                1,
                3,
                &[("name", "A"), ("role", "B"), ("influence", "D"), ("interest", "E")],
                &[],
            )],
        },
    ]
}
