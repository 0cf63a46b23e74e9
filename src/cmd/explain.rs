//! `pmo explain [CODE]`: what a finding code means and what to do.

use crate::cli::ExplainArgs;
use anyhow::{bail, Result};
use pmo::rules::codes::{lookup, CODES};

/// Prints one code, or the table of all codes.
pub fn run(args: &ExplainArgs, out: &mut dyn std::io::Write) -> Result<()> {
    match &args.code {
        Some(topic) if topic.eq_ignore_ascii_case("mapping") => {
            writeln!(out, "{}", pmo::ingest::mapping::guide())?
        }
        Some(code) => match lookup(code) {
            Some(c) => writeln!(
                out,
                "{} {}\n\n{}\n\nWhat to do: {}",
                c.code, c.name, c.summary, c.hint
            )?,
            None => bail!("unknown finding code '{code}'; run 'pmo explain' for the list"),
        },
        None => {
            for c in CODES {
                writeln!(out, "{}  {:<32} {}", c.code, c.name, c.summary)?;
            }
            writeln!(
                out,
                "\nAlso: pmo explain mapping (how to write a mapping file)"
            )?;
        }
    }
    Ok(())
}
