//! Budgets, cost estimates, earned-value sheets, grant budgets and ledger
//! exports. Sources: `finance.md` in this folder. Every value below is made
//! up; the layout, the header words and the row roles are the originals'.

use crate::kit::{sheet, Case, Fixture, SheetSpec, Truth, C, C::*};

/// The finance shapes.
pub fn cases() -> Vec<Case> {
    let mut v = budgets();
    v.extend(estimates());
    v.extend(earned_value());
    v.extend(grants());
    v.extend(ledgers());
    v.extend(declined());
    v
}

/// A sheet's truth.
pub(crate) fn t(
    sheet: &'static str,
    kind: &'static str,
    header_row: u32,
    records: usize,
    columns: Vec<(&'static str, &'static str)>,
    totals: Vec<(&'static str, &'static str)>,
) -> Truth {
    Truth {
        sheet,
        kind: Some(kind),
        header_row: Some(header_row),
        records,
        columns,
        totals,
        gap: None,
    }
}

/// A sheet that must be declined.
fn no(sheet: &'static str) -> Truth {
    Truth {
        sheet,
        kind: None,
        header_row: None,
        records: 0,
        columns: vec![],
        totals: vec![],
        gap: None,
    }
}

fn xlsx(sheets: Vec<SheetSpec>) -> Fixture {
    Fixture::Xlsx(sheets)
}

fn merged(mut s: SheetSpec, merges: Vec<(u32, u16, u32, u16)>) -> SheetSpec {
    s.merges = merges;
    s
}

fn budgets() -> Vec<Case> {
    vec![
        Case {
            name: "summary_budget_allocated_spent",
            source: "2021wa86255/PMO-Office: budget.xlsx",
            shape: "summary budget: Category / Budget Allocated ($) / Spent ($) / Remaining ($)",
            fixture: xlsx(vec![sheet(
                "Sheet",
                vec![
                    vec![T("Category"), T("Budget Allocated ($)"), T("Spent ($)"), T("Remaining ($)")],
                    vec![T("Hardware"), N(500.0), N(300.0), N(200.0)],
                    vec![T("Software"), N(700.0), N(400.5), N(299.5)],
                    vec![T("Office Supplies"), N(150.0), N(50.0), N(100.0)],
                    vec![T("Travel"), N(250.0), N(80.0), N(170.0)],
                    vec![T("Miscellaneous"), N(100.0), N(20.0), N(80.0)],
                ],
            )]),
            truth: vec![t(
                "Sheet",
                "budget",
                1,
                5,
                vec![("description", "A"), ("budget", "B"), ("actual", "C"), ("remaining", "D")],
                vec![("budget", "1700.00"), ("actual", "850.50"), ("remaining", "849.50")],
            )],
        },
        Case {
            name: "annual_budget_google_months",
            source: "jchico-pmp/wd-001: budget.xlsx",
            shape: "Google Sheets annual budget: an instructions tab, an Income tab (not costs), then months as date cells, group rows 'Monthly totals:' summing the lines below, empty template lines whose Total formula gives 0",
            fixture: xlsx(vec![
                merged(
                    sheet(
                        "Setup",
                        vec![
                            vec![],
                            vec![E, T("Annual budget")],
                            vec![E, T("Plan and track your monthly spending for the entire year.")],
                            vec![],
                            vec![],
                            vec![E, T("How to use this template")],
                            vec![T("1."), T("Get started by entering your starting balance in Row 13 below.")],
                            vec![T("2."), T("Then, fill out the 'Expenses' and 'Income' tabs.")],
                            vec![],
                            vec![],
                            vec![],
                            vec![E, T("Configure")],
                            vec![E, T("Starting balance:"), N(2000.0)],
                        ],
                    ),
                    vec![(2, 1, 2, 5)],
                ),
                sheet("Expenses", google_months()),
                sheet(
                    "Income",
                    vec![
                        vec![],
                        vec![E, E, T("Income"), D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1), T("Total")],
                        vec![T("Wages"), E, T("Monthly totals:"), F("sum(D4:D5)", 3000.0), F("sum(E4:E5)", 3000.0), F("sum(F4:F5)", 0.0), F("sum(D3:F3)", 6000.0)],
                        vec![E, E, T("Paycheck"), N(3000.0), N(3000.0), E, F("sum(D4:F4)", 6000.0)],
                        vec![E, E, T("Bonus"), E, E, E, F("sum(D5:F5)", 0.0)],
                    ],
                ),
            ]),
            truth: vec![
                no("Setup"),
                no("Income"),
                t(
                    "Expenses",
                    "budget",
                    2,
                    4,
                    vec![("description", "C")],
                    vec![("planned", "480.00")],
                ),
            ],
        },
        Case {
            name: "task_budget_cost_to_date",
            source: "Mohaa006/Project-Financial-Portfolio: project_dashboard.xlsx",
            shape: "task list with dates, status, Budget (USD) and Cost to Date (USD)",
            fixture: xlsx(vec![sheet(
                "Project Dashboard",
                vec![
                    vec![T("Task"), T("Start Date"), T("End Date"), T("Status"), T("Assigned To"), T("Budget (USD)"), T("Cost to Date (USD)")],
                    vec![T("Requirement Gathering"), T("2025-01-01"), T("2025-01-10"), T("Completed"), T("A. Lee"), N(100.0), N(95.0)],
                    vec![T("Design Phase"), T("2025-01-11"), T("2025-01-20"), T("Completed"), T("B. Roy"), N(150.0), N(145.0)],
                    vec![T("Development"), T("2025-01-21"), T("2025-02-15"), T("Ongoing"), T("Dev Team"), N(500.0), N(320.0)],
                    vec![T("Testing"), T("2025-02-16"), T("2025-02-28"), T("Pending"), T("QA Team"), N(200.0), N(0.0)],
                ],
            )]),
            truth: vec![t(
                "Project Dashboard",
                "budget",
                1,
                4,
                vec![("description", "A"), ("budget", "F"), ("actual", "G")],
                vec![("budget", "950.00"), ("actual", "560.00")],
            )],
        },
        Case {
            name: "long_budget_csv_cost_element",
            source: "HauLe192000/Cost-Actual-Budget: Budget.csv",
            shape: "long CSV: a dd/mm/yyyy date, department, CostElement (camelCase), country and a Budget amount per row",
            fixture: Fixture::Csv(
                "Date,IT Dep.,CostElement,Country,Budget\n01/04/2025,Administration,Employee Performance,Canada,87\n01/05/2025,Administration,Employee Performance,Canada,87\n01/04/2025,Infrastructure,Hardware,Canada,120.50\n01/05/2025,Infrastructure,Hardware,Canada,\"1,000\"\n",
            ),
            truth: vec![t(
                "long_budget_csv_cost_element",
                "budget",
                1,
                4,
                vec![("date", "A")],
                vec![("planned", "1294.50")],
            )],
        },
        Case {
            name: "quarter_columns",
            source: "aubreymoore/2020-DOI-CRB-Biocontrol: quarterly_budget.ods",
            shape: "quarter columns ('2017 Q4' … '2019 Q4'), a TOTAL column filled on one line only, a TOTAL row",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![E, T("2017 Q4"), T("2018 Q1"), T("2018 Q2"), T("2018 Q3"), T("TOTAL")],
                    vec![T("sal and ben"), N(100.0), N(150.0), N(150.0), N(50.0), N(450.0)],
                    vec![T("reloc in"), N(60.0)],
                    vec![T("reloc out"), E, E, E, N(50.0)],
                    vec![T("Palau trip"), E, N(62.5)],
                    vec![T("admin fee"), N(17.0)],
                    vec![T("TOTAL"), N(177.0), N(212.5), N(150.0), N(100.0), N(639.5)],
                ],
            )]),
            truth: vec![t(
                "Sheet1",
                "budget",
                1,
                5,
                vec![("description", "A")],
                vec![("planned", "639.50")],
            )],
        },
    ]
}

