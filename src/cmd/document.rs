//! `pmo status`, `pmo charter`, `pmo mb20` and `pmo templates export`: the
//! document side of the month.

use super::generated;
use crate::cli::{DocumentArgs, FillArgs, Format, TemplatesAction, TemplatesArgs};
use anyhow::{Context as _, Result};
use pmo::month::{Document, Month};
use pmo::render::context::Context;
use pmo::render::doc::{markup, template, to_docx_on, DocMeta, Paper};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The month a document command asks for, read and checked for the
/// document's data.
pub fn month_for(args: &DocumentArgs, doc: Document) -> Result<Month> {
    let m = Month::read(&super::month_plan(&args.month)?)?;
    m.check(doc)?;
    note_gaps(&m, doc);
    Ok(m)
}

/// Says on stderr which of a document's sections the inputs leave empty.
pub fn note_gaps(m: &Month, doc: Document) {
    let gaps = m.gaps(doc);
    if !gaps.is_empty() {
        let names: Vec<String> = gaps.iter().map(ToString::to_string).collect();
        eprintln!(
            "pmo: note: the {} has no {} in the inputs; those sections say [TO COMPLETE]",
            doc.name(),
            names.join(", ")
        );
    }
}

/// Whether a template is a Word file (filled in place) rather than a
/// `.md.j2` text template.
pub fn is_word(template: &Path) -> bool {
    template
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["docx", "dotx", "docm", "dotm"].contains(&e.to_ascii_lowercase().as_str())
        })
}

/// Fills a user's own Word template with the context; every template
/// error is reported at once.
pub fn fill_word(ctx: &Context, template: &Path) -> Result<Vec<u8>> {
    crate::budget::now_doing(&format!("filling the template '{}'", template.display()));
    let bytes = std::fs::read(template)
        .with_context(|| format!("cannot read template '{}'", template.display()))?;
    pmo::render::fill::fill_context(&bytes, ctx)
        .with_context(|| format!("template '{}'", template.display()))
}

/// Renders one document to .docx bytes, from the built-in template, an
/// edited copy of it, or the user's own Word template.
pub fn render(
    ctx: &Context,
    doc: Document,
    template_file: Option<&Path>,
    paper: Paper,
) -> Result<Vec<u8>> {
    if let Some(t) = template_file.filter(|t| is_word(t)) {
        return fill_word(ctx, t);
    }
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
    crate::budget::now_doing(&format!("rendering the template '{name}'"));
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
    Ok(to_docx_on(&blocks, &meta, &images, paper)?)
}

/// What `--format json` prints after writing files.
#[derive(Serialize)]
pub struct Written<'a> {
    /// The files written.
    pub written: &'a [PathBuf],
}

/// `pmo fill TEMPLATE.docx FILES… -o OUT.docx`: any document the user
/// designs, filled with the month's context.
pub fn run_fill(args: &FillArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let m = Month::read(&super::month_plan(&args.month)?)?;
    let ctx = m.context(generated(&args.generated)?);
    let bytes = fill_word(&ctx, &args.template)?;
    let mut inputs = m.files.clone();
    inputs.push(args.template.clone());
    super::output::write_atomic(&args.output, &bytes, args.force, &inputs)?;
    match args.format {
        Format::Text => eprintln!("pmo: {} written", args.output.display()),
        Format::Json => {
            let written = [args.output.clone()];
            let text = super::json_with_as_of(&m.as_of, &Written { written: &written })?;
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// `pmo status`, `pmo charter`, `pmo mb20`.
pub fn run(args: &DocumentArgs, doc: Document, out: &mut dyn std::io::Write) -> Result<()> {
    let m = month_for(args, doc)?;
    let ctx = m.context(generated(&args.generated)?);
    let bytes = render(&ctx, doc, args.template.as_deref(), args.paper.paper())?;
    let path = &args.output;
    super::output::write_atomic(path, &bytes, args.force, &m.files)?;
    match args.format {
        Format::Text => eprintln!("pmo: {} written to {}", doc.title(), path.display()),
        Format::Json => {
            let written = [path.clone()];
            let text = super::json_with_as_of(&m.as_of, &Written { written: &written })?;
            out.write_all(text.as_bytes())?;
        }
    }
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
    let mut batch = super::output::Batch::new(&[], *force);
    let files = template::BUILT_IN
        .iter()
        .map(|(n, t)| (docs.join(n), *t))
        .chain(
            pmo::definition::BUILT_IN
                .iter()
                .map(|(n, t)| (books.join(n), *t)),
        );
    for (path, text) in files {
        batch.add(&path, text.as_bytes())?;
    }
    for path in batch.commit()? {
        eprintln!("pmo: wrote {}", path.display());
    }
    Ok(())
}
