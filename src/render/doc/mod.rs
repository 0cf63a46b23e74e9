//! Word documents from the document language ([`markup`]): docx-rs builds
//! the document; a last pass over the package adds what docx-rs cannot
//! (the document title and author, table header rows that repeat on each
//! page), editing only those XML parts.

pub mod markup;
pub mod template;

use crate::error::Error;
use crate::render::text::{xml_line, xml_lines};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, Header, IndentLevel, Level, LevelJc,
    LevelOverride, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, Start, Style, StyleType, Table, TableCell, TableRow,
};
use markup::{Block, Inline};
use std::collections::BTreeMap;
use std::io::{Read, Write};

/// What goes around the text: properties, header and footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// Document title (properties and header).
    pub title: String,
    /// Author (properties).
    pub author: String,
    /// Creation time, RFC 3339 (`2026-11-23T00:00:00Z`).
    pub created: String,
    /// Left of the header: usually the project's name.
    pub header: String,
    /// Classification or handling text, in the header and footer
    /// ("Confidential Advice to Cabinet").
    pub classification: Option<String>,
}

/// A PNG and its size in pixels (shown at 96 dpi).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

fn write_err(detail: impl std::fmt::Display) -> Error {
    Error::Write {
        what: "the Word document".into(),
        detail: detail.to_string(),
    }
}

/// The text width of a Letter page with one-inch margins, in twentieths
/// of a point.
const PAGE_WIDTH_DXA: usize = 9360;

const BULLET_ABSTRACT: usize = 2;
const DECIMAL_ABSTRACT: usize = 3;

/// A one-level list definition, indented half an inch with a hanging mark.
fn list(id: usize, format: &str, text: &str) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(720),
            Some(docx_rs::SpecialIndentType::Hanging(360)),
            None,
            None,
        ),
    )
}

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .size(size)
            .bold()
            .color("1F3864")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(80))
    };
    docx.default_fonts(
        RunFonts::new()
            .ascii("Calibri")
            .hi_ansi("Calibri")
            .cs("Calibri"),
    )
    .default_size(22)
    .add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .line_spacing(LineSpacing::new().after(120)),
    )
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(48)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().after(240)),
    )
    .add_style(heading("Heading1", "heading 1", 32, 0))
    .add_style(heading("Heading2", "heading 2", 26, 1))
    .add_style(heading("Heading3", "heading 3", 24, 2))
    .add_style(
        Style::new("ListBullet", StyleType::Paragraph)
            .name("List Bullet")
            .based_on("Normal"),
    )
    .add_style(
        Style::new("ListNumber", StyleType::Paragraph)
            .name("List Number")
            .based_on("Normal"),
    )
    .add_style(
        Style::new("PmoTable", StyleType::Table)
            .name("PMO Table")
            .table_property(
                docx_rs::TableProperty::new().set_borders(docx_rs::TableBorders::new()),
            ),
    )
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .italic()
            .size(18),
    )
    .add_style(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(18)
            .line_spacing(LineSpacing::new().before(20).after(20)),
    )
    // docx-rs numbers its own lists 1: ours start at 2.
    .add_abstract_numbering(list(BULLET_ABSTRACT, "bullet", "•"))
    .add_abstract_numbering(list(DECIMAL_ABSTRACT, "decimal", "%1."))
    .add_numbering(Numbering::new(BULLET_ABSTRACT, BULLET_ABSTRACT))
}

fn runs(p: Paragraph, inl: &[Inline], size: Option<usize>) -> Paragraph {
    inl.iter().fold(p, |p, i| match i {
        Inline::Text { text, bold, italic } => {
            // Text that reached here unescaped (a template's own text, a
            // value marked safe) still cannot put a control character in
            // the XML: its line breaks break, the rest go.
            let mut p = p;
            for (n, line) in xml_lines(text).iter().enumerate() {
                if n > 0 {
                    p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                }
                if line.is_empty() {
                    continue;
                }
                let mut r = Run::new().add_text(line);
                if *bold {
                    r = r.bold();
                }
                if *italic {
                    r = r.italic();
                }
                if let Some(s) = size {
                    r = r.size(s);
                }
                p = p.add_run(r);
            }
            p
        }
        Inline::Break => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
    })
}

