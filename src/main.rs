//! The `nec-harden` binary: parse the command line, dispatch, map errors to exit codes.
//!
//! Exit codes: 0 ok, 1 a check or validation failed, 2 usage error, 3 I/O or crypto error.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            // One line, and no escape sequence a hostile input file could smuggle into it.
            let line = err.to_string().replace('\n', " ");
            eprintln!(
                "nec-harden: {}",
                nec_harden::checklist::problem::escape_controls(&line)
            );
            err.exit_code().into()
        }
    }
}
