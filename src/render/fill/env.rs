//! The minijinja environment a Word template is filled with: strict about
//! unknown fields like the built-in templates, every value escaped for XML
//! (so cell text is never markup and never a field code), plus `money`,
//! `rag(…)` and `chart(…)`.

use super::image::ImageUse;
use crate::model::money::{format_display, money_from_f64, parse_decimal_text, to_cents};
use minijinja::value::{Kwargs, ValueKind};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use std::sync::{Arc, Mutex};

/// The charts `chart("…")` can draw.
pub const CHARTS: &[&str] = &["cumulative"];

/// What the template's functions recorded while one part was rendered.
#[derive(Debug, Default)]
pub struct PartState {
    /// Images placed, in order; the rendered XML points at them by index.
    pub images: Vec<ImageUse>,
}

/// Shared between the environment's functions and the caller.
pub type Shared = Arc<Mutex<PartState>>;

/// Closes the text element an inline tag sits in, so that a run-level
/// element can follow; [`REOPEN`] opens it again.
const CLOSE: &str = "</w:t>";
const REOPEN: &str = "<w:t xml:space=\"preserve\">";

/// The shading colours for RAG words (hex, as in `w:shd w:fill`).
pub fn rag_fill(word: &str) -> &'static str {
    match word.trim().to_ascii_lowercase().as_str() {
        "green" => "00B050",
        "amber" | "yellow" => "FFC000",
        "red" => "FF0000",
        _ => "D9D9D9",
    }
}

/// Text as XML character data: escaped, characters XML cannot hold dropped,
/// and (in Word parts) line breaks and tabs as Word's own elements.
pub fn xml_text(text: &str, word: bool) -> String {
    let clean: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect();
    let escaped = quick_xml::escape::escape(clean.as_str()).into_owned();
    if !word {
        return escaped;
    }
    escaped
        .replace('\n', &format!("{CLOSE}<w:br/>{REOPEN}"))
        .replace('\t', &format!("{CLOSE}<w:tab/>{REOPEN}"))
}

/// `{{ x | money }}`: an amount as `$1,234.50` (negatives in parentheses).
/// Takes a number or money text (`1234.5`, `$1,234.50`, `(12.00)`).
///
/// # Errors
///
/// When the value is not an amount of money.
pub fn money(value: &Value) -> Result<String, Error> {
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let bad = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("`{value}` is not an amount of money"),
        )
    };
    let amount = match value.kind() {
        ValueKind::Number => match value.as_i64() {
            Some(i) => Some(rust_decimal::Decimal::from(i)),
            None => Some(
                money_from_f64(f64::try_from(value.clone()).map_err(|_| bad())?)
                    .map_err(|_| bad())?,
            ),
        },
        ValueKind::String => parse_decimal_text(value.as_str().unwrap_or("")).map_err(|_| bad())?,
        ValueKind::None => None,
        _ => return Err(bad()),
    };
    Ok(amount
        .map(|d| format_display(to_cents(d)))
        .unwrap_or_default())
}

/// Adds the filters a document template can use (`money`) to an
/// environment. The built-in `.md.j2` templates can use the same.
pub fn register_filters(env: &mut Environment<'_>) {
    env.add_filter("money", |v: Value| money(&v));
}

fn rag_word(v: &Value) -> String {
    match v.get_attr("rag") {
        Ok(r) if !r.is_undefined() && !r.is_none() => r.to_string(),
        _ => v.as_str().map_or_else(|| v.to_string(), str::to_string),
    }
}

/// A length such as `12cm`, `4in`, `90mm`, `300pt` or `480px`, in EMU.
pub fn length_emu(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.trim().parse().ok()?;
    let per = match unit.trim() {
        "cm" => 360_000.0,
        "mm" => 36_000.0,
        "in" | "" => 914_400.0,
        "pt" => 12_700.0,
        "px" => 9_525.0,
        _ => return None,
    };
    let emu = (n * per).round();
    (emu > 0.0 && emu < 1e11).then_some(emu as i64)
}

fn chart(state: &Shared, word: bool, name: &str, kwargs: &Kwargs) -> Result<Value, Error> {
    let size = |key: &str| -> Result<Option<i64>, Error> {
        match kwargs.get::<Option<String>>(key)? {
            None => Ok(None),
            Some(t) => length_emu(&t).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("chart {key} `{t}` is not a length; write it like \"12cm\", \"4in\" or \"90mm\""),
                )
            }),
        }
    };
    let (cx, cy) = (size("width")?, size("height")?);
    let alt: Option<String> = kwargs.get("alt")?;
    kwargs.assert_all_used()?;
    if !CHARTS.contains(&name) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "there is no chart `{name}`; the charts are: {}",
                CHARTS.join(", ")
            ),
        ));
    }
    if !word {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "a chart can only be placed in the document's text, a header or a footer",
        ));
    }
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    s.images.push(ImageUse {
        name: name.to_string(),
        cx,
        cy,
        alt,
    });
    let idx = s.images.len() - 1;
    Ok(Value::from_safe_string(format!(
        "{CLOSE}<?pmo-image {idx}?>{REOPEN}"
    )))
}

/// The environment for one part. `word` says the part is WordprocessingML.
pub fn environment(word: bool, state: Shared) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_formatter(move |out, _state, value| {
        if value.is_safe() {
            return write!(out, "{value}").map_err(Error::from);
        }
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None if value.is_none() => String::new(),
            None => value.to_string(),
        };
        write!(out, "{}", xml_text(&text, word)).map_err(Error::from)
    });
    register_filters(&mut env);
    crate::render::budget::limit(&mut env);
    env.add_function("rag", move |v: Value| -> Result<Value, Error> {
        let w = rag_word(&v);
        let text = xml_text(&w, word);
        Ok(Value::from_safe_string(if word {
            format!("{text}<?pmo-rag {}?>", rag_fill(&w))
        } else {
            text
        }))
    });
    env.add_function("chart", move |name: String, kwargs: Kwargs| {
        chart(&state, word, &name, &kwargs)
    });
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_numbers_and_text() {
        assert_eq!(money(&Value::from(1234)).unwrap(), "$1,234.00");
        assert_eq!(money(&Value::from("-1200.5")).unwrap(), "($1,200.50)");
        assert_eq!(money(&Value::from("$1,234.50")).unwrap(), "$1,234.50");
        assert!(money(&Value::from("lots")).is_err());
    }

    #[test]
    fn text_is_escaped_and_breaks_become_elements() {
        assert_eq!(xml_text("a<b>&\u{1}", false), "a&lt;b&gt;&amp;");
        assert_eq!(
            xml_text("a\nb", true),
            "a</w:t><w:br/><w:t xml:space=\"preserve\">b"
        );
    }

    #[test]
    fn lengths() {
        assert_eq!(length_emu("2.54cm"), Some(914_400));
        assert_eq!(length_emu("1in"), Some(914_400));
        assert_eq!(length_emu("wide"), None);
    }
}