/// The Google Sheets annual budget's Expenses tab.
fn google_months() -> Vec<Vec<C>> {
    let mut header = vec![E, E, T("Expenses")];
    for m in 1..=12u8 {
        header.push(D(2025, m, 1));
    }
    header.push(T("Total"));
    let line = |name: &'static str, row: u32, amounts: &[(usize, f64)]| {
        let mut r = vec![E, E, T(name)];
        r.extend(std::iter::repeat_n(E, 12));
        let mut total = 0.0;
        for &(m, a) in amounts {
            r[2 + m] = N(a);
            total += a;
        }
        let f: &'static str = Box::leak(format!("sum(D{row}:O{row})").into_boxed_str());
        r.push(F(f, total));
        r
    };
    let group = |name: &'static str, first: u32, last: u32, sums: [f64; 12]| {
        let mut r = vec![T(name), E, T("Monthly totals:")];
        for (i, s) in sums.iter().enumerate() {
            let col = (b'D' + i as u8) as char;
            let f: &'static str =
                Box::leak(format!("sum({col}{first}:{col}{last})").into_boxed_str());
            r.push(F(f, *s));
        }
        let f: &'static str =
            Box::leak(format!("sum(D{}:O{})", first - 1, first - 1).into_boxed_str());
        r.push(F(f, sums.iter().sum()));
        r
    };
    let mut g1 = [0.0; 12];
    g1[0] = 70.0;
    g1[1] = 50.0;
    let mut g2 = [0.0; 12];
    g2[0] = 100.0;
    g2[2] = 260.0;
    vec![
        vec![],
        header,
        group("Children", 4, 7, g1),
        line("Activities", 4, &[(1, 50.0), (2, 50.0)]),
        line("Allowance", 5, &[(1, 20.0)]),
        line("Medical", 6, &[]),
        line("Other", 7, &[]),
        vec![],
        group("Debt", 10, 12, g2),
        line("Credit cards", 10, &[(1, 100.0), (3, 100.0)]),
        line("Student loans", 11, &[(3, 160.0)]),
        line("Other", 12, &[]),
    ]
}

