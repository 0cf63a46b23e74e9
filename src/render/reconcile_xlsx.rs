//! The reconciliation workbook a finance lead keeps: Summary, By Line, By
//! Category, By Period (with a line chart of cumulative planned against
//! actual), Tie-out and Exceptions. Figures are real numbers in currency
//! formats; totals and variances are live formulas with their values stored
//! (so viewers that do not recalculate still show them); text from the
//! workbooks is always written as text, and Excel is told that IDs and GL
//! accounts stored as text are meant to be. Printed, every sheet is one
//! page wide, repeats its header row, and names the project, the sheet,
//! the as-of period and the page in its header and footer.

use crate::error::Error;
use crate::model::money::to_cents;
use crate::reconcile::{ExceptionKind, Figures, Reconciliation, RowStatus};
use crate::render::text::{write_cell_text, Truncated, Written};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::column_number_to_name, Chart, ChartFormat, ChartLine, ChartLineDashType, ChartType,
    Color, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatText,
    ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format, FormatBorder, Formula,
    IgnoreError, Workbook, Worksheet, XlsxError,
};

fn write_err(e: XlsxError) -> Error {
    Error::Write {
        what: "the reconciliation workbook".into(),
        detail: e.to_string(),
    }
}

/// A cent-rounded amount as Excel stores numbers. Every `Decimal` has an
/// `f64` nearest to it; amounts are bounded far inside f64's exact cents.
fn num(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    to_cents(d).to_f64().unwrap_or(f64::NAN)
}

struct Styles {
    head: Format,
    money: Format,
    money_bold: Format,
    pct: Format,
    bold: Format,
    title: Format,
    date: Format,
}

/// The money format of every workbook `pmo` writes: negatives red, in
/// parentheses.
pub(crate) const MONEY_FORMAT: &str = "$#,##0.00;[Red]($#,##0.00)";

/// A table's header cells: bold, shaded, boxed, wrapped.
pub(crate) fn head_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
}

/// A totals row's money: bold under a rule.
pub(crate) fn money_total_format() -> Format {
    Format::new()
        .set_num_format(MONEY_FORMAT)
        .set_bold()
        .set_border_top(FormatBorder::Thin)
}

impl Styles {
    fn new() -> Styles {
        Styles {
            head: head_format(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_bold: money_total_format(),
            pct: Format::new().set_num_format("0.00%"),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            date: Format::new().set_num_format("mmm-yy"),
        }
    }
}

fn headers(ws: &mut Worksheet, st: &Styles, row: u32, names: &[&str]) -> Result<(), XlsxError> {
    // Printed, each sheet is one page wide.
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *n, &st.head)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    ws.set_repeat_rows(0, row)?;
    // Wrapped headers: a row tall enough for the longest (no viewer grows a
    // row written with the default height).
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let lines = longest.div_ceil(HEADER_CHARS_PER_LINE).clamp(1, 3);
    ws.set_row_height(row, 15.0 * lines as f64 + 3.0)?;
    Ok(())
}

/// About how many characters of a bold header fit on one line of a
/// 16-wide figure column.
const HEADER_CHARS_PER_LINE: usize = 15;

/// The most characters of the project's name in the page header: with
/// the codes and the date around it (and every `&` doubled) the header
/// stays under Excel's 255.
const HEADER_NAME_MAX: usize = 100;

