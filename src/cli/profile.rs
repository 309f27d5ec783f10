//! `nec-harden profile`: the dealer profile (names, default model, dealer keys, sites folder,
//! rotation period): show it, set or remove a field, add or remove a dealer recipient.

use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, Outcome};
use nec_harden::profile::{self, Profile, ProfileError, edit};
use nec_harden::terminal_text::escape_controls_keep_lines;

/// What to do with the profile.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Print the profile's path and content (what `nec-harden profile` alone does).
    Show,
    /// Print only the profile's path.
    Path,
    /// Set a field (made on first use): dealer, installer, model, dealer_recipients_file,
    /// dealer_identity, sites_folder, rotation_months.
    Set {
        /// The field.
        field: String,
        /// Its value.
        value: String,
    },
    /// Remove a field.
    Unset {
        /// The field.
        field: String,
    },
    /// Add a dealer public key (age1... or an SSH public key line): every handover is then
    /// sealed to it too.
    AddRecipient {
        /// The public key.
        key: String,
    },
    /// Remove a dealer public key.
    RemoveRecipient {
        /// The public key.
        key: String,
    },
}

/// A profile error as the CLI's: the content is a usage matter (exit 2), reading or writing
/// is I/O (exit 3).
pub fn cli_error(e: &ProfileError) -> CliError {
    if e.is_content() {
        CliError::Usage(e.to_string())
    } else {
        CliError::Io(e.to_string())
    }
}

/// The profile of this user, if there is one; a bad one is an error naming the file.
///
/// # Errors
/// As [`cli_error`].
pub fn load() -> Result<Option<(PathBuf, Profile)>, CliError> {
    let path = profile::path().map_err(|e| cli_error(&e))?;
    Ok(Profile::load(&path)
        .map_err(|e| cli_error(&e))?
        .map(|p| (path, p)))
}

/// A folder or file given on the command line is taken from the current folder (the profile
/// would read a relative path from its own folder).
fn absolute(field: &str, value: &str) -> Result<String, CliError> {
    let is_path = matches!(
        field,
        "dealer_identity" | "dealer_recipients_file" | "sites_folder"
    );
    if !is_path || std::path::Path::new(value).is_absolute() {
        return Ok(value.to_owned());
    }
    let here = std::env::current_dir().map_err(|e| CliError::Io(format!("current folder: {e}")))?;
    Ok(here.join(value).display().to_string())
}

/// Runs `nec-harden profile`.
pub fn run(command: Option<&ProfileCommand>) -> Result<Outcome, CliError> {
    let path = profile::path().map_err(|e| cli_error(&e))?;
    let shown = escape_controls_keep_lines(&path.display().to_string()).into_owned();
    let changed = match command.unwrap_or(&ProfileCommand::Show) {
        ProfileCommand::Path => {
            super::stdout::print(&format!("{shown}\n"))?;
            return Ok(Outcome::Ok);
        }
        ProfileCommand::Show => {
            let text = if Profile::load(&path).map_err(|e| cli_error(&e))?.is_some() {
                let text = nec_harden::input_file::read_text(
                    &path,
                    nec_harden::input_file::InputKind::Profile,
                    &mut std::io::empty(),
                )
                .map_err(|e| CliError::Io(format!("{shown}: cannot read: {e}")))?;
                format!("profile: {shown}\n\n{}", escape_controls_keep_lines(&text))
            } else {
                format!(
                    "profile: {shown} (none yet: `nec-harden profile set installer NAME` makes it)\n"
                )
            };
            super::stdout::print(&text)?;
            return Ok(Outcome::Ok);
        }
        ProfileCommand::Set { field, value } => edit::set(&path, field, &absolute(field, value)?),
        ProfileCommand::Unset { field } => edit::unset(&path, field),
        ProfileCommand::AddRecipient { key } => edit::add_recipient(&path, key),
        ProfileCommand::RemoveRecipient { key } => edit::remove_recipient(&path, key),
    };
    let profile = changed.map_err(|e| cli_error(&e))?;
    let keys = profile.dealer_recipients.len();
    super::stdout::print(&format!(
        "profile saved: {shown} ({keys} dealer key{})\n",
        if keys == 1 { "" } else { "s" }
    ))?;
    Ok(Outcome::Ok)
}