fn estimates() -> Vec<Case> {
    vec![
        Case {
            name: "cost_estimate_total_in_units_column",
            source: "aubreymoore/2020-DOI-CRB-Biocontrol: DOI-20-budget.ods",
            shape: "cost estimate with snake_case headers (cost_item, qty_or_fte, unit_cost, total), SUBTOTAL and TOTAL typed in the units column, an administration-fee line between them",
            fixture: xlsx(vec![sheet(
                "DOI-20-budget",
                vec![
                    vec![T("cost_item"), T(" cost_type"), T(" qty_or_fte"), T(" unit_cost"), T(" units"), T(" total ")],
                    vec![T("Lab tech 1 salary"), T("personnel"), N(1.0), N(400.0), T(" $/per year"), N(400.0)],
                    vec![T("Lab tech 1 benefits"), T("benefits"), N(1.0), N(120.0), T(" $/per year"), N(120.0)],
                    vec![T("Entomologist salary compensation"), T("personnel"), N(0.02), N(1100.0), T(" $/per year (inc. benefits)"), N(22.0)],
                    vec![T("Panel traps"), T("supplies"), N(10.0), N(4.0), T(" $/each"), N(40.0)],
                    vec![T("Pheromone lures"), T("supplies"), N(52.0), N(3.75), T(" $/each"), N(195.0)],
                    vec![E, E, E, E, T("SUBTOTAL"), N(777.0)],
                    vec![T("Administration fee (15% of total grant)"), T("other"), E, E, E, N(116.55)],
                    vec![E, E, E, E, T("TOTAL"), N(893.55)],
                ],
            )]),
            truth: vec![t(
                "DOI-20-budget",
                "budget",
                1,
                6,
                vec![("description", "A"), ("budget", "F")],
                vec![("budget", "893.55")],
            )],
        },
        Case {
            name: "labour_hours_rate_estimate",
            source: "RohitChandupatla/pm-s04-g07-project: Budget/Budget.xlsx",
            shape: "labour estimate: hours per week × hourly rate = pay per week, a total for the project's weeks, a Total row (hours summed too) and a value/cost/profit block below",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![T("Name"), T("Role"), T("Hours per week"), T("Hourly Rate"), T("Total pay per week"), T("Total pay for 14 weeks")],
                    vec![T("A. Sudha"), T("Product Owner"), N(10.0), N(9.0), F("C2*D2", 90.0), N(1260.0)],
                    vec![T("S. Mami"), T("Scrum Master"), N(14.0), N(8.0), F("C3*D3", 112.0), N(1568.0)],
                    vec![T("A. Nellu"), T("Developer"), N(20.0), N(7.5), F("C4*D4", 150.0), N(2100.0)],
                    vec![],
                    vec![T("Total"), E, F("SUM(C2:C4)", 44.0), E, F("SUM(E2:E4)", 352.0), F("SUM(F2:F4)", 4928.0)],
                    vec![],
                    vec![],
                    vec![E, E, T("Total Project Value"), N(8000.0)],
                    vec![E, E, T("Total Project Cost"), N(4928.0)],
                    vec![E, E, T("Estimated Profit"), N(3072.0)],
                ],
            )]),
            truth: vec![t(
                "Sheet1",
                "budget",
                1,
                3,
                vec![("description", "A"), ("budget", "F")],
                vec![("budget", "4928.00")],
            )],
        },
        Case {
            name: "wbs_estimate_parent_sums",
            source: "ziad-samer/Project-Management: Estimation.xlsx",
            shape: "WBS estimate: parent rows (1, 'Plan') carry the sum of their children (1.1 …), by formula or typed; '# of units' × 'Unit price($)' = 'Estimated Cost'; a 'Sum' row; an assumptions block below",
            fixture: xlsx(vec![merged(
                sheet(
                    "WBS",
                    vec![
                        vec![T("Activity"), E, T("Tasks"), E, E, E, E, T("# of units"), T("Unit price($)"), T("Estimated Cost")],
                        vec![N(1.0), T("Plan"), E, E, E, E, E, N(7.0), E, F("SUM(J3:J4)", 140.0)],
                        vec![E, N(1.1), E, T("Create stakeholders engagement plan"), E, E, E, N(5.0), N(20.0), N(100.0)],
                        vec![E, N(1.2), E, T("Create WBS"), E, E, E, N(2.0), N(20.0), N(40.0)],
                        vec![N(2.0), T("Design"), E, E, E, E, E, N(64.0), E, N(4400.0)],
                        vec![E, N(2.1), E, T("Create software architecture"), E, E, E, N(40.0), N(50.0), N(2000.0)],
                        vec![E, N(2.2), E, T("Review software architecture"), E, E, E, N(24.0), N(100.0), N(2400.0)],
                        vec![N(3.0), T("Test"), E, E, E, E, E, N(10.0), E, N(140.0)],
                        vec![E, N(3.1), E, T("Test mobile app"), E, E, E, N(10.0), N(14.0), N(140.0)],
                        vec![E, T("Sum"), E, E, E, E, E, N(162.0), E, F("SUM(J2:J9)", 9360.0)],
                        vec![],
                        vec![],
                        vec![E, T("Estimation assumptions")],
                        vec![E, E, N(1.0), T("HR hires the project team according to the schedule")],
                        vec![E, E, N(2.0), T("Customer submits the full requirements on 15-apr")],
                    ],
                ),
                vec![(1, 1, 1, 6), (4, 1, 4, 6), (7, 1, 7, 6), (2, 3, 2, 6), (3, 3, 3, 6), (5, 3, 5, 6), (6, 3, 6, 6), (8, 3, 8, 6)],
            )]),
            truth: vec![t(
                "WBS",
                "budget",
                1,
                5,
                vec![("budget", "J")],
                vec![("budget", "4680.00")],
            )],
        },
        Case {
            name: "wbs_level2_totals_column",
            source: "Lakshmi-reddy9/pm_project: docs/CostEstimation.xlsx",
            shape: "WBS cost estimate: title, 'Prepared by', an unheaded item column, Labor Hrs × Cost/Hour = Subtotals, a 'WBS Level 2 totals' column on the parent rows, '% of totals', a total row",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![E, T("PalMTouchStone Project Cost Estimate")],
                    vec![T("Prepared by: G. Amara"), T("Date:"), D(2019, 6, 2)],
                    vec![E, T("Labor Hrs"), T("Cost/Hour"), T("Subtotals"), T("WBS Level 2 totals"), T("% of totals")],
                    vec![T("WBS Items")],
                    vec![T("1. Planning"), E, E, E, F("SUM(D6:D7)", 255.0), F("E5/E13", 0.5)],
                    vec![T("      1.1 Project Manager"), N(3.0), N(30.0), F("(B6*C6)", 90.0)],
                    vec![T("      1.2 Team Lead"), N(3.0), N(55.0), F("(B7*C7)", 165.0)],
                    vec![T("2.Development"), E, E, E, F("SUM(D9:D10)", 200.0), F("E8/E13", 0.392)],
                    vec![T("      2.1 MS Office licenses"), N(2.0), N(20.0), F("(B9*C9)", 40.0)],
                    vec![T("      2.2 Developer"), N(4.0), N(40.0), F("(B10*C10)", 160.0)],
                    vec![T("3.Testing"), E, E, E, F("(D12)", 55.0), F("E11/E13", 0.108)],
                    vec![T("        3.1 Test Manager"), N(1.0), N(55.0), F("(B12*C12)", 55.0)],
                    vec![T("Total Project Cost Estimates"), E, E, E, F("(E5+E8+E11)", 510.0), N(1.0)],
                ],
            )]),
            truth: vec![t(
                "Sheet1",
                "budget",
                3,
                5,
                vec![("description", "A"), ("budget", "D")],
                vec![("budget", "510.00")],
            )],
        },
        Case {
            name: "task_cost_sections_estimated_actual",
            source: "saisreyat/Project_Management: Project Budget.xlsx",
            shape: "vertex42-style project budget: vertical merged phase names, LABOR HOURS beside $ cost columns, TOTAL PER TASK formulas, Subtotal rows; an 'Actual Costs' tab of ITEM / COST / DATE; a chart tab; a weekly projected/actual cumulative data tab",
            fixture: xlsx(vec![
                merged(sheet("Estimated Costs", saisreyat_estimated()), vec![(4, 1, 7, 1), (9, 1, 11, 1)]),
                merged(sheet("Actual Costs", saisreyat_actual()), vec![(4, 1, 7, 1), (9, 1, 11, 1)]),
                sheet("Cumulative Project Costs", vec![vec![], vec![T("Projected vs. Actual Costs Diagram")], vec![], vec![], vec![E, T("MONTHLY COST")]]),
                sheet(
                    "Data Worksheet",
                    vec![
                        vec![],
                        vec![T("Project Data Worksheet")],
                        vec![],
                        vec![E, T("WEEK"), T("PROJECTED WEEKLY COST"), T("ACTUAL WEEKLY COST"), T("PROJECTED CUMULATIVE COST"), T("ACTUAL CUMULATIVE COST")],
                        vec![E, N(1.0), N(900.0), N(230.0), F("SUM(C5)", 900.0), F("SUM(D5)", 230.0)],
                        vec![E, N(2.0), N(700.0), N(700.0), F("SUM(C5:C6)", 1600.0), F("SUM(D5:D6)", 930.0)],
                        vec![E, N(3.0), N(230.0), N(500.0), F("SUM(C5:C7)", 1830.0), F("SUM(D5:D7)", 1430.0)],
                    ],
                ),
            ]),
            truth: vec![
                t("Estimated Costs", "budget", 4, 5, vec![("description", "C"), ("budget", "I")], vec![("budget", "1730.00")]),
                t("Actual Costs", "budget", 4, 5, vec![("description", "C"), ("actual", "D")], vec![("actual", "1475.00")]),
                no("Cumulative Project Costs"),
                no("Data Worksheet"),
            ],
        },
        Case {
            name: "parts_list_tax_grand_total",
            source: "kyelehaynes/CENG317HardwareProject: documentation/Project Budget.xlsx",
            shape: "parts list: merged title, Part / Part Number / Supplier / Quantity / Cost, SUBTOTAL, tax and shipping lines, TOTAL, a 'Preowned' section, TOTAL and GRAND TOTAL",
            fixture: xlsx(vec![merged(
                sheet(
                    "Sheet1",
                    vec![
                        vec![T("K. Haynes Parts List for CENG317 Hardware Project")],
                        vec![T("Part"), T("Part Number"), T("Supplier"), T("Quantity"), T("Cost"), T("Comments"), T("Link")],
                        vec![],
                        vec![T("Raspberry Pi 3 B+ with power supply"), T("C3775-5200"), T("Elmwood Electronics"), N(1.0), N(59.99), T("Main control board")],
                        vec![T("IR Thermal Camera Breakout"), N(3538.0), T("Elmwood Electronics"), N(1.0), N(40.01), T("8x8 array")],
                        vec![T("SUBTOTAL"), E, E, E, F("SUM(E4:E5)", 100.0)],
                        vec![T("HST (13%)"), E, E, E, F("E6*0.13", 13.0)],
                        vec![T("SHIPPING"), E, E, E, N(6.92)],
                        vec![T("TOTAL"), E, E, E, F("SUM(E6:E8)", 119.92)],
                        vec![],
                        vec![T("Preowned")],
                        vec![T("Parts Kit"), T("N/A"), T("Humber"), N(1.0), N(100.0), T("Purchased at book store")],
                        vec![T("Safety glasses"), T("N/A"), T("Already Own"), N(1.0), N(5.0)],
                        vec![T("TOTAL "), E, E, E, F("SUM(E12:E13)", 105.0)],
                        vec![],
                        vec![T("GRAND TOTAL"), E, E, E, F("SUM(E9,E14)", 224.92)],
                    ],
                ),
                vec![(0, 0, 0, 6), (10, 0, 10, 4)],
            )]),
            truth: vec![t(
                "Sheet1",
                "budget",
                2,
                6,
                vec![("description", "A"), ("vendor", "C"), ("budget", "E")],
                vec![("budget", "224.92")],
            )],
        },
    ]
}

