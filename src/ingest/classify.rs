//! Sheet classification: which workbook definition a sheet is, found by its
//! header row (or labels) and name, with the reason and the best guess.

use super::header::{self, AliasIndex, Target};
use super::keyvalue;
use super::workbook::RawSheet;
use super::{Classified, Options, Plan};
use crate::definition::{Definition, Definitions, Layout};
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
    let mut best: Option<(usize, usize, bool, Plan)> = None; // (rank, def, recognised, plan)
    let mut best_guess = String::new();
    let mut best_guess_rank = 0;
    for (di, def) in defs.kinds.iter().enumerate() {
        let named = header::sheet_name_matches(&sheet.name, def);
        let (score, plan) = match def.layout {
            Layout::Table => match header::find_header(
                sheet,
                def,
                &indexes[di],
                &opts.calendar,
                opts.fiscal_year,
            ) {
                Some(h) => (h.score(), Plan::Table(h)),
                None => continue,
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
        let recognised = score >= needed;
        let rank = score * 2 + usize::from(named);
        let summary = describe(def, &plan, named);
        if !recognised {
            if rank > best_guess_rank {
                best_guess_rank = rank;
                best_guess = format!("best guess {} ({}; needs {})", def.kind, summary, needed);
            }
            continue;
        }
        if best.as_ref().is_none_or(|b| rank > b.0) {
            best = Some((rank, di, true, plan));
        }
    }
    match best {
        Some((rank, di, _, plan)) => {
            let def = &defs.kinds[di];
            let named = header::sheet_name_matches(&sheet.name, def);
            let mut reason = describe(def, &plan, named);
            let (plan, params) = match plan {
                Plan::Table(h) => {
                    let params = header::parameters(sheet, h.row);
                    // A fiscal year named above the header places bare months.
                    // The sheet's own "Fiscal Year" cell wins over the default.
                    let named_year = header::parameter_fiscal_year(&params)
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
                    reason = describe(def, &Plan::Table(h.clone()), named);
                    (Plan::Table(h), params)
                }
                kv => (kv, BTreeMap::new()),
            };
            let fiscal_year = match &plan {
                Plan::Table(h) => header::parameter_fiscal_year(&params)
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
            })
        }
        None if best_guess.is_empty() => Err("no header matches any workbook definition".into()),
        None => Err(format!("not recognised: {best_guess}")),
    }
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
