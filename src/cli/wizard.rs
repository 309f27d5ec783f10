//! `nec-harden [SITE.toml] [--checklist FILE]`: the interactive wizard (also started by an
//! interactive `nec-harden replay SITE.toml`).

use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliError, Outcome};
use nec_harden::checklist;
use nec_harden::handover::SCRYPT_WORK_FACTOR;
use nec_harden::profile::{self, Profile};
use nec_harden::site::Timestamp;
use nec_harden::tui::launch::ProfileState;
use nec_harden::tui::{self, Launch, Theme};

/// Arguments of the wizard.
#[derive(Debug, Args)]
pub struct WizardArgs {
    /// The site file to resume; without it a new site begins.
    #[arg(value_name = "SITE.toml")]
    site: Option<PathBuf>,
    /// Use this checklist instead of the shipped one for the model.
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
    /// Leave the dealer's keys of the profile out of this visit's handover (the customer's
    /// choice).
    #[arg(long)]
    no_dealer_keys: bool,
}

/// Runs the wizard in this terminal.
pub fn run(args: &WizardArgs) -> Result<Outcome, CliError> {
    if let Some(site) = &args.site
        && !site.exists()
    {
        return Err(CliError::Io(format!(
            "{}: no such site file (run `nec-harden` without it to begin a new site)",
            site.display()
        )));
    }
    start(
        args.site.clone(),
        args.checklist.as_deref(),
        false,
        None,
        args.no_dealer_keys,
    )
}

/// The dealer profile for the wizard: a bad one is said on the first screen, not fatal.
fn profile_state(no_dealer_keys: bool) -> ProfileState {
    let path = match profile::path() {
        Ok(p) => p,
        Err(e) => return ProfileState::Bad(e.to_string()),
    };
    match Profile::load(&path) {
        Ok(None) => ProfileState::None,
        Err(e) => ProfileState::Bad(e.to_string()),
        Ok(Some(mut profile)) => {
            if let Err(e) = profile.dealer_keys(&path) {
                return ProfileState::Bad(e.to_string());
            }
            if no_dealer_keys {
                profile.dealer_recipients.clear();
                profile.dealer_recipients_file = None;
            }
            ProfileState::Loaded { path, profile }
        }
    }
}

/// Starts the wizard on `site` (or a new site), with a dealer `checklist`; `replay` replays the
/// site interactively, proposing `handover` as the new handover file; `no_dealer_keys` leaves
/// the profile's dealer keys out.
pub fn start(
    site: Option<PathBuf>,
    checklist_path: Option<&Path>,
    replay: bool,
    handover: Option<PathBuf>,
    no_dealer_keys: bool,
) -> Result<Outcome, CliError> {
    let checklist = match checklist_path {
        Some(path) => Some(checklist::load(path)?),
        None => None,
    };
    let base = std::env::current_dir().map_err(|e| CliError::Io(format!("current folder: {e}")))?;
    let checklist_file = match checklist_path {
        Some(path) => Some(
            std::fs::canonicalize(path)
                .map_err(|e| CliError::Io(format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
    let launch = Launch {
        site,
        checklist,
        checklist_file,
        work_factor: SCRYPT_WORK_FACTOR,
        display_base: base,
        clock: Box::new(Timestamp::now),
        rng: Box::new(rand::rand_core::UnwrapErr(rand::rngs::SysRng)),
        theme: Theme::from_env(),
        replay,
        handover,
        profile: profile_state(no_dealer_keys),
    };
    let finished = tui::terminal::run(launch).map_err(CliError::Io)?;
    if let Some(f) = finished {
        super::stdout::print(&format!(
            "handover: {}\nreport:   {}\n",
            f.handover.display(),
            f.report.display()
        ))?;
    }
    Ok(Outcome::Ok)
}
