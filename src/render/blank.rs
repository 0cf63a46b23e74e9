//! Blank workbooks from the workbook definitions (`pmo new`): the headers
//! the templates expect, dropdown lists for enumerated columns, number and
//! date formats, range checks, a frozen header and an instructions sheet.
//! A freshly written one validates clean.

use crate::definition::{ColumnType, Definition, Definitions, Layout, RuleKind};
use crate::error::Error;
use crate::model::{FiscalCalendar, FiscalYear};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet,
};

/// The kinds `pmo new` writes as one workbook for `project`.
pub const PROJECT_KINDS: &[&str] = &[
    "project-info",
    "budget",
    "risks",
    "issues",
    "milestones",
    "stakeholders",
];

/// How many rows get formats and input checks.
const ROWS: u32 = 500;

fn write_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Write {
        what: "the blank workbook".into(),
        detail: e.to_string(),
    }
}

/// Options for a blank workbook.
#[derive(Debug, Clone, Copy)]
pub struct BlankOptions {
    /// Fiscal year of the budget's month columns.
    pub fiscal_year: FiscalYear,
    /// The fiscal calendar.
    pub calendar: FiscalCalendar,
    /// Fixes the document's creation time (reproducible output).
    pub created: Option<NaiveDate>,
}

/// Writes a blank workbook of `kind` (a definition kind, or `project`).
///
/// # Errors
///
/// [`Error::Definition`] for an unknown kind, [`Error::Write`] when the
/// workbook cannot be assembled.
pub fn blank(defs: &Definitions, kind: &str, opts: &BlankOptions) -> Result<Vec<u8>, Error> {
    let kinds: Vec<&Definition> = if kind == "project" {
        PROJECT_KINDS.iter().filter_map(|k| defs.get(k)).collect()
    } else {
        match defs.get(kind) {
            Some(d) => vec![d],
            None => {
                let known: Vec<&str> = defs.kinds.iter().map(|d| d.kind.as_str()).collect();
                return Err(Error::Definition {
                    origin: kind.to_string(),
                    message: format!(
                        "no such workbook kind; choose one of: {}, project",
                        known.join(", ")
                    ),
                });
            }
        }
    };
    let mut wb = Workbook::new();
    if let Some(d) = opts.created {
        let t = ExcelDateTime::from_ymd(
            d.year_ce().1 as u16,
            d.month0() as u8 + 1,
            d.day0() as u8 + 1,
        )
        .map_err(write_err)?;
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&t)
                .set_title("pmo blank workbook"),
        );
    }
    instructions(wb.add_worksheet(), &kinds)?;
    for def in &kinds {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_title(def)).map_err(write_err)?;
        match def.layout {
            Layout::KeyValue => key_value(ws, def)?,
            Layout::Table if def.wide.is_some() => budget(ws, def, opts)?,
            Layout::Table => table(ws, def, 0)?,
        }
    }
    wb.save_to_buffer().map_err(write_err)
}

use chrono::Datelike;

