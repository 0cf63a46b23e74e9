//! Writes the sample project in `samples/`: `project.xlsx` (a tracker kept
//! the way PMs keep them — title rows, merged headings, month columns as
//! date cells, SUM subtotals), `ledger.xlsx` (a GL export under a parameter
//! block) and `totals.json` (the exact totals written, for the tests).
//!
//! Run: `cargo run --example make_samples` (deterministic: same bytes of data
//! every run). See samples/README.md for the deliberate discrepancies.

// Amounts are written in cents with the last group as the cents
// (`14_250_00` is $14,250.00), which reads better than Excel-style grouping.
#![allow(
    clippy::inconsistent_digit_grouping,
    clippy::needless_range_loop,
    clippy::type_complexity
)]

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError,
};
use std::collections::BTreeMap;
use std::str::FromStr;

/// A tiny deterministic generator (no dependency, same numbers everywhere).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// A whole number in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn f(d: Decimal) -> f64 {
    d.to_string().parse().unwrap()
}

struct Line {
    id: &'static str,
    description: &'static str,
    category: &'static str,
    kind: &'static str,
    account: &'static str,
    vendor: &'static str,
    /// Planned per month, in cents, for the 24 months Apr-25..Mar-27.
    plan: [i64; 24],
}

const COST_CENTRE: &str = "10482";
/// Actuals run through October 2026 (2026-27 P07): 19 months.
const ACTUAL_MONTHS: usize = 19;

fn month(i: usize) -> NaiveDate {
    let m0 = 3 + i as i32; // April 2025 is month index 0
    NaiveDate::from_ymd_opt(2025 + m0 / 12, (m0 % 12) as u32 + 1, 1).unwrap()
}

fn phased(a: i64, b: i64, from: usize, to: usize) -> [i64; 24] {
    let mut p = [0; 24];
    for (i, v) in p.iter_mut().enumerate() {
        if i >= from && i <= to {
            *v = if i < 12 { a } else { b };
        }
    }
    p
}

fn lines() -> Vec<Line> {
    vec![
        Line {
            id: "BL-01",
            description: "Project team salaries (2 FTE)",
            category: "Salaries and wages",
            kind: "Operating",
            account: "510100",
            vendor: "",
            plan: phased(14_250_00, 14_820_00, 0, 23),
        },
        Line {
            id: "BL-02",
            description: "Employee benefits",
            category: "Employee benefits",
            kind: "Operating",
            account: "511100",
            vendor: "",
            plan: phased(2_850_00, 2_964_00, 0, 23),
        },
        Line {
            id: "BL-03",
            description: "Travel to regional service centres",
            category: "Transportation and communication",
            kind: "Operating",
            account: "520100",
            vendor: "",
            plan: phased(650_00, 800_00, 2, 21),
        },
        Line {
            id: "BL-04",
            description: "Business analysis services (VOR)",
            category: "Services",
            kind: "Operating",
            account: "530200",
            vendor: "Northbridge Consulting Inc.",
            plan: phased(9_360_00, 9_360_00, 1, 20),
        },
        Line {
            id: "BL-05",
            description: "Solution development services",
            category: "Services",
            kind: "Capital",
            account: "530210",
            vendor: "Lakeshore Digital Ltd.",
            plan: phased(16_500_00, 18_750_00, 4, 22),
        },
        Line {
            id: "BL-06",
            description: "Cloud hosting and data processing",
            category: "Services",
            kind: "Operating",
            account: "530400",
            vendor: "GovCloud Canada",
            plan: phased(1_875_50, 2_310_75, 3, 23),
        },
        Line {
            id: "BL-07",
            description: "Laptops and peripherals",
            category: "Supplies and equipment",
            kind: "Operating",
            account: "540100",
            vendor: "Ontario Tech Supply",
            plan: {
                let mut p = [0; 24];
                p[2] = 18_420_00;
                p[14] = 6_140_00;
                p
            },
        },
        Line {
            id: "BL-08",
            description: "Training delivery for front-line staff",
            category: "Services",
            kind: "Operating",
            account: "530500",
            vendor: "Learning Works Co.",
            plan: phased(0, 4_500_00, 0, 23),
        },
        Line {
            id: "BL-09",
            description: "Licensing platform software (capitalised)",
            category: "Tangible capital assets",
            kind: "Capital",
            account: "160500",
            vendor: "Lakeshore Digital Ltd.",
            plan: {
                let mut p = [0; 24];
                p[6] = 48_000_00;
                p[18] = 52_500_00;
                p
            },
        },
        Line {
            id: "BL-10",
            description: "Telecom and mobile devices",
            category: "Transportation and communication",
            kind: "Operating",
            account: "520300",
            vendor: "Bell Mobility",
            plan: phased(310_25, 325_80, 0, 23),
        },
    ]
}

