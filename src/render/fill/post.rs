//! After rendering: the chart placeholders become drawings, RAG words shade
//! their cell, and what loops and conditions left behind is made valid for
//! Word (a cell or text box keeps a paragraph, a table keeps a row, ids that
//! a repeated row copied stay unique).

use super::image::{drawing, size, ImageUse, Images, Rels, DRAWING_NS};
use super::xml::{self, Elem, Node};
use std::collections::{BTreeMap, BTreeSet};

/// `wp:docPr` ids in use across the document.
#[derive(Debug, Default)]
pub struct DocPrIds {
    seen: BTreeSet<u32>,
}

impl DocPrIds {
    /// Notes the drawing ids a part not filled (kept as it is) uses.
    pub fn note_kept_part(&mut self, xml: &str) {
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| {
            regex::Regex::new(r#"<wp:docPr\s+id="(\d+)""#).expect("a valid pattern")
        });
        self.seen.extend(
            re.captures_iter(xml)
                .filter_map(|c| c[1].parse::<u32>().ok()),
        );
    }

    fn fresh(&mut self) -> u32 {
        let n = (self.seen.last().copied().unwrap_or(0) + 1).max(1000);
        self.seen.insert(n);
        n
    }
}

/// What finishing one part needs.
pub struct Finish<'a> {
    /// The page's text width, in twentieths of a point.
    pub text_width: i64,
    /// The images the part's tags placed.
    pub uses: &'a [ImageUse],
    /// The images by name.
    pub images: &'a Images,
    /// The part's relationships.
    pub rels: &'a mut Rels,
    /// Media targets by image name, relative to the part.
    pub media: &'a BTreeMap<String, String>,
    /// Drawing ids across the document.
    pub doc_prs: &'a mut DocPrIds,
    bookmarks: BTreeSet<(String, String)>,
    para_ids: BTreeSet<String>,
    sdt_ids: BTreeSet<String>,
}

impl<'a> Finish<'a> {
    /// Sets up finishing one part.
    pub fn new(
        text_width: i64,
        uses: &'a [ImageUse],
        images: &'a Images,
        rels: &'a mut Rels,
        media: &'a BTreeMap<String, String>,
        doc_prs: &'a mut DocPrIds,
    ) -> Self {
        Finish {
            text_width,
            uses,
            images,
            rels,
            media,
            doc_prs,
            bookmarks: BTreeSet::new(),
            para_ids: BTreeSet::new(),
            sdt_ids: BTreeSet::new(),
        }
    }

    /// Finishes a rendered Word part.
    ///
    /// # Errors
    ///
    /// quick-xml's error if the rendered part is not well-formed.
    pub fn run(&mut self, rendered: &str) -> Result<String, quick_xml::Error> {
        let mut doc = xml::parse(rendered)?;
        if !self.uses.is_empty() {
            for (k, v) in DRAWING_NS {
                if doc.root.attr(k).is_none() {
                    doc.root.set_attr(k, v);
                }
            }
        }
        self.walk(&mut doc.root, self.text_width, false);
        Ok(xml::write_doc(&doc))
    }

    fn walk(&mut self, e: &mut Elem, width: i64, in_cell: bool) -> Option<String> {
        let width = if e.name == "w:tc" {
            cell_width(e, width, self.text_width)
        } else {
            width
        };
        let in_cell = (in_cell || e.name == "w:tc") && e.name != "w:txbxContent";
        self.unique_ids(e);
        let mut pending = None;
        let children = std::mem::take(&mut e.children);
        for mut c in children {
            match &mut c {
                Node::Pi(p) if p.starts_with("pmo-rag ") => {
                    let fill = p["pmo-rag ".len()..].trim();
                    if fill.len() == 6 && fill.chars().all(|c| c.is_ascii_hexdigit()) {
                        pending = Some(fill.to_string());
                    }
                    continue;
                }
                Node::Pi(p) if p.starts_with("pmo-image ") => {
                    if let Some(d) = self.image(p["pmo-image ".len()..].trim(), width) {
                        e.children.push(Node::Elem(d));
                    }
                    continue;
                }
                Node::Elem(el) => {
                    if self.duplicate_bookmark(el) {
                        continue;
                    }
                    if let Some(f) = self.walk(el, width, in_cell) {
                        pending = Some(f);
                    }
                    if emptied(el) {
                        continue;
                    }
                }
                _ => {}
            }
            e.children.push(c);
        }
        keep_a_paragraph(e);
        if e.name == "w:tbl" {
            fit_grid(e);
        }
        match pending {
            Some(f) if e.name == "w:tc" => shade(e, "w:tcPr", TC_BEFORE_SHD, &f),
            Some(f) if e.name == "w:p" && !in_cell => shade(e, "w:pPr", P_BEFORE_SHD, &f),
            other => return other,
        }
        None
    }

