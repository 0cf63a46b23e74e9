//! The document language templates produce: a small, readable Markdown.
//!
//! | line | block |
//! | --- | --- |
//! | `# Text` | Title |
//! | `## Text`, `### Text`, `#### Text` | Heading 1, 2, 3 |
//! | `- item` / `* item` | bulleted list item |
//! | `1. item` | numbered list item |
//! | `\| a \| b \|` (then `\|---\|---\|`) | table; the first row is the header |
//! | `\pagebreak` | page break |
//! | `![caption](image-key)` | an image the renderer supplies |
//! | `![caption](image-key "description")` | the same, described for screen readers |
//! | other lines | paragraph text (consecutive lines join) |
//!
//! A table cell that holds exactly a status word (Green, Amber, Red,
//! Unknown) is shaded in its colour and keeps the word; a table with a
//! Signature column gets rows tall enough to sign.
//!
//! Inline: `**bold**`, `*italic*`, `\X` for a literal punctuation character
//! X, `\n` for a line break. Values from workbooks are escaped this way by
//! the template engine, so `**`, `|` or `#` in a risk description stay text.

use crate::render::text::{is_line_break, xml_char};

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text.
    Text {
        /// The characters.
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
    },
    /// A line break within the paragraph.
    Break,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The document title.
    Title(Vec<Inline>),
    /// A heading, level 1–3.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// List items; `true` for numbered.
    List(bool, Vec<Vec<Inline>>),
    /// A table: header cells, then rows.
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    /// A page break.
    PageBreak,
    /// An image by key, with its caption and its description (alt text;
    /// empty when the template gives none).
    Image(String, String, String),
}

/// Escapes text so the parser gives it back literally. Every kind of line
/// break (a soft line break pasted from Word is `\x0b`) becomes a line
/// break; other control characters, which Word refuses, are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' | '*' | '_' | '|' | '#' | '!' | '[' | ']' | '(' | ')' | '-' | '+' | '`' | '.' => {
                out.push('\\');
                out.push(c);
            }
            c if is_line_break(c) => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Parses inline text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut buf = String::new();
    let flush = |buf: &mut String, out: &mut Vec<Inline>, bold, italic| {
        if !buf.is_empty() {
            out.push(Inline::Text {
                text: std::mem::take(buf),
                bold,
                italic,
            });
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                if chars[i + 1] == 'n' {
                    flush(&mut buf, &mut out, bold, italic);
                    out.push(Inline::Break);
                } else {
                    buf.push(chars[i + 1]);
                }
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                flush(&mut buf, &mut out, bold, italic);
                bold = !bold;
                i += 2;
                continue;
            }
            '*' => {
                flush(&mut buf, &mut out, bold, italic);
                italic = !italic;
            }
            c => buf.push(c),
        }
        i += 1;
    }
    flush(&mut buf, &mut out, bold, italic);
    out
}

