//! Filling a ministry's own Word template in place.
//!
//! A user's .docx holds `{{ project.name }}`-style tags and docxtpl's
//! markers (`{%tr for r in top_risks %}` on a row of its own, `{%p if … %}`
//! on a paragraph of its own, `{%tc … %}` on a cell). [`fill`] edits the
//! XML parts inside the zip: it merges the runs Word split each tag into,
//! turns markers into loops and conditions over the same context the
//! built-in templates use ([`crate::render::context::Context`]), renders
//! with minijinja (every value escaped for XML), places charts, and copies
//! every part without a tag byte for byte. Template errors are all
//! reported at once, each with its part and paragraph; then no output is
//! made.
//!
//! # Examples
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let ctx: pmo::render::context::Context = todo!();
//! let template = std::fs::read("status-ministry.docx")?;
//! let filled = pmo::render::fill::fill_context(&template, &ctx)?;
//! std::fs::write("status.docx", filled)?;
//! # Ok(()) }
//! ```

mod blocks;
mod env;
mod error;
mod guard;
mod image;
mod package;
mod post;
mod render;
mod runs;
mod suggest;
mod xml;

pub use env::{money, register_filters, CHARTS};
pub use error::{FillError, FillErrors};
pub use guard::{MAX_READ_PART_BYTES, MAX_TAGS_PER_PART, MAX_TAG_CHARS};
pub use image::{FillImage, Images};

use crate::render::context::Context;
use package::{finish_parts, read_entry, write_package};
use std::collections::BTreeMap;
use std::io::Cursor;
use zip::ZipArchive;

/// The charts a context can show: the cumulative chart when there is a
/// reconciliation.
///
/// # Errors
///
/// [`crate::Error::Write`] when drawing fails.
pub fn chart_images(ctx: &Context) -> Result<Images, crate::Error> {
    let mut images = Images::new();
    if let Some(r) = &ctx.reconciliation {
        images.insert(
            "cumulative".to_string(),
            FillImage {
                png: crate::render::chart::cumulative_png(r)?,
                width: crate::render::chart::WIDTH,
                height: crate::render::chart::HEIGHT,
                alt: format!(
                    "Chart: cumulative planned spending against actual, then forecast, for {}",
                    r.as_of.year()
                ),
            },
        );
    }
    Ok(images)
}

/// Fills a template with a [`Context`], drawing its charts.
///
/// # Errors
///
/// [`FillErrors`] listing every problem; see [`fill`].
pub fn fill_context(template: &[u8], ctx: &Context) -> Result<Vec<u8>, FillErrors> {
    let images = chart_images(ctx).map_err(FillError::Chart)?;
    let value = crate::render::budget::values(ctx).map_err(FillError::Context)?;
    fill(template, &value, &images)
}

/// Which parts can hold tags, and whether they are WordprocessingML.
fn fillable(name: &str) -> Option<bool> {
    let word = name == "word/document.xml"
        || name == "word/footnotes.xml"
        || name == "word/endnotes.xml"
        || ((name.starts_with("word/header") || name.starts_with("word/footer"))
            && name.ends_with(".xml")
            && !name[5..].contains('/'));
    if word {
        Some(true)
    } else {
        (name == "docProps/core.xml").then_some(false)
    }
}

fn shorten(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 80 {
        return t.to_string();
    }
    t.chars().take(77).collect::<String>() + "..."
}

/// Rows of a list all get the fields any of them has, blank where a
/// workbook left the cell empty, so `{{ r.owner }}` is not an error for the
/// one risk without an owner (a field no row has still is).
fn with_blank_row_fields(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Array(items) => {
            let keys: std::collections::BTreeSet<String> = items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|m| m.keys().cloned())
                .collect();
            for item in items.iter_mut() {
                if let Value::Object(m) = item {
                    for k in &keys {
                        m.entry(k.clone()).or_insert(Value::String(String::new()));
                    }
                }
                with_blank_row_fields(item);
            }
        }
        Value::Object(m) => m.values_mut().for_each(with_blank_row_fields),
        _ => {}
    }
}

fn unknown_without_rendering(
    tags: &[blocks::Tag],
    ctx: &serde_json::Value,
) -> Vec<blocks::Problem> {
    let statements = tags.iter().filter(|t| t.kind == runs::TagKind::Stmt);
    let bound = suggest::bound_names(statements.map(|t| t.inner.as_str()));
    tags.iter()
        .filter_map(|t| {
            let m = suggest::static_unknown(render::expression(t), &bound, ctx)?;
            Some((t.paragraph.clone(), format!("`{}`: {m}", t.text)))
        })
        .collect()
}

