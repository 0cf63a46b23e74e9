//! Writes the messy workbooks in `tests/fixtures/`, each showing one quirk
//! of real trackers. Run `cargo run --example make_fixtures`; then
//! `tests/fixtures/convert.sh` makes the .ods/.xls copies and the
//! password-protected file (needs LibreOffice and msoffcrypto-tool).
//! The expected values the tests assert are written next to each quirk here.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, XlsxError,
};
use std::io::{Read, Write};

const DIR: &str = "tests/fixtures";

fn fixed(wb: &mut Workbook) {
    // A fixed creation time keeps regenerated files byte-stable.
    let t = ExcelDateTime::from_ymd(2025, 4, 1).unwrap();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&t)
            .set_author("pmo fixtures"),
    );
}

/// A risk log under title rows and a merged banner, with renamed headers,
/// words on the likelihood scale, a blank row, a note row, and dates typed
/// every way (one of them ambiguous).
fn risks_title_rows() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("d-mmm-yyyy");
    let ws = wb.add_worksheet().set_name("Risk Register FY25")?;
    ws.merge_range(
        0,
        0,
        0,
        8,
        "Ministry of Examples - I&IT Risk Register",
        &bold,
    )?;
    ws.write_string(1, 0, "Prepared by: PMO")?;
    // row 3 (0-based 2) blank; header on Excel row 4
    let headers = [
        "Risk No.",
        "Risk Statement",
        "Probability",
        "Consequence",
        "Exposure",
        "Risk Level",
        "Risk Owner",
        "Status",
        "Date Identified",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    // Excel row 5
    ws.write_row(
        4,
        0,
        [
            "R-01",
            "Key vendor staff leave",
            "Very High",
            "4",
            "",
            "Critical",
            "A. Owner",
            "WIP",
        ],
    )?;
    ws.write_number(4, 4, 20.0)?;
    ws.write_datetime_with_format(4, 8, NaiveDate::from_ymd_opt(2025, 5, 6).unwrap(), &date)?;
    // Excel row 6
    ws.write_row(
        5,
        0,
        [
            "R-02",
            "Budget freeze",
            "Low",
            "",
            "",
            "Med",
            "B. Owner",
            "Open",
            "2025-06-12",
        ],
    )?;
    ws.write_number(5, 3, 3.0)?;
    ws.write_number(5, 4, 6.0)?;
    // Excel row 7: blank
    // Excel row 8
    ws.write_row(
        7,
        0,
        [
            "R-03",
            "Data quality worse than profiled",
            "3 - Possible",
            "5",
            "15",
            "High",
            "C. Owner",
            "monitor",
            "July 3, 2025",
        ],
    )?;
    // Excel row 9: ambiguous date
    ws.write_row(
        8,
        0,
        [
            "R-04",
            "Late PIA sign-off",
            "2",
            "5",
            "10",
            "High",
            "",
            "Closed",
            "04/05/2025",
        ],
    )?;
    // Excel row 11: a note
    ws.write_string(
        10,
        0,
        "* Exposure = Probability x Consequence; review monthly",
    )?;
    wb.save(format!("{DIR}/risks_title_rows.xlsx"))
}

