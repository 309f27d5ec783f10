//! The keys that open a handover: age and OpenSSH identity files, and passphrases read from a
//! file or standard input.

use std::fmt;
use std::fs;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::error::HandoverError;

pub(crate) type BoxedIdentity = Box<dyn age::Identity + Send + Sync>;

/// The keys available to open a handover: identities from files, and/or a passphrase.
///
/// # Security
/// Private keys and the passphrase never appear in `Debug` output.
#[derive(Default)]
pub struct Keys {
    identities: Vec<BoxedIdentity>,
    identity_files: Vec<PathBuf>,
    passphrase: Option<SecretString>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("identity_files", &self.identity_files)
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "[REDACTED]"),
            )
            .finish_non_exhaustive()
    }
}

impl Keys {
    /// No key at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Only a passphrase.
    pub fn from_passphrase(passphrase: SecretString) -> Self {
        Self {
            passphrase: Some(passphrase),
            ..Self::default()
        }
    }

    /// Adds the identities of an identity file: an age key file (`AGE-SECRET-KEY-1...` lines,
    /// `#` comments) or an unencrypted OpenSSH private key (ed25519 or rsa).
    ///
    /// # Errors
    /// [`HandoverError::Unreadable`] or [`HandoverError::BadIdentityFile`] (passphrase-protected
    /// or unsupported SSH keys, other content).
    pub fn add_identity_file(&mut self, path: &Path) -> Result<(), HandoverError> {
        let ids = load_identity_file(path)?;
        self.identities.extend(ids);
        self.identity_files.push(path.to_path_buf());
        Ok(())
    }

    /// Adds an X25519 identity held in memory (the wizard's own session key, tests).
    pub fn add_x25519(&mut self, identity: age::x25519::Identity) {
        self.identities.push(Box::new(identity));
    }

    /// Sets the passphrase.
    pub fn set_passphrase(&mut self, passphrase: SecretString) {
        self.passphrase = Some(passphrase);
    }

    /// Whether there is any identity.
    pub fn has_identity(&self) -> bool {
        !self.identities.is_empty()
    }

    /// Whether there is a passphrase.
    pub fn has_passphrase(&self) -> bool {
        self.passphrase.is_some()
    }

    /// The identities, for decryption.
    pub(crate) fn identities(&self) -> &[BoxedIdentity] {
        &self.identities
    }

    /// The passphrase, for decryption.
    pub(crate) fn passphrase(&self) -> Option<&SecretString> {
        self.passphrase.as_ref()
    }

    /// Whether there is no key at all.
    pub fn is_empty(&self) -> bool {
        !self.has_identity() && !self.has_passphrase()
    }
}

/// Reads an identity file of either kind.
fn load_identity_file(path: &Path) -> Result<Vec<BoxedIdentity>, HandoverError> {
    let bad = |reason: &str| HandoverError::BadIdentityFile {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    let data = Zeroizing::new(fs::read(path).map_err(|source| HandoverError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?);
    let looks_ssh = data.windows(10).any(|w| w == b"-----BEGIN");
    if looks_ssh {
        let id = age::ssh::Identity::from_buffer(&data[..], Some(path.display().to_string()))
            .map_err(|_| bad("not an OpenSSH private key age can use"))?;
        return match id {
            age::ssh::Identity::Unencrypted(_) => Ok(vec![Box::new(id)]),
            age::ssh::Identity::Encrypted(_) => Err(bad(
                "the SSH key is protected by a passphrase; use an unencrypted copy or an age key",
            )),
            age::ssh::Identity::Unsupported(_) => {
                Err(bad("unsupported SSH key type (use ssh-ed25519 or ssh-rsa)"))
            }
        };
    }
    let file = age::IdentityFile::from_buffer(&data[..]).map_err(|e| {
        // age's message names only the line number, never the content.
        let reason = e.to_string();
        HandoverError::BadIdentityFile {
            path: path.to_path_buf(),
            reason,
        }
    })?;
    let ids = file.into_identities().map_err(|e| bad(&e.to_string()))?;
    if ids.is_empty() {
        return Err(bad("no AGE-SECRET-KEY-1... line in it"));
    }
    Ok(ids)
}

/// Reads a passphrase from a file, or from standard input for `-`: the first line, with the
/// trailing newline (and carriage return) stripped.
///
/// # Errors
/// [`HandoverError::Unreadable`] or [`HandoverError::EmptyPassphrase`].
pub fn read_passphrase_file(
    path: &Path,
    stdin: &mut dyn BufRead,
) -> Result<SecretString, HandoverError> {
    let unreadable = |source| HandoverError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let mut line = Zeroizing::new(String::with_capacity(256));
    if path == Path::new("-") {
        stdin.read_line(&mut line).map_err(unreadable)?;
    } else {
        let f = fs::File::open(path).map_err(unreadable)?;
        io::BufReader::new(f)
            .read_line(&mut line)
            .map_err(unreadable)?;
    }
    let trimmed = line.trim_end_matches(['\n', '\r']);
    if trimmed.is_empty() {
        return Err(HandoverError::EmptyPassphrase {
            path: path.to_path_buf(),
        });
    }
    Ok(SecretString::from(trimmed))
}
