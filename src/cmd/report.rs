//! `pmo report DIR_OR_FILES -o OUT_DIR`: the month in one command.

use super::document::{month, render, Doc};
use crate::cli::ReportArgs;
use anyhow::{bail, Context, Result};
use pmo::model::money::format_display;
use pmo::render::{findings, reconcile as recon_text, reconcile_xlsx};
use pmo::rules::Summary;
use std::path::PathBuf;

const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// The workbooks named, with folders replaced by the spreadsheets in them.
fn inputs(args: &ReportArgs) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in &args.inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read folder '{}'", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    // Excel's lock files (~$book.xlsx) are not workbooks.
                    !name.starts_with("~$")
                        && f.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            SPREADSHEETS.contains(&e.to_ascii_lowercase().as_str())
                        })
                })
                .collect();
            found.sort();
            if found.is_empty() {
                bail!(
                    "'{}' holds no workbooks ({})",
                    p.display(),
                    SPREADSHEETS.join(", ")
                );
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// Runs the month and prints a one-screen summary.
pub fn run(args: &ReportArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let files = inputs(args)?;
    let m = month(
        &args.read,
        files.clone(),
        args.as_of.as_deref(),
        args.generated.as_deref(),
    )?;
    let dir = &args.output;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create '{}'", dir.display()))?;
    let mut written = Vec::new();
    let mut write = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(name);
        // These are pmo's own outputs: replaced on every run.
        super::output::write_atomic(&path, bytes, true, &files)?;
        written.push(path);
        Ok(())
    };
    let n = files.len();
    write(
        "findings.txt",
        findings::text(&m.findings, m.as_of, n).as_bytes(),
    )?;
    write(
        "findings.json",
        findings::json(&m.findings, m.as_of, n).as_bytes(),
    )?;
    if let Some(r) = &m.recon {
        write("reconciliation.json", recon_text::json(r).as_bytes())?;
        write(
            "reconciliation.xlsx",
            &reconcile_xlsx::workbook(r, m.project.info.text("name"), None)?,
        )?;
    }
    for (doc, name) in [
        (Doc::Status, "status-report.docx"),
        (Doc::Charter, "charter.docx"),
        (Doc::Mb20, "mb20-draft.docx"),
    ] {
        write(name, &render(&m.ctx, doc, None)?)?;
    }

    let s = Summary::of(&m.findings);
    let name = m.project.info.text("name").unwrap_or("the project");
    let mut text = format!("{name}: the month");
    match &m.recon {
        Some(r) => text.push_str(&format!(
            " to {} ({})\n",
            r.as_of,
            m.ctx.period_name.clone().unwrap_or_default()
        )),
        None => text.push_str(" (no budget with actuals was read)\n"),
    }
    text.push_str(&format!(
        "  validation: {} error(s), {} warning(s), {} info(s) (as of {})\n",
        s.errors, s.warnings, s.infos, m.as_of
    ));
    if let Some(r) = &m.recon {
        let t = &r.totals;
        text.push_str(&format!(
            "  budget {}: plan to date {}, actual {}, variance {} ({}), forecast at year end {}  [{}]\n",
            r.as_of.year(),
            format_display(t.planned_ytd),
            format_display(t.actual_ytd),
            format_display(t.variance_ytd),
            t.variance_ytd_pct.map_or("n/a".into(), |p| format!("{p:.2}%")),
            format_display(t.eac),
            r.rag
        ));
        match &r.tie_out {
            Some(tie) => text.push_str(&format!(
                "  ledger tie-out: difference {} (ledger - tracker), {} exception(s)\n",
                format_display(tie.difference),
                tie.exceptions.len()
            )),
            None => text.push_str("  ledger tie-out: no ledger export among the inputs\n"),
        }
    }
    let st = &m.ctx.status;
    text.push_str(&format!(
        "  status: overall {}, scope {}, schedule {}, budget {}, risk {}\n",
        st.overall.rag, st.scope.rag, st.schedule.rag, st.budget.rag, st.risk.rag
    ));
    text.push_str(&format!("  written to {}:\n", dir.display()));
    for p in &written {
        text.push_str(&format!(
            "    {}\n",
            p.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}
