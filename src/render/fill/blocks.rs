//! The docxtpl markers and the template source. A paragraph holding only
//! `{%p if … %}` becomes that statement (the paragraph itself vanishes), a
//! row holding only `{%tr for … %}` the same for rows, `{%tc … %}` for cells.
//! The part is then written out as minijinja source: XML as literal text,
//! tags as minijinja code, each tag remembered with its paragraph so that
//! every error can say where it is. A block must start and end in the same
//! container (table, paragraph, row), which keeps the filled XML well
//! formed and catches a loop that starts in one table and ends in another.

use super::runs::{flow_text, own_paths, own_text, scan, Span, TagKind};
use super::xml::{end_tag, escape_text, start_tag, write_node, Elem, Node};

/// Which marker a statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `{%p … %}`: whole paragraphs.
    P,
    /// `{%tr … %}`: whole table rows.
    Tr,
    /// `{%tc … %}`: whole table cells.
    Tc,
    /// A tag inside a paragraph's text.
    Inline,
}

impl Marker {
    fn prefix(self) -> &'static str {
        match self {
            Marker::P => "p",
            Marker::Tr => "tr",
            Marker::Tc => "tc",
            Marker::Inline => "",
        }
    }
}

/// A statement standing where a marked paragraph, row or cell was.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// The marker.
    pub marker: Marker,
    /// The statement without its marker (`for r in top_risks`).
    pub code: String,
    /// The element holding the marked one (table for rows).
    pub container: u32,
    /// The marked paragraph's text, for messages.
    pub paragraph: String,
    /// A paragraph that must stay although its marker goes: the one that
    /// ends a section (its properties hold the section's page layout).
    pub keep: Option<Elem>,
}

/// A tag of the template, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Expression or statement.
    pub kind: TagKind,
    /// Which marker, or inline.
    pub marker: Marker,
    /// The code between the delimiters, trimmed (marker prefix removed).
    pub inner: String,
    /// The tag as the user typed it (after run merging).
    pub text: String,
    /// The paragraph's text, for messages.
    pub paragraph: String,
    /// The container a block must start and end in.
    pub container: u32,
    /// For a tag in text: the element holding its paragraph.
    pub outer: u32,
    /// For a tag in text: the element names from its paragraph down to its
    /// text (`w:p/w:r/w:t`).
    pub shape: String,
}

/// A piece of the template source.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Literal XML.
    Lit(String),
    /// The tag with this index.
    Tag(usize),
}

/// A problem found before rendering: the paragraph's text and what is wrong.
pub type Problem = (String, String);

/// The part as template pieces.
#[derive(Debug, Default)]
pub struct Emitted {
    /// Literal XML and tags, in order.
    pub segs: Vec<Segment>,
    /// The tags.
    pub tags: Vec<Tag>,
    /// Problems found on the way.
    pub problems: Vec<Problem>,
}

/// A marker tag's kind and statement (`{%tr for r in x %}` → Tr, `for r in x`).
pub fn parse_marker(tag: &str) -> Option<(Marker, String)> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    for m in [Marker::Tr, Marker::Tc, Marker::P] {
        if let Some(rest) = inner.strip_prefix(m.prefix()) {
            if rest.starts_with(char::is_whitespace) {
                return Some((m, rest.trim().to_string()));
            }
        }
    }
    None
}

fn sole_marker(text: &str) -> Option<(Marker, String)> {
    let t = text.trim();
    match scan(t).ok()?.as_slice() {
        [Span { start: 0, end, .. }] if *end == t.len() => parse_marker(t),
        _ => None,
    }
}

