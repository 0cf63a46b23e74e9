//! Risk registers, issue logs, RAID logs, milestone plans, stakeholder
//! registers, change logs, project charters, and the sheets that must be
//! declined (Gantt charts, expense claims, dashboards, lookup tables).
//! Sources: `logs.md` in this folder.

use crate::kit::{sheet, Case, Fixture, SheetSpec, Truth, C, C::*};

/// Text cells from a row of strings; `""` is an empty cell.
pub(crate) fn tx(cells: &[&'static str]) -> Vec<C> {
    cells
        .iter()
        .map(|s| if s.is_empty() { E } else { T(s) })
        .collect()
}

/// A sheet that must be read as `kind`.
fn read(
    sheet: &'static str,
    kind: &'static str,
    header_row: u32,
    records: usize,
    columns: &[(&'static str, &'static str)],
) -> Truth {
    Truth {
        sheet,
        kind: Some(kind),
        header_row: Some(header_row),
        records,
        columns: columns.to_vec(),
        totals: vec![],
        gap: None,
    }
}

/// A sheet that must be declined by nature.
pub(crate) fn declined(sheet: &'static str) -> Truth {
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

/// A sheet with merged ranges.
fn merged(name: &'static str, rows: Vec<Vec<C>>, merges: Vec<(u32, u16, u32, u16)>) -> SheetSpec {
    SheetSpec { name, rows, merges }
}

/// The log and register shapes.
pub fn cases() -> Vec<Case> {
    let mut all = vec![];
    all.extend(templates());
    all.extend(registers());
    all.extend(raid());
    all.extend(prince2());
    all.extend(flat_files());
    all.extend(schedules());
    all.extend(declines());
    all
}

/// A blank PMP-style template: title, "Project Name:" / "Date:" row, and a
/// header row whose cells are merged across several columns each.
fn pmp_blank(
    title: &'static str,
    headers: &[(&'static str, u16, u16)],
    footer: bool,
) -> Vec<SheetSpec> {
    let width = headers.last().map_or(0, |h| h.2) as usize + 1;
    let mut head = vec![E; width];
    let mut merges = vec![];
    for &(text, first, last) in headers {
        head[first as usize] = T(text);
        if last > first {
            merges.push((2, first, 2, last));
        }
    }
    let mut rows = vec![
        vec![T(title)],
        tx(&["Project Name: ", "", "", "", "", "", "Date:"]),
        head,
    ];
    rows.extend((0..15).map(|_| vec![]));
    if footer {
        let mut f = vec![E; width];
        f[width - 1] = T("© 2018 PMPMasterPrep - All Rights Reserved");
        rows.push(f);
    }
    vec![merged(title, rows, merges)]
}

fn templates() -> Vec<Case> {
    vec![
        Case {
            name: "pmp_risk_register_blank",
            source: "truongpv85/Template_Update: Risk Register.xlsx",
            shape: "blank risk register: title, Project Name/Date row, merged header cells ('ID #', 'Status '), copyright footer",
            fixture: Fixture::Xlsx(pmp_blank(
                "Risk Register",
                &[
                    ("ID #", 0, 1),
                    ("Risk Description/ Impact", 2, 5),
                    ("Probability", 6, 7),
                    ("Owner ", 8, 9),
                    ("Status ", 10, 11),
                    ("Results ", 12, 13),
                    ("Comments ", 14, 16),
                ],
                true,
            )),
            truth: vec![read(
                "Risk Register",
                "risks",
                3,
                0,
                &[("id", "A"), ("likelihood", "G"), ("status", "K")],
            )],
        },
        Case {
            name: "pmp_issue_log_blank",
            source: "truongpv85/Template_Update: Issue Log.xlsx",
            shape: "blank issue log with merged header cells and a Project Name row",
            fixture: Fixture::Xlsx(pmp_blank(
                "Issue Log ",
                &[
                    ("Issue ID", 0, 1),
                    ("Description", 2, 5),
                    ("Impact", 6, 7),
                    ("Priority", 8, 8),
                    ("Owner", 9, 10),
                    ("Actions", 11, 13),
                    ("Status", 14, 14),
                    ("Completion Date", 15, 16),
                    ("Comments", 17, 19),
                ],
                false,
            )),
            truth: vec![read(
                "Issue Log ",
                "issues",
                3,
                0,
                &[("id", "A"), ("description", "C"), ("priority", "I"), ("status", "O")],
            )],
        },
        Case {
            name: "pmp_stakeholder_register_blank",
            source: "truongpv85/Template_Update: Stakeholder Register.xlsx",
            shape: "blank stakeholder register under a 'Project Name:' label: a table, not Project Information",
            fixture: Fixture::Xlsx(pmp_blank(
                "Stakeholder Register",
                &[
                    ("Name ", 0, 2),
                    ("Title ", 3, 5),
                    ("Function", 6, 7),
                    ("Influence ", 8, 9),
                    ("Expectations", 10, 11),
                    ("Contact Info. ", 12, 14),
                ],
                true,
            )),
            truth: vec![read(
                "Stakeholder Register",
                "stakeholders",
                3,
                0,
                &[("name", "A"), ("title", "D"), ("influence", "I")],
            )],
        },
        Case {
            name: "pmp_change_request_log",
            source: "truongpv85/Template_Update: Change Request Log.xlsx",
            shape: "change request log (ID, Description, Requester, Status, Decision): not a risk log",
            fixture: Fixture::Xlsx(pmp_blank(
                "Change Request Log",
                &[
                    ("ID #", 0, 1),
                    ("Group", 2, 3),
                    ("Description", 4, 7),
                    ("Requester", 8, 9),
                    ("Date", 10, 10),
                    ("Status ", 11, 12),
                    ("Decision", 13, 14),
                ],
                true,
            )),
            truth: vec![declined("Change Request Log")],
        },
        Case {
            name: "method123_risk_register_xls",
            source: "truongpv85/Template_Update: Method123_template/38. Execution Template - Risk Register.xls",
            shape: "risk register (.xls): title, Project Name/Manager labels, © row, group heading row over the header",
            fixture: Fixture::Xlsx(vec![sheet(
                "Risk Register",
                vec![
                    tx(&["", "RISK REGISTER"]),
                    tx(&["", "Project Name:"]),
                    tx(&["", "Project Manager:", "", "", "", " "]),
                    tx(&["©"]),
                    tx(&["Summary", "", "", "", "Description  ", "", "", "", "", "Preventative Actions ", "", "", "Contingency Actions"]),
                    tx(&[
                        "ID", "Date Raised", "Raised By", "Received By", "Description of Risk",
                        "Description of Impact", "Likelihood Rating", "Impact Rating",
                        "Priority Rating", "Preventative Actions ", "Action Resource",
                        "Action Date", "Contingency Actions", "Action Resource", "Action Date",
                    ]),
                    vec![
                        N(1.0), D(2024, 5, 6), T("PM"), T("PMO"), T("Vendor delivers late"),
                        T("Go-live slips"), T("Medium"), T("High"), T("High"),
                        T("Weekly vendor call"), T("PM"), D(2024, 5, 20),
                    ],
                    vec![
                        N(2.0), D(2024, 5, 9), T("Lead"), T("PM"), T("Key analyst leaves"),
                        T("Knowledge lost"), T("Low"), T("Medium"), T("Low"),
                    ],
                ],
            )]),
            truth: vec![read(
                "Risk Register",
                "risks",
                6,
                2,
                &[("id", "A"), ("raised", "B"), ("description", "E"), ("likelihood", "G"), ("impact", "H")],
            )],
        },
        Case {
            name: "method123_issue_register_xls",
            source: "truongpv85/Template_Update: Method123_template/41. Execution Template - Issue Register.xls",
            shape: "issue register (.xls): group heading row, 'Description of Issue', ' Action', 'Date Resolved'",
            fixture: Fixture::Xlsx(vec![sheet(
                "Issue Register",
                vec![
                    tx(&["", "ISSUE REGISTER"]),
                    tx(&["", "Project Name:"]),
                    tx(&["", "Project Manager:", "", "", " "]),
                    tx(&["©"]),
                    tx(&["Summary", "", "", "", "Description  ", "", "", "Resolution"]),
                    tx(&[
                        "ID", "Date Raised", "Raised By", "Status", "Description of Issue", "Impact",
                        "Priority", " Action", "Owner", "Outcome", "Date for Resolution", "Date Resolved",
                    ]),
                    vec![
                        N(1.0), D(2024, 6, 3), T("PM"), T("Open"), T("Test server down"),
                        T("Testing stops"), T("High"), T("Rebuild server"), T("Infra lead"),
                        E, D(2024, 6, 10),
                    ],
                    vec![
                        N(2.0), D(2024, 6, 4), T("BA"), T("Closed"), T("Sign-off delayed"),
                        T("Two days lost"), T("Medium"), T("Escalated"), T("Sponsor"),
                        T("Signed"), D(2024, 6, 7), D(2024, 6, 7),
                    ],
                ],
            )]),
            truth: vec![read(
                "Issue Register",
                "issues",
                6,
                2,
                &[("id", "A"), ("raised", "B"), ("status", "D"), ("description", "E"), ("priority", "G"), ("resolved", "L")],
            )],
        },
        Case {
            name: "pmdocs_risk_template_formula_rows",
            source: "truongpv85/Template_Update: PMDocs.com_template/Planning/Risk Register Template.xls",
            shape: "risk template: group row, header, 30 rows holding only score/rank formulas, a Key Terms notes block",
            fixture: Fixture::Xlsx(vec![sheet("Sheet1", {
                let mut rows = vec![
                    vec![],
                    tx(&["Risk Identification", "", "Qualitative Rating", "", "", "", "Risk Response"]),
                    tx(&[
                        "Risk", "Risk Category", "Probability", "Impact", "Risk Score", "Risk Ranking",
                        "Risk Response", "Trigger", "Risk Owner",
                    ]),
                ];
                rows.extend((0..6).map(|i| vec![E, E, E, E, F("C4*D4", 0.0), F("ROW()-3", f64::from(i + 1))]));
                rows.push(vec![]);
                rows.push(tx(&["Key Terms"]));
                rows.push(tx(&["Risk: The risk stated in a complete sentence which states the cause of the risk, the risk, and the effect."]));
                rows.push(tx(&["Probability:  The likelihood that a risk will occur (on a scale from 0 to 10 with 10 being the highest)."]));
                rows
            })]),
            truth: vec![read(
                "Sheet1",
                "risks",
                3,
                0,
                &[("description", "A"), ("likelihood", "C"), ("impact", "D")],
            )],
        },
        Case {
            name: "pmdocs_risk_template_xls_values",
            source: "truongpv85/Template_Update: PMDocs.com_template/Planning/Risk Register Template.xls",
            shape: "the same template as an .xls reads it: formulas invisible, only their values (score 0, rank 1..30) under the header",
            fixture: Fixture::Xlsx(vec![sheet("Sheet1", {
                let mut rows = vec![
                    vec![],
                    tx(&["Risk Identification", "", "Qualitative Rating", "", "", "", "Risk Response"]),
                    tx(&[
                        "Risk", "Risk Category", "Probability", "Impact", "Risk Score", "Risk Ranking",
                        "Risk Response", "Trigger", "Risk Owner",
                    ]),
                ];
                rows.extend((0..6).map(|i| vec![E, E, E, E, N(0.0), N(f64::from(i + 1))]));
                rows.push(vec![]);
                rows.push(tx(&["Key Terms"]));
                rows
            })]),
            truth: vec![read(
                "Sheet1",
                "risks",
                3,
                0,
                &[("description", "A"), ("likelihood", "C"), ("impact", "D")],
            )],
        },
        Case {
            name: "pmp_project_charter",
            source: "truongpv85/Template_Update: Project Charter.xlsx",
            shape: "project charter form: 'Project Name:', 'Sponsor Name:', 'Manager Name:' labels with values beside them, section headings",
            fixture: Fixture::Xlsx(vec![merged(
                "Project Charter",
                vec![
                    vec![],
                    tx(&["", "Project Charter"]),
                    tx(&["", "Project Name:", "", "", "", "", "", "", "", "", "", "", "Community Portal Renewal"]),
                    tx(&["", "Sponsor Name:", "", "", "", "", "", "", "", "", "", "", "A. Director"]),
                    tx(&["", "Manager Name:", "", "", "", "", "", "", "", "", "", "", "P. Manager"]),
                    tx(&["", "Project Function ", "", "", "", "", "", "", "", "", "", "", "Project Summary"]),
                    vec![],
                    vec![],
                    vec![],
                    tx(&["", "Summary Milestones "]),
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                    vec![],
                    tx(&["", "", "", "", "", "", "", "Project Goals"]),
                    vec![],
                    tx(&["", "Scope", "", "", "", "", "", "Replace the intake forms"]),
                    vec![],
                    tx(&["", "Duration"]),
                ],
                vec![(2, 1, 2, 11), (3, 1, 3, 11), (4, 1, 4, 11), (18, 1, 19, 6), (18, 7, 19, 25), (20, 1, 21, 6)],
            )]),
            truth: vec![Truth {
                sheet: "Project Charter",
                kind: Some("project-info"),
                header_row: None,
                records: 4,
                columns: vec![("name", "M3"), ("sponsor", "M4"), ("manager", "M5")],
                totals: vec![],
                gap: None,
            }],
        },
    ]
}

fn registers() -> Vec<Case> {
    vec![
        Case {
            name: "crmills_risk_register",
            source: "CRMills97/Team-Awesome: Risk Register.xlsx",
            shape: "merged title and note rows over the header; 'No', 'Risk'; probability as a fraction (0.4), impact as a word",
            fixture: Fixture::Xlsx(vec![merged(
                "Risk Register",
                vec![
                    tx(&["Risk Register"]),
                    tx(&["NB: the first four names are the project management team"]),
                    tx(&["No", "Risk", "Root cause", "Owner", "Probability", "Impact", "Consequence"]),
                    vec![T("R1"), T("Requirements cannot be met"), T("Expectations"), T("Ana"), N(0.4), T("High"), T("Re-plan")],
                    vec![T("R2"), T("Scope creep"), T("Miscommunication"), T("Ben"), N(0.9), T("Medium"), T("Extra features")],
                    vec![T("R3"), T("Supplier drops out"), T("Economy"), T("Cy"), N(0.15), T("High"), T("New supplier")],
                    vec![T("R4"), T("Team member quits"), T("Burnout"), T("Di"), N(0.75), T("Low"), T("Hire")],
                    vec![T("R5"), T("Costs misestimated"), T("Planning"), T("CFO"), N(0.05), T("Medium"), T("Debt")],
                ],
                vec![(0, 0, 0, 6), (1, 0, 1, 6)],
            )]),
            truth: vec![read(
                "Risk Register",
                "risks",
                3,
                5,
                &[("id", "A"), ("description", "B"), ("owner", "D"), ("likelihood", "E"), ("impact", "F")],
            )],
        },
        Case {
            name: "crmills_stakeholder_register",
            source: "CRMills97/Team-Awesome: Stakeholder Register.xlsx",
            shape: "stakeholder register: Stakeholder, Role, Internal / External, Position/Interest",
            fixture: Fixture::Xlsx(vec![sheet(
                "Stakeholder Register",
                vec![
                    tx(&["Stakeholder", "Role", "Internal / External", "Position/Interest", "What do we need from them?"]),
                    tx(&["Ana", "Management Staff", "Internal", "For/High", "Management expertise"]),
                    tx(&["League Commission", "Governing Body", "External", "For/High", "Approval"]),
                    tx(&["Local Stadiums", "Match hosting", "External", "For/High", "Home ground"]),
                    tx(&["Media", "Public update medium", "", "Impartial/High", "News coverage"]),
                ],
            )]),
            truth: vec![read("Stakeholder Register", "stakeholders", 1, 4, &[("name", "A"), ("role", "B")])],
        },
        Case {
            name: "feng_risk_register",
            source: "fengdancui/Project-Management: Risk Register.xlsx",
            shape: "parameters above the header (Project Name/Prepared By/Last Update), likelihood words beside a Prob decimal, rating formulas, a SUM row, residual columns repeated, lookup-table sheets",
            fixture: Fixture::Xlsx(vec![
                sheet("Risk Register", {
                    let risk = |id: f64, l: &'static str, p: f64, i: &'static str, s: f64, lvl: &'static str, r: usize| {
                        vec![
                            N(id), T("There is a risk that a key resource is moved to another project"), T(l), N(p), T(i), N(s), T(lvl),
                            F(["F8*D8", "F9*D9", "F10*D10"][r], p * s), T("None"), T("Mitigate"), T("Backfill"), N(60.0),
                            T("Weekly briefing"), T("Unlikely"), N(0.3), T(i), N(s), T("Medium"),
                            F(["Q8*O8", "Q9*O9", "Q10*O10"][r], 0.3 * s), T("Tom Brown"),
                        ]
                    };
                    vec![
                        tx(&["Project Risk Register"]),
                        vec![],
                        tx(&["   Project Name: ", "", "XYZ Project"]),
                        tx(&["   Prepared By: ", "", "F. Cui"]),
                        vec![T("   Last Update:"), E, D(2022, 4, 16)],
                        tx(&["", "", "", "", "", "", "", "", "", "", "", "", "", "                                      Residual Risk "]),
                        tx(&[
                            "Risk ID", "Risk Description                   (There is a risk that….caused by…..resulting in……)",
                            "Likelihood", "Prob", "Impact/ Concequence", "Impact Score", "Risk Level", "Risk Rating",
                            "Current Controls", "Strategy", "Risk Treatment/ Response", "$Cost", "Future Controls",
                            "Likelihood", "Prob", "Impact/ Concequence", "Impact Score", "Risk Level", "Risk Rating",
                            "Responsibiliy",
                        ]),
                        risk(1.0, "Almost Certain", 0.85, "Major", 4.0, "Extreme", 0),
                        risk(2.0, "Possible", 0.41, "Major", 4.0, "Medium", 1),
                        risk(3.0, "Possible", 0.45, "Catastrophic", 5.0, "High", 2),
                        vec![E, E, E, E, E, E, E, F("SUM(H8:H10)", 7.89), E, E, E, E, E, E, E, E, E, E, F("SUM(S8:S10)", 3.9)],
                    ]
                }),
                sheet(
                    "Risk Likelihood",
                    vec![
                        tx(&["", "Risk Likelihood Table"]),
                        vec![],
                        tx(&["", "Rating", "Explanation", "Probabilty Range"]),
                        tx(&["", "Almost Certain", "The event will almost certainly occur", "80-99.99%"]),
                        tx(&["", "Likely", "The event is expected to occur", "60-79.99%"]),
                        tx(&["", "Possible", "The event may occur", "40-59.99%"]),
                    ],
                ),
                sheet(
                    "Risk Impact_Consequence",
                    vec![
                        tx(&["Risk Impact/Consequences Table"]),
                        vec![],
                        tx(&["", "Rating", "Qualitative impact", "Impact Score"]),
                        vec![E, T("Catastrophic"), T("Showstopper"), N(5.0)],
                        vec![E, T("Major"), T("Significant effect"), N(4.0)],
                        vec![E, T("Moderate"), T("Some impact"), N(3.0)],
                    ],
                ),
                sheet(
                    "Risk Level",
                    vec![
                        tx(&["Risk Rating Table"]),
                        vec![],
                        tx(&["", "", "LIKELIHOOD"]),
                        vec![],
                        tx(&["", "IMPACT", "Rare", "Unlikely", "Possible", "Likely", "Almost Certain"]),
                        tx(&["", "Catastrophic", "Medium", "Medium", "High", "Extreme", "Extreme"]),
                        tx(&["", "Major", "Low", "Medium", "Medium", "High", "Extreme"]),
                    ],
                ),
            ]),
            truth: vec![
                read(
                    "Risk Register",
                    "risks",
                    7,
                    3,
                    &[("id", "A"), ("description", "B"), ("likelihood", "C"), ("impact", "E")],
                ),
                declined("Risk Likelihood"),
                declined("Risk Impact_Consequence"),
                declined("Risk Level"),
            ],
        },
        Case {
            name: "feng_stakeholder_register",
            source: "fengdancui/Project-Management: Stakeholder Register.xlsx",
            shape: "stakeholder register under Project Name/Prepared By labels, headers carrying their allowed values in brackets, a footer line, empty extra sheets",
            fixture: Fixture::Xlsx(vec![
                sheet("Sheet1", {
                    let p = |id: f64, n: &'static str, t: &'static str, r: &'static str, i: &'static str| {
                        vec![N(id), T(n), T(t), T(r), T(i), T("Deliver the service"), T("Weekly meeting"), T("Positive"), T("Meeting/a week")]
                    };
                    vec![
                        tx(&["Project Stakeholder Register"]),
                        vec![],
                        tx(&["   Project Name: ", "", "The Property Forms Project"]),
                        tx(&["   Prepared By: ", "", "F. Cui"]),
                        tx(&["   Last Update:", "", "01/05/2016"]),
                        vec![],
                        tx(&[
                            "ID", "Stakeholder Name", "Stakeholder Type (Customer, Vendor, Employee, Regulator etc.)",
                            "Project Role                    (Decision Maker, Participant, Collaborator, Consultant, Information Recipient)",
                            "Level of Influence               (High, Medium, Low)",
                            "What are their needs & expectations     (i.e. Specific areas of interest)",
                            "How will we meet needs & expectations?",
                            "Impact on Project  (Positive, Negative, Influencer, Supporter, Roadblock)",
                            "Information Needs (Types and frequency of communications)", "Contact Details",
                        ]),
                        p(1.0, "Mr. P. Waston", "Business Manager", "Decision Maker", "High"),
                        p(2.0, "Mr. M. Man", "IT Developer", "Participant", "High"),
                        p(3.0, "Mr. F. Dunn", "Legal Manager", "Consultant", "Medium"),
                        p(4.0, "Mr. M. Burns", "Accountant", "Collaborator", "Low"),
                        vec![],
                        tx(&["The Property Inc."]),
                    ]
                }),
                sheet("Sheet2", vec![]),
            ]),
            truth: vec![read(
                "Sheet1",
                "stakeholders",
                7,
                4,
                &[("name", "B"), ("role", "D"), ("influence", "E")],
            )],
        },
        Case {
            name: "ziad_risks_merged_rows",
            source: "ziad-samer/Project-Management: Risk management.xlsx",
            shape: "no ID column; each risk's cells merged over two rows, its plan continued on the next row; 'very likely', 'extreme'",
            fixture: Fixture::Xlsx(vec![merged(
                "Sheet1",
                vec![
                    tx(&["Description of Risk", "", "Impact Description", "", "Probability", "Impact", "Risk Rating", "mitigation strategy", "Risk plan", "", "", "", "Risk owner", "status"]),
                    tx(&["Engineer left and cannot be replaced", "", "Sales and progress slow", "", "Moderate", "High", "High", "Transfer", "1- Assign to another team", "", "", "", "CTO", "Open"]),
                    tx(&["", "", "", "", "", "", "", "", "  2- double the effort to hire"]),
                    tx(&["Supplier does not deliver on time", "", "Delivery to customers late", "", "very likely", "extreme", "High", "mitigate", "liability clause in contract", "", "", "", "Buyer", "Open"]),
                    vec![],
                    tx(&["A team member falls ill", "", "Business activities slow", "", "very likely", "moderate", "High", "mitigate", "14 days of isolation", "", "", "", "HR", "Open"]),
                    tx(&["", "", "", "", "", "", "", "", "Vaccinate when available"]),
                ],
                vec![(0, 0, 0, 1), (0, 8, 0, 11), (1, 0, 2, 1), (1, 2, 2, 3), (3, 4, 4, 4), (5, 7, 6, 7)],
            )]),
            truth: vec![read(
                "Sheet1",
                "risks",
                1,
                3,
                &[("description", "A"), ("likelihood", "E"), ("impact", "F"), ("owner", "M"), ("status", "N")],
            )],
        },
        Case {
            name: "nandita_issue_log_wrapped",
            source: "Nandita091/Jira-Project: Issue Log.xlsx",
            shape: "issue log with no ID: Project, Module, Issue Type, Query, Issue Status; each query's text wrapped onto a second row",
            fixture: Fixture::Xlsx(vec![sheet("Sheet1", {
                let issue = |f: &'static str, q: &'static str| {
                    vec![T("Retail Shopping "), T("User "), T(f), T("http://example.test/account"), T("requirement"), T(q), D(2021, 9, 1), T("open")]
                };
                vec![
                    tx(&["Project", "Module", "Functionality", "URL", "Issue Type", "Query", "Date of login", "Issue Status"]),
                    issue("User Login", "A returning customer who forgets the password "),
                    tx(&["", "", "", "", "", "should be able to reset it."]),
                    issue("User Registration", "All state names should be in the State "),
                    tx(&["", "", "", "", "", "dropdown."]),
                    issue("User Registration", "Verified email only should be accepted."),
                    issue("User Registration", "An email address without @ should "),
                    tx(&["", "", "", "", "", "not be allowed."]),
                ]
            })]),
            truth: vec![read(
                "Sheet1",
                "issues",
                1,
                4,
                &[("category", "E"), ("description", "F"), ("status", "H")],
            )],
        },
        Case {
            name: "varsh_issue_log_titled",
            source: "Varshitha717/Real-Estate: Issue Log.xlsx",
            shape: "issue log under a title in the middle of row 1; 'Date of logging issue'; blank module cells",
            fixture: Fixture::Xlsx(vec![sheet("Sheet1", {
                let issue = |m: &'static str, f: &'static str, q: &'static str| {
                    vec![T("Real Estate"), tx(&[m]).remove(0), T(f), T("http://example.test/change"), T("Requirements"), T(q), D(2021, 9, 3), T("Open")]
                };
                vec![
                    tx(&["", "", "", "", "Issue log for password change"]),
                    vec![],
                    tx(&["Project ", "Module", "Functionality", "URL", "Issue type", "Query", "Date of logging issue", "Issue status"]),
                    issue("Password Change", "New Password", "Upper boundary of the password field unknown"),
                    issue("", "New Password", "View password option not available"),
                    issue("", "All fields", "Mandatory fields are not known"),
                    issue("Contact Form", "Name field", "Length of name field not known"),
                ]
            })]),
            truth: vec![read(
                "Sheet1",
                "issues",
                3,
                4,
                &[("category", "E"), ("description", "F"), ("status", "H")],
            )],
        },
    ]
}

fn raid() -> Vec<Case> {
    vec![
        Case {
            name: "divya_raid_log_type_column",
            source: "divyakeloth21-sketch/PMO-templates-toolkit: RAID_Log.xlsx",
            shape: "one RAID sheet with a Type column: Risk, Issue, Assumption, Dependency rows",
            fixture: Fixture::Xlsx(vec![sheet(
                "Raid Log",
                vec![
                    tx(&["ID", "Type", "Description", "Impact", "Probability", "Owner", "Status", "Mitigation"]),
                    vec![N(1.0), T("Risk"), T("Delay in stakeholder approval"), T("High"), T("Medium"), T("PM"), T("Open"), T("Escalate early")],
                    vec![N(2.0), T("Issue"), T("Resource shortage"), T("Medium"), T("High"), T("Team Lead"), T("In Progress"), T("Reallocate")],
                    vec![N(3.0), T("Assumption"), T("Vendor availability"), T("Low"), T("Low"), T("PM"), T("Confirmed"), T("Monitor")],
                    vec![N(4.0), T("Dependency"), T("External API delivery"), T("High"), T("Medium"), T("Tech Team"), T("Pending"), T("Track vendor")],
                    vec![N(5.0), T("Risk"), T("Budget cut"), T("High"), T("Low"), T("Sponsor"), T("Open"), T("Phase scope")],
                ],
            )]),
            truth: vec![
                read("Raid Log", "risks", 1, 2, &[("id", "A"), ("description", "C"), ("likelihood", "E")]),
                read("Raid Log (issues)", "issues", 1, 1, &[("id", "A"), ("description", "C")]),
            ],
        },
        Case {
            name: "jkloda_raid_log_tabs",
            source: "Jkloda/LOJuliaKloda: EnterpriseTransformation/RAID_Log.xlsx",
            shape: "RAID log as four tabs; headers carry their allowed values '(High/Med/Low)'; assumptions and dependencies tabs",
            fixture: Fixture::Xlsx(vec![
                sheet(
                    "Risks",
                    vec![
                        tx(&["ID", "Risk Description", "Impact (High/Med/Low)", "Likelihood (High/Med/Low)", "Mitigation Strategy"]),
                        tx(&["R1", "Model slows under load", "High", "High"]),
                        tx(&["R2", "Backend security weak", "High", "High", "Code reviews"]),
                        tx(&["R3", "Frameworks clash", "Medium", "Low", "Testing"]),
                        tx(&["R4", "Database bottleneck", "HIgh", "Medium", "Optimise queries"]),
                    ],
                ),
                sheet(
                    "Assumptions",
                    vec![
                        tx(&["ID", "Assumption Description", "Validation Method"]),
                        tx(&["A1", "Data stays clean", "Validation scripts"]),
                        tx(&["A2", "Users want favourites", "Track engagement"]),
                    ],
                ),
                sheet(
                    "Issues",
                    vec![
                        tx(&["ID", "Issue Description", "Impact (High/Med/Low)", "Status (Open/In Progress/Closed)", "Owner"]),
                        tx(&["I1", "CORS errors in local dev", "Medium", "Open", "Dev team"]),
                        tx(&["I2", "Similar items fail when unsaved", "Medium", "In Progress", "Dev team"]),
                        tx(&["I3", "No automated backups", "High", "Open", "DevOps"]),
                    ],
                ),
                sheet(
                    "Dependencies",
                    vec![
                        tx(&["ID", "Dependency Description", "Why It's Needed", "Status ", "Owner"]),
                        tx(&["D1", "Hosting platform", "Deploy project.", "Planned", "DevOps"]),
                        tx(&["D2", "API endpoints", "Bridge front and back end.", "Closed", "Dev team"]),
                    ],
                ),
            ]),
            truth: vec![
                read("Risks", "risks", 1, 4, &[("id", "A"), ("description", "B"), ("impact", "C"), ("likelihood", "D")]),
                declined("Assumptions"),
                read("Issues", "issues", 1, 3, &[("id", "A"), ("description", "B"), ("status", "D"), ("owner", "E")]),
                declined("Dependencies"),
            ],
        },
    ]
}

/// The PRINCE2 registers' lookup sheet.
fn prince2_definitions() -> SheetSpec {
    sheet(
        "Definitions",
        vec![
            tx(&[
                "Type",
                "Probability Label",
                "Probability value for EV",
                "Proximity",
                "Status",
                "Importance",
                "Importance threshold",
            ]),
            vec![
                T("Schedule"),
                T("75% to 100%"),
                N(0.87),
                T("This month"),
                T("Active"),
                T("High"),
                N(10000.0),
            ],
            vec![
                T("Quality"),
                T("50% to 75%"),
                N(0.63),
                T("Next 3 months"),
                T("Closed"),
                T("Medium"),
                N(5000.0),
            ],
            vec![
                T("Legal"),
                T("25% to 50%"),
                N(0.38),
                T("Next 6 months"),
                E,
                T("Low"),
                N(0.0),
            ],
        ],
    )
}

const P2_RISK_HEAD: [&str; 20] = [
    "ID",
    "Title ",
    "Type",
    "Status",
    "Date Raised",
    "Last Update",
    "Closure Date",
    "Raised by",
    "Owner",
    "Actionee",
    "Cause",
    "Event",
    "Effect",
    "Probability",
    "Impact\n(monetary)",
    "Proximity",
    "EV",
    "Importance",
    "Response(s)",
    "Description",
];

fn prince2() -> Vec<Case> {
    let importance = |r: u32| {
        [
            "IF(Q5>Definitions!$G$2,Definitions!$F$2,IF(Q5>0,Definitions!$F$4,\"\"))",
            "IF(Q6>Definitions!$G$2,Definitions!$F$2,IF(Q6>0,Definitions!$F$4,\"\"))",
            "IF(Q7>Definitions!$G$2,Definitions!$F$2,IF(Q7>0,Definitions!$F$4,\"\"))",
        ][r as usize]
    };
    vec![
        Case {
            name: "prince2_risk_register_ods",
            source: "mareksagan/Prince2Templates: risk-register.ods",
            shape: "PRINCE2 risk register (LibreOffice) in a tab named 'Issue Register'; probability as ranges '75% to 100%'; impact in money",
            fixture: Fixture::Xlsx(vec![
                sheet("Issue Register", {
                    let row = |id: f64, ty: &'static str, st: &'static str, p: &'static str, imp: f64, prox: &'static str, ev: f64, i: &'static str| {
                        vec![N(id), E, tx(&[ty]).remove(0), T(st), E, E, E, E, E, E, E, E, E, T(p), N(imp), tx(&[prox]).remove(0), N(ev), tx(&[i]).remove(0)]
                    };
                    vec![
                        P2_RISK_HEAD.iter().map(|h| T(h)).collect(),
                        {
                            let mut r = row(1.0, "Schedule", "Active", "75% to 100%", 15000.0, "This month", 13000.0, "High");
                            r[1] = T("Title of the risk");
                            r[7] = T("Name of the person");
                            r[12] = T("A description of the impact");
                            r
                        },
                        row(2.0, "Quality", "Closed", "50% to 75%", 20000.0, "Next 3 months", 0.0, ""),
                        row(3.0, "Legal", "Active", "25% to 50%", 15000.0, "Next 6 months", 6000.0, "Medium"),
                        row(4.0, "Etc.", "Active", "10% to 25%", 30000.0, "Far away", 5000.0, "Low"),
                        row(5.0, "", "Active", "5% to 10%", 40000.0, "", 3000.0, "Low"),
                        row(6.0, "", "Closed", "0% to 5%", 120000.0, "", 0.0, ""),
                    ]
                }),
                prince2_definitions(),
            ]),
            truth: vec![
                read(
                    "Issue Register",
                    "risks",
                    1,
                    6,
                    &[("id", "A"), ("title", "B"), ("status", "D"), ("likelihood", "N")],
                ),
                declined("Definitions"),
            ],
        },
        Case {
            name: "prince2_risk_register_filled",
            source: "Nchaulagai/AdvancedProjectManagement: Risk Register.xlsx",
            shape: "the PRINCE2 risk register filled in (Excel): three risks, then rows holding only an ID and an Importance formula giving blank",
            fixture: Fixture::Xlsx(vec![
                sheet("Issue Register", {
                    let risk = |id: f64, t: &'static str, ty: &'static str, p: &'static str, imp: f64, ev: f64| {
                        vec![
                            N(id), T(t), T(ty), T("Active"), D(2022, 11, 8), D(2022, 11, 9), D(2022, 11, 11), T("A. Rafique"), E,
                            T("M. Rana"), T("Cause"), T("Event"), T("Effect"), T(p), N(imp), T("Next 6 months"), N(ev),
                            T("Medium"), T("Response"), T("Description"),
                        ]
                    };
                    vec![
                        P2_RISK_HEAD.iter().map(|h| T(h)).collect(),
                        risk(1.0, "Text recognition", "Quality", "75% to 100%", 15000.0, 0.0),
                        risk(2.0, "Data security", "Legal", "50% to 75%", 20000.0, 150.0),
                        risk(3.0, "Vehicle data theft", "Legal", "50% to 75%", 15000.0, 0.0),
                        vec![N(4.0), E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, FT(importance(0), "")],
                        vec![N(5.0), E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, FT(importance(1), "")],
                        vec![N(6.0), E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, E, FT(importance(2), "")],
                    ]
                }),
                prince2_definitions(),
            ]),
            truth: vec![
                read(
                    "Issue Register",
                    "risks",
                    1,
                    3,
                    &[("id", "A"), ("title", "B"), ("raised", "E"), ("likelihood", "N")],
                ),
                declined("Definitions"),
            ],
        },
        Case {
            name: "prince2_issue_register_filled",
            source: "Nchaulagai/AdvancedProjectManagement: Issue Register.xlsx",
            shape: "PRINCE2 issue register: Issue, Type, Status, Priority 'Very High', Severity, Closure Date; a Definitions tab of allowed values",
            fixture: Fixture::Xlsx(vec![
                sheet("Issue Register", {
                    let issue = |id: f64, i: &'static str, ty: &'static str, st: &'static str, pr: &'static str, sev: &'static str| {
                        vec![
                            N(id), T(i), T(ty), T(st), T(pr), T(sev), D(2022, 11, 4), D(2022, 11, 11), D(2022, 11, 11),
                            D(2022, 11, 11), T("M. Shah"), T("None"), T("Decision taken"), T("What happened"),
                        ]
                    };
                    vec![
                        tx(&[
                            "ID", "Issue", "Type", "Status", "Priority", "Severity", "Date Raised", "Last Update",
                            "Decision Date", "Closure Date", "Raised by", "Report Link", "Decision", "Description",
                        ]),
                        issue(1.0, "Budget was raised", "Request for Change", "Closed", "High", "Minor"),
                        issue(2.0, "Limited external help", "Problem/Concern", "Closed", "Very High", "Critical"),
                        issue(3.0, "No test run conducted", "Off-Specification", "Open", "Medium", "Minor"),
                    ]
                }),
                sheet(
                    "Definitions",
                    vec![
                        tx(&["Types of issue", "Types of Status", "Types of Priority", "Types of Severity"]),
                        tx(&["Request for Change", "Open", "Very High", "Critical"]),
                        tx(&["Off-Specification", "Closed", "High", "Major"]),
                        tx(&["Problem/Concern", "", "Medium", "Minor"]),
                    ],
                ),
            ]),
            truth: vec![
                read(
                    "Issue Register",
                    "issues",
                    1,
                    3,
                    &[("id", "A"), ("status", "D"), ("priority", "E"), ("raised", "G"), ("resolved", "J")],
                ),
                declined("Definitions"),
            ],
        },
    ]
}