/// The sheet name for a kind: the first of its recognised sheet names, in
/// title case ("Risk Log").
fn sheet_title(def: &Definition) -> String {
    let name = match def.kind.as_str() {
        "project-info" => "Project Info",
        "budget" => "Budget",
        "risks" => "Risks",
        "issues" => "Issues",
        "milestones" => "Milestones",
        "stakeholders" => "Stakeholders",
        "ledger" => "Ledger",
        _ => def.title.as_str(),
    };
    // A control character in a sheet name would make workbook.xml invalid.
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .take(31)
        .collect()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

fn number_format(kind: ColumnType) -> Option<Format> {
    match kind {
        ColumnType::Money => Some(Format::new().set_num_format("$#,##0.00;($#,##0.00)")),
        ColumnType::Date => Some(Format::new().set_num_format("yyyy-mm-dd")),
        ColumnType::Percent => Some(Format::new().set_num_format("0%")),
        ColumnType::Integer | ColumnType::Scale => Some(Format::new().set_num_format("0")),
        _ => None,
    }
}

fn width(kind: ColumnType, header: &str) -> f64 {
    let base: f64 = match kind {
        ColumnType::Text => 30.0,
        ColumnType::Money => 15.0,
        ColumnType::Date => 12.0,
        _ => 12.0,
    };
    base.max(header.len() as f64 + 2.0).min(60.0)
}

/// The range a column's values must lie in, from the definition's rules.
fn range_of(
    def: &Definition,
    key: &str,
) -> (Option<rust_decimal::Decimal>, Option<rust_decimal::Decimal>) {
    def.rules
        .iter()
        .filter(|r| r.kind == RuleKind::Range && r.columns.iter().any(|c| c == key))
        .fold((None, None), |(lo, hi), r| (r.min.or(lo), r.max.or(hi)))
}

fn validation(def: &Definition, key: &str) -> Option<DataValidation> {
    let col = def.column(key)?;
    let (lo, hi) = range_of(def, key);
    let as_f64 = |d: rust_decimal::Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let as_i32 = |d: rust_decimal::Decimal| d.trunc().to_string().parse::<i32>().unwrap_or(0);
    match col.kind {
        ColumnType::Enum => {
            let joined = col.values.join(",");
            // Excel's list source is limited to 255 characters.
            (joined.len() <= 255).then(|| {
                DataValidation::new()
                    .allow_list_strings(&col.values.iter().map(String::as_str).collect::<Vec<_>>())
                    .ok()
            })?
        }
        ColumnType::Integer | ColumnType::Scale => {
            let rule = match (lo, hi) {
                (Some(a), Some(b)) => DataValidationRule::Between(as_i32(a), as_i32(b)),
                (Some(a), None) => DataValidationRule::GreaterThanOrEqualTo(as_i32(a)),
                (None, Some(b)) => DataValidationRule::LessThanOrEqualTo(as_i32(b)),
                (None, None) => return None,
            };
            let v = DataValidation::new().allow_whole_number(rule);
            // A scale also accepts its words ("High"): check numbers softly.
            Some(if col.kind == ColumnType::Scale {
                v.set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information)
            } else {
                v
            })
        }
        ColumnType::Money | ColumnType::Number | ColumnType::Percent => {
            let rule = match (lo, hi) {
                (Some(a), Some(b)) => DataValidationRule::Between(as_f64(a), as_f64(b)),
                (Some(a), None) => DataValidationRule::GreaterThanOrEqualTo(as_f64(a)),
                (None, Some(b)) => DataValidationRule::LessThanOrEqualTo(as_f64(b)),
                (None, None) => return None,
            };
            Some(DataValidation::new().allow_decimal_number(rule))
        }
        ColumnType::Date => Some(
            DataValidation::new()
                .allow_date(DataValidationRule::GreaterThan(
                    ExcelDateTime::from_ymd(1990, 1, 1).ok()?,
                ))
                .set_error_message("Type a date, e.g. 2025-04-01")
                .ok()?,
        ),
        _ => None,
    }
}

/// A table sheet: header on `row`, formats and checks on the rows below.
fn table(ws: &mut Worksheet, def: &Definition, row: u32) -> Result<(), Error> {
    let head = header_format();
    for (c, col) in def.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(row, c, &col.header, &head)
            .map_err(write_err)?;
        match number_format(col.kind) {
            Some(f) => ws
                .set_column_width(c, width(col.kind, &col.header))
                .and_then(|ws| ws.set_column_format(c, &f)),
            None => ws.set_column_width(c, width(col.kind, &col.header)),
        }
        .map_err(write_err)?;
        if let Some(v) = validation(def, &col.key) {
            ws.add_data_validation(row + 1, c, row + ROWS, c, &v)
                .map_err(write_err)?;
        }
    }
    ws.set_freeze_panes(row + 1, 0).map_err(write_err)?;
    ws.autofilter(row, 0, row, def.columns.len().saturating_sub(1) as u16)
        .map_err(write_err)?;
    Ok(())
}

/// Project Information: labels down column A, values in column B.
fn key_value(ws: &mut Worksheet, def: &Definition) -> Result<(), Error> {
    let bold = Format::new().set_bold();
    ws.set_column_width(0, 28).map_err(write_err)?;
    ws.set_column_width(1, 80).map_err(write_err)?;
    ws.write_string_with_format(
        0,
        0,
        &def.title,
        &Format::new().set_bold().set_font_size(14),
    )
    .map_err(write_err)?;
    for (i, col) in def.columns.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(r, 0, &col.header, &bold)
            .map_err(write_err)?;
        if let Some(f) = number_format(col.kind) {
            ws.write_blank(r, 1, &f).map_err(write_err)?;
        }
        if let Some(v) = validation(def, &col.key) {
            ws.add_data_validation(r, 1, r, 1, &v).map_err(write_err)?;
        }
    }
    Ok(())
}