fn plain(inl: &[Inline]) -> String {
    inl.iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::Break => " ",
        })
        .collect()
}

/// A cell that reads as an amount is right-aligned.
fn numeric(inl: &[Inline]) -> bool {
    let t = plain(inl);
    let t = t.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || "$,.()%-+ ".contains(c))
}

/// Builds the .docx and returns its bytes.
///
/// # Errors
///
/// [`Error::Write`] when an image is missing or the package cannot be built.
pub fn to_docx(
    blocks: &[Block],
    meta: &DocMeta,
    images: &BTreeMap<String, Image>,
) -> Result<Vec<u8>, Error> {
    let mut docx = styles(Docx::new()).created_at(&meta.created);
    // Header and footer are one line: a line break in the project's name
    // is a space there.
    let class = xml_line(meta.classification.as_deref().unwrap_or_default());
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(xml_line(&meta.header))
                    .size(16)
                    .color("595959"),
            )
            .add_run(Run::new().add_tab().size(16))
            .add_run(Run::new().add_text(&class).size(16).bold().color("C00000")),
    );
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(
                Run::new()
                    .add_text(if class.is_empty() {
                        String::new()
                    } else {
                        format!("{class} — ")
                    })
                    .size(16),
            )
            .add_run(Run::new().add_text("Page ").size(16))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of ").size(16))
            .add_num_pages(NumPages::new()),
    );
    docx = docx.header(header).footer(footer);
    let mut next_numbering = 10usize;
    for b in blocks {
        docx = match b {
            Block::Title(t) => docx.add_paragraph(runs(Paragraph::new().style("Title"), t, None)),
            Block::Heading(level, t) => docx.add_paragraph(runs(
                Paragraph::new().style(&format!("Heading{}", level.min(&3))),
                t,
                None,
            )),
            Block::Paragraph(t) => docx.add_paragraph(runs(Paragraph::new(), t, None)),
            Block::List(ordered, items) => {
                let (style, id) = if *ordered {
                    // Each numbered list starts again at 1.
                    next_numbering += 1;
                    docx = docx.add_numbering(
                        Numbering::new(next_numbering, DECIMAL_ABSTRACT)
                            .add_override(LevelOverride::new(0).start(1)),
                    );
                    ("ListNumber", next_numbering)
                } else {
                    ("ListBullet", BULLET_ABSTRACT)
                };
                items.iter().fold(docx, |d, item| {
                    d.add_paragraph(runs(
                        Paragraph::new()
                            .style(style)
                            .numbering(NumberingId::new(id), IndentLevel::new(0)),
                        item,
                        None,
                    ))
                })
            }
            Block::Table(head, rows) => {
                let width = head
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0))
                    .max(1);
                let cell = |inl: &[Inline], bold: bool| {
                    let mut p = Paragraph::new().style("TableText");
                    if numeric(inl) && !bold {
                        p = p.align(AlignmentType::Right);
                    }
                    let inl: Vec<Inline> = if bold {
                        inl.iter()
                            .map(|i| match i {
                                Inline::Text { text, italic, .. } => Inline::Text {
                                    text: text.clone(),
                                    bold: true,
                                    italic: *italic,
                                },
                                other => other.clone(),
                            })
                            .collect()
                    } else {
                        inl.to_vec()
                    };
                    runs(p, &inl, Some(18))
                };
                // Columns share the page width by how much text they hold.
                let weight = |i: usize| {
                    std::iter::once(head)
                        .chain(rows.iter())
                        .filter_map(|r| r.get(i))
                        .map(|c| plain(c).chars().count() + if numeric(c) { 7 } else { 4 })
                        .max()
                        .unwrap_or(0)
                        .clamp(8, 44)
                };
                let weights: Vec<usize> = (0..width).map(weight).collect();
                let total: usize = weights.iter().sum();
                let dxa: Vec<usize> = weights
                    .iter()
                    .map(|w| PAGE_WIDTH_DXA * w / total.max(1))
                    .collect();
                let mut trs = Vec::new();
                if !head.is_empty() {
                    let cells = (0..width)
                        .map(|i| {
                            TableCell::new()
                                .add_paragraph(cell(
                                    head.get(i).map(Vec::as_slice).unwrap_or(&[]),
                                    true,
                                ))
                                .shading(Shading::new().fill("D9E2F3"))
                                .width(dxa[i], docx_rs::WidthType::Dxa)
                        })
                        .collect();
                    // cantSplit marks the header row for the pass below,
                    // which makes it repeat on every page.
                    trs.push(TableRow::new(cells).cant_split());
                }
                for r in rows {
                    let cells = (0..width)
                        .map(|i| {
                            TableCell::new()
                                .add_paragraph(cell(
                                    r.get(i).map(Vec::as_slice).unwrap_or(&[]),
                                    false,
                                ))
                                .width(dxa[i], docx_rs::WidthType::Dxa)
                        })
                        .collect();
                    trs.push(TableRow::new(cells));
                }
                docx.add_table(
                    Table::new(trs)
                        .style("PmoTable")
                        .set_grid(dxa.clone())
                        .width(PAGE_WIDTH_DXA, docx_rs::WidthType::Dxa),
                )
                .add_paragraph(Paragraph::new())
            }
            Block::PageBreak => {
                docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            }
            Block::Image(key, caption) => {
                let img = images.get(key).ok_or_else(|| {
                    write_err(format!(
                        "the template asks for image '{key}', which this document does not provide"
                    ))
                })?;
                let pic = Pic::new_with_dimensions(img.png.clone(), img.width, img.height);
                docx.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_image(pic)),
                )
                .add_paragraph(
                    Paragraph::new()
                        .style("Caption")
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(xml_line(caption))),
                )
            }
        };
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(write_err)?;
    finish(buf.into_inner(), meta)
}

