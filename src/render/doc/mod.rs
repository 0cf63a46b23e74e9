//! Word documents from the document language ([`markup`]): docx-rs builds
//! the document; a last pass over the package adds what docx-rs cannot
//! (the document title, author and language, the default paragraph style,
//! table header rows that repeat on each page, image descriptions), editing
//! only those XML parts ([`package`]).
//!
//! Pages are US Letter unless asked otherwise ([`Paper`]), with one-inch
//! margins; every table is exactly the text width ([`layout`]).

pub mod layout;
pub mod markup;
pub mod package;
pub mod template;

pub use layout::Paper;

use crate::error::Error;
use crate::render::text::{xml_line, xml_lines};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, HeightRule,
    IndentLevel, InstrNUMPAGES, InstrPAGE, InstrText, Level, LevelJc, LevelOverride, LevelText,
    LineSpacing, NumberFormat, Numbering, NumberingId, Paragraph, Pic, Run, RunFonts, Shading,
    Start, Style, StyleType, Tab, TabValueType, Table, TableCell, TableLayoutType, TableRow,
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

/// A signature's width: two and a quarter inches.
const SIGNATURE_DXA: usize = 3240;
/// A handwritten date's width: an inch.
const SIGNED_DATE_DXA: usize = 1440;
/// Tables up to this many rows are kept on one page when they fit.
const KEEP_WHOLE_ROWS: usize = 20;

/// Header and footer text, in half-points (8 pt).
const FOOTER_SIZE: usize = 16;

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
    // A heading never ends a page: it stays with what follows.
    let keep_next = |mut s: Style| {
        s.paragraph_property = s.paragraph_property.keep_next(true);
        s
    };
    docx.default_fonts(
        RunFonts::new()
            .ascii("Calibri")
            .hi_ansi("Calibri")
            .cs("Calibri"),
    )
    .default_size(22)
    // docx-rs writes the one Normal style itself; its spacing is the
    // document default.
    .default_line_spacing(LineSpacing::new().after(120))
    .add_style(keep_next(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(48)
            .bold()
            .color("1F3864")
            .line_spacing(LineSpacing::new().after(240)),
    ))
    .add_style(keep_next(heading("Heading1", "heading 1", 32, 0)))
    .add_style(keep_next(heading("Heading2", "heading 2", 26, 1)))
    .add_style(keep_next(heading("Heading3", "heading 3", 24, 2)))
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
    // LibreOffice sizes page-number fields by the paragraph's style, not
    // the run's: header and footer paragraphs carry the size too.
    .add_style(
        Style::new("Header", StyleType::Paragraph)
            .name("header")
            .based_on("Normal")
            .size(FOOTER_SIZE)
            .line_spacing(LineSpacing::new().after(0)),
    )
    .add_style(
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(FOOTER_SIZE)
            .line_spacing(LineSpacing::new().after(0)),
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

/// Builds the .docx on Letter paper and returns its bytes.
///
/// # Errors
///
/// [`Error::Write`] when an image is missing or the package cannot be built.
pub fn to_docx(
    blocks: &[Block],
    meta: &DocMeta,
    images: &BTreeMap<String, Image>,
) -> Result<Vec<u8>, Error> {
    to_docx_on(blocks, meta, images, Paper::Letter)
}

/// A run of footer text, the size of the page numbers beside it.
fn footer_run(text: &str) -> Run {
    Run::new().add_text(text).size(FOOTER_SIZE)
}

/// A PAGE or NUMPAGES field as a run of the footer's size (docx-rs's own
/// page-number runs carry no size, so they print larger than the words).
fn field_run(instr: InstrText) -> Run {
    Run::new()
        .size(FOOTER_SIZE)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(instr)
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false)
}

