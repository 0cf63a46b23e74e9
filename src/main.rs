//! The `pmo` binary: parses arguments, runs one command, maps the outcome to
//! an exit code (0 done, 1 findings at or above --fail-on, 2 could not run).

mod budget;
mod cli;
mod cmd;

/// Every allocation is counted against the run's memory budget.
#[global_allocator]
static ALLOCATOR: budget::Counting = budget::Counting;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command; `Ok` carries the exit code for a run that completed.
fn run(cli: &cli::Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    use cli::Command as C;
    use pmo::month::Document as Doc;
    let done = |r: anyhow::Result<()>| r.map(|()| ExitCode::SUCCESS);
    match &cli.command {
        C::Inspect(args) => done(cmd::inspect::run(args, out)),
        C::Validate(args) => cmd::validate::run(args, out).map(|o| match o {
            cmd::validate::Outcome::Clean => ExitCode::SUCCESS,
            cmd::validate::Outcome::Findings => ExitCode::from(1),
        }),
        C::New(args) => done(cmd::new::run(args, out)),
        C::Explain(args) => done(cmd::explain::run(args, out)),
        C::Reconcile(args) => done(cmd::reconcile::run(args, out)),
        C::Status(args) => done(cmd::document::run(args, Doc::Status, out)),
        C::Charter(args) => done(cmd::document::run(args, Doc::Charter, out)),
        C::Mb20(args) => done(cmd::document::run(args, Doc::Mb20, out)),
        C::Report(args) => done(cmd::report::run(args, out)),
        C::Context(args) => done(cmd::context::run(args, out)),
        C::Fill(args) => done(cmd::document::run_fill(args, out)),
        C::Templates(args) => done(cmd::document::run_templates(args)),
        C::Portfolio(args) => cmd::portfolio::run(args, out).map(|o| match o {
            cmd::portfolio::Outcome::Clean => ExitCode::SUCCESS,
            cmd::portfolio::Outcome::Findings => ExitCode::from(1),
        }),
    }
}

/// The most characters of one cause in an error line: a cause may echo
/// an input (a damaged part's XML, a cell) and must not flood the screen.
const CAUSE_MAX: usize = 300;

/// An error chain as one line: each cause's own lines joined with "; "
/// (a parser's source snippet and caret lines left out), control
/// characters shown as escapes, each cause at most [`CAUSE_MAX`]
/// characters.
fn one_line(chain: impl IntoIterator<Item = String>) -> String {
    let snippet = |l: &str| {
        let t = l.trim();
        t.is_empty()
            || t.starts_with('|')
            || t.chars().all(|c| c == '^' || c == '~' || c.is_whitespace())
            || t.split_once(" |")
                .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
    };
    let causes: Vec<String> = chain
        .into_iter()
        .map(|c| {
            let lines: Vec<&str> = c
                .lines()
                .filter(|l| !snippet(l))
                .map(|l| l.trim().trim_start_matches("- "))
                .collect();
            let joined = lines.join("; ").replace(":;", ":");
            let shown = pmo::render::text::terminal(&joined).into_owned();
            pmo::render::text::cap(&shown, CAUSE_MAX).into_owned()
        })
        .collect();
    // A cause its error already printed (a Display that includes its
    // source) is not said twice.
    let mut line: Vec<String> = Vec::new();
    for c in causes {
        if !line.last().is_some_and(|l| l.contains(c.as_str())) {
            line.push(c);
        }
    }
    line.join(": ")
}

fn main() -> ExitCode {
    budget::init();
    let cli = cli::Cli::parse();
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    budget::now_doing(&format!("running `pmo {}`", args.join(" ")));
    // A bug (or a reader tripping over a malformed file) must not end in a
    // stack trace: say what happened in one line and exit 2. The hook only
    // keeps the message, so a panic the library catches and turns into an
    // error (a damaged file) prints nothing of its own.
    static PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        if let Ok(mut last) = PANIC.lock() {
            *last = what;
        }
    }));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&cli, &mut out)));
    let _ = out.flush();
    match result {
        Err(_) => {
            let what = PANIC.lock().map(|w| w.clone()).unwrap_or_default();
            eprintln!(
                "pmo: internal error ({}); an input may be malformed: open and save it again in Excel, and report this if it persists",
                one_line([what])
            );
            ExitCode::from(2)
        }
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            // A closed pipe (`pmo inspect … | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("pmo: {}", one_line(e.chain().map(|c| c.to_string())));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn an_error_chain_is_one_line_with_each_cause_capped() {
        let raw = format!("unexpected <x>{}</x>", "<cell>\x1b[31m</cell>".repeat(5000));
        let line = one_line(["'book.ods' is damaged".to_string(), raw]);
        assert!(!line.contains('\n') && !line.contains('\x1b'), "{line}");
        assert!(
            line.starts_with("'book.ods' is damaged: unexpected"),
            "{line}"
        );
        assert!(line.chars().count() < 400, "{line}");
        let toml = "TOML parse error at line 2, column 17\n  |\n2 | columns = { id =\n  |                 ^\nunclosed inline table, expected `}`\n";
        assert_eq!(
            one_line(["mapping 'm.toml'".to_string(), toml.to_string()]),
            "mapping 'm.toml': TOML parse error at line 2, column 17; unclosed inline table, expected `}`"
        );
    }
}
