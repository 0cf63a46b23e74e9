//! The annotated copy: the user's workbook rewritten with each offending
//! cell highlighted and a note carrying its findings. Values are copied as
//! stored (formulas become their cached values); text is always written as
//! text, never as a formula.

use crate::error::Error;
use crate::ingest::snapshot::{CellValue, Snapshot};
use crate::rules::{Finding, Severity};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Note, Workbook};
use std::collections::BTreeMap;

fn write_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Write {
        what: "the annotated workbook".into(),
        detail: e.to_string(),
    }
}

/// Excel's limits on sheet names: 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let clean: String = clean.chars().take(31).collect();
    if clean.is_empty() {
        "Sheet".into()
    } else {
        clean
    }
}

/// Writes the annotated copy of one workbook and returns its bytes.
/// `findings` are those of this workbook; `created` fixes the document's
/// creation time (for reproducible output).
///
/// # Errors
///
/// [`Error::Write`] when the workbook cannot be assembled.
pub fn annotate(
    snapshot: &Snapshot,
    findings: &[Finding],
    created: Option<chrono::NaiveDateTime>,
) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    if let Some(t) = created {
        let t = ExcelDateTime::from_timestamp(t.and_utc().timestamp()).map_err(write_err)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let fill = |sev: Severity| match sev {
        Severity::Error => Color::RGB(0xFFC7CE),
        Severity::Warning => Color::RGB(0xFFEB9C),
        Severity::Info => Color::RGB(0xDDEBF7),
    };
    for sheet in &snapshot.sheets {
        // Findings on this sheet, by cell, worst first.
        let mut marks: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.sheet == sheet.name) {
            if let Some(at) = f.at {
                marks.entry((at.row, at.col)).or_default().push(f);
            }
        }
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&sheet.name)).map_err(write_err)?;
        // Merges first: merge_range writes its text into the top-left cell,
        // which the cell loop then overwrites with the real value and type.
        for m in sheet
            .merges
            .iter()
            .filter(|m| m.top != m.bottom || m.left != m.right)
        {
            ws.merge_range(
                m.top,
                m.left as u16,
                m.bottom,
                m.right as u16,
                "",
                &Format::new(),
            )
            .map_err(write_err)?;
        }
        let mut written = std::collections::HashSet::new();
        for (row, col, v) in &sheet.cells {
            let worst = marks
                .get(&(*row, *col))
                .and_then(|fs| fs.iter().map(|f| f.severity).max());
            let base = match v {
                CellValue::Date(d) if d.time() == chrono::NaiveTime::MIN => date.clone(),
                CellValue::Date(_) => datetime.clone(),
                _ => Format::new(),
            };
            let format = match worst {
                Some(s) => base.set_background_color(fill(s)),
                None => base,
            };
            let (r, c) = (*row, *col as u16);
            match v {
                CellValue::Text(t) => ws.write_string_with_format(r, c, t, &format),
                CellValue::Number(n) => ws.write_number_with_format(r, c, *n, &format),
                CellValue::Bool(b) => ws.write_boolean_with_format(r, c, *b, &format),
                CellValue::Date(d) => ws.write_datetime_with_format(r, c, *d, &format),
                CellValue::Error(e) => ws.write_string_with_format(r, c, e, &format),
            }
            .map_err(write_err)?;
            written.insert((r, *col));
        }
        // Column widths are not copied; fit them so dates do not show as ###.
        ws.set_autofit_max_width(400).autofit();
        for ((row, col), fs) in &marks {
            let text: Vec<String> = fs
                .iter()
                .map(|f| {
                    if f.hint.is_empty() {
                        format!("{} {}: {}", f.code, f.severity, f.message)
                    } else {
                        format!(
                            "{} {}: {}\nWhat to do: {}",
                            f.code, f.severity, f.message, f.hint
                        )
                    }
                })
                .collect();
            if !written.contains(&(*row, *col)) {
                // A blank cell that should hold a value: highlight it too.
                let worst = fs
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Info);
                ws.write_blank(
                    *row,
                    *col as u16,
                    &Format::new().set_background_color(fill(worst)),
                )
                .map_err(write_err)?;
            }
            let note = Note::new(text.join("\n\n"))
                .set_author("pmo")
                .set_width(360)
                .set_height(160);
            ws.insert_note(*row, *col as u16, &note)
                .map_err(write_err)?;
        }
    }
    wb.save_to_buffer().map_err(write_err)
}