/// Header (project left, classification right-aligned) and footer
/// (classification, "Page N of M").
fn header_footer(docx: Docx, meta: &DocMeta, paper: Paper) -> Docx {
    // Header and footer are one line: a line break in the project's name
    // is a space there.
    let class = xml_line(meta.classification.as_deref().unwrap_or_default());
    let mut head = Paragraph::new().style("Header").add_run(
        Run::new()
            .add_text(xml_line(&meta.header))
            .size(FOOTER_SIZE)
            .color("595959"),
    );
    if !class.is_empty() {
        head = head
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .pos(paper.text_width_dxa()),
            )
            .add_run(Run::new().add_tab().size(FOOTER_SIZE))
            .add_run(
                Run::new()
                    .add_text(&class)
                    .size(FOOTER_SIZE)
                    .bold()
                    .color("C00000"),
            );
    }
    let mut foot = Paragraph::new()
        .style("Footer")
        .align(AlignmentType::Center);
    if !class.is_empty() {
        foot = foot.add_run(footer_run(&format!("{class} — ")));
    }
    let foot = foot
        .add_run(footer_run("Page "))
        .add_run(field_run(InstrText::PAGE(InstrPAGE::new())))
        .add_run(footer_run(" of "))
        .add_run(field_run(InstrText::NUMPAGES(InstrNUMPAGES::new())));
    docx.header(Header::new().add_paragraph(head))
        .footer(Footer::new().add_paragraph(foot))
}

/// Builds the .docx on the given paper and returns its bytes.
///
/// # Errors
///
/// [`Error::Write`] when an image is missing or the package cannot be built.
pub fn to_docx_on(
    blocks: &[Block],
    meta: &DocMeta,
    images: &BTreeMap<String, Image>,
    paper: Paper,
) -> Result<Vec<u8>, Error> {
    let (w, h) = paper.size_dxa();
    let margin = layout::MARGIN_DXA as i32;
    let mut docx = styles(Docx::new())
        .created_at(&meta.created)
        .page_size(w as u32, h as u32)
        .page_margin(docx_rs::PageMargin {
            top: margin,
            left: margin,
            bottom: margin,
            right: margin,
            header: 720,
            footer: 720,
            gutter: 0,
        });
    docx = header_footer(docx, meta, paper);
    let mut edits = package::DocumentEdits::default();
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
                edits.header_rows.push(!head.is_empty());
                docx.add_table(table(head, rows, paper.text_width_dxa()))
                    .add_paragraph(Paragraph::new())
            }
            Block::PageBreak => {
                docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            }
            Block::Image(key, caption, alt) => {
                let img = images.get(key).ok_or_else(|| {
                    write_err(format!(
                        "the template asks for image '{key}', which this document does not provide"
                    ))
                })?;
                // Every image is described; the caption when the template
                // gives no description.
                edits
                    .alt_texts
                    .push(xml_line(if alt.trim().is_empty() { caption } else { alt }));
                let pic = Pic::new_with_dimensions(img.png.clone(), img.width, img.height);
                docx.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .keep_next(true)
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
    finish(buf.into_inner(), meta, &edits)
}

/// How a cell's paragraph sits: right-aligned (a column of amounts or
/// dates), kept on the page of the next row (a short table stays whole).
#[derive(Debug, Clone, Copy)]
struct CellLook {
    right: bool,
    keep: bool,
}

/// A table cell's paragraph: 9 pt, header cells bold.
fn cell_paragraph(inl: &[Inline], bold: bool, look: CellLook) -> Paragraph {
    let mut p = Paragraph::new().style("TableText").keep_next(look.keep);
    if look.right {
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
}

/// A body cell: a status word is shaded in its colour and keeps the word.
fn body_cell(inl: &[Inline], width: usize, look: CellLook) -> TableCell {
    let cell = TableCell::new().width(width, docx_rs::WidthType::Dxa);
    match layout::rag_style(&plain(inl)) {
        Some(rag) => cell.shading(Shading::new().fill(rag.fill)).add_paragraph(
            Paragraph::new()
                .style("TableText")
                .keep_next(look.keep)
                .add_run(
                    Run::new()
                        .add_text(rag.word)
                        .bold()
                        .size(18)
                        .color(rag.text),
                ),
        ),
        None => cell.add_paragraph(cell_paragraph(inl, false, look)),
    }
}

/// The cells of a table, padded to the same number of columns.
struct Grid<'a> {
    head: &'a [Vec<Inline>],
    rows: &'a [Vec<Vec<Inline>>],
    ncols: usize,
}