fn flat_files() -> Vec<Case> {
    vec![
        Case {
            name: "novapay_risks_underscored",
            source: "muna186/novapay-grc-portfolio: data/novapay_risks_v2.csv",
            shape: "CSV risk register with underscored headers carrying the scale: Inherent_Likelihood_1_5, Inherent_Risk_Rating, Residual_*",
            fixture: Fixture::Csv(
                "Risk_ID,Risk_Statement,Affected_Assets,Threat,Vulnerability,Inherent_Likelihood_1_5,Inherent_Impact_1_5,Inherent_Risk_Score,Inherent_Risk_Rating,Treatment_Option,Residual_Likelihood_1_5,Residual_Impact_1_5,Residual_Risk_Score,Residual_Risk_Rating,Owner\n\
R-001,\"Attackers may exploit missing MFA, resulting in account takeover\",\"IA-001, IA-003\",External actor,No MFA,5,5,25,CRITICAL,REDUCE,2,4,8,MEDIUM,CEO\n\
R-002,Backups share the production account,IA-004,Ransomware,Co-located backups,4,5,20,CRITICAL,REDUCE,2,3,6,LOW,IT Coordinator\n\
R-003,No incident response plan,IA-005,Any,No plan,3,5,15,HIGH,REDUCE + Legal Counsel,1,3,3,LOW,CEO\n",
            ),
            truth: vec![read(
                "novapay_risks_underscored",
                "risks",
                1,
                3,
                &[("id", "A"), ("description", "B"), ("likelihood", "F"), ("impact", "G"), ("score", "H"), ("rating", "I"), ("owner", "O")],
            )],
        },
        Case {
            name: "yenlik_risk_register_snake",
            source: "yenlikgaisina/pmo-risk-register-dashboard: data/risk_register.csv",
            shape: "CSV risk register in snake_case: risk_id, date_raised, inherent_probability, inherent_impact",
            fixture: Fixture::Csv(
                "risk_id,category,title,owner,date_raised,inherent_probability,inherent_impact\n\
R001,Supplier & Delivery,Fabrication supplier slips,Supply Chain Lead,2025-09-13,4,3\n\
R002,Cost & Commercial,Steel price inflation,Commercial Manager,2025-12-20,5,3\n\
R003,Schedule & Programme,Critical path slippage,Programme Scheduler,2025-09-17,4,3\n\
R004,Health & Safety,Lifting operations,HSE Manager,2026-02-13,3,2\n",
            ),
            truth: vec![read(
                "yenlik_risk_register_snake",
                "risks",
                1,
                4,
                &[("id", "A"), ("title", "C"), ("owner", "D"), ("raised", "E"), ("likelihood", "F"), ("impact", "G")],
            )],
        },
        Case {
            name: "pmo_office_risks_log",
            source: "2021wa86255/PMO-Office: risks_log.xlsx",
            shape: "minimal risk log written by openpyxl: Risk Description, Impact, Likelihood, Mitigation Plan, no ID",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet",
                vec![
                    tx(&["Risk Description", "Impact", "Likelihood", "Mitigation Plan"]),
                    tx(&["Delay in design approval", "High", "Medium", "Early engagement"]),
                    tx(&["Resource availability", "Medium", "High", "Cross-train"]),
                    tx(&["Budget overrun", "High", "Low", "Cost monitoring"]),
                ],
            )]),
            truth: vec![read("Sheet", "risks", 1, 3, &[("description", "A"), ("impact", "B"), ("likelihood", "C")])],
        },
        Case {
            name: "pmo_office_team_list",
            source: "2021wa86255/PMO-Office: team_members.xlsx",
            shape: "team list (Name, Role, Location, Start Date) whose Role values include 'Project Manager': a table, not a Project Information form",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet",
                vec![
                    tx(&["Name", "Role", "Location", "Start Date"]),
                    tx(&["Alice", "Project Manager", "Toronto", "2025-05-01"]),
                    tx(&["Bob", "Developer", "Ottawa", "2025-05-03"]),
                    tx(&["Eve", "Business Analyst", "Sudbury", "2025-05-09"]),
                ],
            )]),
            truth: vec![Truth {
                sheet: "Sheet",
                kind: Some("stakeholders"),
                header_row: Some(1),
                records: 3,
                columns: vec![("name", "A"), ("role", "B")],
                totals: vec![],
                gap: Some("a team list of Name and Role only is too thin to tell from other tables; declined rather than read as Project Information"),
            }],
        },
        Case {
            name: "pmo_office_milestones_due",
            source: "2021wa86255/PMO-Office: project_milestones.xlsx",
            shape: "milestones with 'Due Date' typed as ISO text and Completed / In Progress / Pending",
            fixture: Fixture::Xlsx(vec![sheet(
                "Sheet",
                vec![
                    tx(&["Milestone", "Due Date", "Status"]),
                    tx(&["Project Initiation", "2025-05-01", "Completed"]),
                    tx(&["Requirement Gathering", "2025-05-10", "In Progress"]),
                    tx(&["Design Approval", "2025-05-20", "Pending"]),
                    tx(&["Testing Complete", "2025-07-15", "Pending"]),
                ],
            )]),
            truth: vec![read("Sheet", "milestones", 1, 4, &[("name", "A"), ("baseline", "B"), ("status", "C")])],
        },
    ]
}

