//! The portfolio workbook: Portfolio (one row per project, a totals row of
//! live SUMs with their values stored), Exceptions (every tie-out exception
//! across projects), No project (the cluster ledger's postings no project
//! owns, with why) and, when there are any, Files not read. Every sheet has
//! filters, a frozen header row, and prints one page wide in landscape with
//! its header row repeated. Text from workbooks is always written as text.

use crate::error::Error;
use crate::model::money::to_cents;
use crate::portfolio::rollup::Rollup;
use crate::portfolio::row::ProjectRow;
use crate::render::context::exception_words;
use crate::render::text::{write_cell_text, Truncated, Written};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::column_number_to_name, Color, ConditionalFormatText, ConditionalFormatTextRule,
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

fn write_err(e: XlsxError) -> Error {
    Error::Write {
        what: "the portfolio workbook".into(),
        detail: e.to_string(),
    }
}

fn num(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    to_cents(d).to_f64().unwrap_or(f64::NAN)
}

struct Styles {
    head: Format,
    money: Format,
    money_bold: Format,
    ratio: Format,
    bold: Format,
}

impl Styles {
    fn new() -> Styles {
        use super::reconcile_xlsx::{head_format, money_total_format, MONEY_FORMAT};
        Styles {
            head: head_format(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_bold: money_total_format(),
            ratio: Format::new().set_num_format("0.00"),
            bold: Format::new().set_bold(),
        }
    }
}

/// Header row, frozen, repeated on every printed page, filters over `rows`
/// data rows; landscape, one page wide.
fn table(
    ws: &mut Worksheet,
    st: &Styles,
    names: &[(&str, f64)],
    rows: u32,
) -> Result<(), XlsxError> {
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    for (c, (n, w)) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, &st.head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 33.0)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.autofilter(0, 0, rows.max(1), names.len() as u16 - 1)?;
    Ok(())
}

fn rag_formats(
    ws: &mut Worksheet,
    last: u32,
    first_col: u16,
    last_col: u16,
) -> Result<(), XlsxError> {
    for (word, color) in [
        ("Red", 0xFFC7CE),
        ("Amber", 0xFFEB9C),
        ("Green", 0xC6EFCE),
        ("Unknown", 0xD9D9D9),
    ] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(word.to_string()))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        ws.add_conditional_format(1, first_col, last.max(1), last_col, &cf)?;
    }
    Ok(())
}

const PORTFOLIO: [(&str, f64); 29] = [
    ("Project", 32.0),
    ("Project ID", 14.0),
    ("Cost centres", 14.0),
    ("Read", 30.0),
    ("Period", 12.0),
    ("BAC", 15.0),
    ("Plan to date", 15.0),
    ("Actual to date", 15.0),
    ("Variance (plan - actual)", 15.0),
    ("EAC", 15.0),
    ("VAC", 15.0),
    ("CPI", 7.0),
    ("SPI", 7.0),
    ("Overall", 10.0),
    ("Scope", 10.0),
    ("Schedule", 10.0),
    ("Budget", 10.0),
    ("Risk", 10.0),
    ("Top risk", 36.0),
    ("Next milestone", 28.0),
    ("Due", 11.0),
    ("Slip (days)", 8.0),
    ("Tie-out difference (ledger - tracker)", 16.0),
    ("Exceptions", 10.0),
    ("Errors", 8.0),
    ("Warnings", 9.0),
    ("Infos", 7.0),
    ("Ratings changed since last month", 28.0),
    ("Risks new / closed since last month", 24.0),
];

/// Money columns of the Portfolio sheet (BAC … VAC) and the tie-out.
const MONEY_COLS: [u16; 7] = [5, 6, 7, 8, 9, 10, 22];

fn money_values(r: &ProjectRow) -> [Option<Decimal>; 7] {
    let m = r.money.as_ref();
    [
        m.map(|m| m.bac),
        m.map(|m| m.planned_ytd),
        m.map(|m| m.actual_ytd),
        m.map(|m| m.variance_ytd),
        m.map(|m| m.eac),
        m.map(|m| m.vac),
        r.tie_out.as_ref().map(|t| t.difference),
    ]
}

struct Cells<'a> {
    ws: &'a mut Worksheet,
    notes: &'a mut Vec<Truncated>,
}

impl Cells<'_> {
    fn text(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        write_cell_text(self.ws, (row, col), s, None, None, self.notes)
    }
}

