//! Edits to the parts docx-rs writes, for what it cannot say: the default
//! paragraph style and the document language (`styles.xml`), table header
//! rows and image descriptions (`document.xml`). Each edit streams the part
//! through quick-xml and changes only the elements named; everything else
//! is written back as it was read.

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

/// The document's language, for spelling and for screen readers.
pub const LANGUAGE: &str = "en-CA";

/// What `document.xml` needs beyond what docx-rs wrote.
#[derive(Debug, Clone, Default)]
pub struct DocumentEdits {
    /// For each table in document order, whether its first row is a header
    /// that repeats on every page.
    pub header_rows: Vec<bool>,
    /// For each image in document order, its description (alt text).
    pub alt_texts: Vec<String>,
}

fn name_is(e: &BytesStart<'_>, name: &str) -> bool {
    e.name().0 == name
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == key)
        .map(|a| a.value.to_string())
}

/// Streams `xml` through `edit`, which writes each event (changed or not).
fn rewrite(
    xml: &str,
    mut edit: impl FnMut(Event<'_>, &mut Writer<Vec<u8>>) -> std::io::Result<()>,
) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 256));
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            e => edit(e, &mut writer).map_err(|e| e.to_string())?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|e| e.to_string())
}

fn lang() -> BytesStart<'static> {
    BytesStart::new("w:lang").with_attributes([
        ("w:val", LANGUAGE),
        ("w:eastAsia", LANGUAGE),
        ("w:bidi", "ar-SA"),
    ])
}

/// Marks the Normal style as the default paragraph style and sets the
/// document language in the run defaults.
pub fn edit_styles(xml: &str) -> Result<String, String> {
    let mut in_defaults = false;
    rewrite(xml, |e, w| {
        match e {
            Event::Start(s) if name_is(&s, "w:style") => {
                let normal = attr(&s, "w:styleId").as_deref() == Some("Normal")
                    && attr(&s, "w:default").is_none();
                let mut s = s.into_owned();
                if normal {
                    s.push_attribute(("w:default", "1"));
                }
                w.write_event(Event::Start(s))
            }
            Event::Start(s) if name_is(&s, "w:rPrDefault") => {
                in_defaults = true;
                w.write_event(Event::Start(s))
            }
            Event::End(s) if s.name().0 == "w:rPrDefault" => {
                in_defaults = false;
                w.write_event(Event::End(s))
            }
            // The run defaults: `<w:rPr />` or `<w:rPr>…</w:rPr>`.
            Event::Empty(s) if in_defaults && name_is(&s, "w:rPr") => {
                w.write_event(Event::Start(BytesStart::new("w:rPr")))?;
                w.write_event(Event::Empty(lang()))?;
                w.write_event(Event::End(BytesEnd::new("w:rPr")))
            }
            Event::End(s) if in_defaults && s.name().0 == "w:rPr" => {
                w.write_event(Event::Empty(lang()))?;
                w.write_event(Event::End(s))
            }
            other => w.write_event(other),
        }
    })
}

/// Makes the first row of each header table repeat on every page and
/// gives each image its description.
pub fn edit_document(xml: &str, edits: &DocumentEdits) -> Result<String, String> {
    let mut tables = 0usize;
    let mut images = 0usize;
    let mut header_pending = false;
    rewrite(xml, |e, w| match e {
        Event::Start(s) if name_is(&s, "w:tbl") => {
            header_pending = edits.header_rows.get(tables).copied().unwrap_or(false);
            tables += 1;
            w.write_event(Event::Start(s))
        }
        // Every row has properties (rows never split across pages).
        Event::Start(s) if header_pending && name_is(&s, "w:trPr") => {
            header_pending = false;
            w.write_event(Event::Start(s))?;
            w.write_event(Event::Empty(BytesStart::new("w:tblHeader")))
        }
        Event::Empty(s) if name_is(&s, "wp:docPr") => {
            let mut s = s.into_owned();
            if attr(&s, "descr").is_none() {
                if let Some(alt) = edits.alt_texts.get(images) {
                    s.push_attribute(("descr", alt.as_str()));
                }
            }
            images += 1;
            w.write_event(Event::Empty(s))
        }
        other => w.write_event(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_becomes_the_default_and_the_language_is_set() {
        let xml = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22" /></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title" /></w:style></w:styles>"#;
        let out = edit_styles(xml).unwrap();
        assert!(out.contains(r#"w:styleId="Normal" w:default="1""#), "{out}");
        assert!(!out.contains(r#"w:styleId="Title" w:default"#), "{out}");
        assert!(
            out.contains(r#"<w:sz w:val="22" /><w:lang w:val="en-CA""#),
            "{out}"
        );
        let empty = edit_styles("<w:rPrDefault><w:rPr /></w:rPrDefault>").unwrap();
        assert!(empty.contains("<w:rPr><w:lang"), "{empty}");
    }

    #[test]
    fn only_header_tables_get_a_repeating_first_row() {
        let row = "<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>";
        let xml = format!("<w:body><w:tbl>{row}{row}</w:tbl><w:tbl>{row}</w:tbl></w:body>");
        let edits = DocumentEdits {
            header_rows: vec![true, false],
            alt_texts: vec![],
        };
        let out = edit_document(&xml, &edits).unwrap();
        assert_eq!(out.matches("<w:tblHeader/>").count(), 1, "{out}");
        assert!(out.starts_with("<w:body><w:tbl><w:tr><w:trPr><w:tblHeader/>"));
    }

    #[test]
    fn images_get_their_description_escaped() {
        let xml = r#"<w:drawing><wp:docPr id="1" name="Figure" /></w:drawing>"#;
        let edits = DocumentEdits {
            header_rows: vec![],
            alt_texts: vec!["Plan <$5> & \"more\"".into()],
        };
        let out = edit_document(xml, &edits).unwrap();
        assert!(
            out.contains(r#"descr="Plan &lt;$5&gt; &amp; &quot;more&quot;""#),
            "{out}"
        );
    }
}
