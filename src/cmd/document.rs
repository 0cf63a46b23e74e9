//! `pmo status`, `pmo charter`, `pmo mb20`, `pmo context` and
//! `pmo templates export`: the document side of the month.

use crate::cli::{DocumentArgs, ReadArgs, TemplatesAction, TemplatesArgs};
use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use pmo::ingest::ingest;
use pmo::model::Project;
use pmo::reconcile::{reconcile, Reconciliation, Settings, Thresholds};
use pmo::render::context::{build, Context};
use pmo::render::doc::{markup, template, to_docx, DocMeta};
use pmo::rules::{validate, Finding};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything read and worked out for one month: inputs read once, then
/// rendered as many ways as asked.
pub struct Month {
    /// The files read.
    pub files: Vec<PathBuf>,
    /// The project.
    pub project: Project,
    /// The reconciliation, when there is a budget with actuals.
    pub recon: Option<Reconciliation>,
    /// Validation findings.
    pub findings: Vec<Finding>,
    /// The as-of date the rules and milestones used.
    pub as_of: NaiveDate,
    /// The template context.
    pub ctx: Context,
}

/// Reads the inputs, reconciles, validates and builds the context.
pub fn month(
    input: &ReadArgs,
    files: Vec<PathBuf>,
    as_of: Option<&str>,
    generated: Option<&str>,
) -> Result<Month> {
    let (defs, options) = super::input_plan(input)?;
    let ingested = ingest(&files, &defs, &options)?;
    let project = ingested.project;
    let cal = options.calendar;
    let period = as_of
        .map(|t| super::reconcile::parse_as_of(t, &cal))
        .transpose()?;
    let settings = Settings {
        as_of: period,
        thresholds: Thresholds::default(),
        calendar: cal,
    };
    let recon = reconcile(&project, &settings)?;
    // Milestones and overdue checks speak as of: the date given, else the
    // Status Date in Project Information, else the reporting period's end.
    let as_of = match as_of.map(pmo::ingest::coerce::parse_date_text) {
        Some(Ok(d)) => d,
        _ => project
            .info
            .date("as_of")
            .or_else(|| recon.as_ref().map(|r| cal.last_day(r.as_of)))
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let generated = match generated {
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .with_context(|| format!("--generated '{t}' is not YYYY-MM-DD"))?,
        None => chrono::Local::now().date_naive(),
    };
    let findings = validate(
        &project,
        &defs,
        &pmo::rules::Settings {
            as_of,
            calendar: cal,
        },
    );
    let ctx = build(&project, recon.as_ref(), &findings, as_of, generated, &cal);
    Ok(Month {
        files,
        project,
        recon,
        findings,
        as_of,
        ctx,
    })
}

fn month_of(args: &DocumentArgs) -> Result<Month> {
    let mut files = args.input.files.clone();
    files.extend(args.ledger.iter().cloned());
    let mut m = month(
        &args.input.read,
        files,
        args.as_of.as_deref(),
        args.generated.as_deref(),
    )?;
    if !args.previous.is_empty() {
        let (defs, options) = super::input_plan(&args.input.read)?;
        let before = ingest(&args.previous, &defs, &options)
            .context("reading last month's workbooks (--previous)")?;
        m.ctx.changes = Some(pmo::render::context::changes(&m.project, &before.project));
        m.files.extend(args.previous.iter().cloned());
    }
    Ok(m)
}

/// The kinds of document, with their template and wording.
#[derive(Debug, Clone, Copy)]
pub enum Doc {
    /// The monthly status report.
    Status,
    /// The project charter.
    Charter,
    /// The MB20-style draft.
    Mb20,
}

impl Doc {
    fn template(self) -> &'static str {
        match self {
            Doc::Status => "status.md.j2",
            Doc::Charter => "charter.md.j2",
            Doc::Mb20 => "mb20.md.j2",
        }
    }

    /// The document's title after the project's name.
    pub fn title(self) -> &'static str {
        match self {
            Doc::Status => "Monthly Status Report",
            Doc::Charter => "Project Charter",
            Doc::Mb20 => "MB20 Submission (draft)",
        }
    }

    fn classification(self) -> Option<&'static str> {
        match self {
            Doc::Mb20 => Some("Confidential Advice to Cabinet"),
            _ => None,
        }
    }
}

/// Renders one document to .docx bytes, from the built-in template or an
/// edited copy.
pub fn render(ctx: &Context, doc: Doc, template_file: Option<&Path>) -> Result<Vec<u8>> {
    let (name, source) = match template_file {
        Some(t) => (
            t.file_name().map_or_else(
                || t.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            std::fs::read_to_string(t)
                .with_context(|| format!("cannot read template '{}'", t.display()))?,
        ),
        None => (
            doc.template().to_string(),
            template::built_in(doc.template())
                .unwrap_or_default()
                .to_string(),
        ),
    };
    let text = template::render(&name, &source, ctx)?;
    let blocks = markup::parse(&text);
    let project = ctx
        .project
        .get("name")
        .cloned()
        .unwrap_or_else(|| "Project".into());
    let meta = DocMeta {
        title: format!("{project} — {}", doc.title()),
        author: ctx
            .project
            .get("manager")
            .cloned()
            .unwrap_or_else(|| "pmo".into()),
        created: format!("{}T00:00:00Z", ctx.generated),
        header: project,
        classification: doc.classification().map(str::to_string),
    };
    // The status report's chart of cumulative planned against actual.
    let mut images = BTreeMap::new();
    if let Some(r) = &ctx.reconciliation {
        let png = pmo::render::chart::cumulative_png(r)?;
        images.insert(
            "cumulative".to_string(),
            pmo::render::doc::Image {
                png,
                width: pmo::render::chart::WIDTH * 6 / 10,
                height: pmo::render::chart::HEIGHT * 6 / 10,
            },
        );
    }
    Ok(to_docx(&blocks, &meta, &images)?)
}

/// `pmo context`: the context as JSON.
pub fn run_context(args: &DocumentArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let m = month_of(args)?;
    out.write_all((serde_json::to_string_pretty(&m.ctx)? + "\n").as_bytes())?;
    Ok(())
}

/// `pmo status`, `pmo charter`, `pmo mb20`.
pub fn run(args: &DocumentArgs, doc: Doc) -> Result<()> {
    let Some(path) = &args.output else {
        bail!("give the document's file name with -o FILE.docx");
    };
    let m = month_of(args)?;
    let bytes = render(&m.ctx, doc, args.template.as_deref())?;
    super::output::write_atomic(path, &bytes, args.force, &m.files)?;
    eprintln!("pmo: {} written to {}", doc.title(), path.display());
    Ok(())
}

/// `pmo templates export DIR`.
pub fn run_templates(args: &TemplatesArgs) -> Result<()> {
    let TemplatesAction::Export { dir, force } = &args.action;
    let docs = dir.join("documents");
    let books = dir.join("workbooks");
    std::fs::create_dir_all(&docs)
        .with_context(|| format!("cannot create '{}'", docs.display()))?;
    std::fs::create_dir_all(&books)
        .with_context(|| format!("cannot create '{}'", books.display()))?;
    let files = template::BUILT_IN
        .iter()
        .map(|(n, t)| (docs.join(n), *t))
        .chain(
            pmo::definition::BUILT_IN
                .iter()
                .map(|(n, t)| (books.join(n), *t)),
        );
    for (path, text) in files {
        super::output::write_atomic(&path, text.as_bytes(), *force, &[])?;
        eprintln!("pmo: wrote {}", path.display());
    }
    Ok(())
}
