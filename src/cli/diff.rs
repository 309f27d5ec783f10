//! `nec-harden diff OLD.toml NEW.toml`: what changed between two visits of a site.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{CliError, Outcome};
use nec_harden::checklist::Checklist;
use nec_harden::diff::{self, Side};
use nec_harden::fleet::{Checklists, SiteRead, read_site};
use nec_harden::site::SiteFile;

/// Arguments of `nec-harden diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The site file of the earlier visit.
    #[arg(value_name = "OLD.toml")]
    old: PathBuf,
    /// The site file of the later visit.
    #[arg(value_name = "NEW.toml")]
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
}

/// The diff formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Headline first, then one block per kind of change.
    Text,
    /// JSON (`"format": 1`).
    Json,
}

/// Reads a site file for a comparison (capped, non-blocking reads); the error is one line.
pub fn load(path: &Path, checklists: &mut Checklists) -> Result<(SiteFile, Checklist), CliError> {
    match read_site(path, checklists) {
        SiteRead::Site(site) => {
            let list = checklists
                .for_site(path, &site.site)
                .map_err(|e| CliError::Io(e.to_string()))?
                .clone();
            Ok((*site, list))
        }
        SiteRead::NotASite => Err(CliError::Io(format!(
            "{}: not a site file (no [site] table)",
            path.display()
        ))),
        SiteRead::NotRegular => Err(CliError::Io(format!(
            "{}: not a regular file",
            path.display()
        ))),
        SiteRead::Broken(error) => Err(CliError::Io(error)),
    }
}

/// Runs `nec-harden diff`.
pub fn run(args: &DiffArgs) -> Result<Outcome, CliError> {
    let mut checklists = Checklists::default();
    let (old_site, old_list) = load(&args.old, &mut checklists)?;
    let (new_site, new_list) = load(&args.new, &mut checklists)?;
    let (old_file, new_file) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let changes = diff::diff(
        &Side {
            file: &old_file,
            site: &old_site,
            checklist: &old_list,
        },
        &Side {
            file: &new_file,
            site: &new_site,
            checklist: &new_list,
        },
    );
    let text = match args.format {
        DiffFormat::Text => diff::render::text(&changes),
        DiffFormat::Json => diff::render::json(&changes),
    };
    super::stdout::print(&text)?;
    Ok(Outcome::Ok)
}
