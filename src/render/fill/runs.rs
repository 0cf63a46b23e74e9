//! Finding tags in a paragraph's text and merging the runs Word split them
//! into. Word cuts a typed `{{ project.name }}` into several runs whenever
//! the spelling checker, a revision id or a formatting change touches it;
//! the text of a tag is moved into the run where the tag starts (so it keeps
//! that run's formatting) and the runs left empty are removed. Proofing
//! marks go; bookmarks stay where they were, between runs.

use super::xml::{Elem, Node};

/// What a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// `{{ … }}`.
    Expr,
    /// `{% … %}`.
    Stmt,
    /// `{# … #}`.
    Comment,
}

/// A tag found in text: byte range and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Start of `{{`.
    pub start: usize,
    /// End, just after `}}`.
    pub end: usize,
    /// Which kind of tag.
    pub kind: TagKind,
}

/// Elements whose paragraphs are not the enclosing paragraph's text
/// (drawings and text boxes hold paragraphs of their own).
const NESTED: &[&str] = &[
    "w:drawing",
    "w:pict",
    "mc:AlternateContent",
    "w:object",
    "w:txbxContent",
    "w:p",
    "w:tbl",
];

/// Finds the tags in text. `Err(offset)` names the first tag never closed.
pub fn scan(text: &str) -> Result<Vec<Span>, usize> {
    match scan_partial(text) {
        (spans, None) => Ok(spans),
        (_, Some(at)) => Err(at),
    }
}

/// The tags in text up to the first one never closed, and where that one
/// starts.
pub fn scan_partial(text: &str) -> (Vec<Span>, Option<usize>) {
    let mut spans = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find('{') {
        let start = pos + i;
        let (close, kind) = match text.get(start + 1..start + 2) {
            Some("{") => ("}}", TagKind::Expr),
            Some("%") => ("%}", TagKind::Stmt),
            Some("#") => ("#}", TagKind::Comment),
            _ => {
                pos = start + 1;
                continue;
            }
        };
        let Some(j) = text[start + 2..].find(close) else {
            return (spans, Some(start));
        };
        let end = start + 2 + j + 2;
        spans.push(Span { start, end, kind });
        pos = end;
    }
    (spans, None)
}

/// Whether text may hold a tag (possibly cut by an unclosed one).
pub fn has_tag_start(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

/// Paths (child indices) to the elements named `name` that belong to this
/// paragraph, row or cell's own text, in document order.
pub fn own_paths(e: &Elem, name: &str) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk_paths(e, name, &mut path, &mut out);
    out
}

fn walk_paths(e: &Elem, name: &str, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, c) in e.children.iter().enumerate() {
        if let Node::Elem(c) = c {
            path.push(i);
            if c.name == name {
                out.push(path.clone());
            } else if !NESTED.contains(&c.name.as_str()) {
                walk_paths(c, name, path, out);
            }
            path.pop();
        }
    }
}

/// The element at a path.
pub fn at<'a>(e: &'a Elem, path: &[usize]) -> &'a Elem {
    path.iter().fold(e, |e, &i| match &e.children[i] {
        Node::Elem(c) => c,
        _ => unreachable!("paths point at elements"),
    })
}

fn at_mut<'a>(e: &'a mut Elem, path: &[usize]) -> &'a mut Elem {
    path.iter().fold(e, |e, &i| match &mut e.children[i] {
        Node::Elem(c) => c,
        _ => unreachable!("paths point at elements"),
    })
}

/// The text a reader sees in a paragraph (its own runs, not text boxes).
pub fn own_text(p: &Elem) -> String {
    own_paths(p, "w:t")
        .iter()
        .map(|path| at(p, path).text())
        .collect()
}

/// The text of a row or cell: its paragraphs' own text, nested tables left
/// out.
pub fn flow_text(e: &Elem) -> String {
    let mut s = String::new();
    for c in &e.children {
        if let Node::Elem(c) = c {
            match c.name.as_str() {
                "w:p" => s.push_str(&own_text(c)),
                "w:tbl" => {}
                _ => s.push_str(&flow_text(c)),
            }
        }
    }
    s
}

/// Word's typing turns `"` into curly quotes; inside a tag they mean `"`.
fn straighten(tag: &str) -> String {
    tag.chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect()
}

/// Merges the runs of every paragraph below `e` (text boxes included).
/// Returns whether any tag was found.
pub fn merge_all(e: &mut Elem) -> bool {
    let mut found = false;
    for c in &mut e.children {
        if let Node::Elem(c) = c {
            found |= merge_all(c);
        }
    }
    if e.name == "w:p" {
        found |= merge_paragraph(e);
    }
    found
}