/// Actuals: plan ± a few percent, in cents; zero after the last actual month.
fn actuals(lines: &[Line]) -> Vec<[i64; 24]> {
    let mut rng = Lcg(20251101);
    lines
        .iter()
        .map(|l| {
            let mut a = [0i64; 24];
            for i in 0..ACTUAL_MONTHS {
                if l.plan[i] == 0 {
                    continue;
                }
                let pct = rng.range(-600, 700); // -6.00% .. +7.00%
                a[i] = l.plan[i] + l.plan[i] * pct / 10_000;
            }
            // The training line started early: spend with no plan in 2025-26.
            if l.id == "BL-08" {
                a[18] = 4_500_00; // accrued by the PM, not yet posted (tracker_unmatched)
            }
            a
        })
        .collect()
}

struct Posting {
    date: NaiveDate,
    account: String,
    document: String,
    vendor: String,
    description: String,
    amount: Decimal,
}

/// Splits each actual into postings, then adds the documented discrepancies.
fn postings(lines: &[Line], actual: &[[i64; 24]]) -> Vec<Posting> {
    let mut rng = Lcg(77);
    let mut out = Vec::new();
    let mut doc = 20000;
    for (l, a) in lines.iter().zip(actual) {
        for (i, &amt) in a.iter().enumerate().take(ACTUAL_MONTHS) {
            if amt == 0 || (l.id == "BL-08" && i == 18) {
                continue;
            }
            let m = month(i);
            let parts = match l.category {
                "Salaries and wages" | "Employee benefits" => 2,
                "Services" if amt > 500_000 => rng.range(2, 4),
                "Transportation and communication" => rng.range(1, 3),
                _ => 1,
            };
            let mut left = amt;
            for p in 0..parts {
                let share = if p + 1 == parts { left } else { amt / parts };
                left -= share;
                doc += 1;
                let day = (3 + p * 7 + rng.range(0, 3)) as u32;
                let (document, vendor) = if l.vendor.is_empty() {
                    (
                        format!("PAY-{}-{:02}-{}", m.year(), m.month(), p + 1),
                        String::new(),
                    )
                } else {
                    (format!("INV-{doc}"), l.vendor.to_string())
                };
                out.push(Posting {
                    date: NaiveDate::from_ymd_opt(m.year(), m.month(), day).unwrap(),
                    account: l.account.to_string(),
                    document,
                    vendor,
                    description: l.description.to_string(),
                    amount: cents(share),
                });
            }
        }
    }
    // 1. amount_mismatch: an invoice finance posted that the tracker misses.
    out.push(Posting {
        date: NaiveDate::from_ymd_opt(2026, 6, 18).unwrap(),
        account: "530210".into(),
        document: "INV-31877".into(),
        vendor: "Lakeshore Digital Ltd.".into(),
        description: "Change request CR-07".into(),
        amount: dec("1250.00"),
    });
    // 2. possible_duplicate: the same invoice posted twice.
    let dup = out
        .iter()
        .find(|p| p.account == "530200" && p.date.year() == 2026 && p.date.month() == 8)
        .map(|p| (p.document.clone(), p.amount, p.date))
        .unwrap();
    out.push(Posting {
        date: dup.2,
        account: "530200".into(),
        document: dup.0,
        vendor: "Northbridge Consulting Inc.".into(),
        description: "Business analysis services (VOR)".into(),
        amount: dup.1,
    });
    // 3. ledger_unmatched: a posting on an account no tracker line carries.
    out.push(Posting {
        date: NaiveDate::from_ymd_opt(2026, 9, 22).unwrap(),
        account: "559900".into(),
        document: "JE-48812".into(),
        vendor: String::new(),
        description: "Misc. chargeback - facilities".into(),
        amount: dec("842.17"),
    });
    // 4. A posting and its reversal: nets to zero, not an exception.
    out.push(Posting {
        date: NaiveDate::from_ymd_opt(2026, 5, 12).unwrap(),
        account: "511100".into(),
        document: "JE-50011".into(),
        vendor: String::new(),
        description: "Benefits accrual".into(),
        amount: dec("2000.00"),
    });
    out.push(Posting {
        date: NaiveDate::from_ymd_opt(2026, 5, 26).unwrap(),
        account: "511100".into(),
        document: "JE-50011-R".into(),
        vendor: String::new(),
        description: "Reversal of JE-50011".into(),
        amount: dec("-2000.00"),
    });
    out.sort_by(|a, b| (a.date, &a.account, &a.document).cmp(&(b.date, &b.account, &b.document)));
    out
}

/// A workbook with fixed properties, so regenerating gives the same bytes.
fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let t = ExcelDateTime::from_ymd(2026, 11, 2)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&t)
            .set_author("Priya Raman"),
    );
    Ok(wb)
}

/// Defect W208 (and the E402s it causes): this actual is typed as text.
const TEXT_ACTUAL: (&str, usize) = ("BL-04", 15);

