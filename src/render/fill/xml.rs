//! A small owned tree over quick-xml events, so that runs can be merged and
//! rows replaced by their loop markers. quick-xml does the parsing and the
//! escaping; this file only keeps the events in a tree and writes them back.
//! Attribute values are kept exactly as written (still escaped), so an
//! element that is not edited keeps its attributes to the byte.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An element, text, or anything else kept verbatim.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Elem(Elem),
    /// Character data, unescaped.
    Text(String),
    /// A processing instruction's content (`target data`).
    Pi(String),
    /// Anything written back as is: declaration, comment, CDATA, doctype.
    Raw(String),
    /// A template statement standing where a paragraph, row or cell was
    /// (filled in by the marker pass, never by the parser).
    Stmt(Box<super::blocks::Stmt>),
}

/// An element with its attributes (raw, still escaped) and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    /// Qualified name as written (`w:p`).
    pub name: String,
    /// Attributes as (qualified name, raw escaped value).
    pub attrs: Vec<(String, String)>,
    /// Children in order.
    pub children: Vec<Node>,
    /// A number unique within the part, for telling containers apart.
    pub id: u32,
}

impl Elem {
    /// A new element with no attributes or children.
    pub fn new(name: &str) -> Elem {
        Elem {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
            id: 0,
        }
    }

    /// An attribute's value, unescaped.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| {
            quick_xml::escape::unescape(v).map_or_else(|_| v.clone(), |c| c.into_owned())
        })
    }

    /// Sets an attribute (the value is escaped here).
    pub fn set_attr(&mut self, name: &str, value: &str) {
        let raw = quick_xml::escape::escape(value).into_owned();
        match self.attrs.iter_mut().find(|(k, _)| k == name) {
            Some(a) => a.1 = raw,
            None => self.attrs.push((name.to_string(), raw)),
        }
    }

    /// Child elements with this name.
    pub fn elems<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter_map(move |c| match c {
            Node::Elem(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find_map(|c| match c {
            Node::Elem(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// The first child element with this name, mutably.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Elem> {
        self.children.iter_mut().find_map(|c| match c {
            Node::Elem(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// All character data below this element, in order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        collect_text(self, &mut s);
        s
    }
}

fn collect_text(e: &Elem, out: &mut String) {
    for c in &e.children {
        match c {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) => collect_text(e, out),
            _ => {}
        }
    }
}

/// A parsed part: what comes before the root (declaration), and the root.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Nodes before the root element.
    pub prolog: Vec<Node>,
    /// The root element.
    pub root: Elem,
}

fn start_elem(e: &BytesStart<'_>, next_id: &mut u32) -> Result<Elem, quick_xml::Error> {
    let mut el = Elem::new(e.name().as_ref());
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        el.attrs
            .push((a.key.as_ref().to_string(), a.value.into_owned()));
    }
    *next_id += 1;
    el.id = *next_id;
    Ok(el)
}

fn push(stack: &mut [Elem], prolog: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(top) => top.children.push(node),
        None => prolog.push(node),
    }
}

fn push_text(stack: &mut [Elem], prolog: &mut Vec<Node>, text: &str) {
    match stack.last_mut() {
        Some(top) => {
            if let Some(Node::Text(t)) = top.children.last_mut() {
                t.push_str(text);
            } else {
                top.children.push(Node::Text(text.to_string()));
            }
        }
        // Only whitespace can stand outside the root.
        None => prolog.push(Node::Raw(text.to_string())),
    }
}

fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> Result<String, quick_xml::Error> {
    if let Some(c) = r.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    let name: &str = r;
    Ok(quick_xml::escape::resolve_predefined_entity(name)
        .map_or_else(|| format!("&{name};"), str::to_string))
}

/// Parses a part.
///
/// # Errors
///
/// quick-xml's error when the part is not well-formed.
pub fn parse(text: &str) -> Result<Doc, quick_xml::Error> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Elem> = Vec::new();
    let mut prolog = Vec::new();
    let mut root = None;
    let mut next_id = 0u32;
    loop {
        match reader.read_event()? {
            Event::Start(e) => stack.push(start_elem(&e, &mut next_id)?),
            Event::Empty(e) => {
                let el = start_elem(&e, &mut next_id)?;
                if stack.is_empty() {
                    root = Some(el);
                } else {
                    push(&mut stack, &mut prolog, Node::Elem(el));
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| {
                    quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::UnmatchedEndTag(
                        String::new(),
                    ))
                })?;
                if stack.is_empty() {
                    root = Some(el);
                } else {
                    push(&mut stack, &mut prolog, Node::Elem(el));
                }
            }
            Event::Text(t) => push_text(&mut stack, &mut prolog, &t.xml10_content()),
            Event::GeneralRef(r) => push_text(&mut stack, &mut prolog, &resolve_ref(&r)?),
            Event::CData(c) => push(
                &mut stack,
                &mut prolog,
                Node::Raw(format!("<![CDATA[{}]]>", &*c)),
            ),
            Event::Comment(c) => push(
                &mut stack,
                &mut prolog,
                Node::Raw(format!("<!--{}-->", &*c)),
            ),
            Event::Decl(d) => push(&mut stack, &mut prolog, Node::Raw(format!("<?{}?>", &*d))),
            Event::PI(p) => push(&mut stack, &mut prolog, Node::Pi(p.to_string())),
            Event::DocType(d) => push(
                &mut stack,
                &mut prolog,
                Node::Raw(format!("<!DOCTYPE {}>", &*d)),
            ),
            Event::Eof => break,
        }
    }
    let root = root.ok_or_else(|| {
        quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(
            stack.last().map(|e| e.name.clone()).unwrap_or_default(),
        ))
    })?;
    Ok(Doc { prolog, root })
}

/// Writes an element's start tag (`<w:p a="1">`, or `<w:p/>` when `empty`).
pub fn start_tag(e: &Elem, empty: bool, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        // A value that was written between single quotes may hold `"`.
        out.push_str(&v.replace('"', "&quot;"));
        out.push('"');
    }
    out.push_str(if empty { "/>" } else { ">" });
}

/// Writes an element's end tag.
pub fn end_tag(e: &Elem, out: &mut String) {
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// Escapes character data.
pub fn escape_text(t: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::partial_escape(t)
}

/// Writes a whole element.
pub fn write_elem(e: &Elem, out: &mut String) {
    if e.children.is_empty() {
        start_tag(e, true, out);
        return;
    }
    start_tag(e, false, out);
    for c in &e.children {
        write_node(c, out);
    }
    end_tag(e, out);
}

/// Writes a node (statements are not XML and are written as nothing).
pub fn write_node(n: &Node, out: &mut String) {
    match n {
        Node::Elem(e) => write_elem(e, out),
        Node::Text(t) => out.push_str(&escape_text(t)),
        Node::Pi(p) => {
            out.push_str("<?");
            out.push_str(p);
            out.push_str("?>");
        }
        Node::Raw(r) => out.push_str(r),
        Node::Stmt(_) => {}
    }
}

/// Writes a part.
pub fn write_doc(d: &Doc) -> String {
    let mut out = String::new();
    for n in &d.prolog {
        write_node(n, &mut out);
    }
    write_elem(&d.root, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_text_and_attributes() {
        let src = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="x"><w:body><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve"> a &amp; b &lt;c&gt; </w:t></w:r></w:p><w:sectPr/></w:body></w:document>"#;
        let d = parse(src).unwrap();
        assert_eq!(d.root.text(), " a & b <c> ");
        assert_eq!(write_doc(&d), src);
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }
}
