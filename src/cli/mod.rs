//! Command-line definitions (clap) and the dispatch to one module per command.
//!
//! Each command lives in its own file and returns an [`Outcome`] or a [`CliError`]; `main`
//! turns those into exit codes.

use clap::{Parser, Subcommand};

mod advice;
mod calls;
mod charset_arg;
mod check;
mod checklist;
mod diff;
mod error;
mod fleet;
mod generate;
pub mod handover;
mod handover_export;
mod hidden_input;
mod probe;
pub mod profile;
mod replay;
mod report;
pub mod seal_args;
pub mod stdout;
mod wizard;

pub use error::CliError;

/// What a command that ran to its end reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: a check or validation failed (the command already said why).
    Failed,
}

impl From<Outcome> for std::process::ExitCode {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Ok => std::process::ExitCode::SUCCESS,
            Outcome::Failed => std::process::ExitCode::from(1),
        }
    }
}

/// Harden NEC SL2100 / SL1100 phone systems against toll fraud.
///
/// Without a command, the interactive wizard starts: a new site, or SITE.toml resumed at its
/// first pending item.
#[derive(Debug, Parser)]
#[command(
    name = "nec-harden",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub wizard: wizard::WizardArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate credentials the system accepts and an attacker cannot guess.
    Gen(generate::GenArgs),
    /// Check a typed value: prints ok, weak or rejected, then why.
    Check(check::CheckArgs),
    /// Work with checklist files (a dealer's own or the shipped ones).
    Checklist {
        #[command(subcommand)]
        command: checklist::ChecklistCommand,
    },
    /// Open, check, print or seal an encrypted handover file, or export it to KeePass.
    Handover {
        /// What to do with the handover file.
        #[command(subcommand)]
        action: handover::HandoverCommand,
    },
    /// Replay a saved checklist with fresh secrets (`--headless`: no prompts).
    Replay(replay::ReplayArgs),
    /// Report a site file: score, risks, every item's status (md, json or html).
    Report(report::ReportArgs),
    /// Measure which admin and SIP ports answer, and whether SIP accepts a REGISTER without
    /// credentials; ties each verdict to its checklist item.
    Probe(probe::ProbeArgs),
    /// Every site file of the dealer's folders in one view: score, failed and pending items,
    /// credentials due, last probe; exit 1 when a site needs action.
    Fleet(fleet::FleetArgs),
    /// What changed between two visits of a site: items, answers, extensions, credentials
    /// re-issued (dates and targets only), probe results.
    Diff(diff::DiffArgs),
    /// Audit the system's call records (SMDR) for toll fraud, saved or live.
    Calls {
        /// Audit saved records or watch the live stream.
        #[command(subcommand)]
        command: calls::CallsCommand,
    },
    /// The dealer profile: names, default model, dealer keys every handover is also sealed
    /// to, the sites folder, the rotation period.
    Profile {
        /// What to do (without one: show the path and the content).
        #[command(subcommand)]
        action: Option<profile::ProfileCommand>,
    },
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    let Some(command) = cli.command else {
        return wizard::run(&cli.wizard);
    };
    match command {
        Command::Gen(args) => generate::run(&args),
        Command::Check(args) => check::run(args),
        Command::Checklist { command } => checklist::run(&command),
        Command::Handover { action } => handover::run(action),
        Command::Replay(args) => replay::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Probe(args) => probe::run(&args),
        Command::Fleet(args) => fleet::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Calls { command } => calls::run(&command),
        Command::Profile { action } => profile::run(action.as_ref()),
    }
}
