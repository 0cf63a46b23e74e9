//! `pmo context FILE_OR_DIR…`: the data handed to document templates.

use super::generated;
use crate::cli::{ContextArgs, Format};
use anyhow::Result;
use pmo::month::Month;
use serde_json::Value;

/// Prints the context as JSON, or as one `field = value` line per field
/// (the names a template writes: `project.name`, `risks[0].id`).
pub fn run(args: &ContextArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let plan = super::month_plan(&args.month)?;
    let m = Month::read(&plan)?;
    let ctx = m.context(generated(&args.generated)?);
    let text = match args.format {
        Format::Json => super::json_controls(&serde_json::to_string_pretty(&ctx)?) + "\n",
        Format::Text => {
            let mut lines = String::new();
            fields("", &serde_json::to_value(&ctx)?, &mut lines);
            lines
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Appends `path = value` for every leaf of `v`.
fn fields(path: &str, v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                fields(&p, v, out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str(&format!("{} = []\n", pmo::render::text::terminal(path)));
            }
            for (i, v) in items.iter().enumerate() {
                fields(&format!("{path}[{i}]"), v, out);
            }
        }
        Value::String(s) => out.push_str(&format!(
            "{} = {}\n",
            pmo::render::text::terminal(path),
            pmo::render::text::terminal(s)
        )),
        Value::Null => out.push_str(&format!("{} = (none)\n", pmo::render::text::terminal(path))),
        other => out.push_str(&format!(
            "{} = {other}\n",
            pmo::render::text::terminal(path)
        )),
    }
}
