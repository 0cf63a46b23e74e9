//! `pmo portfolio DIR… -o OUT_DIR`: many projects, kept apart. Each project
//! is read and worked out in parallel, gets everything `report` writes
//! under `OUT_DIR/<project>/`, and one line in the roll-up
//! (`portfolio.xlsx`, `portfolio-report.docx`, `portfolio.json`). Every
//! file of the run is staged and renamed into place together, as `report`
//! does, or none is.

use super::output::Batch;
use super::report::outputs;
use super::{generated, plan, Extra};
use crate::cli::{FailOn, Format, InputArgs, PortfolioArgs};
use anyhow::{bail, Context as _, Result};
use pmo::definition::Severity;
use pmo::model::money::format_display;
use pmo::portfolio::rollup::{
    for_chart, DocContext, ProjectException, ProjectLine, Rollup, UnplacedFile,
};
use pmo::portfolio::{Entry, PortfolioPlan, Previous, ProjectRow};
use pmo::reconcile::Reconciliation;
use pmo::render::doc::{markup, template, to_docx_on, DocMeta, Image};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// What the run ends in.
pub enum Outcome {
    /// Done, nothing at or above --fail-on.
    Clean,
    /// A project has findings at or above --fail-on.
    Findings,
}

/// One project worked out: its line, its files, what the roll-up keeps.
struct Done {
    line: ProjectLine,
    files: Vec<(String, Vec<u8>)>,
    inputs: Vec<PathBuf>,
    exceptions: Vec<ProjectException>,
    chart: Option<Reconciliation>,
}

