//! The budget every template renders under: a user's Word template or
//! `--template` file is code `pmo` runs, so it gets a bounded amount of work
//! (minijinja's fuel), call depth and output, and the filters that take a
//! size (`batch(n)`, `indent(n)`, `'%999d'|format`) refuse one past a cap
//! before they allocate it. A template that passes a limit fails with a
//! message naming the limit; nothing hangs and nothing aborts.

use minijinja::value::{Kwargs, Rest, StringInput};
use minijinja::{Environment, Error, ErrorKind, State, Value};

/// The most instructions one rendering may run (minijinja's fuel): a loop
/// over a thousand risks costs about fifty thousand.
pub const FUEL: u64 = 20_000_000;

/// The deepest nesting of macro calls and recursive loops.
pub const RECURSION_LIMIT: usize = 100;

/// The most bytes one rendering may write.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// The largest width, count or repeat a filter may be given (`batch`,
/// `slice`, `indent`, a width or precision in `format`).
pub const MAX_FILTER_SIZE: usize = 10_000;

/// The longest tag, in bytes, a text template may hold: a deep chain of
/// operators or filters in one tag would exhaust the engine's stack.
pub const MAX_TAG_BYTES: usize = 2_000;

/// The first tag in `source` longer than [`MAX_TAG_BYTES`], as (line,
/// length), if any. Linear in the source.
pub fn long_tag(source: &str) -> Option<(usize, usize)> {
    let b = source.as_bytes();
    let mut i = 0;
    while let Some(at) = source[i..].find('{').map(|o| i + o) {
        let close: &[u8] = match b.get(at + 1) {
            Some(b'{') => b"}}",
            Some(b'%') => b"%}",
            Some(b'#') => b"#}",
            _ => {
                i = at + 1;
                continue;
            }
        };
        let end = b[at + 2..]
            .windows(2)
            .take(MAX_TAG_BYTES + 1)
            .position(|w| w == close);
        match end {
            Some(e) => i = at + 2 + e + 2,
            None if b.len() - at - 2 > MAX_TAG_BYTES => {
                let line = source[..at].matches('\n').count() + 1;
                return Some((line, b.len() - at));
            }
            None => return None,
        }
    }
    None
}

/// The most characters of one text a document shows (Excel's own cell
/// limit): a cell of megabytes is cut, with a marker saying how much was
/// left out, before any template sees it.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// A template's values: `ctx` as JSON, every text longer than
/// [`MAX_TEXT_CHARS`] cut with a marker.
///
/// # Errors
///
/// serde_json's, when `ctx` cannot be turned into JSON.
pub fn values<T: serde::Serialize>(ctx: &T) -> Result<serde_json::Value, serde_json::Error> {
    fn cap(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Some((at, _)) = s.char_indices().nth(MAX_TEXT_CHARS) {
                    let more = s[at..].chars().count();
                    s.truncate(at);
                    s.push_str(&format!(" [cut: {more} more characters]"));
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(cap),
            serde_json::Value::Object(m) => m.values_mut().for_each(cap),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(ctx)?;
    cap(&mut v);
    Ok(v)
}

/// The message for a size past [`MAX_FILTER_SIZE`].
fn too_large(filter: &str, n: usize) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("`{filter}({n})` is past pmo's limit of {MAX_FILTER_SIZE}"),
    )
}

fn bound(filter: &str, n: usize) -> Result<(), Error> {
    if n > MAX_FILTER_SIZE {
        return Err(too_large(filter, n));
    }
    Ok(())
}

/// The largest number in a printf-style format string (a width or a
/// precision), if any.
fn largest_number(spec: &str) -> usize {
    spec.split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<usize>().unwrap_or(usize::MAX))
        .max()
        .unwrap_or(0)
}

