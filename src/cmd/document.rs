//! `pmo status`, `pmo context` and `pmo templates export`: the document
//! side of the month.

use crate::cli::{DocumentArgs, TemplatesAction, TemplatesArgs};
use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use pmo::ingest::ingest;
use pmo::reconcile::{reconcile, Settings, Thresholds};
use pmo::render::context::{build, Context};
use pmo::render::doc::{markup, template, to_docx, DocMeta};
use pmo::rules::validate;
use std::collections::BTreeMap;

/// Reads the inputs and builds the template context.
fn context(args: &DocumentArgs) -> Result<Context> {
    let (defs, options) = super::input_plan(&args.input)?;
    let mut files = args.input.files.clone();
    files.extend(args.ledger.iter().cloned());
    let ingested = ingest(&files, &defs, &options)?;
    let project = &ingested.project;
    let cal = options.calendar;
    let period = args
        .as_of
        .as_deref()
        .map(|t| super::reconcile::parse_as_of(t, &cal))
        .transpose()?;
    let settings = Settings {
        as_of: period,
        thresholds: Thresholds::default(),
        calendar: cal,
    };
    let recon = reconcile(project, &settings);
    // Milestones and overdue checks speak as of: the date given, else the
    // Status Date in Project Information, else the reporting period's end.
    let as_of = match args
        .as_of
        .as_deref()
        .map(pmo::ingest::coerce::parse_date_text)
    {
        Some(Ok(d)) => d,
        _ => project
            .info
            .date("as_of")
            .or_else(|| recon.as_ref().map(|r| cal.last_day(r.as_of)))
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let generated = match &args.generated {
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .with_context(|| format!("--generated '{t}' is not YYYY-MM-DD"))?,
        None => chrono::Local::now().date_naive(),
    };
    let findings = validate(
        project,
        &defs,
        &pmo::rules::Settings {
            as_of,
            calendar: cal,
        },
    );
    Ok(build(
        project,
        recon.as_ref(),
        &findings,
        as_of,
        generated,
        &cal,
    ))
}

/// `pmo context`: the context as JSON.
pub fn run_context(args: &DocumentArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let ctx = context(args)?;
    out.write_all((serde_json::to_string_pretty(&ctx)? + "\n").as_bytes())?;
    Ok(())
}

/// Renders one document.
fn document(
    args: &DocumentArgs,
    built_in: &str,
    title: &str,
    classification: Option<&str>,
) -> Result<()> {
    let Some(path) = &args.output else {
        bail!("give the document's file name with -o FILE.docx");
    };
    let ctx = context(args)?;
    let (name, source) = match &args.template {
        Some(t) => (
            t.file_name().map_or_else(
                || t.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            std::fs::read_to_string(t)
                .with_context(|| format!("cannot read template '{}'", t.display()))?,
        ),
        None => (
            built_in.to_string(),
            template::built_in(built_in)
                .expect("built-in template")
                .to_string(),
        ),
    };
    let text = template::render(&name, &source, &ctx)?;
    let blocks = markup::parse(&text);
    let project = ctx
        .project
        .get("name")
        .cloned()
        .unwrap_or_else(|| "Project".into());
    let meta = DocMeta {
        title: format!("{project} — {title}"),
        author: ctx
            .project
            .get("manager")
            .cloned()
            .unwrap_or_else(|| "pmo".into()),
        created: format!("{}T00:00:00Z", ctx.generated),
        header: project,
        classification: classification.map(str::to_string),
    };
    let bytes = to_docx(&blocks, &meta, &BTreeMap::new())?;
    let mut inputs = args.input.files.clone();
    inputs.extend(args.ledger.iter().cloned());
    super::output::write_atomic(path, &bytes, args.force, &inputs)?;
    eprintln!("pmo: {title} written to {}", path.display());
    Ok(())
}

/// `pmo status`.
pub fn run_status(args: &DocumentArgs) -> Result<()> {
    document(args, "status.md.j2", "Monthly Status Report", None)
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
