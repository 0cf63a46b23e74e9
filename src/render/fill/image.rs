//! Images in a filled template: the inline drawing Word writes for a
//! picture, the media part, the part's relationship and the PNG content
//! type. A chart is as wide as the place its tag sits in (the table cell,
//! else the page's text width) unless the tag gives a size.

use super::xml::{self, Doc, Elem, Node};
use std::collections::{BTreeMap, BTreeSet};

/// A PNG to place, with its pixel size and alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillImage {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Width in pixels (for the aspect ratio).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Alternative text for screen readers (`wp:docPr descr`).
    pub alt: String,
}

/// Images by the name `chart("…")` uses.
pub type Images = BTreeMap<String, FillImage>;

/// One `chart(…)` call: which image, any size given, any alt text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// The image's name.
    pub name: String,
    /// Width asked for, in EMU.
    pub cx: Option<i64>,
    /// Height asked for, in EMU.
    pub cy: Option<i64>,
    /// Alternative text asked for.
    pub alt: Option<String>,
}

/// EMU per twentieth of a point.
pub const EMU_PER_DXA: i64 = 635;

/// The size in EMU: as asked, else the width available and the image's
/// aspect ratio.
pub fn size(u: &ImageUse, img: &FillImage, avail_dxa: i64) -> (i64, i64) {
    let ratio = f64::from(img.height.max(1)) / f64::from(img.width.max(1));
    let scale = |v: i64, r: f64| (v as f64 * r).round() as i64;
    match (u.cx, u.cy) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, scale(w, ratio)),
        (None, Some(h)) => (scale(h, 1.0 / ratio), h),
        (None, None) => {
            let w = avail_dxa.max(1440) * EMU_PER_DXA;
            (w, scale(w, ratio))
        }
    }
}

/// The `w:drawing` element for an inline picture.
pub fn drawing(rid: &str, doc_pr: u32, cx: i64, cy: i64, alt: &str, name: &str) -> Elem {
    let alt = quick_xml::escape::escape(alt);
    let a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    let text = format!(
        "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
<wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
<wp:docPr id=\"{doc_pr}\" name=\"{name} {doc_pr}\" descr=\"{alt}\"/>\
<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{a}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
<a:graphic xmlns:a=\"{a}\"><a:graphicData uri=\"{pic}\"><pic:pic xmlns:pic=\"{pic}\">\
<pic:nvPicPr><pic:cNvPr id=\"0\" name=\"{name}.png\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
<pic:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
</wp:inline></w:drawing>"
    );
    xml::parse(&text)
        .map(|d| d.root)
        .expect("the drawing template is well-formed")
}