impl Grid<'_> {
    fn at<'c>(&self, row: &'c [Vec<Inline>], i: usize) -> &'c [Inline] {
        row.get(i).map_or(&[], Vec::as_slice)
    }

    fn header(&self, i: usize) -> String {
        plain(self.at(self.head, i)).trim().to_lowercase()
    }

    /// A table with a Signature column is signed in.
    fn signing(&self) -> bool {
        (0..self.ncols).any(|i| self.header(i) == "signature")
    }

    /// What each column holds; a signature needs room across as well as
    /// down.
    fn needs(&self) -> Vec<layout::ColumnNeed> {
        let signing = self.signing();
        (0..self.ncols)
            .map(|i| {
                let mut need = layout::ColumnNeed::default();
                need.add(&plain(self.at(self.head, i)), true);
                for r in self.rows {
                    need.add(&plain(self.at(r, i)), false);
                }
                let room = match self.header(i).as_str() {
                    "signature" if signing => SIGNATURE_DXA,
                    "date" if signing => SIGNED_DATE_DXA,
                    _ => 0,
                };
                need.min = need.min.max(room);
                need.want = need.want.max(room);
                need
            })
            .collect()
    }

    /// A column is right-aligned when all it holds is amounts or dates.
    fn right_aligned(&self, i: usize) -> bool {
        let mut filled = self
            .rows
            .iter()
            .map(|r| self.at(r, i))
            .filter(|c| !plain(c).trim().is_empty())
            .peekable();
        filled.peek().is_some() && filled.all(numeric)
    }
}

/// A table as wide as the text, columns sized to their contents; rows
/// never split across pages, a short table stays on one page, and the
/// header row (marked after the build) repeats on every page. A table with
/// a Signature column gets rows tall enough to sign in.
fn table(head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], text_width: usize) -> Table {
    let ncols = head
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let grid = Grid { head, rows, ncols };
    let dxa = layout::column_widths(&grid.needs(), text_width);
    let right: Vec<bool> = (0..ncols).map(|i| grid.right_aligned(i)).collect();
    let keep_whole = rows.len() <= KEEP_WHOLE_ROWS;
    let mut trs = Vec::new();
    if !head.is_empty() {
        let cells = (0..ncols)
            .map(|i| {
                let look = CellLook {
                    right: right[i],
                    keep: true,
                };
                TableCell::new()
                    .add_paragraph(cell_paragraph(grid.at(head, i), true, look))
                    .shading(Shading::new().fill("D9E2F3"))
                    .width(dxa[i], docx_rs::WidthType::Dxa)
            })
            .collect();
        trs.push(TableRow::new(cells).cant_split());
    }
    let signing = grid.signing();
    for (n, r) in rows.iter().enumerate() {
        let keep = keep_whole && n + 1 < rows.len();
        let cells = (0..ncols)
            .map(|i| {
                let look = CellLook {
                    right: right[i],
                    keep,
                };
                body_cell(grid.at(r, i), dxa[i], look)
            })
            .collect();
        let mut row = TableRow::new(cells).cant_split();
        if signing {
            row = row.row_height(720.0).height_rule(HeightRule::AtLeast);
        }
        trs.push(row);
    }
    Table::new(trs)
        .style("PmoTable")
        .layout(TableLayoutType::Fixed)
        .set_grid(dxa)
        .width(text_width, docx_rs::WidthType::Dxa)
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

/// Adds title, author and language to the core properties, the default
/// style and language to the styles, and header rows and image
/// descriptions to the document, copying every other part byte for byte.
fn finish(
    bytes: Vec<u8>,
    meta: &DocMeta,
    edits: &package::DocumentEdits,
) -> Result<Vec<u8>, Error> {
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
                if !text.contains("<dc:language>") {
                    if let Some(at) = text.find("</cp:coreProperties>") {
                        text.insert_str(
                            at,
                            &format!("<dc:language>{}</dc:language>", package::LANGUAGE),
                        );
                    }
                }
                data = text.into_bytes();
            }
            "word/styles.xml" => {
                let text = String::from_utf8(data).map_err(write_err)?;
                data = package::edit_styles(&text).map_err(write_err)?.into_bytes();
            }
            "word/document.xml" => {
                let text = String::from_utf8(data).map_err(write_err)?;
                data = package::edit_document(&text, edits)
                    .map_err(write_err)?
                    .into_bytes();
            }
            _ => {}
        }
        out.start_file(name, opts).map_err(write_err)?;
        out.write_all(&data).map_err(write_err)?;
    }
    Ok(out.finish().map_err(write_err)?.into_inner())
}