/// Text for an element of a one-line property: escaped, its line breaks
/// spaces and the characters XML forbids gone.
fn xml_text(s: &str) -> String {
    xml_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Replaces the text of the first `<tag …>…</tag>` element.
fn replace_element(xml: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    match (xml.find(&open), xml.find(&close)) {
        (Some(a), Some(b)) if a < b => match xml[a..b].find('>') {
            Some(gt) => format!("{}{}{}", &xml[..a + gt + 1], value, &xml[b..]),
            None => xml.to_string(),
        },
        _ => xml.to_string(),
    }
}

/// Adds title and author to the core properties and makes marked header
/// rows repeat, copying every other part byte for byte.
fn finish(bytes: Vec<u8>, meta: &DocMeta) -> Result<Vec<u8>, Error> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(write_err)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(write_err)?;
        let name = f.name().map_err(write_err)?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(write_err)?;
        match name.as_str() {
            "docProps/core.xml" => {
                // docx-rs writes creator "unknown" and a 1970 modified date:
                // replace them (each element may appear once) and add the title.
                let text = String::from_utf8(data).map_err(write_err)?;
                let author = xml_text(&meta.author);
                let mut text = replace_element(&text, "dc:creator", &author);
                text = replace_element(&text, "cp:lastModifiedBy", &author);
                text = replace_element(&text, "dcterms:modified", &xml_text(&meta.created));
                if !text.contains("<dc:title>") {
                    if let Some(at) = text.find("</cp:coreProperties>") {
                        text.insert_str(
                            at,
                            &format!("<dc:title>{}</dc:title>", xml_text(&meta.title)),
                        );
                    }
                }
                data = text.into_bytes();
            }
            "word/document.xml" => {
                let text = String::from_utf8(data).map_err(write_err)?;
                data = text
                    .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
                    .into_bytes();
            }
            _ => {}
        }
        out.start_file(name, opts).map_err(write_err)?;
        out.write_all(&data).map_err(write_err)?;
    }
    Ok(out.finish().map_err(write_err)?.into_inner())
}