    fn image(&mut self, index: &str, width: i64) -> Option<Elem> {
        let u = self.uses.get(index.parse::<usize>().ok()?)?;
        let Some(img) = self.images.get(&u.name) else {
            // Drawn only when there is something to draw: say so in place.
            let mut r = Elem::new("w:t");
            r.children.push(Node::Text(format!(
                "[chart \"{}\" not drawn: no budget with actuals was read]",
                u.name
            )));
            return Some(r);
        };
        let (cx, cy) = size(u, img, width);
        let rid = self.rels.id_for(&u.name, self.media.get(&u.name)?);
        let id = self.doc_prs.fresh();
        let alt = u.alt.as_deref().unwrap_or(&img.alt);
        Some(drawing(&rid, id, cx, cy, alt, "Chart"))
    }

    fn unique_ids(&mut self, e: &mut Elem) {
        if e.name == "wp:docPr" {
            match e.attr("id").and_then(|i| i.parse::<u32>().ok()) {
                Some(id) if self.doc_prs.seen.insert(id) => {}
                _ => {
                    let n = self.doc_prs.fresh();
                    e.set_attr("id", &n.to_string());
                }
            }
        }
        if e.name == "w:sdtPr" {
            // A repeated content control keeps its id only once.
            let id = e.child("w:id").and_then(|i| i.attr("w:val"));
            if let Some(id) = id {
                if !self.sdt_ids.insert(id) {
                    e.children.retain(|c| !is(c, &["w:id"]));
                }
            }
        }
        if let Some(id) = e.attr("w14:paraId") {
            if !self.para_ids.insert(id) {
                e.attrs
                    .retain(|(k, _)| k != "w14:paraId" && k != "w14:textId");
            }
        }
    }

    /// A repeated row copies its bookmarks, comment ranges and permission
    /// ranges; only the first copy keeps them (Word wants their ids unique).
    fn duplicate_bookmark(&mut self, e: &Elem) -> bool {
        const ONCE: &[&str] = &[
            "w:bookmarkStart",
            "w:bookmarkEnd",
            "w:commentRangeStart",
            "w:commentRangeEnd",
            "w:commentReference",
            "w:permStart",
            "w:permEnd",
        ];
        if !ONCE.contains(&e.name.as_str()) {
            return false;
        }
        let id = e.attr("w:id").unwrap_or_default();
        !self.bookmarks.insert((e.name.clone(), id))
    }
}

fn is(n: &Node, names: &[&str]) -> bool {
    matches!(n, Node::Elem(e) if names.contains(&e.name.as_str()))
}

/// A table whose rows a loop removed, or a row whose cells it removed.
fn emptied(e: &Elem) -> bool {
    match e.name.as_str() {
        "w:tbl" => !e
            .children
            .iter()
            .any(|c| is(c, &["w:tr", "w:sdt", "w:customXml"])),
        "w:tr" => !e
            .children
            .iter()
            .any(|c| is(c, &["w:tc", "w:sdt", "w:customXml"])),
        _ => false,
    }
}