fn schedules() -> Vec<Case> {
    vec![
        Case {
            name: "amol_activity_tracker_dm_text",
            source: "amolshirude/Milestone-sheet1: Milestones.xlsx",
            shape: "activity tracker on a tab named 'Summary': release and review dates typed as day/month text ('13/3/2015'), TBD, date cells, 'Status % completion'",
            fixture: Fixture::Xlsx(vec![sheet(
                "Summary",
                vec![
                    tx(&["Activity", "Owner", "Comment", "Detail Discussion", "Intial Release Date", "Review Date", "Review-Rework", "Signoff", "Status % completion"]),
                    vec![T("Screen mockups on paper"), T("Santosh"), T("Shared"), T("Started"), T("TBD"), D(2015, 2, 3), T("TBD"), T("No"), P(0.8)],
                    vec![T("Wireframes"), T("Das"), T("Login page done"), T("Started"), T("13/3/2015"), T("16/03/2015"), T("TBD"), T("No"), P(0.02)],
                    vec![T("DB design"), T("Swami"), E, T("YTS"), T("16/3/2015"), T("17/03/2015"), T("TBD"), T("No"), P(0.02)],
                    vec![T("Business flow diagram"), T("Amol"), T("Overview given"), T("Started"), T("14/03/2015"), T("16/03/2015"), T("TBD"), T("No"), P(0.5)],
                    vec![T("Set up database"), T("Amol"), E, T("Completed"), D(2015, 3, 19), E, E, T("No"), P(1.0)],
                    vec![T("Remaining-Captcha Code"), E, E, T("Incomplete"), E, E, E, E, P(0.0)],
                ],
            )]),
            truth: vec![read(
                "Summary",
                "milestones",
                1,
                6,
                &[("name", "A"), ("owner", "B"), ("baseline", "E"), ("percent_complete", "I")],
            )],
        },
        Case {
            name: "divya_dashboard_workbook",
            source: "divyakeloth21-sketch/PMO-templates-toolkit: Project_KPI_Dashboard.xlsx",
            shape: "dashboard workbook: a portfolio overview (Budget, Actual Spend, Variance), a KPI table, and a milestone tracker",
            fixture: Fixture::Xlsx(vec![
                sheet(
                    "Dashboard Overview",
                    vec![
                        tx(&["Project Name", "Status", "Progress %", "Budget", "Actual Spend", "Variance", "Risk Level", "Owner"]),
                        vec![T("CRM Upgrade"), T("Green"), P(0.85), N(50000.0), N(46000.0), N(4000.0), T("Low"), T("D.")],
                        vec![T("Reporting Automation"), T("Amber"), P(0.65), N(30000.0), N(28000.0), N(2000.0), T("Medium"), T("D.")],
                    ],
                ),
                sheet(
                    "KPI Tracking",
                    vec![
                        tx(&["KPI", "Target", "Actual", "Status", "Comments"]),
                        vec![T("On-Time Delivery"), P(0.9), P(0.86), T("Amber"), T("Slight delay")],
                        vec![T("Budget Control"), T("<10% variance"), T("8% variance"), T("Green"), T("Within range")],
                    ],
                ),
                sheet(
                    "Milestone Tracker",
                    vec![
                        tx(&["Milestone", "Due Date", "Status", "Owner", "Notes"]),
                        vec![T("Planning Complete"), D(2026, 4, 1), T("Done"), T("D."), T("On time")],
                        vec![T("Dashboard Setup"), D(2026, 4, 5), T("Done"), T("D."), T("Ready")],
                        vec![T("Stakeholder Review"), D(2026, 4, 10), T("In Progress"), T("D."), T("Awaiting feedback")],
                        vec![T("Final Sign-off"), D(2026, 4, 15), T("Pending"), T("D."), T("Not started")],
                    ],
                ),
            ]),
            truth: vec![
                declined("Dashboard Overview"),
                declined("KPI Tracking"),
                read("Milestone Tracker", "milestones", 1, 4, &[("name", "A"), ("baseline", "B"), ("status", "C"), ("owner", "D")]),
            ],
        },
    ]
}

