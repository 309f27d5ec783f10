//! `nec-harden fleet DIR...`: every site file of the dealer's folders in one view; exit 1 when
//! a site has a failed (measured) item, call-audit alerts at warning or above, an overdue
//! credential or a broken file (for cron).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Outcome};
use nec_harden::fleet::{self, DEFAULT_ROTATE_MONTHS, Rotation};
use nec_harden::site::Timestamp;

/// Arguments of `nec-harden fleet`.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// Folders holding site files (other TOML files are skipped with a note).
    #[arg(value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FleetFormat::Text)]
    format: FleetFormat,
    /// Months after issue when a credential is due for a change [default: the profile's
    /// `rotation_months`, else 12].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=120))]
    rotate_months: Option<u32>,
    /// Look in subfolders too.
    #[arg(long)]
    recursive: bool,
    /// Judge due dates at this UTC time (2026-12-01T00:00:00Z) instead of now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    as_of: Option<Timestamp>,
}

fn parse_time(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text)
        .ok_or_else(|| format!("`{text}` is not a UTC time like 2026-12-01T00:00:00Z"))
}

/// The fleet formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FleetFormat {
    /// A table for a terminal or a cron mail.
    Text,
    /// JSON (`"format": 2`).
    Json,
    /// One HTML page.
    Html,
}

/// Runs `nec-harden fleet`.
pub fn run(args: &FleetArgs) -> Result<Outcome, CliError> {
    let months = match args.rotate_months {
        Some(m) => m,
        None => super::profile::load()?.map_or(DEFAULT_ROTATE_MONTHS, |(_, p)| p.rotation()),
    };
    let rotation = Rotation {
        months,
        now: args.as_of.clone().unwrap_or_else(Timestamp::now),
    };
    let fleet = fleet::scan(&args.dirs, args.recursive, rotation)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let text = match args.format {
        FleetFormat::Text => fleet::render_text::render(&fleet),
        FleetFormat::Json => fleet::render_json::render(&fleet),
        FleetFormat::Html => fleet::render_html::render(&fleet),
    };
    super::stdout::print(&text)?;
    Ok(if fleet.needs_action() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
