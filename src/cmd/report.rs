//! `pmo report FILE_OR_DIR… -o OUT_DIR`: the month in one command. Every
//! output is staged first and renamed into place together, so a failure
//! leaves last month's files as they were and none of this run's.

use super::document::{note_gaps, render};
use super::validate::json_doc;
use super::{generated, json_with_as_of};
use crate::cli::{Format, ReportArgs};
use anyhow::{bail, Context, Result};
use pmo::model::money::format_display;
use pmo::month::{Document, Month};
use pmo::render::context::Context as Ctx;
use pmo::render::doc::Paper;
use pmo::render::{findings, reconcile_xlsx};
use pmo::rules::Summary;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `--template [DOC=]FILE`, each by the document it replaces.
fn templates(args: &ReportArgs) -> Result<BTreeMap<&'static str, PathBuf>> {
    let mut by_doc = BTreeMap::new();
    for t in &args.template {
        let (doc, file) = match t.split_once('=') {
            Some((d, f)) => (Some(d.trim().to_ascii_lowercase()), PathBuf::from(f)),
            None => (None, PathBuf::from(t)),
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let found = Document::ALL.into_iter().find(|d| {
            let key = d.template().trim_end_matches(".md.j2");
            match &doc {
                Some(given) => given == key,
                None => name.starts_with(key),
            }
        });
        let Some(d) = found else {
            bail!("--template '{t}': say which document it is for, status=FILE, charter=FILE or mb20=FILE (or name the file status…, charter…, mb20…)");
        };
        if by_doc.insert(d.template(), file).is_some() {
            bail!("--template: two templates for the {}", d.name());
        }
    }
    Ok(by_doc)
}

/// Renders every output of the month, in the order they are listed.
pub(super) fn outputs(
    m: &Month,
    ctx: &Ctx,
    templates: &BTreeMap<&'static str, PathBuf>,
    paper: Paper,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (as_of, n) = (m.as_of.date, m.inputs);
    let mut files = vec![
        (
            "findings.txt".to_string(),
            findings::text(&m.findings, as_of, n).into_bytes(),
        ),
        (
            "findings.json".to_string(),
            json_with_as_of(&m.as_of, &json_doc(&m.findings, as_of, n))?.into_bytes(),
        ),
    ];
    if let Some(r) = &m.recon {
        files.push((
            "reconciliation.json".into(),
            json_with_as_of(&m.as_of, r)?.into_bytes(),
        ));
        let written = reconcile_xlsx::write(r, m.project.info.text("name"), None)?;
        super::warn_all(&written.notes);
        files.push(("reconciliation.xlsx".into(), written.bytes));
    }
    for doc in Document::ALL {
        let template = templates.get(doc.template()).map(PathBuf::as_path);
        let bytes =
            render(ctx, doc, template, paper).with_context(|| format!("the {}", doc.name()))?;
        files.push((doc.file_name().to_string(), bytes));
    }
    Ok(files)
}

/// Every file a report can write, so that one missing from this month's
/// set is removed rather than left from last month's.
fn set() -> impl Iterator<Item = &'static str> {
    [
        "findings.txt",
        "findings.json",
        "reconciliation.json",
        "reconciliation.xlsx",
    ]
    .into_iter()
    .chain(Document::ALL.into_iter().map(Document::file_name))
}

/// Refuses an output folder that is also an input folder: next month's
/// run would read this month's outputs as inputs.
fn refuse_input_folder(dir: &std::path::Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(dir) else {
        return Ok(());
    };
    for i in inputs {
        if i.is_dir() && std::fs::canonicalize(i).is_ok_and(|c| c == out) {
            bail!(
                "-o '{}' is an input folder: pmo would read its own outputs next month; choose another output folder",
                dir.display()
            );
        }
    }
    Ok(())
}

/// The JSON summary (`--format json`).
#[derive(Serialize)]
struct ReportJson<'a> {
    project: Option<&'a str>,
    findings: Summary,
    reconciliation: Option<&'a pmo::reconcile::Figures>,
    rag: Option<String>,
    status: &'a pmo::render::context::StatusRatings,
    written: &'a [PathBuf],
}