/// Replaces every paragraph, row or cell that holds only its marker by
/// the marker's statement.
pub fn replace_markers(e: &mut Elem) {
    let id = e.id;
    for c in &mut e.children {
        let Node::Elem(el) = c else { continue };
        let (want, text) = match el.name.as_str() {
            "w:p" => (Marker::P, own_text(el)),
            "w:tr" => (Marker::Tr, flow_text(el)),
            "w:tc" => (Marker::Tc, flow_text(el)),
            _ => {
                replace_markers(el);
                continue;
            }
        };
        match sole_marker(&text) {
            Some((m, code)) if m == want => {
                let keep = section_end(el);
                *c = Node::Stmt(Box::new(Stmt {
                    marker: m,
                    code,
                    container: id,
                    paragraph: text.trim().to_string(),
                    keep,
                }));
            }
            _ => replace_markers(el),
        }
    }
}

/// A marker paragraph that ends a section, reduced to its properties.
fn section_end(p: &Elem) -> Option<Elem> {
    let ppr = p
        .child("w:pPr")
        .filter(|ppr| ppr.child("w:sectPr").is_some())?;
    let mut kept = Elem::new("w:p");
    kept.children.push(Node::Elem(ppr.clone()));
    Some(kept)
}

struct Emitter {
    word: bool,
    out: Emitted,
    lit: String,
    paras: Vec<(u32, String)>,
    open: Vec<(u32, String)>,
    rows: usize,
    cells: usize,
}

/// Writes the part as template pieces. `word` says the part is
/// WordprocessingML (tags live in `w:t`); otherwise any text may hold tags
/// (the document properties).
pub fn emit(prolog: &[Node], root: &Elem, word: bool) -> Emitted {
    let mut e = Emitter {
        word,
        out: Emitted::default(),
        lit: String::new(),
        paras: Vec::new(),
        open: Vec::new(),
        rows: 0,
        cells: 0,
    };
    for n in prolog {
        write_node(n, &mut e.lit);
    }
    e.elem(root);
    let lit = std::mem::take(&mut e.lit);
    e.out.segs.push(Segment::Lit(lit));
    e.out.problems.extend(check_structure(&e.out.tags));
    e.out
}

impl Emitter {
    fn elem(&mut self, e: &Elem) {
        let is_p = self.word && e.name == "w:p";
        if is_p {
            let text = own_text(e);
            self.check_field_codes(e, &text);
            self.paras.push((e.id, text));
        }
        if e.name == "w:fldSimple" {
            if let Some(instr) = e
                .attr("w:instr")
                .filter(|i| i.contains("{{") || i.contains("{%"))
            {
                let para = self.paragraph(e.id, &e.text());
                self.problem(para.1, format!("a tag inside a field code (`{}`): Word does not show field codes, so move the tag out of the field", instr.trim()));
            }
        }
        let (row, cell) = (e.name == "w:tr", e.name == "w:tc");
        self.open.push((e.id, e.name.clone()));
        self.rows += usize::from(row);
        self.cells += usize::from(cell);
        if e.children.is_empty() {
            start_tag(e, true, &mut self.lit);
        } else {
            start_tag(e, false, &mut self.lit);
            let text_here = !self.word || e.name == "w:t";
            for c in &e.children {
                match c {
                    Node::Text(t) if text_here => self.text(t, e),
                    Node::Elem(c) => self.elem(c),
                    Node::Stmt(s) => self.stmt(s),
                    other => write_node(other, &mut self.lit),
                }
            }
            end_tag(e, &mut self.lit);
        }
        self.open.pop();
        self.rows -= usize::from(row);
        self.cells -= usize::from(cell);
        if is_p {
            self.paras.pop();
        }
    }

    fn check_field_codes(&mut self, p: &Elem, text: &str) {
        let code: String = own_paths(p, "w:instrText")
            .iter()
            .map(|path| super::runs::at(p, path).text())
            .collect();
        if code.contains("{{") || code.contains("{%") {
            self.problem(
                text.to_string(),
                format!("a tag inside a field code (`{}`): Word does not show field codes, so move the tag out of the field", code.trim()),
            );
        }
    }

    fn paragraph(&self, id: u32, text: &str) -> (u32, String) {
        match self.paras.last() {
            Some(p) if self.word => p.clone(),
            _ => (id, text.to_string()),
        }
    }