/// Renders one project (its outputs, its line) and drops its month.
fn finish(
    e: Entry,
    gen: chrono::NaiveDate,
    paper: pmo::render::doc::Paper,
    previous: Option<&Previous>,
) -> Done {
    let (key, inputs) = (e.key.clone(), e.files.clone());
    let name = match e.identity.name.is_some() || e.identity.project_id.is_some() {
        true => e.identity.label_name(),
        false => key.clone(),
    };
    let unread = |why: String| ProjectRow::unread(key.clone(), name.clone(), &e.files, why);
    let (row, files, exceptions, chart) = match e.month {
        Err(why) => (unread(why), Vec::new(), Vec::new(), None),
        Ok(m) => {
            let ctx = m.context(gen);
            match outputs(&m, &ctx, &BTreeMap::new(), paper) {
                Err(err) => (unread(format!("{err:#}")), Vec::new(), Vec::new(), None),
                Ok(files) => {
                    let tie = m.recon.as_ref().and_then(|r| r.tie_out.as_ref());
                    let exceptions = tie
                        .map(|t| {
                            t.exceptions
                                .iter()
                                .map(|x| ProjectException {
                                    project: key.clone(),
                                    exception: x.clone(),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let chart = m.recon.as_ref().map(for_chart);
                    (
                        ProjectRow::of(key.clone(), &m, &ctx),
                        files,
                        exceptions,
                        chart,
                    )
                }
            }
        }
    };
    let change = previous.map(|p| p.change(&row));
    Done {
        line: ProjectLine { row, change },
        files,
        inputs,
        exceptions,
        chart,
    }
}

/// The portfolio report (.docx), with its chart when a project has figures.
fn report_docx(
    args: &PortfolioArgs,
    r: &Rollup,
    charts: &[Reconciliation],
    changed: bool,
) -> Result<Vec<u8>> {
    let paper = args.paper.paper();
    let basis = pmo::portfolio::rollup::chart_basis(charts);
    let mut images = BTreeMap::new();
    if let Some(b) = &basis {
        let png = pmo::render::chart::cumulative_png(b)?;
        let (width, height) = (
            pmo::render::chart::WIDTH * 6 / 10,
            pmo::render::chart::HEIGHT * 6 / 10,
        );
        images.insert("portfolio".to_string(), Image { png, width, height });
    }
    let ctx = DocContext {
        rollup: r,
        period: basis.as_ref().map(|b| b.as_of.to_string()),
        chart_alt: basis.as_ref().map(pmo::render::chart::describe),
        changed,
    };
    let (name, source) = match &args.template {
        Some(t) => (
            t.display().to_string(),
            std::fs::read_to_string(t)
                .with_context(|| format!("cannot read template '{}'", t.display()))?,
        ),
        None => {
            let name = "portfolio.md.j2";
            let text = template::built_in(name).unwrap_or_default();
            (name.to_string(), text.to_string())
        }
    };
    let text = template::render(&name, &source, &ctx)?;
    let meta = DocMeta {
        title: "Portfolio roll-up".into(),
        author: "pmo".into(),
        created: format!("{}T00:00:00Z", r.generated),
        header: "Portfolio roll-up".into(),
        classification: None,
    };
    Ok(to_docx_on(&markup::parse(&text), &meta, &images, paper)?)
}

/// Runs the portfolio and writes every file together.
pub fn run(args: &PortfolioArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let input = InputArgs {
        files: args.dirs.clone(),
        read: args.read.clone(),
        mapping: None,
    };
    let month = plan(
        &input,
        &args.as_of,
        Extra {
            thresholds: Some(&args.thresholds),
            ..Extra::default()
        },
    )?;
    let previous = args.previous.as_deref().map(Previous::load).transpose()?;
    let p = PortfolioPlan {
        inputs: args.dirs.clone(),
        ledger: args.ledger.clone(),
        output: Some(args.output.clone()),
        month,
    };
    let show = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show {
            eprint!("\rpmo: {done} of {total} project(s) read");
        }
    };
    let read = pmo::portfolio::read(&p, &progress)?;
    if show {
        eprintln!();
    }
    if !read.entries.iter().any(|e| e.month.is_ok()) {
        let why: Vec<String> = read
            .entries
            .iter()
            .filter_map(|e| e.month.as_ref().err().map(|w| format!("{}: {w}", e.key)))
            .chain(
                read.unplaced_files
                    .iter()
                    .map(|(f, w)| format!("{}: {w}", f.display())),
            )
            .collect();
        bail!("no project could be read ({})", why.join("; "));
    }
    let gen = generated(&args.generated)?;
    let paper = args.paper.paper();
    let done: Vec<Done> = read
        .entries
        .into_par_iter()
        .map(|e| finish(e, gen, paper, previous.as_ref()))
        .collect();
    write_all(
        args,
        done,
        read.ledger,
        read.unplaced_files,
        previous.is_some(),
        out,
    )
}

fn write_all(
    args: &PortfolioArgs,
    done: Vec<Done>,
    ledger: Option<pmo::portfolio::LedgerSplit>,
    unplaced: Vec<(PathBuf, String)>,
    changed: bool,
    out: &mut dyn std::io::Write,
) -> Result<Outcome> {
    let dir = &args.output;
    let mut inputs: Vec<PathBuf> = done.iter().flat_map(|d| d.inputs.iter().cloned()).collect();
    inputs.extend(args.ledger.iter().cloned());
    let mut batch = Batch::new(&inputs, true);
    let (mut lines, mut exceptions, mut charts, mut files) = (vec![], vec![], vec![], vec![]);
    for d in done {
        files.push((dir.join(&d.line.row.key), d.files));
        lines.push(d.line);
        exceptions.extend(d.exceptions);
        charts.extend(d.chart);
    }
    let unplaced_files = unplaced
        .into_iter()
        .map(|(f, reason)| UnplacedFile {
            file: f.display().to_string(),
            reason,
        })
        .collect();
    let rollup = Rollup::new(
        generated(&args.generated)?.to_string(),
        lines,
        exceptions,
        ledger,
        unplaced_files,
    );
    // Everything is rendered before anything (a folder included) is made.
    let json = serde_json::to_string_pretty(&rollup)? + "\n";
    let xlsx = pmo::render::portfolio_xlsx::write(&rollup)?;
    super::warn_all(&xlsx.notes);
    let docx = report_docx(args, &rollup, &charts, changed).context("the portfolio report")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create '{}'", dir.display()))?;
    for (sub, project) in files.into_iter().filter(|(_, f)| !f.is_empty()) {
        std::fs::create_dir_all(&sub)
            .with_context(|| format!("cannot create '{}'", sub.display()))?;
        for (name, bytes) in project {
            batch.add(&sub.join(name), &bytes)?;
        }
    }
    batch.add(&dir.join("portfolio.json"), json.as_bytes())?;
    batch.add(&dir.join("portfolio.xlsx"), &xlsx.bytes)?;
    batch.add(&dir.join("portfolio-report.docx"), &docx)?;
    let written = batch.commit()?;
    let text = match args.format {
        Format::Json => json,
        Format::Text => summary(&rollup, dir, written.len()),
    };
    out.write_all(text.as_bytes())?;
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        rollup.projects.iter().any(|l| {
            let f = &l.row.findings;
            match t {
                Severity::Error => f.errors > 0,
                Severity::Warning => f.errors + f.warnings > 0,
                Severity::Info => f.errors + f.warnings + f.infos > 0,
            }
        })
    });
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// One line per project, needing attention first, and the totals.
fn summary(r: &Rollup, dir: &std::path::Path, written: usize) -> String {
    let t = &r.totals;
    let mut text = format!("portfolio: {} project(s), {} read\n", t.projects, t.read);
    for l in &r.projects {
        let p = &l.row;
        let figures = p.money.as_ref().map_or(String::new(), |m| {
            format!(
                ", plan to date {}, actual {}, EAC {}",
                format_display(m.planned_ytd),
                format_display(m.actual_ytd),
                format_display(m.eac)
            )
        });
        match &p.error {
            Some(why) => text.push_str(&format!("  {:<12} not read: {why}\n", p.key)),
            None => text.push_str(&format!(
                "  {:<12} {}: overall {}{figures}\n",
                p.key, p.name, p.ratings.overall
            )),
        }
    }
    text.push_str(&format!(
        "  total: plan to date {}, actual {}, variance {}; tie-out difference {}, {} exception(s)\n",
        format_display(t.money.planned_ytd),
        format_display(t.money.actual_ytd),
        format_display(t.money.variance_ytd),
        format_display(t.tie_out_difference),
        t.exceptions
    ));
    if let Some(l) = &r.ledger {
        text.push_str(&format!(
            "  ledger: {} posting(s), {} given to a project, {} belonging to no project\n",
            l.postings,
            l.placed,
            l.no_project.len()
        ));
    }
    text.push_str(&format!(
        "  written to {}: {written} file(s)\n",
        dir.display()
    ));
    text
}