/// Print header and footer for every sheet, and Excel's "number stored as
/// text" warning switched off where IDs and accounts are text on purpose.
fn print_setup(
    wb: &mut Workbook,
    project: Option<&str>,
    as_of: &str,
    notes: &mut Vec<Truncated>,
) -> Result<(), XlsxError> {
    let project = project.unwrap_or("Budget reconciliation");
    // Excel's header holds 255 characters, codes included; a longer one is
    // dropped (with a warning on stderr) by the writer, so the name is cut
    // here and the cut noted.
    let chars = project.chars().count();
    let project: String = if chars > HEADER_NAME_MAX {
        notes.push(Truncated {
            written_to: "the page header of every sheet".into(),
            source: Some("the project's name".into()),
            chars,
            dropped: chars - HEADER_NAME_MAX + 1,
            limit: HEADER_NAME_MAX,
        });
        project
            .chars()
            .take(HEADER_NAME_MAX - 1)
            .collect::<String>()
            + "…"
    } else {
        project.to_string()
    };
    // `&` starts a code in Excel's header language.
    let project = project.replace('&', "&&");
    for ws in wb.worksheets_mut() {
        ws.set_header(format!("&L{project}&C&A&RAs of {as_of}"));
        ws.set_footer("&LBudget reconciliation (pmo)&RPage &P of &N");
        ws.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
        ws.ignore_error_range(0, 0, TEXT_ROWS, TEXT_COLS, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

/// How far the "number stored as text" exemption reaches: every row a
/// sheet can hold, the columns these sheets use.
const TEXT_ROWS: u32 = 1_048_575;
const TEXT_COLS: u16 = 20;

/// Widens a text column to its longest entry (within limits), so long
/// category names are not cut off by the next column.
fn fit_text<'a>(
    ws: &mut Worksheet,
    c: u16,
    texts: impl Iterator<Item = &'a str>,
    min: f64,
    max: f64,
) -> Result<(), XlsxError> {
    let longest = texts.map(|t| t.chars().count()).max().unwrap_or(0);
    ws.set_column_width(c, (longest as f64 + 2.0).clamp(min, max))?;
    Ok(())
}

/// Widths of the Exceptions sheet's Documents, Cells and Lines columns.
const EXCEPTION_LIST_WIDTHS: [f64; 3] = [30.0, 40.0, 20.0];

/// A row height for lists that wrap in columns of these widths: viewers
/// do not grow a row for wrapped text on their own.
fn wrapped_height(lists: &[&Vec<String>], widths: &[f64]) -> f64 {
    let lines = lists
        .iter()
        .zip(widths)
        .map(|(items, w)| {
            let chars = items.join(", ").chars().count() as f64;
            (chars / (w - 2.0).max(1.0)).ceil().max(1.0)
        })
        .fold(1.0f64, f64::max);
    15.0 * lines
}

fn col(c: u16) -> String {
    column_number_to_name(c)
}

/// `=SUM(X2:X9)` with its value stored.
fn sum_formula(c: u16, first: u32, last: u32, value: Decimal) -> Formula {
    Formula::new(format!("=SUM({0}{1}:{0}{2})", col(c), first + 1, last + 1))
        .set_result(format!("{:.2}", to_cents(value)))
}

fn rag_formats(ws: &mut Worksheet, first: u32, last: u32, c: u16) -> Result<(), XlsxError> {
    for (word, color) in [("Red", 0xFFC7CE), ("Amber", 0xFFEB9C), ("Green", 0xC6EFCE)] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(word.to_string()))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        ws.add_conditional_format(first, c, last, c, &cf)?;
    }
    Ok(())
}

/// Variance % of plan on row `r` (1-based), figures from column `c0`: a
/// live formula, blank when nothing was planned.
fn pct_formula(c0: u16, r: u32, f: &Figures) -> Formula {
    Formula::new(format!(
        "=IF({p}{r}=0,\"\",{v}{r}/{p}{r})",
        p = col(c0 + 1),
        v = col(c0 + 3)
    ))
    .set_result(f.variance_ytd_pct.map_or(String::new(), |p| {
        (p / Decimal::from(100)).round_dp(6).to_string()
    }))
}

/// Writes the figures of one row from column `c0`: full-year plan, plan
/// YTD, actual YTD, variance (a formula), variance %, EAC, ETC, VAC.
fn figure_cells(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    c0: u16,
    f: &Figures,
) -> Result<(), XlsxError> {
    let r = row + 1;
    ws.write_number_with_format(row, c0, num(f.planned_full_year), &st.money)?;
    ws.write_number_with_format(row, c0 + 1, num(f.planned_ytd), &st.money)?;
    ws.write_number_with_format(row, c0 + 2, num(f.actual_ytd), &st.money)?;
    let var = Formula::new(format!("={}{r}-{}{r}", col(c0 + 1), col(c0 + 2)))
        .set_result(format!("{:.2}", to_cents(f.variance_ytd)));
    ws.write_formula_with_format(row, c0 + 3, var, &st.money)?;
    ws.write_formula_with_format(row, c0 + 4, pct_formula(c0, r, f), &st.pct)?;
    ws.write_number_with_format(row, c0 + 5, num(f.eac), &st.money)?;
    let etc = Formula::new(format!("={}{r}-{}{r}", col(c0 + 5), col(c0 + 2)))
        .set_result(format!("{:.2}", to_cents(f.etc)));
    ws.write_formula_with_format(row, c0 + 6, etc, &st.money)?;
    let vac = Formula::new(format!("={}{r}-{}{r}", col(c0), col(c0 + 5)))
        .set_result(format!("{:.2}", to_cents(f.vac)));
    ws.write_formula_with_format(row, c0 + 7, vac, &st.money)?;
    Ok(())
}