/// Moves each tag's text into the run where it starts. Returns whether the
/// paragraph holds a tag.
pub fn merge_paragraph(p: &mut Elem) -> bool {
    let paths = own_paths(p, "w:t");
    let texts: Vec<String> = paths.iter().map(|path| at(p, path).text()).collect();
    let full: String = texts.concat();
    if !full.contains('{') {
        return false;
    }
    // Which w:t each byte of the paragraph's text came from.
    let mut owner: Vec<usize> = Vec::with_capacity(full.len());
    for (i, t) in texts.iter().enumerate() {
        owner.extend(std::iter::repeat_n(i, t.len()));
    }
    // A tag never closed takes the rest of the paragraph, so that the
    // error shows it whole.
    let (mut spans, unclosed) = scan_partial(&full);
    if let Some(start) = unclosed {
        spans.push(Span {
            start,
            end: full.len(),
            kind: TagKind::Expr,
        });
    }
    let mut new_full = String::with_capacity(full.len());
    let mut new_owner = Vec::with_capacity(full.len());
    let mut pos = 0;
    for s in &spans {
        new_full.push_str(&full[pos..s.start]);
        new_owner.extend_from_slice(&owner[pos..s.start]);
        let tag = straighten(&full[s.start..s.end]);
        new_owner.extend(std::iter::repeat_n(owner[s.start], tag.len()));
        new_full.push_str(&tag);
        pos = s.end;
    }
    new_full.push_str(&full[pos..]);
    new_owner.extend_from_slice(&owner[pos..]);
    let mut new_texts = vec![String::new(); texts.len()];
    let mut start = 0;
    for (i, _) in new_full
        .char_indices()
        .skip(1)
        .chain([(new_full.len(), ' ')])
    {
        new_texts[new_owner[start]].push_str(&new_full[start..i]);
        start = i;
    }
    for (i, path) in paths.iter().enumerate() {
        let t = at_mut(p, path);
        if new_texts[i] == texts[i] {
            continue;
        }
        if new_texts[i].is_empty() {
            // A tombstone, swept below with the run it leaves empty.
            t.name.clear();
        } else {
            // What is left may now start or end with a space.
            t.children = vec![Node::Text(std::mem::take(&mut new_texts[i]))];
            t.set_attr("xml:space", "preserve");
        }
    }
    for path in &paths {
        let t = at_mut(p, path);
        if !t.name.is_empty() && has_tag_start(&t.text()) {
            // A value may start or end with a space.
            t.set_attr("xml:space", "preserve");
        }
    }
    sweep(p);
    !spans.is_empty()
}

/// Removes tombstoned w:t, runs left with nothing but their properties, and
/// proofing marks.
fn sweep(e: &mut Elem) {
    e.children.retain_mut(|c| match c {
        Node::Elem(c) if c.name.is_empty() || c.name == "w:proofErr" => false,
        Node::Elem(c) if NESTED.contains(&c.name.as_str()) => true,
        Node::Elem(c) => {
            let had_tombstone = c
                .children
                .iter()
                .any(|n| matches!(n, Node::Elem(e) if e.name.is_empty()));
            sweep(c);
            let empty_run = c.name == "w:r"
                && c.children
                    .iter()
                    .all(|n| matches!(n, Node::Elem(e) if e.name == "w:rPr"));
            !(had_tombstone && empty_run)
        }
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fill::xml::parse;

    #[test]
    fn scan_finds_all_three_kinds_and_unclosed() {
        let s = scan("a {{ x }} b {% if y %}{# c #}").unwrap();
        assert_eq!(
            s.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [TagKind::Expr, TagKind::Stmt, TagKind::Comment]
        );
        assert_eq!(scan("a {{ x "), Err(2));
        assert!(scan("{ x } {").unwrap().is_empty());
    }

    #[test]
    fn split_tag_moves_into_first_run() {
        let x = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Name: {{ pro</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:i/></w:rPr><w:t>ject.na</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>me }} end</w:t></w:r></w:p>"#;
        let mut d = parse(x).unwrap();
        assert!(merge_paragraph(&mut d.root));
        let out = crate::render::fill::xml::write_doc(&d);
        assert_eq!(
            out,
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Name: {{ project.name }}</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t xml:space="preserve"> end</w:t></w:r></w:p>"#
        );
    }
}
