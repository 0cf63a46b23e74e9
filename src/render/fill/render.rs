//! Rendering one part's template pieces with minijinja, finding every error
//! rather than the first: each tag is checked for syntax on its own, then
//! the part is rendered; a tag that fails is recorded, made harmless and the
//! part rendered again, until it renders cleanly.

use super::blocks::{keyword, opens, Problem, Segment, Tag};
use super::env::{environment, Shared, CHARTS};
use super::runs::TagKind;
use super::suggest::unknown_field;
use minijinja::{Environment, ErrorKind, Value};
use std::ops::Range;

/// At most this many errors are collected in one part.
const MAX_ERRORS: usize = 50;

/// The source of one tag, with a line break before its closing delimiter
/// so that every tag sits on a line of its own for error lines.
fn code(kind: TagKind, inner: &str) -> String {
    let mut body = inner.trim();
    let lead = if let Some(b) = body.strip_prefix('-') {
        body = b.trim();
        "-"
    } else {
        ""
    };
    let trail = if let Some(b) = body.strip_suffix('-') {
        body = b.trim();
        "-"
    } else {
        ""
    };
    match kind {
        TagKind::Expr => format!("{{{{{lead} {body} \n{trail}}}}}"),
        _ => format!("{{%{lead} {body} \n{trail}%}}"),
    }
}

/// A harmless stand-in for a tag that failed, keeping blocks balanced.
fn neutral(tag: &Tag) -> Option<String> {
    let kw = keyword(&tag.inner);
    let inner = match (tag.kind, kw) {
        (TagKind::Expr, _) => "\"\"".to_string(),
        (_, "for") => "for _ in []".to_string(),
        (_, "if") => "if false".to_string(),
        (_, "elif") => "elif false".to_string(),
        (_, "set") if !opens(&tag.inner) => {
            let body = tag.inner.trim().trim_start_matches('-').trim_start();
            let name = body
                .strip_prefix("set")?
                .split('=')
                .next()?
                .trim()
                .to_string();
            format!("set {name} = none")
        }
        (_, "with") => "with".to_string(),
        _ => return None,
    };
    Some(code(tag.kind, &inner))
}

/// Literal text, protected from minijinja where it could look like a tag.
fn literal(lit: &str, out: &mut String) {
    let (body, brace) = match lit.strip_suffix('{') {
        Some(b) => (b, true),
        None => (lit, false),
    };
    if body.contains("{{") || body.contains("{%") || body.contains("{#") {
        out.push_str("{% raw %}");
        out.push_str(body);
        out.push_str("{% endraw %}");
    } else {
        out.push_str(body);
    }
    if brace {
        out.push_str("{{ \"{\" }}");
    }
}

/// The whole source, and each tag's byte range in it.
fn build(segs: &[Segment], codes: &[String]) -> (String, Vec<Range<usize>>) {
    let mut out = String::new();
    let mut ranges = vec![0..0; codes.len()];
    for s in segs {
        match s {
            Segment::Lit(l) => literal(l, &mut out),
            Segment::Tag(i) => {
                let start = out.len();
                out.push_str(&codes[*i]);
                ranges[*i] = start..out.len();
            }
        }
    }
    (out, ranges)
}

fn syntax_snippet(tag: &Tag) -> Option<String> {
    let kw = keyword(&tag.inner);
    let own = code(tag.kind, &tag.inner);
    match tag.kind {
        TagKind::Expr => Some(own),
        _ if kw.starts_with("end") => None,
        _ if kw == "else" || kw == "elif" => Some(format!("{{% if true %}}{own}{{% endif %}}")),
        _ if opens(&tag.inner) => Some(format!("{own}{{% end{kw} %}}")),
        _ => Some(own),
    }
}

/// The expression part of a tag (`xs` of `for x in xs`); empty for a
/// statement without one (`endfor`, `else`).
pub fn expression(tag: &Tag) -> &str {
    let t = tag.inner.trim().trim_matches('-').trim();
    if tag.kind == TagKind::Expr {
        return t;
    }
    match keyword(t) {
        "for" => t.split_once(" in ").map_or("", |(_, e)| e),
        "if" | "elif" => &t[keyword(t).len()..],
        "set" => t.split_once('=').map_or("", |(_, e)| e),
        _ => "",
    }
}