fn project_row(
    c: &mut Cells,
    st: &Styles,
    row: u32,
    line: &crate::portfolio::rollup::ProjectLine,
) -> Result<(), XlsxError> {
    let r = &line.row;
    c.text(row, 0, &r.name)?;
    c.text(row, 1, r.project_id.as_deref().unwrap_or(""))?;
    c.text(row, 2, &r.cost_centres.join(", "))?;
    c.text(
        row,
        3,
        r.error
            .as_deref()
            .map_or("yes".to_string(), |e| format!("not read: {e}"))
            .as_str(),
    )?;
    c.text(row, 4, r.period.as_deref().unwrap_or(""))?;
    for (col, v) in MONEY_COLS.iter().zip(money_values(r)) {
        if let Some(v) = v {
            c.ws.write_number_with_format(row, *col, num(v), &st.money)?;
        }
    }
    let m = r.money.as_ref();
    for (col, v) in [(11u16, m.and_then(|m| m.cpi)), (12, m.and_then(|m| m.spi))] {
        if let Some(v) = v {
            c.ws.write_number_with_format(row, col, num(v), &st.ratio)?;
        }
    }
    for (i, (_, rag)) in r.ratings.areas().iter().enumerate() {
        c.ws.write_string(row, 13 + i as u16, *rag)?;
    }
    if let Some(t) = &r.top_risk {
        let rating = t
            .rating
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        c.text(row, 18, &format!("{}: {}{rating}", t.id, t.title))?;
    }
    if let Some(n) = &r.next_milestone {
        c.text(row, 19, &format!("{}: {}", n.id, n.name))?;
        c.ws.write_string(row, 20, &n.due)?;
        if let Some(s) = n.slip_days {
            c.ws.write_number(row, 21, s as f64)?;
        }
    }
    if let Some(t) = &r.tie_out {
        c.ws.write_number(row, 23, t.exceptions as f64)?;
    }
    let f = &r.findings;
    c.ws.write_number(row, 24, f.errors as f64)?;
    c.ws.write_number(row, 25, f.warnings as f64)?;
    c.ws.write_number(row, 26, f.infos as f64)?;
    if let Some(ch) = &line.change {
        let moved: Vec<String> = if ch.new_project {
            vec!["new this month".into()]
        } else {
            ch.ratings
                .iter()
                .map(|m| format!("{} {} → {}", m.area, m.was, m.now))
                .collect()
        };
        c.text(row, 27, &moved.join("; "))?;
        c.text(
            row,
            28,
            &format!(
                "new: {}; closed: {}",
                list(&ch.new_risks),
                list(&ch.closed_risks)
            ),
        )?;
    }
    Ok(())
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn portfolio_sheet(
    wb: &mut Workbook,
    st: &Styles,
    r: &Rollup,
    notes: &mut Vec<Truncated>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Portfolio")?;
    let n = r.projects.len() as u32;
    table(ws, st, &PORTFOLIO, n)?;
    let mut c = Cells { ws, notes };
    for (i, line) in r.projects.iter().enumerate() {
        project_row(&mut c, st, i as u32 + 1, line)?;
    }
    let ws = c.ws;
    let total = n + 1;
    ws.write_string_with_format(
        total,
        0,
        format!(
            "Total ({} projects, {} read)",
            r.totals.projects, r.totals.read
        ),
        &st.bold,
    )?;
    let t = &r.totals;
    let sums = [
        t.money.bac,
        t.money.planned_ytd,
        t.money.actual_ytd,
        t.money.variance_ytd,
        t.money.eac,
        t.money.vac,
        t.tie_out_difference,
    ];
    for (col, v) in MONEY_COLS.iter().zip(sums) {
        let name = column_number_to_name(*col);
        let f = Formula::new(format!("=SUM({name}2:{name}{})", total.max(2)))
            .set_result(format!("{:.2}", to_cents(v)));
        ws.write_formula_with_format(total, *col, f, &st.money_bold)?;
    }
    for (col, v) in [(11u16, t.money.cpi), (12, t.money.spi)] {
        if let Some(v) = v {
            ws.write_number_with_format(total, col, num(v), &st.ratio)?;
        }
    }
    for (col, v) in [
        (23u16, t.exceptions),
        (24, t.findings.errors),
        (25, t.findings.warnings),
        (26, t.findings.infos),
    ] {
        let name = column_number_to_name(col);
        let f =
            Formula::new(format!("=SUM({name}2:{name}{})", total.max(2))).set_result(v.to_string());
        ws.write_formula_with_format(total, col, f, &st.bold)?;
    }
    rag_formats(ws, n, 13, 17)?;
    Ok(())
}

fn exceptions_sheet(
    wb: &mut Workbook,
    st: &Styles,
    r: &Rollup,
    notes: &mut Vec<Truncated>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Exceptions")?;
    let head = [
        ("Project", 24.0),
        ("Kind", 26.0),
        ("GL account", 12.0),
        ("Period", 12.0),
        ("Tracker", 14.0),
        ("Ledger", 14.0),
        ("Difference (ledger - tracker)", 15.0),
        ("Documents", 30.0),
        ("Cells", 30.0),
    ];
    table(ws, st, &head, r.exceptions.len() as u32)?;
    let mut c = Cells { ws, notes };
    for (i, pe) in r.exceptions.iter().enumerate() {
        let (row, e) = (i as u32 + 1, &pe.exception);
        c.text(row, 0, &pe.project)?;
        c.ws.write_string(row, 1, exception_words(e.kind))?;
        c.text(row, 2, e.account.as_deref().unwrap_or(""))?;
        c.ws.write_string(row, 3, e.period.map(|p| p.to_string()).unwrap_or_default())?;
        for (col, v) in [(4u16, e.tracker), (5, e.ledger), (6, e.difference)] {
            if let Some(v) = v {
                c.ws.write_number_with_format(row, col, num(v), &st.money)?;
            }
        }
        c.text(row, 7, &e.documents.join(", "))?;
        c.text(row, 8, &e.cells.join(", "))?;
    }
    Ok(())
}

fn no_project_sheet(
    wb: &mut Workbook,
    st: &Styles,
    r: &Rollup,
    notes: &mut Vec<Truncated>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("No project")?;
    let head = [
        ("Ledger file", 24.0),
        ("Cell", 16.0),
        ("Cost centre", 12.0),
        ("GL account", 12.0),
        ("Period", 12.0),
        ("Amount", 14.0),
        ("Document", 18.0),
        ("Description", 36.0),
        ("Why it is no project's", 44.0),
    ];
    let posts = r
        .ledger
        .as_ref()
        .map(|l| l.no_project.as_slice())
        .unwrap_or(&[]);
    table(ws, st, &head, posts.len() as u32)?;
    let mut c = Cells { ws, notes };
    for (i, p) in posts.iter().enumerate() {
        let row = i as u32 + 1;
        c.text(row, 0, &p.file)?;
        c.text(row, 1, &p.cell)?;
        c.text(row, 2, p.cost_centre.as_deref().unwrap_or(""))?;
        c.text(row, 3, p.account.as_deref().unwrap_or(""))?;
        c.text(row, 4, p.period.as_deref().unwrap_or(""))?;
        c.ws.write_number_with_format(row, 5, num(p.amount), &st.money)?;
        c.text(row, 6, p.document.as_deref().unwrap_or(""))?;
        c.text(row, 7, p.description.as_deref().unwrap_or(""))?;
        c.text(row, 8, &p.reason)?;
    }
    let total = posts.len() as u32 + 1;
    let sum: Decimal = posts.iter().map(|p| p.amount).sum();
    c.ws.write_string_with_format(
        total,
        0,
        format!("Total ({} postings)", posts.len()),
        &st.bold,
    )?;
    let f = Formula::new(format!("=SUM(F2:F{})", total.max(2)))
        .set_result(format!("{:.2}", to_cents(sum)));
    c.ws.write_formula_with_format(total, 5, f, &st.money_bold)?;
    if r.ledger.is_none() {
        c.ws.write_string(total + 2, 0, "No cluster ledger was given (--ledger).")?;
    }
    Ok(())
}

fn files_sheet(
    wb: &mut Workbook,
    st: &Styles,
    r: &Rollup,
    notes: &mut Vec<Truncated>,
) -> Result<(), XlsxError> {
    if r.unplaced_files.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    ws.set_name("Files not read")?;
    table(
        ws,
        st,
        &[("File", 40.0), ("Why", 80.0)],
        r.unplaced_files.len() as u32,
    )?;
    let mut c = Cells { ws, notes };
    for (i, f) in r.unplaced_files.iter().enumerate() {
        c.text(i as u32 + 1, 0, &f.file)?;
        c.text(i as u32 + 1, 1, &f.reason)?;
    }
    Ok(())
}

/// Writes the portfolio workbook.
///
/// # Errors
///
/// [`Error::Write`] when the workbook cannot be assembled.
pub fn write(r: &Rollup) -> Result<Written, Error> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let mut notes = Vec::new();
    let date = chrono::NaiveDate::parse_from_str(&r.generated, "%Y-%m-%d").ok();
    if let Some(d) = date {
        use chrono::Datelike;
        let t = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
            .map_err(write_err)?;
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&t)
                .set_title("Portfolio"),
        );
    }
    portfolio_sheet(&mut wb, &st, r, &mut notes).map_err(write_err)?;
    exceptions_sheet(&mut wb, &st, r, &mut notes).map_err(write_err)?;
    no_project_sheet(&mut wb, &st, r, &mut notes).map_err(write_err)?;
    files_sheet(&mut wb, &st, r, &mut notes).map_err(write_err)?;
    for ws in wb.worksheets_mut() {
        ws.set_header("&LPortfolio&C&A");
        ws.set_footer(format!(
            "&LPortfolio roll-up (pmo), {}&RPage &P of &N",
            r.generated
        ));
        ws.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
    }
    let bytes = wb.save_to_buffer().map_err(write_err)?;
    Ok(Written { bytes, notes })
}