/// A wide budget with block words in the month headers ("Plan Apr-25"),
/// money typed as text in every local form, float noise, a labelled
/// subtotal without formulas and a TOTAL row of SUM formulas.
fn budget_text_money() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let ws = wb.add_worksheet().set_name("Budget")?;
    ws.write_string(0, 0, "Budget vs Actual - Q1")?;
    let headers = [
        "Line",
        "Budget Item",
        "Category",
        "GL Acct",
        "Plan Apr-25",
        "Plan May-25",
        "Plan Jun-25",
        "Actual Apr-25",
        "Actual May-25",
        "Actual Jun-25",
    ];
    ws.write_row(2, 0, headers)?;
    // Excel row 4
    ws.write_row(3, 0, ["1", "Consultant", "Services", "530200"])?;
    ws.write_string(3, 4, "$1,234.50")?; // planned Apr
    ws.write_string(3, 5, "1,234.50 $")?; // planned May
    ws.write_string(3, 6, " 3,100 ")?; // planned Jun
    ws.write_number(3, 7, 1234.4999999999998)?; // actual Apr → 1234.50
    ws.write_string(3, 8, "(1,200.00)")?; // actual May → -1200.00 (credit)
    ws.write_string(3, 9, "-")?; // actual Jun → none
                                 // Excel row 5
    ws.write_row(4, 0, ["2", "Hosting", "Services", "530400"])?;
    ws.write_number(4, 4, 500.0)?;
    ws.write_string(4, 5, "1 234,50 $")?; // fr-CA
    ws.write_number(4, 6, 0.1 + 0.2)?; // 0.30
    ws.write_number(4, 7, 499.99)?;
    ws.write_string(4, 8, "TBD")?; // a problem cell
    ws.write_number(4, 9, 250.0)?;
    // Excel row 6: labelled subtotal with typed values
    ws.write_string(5, 1, "Subtotal – Services")?;
    ws.write_number(5, 4, 1734.50)?;
    // Excel row 7
    ws.write_row(6, 0, ["3", "Laptops", "Supplies", "540100"])?;
    ws.write_number(6, 4, 2000.0)?;
    ws.write_number(6, 7, 1999.95)?;
    // Excel row 8: TOTAL with SUM formulas (cached results stored)
    ws.write_string(7, 0, "TOTAL")?;
    ws.write_formula(7, 4, Formula::new("=SUM(E4:E7)").set_result("5469"))?;
    ws.write_formula(7, 7, Formula::new("=SUM(H4:H7)").set_result("3734.44"))?;
    wb.save(format!("{DIR}/budget_text_money.xlsx"))
}

/// Bare month headers ("Apr" … "Mar") placed by a "Fiscal Year: 2025-26"
/// parameter, blocks given by merged group headings above them, and a
/// category merged down over two lines.
fn budget_bare_months() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let center = Format::new().set_align(FormatAlign::Center);
    let ws = wb.add_worksheet().set_name("Forecast")?;
    ws.write_string(0, 0, "Fiscal Year")?;
    ws.write_string(0, 1, "2025-26")?;
    ws.write_string(1, 0, "Cost Centre:")?;
    ws.write_number(1, 1, 10482.0)?;
    // group row: Excel row 4; header: Excel row 5
    ws.merge_range(3, 3, 3, 8, "Actuals", &center)?;
    ws.merge_range(3, 9, 3, 14, "Forecast", &center)?;
    ws.write_row(4, 0, ["ID", "Description", "Category"])?;
    let months = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    ws.write_row(4, 3, months)?;
    ws.write_string(4, 15, "Approved Budget")?;
    ws.write_string(4, 16, "Comments")?;
    // Excel rows 6-7, category merged down
    ws.merge_range(5, 2, 6, 2, "Services", &Format::new())?;
    for (r, (id, desc, base)) in [
        (5u32, ("A1", "Developers", 1000.0)),
        (6, ("A2", "Testers", 400.0)),
    ] {
        ws.write_string(r, 0, id)?;
        ws.write_string(r, 1, desc)?;
        for m in 0..12u16 {
            ws.write_number(r, 3 + m, base + m as f64)?;
        }
        ws.write_number(r, 15, base * 12.0 + 100.0)?;
    }
    ws.write_string(6, 16, "rates revised in Q3")?;
    wb.save(format!("{DIR}/budget_bare_months.xlsx"))
}

/// A long budget: one row per line and period, periods written four ways.
fn budget_long() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let mmm = Format::new().set_num_format("mmm-yy");
    let ws = wb.add_worksheet().set_name("Costs by Month")?;
    ws.write_row(
        0,
        0,
        [
            "Line ID",
            "Description",
            "Fiscal Year",
            "Period",
            "Planned",
            "Actual",
            "Forecast",
        ],
    )?;
    ws.write_row(1, 0, ["L1", "Developers", "2025-26", "P01"])?;
    ws.write_number(1, 4, 1000.0)?;
    ws.write_number(1, 5, 950.25)?;
    ws.write_row(2, 0, ["L1", "Developers", "", "2025-05"])?;
    ws.write_number(2, 4, 1000.0)?;
    ws.write_number(2, 5, 1010.0)?;
    ws.write_row(3, 0, ["L2", "Licences", "", ""])?;
    ws.write_datetime_with_format(3, 3, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(), &mmm)?;
    ws.write_number(3, 4, 5000.0)?;
    ws.write_number(3, 5, 5000.0)?;
    ws.write_row(4, 0, ["L2", "Licences", "", "Mar-26"])?;
    ws.write_number(4, 4, 250.0)?;
    ws.write_number(4, 6, 300.0)?;
    ws.write_row(5, 0, ["L1", "Developers", "2026-27", "P01"])?;
    ws.write_number(5, 4, 1100.0)?;
    wb.save(format!("{DIR}/budget_long.xlsx"))
}

