//! Document templates: minijinja over the [`crate::render::context::Context`],
//! producing the document language. Every value inserted is escaped for it,
//! so text from a workbook cell is always text. Unknown fields are errors
//! naming the template, line and field; use `| default("…")` for optional
//! ones. `{{ n | plural("risk") }}` counts in words: "1 risk", "3 risks"
//! (`plural("entry", "entries")` for other plurals).

use super::markup::escape;
use crate::error::Error;
use minijinja::{Environment, UndefinedBehavior, Value};

/// The built-in document templates, as (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "status.md.j2",
        include_str!("../../../templates/documents/status.md.j2"),
    ),
    (
        "charter.md.j2",
        include_str!("../../../templates/documents/charter.md.j2"),
    ),
    (
        "mb20.md.j2",
        include_str!("../../../templates/documents/mb20.md.j2"),
    ),
    (
        "portfolio.md.j2",
        include_str!("../../../templates/documents/portfolio.md.j2"),
    ),
];

/// The text of a built-in template.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

fn template_error(name: &str, source: &str, e: &minijinja::Error) -> Error {
    let line = e.line().unwrap_or(0);
    let mut detail = crate::render::budget::message(e).unwrap_or_else(|| {
        e.detail()
            .map_or_else(|| e.kind().to_string(), str::to_string)
    });
    if e.kind() == minijinja::ErrorKind::UndefinedError {
        let expr = e
            .range()
            .and_then(|r| source.get(r))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("?");
        detail = format!(
            "unknown field `{expr}`; the fields a template can use are printed by `pmo context`"
        );
    }
    Error::Template {
        template: name.to_string(),
        line,
        detail,
    }
}

/// `n` and the noun, singular for one: "1 error", "0 errors".
fn plural(n: i64, one: String, many: Option<String>) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {}", many.unwrap_or_else(|| format!("{one}s")))
    }
}

/// A decimal string (`"-1234.5"`) as money is shown (`($1,234.50)`); other
/// text as it is.
fn money(text: String) -> String {
    use std::str::FromStr;
    match rust_decimal::Decimal::from_str(text.trim()) {
        Ok(d) => crate::model::money::format_display(d),
        Err(_) => text,
    }
}

/// Renders a template (over any serialisable context, usually a
/// [`crate::render::context::Context`]) to the document language.
///
/// # Errors
///
/// [`Error::Template`] naming the template, line and problem.
pub fn render<T: serde::Serialize>(name: &str, source: &str, ctx: &T) -> Result<String, Error> {
    use crate::render::budget::{long_tag, MAX_TAG_BYTES};
    if let Some((line, len)) = long_tag(source) {
        return Err(Error::Template {
            template: name.to_string(),
            line,
            detail: format!(
                "a tag of {len} bytes; the limit is {MAX_TAG_BYTES}: split it with `{{% set … %}}`"
            ),
        });
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            return write!(out, "{value}").map_err(minijinja::Error::from);
        }
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None if value.is_none() => String::new(),
            None => value.to_string(),
        };
        write!(out, "{}", escape(&text)).map_err(minijinja::Error::from)
    });
    env.add_filter("plural", plural);
    env.add_filter("money", money);
    crate::render::budget::limit(&mut env);
    let values = crate::render::budget::values(ctx).map_err(|e| Error::Template {
        template: name.to_string(),
        line: 0,
        detail: format!("cannot turn the context into template values: {e}"),
    })?;
    crate::render::budget::render_capped(&env, source, &Value::from_serialize(&values))
        .map_err(|e| template_error(name, source, &e))
}