    /// Where a tag in text sits: the element holding its paragraph, and the
    /// element names from the paragraph down. A block may run from one
    /// paragraph to a sibling when both tags sit alike, as the XML between
    /// them then stays balanced.
    fn place(&self, container: u32) -> (u32, String) {
        let at = self.open.iter().rposition(|(id, _)| *id == container);
        match at {
            Some(i) if self.word && i > 0 => {
                let names: Vec<&str> = self.open[i..].iter().map(|(_, n)| n.as_str()).collect();
                (self.open[i - 1].0, names.join("/"))
            }
            _ => (container, String::new()),
        }
    }

    fn problem(&mut self, paragraph: String, message: String) {
        self.out.problems.push((paragraph, message));
    }

    fn text(&mut self, t: &str, parent: &Elem) {
        let spans = match scan(t) {
            Ok(s) => s,
            Err(at) => {
                let para = self.paragraph(parent.id, t).1;
                let cut: String = t[at..].chars().take(40).collect();
                self.problem(
                    para,
                    format!("a tag is never closed: `{cut}` has no `}}}}` or `%}}`"),
                );
                Vec::new()
            }
        };
        let mut pos = 0;
        for s in spans {
            self.lit.push_str(&escape_text(&t[pos..s.start]));
            self.tag(&t[s.start..s.end], s.kind, parent);
            pos = s.end;
        }
        self.lit.push_str(&escape_text(&t[pos..]));
    }

    fn tag(&mut self, text: &str, kind: TagKind, parent: &Elem) {
        if kind == TagKind::Comment {
            return;
        }
        let (container, paragraph) = self.paragraph(parent.id, &parent.text());
        if let Some((m, _)) = parse_marker(text) {
            let msg = match m {
                Marker::P => format!("`{text}` must be alone in its paragraph"),
                Marker::Tr if self.rows > 0 => format!(
                    "`{text}` must be alone in its table row (leave the row's other cells empty)"
                ),
                Marker::Tr => format!("`{text}` is not in a table row"),
                Marker::Tc if self.cells > 0 => format!("`{text}` must be alone in its table cell"),
                _ => format!("`{text}` is not in a table cell"),
            };
            self.problem(paragraph, msg);
            return;
        }
        let inner = text[2..text.len() - 2].to_string();
        let (outer, shape) = self.place(container);
        self.push_tag(Tag {
            kind,
            marker: Marker::Inline,
            inner,
            text: text.to_string(),
            paragraph,
            container,
            outer,
            shape,
        });
    }

    fn stmt(&mut self, s: &Stmt) {
        // A kept paragraph stands outside the block: before an opening
        // marker, after a closing one.
        let closing = keyword(&s.code).starts_with("end");
        if let (Some(k), false) = (&s.keep, closing) {
            self.elem(k);
        }
        self.push_tag(Tag {
            kind: TagKind::Stmt,
            marker: s.marker,
            inner: format!(" {} ", s.code),
            text: format!("{{%{} {} %}}", s.marker.prefix(), s.code),
            paragraph: s.paragraph.clone(),
            container: s.container,
            outer: s.container,
            shape: String::new(),
        });
        if let (Some(k), true) = (&s.keep, closing) {
            self.elem(k);
        }
    }

    fn push_tag(&mut self, tag: Tag) {
        let lit = std::mem::take(&mut self.lit);
        self.out.segs.push(Segment::Lit(lit));
        self.out.segs.push(Segment::Tag(self.out.tags.len()));
        self.out.tags.push(tag);
    }
}

/// The statement's keyword (`for`, `endfor`, `else`…).
pub fn keyword(inner: &str) -> &str {
    let t = inner.trim().trim_start_matches(['-', '+']).trim_start();
    t.split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
}

/// Whether a statement opens a block that needs an end tag.
pub fn opens(inner: &str) -> bool {
    match keyword(inner) {
        "for" | "if" | "macro" | "call" | "filter" | "with" | "autoescape" | "block" | "raw" => {
            true
        }
        "set" => !inner.contains('='),
        _ => false,
    }
}

