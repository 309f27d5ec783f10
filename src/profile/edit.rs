//! Editing the profile in place (`toml_edit`): one field set or removed, a dealer recipient
//! added or removed; the result is checked as a whole before it replaces the file, so a bad
//! edit changes nothing, and the dealer's comments stay.

use std::path::Path;

use toml_edit::{Array, DocumentMut, value};

use super::{Profile, ProfileError};
use crate::atomic_file::{self, Overwrite};
use crate::handover::parse_recipient;
use crate::input_file::{self, InputKind};

/// The fields `set` and `unset` take (recipients have their own commands).
pub const FIELDS: [&str; 7] = [
    "dealer",
    "installer",
    "model",
    "dealer_recipients_file",
    "dealer_identity",
    "sites_folder",
    "rotation_months",
];

/// The text of a profile made on first use.
pub const TEMPLATE: &str = "\
# nec-harden dealer profile: names, folders and public keys; never a secret.
# Edit it with `nec-harden profile set FIELD VALUE`, `profile add-recipient age1...`,
# or by hand. Every handover is also sealed to dealer_recipients (the customer's choice:
# `--no-dealer-keys` on a command, or untick \"Dealer keys\" in the wizard, leaves them out).
";

/// Sets `field` to `text` (a number for `rotation_months`, a model name for `model`).
///
/// # Errors
/// [`ProfileError::Invalid`] for an unknown field or a value the profile refuses (nothing is
/// written then); read and write errors.
pub fn set(path: &Path, field: &str, text: &str) -> Result<Profile, ProfileError> {
    known(path, field)?;
    edit(path, |doc| {
        if field == "rotation_months" {
            let months: i64 = text.trim().parse().map_err(|_| {
                format!(
                    "rotation_months: `{}` is not a number of months",
                    text.trim()
                )
            })?;
            doc[field] = value(months);
        } else if field == "model" {
            let model: crate::nec::Model = text.parse().map_err(|e| format!("model: {e}"))?;
            doc[field] = value(model.name());
        } else {
            doc[field] = value(text);
        }
        Ok(())
    })
}

/// Removes `field`.
///
/// # Errors
/// As [`set`].
pub fn unset(path: &Path, field: &str) -> Result<Profile, ProfileError> {
    known(path, field)?;
    edit(path, |doc| {
        doc.remove(field);
        Ok(())
    })
}

/// Adds a dealer public key (validated; a key already listed is not added twice).
///
/// # Errors
/// [`ProfileError::Invalid`] for a line that is not a public key (a private key is named as
/// such and never echoed).
pub fn add_recipient(path: &Path, key: &str) -> Result<Profile, ProfileError> {
    let key = key.trim().to_owned();
    parse_recipient(&key).map_err(|e| ProfileError::Invalid {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    edit(path, |doc| {
        let list = recipients(doc)?;
        if !list.iter().any(|v| v.as_str() == Some(key.as_str())) {
            list.push(key.as_str());
        }
        Ok(())
    })
}

/// Removes a dealer public key.
///
/// # Errors
/// [`ProfileError::Invalid`] when the key is not in the profile.
pub fn remove_recipient(path: &Path, key: &str) -> Result<Profile, ProfileError> {
    let key = key.trim().to_owned();
    edit(path, |doc| {
        let list = recipients(doc)?;
        let before = list.len();
        list.retain(|v| v.as_str() != Some(key.as_str()));
        if list.len() == before {
            return Err("dealer_recipients: no such key in the profile".into());
        }
        if list.is_empty() {
            doc.remove("dealer_recipients");
        }
        Ok(())
    })
}

fn known(path: &Path, field: &str) -> Result<(), ProfileError> {
    if FIELDS.contains(&field) {
        Ok(())
    } else {
        Err(ProfileError::Invalid {
            path: path.to_path_buf(),
            reason: format!(
                "unknown field `{field}` (expected one of {}; recipients: add-recipient / remove-recipient)",
                FIELDS.join(", ")
            ),
        })
    }
}

fn recipients(doc: &mut DocumentMut) -> Result<&mut Array, String> {
    if doc.get("dealer_recipients").is_none() {
        doc["dealer_recipients"] = value(Array::new());
    }
    doc["dealer_recipients"]
        .as_array_mut()
        .ok_or_else(|| "dealer_recipients must be a list of public keys".to_owned())
}

/// Reads the profile's text (the template when there is none), applies `change`, checks the
/// whole result and writes it atomically; the config folder is made when missing.
fn edit(
    path: &Path,
    change: impl FnOnce(&mut DocumentMut) -> Result<(), String>,
) -> Result<Profile, ProfileError> {
    let invalid = |reason: String| ProfileError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    let (header, text) = if std::fs::symlink_metadata(path).is_ok() {
        let text = input_file::read_text(path, InputKind::Profile, &mut std::io::empty()).map_err(
            |source| ProfileError::Read {
                path: path.to_path_buf(),
                source,
            },
        )?;
        // A broken profile is reported, not overwritten by an edit.
        Profile::parse(&text, path)?;
        ("", text.to_string())
    } else {
        // The header goes above the first key (a comment alone would trail after the keys).
        (TEMPLATE, String::new())
    };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        invalid(
            e.message()
                .lines()
                .next()
                .unwrap_or("malformed TOML")
                .to_owned(),
        )
    })?;
    change(&mut doc).map_err(invalid)?;
    let out = format!("{header}{doc}");
    let profile = Profile::parse(&out, path)?;
    let write_error = |source| ProfileError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(folder) = path.parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder).map_err(write_error)?;
    }
    atomic_file::write(path, out.as_bytes(), Overwrite::Replace).map_err(write_error)?;
    Ok(profile)
}