const FIGURE_HEADERS: [&str; 8] = [
    "Full-year plan",
    "Plan to date",
    "Actual to date",
    "Variance to date",
    "Variance %",
    "Forecast at year end (EAC)",
    "Estimate to complete (ETC)",
    "Variance at year end (VAC)",
];

/// A total row under figure columns: SUMs for money, variance % recomputed.
fn figure_totals(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    c0: u16,
    first: u32,
    last: u32,
    f: &Figures,
) -> Result<(), XlsxError> {
    let values = [
        f.planned_full_year,
        f.planned_ytd,
        f.actual_ytd,
        f.variance_ytd,
    ];
    for (i, v) in values.iter().enumerate() {
        ws.write_formula_with_format(
            row,
            c0 + i as u16,
            sum_formula(c0 + i as u16, first, last, *v),
            &st.money_bold,
        )?;
    }
    let r = row + 1;
    ws.write_formula_with_format(row, c0 + 4, pct_formula(c0, r, f), &st.pct)?;
    for (i, v) in [(5u16, f.eac), (6, f.etc), (7, f.vac)] {
        ws.write_formula_with_format(
            row,
            c0 + i,
            sum_formula(c0 + i, first, last, v),
            &st.money_bold,
        )?;
    }
    Ok(())
}

/// Builds the workbook. `created` fixes the creation time for reproducible
/// output. Text from the workbooks longer than an Excel cell holds is cut
/// with a visible marker, and each cut is a note in the result naming the
/// cell written and the budget line it came from.
///
/// # Errors
///
/// [`Error::Write`] when the workbook cannot be assembled.
pub fn write(
    r: &Reconciliation,
    project_name: Option<&str>,
    created: Option<chrono::NaiveDate>,
) -> Result<Written, Error> {
    let mut notes = Vec::new();
    let bytes = build(r, project_name, created, &mut notes).map_err(write_err)?;
    Ok(Written { bytes, notes })
}

