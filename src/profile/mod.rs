//! The dealer profile: one TOML file in the platform's config folder (`directories`), with the
//! dealer's and installer's names, the default model, the dealer's own age recipients, the
//! folder of the dealer's site files and the credential rotation period.
//!
//! - [`Profile`]: the fields, read with the capped reader and refused whole when anything is
//!   wrong (syntax, an unknown key, a wrong type, a recipient that is not a public key).
//! - [`edit`]: `nec-harden profile set/unset/add-recipient/remove-recipient`, editing the file in
//!   place so the dealer's comments stay.
//!
//! No drawing and no terminal code: the wizard and the CLI call in.

pub mod edit;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::handover::{Recipient, parse_recipient, parse_recipients_file};
use crate::input_file::{self, InputKind};
use crate::nec::Model;

/// The profile's file name inside the config folder.
pub const FILE_NAME: &str = "profile.toml";

/// The rotation period when the profile sets none.
pub const DEFAULT_ROTATION_MONTHS: u32 = 12;

/// The dealer profile. Holds no secret: recipients are public keys, the identity is a path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The dealer's company name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dealer: String,
    /// The installer's name, pre-filled into new sites.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub installer: String,
    /// The model (and so the shipped checklist) new sites start with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// The dealer's own public keys: every handover is sealed to them too, so the dealer can
    /// prove a file opens and recover a customer's lost copy (the customer's choice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dealer_recipients: Vec<String>,
    /// A recipients file with more dealer keys (one per line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dealer_recipients_file: Option<PathBuf>,
    /// The dealer's private key file (a path, never the key): proposed to prove that a
    /// handover sealed to the dealer's keys opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dealer_identity: Option<PathBuf>,
    /// The folder of the dealer's site files (listed by the wizard's first screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites_folder: Option<PathBuf>,
    /// Months after issue when a credential is due for a change (the fleet's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_months: Option<u32>,
}

/// Why the profile could not be used; each message is one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// No config folder is known on this platform (no home folder).
    #[error("no config folder for the profile (set XDG_CONFIG_HOME or HOME)")]
    NoConfigFolder,
    /// The file could not be read (or is not a regular file, or is too large).
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The profile file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid profile.
    #[error("{}: {reason}", .path.display())]
    Invalid {
        /// The profile file.
        path: PathBuf,
        /// What is wrong, on one line.
        reason: String,
    },
    /// The file could not be written.
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        /// The profile file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl ProfileError {
    /// Whether the problem is the file's content (exit 2) rather than reading or writing it
    /// (exit 3).
    pub fn is_content(&self) -> bool {
        matches!(self, ProfileError::Invalid { .. })
    }
}

/// Where the profile lives: `nec-harden/profile.toml` in the platform's config folder
/// (`$XDG_CONFIG_HOME` or `~/.config` on Linux, `Application Support` on macOS, `AppData` on
/// Windows).
///
/// # Errors
/// [`ProfileError::NoConfigFolder`] when the platform has no home folder.
pub fn path() -> Result<PathBuf, ProfileError> {
    directories::ProjectDirs::from("", "", "nec-harden")
        .map(|d| d.config_dir().join(FILE_NAME))
        .ok_or(ProfileError::NoConfigFolder)
}

impl Profile {
    /// Reads the profile at `path`; `None` when there is none yet.
    ///
    /// # Errors
    /// [`ProfileError::Read`] (unreadable, not a regular file, oversized, not UTF-8) or
    /// [`ProfileError::Invalid`] (syntax, unknown key, wrong type, bad recipient, zero months).
    pub fn load(path: &Path) -> Result<Option<Profile>, ProfileError> {
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        let text = input_file::read_text(path, InputKind::Profile, &mut std::io::empty()).map_err(
            |source| ProfileError::Read {
                path: path.to_path_buf(),
                source,
            },
        )?;
        Profile::parse(&text, path).map(Some)
    }

    /// Parses profile `text`; `origin` names the file in errors.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] as for [`Profile::load`].
    pub fn parse(text: &str, origin: &Path) -> Result<Profile, ProfileError> {
        let invalid = |reason: String| ProfileError::Invalid {
            path: origin.to_path_buf(),
            reason,
        };
        let profile: Profile = toml::from_str(text).map_err(|e| {
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("malformed TOML")
                .trim();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    invalid(format!("line {line}: {message}"))
                }
                None => invalid(message.to_owned()),
            }
        })?;
        for line in &profile.dealer_recipients {
            parse_recipient(line).map_err(|e| invalid(format!("dealer_recipients: {e}")))?;
        }
        if profile.rotation_months == Some(0) || profile.rotation_months.is_some_and(|m| m > 120) {
            return Err(invalid("rotation_months must be 1 to 120".into()));
        }
        Ok(profile)
    }

    /// The dealer's public keys: `dealer_recipients`, then those of `dealer_recipients_file`
    /// (relative to the profile's folder when not absolute).
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] naming the profile and the bad key or file.
    pub fn dealer_keys(&self, origin: &Path) -> Result<Vec<Recipient>, ProfileError> {
        let invalid = |reason: String| ProfileError::Invalid {
            path: origin.to_path_buf(),
            reason,
        };
        let mut keys = Vec::new();
        for line in &self.dealer_recipients {
            keys.push(
                parse_recipient(line).map_err(|e| invalid(format!("dealer_recipients: {e}")))?,
            );
        }
        if let Some(file) = &self.dealer_recipients_file {
            let file = resolve(origin, file);
            let more = parse_recipients_file(&file)
                .map_err(|e| invalid(format!("dealer_recipients_file: {e}")))?;
            keys.extend(more);
        }
        Ok(keys)
    }

    /// The rotation period in months.
    pub fn rotation(&self) -> u32 {
        self.rotation_months.unwrap_or(DEFAULT_ROTATION_MONTHS)
    }

    /// The sites folder, resolved against the profile's folder.
    pub fn sites(&self, origin: &Path) -> Option<PathBuf> {
        self.sites_folder.as_ref().map(|f| resolve(origin, f))
    }

    /// The dealer's identity file, resolved against the profile's folder.
    pub fn identity(&self, origin: &Path) -> Option<PathBuf> {
        self.dealer_identity.as_ref().map(|f| resolve(origin, f))
    }
}

/// `file` as written in the profile at `origin`: relative paths are from the profile's folder.
fn resolve(origin: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        origin.parent().unwrap_or(Path::new(".")).join(file)
    }
}

#[cfg(test)]
mod tests;
