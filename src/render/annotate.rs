//! The annotated copy: the user's workbook rewritten with each offending
//! cell highlighted and a note carrying its findings. Values are copied as
//! stored (formulas become their cached values); text is always written as
//! text, never as a formula.

use crate::error::Error;
use crate::ingest::snapshot::{CellValue, Snapshot};
use crate::model::a1;
use crate::render::text::{cap, write_cell_text, Written};
use crate::rules::{Finding, Severity};
use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Note, Workbook};
use std::collections::BTreeMap;

fn write_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Write {
        what: "the annotated workbook".into(),
        detail: e.to_string(),
    }
}

/// A sheet name Excel accepts: none of `[]:*?/\` (each becomes `_`), no
/// control characters, no apostrophe at either end, at most 31 UTF-16
/// units, and not one already `used` (Excel compares names without case;
/// a repeat gets " (2)", " (3)" …).
fn sheet_name(name: &str, used: &mut std::collections::HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base = if clean.is_empty() { "Sheet" } else { clean };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = 31 - suffix.len();
        let mut name = String::new();
        for c in base.chars() {
            if name.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            name.push(c);
        }
        let name = format!("{}{suffix}", name.trim_end_matches('\''));
        if used.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

/// How many characters of one finding a cell's note shows: a note holds
/// less than a cell, and a finding that quotes a whole essay is read in
/// the cell itself.
const NOTE_FINDING_MAX: usize = 2_000;

/// How many characters one cell's note shows in all: under Excel's limit
/// on a note even when every character takes two UTF-16 units.
const NOTE_MAX: usize = 16_000;

/// Writes the annotated copy of one workbook. `findings` are those of this
/// workbook; `created` fixes the document's creation time (for
/// reproducible output). Text longer than an Excel cell holds is cut with
/// a visible marker, and each cut is a note in the result naming the cell.
///
/// # Errors
///
/// [`Error::Write`] when the workbook cannot be assembled.
pub fn write(
    snapshot: &Snapshot,
    findings: &[Finding],
    created: Option<chrono::NaiveDateTime>,
) -> Result<Written, Error> {
    let mut notes = Vec::new();
    let mut used = std::collections::HashSet::new();
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
        ws.set_name(sheet_name(&sheet.name, &mut used))
            .map_err(write_err)?;
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
                CellValue::Text(t) => {
                    let source = format!("{}!{}", quote_sheet_name(&sheet.name), a1(r, c as u32));
                    write_cell_text(ws, (r, c), t, Some(&format), Some(&source), &mut notes)
                }
                CellValue::Number(n) => ws.write_number_with_format(r, c, *n, &format).map(drop),
                CellValue::Bool(b) => ws.write_boolean_with_format(r, c, *b, &format).map(drop),
                CellValue::Date(d) => ws.write_datetime_with_format(r, c, *d, &format).map(drop),
                CellValue::Error(e) => ws.write_string_with_format(r, c, e, &format).map(drop),
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
                    let one = if f.hint.is_empty() {
                        format!("{} {}: {}", f.code, f.severity, f.message)
                    } else {
                        format!(
                            "{} {}: {}\nWhat to do: {}",
                            f.code, f.severity, f.message, f.hint
                        )
                    };
                    cap(&one, NOTE_FINDING_MAX).into_owned()
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
            let note = Note::new(cap(&text.join("\n\n"), NOTE_MAX))
                .set_author("pmo")
                .set_width(360)
                .set_height(160);
            ws.insert_note(*row, *col as u16, &note)
                .map_err(write_err)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(write_err)?;
    Ok(Written { bytes, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts_and_none_twice() {
        let mut used = std::collections::HashSet::new();
        assert_eq!(
            sheet_name("Risks\x1b]0;pwned\x07", &mut used),
            "Risks_0;pwned"
        );
        assert_eq!(
            sheet_name("'Budget: 2025/26'", &mut used),
            "Budget_ 2025_26"
        );
        assert_eq!(sheet_name("\x01", &mut used), "Sheet");
        let long = "A very long sheet name indeed, over thirty-one";
        assert_eq!(
            sheet_name(long, &mut used),
            "A very long sheet name indeed, "
        );
        assert_eq!(
            sheet_name(long, &mut used),
            "A very long sheet name inde (2)"
        );
        assert_eq!(sheet_name("risks_0;PWNED", &mut used), "risks_0;PWNED (2)");
        // Characters outside the BMP take two of Excel's 31 units.
        let faces = sheet_name(&"😀".repeat(20), &mut used);
        assert_eq!(faces.encode_utf16().count(), 30);
    }
}