fn saisreyat_estimated() -> Vec<Vec<C>> {
    let line = |task: &'static str, r: u32, h: f64, l: f64, m: f64, t: f64, o: f64| {
        let f: &'static str = Box::leak(format!("SUM(E{r}:H{r})").into_boxed_str());
        vec![
            E,
            E,
            T(task),
            N(h),
            N(l),
            N(m),
            N(t),
            N(o),
            F(f, l + m + t + o),
        ]
    };
    let sub = |a: u32, b: u32, v: [f64; 6]| {
        let mut r = vec![E, E, T("Subtotal")];
        for (i, col) in ['D', 'E', 'F', 'G', 'H', 'I'].iter().enumerate() {
            let f: &'static str = Box::leak(format!("SUM({col}{a}:{col}{b})").into_boxed_str());
            r.push(F(f, v[i]));
        }
        r
    };
    let mut first = line(
        "Develop Functional Specifications",
        5,
        20.0,
        120.0,
        90.0,
        20.0,
        20.0,
    );
    first[1] = T("PROJECT\n DESIGN");
    let mut dev = line("Develop Components", 10, 20.0, 200.0, 70.0, 20.0, 10.0);
    dev[1] = T("PROJECT\n DEVELOPMENT");
    vec![
        vec![],
        vec![
            E,
            T("Estimated Project Costs (Some Fields May Not be Applicable to Every Project)"),
        ],
        vec![],
        vec![
            E,
            E,
            T("PROJECT TASKS"),
            T("LABOR HOURS"),
            T("LABOR COST ($)"),
            T("MATERIAL COST ($)"),
            T("TRAVEL COST ($)"),
            T("OTHER COST ($)"),
            T("TOTAL PER TASK"),
        ],
        first,
        line(
            "Develop System Architecture",
            6,
            25.0,
            200.0,
            70.0,
            20.0,
            10.0,
        ),
        line(
            "Develop Acceptance Test Plan",
            7,
            20.0,
            120.0,
            50.0,
            25.0,
            5.0,
        ),
        sub(5, 7, [65.0, 440.0, 210.0, 65.0, 35.0, 750.0]),
        vec![],
        dev,
        line("Procure Hardware", 11, 30.0, 300.0, 350.0, 10.0, 20.0),
        sub(10, 11, [50.0, 500.0, 420.0, 30.0, 30.0, 980.0]),
    ]
}