/// Splits a table row on unescaped `|`.
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push('\\');
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// `key` or `key "description"`: the description is document-language
/// text (values inserted by a template arrive escaped).
fn image_target(target: &str) -> (String, String) {
    match target.split_once(" \"") {
        Some((key, rest)) => {
            let alt = rest.strip_suffix('"').unwrap_or(rest);
            let text = inlines(alt)
                .into_iter()
                .map(|i| match i {
                    Inline::Text { text, .. } => text,
                    Inline::Break => " ".into(),
                })
                .collect();
            (key.trim().to_string(), text)
        }
        None => (target.trim().to_string(), String::new()),
    }
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Parses a whole document.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let flush_para = |para: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inlines(&para.join(" "))));
            para.clear();
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        let t = line.trim_start();
        if t.is_empty() {
            flush_para(&mut para, &mut blocks);
            i += 1;
            continue;
        }
        if t == "\\pagebreak" {
            flush_para(&mut para, &mut blocks);
            blocks.push(Block::PageBreak);
            i += 1;
            continue;
        }
        let heading = t.chars().take_while(|c| *c == '#').count();
        if heading > 0 && heading <= 4 && t[heading..].starts_with(' ') {
            flush_para(&mut para, &mut blocks);
            let content = inlines(t[heading..].trim());
            blocks.push(if heading == 1 {
                Block::Title(content)
            } else {
                Block::Heading(heading as u8 - 1, content)
            });
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix("![") {
            if let Some((caption, tail)) = rest.split_once("](") {
                if let Some(target) = tail.strip_suffix(')') {
                    flush_para(&mut para, &mut blocks);
                    let (key, alt) = image_target(target);
                    blocks.push(Block::Image(key, caption.to_string(), alt));
                    i += 1;
                    continue;
                }
            }
        }
        if t.starts_with('|') {
            flush_para(&mut para, &mut blocks);
            let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
            let mut header: Vec<Vec<Inline>> = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                let l = lines[i];
                if is_separator(l) {
                    if rows.len() == 1 {
                        header = rows.remove(0);
                    }
                } else {
                    rows.push(cells(l).iter().map(|c| inlines(c)).collect());
                }
                i += 1;
            }
            blocks.push(Block::Table(header, rows));
            continue;
        }
        let bullet = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "));
        let numbered = t
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|(_, r)| r);
        if let Some(item) = bullet.or(numbered) {
            flush_para(&mut para, &mut blocks);
            let ordered = bullet.is_none();
            let mut items = vec![inlines(item)];
            i += 1;
            while i < lines.len() {
                let n = lines[i].trim();
                let next = if ordered {
                    n.split_once(". ")
                        .filter(|(d, _)| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                        .map(|(_, r)| r)
                } else {
                    n.strip_prefix("- ").or_else(|| n.strip_prefix("* "))
                };
                match next {
                    Some(item) => items.push(inlines(item)),
                    None => break,
                }
                i += 1;
            }
            blocks.push(Block::List(ordered, items));
            continue;
        }
        para.push(t.to_string());
        i += 1;
    }
    flush_para(&mut para, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn escaped_cell_text_comes_back_literally() {
        let hostile = "<w:t>&{{x}}**|# - 1. [a](b)\nsecond line \\ end";
        let parsed = inlines(&escape(hostile));
        assert_eq!(
            parsed,
            vec![
                text("<w:t>&{{x}}**|# - 1. [a](b)"),
                Inline::Break,
                text("second line \\ end")
            ]
        );
        // In a table cell too.
        let doc = parse(&format!(
            "| A | B |\n|---|---|\n| {} | x |",
            escape(hostile)
        ));
        match &doc[0] {
            Block::Table(h, rows) => {
                assert_eq!(h.len(), 2);
                assert_eq!(rows[0].len(), 2);
                assert_eq!(rows[0][0][0], text("<w:t>&{{x}}**|# - 1. [a](b)"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_line_break_breaks_and_other_controls_go() {
        assert_eq!(
            inlines(&escape("a\x0bb\r\nc\rd\x01\x1b[31me\u{2028}f")),
            vec![
                text("a"),
                Inline::Break,
                text("b"),
                Inline::Break,
                text("c"),
                Inline::Break,
                text("d[31me"),
                Inline::Break,
                text("f")
            ]
        );
    }

    #[test]
    fn blocks() {
        let doc = parse("# Title\n\n## One\nSome **bold** and *it*\ncontinued.\n\n- a\n- b\n\n1. x\n2. y\n\n\\pagebreak\n![Chart](chart)\n![Chart](chart \"Plan \\$1\\.5M\")\n");
        assert_eq!(doc[0], Block::Title(vec![text("Title")]));
        assert_eq!(doc[1], Block::Heading(1, vec![text("One")]));
        match &doc[2] {
            Block::Paragraph(p) => {
                assert_eq!(
                    p[1],
                    Inline::Text {
                        text: "bold".into(),
                        bold: true,
                        italic: false
                    }
                );
                assert_eq!(
                    p[3],
                    Inline::Text {
                        text: "it".into(),
                        bold: false,
                        italic: true
                    }
                );
                assert_eq!(p[4], text(" continued."));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&doc[3], Block::List(false, items) if items.len() == 2));
        assert!(matches!(&doc[4], Block::List(true, items) if items.len() == 2));
        assert_eq!(doc[5], Block::PageBreak);
        assert_eq!(
            doc[6],
            Block::Image("chart".into(), "Chart".into(), String::new())
        );
        assert_eq!(
            doc[7],
            Block::Image("chart".into(), "Chart".into(), "Plan $1.5M".into())
        );
    }
}
