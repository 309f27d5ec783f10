//! The `nec-harden` binary: parse the command line, dispatch, map errors to exit codes.
//!
//! Exit codes: 0 ok, 1 a check or validation failed, 2 usage error, 3 I/O or crypto error.

mod cli;
mod core_dumps;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // First, before any secret exists: an abort must not write them to a core file.
    core_dumps::disable();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            // A closed standard output (`| head`) ends quietly; its code says so (0).
            if !matches!(err, cli::CliError::ClosedPipe) {
                // One line, and no escape sequence a hostile input file could smuggle into it.
                let line = err.to_string().replace('\n', " ");
                // `eprintln!` would panic if standard error is gone; the exit code still says it.
                let _ = writeln!(
                    std::io::stderr(),
                    "nec-harden: {}",
                    nec_harden::terminal_text::escape_controls(&line)
                );
            }
            // The one place an error becomes an exit code.
            ExitCode::from(err.exit_code())
        }
    }
}