fn saisreyat_actual() -> Vec<Vec<C>> {
    let line = |item: &'static str, cost: f64, day: u8, why: &'static str| {
        vec![E, E, T(item), N(cost), D(2025, 6, day), T(why)]
    };
    let mut first = line(
        "Develop Functional Specifications",
        230.0,
        3,
        "For labour and material",
    );
    first[1] = T("PROJECT DESIGN");
    let mut dev = line("Develop Components", 250.0, 25, "Existing EHR tools");
    dev[1] = T("PROJECT DEVELOPMENT");
    vec![
        vec![],
        vec![
            T("Expenditures Over Time"),
            T("Actual Project Costs (Some Fields May Not be Applicable to Every Project)"),
        ],
        vec![],
        vec![
            E,
            E,
            T("ITEM"),
            T("COST"),
            T("DATE"),
            T("REASON FOR EXPENDITURE"),
        ],
        first,
        line("Develop System Architecture", 280.0, 7, "Data collection"),
        line(
            "Develop Acceptance Test Plan",
            190.0,
            21,
            "Test infrastructure design",
        ),
        vec![E, E, T("Subtotal"), F("SUM(D5:D7)", 700.0)],
        vec![],
        dev,
        line("Procure Hardware", 525.0, 28, "Servers"),
        vec![E, E, T("Subtotal"), F("SUM(D10:D11)", 775.0)],
    ]
}

fn earned_value() -> Vec<Case> {
    vec![
        Case {
            name: "evm_k_dollars_month_numbers",
            source: "Mohamed-Ahmed-Mansur/PM_Tasks: EVM.xlsx",
            shape: "earned-value table: 'Month' heads the phase column, 'K$' the budget, month numbers 1…11 carry PV, Progress, Earned Value (EV) = K$ × Progress, Actual Cost (AC), a Total row with a CPI-like ratio",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![T("Month"), T("K$"), T("1"), T("2"), T("3"), T("4"), T("Progress"), T("Earned Value (EV)"), T("Actual Cost (AC)")],
                    vec![T("Analysis"), N(60.0), N(30.0), N(30.0), E, E, N(1.0), F("B2*G2", 60.0), N(60.0)],
                    vec![T("Design"), N(120.0), E, N(40.0), N(40.0), N(40.0), N(1.0), F("B3*G3", 120.0), N(140.0)],
                    vec![T("Testing"), N(40.0), E, E, E, N(40.0), N(0.5), F("B4*G4", 20.0), N(30.0)],
                    vec![T("Total"), F("SUM(B2:B4)", 220.0), E, E, E, E, F("H5/B5", 0.909), F("SUM(H2:H4)", 200.0), F("SUM(I2:I4)", 230.0)],
                ],
            )]),
            truth: vec![t("Sheet1", "budget", 1, 3, vec![("budget", "B"), ("actual", "I")], vec![("budget", "220000.00"), ("actual", "230000.00")])],
        },
        Case {
            name: "evm_formula_total_no_label",
            source: "ziad-samer/Project-Management: EVM.xlsx",
            shape: "earned-value table from B2: phase, month numbers, Progress, EV = sum × progress, AC; the total row has no label (EV and AC added with +) and a #DIV/0! ratio; a BAC / Over Budget / CPI / SPI block beside the lines",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![],
                    vec![E, T("Month"), N(1.0), N(2.0), N(3.0), T("Progress"), T("EV"), T("AC"), E, T("Total Budget (BAC)"), N(220.0)],
                    vec![E, T("Preparation"), N(30.0), N(30.0), E, N(1.0), F("(C3+D3+E3)*F3", 60.0), N(60.0), E, T("Over Budget"), T("90K")],
                    vec![E, T("Design"), E, N(40.0), N(40.0), N(1.0), F("(C4+D4+E4)*F4", 80.0), N(140.0), E, T("CPI"), N(64.0)],
                    vec![E, T("Testing"), E, E, N(40.0), N(0.5), F("(C5+D5+E5)*F5", 20.0), N(50.0), E, T("SPI"), N(80.0)],
                    vec![E, E, E, E, E, T("#DIV/0!"), F("G3+G4+G5", 160.0), F("H3+H4+H5", 250.0)],
                ],
            )]),
            truth: vec![t("Sheet1", "budget", 2, 3, vec![("description", "B"), ("actual", "H")], vec![("actual", "250.00")])],
        },
        Case {
            name: "evm_bac_summary_block",
            source: "abdelmageedafwat/PMF-planning: EVM.xlsx",
            shape: "earned-value table: Phases / Budget / Progress / EV / AC / CV / PV / SV and period numbers; a BAC summary row after a gap; 'EV = 2399' note lines",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![],
                    vec![],
                    vec![E, T("Phases"), T("Budget"), T("Progress"), T("EV"), T("AC"), T("CV"), T("PV"), T("SV"), N(1.0), N(2.0)],
                    vec![E, T("Preparation "), N(60.0), N(1.0), N(60.0), N(60.0), N(0.0), N(60.0), N(0.0), N(30.0), N(30.0)],
                    vec![E, T("Design "), N(120.0), N(1.0), N(120.0), N(140.0), N(-20.0), N(120.0), N(0.0), E, N(40.0)],
                    vec![E, T("Testing "), N(120.0), N(0.333), N(40.0), N(50.0), N(-10.0), N(80.0), N(-40.0)],
                    vec![],
                    vec![E, T("BAC"), N(300.0), N(0.733), N(220.0), N(250.0), N(-30.0), N(260.0), N(-40.0)],
                    vec![E, T("EV = 220")],
                    vec![E, T("CV = -30")],
                ],
            )]),
            truth: vec![t(
                "Sheet1",
                "budget",
                3,
                3,
                vec![("description", "B"), ("budget", "C"), ("actual", "F")],
                vec![("budget", "300.00"), ("actual", "250.00")],
            )],
        },
    ]
}