fn write_project(lines: &[Line], actual: &[[i64; 24]]) -> Result<(), XlsxError> {
    let mut wb = new_workbook()?;
    // What Excel's SUM sees: the text cell counts as nothing.
    let excel_actual = |i: usize, m: usize| {
        if (lines[i].id, m) == TEXT_ACTUAL {
            0
        } else {
            actual[i][m]
        }
    };
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let money = Format::new().set_num_format("$#,##0.00;($#,##0.00)");
    let money_bold = money.clone().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let month_head = head.clone().set_num_format("mmm-yy");

    // Instructions: a sheet pmo should recognise as "not a data sheet".
    let ws = wb.add_worksheet().set_name("Instructions")?;
    ws.write_string_with_format(0, 0, "How to use this workbook", &title)?;
    ws.write_string(
        2,
        0,
        "Update actuals monthly from the IFIS GL detail report. Do not change the headers.",
    )?;
    ws.write_string(3, 0, "Questions: PMO finance, ext. 4471")?;

    // Project information (key/value).
    let ws = wb.add_worksheet().set_name("Project Info")?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 90)?;
    ws.merge_range(0, 0, 0, 1, "Project Information", &title)?;
    let info: &[(&str, &str)] = &[
        ("Project Name", "Licence Renewal Modernization"),
        ("Project ID", "LRM-2025-014"),
        ("Ministry", "Ministry of Licensing and Registration Services (fictional)"),
        ("Division / Branch", "Service Delivery Division / Licensing Systems Branch"),
        ("I&IT Cluster", "Community Services I&IT Cluster"),
        ("Executive Sponsor", "Dana Whitfield, ADM Service Delivery"),
        ("Project Manager", "Priya Raman"),
        ("Finance Lead", "Marc Tremblay"),
        ("Phase", "Implementation"),
        ("Fiscal Year", "2026-27"),
        ("Funding Source", "Approved through the 2025 Budget: operating base allocation plus capital (TCA) funding"),
        ("Background", "Licence renewals are processed on a 2004 mainframe application with paper forms in 40 service centres. Renewal backlogs reached 11 weeks in 2024."),
        ("Objectives", "Online renewal for 80% of licence types; renewal turnaround under 5 business days; retire the mainframe renewal module."),
        ("In Scope", "Online renewal portal; case management for staff; integration with payment gateway; data migration of active licences."),
        ("Out of Scope", "New licence applications; enforcement systems; changes to fees."),
        ("Deliverables", "Renewal portal; staff case-management module; migrated data; training for 400 front-line staff."),
        ("Assumptions", "Vendor of record resources available as contracted; payment gateway API stable."),
        ("Constraints", "Go-live must avoid the March fiscal year-end peak."),
        ("Dependencies", "Enterprise identity service upgrade (Cluster project CS-22)."),
        ("Overall Status", "Amber"),
        ("Scope Status", "Green"),
        ("Status Date", "2026-10-31"),
    ];
    for (i, (k, v)) in info.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *k, &bold)?;
        ws.write_string(2 + i as u32, 1, *v)?;
    }
    let r = 2 + info.len() as u32;
    ws.write_string_with_format(r, 0, "Start Date", &bold)?;
    ws.write_date_with_format(r, 1, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(), &date)?;
    ws.write_string_with_format(r + 1, 0, "End Date", &bold)?;
    ws.write_date_with_format(
        r + 1,
        1,
        NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        &date,
    )?;
    let total_plan: i64 = lines.iter().flat_map(|l| l.plan.iter()).sum();
    ws.write_string_with_format(r + 2, 0, "Total Approved Budget", &bold)?;
    ws.write_number_with_format(r + 2, 1, f(cents(total_plan)), &money)?;

    // Budget: wide layout, two header rows, category subtotals.
    let ws = wb.add_worksheet().set_name("Budget")?;
    ws.write_string_with_format(
        0,
        0,
        "Licence Renewal Modernization - Budget Tracker",
        &title,
    )?;
    ws.write_string(1, 0, "Fiscal Year:")?;
    ws.write_string(1, 1, "2025-26 to 2026-27")?;
    ws.write_string(2, 0, "Cost Centre:")?;
    ws.write_string(2, 1, COST_CENTRE)?;
    ws.write_string(3, 0, "Actuals to:")?;
    ws.write_string(3, 1, "October 2026 (2026-27 P07)")?;
    let (g, h) = (5u32, 6u32); // group row, header row (0-based)
    let fixed = [
        "Line ID",
        "Description",
        "Standard Account",
        "Op / Cap",
        "GL Account",
        "Vendor",
    ];
    for (c, name) in fixed.iter().enumerate() {
        ws.merge_range(g, c as u16, h, c as u16, name, &head)?;
    }
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 26)?;
    ws.set_column_width(5, 24)?;
    let p0 = fixed.len() as u16; // first planned month column
    let a0 = p0 + 24; // first actual month column
    let tp = a0 + 24; // total planned column
    let ta = tp + 1; // total actual
    ws.merge_range(g, p0, g, p0 + 23, "Planned", &head)?;
    ws.merge_range(g, a0, g, a0 + 23, "Actual", &head)?;
    for i in 0..24u16 {
        ws.write_date_with_format(h, p0 + i, month(i as usize), &month_head)?;
        ws.write_date_with_format(h, a0 + i, month(i as usize), &month_head)?;
    }
    ws.merge_range(g, tp, h, tp, "Total Planned", &head)?;
    ws.merge_range(g, ta, h, ta, "Total Actual", &head)?;
    ws.merge_range(g, ta + 1, h, ta + 1, "% Complete", &head)?;
    let pct = Format::new().set_num_format("0%");
    ws.set_freeze_panes(h + 1, 2)?;

    let col_name = |c: u16| rust_xlsxwriter::utility::column_number_to_name(c);
    let mut row = h + 1;
    let mut subtotal_rows = Vec::new();
    let groups: Vec<(&str, Vec<usize>)> = vec![
        (
            "Operating",
            (0..lines.len())
                .filter(|&i| lines[i].kind == "Operating")
                .collect(),
        ),
        (
            "Capital",
            (0..lines.len())
                .filter(|&i| lines[i].kind == "Capital")
                .collect(),
        ),
    ];
    for (gname, idx) in &groups {
        ws.write_string_with_format(row, 0, gname.to_uppercase(), &bold)?; // section heading row
        row += 1;
        let first = row;
        for &i in idx {
            let l = &lines[i];
            ws.write_string(row, 0, l.id)?;
            ws.write_string(row, 1, l.description)?;
            ws.write_string(row, 2, l.category)?;
            ws.write_string(row, 3, l.kind)?;
            ws.write_number(row, 4, l.account.parse::<f64>().unwrap())?; // a number, as people type it
            ws.write_string(row, 5, l.vendor)?;
            for m in 0..24 {
                if l.plan[m] != 0 {
                    ws.write_number_with_format(row, p0 + m as u16, f(cents(l.plan[m])), &money)?;
                }
                if (l.id, m) == TEXT_ACTUAL {
                    // Defect W208: typed as text, so Excel's SUMs skip it.
                    let shown = format!("${:.2}", cents(actual[i][m]));
                    ws.write_string(row, a0 + m as u16, &shown)?;
                } else if m < ACTUAL_MONTHS && actual[i][m] != 0 {
                    ws.write_number_with_format(
                        row,
                        a0 + m as u16,
                        f(cents(actual[i][m])),
                        &money,
                    )?;
                }
            }
            let sum_p: i64 = l.plan.iter().sum();
            let sum_a: i64 = (0..24).map(|m| excel_actual(i, m)).sum();
            let fp = Formula::new(format!(
                "=SUM({}{}:{}{})",
                col_name(p0),
                row + 1,
                col_name(p0 + 23),
                row + 1
            ))
            .set_result(cents(sum_p).to_string());
            let fa = Formula::new(format!(
                "=SUM({}{}:{}{})",
                col_name(a0),
                row + 1,
                col_name(a0 + 23),
                row + 1
            ))
            .set_result(cents(sum_a).to_string());
            ws.write_formula_with_format(row, tp, fp, &money)?;
            ws.write_formula_with_format(row, ta, fa, &money)?;
            // Progress on the deliverable lines, for earned value.
            let done = match l.id {
                "BL-04" => Some(0.80),
                "BL-05" => Some(0.62),
                "BL-08" => Some(0.15),
                "BL-09" => Some(0.50),
                _ => None,
            };
            if let Some(done) = done {
                ws.write_number_with_format(row, ta + 1, done, &pct)?;
            }
            row += 1;
        }
        let last = row - 1;
        ws.write_string_with_format(row, 1, format!("Subtotal - {gname}"), &bold)?;
        for c in p0..=ta {
            let m = (c - p0) as usize;
            let value: i64 = idx
                .iter()
                .map(|&i| match c {
                    c if c < a0 => lines[i].plan[m],
                    c if c < tp => excel_actual(i, m - 24),
                    c if c == tp => lines[i].plan.iter().sum::<i64>(),
                    _ => (0..24).map(|m| excel_actual(i, m)).sum::<i64>(),
                })
                .sum();
            let formula = Formula::new(format!(
                "=SUM({c}{}:{c}{})",
                first + 1,
                last + 1,
                c = col_name(c)
            ))
            .set_result(cents(value).to_string());
            ws.write_formula_with_format(row, c, formula, &money_bold)?;
        }
        subtotal_rows.push(row);
        row += 2; // a blank row after each group
    }
    ws.write_string_with_format(row, 1, "Grand Total", &bold)?;
    for c in p0..=ta {
        let refs: Vec<String> = subtotal_rows
            .iter()
            .map(|r| format!("{}{}", col_name(c), r + 1))
            .collect();
        let m = (c - p0) as usize;
        let value: i64 = (0..lines.len())
            .map(|i| match c {
                c if c < a0 => lines[i].plan[m],
                c if c < tp => excel_actual(i, m - 24),
                c if c == tp => lines[i].plan.iter().sum::<i64>(),
                _ => (0..24).map(|m| excel_actual(i, m)).sum::<i64>(),
            })
            .sum();
        ws.write_formula_with_format(
            row,
            c,
            Formula::new(format!("={}", refs.join("+"))).set_result(cents(value).to_string()),
            &money_bold,
        )?;
    }
    ws.write_string(row + 2, 0, "Note: actuals are taken from the IFIS GL detail report; accruals entered by the PM are flagged in the status report.")?;

    // Risks.
    let ws = wb.add_worksheet().set_name("Risks")?;
    ws.write_string_with_format(0, 0, "Risk Register", &title)?;
    let rh = [
        "Risk #",
        "Risk Description",
        "Category",
        "Owner",
        "Date Raised",
        "Probability (1-5)",
        "Impact (1-5)",
        "Score",
        "Rating",
        "Mitigation",
        "Status",
        "Date Closed",
    ];
    for (c, n) in rh.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *n, &head)?;
    }
    ws.set_column_width(1, 50)?;
    ws.set_column_width(9, 50)?;
    let risks: &[(
        &str,
        &str,
        &str,
        &str,
        (i32, u32, u32),
        i64,
        i64,
        &str,
        &str,
        &str,
        Option<(i32, u32, u32)>,
    )] = &[
        (
            "R-001",
            "Vendor developers are reassigned before go-live, delaying build sprints",
            "Resources",
            "Priya Raman",
            (2025, 5, 6),
            3,
            4,
            "High",
            "Key-personnel clause in the VOR contract; weekly capacity review",
            "Open",
            None,
        ),
        (
            "R-002",
            "Payment gateway API changes during integration testing",
            "Technology",
            "Ken Osei",
            (2025, 6, 12),
            2,
            4,
            "Medium",
            "Pin API version; monthly call with the gateway team",
            "Monitoring",
            None,
        ),
        (
            "R-003",
            "Data migration finds more than 5% dirty licence records",
            "Data",
            "Aisha Mohamed",
            (2025, 7, 3),
            4,
            4,
            "Critical",
            "Early profiling; cleansing sprint budgeted in BL-05",
            "In Progress",
            None,
        ),
        (
            "R-004",
            "Front-line staff unavailable for training during summer peak",
            "Change management",
            "Luc Gagnon",
            (2025, 9, 15),
            3,
            3,
            "Medium",
            "Schedule training in the shoulder season; e-learning modules",
            "Open",
            None,
        ),
        (
            "R-005",
            "Identity service upgrade (CS-22) slips past our integration window",
            "Dependency",
            "Dana Whitfield",
            (2025, 10, 1),
            3,
            5,
            "High",
            "Escalated to Cluster steering committee; fallback to current login",
            "Open",
            None,
        ),
        (
            "R-006",
            "Accessibility audit (AODA) finds portal defects late",
            "Compliance",
            "Priya Raman",
            (2025, 11, 20),
            2,
            3,
            "Medium",
            "Accessibility testing in every sprint",
            "Closed",
            Some((2026, 6, 30)),
        ),
        (
            "R-007",
            "Hardware prices rise before the second laptop order",
            "Financial",
            "Marc Tremblay",
            (2026, 1, 9),
            2,
            2,
            "Medium", // defect W302: a score of 4 is Low
            "Order through the existing VOR price list",
            "Monitoring",
            None,
        ),
        (
            "R-008",
            "Privacy impact assessment not signed off before data migration",
            "Compliance",
            "Aisha Mohamed",
            (2026, 3, 4),
            2,
            5,
            "High",
            "PIA drafted; privacy office review booked",
            "Open",
            None,
        ),
    ];
    for (i, r) in risks.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, r.0)?;
        ws.write_string(row, 1, r.1)?;
        ws.write_string(row, 2, r.2)?;
        ws.write_string(row, 3, r.3)?;
        ws.write_date_with_format(
            row,
            4,
            NaiveDate::from_ymd_opt(r.4 .0, r.4 .1, r.4 .2).unwrap(),
            &date,
        )?;
        ws.write_number(row, 5, r.5 as f64)?;
        ws.write_number(row, 6, r.6 as f64)?;
        if r.0 == "R-005" {
            // Defect W301: a typed-over score (3 × 5 is 15).
            ws.write_number(row, 7, 12.0)?;
        } else {
            let score = Formula::new(format!("=F{}*G{}", row + 1, row + 1))
                .set_result((r.5 * r.6).to_string());
            ws.write_formula(row, 7, score)?;
        }
        ws.write_string(row, 8, r.7)?;
        ws.write_string(row, 9, r.8)?;
        ws.write_string(row, 10, r.9)?;
        if let Some(d) = r.10 {
            ws.write_date_with_format(
                row,
                11,
                NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
                &date,
            )?;
        }
    }

    // Issues.
    let ws = wb.add_worksheet().set_name("Issues")?;
    let ih = [
        "Issue ID",
        "Description",
        "Priority",
        "Owner",
        "Status",
        "Date Raised",
        "Target Date",
        "Resolution",
        "Date Resolved",
        "Budget Line",
    ];
    for (c, n) in ih.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, &head)?;
    }
    ws.set_column_width(1, 50)?;
    let issues: &[(
        &str,
        &str,
        &str,
        &str,
        &str,
        (i32, u32, u32),
        (i32, u32, u32),
        &str,
        Option<(i32, u32, u32)>,
    )] = &[
        (
            "I-001",
            "Test environment unavailable for 6 days after a cluster patch",
            "High",
            "Ken Osei",
            "Closed",
            (2025, 11, 3),
            (2025, 11, 14),
            "Environment rebuilt; patch window now agreed with the cluster",
            None, // defect E306: closed, no date resolved
        ),
        (
            "I-002",
            "Legacy licence records missing postal codes (12,400 records)",
            "High",
            "Aisha Mohamed",
            "In Progress",
            (2026, 2, 17),
            (2026, 12, 15),
            "",
            None,
        ),
        (
            "I-003",
            "Second laptop order delayed by supplier stock-out",
            "Medium",
            "Marc Tremblay",
            "Open",
            (2026, 6, 2),
            (2026, 11, 30),
            "",
            None,
        ),
        (
            "I-004",
            "Change request CR-07 approved without a budget line transfer",
            "Medium",
            "Priya Raman",
            "Open",
            (2026, 6, 20),
            (2026, 12, 1),
            "",
            None,
        ),
        (
            "I-005",
            "French translation of portal help pages late",
            "Low",
            "Luc Gagnon",
            "Resolved",
            (2026, 8, 8),
            (2026, 9, 30),
            "Translation bureau delivered; pages published",
            Some((2026, 9, 24)),
        ),
    ];
    for (i, r) in issues.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, r.0)?;
        ws.write_string(row, 1, r.1)?;
        ws.write_string(row, 2, r.2)?;
        ws.write_string(row, 3, r.3)?;
        ws.write_string(row, 4, r.4)?;
        ws.write_date_with_format(
            row,
            5,
            NaiveDate::from_ymd_opt(r.5 .0, r.5 .1, r.5 .2).unwrap(),
            &date,
        )?;
        ws.write_date_with_format(
            row,
            6,
            NaiveDate::from_ymd_opt(r.6 .0, r.6 .1, r.6 .2).unwrap(),
            &date,
        )?;
        if !r.7.is_empty() {
            ws.write_string(row, 7, r.7)?;
        }
        if let Some(d) = r.8 {
            ws.write_date_with_format(
                row,
                8,
                NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
                &date,
            )?;
        }
        // Defect E501: I-004 names a budget line that does not exist.
        let line = match r.0 {
            "I-002" => "BL-05",
            "I-003" => "BL-07",
            "I-004" => "BL-12",
            _ => "",
        };
        if !line.is_empty() {
            ws.write_string(row, 9, line)?;
        }
    }

    // Milestones.
    let ws = wb.add_worksheet().set_name("Milestones")?;
    ws.write_string_with_format(0, 0, "Key Milestones", &title)?;
    let mh = [
        "ID",
        "Milestone",
        "Phase",
        "Baseline Date",
        "Forecast Date",
        "Actual Date",
        "% Complete",
        "Status",
    ];
    for (c, n) in mh.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *n, &head)?;
    }
    ws.set_column_width(1, 44)?;
    let pct = Format::new().set_num_format("0%");
    let ms: &[(
        &str,
        &str,
        &str,
        (i32, u32, u32),
        (i32, u32, u32),
        Option<(i32, u32, u32)>,
        f64,
        &str,
    )] = &[
        (
            "M-01",
            "Project charter approved",
            "Definition",
            (2025, 5, 30),
            (2025, 5, 30),
            Some((2025, 5, 28)),
            1.0,
            "Complete",
        ),
        (
            "M-02",
            "Vendor of record contract signed",
            "Planning",
            (2025, 7, 31),
            (2025, 8, 15),
            Some((2025, 8, 14)),
            1.0,
            "Complete",
        ),
        (
            "M-03",
            "Solution architecture approved (ARB)",
            "Planning",
            (2025, 10, 15),
            (2025, 10, 15),
            None, /* defect W307: complete, no actual date */
            1.0,
            "Complete",
        ),
        (
            "M-04",
            "Privacy impact assessment signed off",
            "Implementation",
            (2026, 4, 30),
            (2026, 12, 18),
            None,
            0.7,
            "Late",
        ),
        (
            "M-05",
            "Release 1: staff case management live",
            "Implementation",
            (2026, 6, 30),
            (2026, 7, 20),
            Some((2026, 7, 22)),
            1.0,
            "Complete",
        ),
        (
            "M-06",
            "Data migration dress rehearsal",
            "Implementation",
            (2026, 10, 30),
            (2026, 12, 4),
            None,
            0.4,
            "At Risk",
        ),
        (
            "M-07",
            "Release 2: online renewal portal live",
            "Implementation",
            (2027, 1, 25),
            (2027, 2, 8),
            None,
            0.2,
            "In Progress",
        ),
        (
            "M-08",
            "Front-line training complete",
            "Implementation",
            (2027, 2, 26),
            (2027, 2, 26),
            None,
            0.1,
            "In Progress",
        ),
        (
            "M-09",
            "Project closeout report",
            "Closeout",
            (2027, 3, 31),
            (2027, 3, 31),
            None,
            0.0,
            "Not Started",
        ),
    ];
    for (i, m) in ms.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, m.0)?;
        ws.write_string(row, 1, m.1)?;
        ws.write_string(row, 2, m.2)?;
        ws.write_date_with_format(
            row,
            3,
            NaiveDate::from_ymd_opt(m.3 .0, m.3 .1, m.3 .2).unwrap(),
            &date,
        )?;
        ws.write_date_with_format(
            row,
            4,
            NaiveDate::from_ymd_opt(m.4 .0, m.4 .1, m.4 .2).unwrap(),
            &date,
        )?;
        if let Some(d) = m.5 {
            ws.write_date_with_format(
                row,
                5,
                NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
                &date,
            )?;
        }
        ws.write_number_with_format(row, 6, m.6, &pct)?;
        ws.write_string(row, 7, m.7)?;
    }

    // Stakeholders.
    let ws = wb.add_worksheet().set_name("Stakeholders")?;
    let sh = [
        "Name",
        "Title",
        "Project Role",
        "Organization",
        "Email",
        "Charter Sign-off",
    ];
    for (c, n) in sh.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, &head)?;
    }
    let people: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "Dana Whitfield",
            "ADM, Service Delivery",
            "Executive Sponsor",
            "Service Delivery Division",
            "dana.whitfield@example.ontario.ca",
            "Yes",
        ),
        (
            "Robert Chen",
            "Director, Licensing Systems",
            "Business Owner",
            "Licensing Systems Branch",
            "robert.chen@example.ontario.ca",
            "Yes",
        ),
        (
            "Priya Raman",
            "Senior Project Manager",
            "Project Manager",
            "Community Services I&IT Cluster",
            "priya.raman@example.ontario.ca",
            "No",
        ),
        (
            "Marc Tremblay",
            "Senior Financial Analyst",
            "Finance Lead",
            "Corporate Finance",
            "marc.tremblay@example.ontario.ca",
            "Yes",
        ),
        (
            "Aisha Mohamed",
            "Data Architect",
            "Data Migration Lead",
            "Community Services I&IT Cluster",
            "aisha.mohamed@example.ontario.ca",
            "No",
        ),
        (
            "Ken Osei",
            "Solution Architect",
            "Technical Lead",
            "Community Services I&IT Cluster",
            "ken.osei@example.ontario.ca",
            "No",
        ),
        (
            "Luc Gagnon",
            "Manager, Service Centres",
            "Change Lead",
            "Service Delivery Division",
            "luc.gagnon@example.ontario.ca",
            "No",
        ),
        (
            "Helen Park",
            "Head, I&IT Cluster",
            "Steering Committee Chair",
            "Community Services I&IT Cluster",
            "helen.park@example.ontario.ca",
            "Yes",
        ),
    ];
    for (i, p) in people.iter().enumerate() {
        let row = 1 + i as u32;
        for (c, v) in [p.0, p.1, p.2, p.3, p.4, p.5].iter().enumerate() {
            ws.write_string(row, c as u16, *v)?;
        }
    }
    wb.save("samples/project.xlsx")
}

