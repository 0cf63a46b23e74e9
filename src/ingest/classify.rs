//! Sheet classification: which workbook definition a sheet is, found by its
//! header row (or labels) and name, with the reason and the best guess.

use super::header::{self, AliasIndex, Target};
use super::keyvalue;
use super::workbook::Cell;
use super::workbook::RawSheet;
use super::{Classified, Options, Plan};
use crate::definition::{normalise_header, Definition, Definitions, Layout, Shapes};
use std::collections::BTreeMap;

pub(super) fn classify(
    sheet: &RawSheet,
    defs: &Definitions,
    indexes: &[AliasIndex],
    opts: &Options,
) -> Result<Classified, String> {
    if sheet.is_empty() {
        return Err("empty sheet".into());
    }
    if let Some(why) = declined_shape(sheet, defs) {
        return Err(format!("declined: {why}"));
    }
    let mut best: Option<(usize, usize, bool, Plan)> = None; // (rank, def, recognised, plan)
    let mut best_guess = String::new();
    let mut best_guess_rank = 0;
    let mut second: Option<(String, usize)> = None;
    // The budget reading, when it finds two money columns or more.
    let mut budget_alt: Option<(usize, usize, Plan)> = None;
    // The best reading refused for a month label under a money column.
    let mut refused: Option<(usize, String)> = None;
    for (di, def) in defs.kinds.iter().enumerate() {
        let named = header::sheet_named_for(sheet, def);
        let (score, plan) = match def.layout {
            Layout::Table => match header::find_header(
                sheet,
                def,
                &indexes[di],
                &opts.calendar,
                opts.fiscal_year,
            ) {
                Some(h) => (h.score() + header_word_bonus(def, &h), Plan::Table(h)),
                None => {
                    if let Some((rank, why)) = refusal(sheet, def, &indexes[di], opts, named) {
                        if refused.as_ref().is_none_or(|r| rank > r.0) {
                            refused = Some((rank, why));
                        }
                    }
                    continue;
                }
            },
            Layout::KeyValue => {
                let fields = keyvalue::scan(sheet, def);
                // Three or more "fields" all on one row are a table's header
                // (Task, Start Date, End Date, Status, Budget), not a form.
                let one_row = fields.len() >= 3
                    && fields.iter().all(|f| f.value_at.0 == fields[0].value_at.0);
                if fields.is_empty() || one_row {
                    continue;
                }
                (fields.len(), Plan::KeyValue(fields))
            }
        };
        let needed = def
            .recognise
            .min_matched
            .saturating_sub(usize::from(named))
            .max(1);
        let core = names_its_records(def, &plan);
        let recognised = score >= needed && core;
        let rank = score * 2 + usize::from(named);
        let mut summary = describe(def, &plan, named);
        if !core {
            summary.push_str(&format!(
                "; none of {} found",
                def.recognise.require_one_of.join(", ")
            ));
        }
        if !recognised {
            if rank > best_guess_rank {
                best_guess_rank = rank;
                best_guess = format!("best guess {} ({}; needs {})", def.kind, summary, needed);
            }
            continue;
        }
        if def.kind == "budget" && money_columns(def, &plan) >= 2 {
            budget_alt = Some((rank, di, plan.clone()));
        }
        if best.as_ref().is_none_or(|b| rank > b.0) {
            if let Some((r, d, _, _)) = best.take() {
                second = Some((defs.kinds[d].kind.clone(), r));
            }
            best = Some((rank, di, true, plan));
        } else if second.as_ref().is_none_or(|s| rank > s.1) {
            second = Some((def.kind.clone(), rank));
        }
    }
    // A task list with a budget and an actual column is read for its
    // money: its dates are the lines' own, its amounts the figures.
    if let (Some((rank, di, plan)), Some((_, b, _, _))) = (budget_alt, &best) {
        if defs.kinds[*b].kind == "milestones" {
            let other = (
                defs.kinds[*b].kind.clone(),
                best.as_ref().map_or(0, |x| x.0),
            );
            best = Some((rank.max(other.1), di, true, plan));
            second = Some(other);
        }
    }
    if let Some((rank, why)) = refused {
        if best.as_ref().is_none_or(|b| rank > b.0) {
            return Err(format!("declined: {why}"));
        }
    }
    match best {
        Some((rank, di, _, plan)) => {
            let runner_up = second;
            let def = &defs.kinds[di];
            let fy_names = defs.names_of("project-info", "fiscal_year");
            let named = header::sheet_named_for(sheet, def);
            let mut reason = describe(def, &plan, named);
            let (plan, params) = match plan {
                Plan::Table(h) => {
                    let params = header::parameters(sheet, h.row, &defs.parameter_labels());
                    // A fiscal year named above the header places bare months.
                    // The sheet's own "Fiscal Year" cell wins over the default.
                    let named_year = header::parameter_fiscal_year(&params, &fy_names)
                        .or_else(|| header::fiscal_year_in_titles(sheet, h.row));
                    let h = match named_year {
                        Some(fy) if h.months > 0 => header::find_header(
                            sheet,
                            def,
                            &AliasIndex::new(def),
                            &opts.calendar,
                            Some(fy),
                        )
                        .unwrap_or(h),
                        _ => h,
                    };
                    let mut h = h;
                    header::vote_by_content(sheet, def, &mut h);
                    header::claim_by_words(sheet, def, &mut h);
                    reason = describe(def, &Plan::Table(h.clone()), named);
                    (Plan::Table(h), params)
                }
                kv => (kv, BTreeMap::new()),
            };
            let fiscal_year = match &plan {
                Plan::Table(h) => header::parameter_fiscal_year(&params, &fy_names)
                    .or_else(|| header::fiscal_year_in_titles(sheet, h.row)),
                Plan::KeyValue(_) => None,
            };
            Ok(Classified {
                def: di,
                plan,
                params,
                fiscal_year,
                reason,
                score: rank,
                pinned: false,
                runner_up,
            })
        }
        None if best_guess.is_empty() => Err("no header matches any workbook definition".into()),
        None => Err(format!("not recognised: {best_guess}")),
    }
}