fn grants() -> Vec<Case> {
    vec![
        Case {
            name: "grant_sections_indirect",
            source: "aubreymoore/2020-DOI-CRB-Biocontrol: 2020-PPA/Moore-FY20-PPA-budget.xlsx",
            shape: "US federal grant budget: merged title, ITEM / APHIS FUNDS header over two merged rows, section headings (PERSONNEL:, TRAVEL:, EQUIPMENT), Subtotal per section, TOTAL DIRECT COSTS, an indirect-cost line, TOTAL",
            fixture: xlsx(vec![merged(
                sheet(
                    "Cooperator 1",
                    vec![
                        vec![T("A. Moore, University of Guam College of Natural and Applied Sciences")],
                        vec![T("ITEM"), T("APHIS FUNDS")],
                        vec![],
                        vec![T("PERSONNEL:")],
                        vec![T("insect pathologist post-doc (1 FTE @ 60K)"), N(600.0)],
                        vec![T("graduate Assistant (1 FTE @ $35K)"), N(350.0)],
                        vec![T("Salary reimbursement for PI (10% FTE @ $110k)"), F("0.1*1100", 110.0)],
                        vec![T("Subtotal"), F("SUM(B5:B7)", 1060.0)],
                        vec![T("FRINGE BENEFITS:")],
                        vec![T("27% * salary for all above, except salary reimbursement"), F("0.27*SUM(B5:B6)", 256.5)],
                        vec![T("Subtotal"), F("B10", 256.5)],
                        vec![T("TRAVEL:")],
                        vec![T("Travel for PI and post-doc to meet collaborators"), N(60.0)],
                        vec![T("Subtotal"), F("SUM(B13)", 60.0)],
                        vec![T("EQUIPMENT")],
                        vec![T("Insect rearing chamber"), N(200.0)],
                        vec![T("Refrigerated Microcentrifuge"), N(67.0)],
                        vec![T("Subtotal"), F("SUM(B16,B17)", 267.0)],
                        vec![T("TOTAL DIRECT COSTS"), F("SUM(B8,B11,B14,B18)", 1643.5)],
                        vec![T("INDIRECT COSTS   (not to exceed 15%)")],
                        vec![T("INDIRECT COSTS   Administrative fee (10% of total grant)"), F("B22-B19", 182.61)],
                        vec![T("TOTAL"), F("B19/0.9", 1826.11)],
                    ],
                ),
                vec![(0, 0, 0, 1), (1, 0, 2, 0), (1, 1, 2, 1)],
            )]),
            truth: vec![Truth {
                gap: Some("the amount column is headed only by the funder ('APHIS FUNDS') and the sheet has two header words; pmo needs three to call a sheet a budget"),
                ..t(
                "Cooperator 1",
                "budget",
                2,
                8,
                vec![("description", "A"), ("budget", "B")],
                vec![("budget", "1826.11")],
            )
            }],
        },
        Case {
            name: "nsf_grant_year_columns",
            source: "martahatzell/CBET-2019: budget.xls",
            shape: "university grant tabulator: a block of rates above (fringe, inflation, indirect rate), a title, Qty / Effort/Months / Year 1 … / Cumulative, section headings, TOTAL rows per section, indirect costs",
            fixture: xlsx(vec![sheet(
                "Budget",
                vec![
                    vec![E, E, E, E, E, T("    Yr. 1"), T("    Yr. 2"), T("Cumulative")],
                    vec![E, E, T("FRINGE - FULL TIME   "), E, E, N(0.288), N(0.288)],
                    vec![T("POST DOC SALARY"), N(4000.0), T("INDIRECT COSTS RATE   "), E, E, N(0.578), N(0.578)],
                    vec![],
                    vec![T("SCHOOL OF CHEMICAL AND BIOMOLECULAR ENGINEERING")],
                    vec![T("BUDGET TABULATOR")],
                    vec![E, E, E, T("Qty"), T("Effort/Months"), T("   Year 1"), T("   Year 2"), T("Cumulative")],
                    vec![T("Senior Personnel")],
                    vec![T("PI - "), E, E, E, E, N(100.0), N(103.0), N(203.0)],
                    vec![T("Postdocs"), E, E, N(1.0), N(12.0), N(400.0), N(412.0), N(812.0)],
                    vec![T("Fringe - Senior Personnel"), E, E, E, E, N(144.0), N(148.3), N(292.3)],
                    vec![T("TOTAL SENIOR PERSONNEL"), E, E, E, E, N(644.0), N(663.3), N(1307.3)],
                    vec![T("Equipment")],
                    vec![T("Spectrometer"), E, E, E, E, N(50.0), E, N(50.0)],
                    vec![T("TOTAL EQUIPMENT"), E, E, E, E, N(50.0), N(0.0), N(50.0)],
                    vec![T("Indirect Costs"), E, E, E, E, N(372.2), N(383.4), N(755.6)],
                    vec![T("TOTAL PROJECT COSTS"), E, E, E, E, N(1066.2), N(1046.7), N(2112.9)],
                ],
            )]),
            truth: vec![Truth {
                gap: Some("project years ('Year 1', 'Yr. 2') name no fiscal year, and the rates block above holds the same words; pmo cannot place them yet"),
                ..t(
                "Budget",
                "budget",
                7,
                4,
                vec![("description", "A")],
                vec![("budget", "2112.90")],
            )
            }],
        },
        Case {
            name: "eu_grant_partner_sheets",
            source: "EUProofInfra/EUProofInfra: budget.xlsx",
            shape: "EU consortium budget: effort sheets with partners as columns and 'WP1 total' rows, and a Submission sheet of partners with lettered cost columns, indirect costs at 25 %, and TOTAL typed in a column beside the sums",
            fixture: xlsx(vec![
                sheet(
                    "PM costs",
                    vec![
                        vec![E, E, T("Inria"), T("Unistra"), T("INPT")],
                        vec![T("WP1"), T("T1"), E, N(11.3), E],
                        vec![E, T("T2"), N(4.5), E, N(11.0)],
                        vec![T("WP1 total"), E, F("SUM(C2:C3)", 4.5), F("SUM(D2:D3)", 11.3), F("SUM(E2:E3)", 11.0)],
                    ],
                ),
                sheet(
                    "Submission",
                    vec![
                        vec![T("No"), T("Participant"), T("Country"), T("(A) Direct personnel costs/€"), T("(B) Other direct costs/€"), T("(F) Indirect Costs /€  (=0.25(A+B-E))"), T("(H) Total estimated eligible costs /€  (=A+B+C+D+F+G)"), T("(I) Reimburse-ment rate (%)")],
                        vec![N(1.0), T("Inria"), T("FR"), N(1000.0), N(40.0), F("(D2+E2)*0.25", 260.0), F("D2+E2+F2", 1300.0), N(100.0)],
                        vec![N(2.0), T("Unistra"), T("FR"), N(175.0), N(15.0), F("(D3+E3)*0.25", 47.5), F("D3+E3+F3", 237.5), N(100.0)],
                        vec![N(3.0), T("INPT"), T("FR"), N(240.0), N(14.0), F("(D4+E4)*0.25", 63.5), F("D4+E4+F4", 317.5), N(100.0)],
                        vec![],
                        vec![E, E, E, E, E, T("TOTAL"), F("SUM(G2:G4)", 1855.0)],
                    ],
                ),
            ]),
            truth: vec![
                no("PM costs"),
                t("Submission", "budget", 1, 3, vec![("description", "B"), ("budget", "G")], vec![("budget", "1855.00")]),
            ],
        },
    ]
}

