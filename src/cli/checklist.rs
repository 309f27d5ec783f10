//! `nec-harden checklist validate FILE`: check a dealer's checklist and list every problem.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, Outcome};
use nec_harden::checklist::{self, ChecklistError};

/// What to do with a checklist file.
#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// Check a checklist file; print one `FILE:LINE:COLUMN: problem` line per problem (and per
    /// warning: an item that names neither a source nor a verify note).
    Validate {
        /// The checklist file (TOML).
        file: PathBuf,
    },
}

/// Runs a checklist subcommand.
pub fn run(command: &ChecklistCommand) -> Result<Outcome, CliError> {
    match command {
        ChecklistCommand::Validate { file } => match checklist::load(file) {
            Ok(list) => {
                let name = file.display().to_string();
                for warning in &list.warnings {
                    let line = warning.display_in(&name);
                    eprintln!("{}", nec_harden::terminal_text::escape_controls(&line));
                }
                let warned = match list.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                };
                super::stdout::print(&format!(
                    "{}: valid, {} sections, {} items{warned}\n",
                    file.display(),
                    list.sections.len(),
                    list.item_count()
                ))?;
                Ok(Outcome::Ok)
            }
            Err(ChecklistError::Invalid(problems)) => {
                let mut err = std::io::stderr().lock();
                for line in problems.lines() {
                    // Each line is escaped already (the problem's text quotes the file).
                    let _ = writeln!(err, "{line}");
                }
                Ok(Outcome::Failed)
            }
            Err(err @ ChecklistError::Read { .. }) => Err(err.into()),
        },
    }
}