fn describe(
    e: &minijinja::Error,
    source: &str,
    tag: Option<&Tag>,
    ctx: &serde_json::Value,
) -> String {
    let expr = e
        .range()
        .and_then(|r| source.get(r))
        .map(str::trim)
        .unwrap_or("");
    match e.kind() {
        ErrorKind::UndefinedError => unknown_field(tag.map_or(expr, expression), ctx),
        ErrorKind::UnknownFunction => format!(
            "unknown function in `{expr}`; the functions are chart({}) and rag(…), plus minijinja's own",
            CHARTS.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
        ),
        ErrorKind::SyntaxError => format!(
            "syntax error: {}",
            e.detail().unwrap_or("the tag cannot be read")
        ),
        k => e.detail().map_or_else(|| k.to_string(), str::to_string),
    }
}

/// What to write instead of a docxtpl extension pmo does not read.
fn docxtpl_extension(tag: &Tag) -> Option<&'static str> {
    let prefixed =
        |p: &str| tag.text.starts_with(p) && tag.text[p.len()..].starts_with(char::is_whitespace);
    if prefixed("{{r") || prefixed("{%r") {
        return Some("docxtpl's rich-text tags are not read by pmo: write `{{ … }}` and format the tag in Word");
    }
    if prefixed("{{p") {
        return Some("docxtpl's sub-documents are not read by pmo: write `{{ … }}`");
    }
    match keyword(&tag.inner) {
        "cellbg" => Some(
            "docxtpl's `cellbg` is not read by pmo: `{{ rag(…) }}` shades a cell by its RAG word",
        ),
        "vm" | "hm" | "colspan" => {
            Some("docxtpl's cell-merging tags are not read by pmo: merge the cells in Word")
        }
        _ => None,
    }
}

/// Every tag that minijinja cannot read, each checked on its own so that
/// one typo does not hide the next.
pub fn syntax_problems(tags: &[Tag]) -> Vec<Problem> {
    let env = Environment::new();
    tags.iter()
        .filter_map(|t| {
            if let Some(hint) = docxtpl_extension(t) {
                return Some((t.paragraph.clone(), format!("`{}`: {hint}", t.text)));
            }
            let snippet = syntax_snippet(t)?;
            let err = env.template_from_str(&snippet).err()?;
            Some((
                t.paragraph.clone(),
                format!(
                    "`{}`: syntax error: {}",
                    t.text,
                    err.detail().unwrap_or("the tag cannot be read")
                ),
            ))
        })
        .collect()
}

/// Renders the part. Returns the XML, or every problem found.
pub fn render(
    segs: &[Segment],
    tags: &[Tag],
    word: bool,
    state: &Shared,
    ctx: &serde_json::Value,
) -> Result<String, Vec<Problem>> {
    let env = environment(word, state.clone());
    let value = Value::from_serialize(ctx);
    let mut codes: Vec<String> = tags.iter().map(|t| code(t.kind, &t.inner)).collect();
    let mut problems = Vec::new();
    while problems.len() < MAX_ERRORS {
        let (source, ranges) = build(segs, &codes);
        state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .images
            .clear();
        let e = match crate::render::budget::render_capped(&env, &source, &value) {
            Ok(xml) if problems.is_empty() => return Ok(xml),
            Ok(_) => break,
            Err(e) => e,
        };
        if let Some(m) = crate::render::budget::message(&e) {
            // A limit is the part's, not one tag's: no stand-in helps.
            problems.push((String::new(), m));
            break;
        }
        let at = e.range().map(|r| r.start);
        let hit = at.and_then(|a| ranges.iter().position(|r| r.contains(&a)));
        let Some(i) = hit else {
            problems.push((String::new(), describe(&e, &source, None, ctx)));
            break;
        };
        let tag = &tags[i];
        problems.push((
            tag.paragraph.clone(),
            format!("`{}`: {}", tag.text, describe(&e, &source, Some(tag), ctx)),
        ));
        match neutral(tag) {
            Some(n) if n != codes[i] => codes[i] = n,
            _ => break,
        }
    }
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_code_keeps_trim_marks() {
        assert_eq!(code(TagKind::Expr, " x "), "{{ x \n}}");
        assert_eq!(code(TagKind::Stmt, "- if x -"), "{%- if x \n-%}");
    }

    #[test]
    fn literal_braces_are_protected() {
        let mut s = String::new();
        literal("a {{ b {", &mut s);
        assert_eq!(s, "{% raw %}a {{ b {% endraw %}{{ \"{\" }}");
    }
}
