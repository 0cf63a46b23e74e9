//! Word documents written the way Word writes them (revision ids on every
//! paragraph and run, proofing marks, bookmarks, `xml:space`), for the
//! template tests and `examples/make_templates.rs`.
#![allow(dead_code)]

use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The namespaces Word declares on every part.
pub const NS: &str = r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 wp14""#;

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// A document: its body and the parts around it.
#[derive(Default)]
pub struct Docx {
    /// Body content (paragraphs and tables).
    pub body: String,
    /// Header content (paragraphs), if any.
    pub header: Option<String>,
    /// Footer content (paragraphs), if any.
    pub footer: Option<String>,
    /// The document title (docProps/core.xml).
    pub title: String,
    /// The text of footnote 1 (paragraphs), if any; the body refers to it
    /// with [`footnote_ref`].
    pub footnote: Option<String>,
}

/// A run referring to footnote 1.
pub fn footnote_ref() -> String {
    r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#
        .to_string()
}

/// A paragraph holding a floating text box with these paragraphs, written
/// twice as Word does: DrawingML for Word 2010 on, VML for older readers.
pub fn text_box(paras: &str) -> String {
    let a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    p(&format!(
        r##"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2360930" cy="640080"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="217" name="Text Box 2"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="{a}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2360930" cy="640080"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype><v:shape id="Text Box 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:185.9pt;height:50.4pt;z-index:251659264"><v:textbox style="mso-fit-shape-to-text:t"><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"##
    ))
}

/// A paragraph with revision ids around runs.
pub fn p(runs: &str) -> String {
    format!(
        r#"<w:p w14:paraId="1A2B3C4D" w14:textId="77777777" w:rsidR="00A4512F" w:rsidRDefault="00A4512F">{runs}</w:p>"#
    )
}

/// A paragraph with a style.
pub fn ps(style: &str, runs: &str) -> String {
    format!(
        r#"<w:p w:rsidR="00A4512F" w:rsidRDefault="00A4512F"><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#
    )
}

/// A `w:t`, keeping spaces only where Word does: when the text starts or
/// ends with one.
pub fn t(text: &str) -> String {
    if text.starts_with(' ') || text.ends_with(' ') {
        format!(r#"<w:t xml:space="preserve">{text}</w:t>"#)
    } else {
        format!("<w:t>{text}</w:t>")
    }
}

/// A plain run.
pub fn r(text: &str) -> String {
    format!("<w:r>{}</w:r>", t(text))
}

/// A run with properties (`<w:b/>`) and its own revision id.
pub fn rf(props: &str, text: &str) -> String {
    format!(
        r#"<w:r w:rsidRPr="00C73D19"><w:rPr>{props}</w:rPr>{}</w:r>"#,
        t(text)
    )
}

/// A paragraph of one plain run.
pub fn para(text: &str) -> String {
    p(&r(text))
}

/// A table cell of a width (twentieths of a point), with extra cell
/// properties (`<w:gridSpan w:val="2"/>`) and paragraphs.
pub fn tc(width: u32, props: &str, paras: &str) -> String {
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{props}</w:tcPr>{paras}</w:tc>"#)
}

/// A table row.
pub fn tr(cells: &str) -> String {
    format!(
        r#"<w:tr w:rsidR="00A4512F" w14:paraId="5E6F7A8B" w14:textId="77777777"><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"#
    )
}

/// A row holding only a marker in its first cell, the others empty.
pub fn marker_row(marker: &str, widths: &[u32]) -> String {
    let cells: String = widths
        .iter()
        .enumerate()
        .map(|(i, w)| tc(*w, "", &if i == 0 { para(marker) } else { p("") }))
        .collect();
    tr(&cells)
}

/// A table with grid columns and rows.
pub fn tbl(widths: &[u32], rows: &str) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#))
        .collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"#
    )
}

fn part(root: &str, content: &str) -> String {
    format!("{DECL}<{root} {NS}>{content}</{root}>")
}

/// The parts of the document, by name, in Word's order.
pub fn parts(d: &Docx) -> Vec<(String, String)> {
    let mut overrides = String::new();
    let mut rels = String::from(
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    );
    let mut refs = String::new();
    let mut extra = Vec::new();
    for (kind, content, id) in [("header", &d.header, "rId8"), ("footer", &d.footer, "rId9")] {
        if let Some(c) = content {
            let root = if kind == "header" { "w:hdr" } else { "w:ftr" };
            overrides.push_str(&format!(r#"<Override PartName="/word/{kind}1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>"#));
            rels.push_str(&format!(r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}1.xml"/>"#));
            refs.push_str(&format!(
                r#"<w:{kind}Reference w:type="default" r:id="{id}"/>"#
            ));
            extra.push((format!("word/{kind}1.xml"), part(root, c)));
        }
    }
    if let Some(f) = &d.footnote {
        overrides.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
        let notes = format!(
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1">{f}</w:footnote>"#
        );
        extra.push((
            "word/footnotes.xml".to_string(),
            part("w:footnotes", &notes),
        ));
    }
    let content_types = format!(
        r#"{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>{overrides}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#
    );
    let root_rels = format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let sect = format!(
        r#"<w:sectPr w:rsidR="00A4512F">{refs}<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>"#
    );
    let document = part("w:document", &format!("<w:body>{}{sect}</w:body>", d.body));
    let doc_rels = format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let styles = format!(
        r#"{DECL}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="48"/><w:color w:val="1F3864"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#
    );
    let settings = format!(
        r#"{DECL}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:rsids><w:rsidRoot w:val="00A4512F"/><w:rsid w:val="00A4512F"/><w:rsid w:val="00C73D19"/></w:rsids></w:settings>"#
    );
    let core = format!(
        r#"{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>Ministry PMO</dc:creator><cp:lastModifiedBy>Ministry PMO</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-05T09:00:00Z</dcterms:modified></cp:coreProperties>"#,
        d.title
    );
    let app = format!(
        r#"{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>1</Pages><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion></Properties>"#
    );
    let mut all = vec![
        ("[Content_Types].xml".to_string(), content_types),
        ("_rels/.rels".to_string(), root_rels),
        ("word/document.xml".to_string(), document),
        ("word/_rels/document.xml.rels".to_string(), doc_rels),
    ];
    all.extend(extra);
    all.extend([
        ("word/styles.xml".to_string(), styles),
        ("word/settings.xml".to_string(), settings),
        ("docProps/core.xml".to_string(), core),
        ("docProps/app.xml".to_string(), app),
    ]);
    all
}

/// The .docx bytes (deterministic: fixed times, fixed order).
pub fn build(d: &Docx) -> Vec<u8> {
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts(d) {
        w.start_file(name, opts).expect("zip entry");
        w.write_all(text.as_bytes()).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}
