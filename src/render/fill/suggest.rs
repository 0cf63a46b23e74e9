//! "Did you mean": the closest field the context has to one it does not.

use serde_json::Value;
use std::collections::BTreeSet;

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, when close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Words of the expression language that are not fields.
const WORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "defined",
    "undefined",
    "loop",
];

/// Dotted names in an expression (`project.name`, `r.owner`): strings,
/// filters (after `|`), tests (after `is`) and function names left out.
fn chains(expr: &str) -> Vec<Vec<String>> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r#""[^"]*"|'[^']*'|[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*"#)
            .expect("a valid pattern")
    });
    let mut out = Vec::new();
    let mut after_is = false;
    for m in re.find_iter(expr) {
        let text = m.as_str();
        if text.starts_with(['"', '\'']) {
            continue;
        }
        let before = expr[..m.start()].trim_end();
        let after = expr[m.end()..].trim_start();
        let keyword_argument = after.starts_with('=') && !after.starts_with("==");
        let skip = before.ends_with('|')
            || before.ends_with('.')
            || after.starts_with('(')
            || keyword_argument
            || after_is;
        after_is = text == "is" || (after_is && text == "not");
        if skip || WORDS.contains(&text) {
            continue;
        }
        out.push(text.split('.').map(|s| s.trim().to_string()).collect());
    }
    out
}

fn keys_of(v: &Value) -> BTreeSet<String> {
    match v {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(a) => a.iter().flat_map(keys_of).collect(),
        _ => BTreeSet::new(),
    }
}

fn child(v: &Value, key: &str) -> Option<Value> {
    match v {
        Value::Object(m) => m.get(key).cloned(),
        Value::Array(a) => {
            let items: Vec<Value> = a.iter().filter_map(|i| child(i, key)).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        _ => None,
    }
}

fn all_keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                all_keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|i| all_keys(i, out)),
        _ => {}
    }
}

fn message(path: &[String], upto: usize, known: &BTreeSet<String>, list: bool) -> String {
    let name = path[..=upto].join(".");
    let mut msg = format!("unknown field `{name}`");
    if let Some(c) = closest(&path[upto], known.iter().map(String::as_str)) {
        let mut fixed = path[..upto].to_vec();
        fixed.push(c.to_string());
        msg.push_str(&format!("; did you mean `{}`?", fixed.join(".")));
    } else if list && !known.is_empty() && known.len() <= 30 {
        let list: Vec<&str> = known.iter().map(String::as_str).collect();
        msg.push_str(&format!("; the fields here are: {}", list.join(", ")));
    }
    msg.push_str(" (`pmo context` prints every field; use `| default(\"\")` for one a workbook may leave out)");
    msg
}

fn check(path: &[String], ctx: &Value, anywhere: &BTreeSet<String>) -> Option<String> {
    match child(ctx, &path[0]) {
        Some(mut v) => {
            for (i, seg) in path.iter().enumerate().skip(1) {
                match child(&v, seg) {
                    Some(next) => v = next,
                    None if matches!(v, Value::Object(_) | Value::Array(_)) => {
                        return Some(message(path, i, &keys_of(&v), true));
                    }
                    None if v.is_null() => {
                        let empty = path[..i].join(".");
                        return Some(format!("`{empty}` is empty: the workbooks gave nothing for it (no budget tracker, say); put the text that uses it between `{{%p if {empty} %}}` and `{{%p endif %}}`"));
                    }
                    // A method or attribute of a plain value (`x.upper`).
                    None => return None,
                }
            }
            None
        }
        // A loop variable: its fields are known somewhere in the context;
        // else a misspelt top-level name.
        None if path.len() > 1 => path
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, s)| !anywhere.contains(*s))
            .map(|(i, _)| message(path, i, anywhere, false))
            .or_else(|| {
                let top = keys_of(ctx);
                closest(&path[0], top.iter().map(String::as_str))
                    .map(|_| message(path, 0, &top, true))
            }),
        None => Some(message(path, 0, &keys_of(ctx), true)),
    }
}