/// Day columns: a date row with each day one more than the last.
fn day_columns(first: u8, n: u8) -> Vec<C> {
    (0..n).map(|i| D(2022, 11, first + i)).collect()
}

fn declines() -> Vec<Case> {
    vec![
        Case {
            name: "deepika_gantt_days",
            source: "DeepikaMN/Simple-Gantt-Chart-using-Excel: Gantt Chart.xlsx",
            shape: "Gantt chart: Task, Start Date, End date, Duration, then one column per day (formula dates, weekday names)",
            fixture: Fixture::Xlsx(vec![merged(
                "Sheet1",
                vec![
                    tx(&["GANTT CHART"]),
                    vec![],
                    tx(&["", "Start date ", "End date", "Duration"]),
                    vec![E, F("MIN(B7:B9)", 44863.0), F("MAX(C7:C9)", 44890.0), F("C4-B4", 27.0)],
                    [vec![T("Week"), E, E, N(1.0), E], day_columns(1, 14)].concat(),
                    [tx(&["Task", "Start Date", "End date", "Duration", ""]), tx(&["Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"])].concat(),
                    vec![T("Task-1"), D(2022, 11, 1), D(2022, 11, 5), F("C7-B7", 4.0)],
                    vec![T("Task-2"), D(2022, 11, 6), D(2022, 11, 9), F("C8-B8", 3.0)],
                    vec![T("Task-3"), D(2022, 11, 10), D(2022, 11, 14), F("C9-B9", 4.0)],
                ],
                vec![(0, 0, 0, 18), (4, 0, 4, 2)],
            )]),
            truth: vec![declined("Sheet1")],
        },
        Case {
            name: "vertex42_gantt_google_sheets",
            source: "RagineePattnaik/Dynamic-Gantt-Chart-Creation-in-Google-Sheets: Gantt Chart.xlsx",
            shape: "Vertex42 Gantt (Google Sheets): Project Start/Manager labels, 'Week N' headings, day dates, WBS, Task, Lead, Start, End, % Done",
            fixture: Fixture::Xlsx(vec![sheet("GanttChart", {
                let weeks: Vec<C> = (0..14).map(|i| if i % 7 == 0 { T(["Week 1", "Week 2"][i / 7]) } else { E }).collect();
                vec![
                    tx(&["[Project Name] Project Schedule"]),
                    tx(&["[Company Name]"]),
                    vec![],
                    [vec![E, T("Project Start Date:"), E, D(2022, 11, 1), E, T("Display Week:"), E, N(1.0), E], weeks].concat(),
                    tx(&["", "Project Manager:", "", "[Manager's Name]"]),
                    [vec![E; 9], day_columns(1, 14)].concat(),
                    [tx(&["WBS", "Task", "Lead", "Start", "End", "Days", "%\nDone", "Work\nDays", ""]), tx(&["T", "W", "Th", "F", "Sa", "Su", "M", "T", "W", "Th", "F", "Sa", "Su", "M"])].concat(),
                    vec![T("1"), T("[ Task Category ]"), T("[Name]"), F("MIN(D9:D10)", 44866.0), F("MAX(E9:E10)", 44870.0), F("E8-D8+1", 5.0)],
                    vec![T("1.1"), T("Task one"), T("Lee"), D(2022, 11, 1), D(2022, 11, 3), F("E9-D9+1", 3.0), P(0.5), N(3.0)],
                    vec![T("1.2"), T("Task two"), T("Sam"), D(2022, 11, 3), D(2022, 11, 5), F("E10-D10+1", 3.0), P(0.0), N(2.0)],
                ]
            })]),
            truth: vec![declined("GanttChart")],
        },
        Case {
            name: "kingsrf_gantt_weeks",
            source: "kingsrf/PMtools: GanttChart.xlsx",
            shape: "Gantt: WBS NUMBER, TASK TITLE, START DATE, DUE DATE, % OF TASK COMPLETE, phase and WEEK n headings over M T W TH F letters",
            fixture: Fixture::Xlsx(vec![merged(
                "GanttChart",
                vec![
                    vec![],
                    vec![],
                    vec![],
                    tx(&["", "PROJECT TITLE\n\n", "", "Community Garden"]),
                    tx(&["", "PROJECT MANAGER", "", "K. S."]),
                    vec![],
                    vec![],
                    tx(&["", "WBS NUMBER", "TASK TITLE", "Dependencies (WBS #)", "START DATE", "DUE DATE", "DURATION", "% OF TASK COMPLETE", "PAHSE 1"]),
                    tx(&["", "", "", "", "", "", "", "", "WEEK 1", "", "", "", "", "WEEK 2 "]),
                    tx(&["", "", "", "", "", "", "", "", "M", "T", "W", "TH", "F", "M", "T", "W", "TH", "F"]),
                    vec![E, N(1.1), T("Phase: Planning & Approval"), E, E, F("$E11+$G11-1", -1.0)],
                    vec![E, T("1.1.1"), T("Form steering committee"), E, D(2026, 6, 1), F("$E12+$G12-1", 46178.0), N(5.0), P(1.0)],
                    vec![E, T("1.1.2"), T("Draft proposal"), T("1.1.1"), D(2026, 6, 8), F("$E13+$G13-1", 46185.0), N(5.0), P(1.0)],
                ],
                vec![(7, 3, 9, 3), (8, 8, 8, 12), (8, 13, 8, 17)],
            )]),
            truth: vec![declined("GanttChart")],
        },
        Case {
            name: "pmp_gantt_weekly_cost",
            source: "truongpv85/Template_Update: Gantt Chart (weekly).xlsx",
            shape: "weekly Gantt with a '$ Cost' column and week numbers 1..52 as headers: not a budget",
            fixture: Fixture::Xlsx(vec![sheet("Gantt Chart (weekly)", {
                let weeks: Vec<C> = (1..=12).map(|w| N(f64::from(w))).collect();
                let bar = |s: u8, e: u8| -> Vec<C> {
                    (1..=12u8)
                        .map(|w| if (s..=e).contains(&w) { FT("IF(AND(F$2>=$D3,F$2<=$E3),1,\"\")", "1") } else { FT("IF(AND(F$2>=$D3,F$2<=$E3),1,\"\")", "") })
                        .collect()
                };
                vec![
                    tx(&["", "", "", "", "", "PM Master Prep\nGantt Chart Template (Week Format)"]),
                    [tx(&["Countermeasure", "$ Cost", "Owner", "Start Week", "End Week"]), weeks].concat(),
                    [vec![T("First Task or Activity"), M(1200.0), T("PM"), N(2.0), N(6.0)], bar(2, 6)].concat(),
                    [vec![T("Second Task or Activity"), M(800.0), T("BA"), N(4.0), N(11.0)], bar(4, 11)].concat(),
                ]
            })]),
            truth: vec![declined("Gantt Chart (weekly)")],
        },
        Case {
            name: "mansur_risk_matrix",
            source: "Mohamed-Ahmed-Mansur/PM_Tasks: Risk_management.xlsx",
            shape: "risk matrix: impact words across, likelihood words down a merged 'Propability' column, 'Risk 3' in the cells, a numbered list beside",
            fixture: Fixture::Xlsx(vec![merged(
                "Sheet1",
                vec![
                    tx(&["", "Impact", "", "", "", "", "", "", "", "", "No.", "List of risks"]),
                    vec![T("Propability"), T("."), T("Trivial"), T("Minor"), T("Moderate"), T("Major"), T("Extreme"), E, E, E, N(1.0), T("Security issues.")],
                    vec![E, T("Rare"), E, T("Risk 3"), E, E, E, E, E, E, N(2.0), T("Wrong development partner.")],
                    vec![E, T("Unlikely"), E, E, E, T("Risk 6"), T("Risk 4"), E, E, E, N(3.0), T("Pandemic")],
                    vec![E, T("Moderate"), E, E, E, T("Risk 2"), E, E, E, E, N(4.0), T("Neglecting UX and UI.")],
                    vec![E, T("likely"), E, E, T("Risk 5")],
                    vec![E, T("very likely"), E, E, E, E, T("Risk 1")],
                ],
                vec![(0, 1, 0, 6), (1, 0, 6, 0)],
            )]),
            truth: vec![declined("Sheet1")],
        },
        Case {
            name: "aminenidae_expense_report",
            source: "aminenidae/Git-Learning: Expense Report.xlsx",
            shape: "expense claim: 'Submitted by:' / 'Date:' line, Date, Particulars, Job#, Coding, Cost Amount, GST, Total Amount; a Totals row",
            fixture: Fixture::Xlsx(vec![merged(
                "Expense Report Template",
                vec![
                    tx(&["EXPENSE REPORT - all detailed receipts and payment receipts to be attached"]),
                    vec![],
                    tx(&["Submitted by:  A. Nidae", "", "", "Date:  June 27"]),
                    tx(&["Date", "Particulars", "Job#", "Coding", "Cost Amount", "GST", "Total Amount", "Approved"]),
                    vec![D(2025, 4, 24), T("Car Wash"), E, E, F("G5/1.05", 52.27), F("E5*0.05", 2.61), N(54.88)],
                    vec![D(2025, 5, 24), T("Car Wash"), E, E, F("G6/1.05", 52.27), F("E6*0.05", 2.61), N(54.88)],
                    vec![],
                    vec![T("Signature:"), E, E, T("Totals:"), F("SUM(E5:E6)", 104.54), F("SUM(F5:F6)", 5.22), F("SUM(G5:G6)", 109.76)],
                ],
                vec![(2, 0, 2, 2), (2, 3, 2, 7)],
            )]),
            truth: vec![declined("Expense Report Template")],
        },
        Case {
            name: "pmdocs_expense_report_xls",
            source: "truongpv85/Template_Update: PMDocs.com_template/Executing/Expense Report Template.xls",
            shape: "expense report form (.xls): letterhead, Name / Destination / Departure Date block, then Expense, Expense Date, Amount lines",
            fixture: Fixture::Xlsx(vec![sheet(
                "Expense Report - Domestic",
                vec![
                    vec![],
                    tx(&["", "", "", "121 Main Street"]),
                    tx(&["", "", "", "Anywhere, MD 21112"]),
                    vec![],
                    tx(&["", "www.ProjectManagementDocs.com"]),
                    tx(&["", "", "", "", "EXPENSE REPORT"]),
                    vec![],
                    tx(&["", "Name", "Joe Traveler"]),
                    tx(&["", "Destination", "Los Angeles, CA"]),
                    vec![E, T("Departure Date"), D(2009, 8, 3)],
                    vec![E, T("Return Date"), D(2009, 8, 13)],
                    vec![],
                    tx(&["", "Expense\n(Please Provide Receipts for All Purchases)", "", "", "", "", "", "Expense\nDate", "Amount"]),
                    vec![E, T("Taxi Fare"), E, E, E, E, E, D(2009, 8, 3), N(22.0)],
                    vec![E, T("Hotel (3 days)"), E, E, E, E, E, D(2009, 8, 3), N(628.52)],
                    vec![E, E, E, E, E, E, T("Total"), E, F("SUM(I14:I15)", 650.52)],
                ],
            )]),
            truth: vec![declined("Expense Report - Domestic")],
        },
    ]
}