/// A wide budget: the line columns, then Planned / Actual / Forecast blocks
/// of twelve month columns under merged group headings.
fn budget(ws: &mut Worksheet, def: &Definition, opts: &BlankOptions) -> Result<(), Error> {
    let head = header_format();
    let month = header_format()
        .set_num_format("mmm-yy")
        .set_align(FormatAlign::Center);
    let money = Format::new().set_num_format("$#,##0.00;($#,##0.00)");
    let (group, row) = (0u32, 1u32);
    let line_keys = [
        "id",
        "description",
        "category",
        "expense_type",
        "account",
        "cost_centre",
        "vendor",
        "percent_complete",
    ];
    let mut c: u16 = 0;
    for key in line_keys {
        let Some(col) = def.column(key) else { continue };
        ws.merge_range(group, c, row, c, &col.header, &head)
            .map_err(write_err)?;
        ws.set_column_width(c, width(col.kind, &col.header))
            .map_err(write_err)?;
        if let Some(f) = number_format(col.kind) {
            ws.set_column_format(c, &f).map_err(write_err)?;
        }
        if let Some(v) = validation(def, key) {
            ws.add_data_validation(row + 1, c, row + ROWS, c, &v)
                .map_err(write_err)?;
        }
        c += 1;
    }
    for block in def
        .wide
        .as_ref()
        .map(|w| w.blocks.as_slice())
        .unwrap_or(&[])
    {
        let label = def
            .column(&block.key)
            .map_or(block.key.clone(), |c| c.header.clone());
        ws.merge_range(group, c, group, c + 11, &label, &head)
            .map_err(write_err)?;
        for p in opts.fiscal_year.periods() {
            let (y, m) = opts.calendar.month_of(p);
            let d = ExcelDateTime::from_ymd(y as u16, m as u8, 1).map_err(write_err)?;
            ws.write_datetime_with_format(row, c, d, &month)
                .map_err(write_err)?;
            ws.set_column_width(c, 11).map_err(write_err)?;
            ws.set_column_format(c, &money).map_err(write_err)?;
            if block.key == "planned" {
                if let Some(v) = validation(def, "planned") {
                    ws.add_data_validation(row + 1, c, row + ROWS, c, &v)
                        .map_err(write_err)?;
                }
            }
            c += 1;
        }
    }
    if let Some(notes) = def.column("notes") {
        ws.merge_range(group, c, row, c, &notes.header, &head)
            .map_err(write_err)?;
        ws.set_column_width(c, 40).map_err(write_err)?;
    }
    ws.set_freeze_panes(row + 1, 2).map_err(write_err)?;
    Ok(())
}

fn instructions(ws: &mut Worksheet, kinds: &[&Definition]) -> Result<(), Error> {
    ws.set_name("Instructions").map_err(write_err)?;
    ws.set_column_width(0, 140).map_err(write_err)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(0, 0, "How to fill in this workbook", &title)
        .map_err(write_err)?;
    ws.write_string_with_format(
        1,
        0,
        "Keep the header names (pmo also reads the other names listed below). Pick values from the dropdowns. \
         Type amounts as numbers and dates as dates. Then check the workbook with pmo validate.",
        &wrap,
    )
    .map_err(write_err)?;
    // One line a column, in a single cell with no "Label | value" pairs, so
    // this sheet is never mistaken for a data sheet.
    let mut r = 3u32;
    for def in kinds {
        let head = format!(
            "Sheet \u{201c}{}\u{201d} \u{2014} {}",
            sheet_title(def),
            def.description
        );
        ws.write_string_with_format(r, 0, &head, &bold)
            .map_err(write_err)?;
        r += 1;
        for col in &def.columns {
            let mut line = format!(
                "\u{2022} {} \u{2014} {}{}",
                col.header,
                format!("{:?}", col.kind).to_lowercase(),
                if col.required { ", required" } else { "" }
            );
            if !col.values.is_empty() {
                line.push_str(&format!("; one of {}", col.values.join(", ")));
            }
            if !col.aliases.is_empty() {
                line.push_str(&format!("; also read under {}", col.aliases.join(", ")));
            }
            ws.write_string_with_format(r, 0, &line, &wrap)
                .map_err(write_err)?;
            r += 1;
        }
        r += 1;
    }
    Ok(())
}