/// Says which field of `expr` the context does not have, and the closest
/// one it does.
pub fn unknown_field(expr: &str, ctx: &Value) -> String {
    let mut anywhere = BTreeSet::new();
    all_keys(ctx, &mut anywhere);
    chains(expr)
        .iter()
        .find_map(|c| check(c, ctx, &anywhere))
        .unwrap_or_else(|| format!("unknown field in `{expr}` (`pmo context` prints every field)"))
}

/// The names a template binds itself: loop variables, `set` and `with`
/// names, macro names and arguments.
pub fn bound_names<'a>(statements: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |list: &str| {
        for name in list.split([',', '(', ')']) {
            let name = name.split('=').next().unwrap_or("").trim();
            if !name.is_empty() {
                out.insert(name.to_string());
            }
        }
    };
    for s in statements {
        let t = s.trim().trim_matches('-').trim();
        let (kw, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        match kw {
            "for" => add(rest.split(" in ").next().unwrap_or("")),
            "set" | "macro" => add(rest.split('=').next().unwrap_or("")),
            "with" => add(rest),
            _ => {}
        }
    }
    out
}

/// Without rendering: a field of `expr` the context cannot have. Only
/// sure cases: a top-level name the context lacks, a field its parent
/// lacks, or a loop variable's field that looks like a misspelt one.
pub fn static_unknown(expr: &str, bound: &BTreeSet<String>, ctx: &Value) -> Option<String> {
    let mut anywhere = BTreeSet::new();
    all_keys(ctx, &mut anywhere);
    chains(expr).iter().find_map(|path| {
        if bound.contains(&path[0]) {
            // A list may be empty this month: only a near miss is sure.
            return path
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, s)| {
                    !anywhere.contains(*s)
                        && closest(s, anywhere.iter().map(String::as_str)).is_some()
                })
                .map(|(i, _)| message(path, i, &anywhere, false));
        }
        let Some(mut v) = child(ctx, &path[0]) else {
            return Some(message(path, 0, &keys_of(ctx), true));
        };
        for (i, seg) in path.iter().enumerate().skip(1) {
            match child(&v, seg) {
                Some(next) => v = next,
                None if matches!(&v, Value::Object(m) if !m.is_empty()) => {
                    return Some(message(path, i, &keys_of(&v), true));
                }
                None => return None,
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_field() {
        let ctx = serde_json::json!({"project": {"name": "X"}, "budget": {"variance_ytd": "1"}, "risks": [{"owner": "A"}]});
        assert!(unknown_field("project.nme", &ctx).contains("did you mean `project.name`"));
        assert!(
            unknown_field("budjet.variance_ytd | money", &ctx).contains("did you mean `budget`")
        );
        assert!(unknown_field("r.ownr", &ctx).contains("did you mean `r.owner`"));
        let bound = bound_names(["for r in risks", "set total = 1", "for k, v in x"].into_iter());
        assert_eq!(
            bound.into_iter().collect::<Vec<_>>(),
            ["k", "r", "total", "v"]
        );
        let bound = bound_names(["for r in risks"].into_iter());
        assert!(static_unknown("r.ownr", &bound, &ctx).is_some());
        assert!(static_unknown("r.anything_else", &bound, &ctx).is_none());
        assert!(static_unknown("projct.name", &bound, &ctx).is_some());
        assert!(static_unknown("chart(\"c\", width=\"5cm\")", &bound, &ctx).is_none());
        let ctx = serde_json::json!({"reconciliation": null});
        assert!(
            unknown_field("reconciliation.totals.eac", &ctx).contains("`reconciliation` is empty")
        );
        assert_eq!(
            chains("a.b | f(\"x.y\") + c is defined"),
            vec![vec!["a".to_string(), "b".into()], vec!["c".into()]]
        );
    }
}