fn ledgers() -> Vec<Case> {
    vec![
        Case {
            name: "journal_debit_credit_csv",
            source: "Thriller1198/Financial-data-analysis: general_ledger.csv",
            shape: "journal export: je_number, posting_date, account_code, account_name, debit_amount, credit_amount (snake_case), balanced entries",
            fixture: Fixture::Csv(
                "je_number,posting_date,account_code,account_name,account_type,debit_amount,credit_amount,description,posted_by,approval_status\nJE01000,2025-04-28,5100,Salaries and Wages,Expense,4583.61,0.0,Monthly payroll,jsmith,Approved\nJE01000,2025-04-28,2001,Accounts Payable,Liability,0.0,4583.61,Monthly payroll offset,jsmith,Approved\nJE01001,2025-04-28,5200,Rent Expense,Expense,385.0,0.0,Monthly rent - V010,avanwyk,Approved\nJE01001,2025-04-28,2001,Accounts Payable,Liability,0.0,385.0,Monthly rent offset,avanwyk,Approved\n",
            ),
            truth: vec![t(
                "journal_debit_credit_csv",
                "ledger",
                1,
                4,
                vec![("account", "C"), ("debit", "F"), ("credit", "G")],
                vec![("amount", "0.00"), ("debit", "4968.61")],
            )],
        },
        Case {
            name: "nominal_ledger_account_sections",
            source: "Dhruvagwal/BOB---Cheque-Process-Automation: General Ledger.xlsx",
            shape: "nominal ledger transaction history: report title and period, 'Account: 1 - Suspense B/S' section rows, the header repeated per account, an 'Opening Balance as at' carry-forward line, Debit, Credit (stored negative) and running Balance",
            fixture: xlsx(vec![sheet("Sheet1", nominal_ledger())]),
            truth: vec![t(
                "Sheet1",
                "ledger",
                5,
                5,
                vec![("debit", "P"), ("credit", "R")],
                vec![("amount", "-21.54")],
            )],
        },
    ]
}

fn nominal_ledger() -> Vec<Vec<C>> {
    let header = || {
        vec![
            E,
            T("Pr."),
            T("Mod."),
            T("Reference"),
            T("Dept"),
            T("Div"),
            T("Suffix"),
            T("Details"),
            E,
            E,
            T("Cheque"),
            E,
            T("User"),
            T("Doc Date"),
            T("Post Date"),
            T("Debit"),
            E,
            T("Credit"),
            E,
            T("Balance"),
        ]
    };
    let posting = |pr: &'static str,
                   reference: f64,
                   details: &'static str,
                   m: u8,
                   dr: f64,
                   cr: f64,
                   bal: f64| {
        vec![
            E,
            T(pr),
            T("GL"),
            N(reference),
            T("0000"),
            T("900"),
            E,
            T(details),
            E,
            E,
            E,
            E,
            E,
            D(2025, m, 1),
            D(2025, m, 1),
            N(dr),
            E,
            N(cr),
            E,
            N(bal),
        ]
    };
    let opening = || {
        vec![
            E,
            E,
            E,
            E,
            E,
            E,
            T("Opening Balance as at :01/04/2025"),
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            E,
            N(0.0),
            E,
            N(0.0),
            E,
            N(0.0),
        ]
    };
    vec![
        vec![E, T("Nibe Marketing Ltd")],
        vec![T("Nominal Ledger Transaction History")],
        vec![T("Report Period from 01/04/2025 to 31/03/2026")],
        vec![E, T("Account: 1 - Suspense B/S")],
        header(),
        opening(),
        posting("IN", 40002061.0, "Invoice", 4, 131.15, 0.0, 131.15),
        posting(
            "JN",
            22000070.0,
            "Opening Balance Adjustment",
            4,
            0.0,
            -131.15,
            0.0,
        ),
        posting("JN", 22000154.0, "Journal Entry", 5, 420.77, 0.0, 420.77),
        vec![],
        vec![E, T("Account: 10 - Suspense P&L")],
        header(),
        opening(),
        posting("CN", 41000085.0, "Credit Note", 4, 0.0, -487.71, -487.71),
        posting("IN", 40002062.0, "Invoice", 4, 45.4, 0.0, -442.31),
    ]
}