/// A part after rendering.
struct Rendered {
    xml: String,
    word: bool,
    uses: Vec<image::ImageUse>,
}

/// Renders one part; `Ok(None)` when it holds no tag.
fn fill_part(
    name: &str,
    text: &str,
    word: bool,
    ctx: &serde_json::Value,
) -> Result<Option<Rendered>, Vec<FillError>> {
    if !text.contains('{') {
        return Ok(None);
    }
    let tags = text.matches("{{").count() + text.matches("{%").count();
    if tags > guard::MAX_TAGS_PER_PART {
        return Err(vec![FillError::Refused {
            part: name.to_string(),
            reason: format!(
                "the part holds {tags} tags; the limit is {}: split the template",
                guard::MAX_TAGS_PER_PART
            ),
        }]);
    }
    let mut doc = xml::parse(text).map_err(|e| {
        vec![FillError::Part {
            part: name.to_string(),
            source: Box::new(e),
        }]
    })?;
    let found = if word {
        runs::merge_all(&mut doc.root) || text.contains("{{") || text.contains("{%")
    } else {
        runs::has_tag_start(&doc.root.text())
    };
    if !found {
        return Ok(None);
    }
    if word {
        blocks::replace_markers(&mut doc.root);
    }
    let problem = |(paragraph, message): blocks::Problem| FillError::Template {
        part: name.to_string(),
        paragraph: shorten(&paragraph),
        message,
    };
    let mut em = blocks::emit(&doc.prolog, &doc.root, word);
    let long: Vec<blocks::Problem> = em
        .tags
        .iter()
        .filter(|t| t.inner.chars().count() > guard::MAX_TAG_CHARS)
        .map(|t| {
            let n = t.inner.chars().count();
            let max = guard::MAX_TAG_CHARS;
            let m = format!(
                "a tag of {n} characters; the limit is {max}: split it with `{{% set … %}}`"
            );
            (t.paragraph.clone(), m)
        })
        .collect();
    if !long.is_empty() {
        // Too long for the engine even to check: say so and stop.
        return Err(long.into_iter().map(problem).collect());
    }
    em.problems.extend(render::syntax_problems(&em.tags));
    if !em.problems.is_empty() {
        // The part cannot be rendered: name the sure misspellings now
        // rather than on the next run.
        em.problems.extend(unknown_without_rendering(&em.tags, ctx));
        return Err(em.problems.into_iter().map(problem).collect());
    }
    let state = env::Shared::default();
    let xml = render::render(&em.segs, &em.tags, word, &state, ctx)
        .map_err(|p| p.into_iter().map(problem).collect::<Vec<_>>())?;
    let uses = std::mem::take(&mut state.lock().unwrap_or_else(|e| e.into_inner()).images);
    Ok(Some(Rendered { xml, word, uses }))
}

/// Fills a Word template with a context (the JSON `pmo context` prints)
/// and images by name. A Word template file (.dotx) gives a document
/// (.docx).
///
/// # Errors
///
/// [`FillErrors`] listing every problem in every part: unknown fields (with
/// the closest known one), unclosed or misplaced blocks, tags in field
/// codes, syntax errors; or a template that is not a .docx.
pub fn fill(
    template: &[u8],
    ctx: &serde_json::Value,
    images: &Images,
) -> Result<Vec<u8>, FillErrors> {
    let mut zip = ZipArchive::new(Cursor::new(template)).map_err(FillError::NotDocx)?;
    let names: Vec<String> = (0..zip.len())
        .map(|i| match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => String::new(),
        })
        .collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(FillError::NoDocument.into());
    }
    let refused = guard::check(template, &mut zip, &names);
    if !refused.is_empty() {
        return Err(FillErrors(refused));
    }
    let mut ctx = ctx.clone();
    with_blank_row_fields(&mut ctx);
    let mut errors = Vec::new();
    let mut rendered = BTreeMap::new();
    for name in &names {
        let Some(word) = fillable(name) else { continue };
        let text = match read_entry(&mut zip, name) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match fill_part(name, &text, word, &ctx) {
            Ok(Some(r)) => {
                rendered.insert(name.clone(), r);
            }
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(FillErrors(errors));
    }
    let replaced = finish_parts(&mut zip, &names, rendered, images)?;
    write_package(&mut zip, &names, replaced).map_err(|e| FillError::Write(e).into())
}