/// The namespaces a drawing needs on the part's root element.
pub const DRAWING_NS: &[(&str, &str)] = &[
    (
        "xmlns:wp",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        "xmlns:r",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
];

/// A part's relationships file (`word/_rels/document.xml.rels`).
pub fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The relationships a part gains, and the ids already taken.
#[derive(Debug, Default)]
pub struct Rels {
    /// Ids in the part's relationships file.
    pub taken: BTreeSet<String>,
    /// New (id, target) pairs, by image name.
    pub added: BTreeMap<String, (String, String)>,
}

impl Rels {
    /// Reads the ids a relationships file already uses.
    pub fn read(text: Option<&str>) -> Rels {
        let taken = text
            .and_then(|t| xml::parse(t).ok())
            .map(|d| {
                d.root
                    .elems("Relationship")
                    .filter_map(|r| r.attr("Id"))
                    .collect()
            })
            .unwrap_or_default();
        Rels {
            taken,
            added: BTreeMap::new(),
        }
    }

    /// The relationship id for an image, adding one the first time.
    pub fn id_for(&mut self, name: &str, target: &str) -> String {
        if let Some((id, _)) = self.added.get(name) {
            return id.clone();
        }
        let id = (1..)
            .map(|n| format!("rIdPmo{n}"))
            .find(|id| !self.taken.contains(id))
            .unwrap_or_default();
        self.taken.insert(id.clone());
        self.added
            .insert(name.to_string(), (id.clone(), target.to_string()));
        id
    }

    /// The relationships file with the new relationships added.
    pub fn write(&self, existing: Option<&str>) -> String {
        let image_type =
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
        let mut doc = existing
            .and_then(|t| xml::parse(t).ok())
            .unwrap_or_else(|| Doc {
                prolog: vec![Node::Raw(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n".into(),
                )],
                root: {
                    let mut r = Elem::new("Relationships");
                    r.attrs.push((
                        "xmlns".into(),
                        "http://schemas.openxmlformats.org/package/2006/relationships".into(),
                    ));
                    r
                },
            });
        for (id, target) in self.added.values() {
            let mut r = Elem::new("Relationship");
            r.set_attr("Id", id);
            r.set_attr("Type", image_type);
            r.set_attr("Target", target);
            doc.root.children.push(Node::Elem(r));
        }
        xml::write_doc(&doc)
    }
}

const TEMPLATE_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
const DOCUMENT_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// `[Content_Types].xml` as the filled document needs it: a PNG default
/// when `png` (if it lacks one), and a Word template (.dotx) turned into a
/// document. `None` when nothing changes.
pub fn content_types(text: &str, png: bool) -> Option<String> {
    let mut doc = xml::parse(text).ok()?;
    let mut changed = false;
    for c in &mut doc.root.children {
        if let Node::Elem(o) = c {
            if o.name == "Override" && o.attr("ContentType").as_deref() == Some(TEMPLATE_MAIN) {
                o.set_attr("ContentType", DOCUMENT_MAIN);
                changed = true;
            }
        }
    }
    let has = doc.root.elems("Default").any(|d| {
        d.attr("Extension")
            .is_some_and(|e| e.eq_ignore_ascii_case("png"))
    });
    if png && !has {
        let mut d = Elem::new("Default");
        d.set_attr("Extension", "png");
        d.set_attr("ContentType", "image/png");
        let at = doc
            .root
            .children
            .iter()
            .rposition(|c| matches!(c, Node::Elem(e) if e.name == "Default"))
            .map_or(0, |i| i + 1);
        doc.root.children.insert(at, Node::Elem(d));
        changed = true;
    }
    changed.then(|| xml::write_doc(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rels_path_and_ids() {
        assert_eq!(rels_path("word/header1.xml"), "word/_rels/header1.xml.rels");
        let mut r = Rels::read(Some(
            r#"<Relationships xmlns="x"><Relationship Id="rIdPmo1" Type="t" Target="a"/></Relationships>"#,
        ));
        assert_eq!(r.id_for("cumulative", "media/x.png"), "rIdPmo2");
        assert_eq!(r.id_for("cumulative", "media/x.png"), "rIdPmo2");
        assert!(r.write(None).contains(r#"Id="rIdPmo2""#));
    }

    #[test]
    fn png_default_added_once() {
        let ct = r#"<Types xmlns="x"><Default Extension="xml" ContentType="a"/><Override PartName="/b" ContentType="c"/></Types>"#;
        let out = content_types(ct, true).unwrap();
        assert!(out.contains(r#"<Default Extension="xml" ContentType="a"/><Default Extension="png" ContentType="image/png"/><Override"#));
        assert_eq!(content_types(&out, true), None);
        let dotx = format!(
            r#"<Types xmlns="x"><Override PartName="/word/document.xml" ContentType="{TEMPLATE_MAIN}"/></Types>"#
        );
        assert!(content_types(&dotx, false).unwrap().contains(DOCUMENT_MAIN));
    }

    #[test]
    fn size_follows_the_place() {
        let img = FillImage {
            png: vec![],
            width: 960,
            height: 480,
            alt: String::new(),
        };
        let u = ImageUse {
            name: "c".into(),
            cx: None,
            cy: None,
            alt: None,
        };
        assert_eq!(size(&u, &img, 9360), (9360 * 635, 9360 * 635 / 2));
    }
}