fn write_ledger(posts: &[Posting]) -> Result<(), XlsxError> {
    let mut wb = new_workbook()?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("#E2EFDA")
        .set_border(FormatBorder::Thin);
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("dd-mmm-yyyy");
    let ws = wb.add_worksheet().set_name("GL Detail")?;
    ws.write_string_with_format(0, 0, "IFIS - General Ledger Detail Report", &bold)?;
    ws.write_string(2, 0, "Fiscal Year:")?;
    ws.write_string(2, 1, "2025-26, 2026-27")?;
    ws.write_string(3, 0, "Cost Centre:")?;
    ws.write_string(3, 1, COST_CENTRE)?;
    ws.write_string(4, 0, "Run Date:")?;
    ws.write_date_with_format(4, 1, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), &date)?;
    let hdr = [
        "GL Date",
        "Period",
        "Account",
        "Document No",
        "Vendor",
        "Description",
        "Debit",
        "Credit",
    ];
    for (c, n) in hdr.iter().enumerate() {
        ws.write_string_with_format(6, c as u16, *n, &head)?;
    }
    for (i, p) in posts.iter().enumerate() {
        let row = 7 + i as u32;
        ws.write_date_with_format(row, 0, p.date, &date)?;
        ws.write_string(row, 1, p.date.format("%b-%y").to_string().to_uppercase())?;
        ws.write_string(row, 2, &p.account)?;
        ws.write_string(row, 3, &p.document)?;
        ws.write_string(row, 4, &p.vendor)?;
        ws.write_string(row, 5, &p.description)?;
        if p.amount >= Decimal::ZERO {
            ws.write_number_with_format(row, 6, f(p.amount), &money)?;
        } else {
            ws.write_number_with_format(row, 7, f(-p.amount), &money)?;
        }
    }
    ws.set_column_width(3, 16)?;
    ws.set_column_width(4, 26)?;
    ws.set_column_width(5, 40)?;
    wb.save("samples/ledger.xlsx")
}