/// Puts `env` under the budget: fuel, recursion limit and the bounded
/// filters.
pub fn limit(env: &mut Environment<'_>) {
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.add_filter(
        "batch",
        |state: &State, v: Value, n: usize, fill: Option<Value>| {
            bound("batch", n)?;
            minijinja::filters::batch(state, v, n, fill)
        },
    );
    env.add_filter(
        "slice",
        |state: &State, v: Value, n: usize, fill: Option<Value>| {
            bound("slice", n)?;
            minijinja::filters::slice(state, v, n, fill)
        },
    );
    env.add_filter(
        "indent",
        |v: StringInput<'_>,
         n: Option<usize>,
         first: Option<bool>,
         blank: Option<bool>,
         kwargs: Kwargs| {
            let width = n.or(kwargs.get::<Option<usize>>("width")?).unwrap_or(0);
            bound("indent", width)?;
            let lines = v.as_str().lines().count().max(1);
            if width.saturating_mul(lines) + v.as_str().len() > MAX_OUTPUT_BYTES {
                return Err(too_large("indent", width));
            }
            minijinja::filters::indent(v, n, first, blank, kwargs)
        },
    );
    env.add_filter("format", |state: &State, f: &Value, args: Rest<Value>| {
        let n = largest_number(f.as_str().unwrap_or(""));
        bound("format", n)?;
        minijinja::filters::format(state, f, args)
    });
    env.add_filter(
        "replace",
        |state: &State, v: StringInput<'_>, from: StringInput<'_>, to: StringInput<'_>| {
            let s = v.as_str();
            let hits = match from.as_str() {
                "" => s.chars().count() + 1,
                f => s.matches(f).count(),
            };
            if hits.saturating_mul(to.as_str().len()) + s.len() > MAX_OUTPUT_BYTES {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`replace` would make text past {MAX_OUTPUT_BYTES} bytes"),
                ));
            }
            minijinja::filters::replace(state, v, from, to)
        },
    );
}

/// A writer that refuses past [`MAX_OUTPUT_BYTES`].
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other("output too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders `source` with `ctx` in `env`, the output capped at
/// [`MAX_OUTPUT_BYTES`].
///
/// # Errors
///
/// minijinja's error; [`ErrorKind::WriteFailure`] when the output passes
/// the cap (see [`message`]).
pub fn render_capped(env: &Environment<'_>, source: &str, ctx: &Value) -> Result<String, Error> {
    let tmpl = env.template_from_str(source)?;
    let mut out = Capped(Vec::new());
    tmpl.render_captured_to(ctx, &mut out)?;
    String::from_utf8(out.0).map_err(|_| Error::new(ErrorKind::WriteFailure, "output not UTF-8"))
}

/// What to say for an error from a budget's limit, if it is one.
pub fn message(e: &Error) -> Option<String> {
    match e.kind() {
        ErrorKind::OutOfFuel => Some(format!(
            "the template does more work than pmo allows ({FUEL} steps): a loop inside a loop over a large range?"
        )),
        ErrorKind::WriteFailure => Some(format!(
            "the template writes more than pmo allows ({} MiB)",
            MAX_OUTPUT_BYTES / (1024 * 1024)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> Result<String, Error> {
        let mut env = Environment::new();
        limit(&mut env);
        render_capped(&env, source, &Value::from(()))
    }

    #[test]
    fn nested_loops_run_out_of_fuel() {
        let e =
            run("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
                .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutOfFuel);
    }

    #[test]
    fn sized_filters_refuse_past_the_cap() {
        for t in [
            "{{ '%999999999d'|format(1) }}",
            "{{ 'x'|indent(100000) }}",
            "{{ range(10)|batch(1000000000)|list }}",
            "{{ range(10)|slice(1000000000)|list }}",
        ] {
            let e = run(t).unwrap_err();
            assert!(e.to_string().contains("limit"), "{t}: {e}");
        }
        assert_eq!(run("{{ '%5d'|format(42) }}").unwrap(), "   42");
        assert_eq!(
            run("{{ range(4)|batch(2)|list }}").unwrap(),
            "[[0, 1], [2, 3]]"
        );
    }

    #[test]
    fn output_past_the_cap_is_refused() {
        let e = run("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WriteFailure);
        assert!(message(&e).unwrap().contains("MiB"));
    }

    #[test]
    fn a_long_tag_is_found_with_its_line() {
        let chain = format!("a\n{{{{ 1{} }}}}", "+1".repeat(5000));
        assert_eq!(long_tag(&chain).map(|(l, _)| l), Some(2));
        assert_eq!(long_tag("{{ a }} { b } {% if x %}{# c #}"), None);
    }

    #[test]
    fn deep_recursion_is_refused() {
        let e = run("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}").unwrap_err();
        assert!(e.to_string().contains("recursion"), "{e}");
    }
}