/// Runs the month, writes every output together and prints a summary.
pub fn run(args: &ReportArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let dir = &args.output;
    refuse_input_folder(dir, &args.month.input.files)?;
    let plan = super::month_plan(&args.month)?;
    let templates = templates(args)?;
    let created = !dir.exists();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create '{}'", dir.display()))?;
    let result = write_month(args, out, &plan, &templates);
    // A run that wrote nothing leaves no folder it made behind (the lock
    // is gone with the batch).
    if result.is_err() && created {
        let _ = std::fs::remove_dir(dir);
    }
    result
}

/// Reads the month and writes its set into the locked output folder.
fn write_month(
    args: &ReportArgs,
    out: &mut dyn std::io::Write,
    plan: &pmo::month::Plan,
    templates: &BTreeMap<&'static str, PathBuf>,
) -> Result<()> {
    let dir = &args.output;
    // These are pmo's own outputs: replaced on every run (not read-only ones).
    // The folder is locked (and a set an interrupted run left is finished)
    // before any input is read.
    let mut batch = super::output::Batch::new(&[], true);
    batch.open_folder(dir)?;
    let m = Month::read(plan)?;
    for doc in Document::ALL {
        m.check(doc)?;
    }
    note_gaps(&m, Document::Status);
    let ctx = m.context(generated(&args.generated)?);
    let rendered = outputs(&m, &ctx, templates, args.paper.paper())?;
    batch.inputs(&m.files);
    for (name, bytes) in &rendered {
        batch.add(&dir.join(name), bytes)?;
    }
    // A file of last month's set that this month does not have goes, so
    // the folder holds one set.
    for name in set() {
        if !rendered.iter().any(|(n, _)| n == name) {
            batch.remove_stale(&dir.join(name));
        }
    }
    let written = batch.commit()?;
    let text = match args.format {
        Format::Text => escape_lines(&summary(&m, &ctx, args, &written)),
        Format::Json => {
            let doc = ReportJson {
                project: m.project.info.text("name"),
                findings: Summary::of(&m.findings),
                reconciliation: m.recon.as_ref().map(|r| &r.totals),
                rag: m.recon.as_ref().map(|r| r.rag.to_string()),
                status: &ctx.status,
                written: &written,
            };
            json_with_as_of(&m.as_of, &doc)?
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Text for a terminal: every line's control characters shown as escapes
/// (a project or sheet name may hold ESC or BEL).
fn escape_lines(text: &str) -> String {
    text.lines()
        .map(|l| pmo::render::text::terminal(l).into_owned() + "\n")
        .collect()
}

/// The one-screen text summary.
fn summary(m: &Month, ctx: &Ctx, args: &ReportArgs, written: &[PathBuf]) -> String {
    let s = Summary::of(&m.findings);
    let name = m.project.info.text("name").unwrap_or("the project");
    let mut text = format!(
        "{name}: the month to {} ({}, as of {}: {})\n",
        m.as_of.period,
        ctx.period_name.clone().unwrap_or_default(),
        m.as_of.date,
        m.as_of.source
    );
    text.push_str(&format!(
        "  validation: {} error(s), {} warning(s), {} info(s)\n",
        s.errors, s.warnings, s.infos
    ));
    let no_amounts = m.project.budget.iter().all(|l| l.periods.is_empty());
    match &m.recon {
        None => text.push_str("  budget: no budget with actuals was read\n"),
        // Lines read without a planned or actual amount by period: the
        // figures are Unknown, not zero and not Green.
        Some(r) if no_amounts => text.push_str(&format!(
            "  budget {}: Unknown (no line has a planned or actual amount by period)\n",
            r.as_of.year()
        )),
        Some(r) => {
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
    }
    let st = &ctx.status;
    text.push_str(&format!(
        "  status: overall {}, scope {}, schedule {}, budget {}, risk {}\n",
        st.overall.rag, st.scope.rag, st.schedule.rag, st.budget.rag, st.risk.rag
    ));
    text.push_str(&format!("  written to {}:\n", args.output.display()));
    for p in written {
        text.push_str(&format!(
            "    {}\n",
            p.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
    }
    text
}