fn grid_span(tc: &Elem) -> usize {
    tc.child("w:tcPr")
        .and_then(|p| p.child("w:gridSpan"))
        .and_then(|g| g.attr("w:val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// A cell loop (`{%tc for … %}`) changes how many columns a table has:
/// the grid then follows the widest row's cells.
fn fit_grid(tbl: &mut Elem) {
    let columns = |tr: &Elem| tr.elems("w:tc").map(grid_span).sum::<usize>();
    let Some(widest) = tbl.elems("w:tr").max_by_key(|tr| columns(tr)) else {
        return;
    };
    let grid_cols = tbl
        .child("w:tblGrid")
        .map_or(0, |g| g.elems("w:gridCol").count());
    if columns(widest) == grid_cols {
        return;
    }
    let widths: Option<Vec<String>> = widest
        .elems("w:tc")
        .map(|tc| {
            let w = tc.child("w:tcPr")?.child("w:tcW")?;
            (grid_span(tc) == 1 && w.attr("w:type").as_deref() == Some("dxa"))
                .then(|| w.attr("w:w"))
                .flatten()
        })
        .collect();
    let (Some(widths), Some(grid)) = (widths, tbl.child_mut("w:tblGrid")) else {
        return;
    };
    grid.children = widths
        .iter()
        .map(|w| {
            let mut c = Elem::new("w:gridCol");
            c.set_attr("w:w", w);
            Node::Elem(c)
        })
        .collect();
}

/// Word wants a paragraph (not a table) to end every cell, text box,
/// header, footer and note.
fn keep_a_paragraph(e: &mut Elem) {
    let needs = matches!(
        e.name.as_str(),
        "w:tc" | "w:txbxContent" | "w:hdr" | "w:ftr" | "w:footnote" | "w:endnote"
    );
    if !needs {
        return;
    }
    let last_block = e
        .children
        .iter()
        .rev()
        .find(|c| is(c, &["w:p", "w:tbl", "w:sdt", "w:customXml"]));
    // A content control or custom XML block holds its own paragraphs.
    if !last_block.is_some_and(|c| is(c, &["w:p", "w:sdt", "w:customXml"])) {
        e.children.push(Node::Elem(Elem::new("w:p")));
    }
}

const TC_BEFORE_SHD: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
];
const P_BEFORE_SHD: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
];

/// Sets `w:shd` in the properties, where the schema wants it.
fn shade(e: &mut Elem, props: &str, before: &[&str], fill: &str) {
    if e.child(props).is_none() {
        e.children.insert(0, Node::Elem(Elem::new(props)));
    }
    let Some(pr) = e.child_mut(props) else { return };
    pr.children.retain(|c| !is(c, &["w:shd"]));
    let at = pr
        .children
        .iter()
        .rposition(|c| is(c, before))
        .map_or(0, |i| i + 1);
    let mut shd = Elem::new("w:shd");
    shd.set_attr("w:val", "clear");
    shd.set_attr("w:color", "auto");
    shd.set_attr("w:fill", fill);
    pr.children.insert(at, Node::Elem(shd));
}

/// The width inside a cell, in twentieths of a point.
fn cell_width(tc: &Elem, outer: i64, text_width: i64) -> i64 {
    let Some(w) = tc.child("w:tcPr").and_then(|p| p.child("w:tcW")) else {
        return outer;
    };
    let value = w.attr("w:w").unwrap_or_default();
    let inner = match w.attr("w:type").as_deref() {
        Some("dxa") | None => value.parse::<i64>().ok(),
        Some("pct") => match value.strip_suffix('%') {
            Some(p) => p
                .parse::<f64>()
                .ok()
                .map(|p| (text_width as f64 * p / 100.0) as i64),
            None => value.parse::<i64>().ok().map(|f| text_width * f / 5000),
        },
        _ => None,
    };
    // Default cell margins: 0.075 inch each side.
    inner
        .filter(|w| *w > 0)
        .map_or(outer, |w| (w - 216).max(720))
}

/// The text width of the document's last section, in twentieths of a point.
pub fn text_width(document: &Elem) -> i64 {
    let sect = document.child("w:body").and_then(|b| b.child("w:sectPr"));
    let num = |e: Option<&Elem>, a: &str| {
        e.and_then(|e| e.attr(a))
            .and_then(|v| v.parse::<i64>().ok())
    };
    let page = sect.and_then(|s| s.child("w:pgSz"));
    let mar = sect.and_then(|s| s.child("w:pgMar"));
    match (num(page, "w:w"), num(mar, "w:left"), num(mar, "w:right")) {
        (Some(w), Some(l), Some(r)) if w > l + r => w - l - r,
        _ => 9360,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(x: &str) -> String {
        let images = Images::new();
        let mut rels = Rels::default();
        let media = BTreeMap::new();
        let mut ids = DocPrIds::default();
        Finish::new(9360, &[], &images, &mut rels, &media, &mut ids)
            .run(x)
            .unwrap()
    }

    #[test]
    fn rag_shades_its_cell_in_schema_order() {
        let out = finish(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:r><w:t>Red<?pmo-rag FF0000?></w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert!(out.contains(r#"<w:tcW w:w="1" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="FF0000"/><w:vAlign"#), "{out}");
        assert!(!out.contains("pmo-rag"));
    }

    #[test]
    fn grid_follows_a_cell_loop() {
        let out = finish(
            r#"<w:tbl><w:tblGrid><w:gridCol w:w="5"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:tcW w:w="200" w:type="dxa"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
        );
        assert!(
            out.contains(r#"<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"/></w:tblGrid>"#),
            "{out}"
        );
    }

    #[test]
    fn emptied_tables_go_and_cells_keep_a_paragraph() {
        let out = finish(
            r#"<w:body><w:tbl><w:tblPr/></w:tbl><w:tbl><w:tr><w:tc><w:tcPr/></w:tc></w:tr></w:tbl></w:body>"#,
        );
        assert_eq!(
            out,
            r#"<w:body><w:tbl><w:tr><w:tc><w:tcPr/><w:p/></w:tc></w:tr></w:tbl></w:body>"#
        );
    }
}