fn main() -> Result<(), XlsxError> {
    let lines = lines();
    let actual = actuals(&lines);
    let posts = postings(&lines, &actual);
    write_project(&lines, &actual)?;
    write_ledger(&posts)?;

    // The exact figures written, for the tests and samples/README.md.
    let plan: i64 = lines.iter().flat_map(|l| l.plan.iter()).sum();
    let act: i64 = actual.iter().flat_map(|a| a.iter()).sum();
    let debit: Decimal = posts
        .iter()
        .filter(|p| p.amount > Decimal::ZERO)
        .map(|p| p.amount)
        .sum();
    let credit: Decimal = posts
        .iter()
        .filter(|p| p.amount < Decimal::ZERO)
        .map(|p| -p.amount)
        .sum();
    let mut by_fy: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (l, a) in lines.iter().zip(&actual) {
        for m in 0..24 {
            let fy = if m < 12 { "2025-26" } else { "2026-27" };
            let e = by_fy.entry(fy.to_string()).or_default();
            e.0 += l.plan[m];
            e.1 += a[m];
        }
    }
    let mut json = String::from("{\n");
    json.push_str(&format!("  \"budget_lines\": {},\n", lines.len()));
    json.push_str(&format!("  \"planned\": \"{}\",\n", cents(plan)));
    json.push_str(&format!("  \"actual\": \"{}\",\n", cents(act)));
    // What the tracker's own SUM formulas show: the actual typed as text is
    // left out (defect W208).
    let text_line = lines.iter().position(|l| l.id == TEXT_ACTUAL.0).unwrap();
    let text_amount = actual[text_line][TEXT_ACTUAL.1];
    json.push_str(&format!(
        "  \"actual_as_excel_sums\": \"{}\",\n",
        cents(act - text_amount)
    ));
    json.push_str(&format!("  \"text_actual\": \"{}\",\n", cents(text_amount)));
    for (fy, (p, a)) in &by_fy {
        json.push_str(&format!(
            "  \"planned_{fy}\": \"{}\",\n  \"actual_{fy}\": \"{}\",\n",
            cents(*p),
            cents(*a)
        ));
    }
    json.push_str(
        "  \"risks\": 8,\n  \"issues\": 5,\n  \"milestones\": 9,\n  \"stakeholders\": 8,\n",
    );
    json.push_str(&format!("  \"postings\": {},\n", posts.len()));
    let mut docs: BTreeMap<&str, Vec<&Posting>> = BTreeMap::new();
    for p in &posts {
        docs.entry(&p.document).or_default().push(p);
    }
    let (dup_doc, dup) = docs
        .iter()
        .find(|(_, v)| v.len() > 1)
        .expect("the duplicate");
    json.push_str(&format!(
        "  \"duplicate_document\": \"{dup_doc}\",\n  \"duplicate_amount\": \"{:.2}\",\n  \"duplicate_date\": \"{}\",\n",
        dup[0].amount, dup[0].date
    ));
    json.push_str(&format!("  \"ledger_debit\": \"{:.2}\",\n", debit));
    json.push_str(&format!("  \"ledger_credit\": \"{:.2}\",\n", credit));
    json.push_str(&format!(
        "  \"ledger_net\": \"{:.2}\"\n}}\n",
        debit - credit
    ));
    std::fs::write("samples/totals.json", &json).expect("write samples/totals.json");
    print!("{json}");
    Ok(())
}