/// A definition's header reading refused for a month label under a money
/// column, ranked as it would have been, when it would have been
/// recognised: the sheet is then declined rather than read by a lesser
/// definition or as one month.
fn refusal(
    sheet: &RawSheet,
    def: &Definition,
    index: &AliasIndex,
    opts: &Options,
    named: bool,
) -> Option<(usize, String)> {
    let (h, why) = header::refused_header(sheet, def, index, &opts.calendar, opts.fiscal_year)?;
    let score = h.score() + header_word_bonus(def, &h);
    let needed = def
        .recognise
        .min_matched
        .saturating_sub(usize::from(named))
        .max(1);
    let plan = Plan::Table(h);
    (score >= needed && names_its_records(def, &plan))
        .then(|| (score * 2 + usize::from(named), why))
}

/// Why a sheet is declined by its nature (a Gantt chart, a dashboard, an
/// expense claim…), from its name or its header rows.
fn declined_shape(sheet: &RawSheet, defs: &Definitions) -> Option<String> {
    let shapes = &defs.shapes;
    if let Some(why) = shapes.declined_by_name(&sheet.name) {
        return Some(why.to_string());
    }
    let start = sheet.row_start();
    let end = sheet.row_end().min(start + header::HEADER_SCAN_ROWS);
    if let Some(why) = (start..end).find_map(|row| first_header_says(sheet, row, shapes)) {
        return Some(why);
    }
    if let Some(row) = (start..end).find(|&row| is_timeline_row(sheet, row, shapes)) {
        return Some(format!("{} (row {})", shapes.timeline.reason, row + 1));
    }
    let words = scale_words(defs);
    (start..end)
        .find(|&row| is_matrix_at(sheet, row, &words, shapes.matrix.min_words))
        .map(|row| format!("{} (row {})", shapes.matrix.reason, row + 1))
}

/// A header row (three text cells or more) whose first cell names what
/// each row is: an order, an invoice, a change request.
fn first_header_says(sheet: &RawSheet, row: u32, shapes: &Shapes) -> Option<String> {
    let texts: Vec<&str> = (sheet.col_start()..sheet.col_end())
        .filter_map(|c| match sheet.cell(row, c) {
            Cell::Text(t) if !t.trim().is_empty() => Some(t),
            _ => None,
        })
        .collect();
    if texts.len() < 3 {
        return None;
    }
    let first = (sheet.col_start()..sheet.col_end())
        .map(|c| sheet.cell(row, c))
        .find(|c| !c.is_blank())?;
    let Cell::Text(t) = first else {
        return None;
    };
    shapes
        .declined_by_first_header(t)
        .map(|why| format!("{why} (row {} starts with '{}')", row + 1, t.trim()))
}

