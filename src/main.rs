//! The `pmo` binary: parses arguments, runs one command, maps the outcome to
//! an exit code (0 done, 1 findings at or above --fail-on, 2 could not run).

mod cli;
mod cmd;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match &cli.command {
        cli::Command::Inspect(args) => {
            cmd::inspect::run(args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Validate(args) => cmd::validate::run(args, &mut out).map(|o| match o {
            cmd::validate::Outcome::Clean => ExitCode::SUCCESS,
            cmd::validate::Outcome::Findings => ExitCode::from(1),
        }),
        cli::Command::New(args) => cmd::new::run(args, &mut out).map(|()| ExitCode::SUCCESS),
        cli::Command::Explain(args) => {
            cmd::explain::run(args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Reconcile(args) => {
            cmd::reconcile::run(args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Status(args) => {
            cmd::document::run(args, cmd::document::Doc::Status).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Charter(args) => {
            cmd::document::run(args, cmd::document::Doc::Charter).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Mb20(args) => {
            cmd::document::run(args, cmd::document::Doc::Mb20).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Report(args) => cmd::report::run(args, &mut out).map(|()| ExitCode::SUCCESS),
        cli::Command::Context(args) => {
            cmd::document::run_context(args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        cli::Command::Templates(args) => {
            cmd::document::run_templates(args).map(|()| ExitCode::SUCCESS)
        }
    };
    let _ = out.flush();
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`pmo inspect … | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("pmo: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}