fn elsewhere(close: &Tag, open: &Tag) -> String {
    let (c, o) = (&close.text, &open.text);
    match close.marker {
        Marker::Tr => format!("`{c}` is in a different table from `{o}`: a row block must start and end in the same table"),
        Marker::Tc => format!("`{c}` is in a different row from `{o}`: a cell block must start and end in the same table row"),
        Marker::P => format!("`{c}` is not beside `{o}`: a paragraph block must start and end in the same place (the page body, one table cell or one text box)"),
        Marker::Inline => format!("`{c}` is not beside `{o}`: a block inside text must end in the same paragraph, or in a paragraph beside it at the same level (not in another cell, table or text box); to repeat or drop whole paragraphs put `{{%p … %}}` markers on paragraphs of their own"),
    }
}

fn same_place(a: &Tag, b: &Tag) -> bool {
    a.container == b.container
        || (a.marker == Marker::Inline
            && !a.shape.is_empty()
            && a.shape == b.shape
            && a.outer == b.outer)
}

/// Checks that every block is closed, in the container it was opened in,
/// with the same marker.
pub fn check_structure(tags: &[Tag]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut stack: Vec<&Tag> = Vec::new();
    for t in tags.iter().filter(|t| t.kind == TagKind::Stmt) {
        let kw = keyword(&t.inner);
        let (closing, middle) = (kw.starts_with("end"), matches!(kw, "else" | "elif"));
        if !(closing || middle) {
            if opens(&t.inner) {
                stack.push(t);
            }
            continue;
        }
        let Some(open) = stack.last().copied() else {
            problems.push((
                t.paragraph.clone(),
                format!("`{}` closes nothing: no block is open here", t.text),
            ));
            continue;
        };
        let open_kw = keyword(&open.inner);
        if closing && kw != format!("end{open_kw}") {
            problems.push((
                t.paragraph.clone(),
                format!(
                    "`{}` closes `{}`; close it with `end{open_kw}`",
                    t.text, open.text
                ),
            ));
        } else if middle && !(open_kw == "if" || (kw == "else" && open_kw == "for")) {
            problems.push((
                t.paragraph.clone(),
                format!("`{}` is not allowed inside `{}`", t.text, open.text),
            ));
        } else if t.marker != open.marker {
            problems.push((
                t.paragraph.clone(),
                format!(
                    "`{}` belongs to `{}`, which uses another marker; use the same marker on both",
                    t.text, open.text
                ),
            ));
        } else if !same_place(t, open) {
            problems.push((t.paragraph.clone(), elsewhere(t, open)));
        }
        if closing {
            stack.pop();
        }
    }
    for open in stack {
        let end = format!("end{}", keyword(&open.inner));
        let hint = match open.marker {
            Marker::Inline => format!("add `{{% {end} %}}` later in the same paragraph"),
            m => format!(
                "add `{{%{} {end} %}}` {}",
                m.prefix(),
                match m {
                    Marker::Tr => "in a row of its own in the same table",
                    Marker::Tc => "in a cell of its own in the same row",
                    _ => "in a paragraph of its own",
                }
            ),
        };
        problems.push((
            open.paragraph.clone(),
            format!("`{}` is never closed: {hint}", open.text),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read() {
        assert_eq!(
            parse_marker("{%tr for r in x %}"),
            Some((Marker::Tr, "for r in x".into()))
        );
        assert_eq!(
            parse_marker("{%p endif %}"),
            Some((Marker::P, "endif".into()))
        );
        assert_eq!(parse_marker("{% if x %}"), None);
        assert_eq!(parse_marker("{%print %}"), None);
    }

    #[test]
    fn keywords() {
        assert_eq!(keyword(" for r in x "), "for");
        assert_eq!(keyword("- endfor "), "endfor");
        assert!(opens(" set x "));
        assert!(!opens(" set x = 1 "));
    }
}