/// Every word of the definitions' rating scales, normalised.
fn scale_words(defs: &Definitions) -> Vec<String> {
    let mut words: Vec<String> = defs
        .kinds
        .iter()
        .flat_map(|d| d.scales.values())
        .flat_map(|s| s.keys())
        .map(|w| normalise_header(w))
        .filter(|w| w.len() > 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// A row of distinct scale words with the rows below it starting with
/// scale words: a likelihood/impact matrix.
fn is_matrix_at(sheet: &RawSheet, row: u32, words: &[String], min: usize) -> bool {
    if min == 0 {
        return false;
    }
    let is_word = |c: Cell<'_>| matches!(c, Cell::Text(t) if words.contains(&normalise_header(t)));
    let mut across: Vec<String> = (sheet.col_start()..sheet.col_end())
        .filter_map(|c| match sheet.cell(row, c) {
            Cell::Text(t) if words.contains(&normalise_header(t)) => Some(normalise_header(t)),
            _ => None,
        })
        .collect();
    across.sort();
    across.dedup();
    if across.len() < min {
        return false;
    }
    let first_cols = sheet.col_start()..sheet.col_end().min(sheet.col_start() + 3);
    let down = (row + 1..sheet.row_end().min(row + 6))
        .filter(|&r| {
            first_cols
                .clone()
                .map(|c| sheet.cell(r, c))
                .find(|c| !c.is_blank())
                .is_some_and(is_word)
        })
        .count();
    down >= 3
}

/// A row of day columns (dates one day or one week apart), weekday
/// headings, "Week n" headings, or week numbers beside a week column.
fn is_timeline_row(sheet: &RawSheet, row: u32, shapes: &Shapes) -> bool {
    let min = shapes.timeline.min_columns.max(2);
    let (mut steps, mut weekdays, mut weeks, mut run, mut longest) = (0, 0, 0, 0, 0);
    let mut last_date: Option<chrono::NaiveDate> = None;
    let mut last_number: Option<f64> = None;
    let mut says_week = false;
    for col in sheet.col_start()..sheet.col_end() {
        match sheet.cell(row, col) {
            Cell::Date(d) => {
                let d = d.date();
                if last_date.is_some_and(|p| matches!((d - p).num_days(), 1 | 7)) {
                    steps += 1;
                }
                last_date = Some(d);
            }
            Cell::Number(n) => {
                run = if last_number.is_some_and(|p| n == p + 1.0) {
                    run + 1
                } else {
                    1
                };
                longest = longest.max(run);
                last_number = Some(n);
            }
            Cell::Text(t) => {
                weekdays += usize::from(shapes.is_weekday(t));
                weeks += usize::from(shapes.is_week_heading(t));
                says_week |= normalise_header(t)
                    .split(' ')
                    .any(|w| shapes.mentions_week(w));
            }
            _ => {}
        }
    }
    steps + 1 >= min || weekdays >= min || weeks >= min.min(3) || (says_week && longest >= min)
}

/// Each header cell that names the kind ("Issue Status", "Risk Owner")
/// counts as a match, up to two.
fn header_word_bonus(def: &Definition, h: &header::Header) -> usize {
    let words: Vec<String> = def
        .recognise
        .header_words
        .iter()
        .map(|w| normalise_header(w))
        .collect();
    h.columns
        .iter()
        .filter(|c| {
            normalise_header(&c.text)
                .split(' ')
                .any(|w| words.iter().any(|k| k == w))
        })
        .count()
        .min(2)
}

/// How many money columns a table plan maps.
fn money_columns(def: &Definition, plan: &Plan) -> usize {
    let Plan::Table(h) = plan else {
        return 0;
    };
    h.columns
        .iter()
        .filter(|c| matches!(c.target, Some(Target::Field(i)) if def.columns[i].kind == crate::definition::ColumnType::Money))
        .count()
}

/// Whether a table plan found one of the columns that name a record.
fn names_its_records(def: &Definition, plan: &Plan) -> bool {
    let need = &def.recognise.require_one_of;
    let Plan::Table(h) = plan else {
        return true;
    };
    need.is_empty()
        || h.columns.iter().any(|c| match c.target {
            Some(Target::Field(i)) => need.contains(&def.columns[i].key),
            _ => false,
        })
}

fn describe(def: &Definition, plan: &Plan, named: bool) -> String {
    let mut s = match plan {
        Plan::Table(h) => {
            let keys: Vec<&str> = h
                .columns
                .iter()
                .filter_map(|c| match c.target {
                    Some(Target::Field(i)) => Some(def.columns[i].key.as_str()),
                    _ => None,
                })
                .collect();
            let mut s = format!(
                "{}: header row {} matches {} column(s) ({})",
                def.kind,
                h.row + 1,
                h.matched,
                keys.join(", ")
            );
            if h.months > 0 {
                s.push_str(&format!(" and {} month column(s)", h.months));
            }
            s
        }
        Plan::KeyValue(fields) => {
            let keys: Vec<&str> = fields
                .iter()
                .map(|f| def.columns[f.field].key.as_str())
                .collect();
            format!(
                "{}: {} field label(s) found ({})",
                def.kind,
                fields.len(),
                keys.join(", ")
            )
        }
    };
    if named {
        s.push_str("; sheet name fits");
    }
    s
}