fn declined() -> Vec<Case> {
    vec![
        Case {
            name: "expense_report_declined",
            source: "aminenidae/Git-Learning: Expense Report.xlsx",
            shape: "expense claim: title asking for receipts, Submitted by / Date, Date / Particulars / Job# / Coding / Cost Amount / GST / Total Amount / Approved, Signature and Totals row",
            fixture: xlsx(vec![merged(
                sheet(
                    "Expense Report Template",
                    vec![
                        vec![T("EXPENSE REPORT - all detailed receipts and payment receipts to be attached")],
                        vec![],
                        vec![T("Submitted by:  A. Nidae"), E, E, T("Date:  June 27")],
                        vec![T("Date"), T("Particulars"), T("Job#"), T("Coding"), T("Cost Amount"), T("GST"), T("Total Amount"), T("Approved")],
                        vec![D(2025, 4, 24), T("Car Wash"), E, E, F("G5/1.05", 52.27), F("E5*0.05", 2.61), N(54.88)],
                        vec![D(2025, 5, 24), T("Car Wash"), E, E, F("G6/1.05", 52.27), F("E6*0.05", 2.61), N(54.88)],
                        vec![],
                        vec![T("Signature:"), E, E, T("Totals:"), F("SUM(E5:E7)", 104.54), F("SUM(F5:F7)", 5.22), F("SUM(G5:G7)", 109.76)],
                    ],
                ),
                vec![(2, 0, 2, 2), (2, 3, 2, 7), (7, 0, 7, 2)],
            )]),
            truth: vec![no("Expense Report Template")],
        },
        Case {
            name: "headerless_catalogue_declined",
            source: "TCAATeamMarketing/Materials: budget.ods",
            shape: "two headerless sheets: a price catalogue (item, price) and purchases (item, count, cost) ending in Total Salaries / Total Equipment / Total",
            fixture: xlsx(vec![
                sheet(
                    "Catalogue",
                    vec![vec![T("Laptop A"), N(240.0)], vec![T("Camera A"), N(300.0)], vec![T("Lens"), N(200.0)]],
                ),
                sheet(
                    "Purchased",
                    vec![
                        vec![T("Laptop A"), N(0.0), N(0.0)],
                        vec![T("Lens"), N(1.0), N(200.0)],
                        vec![T("Benjamin"), N(1.0), N(700.0)],
                        vec![T("Total Salaries"), E, N(700.0)],
                        vec![T("Total Equipment"), E, N(200.0)],
                        vec![T("Total"), E, N(900.0)],
                    ],
                ),
            ]),
            truth: vec![no("Catalogue"), no("Purchased")],
        },
        Case {
            name: "household_months_declined",
            source: "Mohaa006/Project-Financial-Portfolio: budget_tracker.xlsx",
            shape: "household budget: a month name per row with Income / Expenses / Net Savings",
            fixture: xlsx(vec![sheet(
                "Annual Budget",
                vec![
                    vec![T("Month"), T("Income"), T("Expenses"), T("Net Savings")],
                    vec![T("January"), N(400.0), N(250.0), N(150.0)],
                    vec![T("February"), N(420.0), N(260.0), N(160.0)],
                    vec![T("March"), N(390.0), N(240.0), N(150.0)],
                ],
            )]),
            truth: vec![no("Annual Budget")],
        },
        Case {
            name: "cash_book_declined",
            source: "DarkRahi999/MS-Project-TTC: budget_tracker.xlsx",
            shape: "personal cash book: a title, Date / Category / Description / Amount / Budget Range / Rank / Type (income or expense), summary lines and a VLOOKUP block below",
            fixture: xlsx(vec![sheet(
                "Sheet1",
                vec![
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                    vec![E, E, E, E, E, T("Sample A: Monthly Budget tracker")],
                    vec![E, E, T("Date "), T("Category"), T("Description"), T("Amount"), T("Budget Range"), T("Rank"), T("Type")],
                    vec![E, E, D(2025, 6, 6), T("income"), T("salary"), N(3000.0), F("IF(I8=\"income\",\"income\",\"in range\")", 0.0), E, T("income")],
                    vec![E, E, D(2025, 6, 7), T("housing"), T("rent"), N(1000.0), E, F("RANK(F9,$F$9:$F$10,0)", 1.0), T("expense")],
                    vec![E, E, D(2025, 6, 8), T("utilities"), T("electricity bill"), N(600.0), E, F("RANK(F10,$F$9:$F$10,0)", 2.0), T("expense")],
                    vec![],
                    vec![E, E, T("Total monthly income"), E, F("F8", 3000.0)],
                    vec![E, E, T("Total monthly Expenses"), E, F("(F9+F10)", 1600.0)],
                    vec![E, E, T("Net balance"), E, F("E12-E13", 1400.0)],
                ],
            )]),
            truth: vec![no("Sheet1")],
        },
    ]
}