/// A milestone list in a workbook that uses the 1904 date system. The date
/// cells hold 1904-based serials; read with the 1900 epoch they would land
/// four years early.
fn milestones_1904() -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet().set_name("Milestones")?;
    ws.write_row(
        0,
        0,
        ["Milestone", "Baseline Date", "Forecast Date", "Status"],
    )?;
    // 1904 serial of 2025-04-01 is 44286; of 2026-01-15 is 44575.
    ws.write_string(1, 0, "Charter approved")?;
    ws.write_number_with_format(1, 1, 44286.0, &date)?;
    ws.write_string(1, 2, "2025-04-01")?;
    ws.write_string(1, 3, "Complete")?;
    ws.write_string(2, 0, "Go-live")?;
    ws.write_number_with_format(2, 1, 44575.0, &date)?;
    ws.write_number(2, 2, 44600.0)?; // a bare serial in a date column: 1904 too → 2026-02-09
    ws.write_string(2, 3, "In Progress")?;
    let bytes = wb.save_to_buffer()?;
    // rust_xlsxwriter cannot write 1904 workbooks: set the flag in
    // xl/workbook.xml, copying every other part unchanged.
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        let name = f.name()?.to_string();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(data)?;
            let patched = if text.contains("<workbookPr") {
                text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
            } else {
                text.replacen("<bookViews>", "<workbookPr date1904=\"1\"/><bookViews>", 1)
            };
            data = patched.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())?;
        out.write_all(&data)?;
    }
    let buf = out.finish()?.into_inner();
    std::fs::write(format!("{DIR}/milestones_1904.xlsx"), buf)?;
    Ok(())
}

/// A French-Canadian Excel CSV: Windows-1252, `;` between fields, amounts
/// like `1 234,50 $`, under two parameter lines.
fn ledger_fr_csv() -> std::io::Result<()> {
    let text = "Rapport: Grand livre\r\nFiscal Year: 2025-26\r\n\r\nGL Date;Account;Cost Center;Document No;Description;Amount\r\n\
2025-04-15;530200;10482;INV-1;Services professionnels - ministère;1 234,50 $\r\n\
2025-05-20;530200;10482;INV-2;Annulation partielle;(200,00 $)\r\n\
2025-05-31;540100;10482;INV-3;Équipement;\"2 000,00 $\"\r\n\
;;;;Total;3 034,50 $\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    std::fs::write(format!("{DIR}/ledger_fr.csv"), bytes)
}

/// Files that must fail with a clear message.
fn broken() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::write(
        format!("{DIR}/not_a_workbook.xlsx"),
        "Project,Budget\nThis is a text file renamed to .xlsx\n",
    )?;
    let mut wb = Workbook::new();
    fixed(&mut wb);
    wb.add_worksheet().set_name("Sheet1")?;
    wb.save(format!("{DIR}/empty.xlsx"))?;
    let mut wb = Workbook::new();
    fixed(&mut wb);
    let ws = wb.add_worksheet().set_name("Lunch order")?;
    ws.write_row(0, 0, ["Colour", "Flavour", "Size"])?;
    ws.write_row(1, 0, ["Red", "Cherry", "Large"])?;
    wb.save(format!("{DIR}/unrecognised.xlsx"))?;
    let whole = std::fs::read(format!("{DIR}/budget_long.xlsx"))?;
    std::fs::write(format!("{DIR}/truncated.xlsx"), &whole[..whole.len() / 2])?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(DIR)?;
    risks_title_rows()?;
    budget_text_money()?;
    budget_bare_months()?;
    budget_long()?;
    milestones_1904()?;
    ledger_fr_csv()?;
    broken()?;
    println!("fixtures written to {DIR}/; run tests/fixtures/convert.sh for the .ods, .xls and password copies");
    Ok(())
}