fn build(
    r: &Reconciliation,
    project_name: Option<&str>,
    created: Option<chrono::NaiveDate>,
    notes: &mut Vec<Truncated>,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_title("Budget reconciliation")
        .set_author("pmo");
    if let Some(d) = created {
        use chrono::Datelike;
        props = props.set_creation_datetime(&ExcelDateTime::from_ymd(
            d.year() as u16,
            d.month() as u8,
            d.day() as u8,
        )?);
    }
    wb.set_properties(&props);

    // By Line first in the build (Summary refers to its totals), but Summary
    // is the first sheet the reader sees.
    let n = r.lines.len() as u32;
    let line_total_row = n + 1;
    {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("By Line")?;
        let mut names = vec![
            "Line ID",
            "Description",
            "Standard account",
            "Op / Cap",
            "GL account",
        ];
        names.extend(FIGURE_HEADERS);
        names.extend(["RAG", "Source"]);
        headers(ws, &st, 0, &names)?;
        for (i, l) in r.lines.iter().enumerate() {
            let row = i as u32 + 1;
            let source = format!(
                "line {} at {}",
                l.id.as_deref().unwrap_or("(no ID)"),
                l.place.as_deref().unwrap_or("an unknown cell")
            );
            for (c, v) in [
                &l.id,
                &l.description,
                &l.category,
                &l.expense_type,
                &l.account,
            ]
            .iter()
            .enumerate()
            {
                if let Some(v) = v {
                    write_cell_text(ws, (row, c as u16), v, None, Some(&source), notes)?;
                }
            }
            figure_cells(ws, &st, row, 5, &l.figures)?;
            ws.write_string(row, 13, l.rag.to_string())?;
            if let Some(p) = &l.place {
                write_cell_text(ws, (row, 14), p, None, None, notes)?;
            }
        }
        ws.write_string_with_format(line_total_row, 1, "Total", &st.bold)?;
        figure_totals(ws, &st, line_total_row, 5, 1, n.max(1), &r.totals)?;
        ws.write_string_with_format(line_total_row, 13, r.rag.to_string(), &st.bold)?;
        rag_formats(ws, 1, line_total_row, 13)?;
        negative_red(ws, 1, line_total_row, 8)?;
        ws.autofilter(0, 0, n, 14)?;
        widths(ws, &[10.0, 40.0, 28.0, 11.0, 11.0], 5, 8, 16.0)?;
        for (c, field) in [(0u16, 0usize), (1, 1), (2, 2)] {
            let texts = r
                .lines
                .iter()
                .filter_map(|l| [&l.id, &l.description, &l.category][field].as_deref());
            fit_text(ws, c, texts, [10.0, 30.0, 20.0][field], 60.0)?;
        }
        fit_text(
            ws,
            14,
            r.lines.iter().filter_map(|l| l.place.as_deref()),
            12.0,
            40.0,
        )?;
    }
    for (name, groups) in [
        ("By Category", &r.categories),
        ("By Op-Cap", &r.expense_types),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let mut names = vec![
            if name == "By Category" {
                "Standard account"
            } else {
                "Operating / Capital"
            },
            "Lines",
        ];
        names.extend(FIGURE_HEADERS);
        names.push("RAG");
        headers(ws, &st, 0, &names)?;
        for (i, g) in groups.iter().enumerate() {
            let row = i as u32 + 1;
            write_cell_text(ws, (row, 0), &g.name, None, None, notes)?;
            ws.write_number(row, 1, g.lines as f64)?;
            figure_cells(ws, &st, row, 2, &g.figures)?;
            ws.write_string(row, 10, g.rag.to_string())?;
        }
        let total = groups.len() as u32 + 1;
        ws.write_string_with_format(total, 0, "Total", &st.bold)?;
        let lines: usize = groups.iter().map(|g| g.lines).sum();
        ws.write_formula_with_format(
            total,
            1,
            Formula::new(format!("=SUM(B2:B{})", total)).set_result(lines.to_string()),
            &st.bold,
        )?;
        figure_totals(ws, &st, total, 2, 1, total - 1, &r.totals)?;
        rag_formats(ws, 1, total, 10)?;
        negative_red(ws, 1, total, 5)?;
        ws.autofilter(0, 0, total - 1, 10)?;
        widths(ws, &[30.0, 8.0], 2, 8, 16.0)?;
        fit_text(ws, 0, groups.iter().map(|g| g.name.as_str()), 22.0, 60.0)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("By Period")?;
        headers(
            ws,
            &st,
            0,
            &[
                "Period",
                "Month",
                "Planned",
                "Actual",
                "Variance",
                "Forecast",
                "Cumulative planned",
                "Cumulative actual / forecast",
            ],
        )?;
        for (i, p) in r.periods.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, p.period.to_string())?;
            use chrono::Datelike;
            let d = ExcelDateTime::from_ymd(p.month.year() as u16, p.month.month() as u8, 1)?;
            ws.write_datetime_with_format(row, 1, d, &st.date)?;
            ws.write_number_with_format(row, 2, num(p.planned), &st.money)?;
            if let Some(a) = p.actual {
                ws.write_number_with_format(row, 3, num(a), &st.money)?;
                let v = Formula::new(format!("=C{0}-D{0}", row + 1))
                    .set_result(format!("{:.2}", to_cents(p.planned - a)));
                ws.write_formula_with_format(row, 4, v, &st.money)?;
            }
            if let Some(f) = p.forecast {
                ws.write_number_with_format(row, 5, num(f), &st.money)?;
            }
            let cp = if row == 1 {
                "=C2".to_string()
            } else {
                format!("=G{}+C{}", row, row + 1)
            };
            ws.write_formula_with_format(
                row,
                6,
                Formula::new(cp).set_result(format!("{:.2}", to_cents(p.cumulative_planned))),
                &st.money,
            )?;
            let ca = if row == 1 {
                "=IF(D2=\"\",F2,D2)".to_string()
            } else {
                format!("=H{}+IF(D{1}=\"\",F{1},D{1})", row, row + 1)
            };
            ws.write_formula_with_format(
                row,
                7,
                Formula::new(ca)
                    .set_result(format!("{:.2}", to_cents(p.cumulative_actual_forecast))),
                &st.money,
            )?;
        }
        let last = r.periods.len() as u32;
        let total = last + 1;
        ws.write_string_with_format(total, 0, "Total", &st.bold)?;
        let planned: Decimal = r.periods.iter().map(|p| p.planned).sum();
        let actual: Decimal = r.periods.iter().filter_map(|p| p.actual).sum();
        let variance: Decimal = r.periods.iter().filter_map(|p| p.variance).sum();
        let forecast: Decimal = r.periods.iter().filter_map(|p| p.forecast).sum();
        for (c, v) in [(2u16, planned), (3, actual), (4, variance), (5, forecast)] {
            ws.write_formula_with_format(total, c, sum_formula(c, 1, last, v), &st.money_bold)?;
        }
        negative_red(ws, 1, last, 4)?;
        widths(ws, &[12.0, 9.0], 2, 6, 18.0)?;
        let mut chart = Chart::new(ChartType::Line);
        chart
            .title()
            .set_name(&format!("Cumulative planned vs actual, {}", r.as_of.year()));
        // Actual first, planned dashed on top: where they agree, both show.
        chart
            .add_series()
            .set_name("Cumulative actual, then forecast")
            .set_categories(("By Period", 1, 1, last, 1))
            .set_values(("By Period", 1, 7, last, 7))
            .set_format(
                ChartFormat::new().set_line(ChartLine::new().set_color(0xC00000).set_width(4.5)),
            );
        chart
            .add_series()
            .set_name("Cumulative planned (dashed)")
            .set_categories(("By Period", 1, 1, last, 1))
            .set_values(("By Period", 1, 6, last, 6))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(0x1F3864)
                        .set_width(2.0)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
        chart.set_width(720).set_height(380);
        chart.y_axis().set_num_format("$#,##0");
        chart.x_axis().set_num_format("mmm-yy");
        ws.insert_chart(total + 2, 0, &chart)?;
    }
    let tie = r.tie_out.as_ref();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tie-out")?;
        headers(
            ws,
            &st,
            0,
            &[
                "GL account",
                "Period",
                "Tracker actual",
                "Ledger",
                "Difference (ledger - tracker)",
                "Postings",
                "Status",
            ],
        )?;
        let rows = tie.map(|t| t.rows.as_slice()).unwrap_or(&[]);
        for (i, t) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            let account = t.account.as_deref().unwrap_or("(no account)");
            write_cell_text(ws, (row, 0), account, None, None, notes)?;
            let period = t
                .period
                .map_or("(no period)".to_string(), |p| p.to_string());
            ws.write_string(row, 1, period)?;
            ws.write_number_with_format(row, 2, num(t.tracker), &st.money)?;
            ws.write_number_with_format(row, 3, num(t.ledger), &st.money)?;
            let d = Formula::new(format!("=D{0}-C{0}", row + 1))
                .set_result(format!("{:.2}", to_cents(t.difference)));
            ws.write_formula_with_format(row, 4, d, &st.money)?;
            ws.write_number(row, 5, t.postings as f64)?;
            ws.write_string(row, 6, status_word(t.status))?;
        }
        let total = rows.len() as u32 + 1;
        if let Some(t) = tie {
            ws.write_string_with_format(total, 0, "Total", &st.bold)?;
            // Every posting and actual is in a row, so the columns sum to
            // the tie-out's totals (checked when the tie-out was made).
            for (c, v) in [
                (2u16, t.tracker_actual),
                (3, t.ledger_total),
                (4, t.difference),
            ] {
                ws.write_formula_with_format(
                    total,
                    c,
                    sum_formula(c, 1, total - 1, v),
                    &st.money_bold,
                )?;
            }
            let nonzero = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::NotEqualTo(0))
                .set_format(Format::new().set_background_color(Color::RGB(0xFFC7CE)));
            ws.add_conditional_format(1, 4, total - 1, 4, &nonzero)?;
            ws.autofilter(0, 0, total - 1, 6)?;
            let mut r2 = total + 2;
            let lines = [
                ("Tracker actual, all lines", t.tracker_actual),
                ("  matched to postings", t.tracker_matched),
                ("  with no postings", t.tracker_unmatched),
                ("Ledger, all postings", t.ledger_total),
                ("  on tracker accounts and periods", t.ledger_matched),
                ("  matching no tracker line", t.ledger_unmatched),
                ("Difference (ledger - tracker)", t.difference),
            ];
            for (label, v) in lines {
                ws.write_string(r2, 0, label)?;
                ws.write_number_with_format(r2, 2, num(v), &st.money)?;
                r2 += 1;
            }
            if let Some(doubt) = &t.doubt {
                r2 += 1;
                let warn = format!("Warning: {doubt}");
                write_cell_text(ws, (r2, 0), &warn, Some(&st.bold), None, notes)?;
                r2 += 1;
            }
            if !t.reversals.is_empty() {
                r2 += 1;
                ws.write_string_with_format(
                    r2,
                    0,
                    "Postings reversed in full (netted out, not exceptions)",
                    &st.bold,
                )?;
                for rev in &t.reversals {
                    r2 += 1;
                    write_cell_text(ws, (r2, 0), &rev.account, None, None, notes)?;
                    let docs = rev.documents.join(", ");
                    write_cell_text(ws, (r2, 1), &docs, None, None, notes)?;
                    ws.write_number_with_format(r2, 2, num(rev.amount), &st.money)?;
                    let cells = rev.cells.join(", ");
                    write_cell_text(ws, (r2, 3), &cells, None, None, notes)?;
                }
            }
        } else {
            ws.write_string(
                1,
                0,
                "No ledger was given: run pmo reconcile with --ledger FILE to tie out to the GL.",
            )?;
        }
        widths(ws, &[12.0, 12.0, 16.0, 16.0, 18.0, 9.0, 44.0], 0, 0, 0.0)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Exceptions")?;
        headers(
            ws,
            &st,
            0,
            &[
                "Kind",
                "GL account",
                "Period",
                "Tracker",
                "Ledger",
                "Difference (ledger - tracker)",
                "Documents",
                "Cells",
                "Lines",
            ],
        )?;
        // Lists of documents and cells wrap rather than run under the
        // next column (cells written without a format take the column's).
        let wrap = Format::new().set_text_wrap();
        for c in 6..=8 {
            ws.set_column_format(c, &wrap)?;
        }
        let ex = tie.map(|t| t.exceptions.as_slice()).unwrap_or(&[]);
        for (i, e) in ex.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, kind_words(e.kind))?;
            if let Some(a) = &e.account {
                write_cell_text(ws, (row, 1), a, None, None, notes)?;
            }
            if let Some(p) = e.period {
                ws.write_string(row, 2, p.to_string())?;
            }
            for (c, v) in [(3u16, e.tracker), (4, e.ledger), (5, e.difference)] {
                if let Some(v) = v {
                    ws.write_number_with_format(row, c, num(v), &st.money)?;
                }
            }
            for (c, list) in [(6u16, &e.documents), (7, &e.cells), (8, &e.lines)] {
                write_cell_text(ws, (row, c), &list.join(", "), None, None, notes)?;
            }
            let lists = [&e.documents, &e.cells, &e.lines];
            ws.set_row_height(row, wrapped_height(&lists, &EXCEPTION_LIST_WIDTHS))?;
        }
        if !ex.is_empty() {
            ws.autofilter(0, 0, ex.len() as u32, 8)?;
        }
        widths(
            ws,
            &[
                44.0,
                11.0,
                12.0,
                14.0,
                14.0,
                16.0,
                EXCEPTION_LIST_WIDTHS[0],
                EXCEPTION_LIST_WIDTHS[1],
                EXCEPTION_LIST_WIDTHS[2],
            ],
            0,
            0,
            0.0,
        )?;
    }
    // Summary, last so it can point at the other sheets' totals.
    {
        let ws = wb.worksheet_from_name("Summary")?;
        ws.set_print_fit_to_pages(1, 1);
        ws.set_column_width(0, 42)?;
        ws.set_column_width(1, 20)?;
        ws.write_string_with_format(0, 0, "Budget reconciliation", &st.title)?;
        let mut row = 1;
        if let Some(name) = project_name {
            write_cell_text(ws, (row, 0), name, None, Some("the project's name"), notes)?;
            row += 1;
        }
        ws.write_string(
            row,
            0,
            format!("As of {} (fiscal year {})", r.as_of, r.as_of.year()),
        )?;
        ws.write_string(
            row + 1,
            0,
            format!("Sign convention: {}", r.sign_convention),
        )?;
        ws.write_string(
            row + 2,
            0,
            format!(
                "RAG: amber beyond {}%, red beyond {}% of plan; variances under ${} stay green",
                r.thresholds.amber_pct, r.thresholds.red_pct, r.thresholds.floor
            ),
        )?;
        row += 4;
        let t = line_total_row + 1;
        let refs = [
            ("Full-year plan", "F", r.totals.planned_full_year),
            ("Plan to date", "G", r.totals.planned_ytd),
            ("Actual to date", "H", r.totals.actual_ytd),
            ("Variance to date", "I", r.totals.variance_ytd),
            ("Forecast at year end (EAC)", "K", r.totals.eac),
            ("Variance at year end (VAC)", "M", r.totals.vac),
        ];
        for (label, c, v) in refs {
            ws.write_string(row, 0, label)?;
            let f = Formula::new(format!("='By Line'!{c}{t}"))
                .set_result(format!("{:.2}", to_cents(v)));
            ws.write_formula_with_format(row, 1, f, &st.money)?;
            row += 1;
        }
        ws.write_string(row, 0, "Variance to date, % of plan")?;
        let pct = Formula::new(format!("='By Line'!J{t}")).set_result(
            r.totals.variance_ytd_pct.map_or(String::new(), |p| {
                (p / Decimal::from(100)).round_dp(6).to_string()
            }),
        );
        ws.write_formula_with_format(row, 1, pct, &st.pct)?;
        ws.write_string(row + 1, 0, "Overall RAG")?;
        ws.write_string_with_format(row + 1, 1, r.rag.to_string(), &st.bold)?;
        rag_formats(ws, row + 1, row + 1, 1)?;
        row += 3;
        ws.write_string_with_format(row, 0, "Project, all fiscal years", &st.bold)?;
        for (label, v) in [
            ("Budget at completion", r.project.bac),
            ("Actual to date", r.project.actual_to_date),
            ("Estimate at completion", r.project.eac),
            ("Variance at completion", r.project.vac),
        ] {
            row += 1;
            ws.write_string(row, 0, label)?;
            ws.write_number_with_format(row, 1, num(v), &st.money)?;
        }
        if let Some(t) = tie {
            row += 2;
            ws.write_string_with_format(row, 0, "Ledger tie-out", &st.bold)?;
            for (label, v) in [
                ("Tracker actual", t.tracker_actual),
                ("Ledger", t.ledger_total),
                ("Difference (ledger - tracker)", t.difference),
            ] {
                row += 1;
                ws.write_string(row, 0, label)?;
                ws.write_number_with_format(row, 1, num(v), &st.money)?;
            }
            row += 1;
            ws.write_string(row, 0, "Exceptions")?;
            ws.write_number(row, 1, t.exceptions.len() as f64)?;
        }
    }
    print_setup(&mut wb, project_name, &r.as_of.to_string(), notes)?;
    wb.save_to_buffer()
}

/// An exception kind in words, then its stable code (for filters and
/// scripts): "Amount differs (amount_mismatch)".
fn kind_words(kind: ExceptionKind) -> String {
    format!("{} ({kind})", crate::render::context::exception_words(kind))
}

/// A tie-out row's status as the Exceptions sheet names kinds.
fn status_word(s: RowStatus) -> String {
    match s {
        RowStatus::Matched => "Matched".into(),
        RowStatus::AmountMismatch => kind_words(ExceptionKind::AmountMismatch),
        RowStatus::LedgerUnmatched => kind_words(ExceptionKind::LedgerUnmatched),
        RowStatus::TrackerUnmatched => kind_words(ExceptionKind::TrackerUnmatched),
    }
}

fn negative_red(ws: &mut Worksheet, first: u32, last: u32, c: u16) -> Result<(), XlsxError> {
    let cf = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::LessThan(0))
        .set_format(Format::new().set_background_color(Color::RGB(0xFFC7CE)));
    ws.add_conditional_format(first, c, last, c, &cf)?;
    Ok(())
}

fn widths(
    ws: &mut Worksheet,
    first: &[f64],
    from: u16,
    count: u16,
    w: f64,
) -> Result<(), XlsxError> {
    for (i, v) in first.iter().enumerate() {
        ws.set_column_width(i as u16, *v)?;
    }
    for c in from..from + count {
        ws.set_column_width(c, w)?;
    }
    Ok(())
}
