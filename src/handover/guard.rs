//! The lock-out guard: seal the record, write it atomically, read it back from disk and prove
//! it opens to the same record, before any new credential may be shown.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::HandoverError;
use super::header;
use super::keys::Keys;
use super::open::{open_bytes, read_file};
use super::protection::Protection;
use super::record::HandoverRecord;
use super::seal::{Armor, seal};
use crate::atomic_file::{self, Overwrite};
use crate::timestamp::Timestamp;

/// An explicit decision by the installer that lets the guard skip the decryption proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GuardOverride {
    /// No override: the guard must decrypt the file itself.
    #[default]
    None,
    /// The file is sealed to recipients only, no identity is at hand, and the installer
    /// confirmed the customer holds a matching private key (CLI: `--no-verify-identity`).
    RecipientsOnlyConfirmed,
}

/// Where and how to seal.
#[derive(Debug)]
pub struct SealTarget<'a> {
    /// What to seal to.
    pub protection: &'a Protection,
    /// Armored or binary.
    pub armor: Armor,
    /// The handover file.
    pub path: &'a Path,
    /// Whether an existing file may be replaced: [`Overwrite::Refuse`] for a session's first
    /// handover (unless `--force`), [`Overwrite::Replace`] afterwards (each seal replaces the
    /// previous handover of the session).
    pub overwrite: Overwrite,
}

/// How the guard convinced itself that the file opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofMethod {
    /// Decrypted from disk with the passphrase.
    Passphrase,
    /// Decrypted from disk with an identity the installer holds.
    Identity,
    /// Not decrypted: the header was checked and the installer confirmed the customer holds
    /// a key ([`GuardOverride::RecipientsOnlyConfirmed`]).
    RecipientsOnlyConfirmed,
}

/// The receipt of a successful seal: present it before showing a new credential.
///
/// Only [`seal_and_prove`] makes one.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedProof {
    path: PathBuf,
    sealed_at: Timestamp,
    credentials: usize,
    method: ProofMethod,
}

impl SealedProof {
    /// The handover file that was proven.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The time stamp written into the record.
    pub fn sealed_at(&self) -> &Timestamp {
        &self.sealed_at
    }

    /// How many credentials the proven file holds: a credential with an index below this
    /// number is sealed and may be shown.
    pub fn credential_count(&self) -> usize {
        self.credentials
    }

    /// How the file was proven.
    pub fn method(&self) -> ProofMethod {
        self.method
    }
}

impl fmt::Debug for SealedProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedProof")
            .field("path", &self.path)
            .field("sealed_at", &self.sealed_at)
            .field("credentials", &self.credentials)
            .field("method", &self.method)
            .finish()
    }
}

/// Seals `record` (stamped now), writes it atomically to `target.path`, reads it back from
/// disk and proves it decrypts to the same record.
///
/// With a passphrase the passphrase proves it; with recipients, `keys` must hold an identity
/// of one of them, unless `confirm` is [`GuardOverride::RecipientsOnlyConfirmed`] (then only
/// the header read back from disk is checked).
///
/// # Errors
/// [`HandoverError::UnprovenRecipients`] before anything is written when recipients have no
/// identity and no override; with an identity that opens nothing, the identity's error
/// ([`HandoverError::NoMatchingIdentity`]) also before writing; [`HandoverError::OutputExists`],
/// [`HandoverError::Unwritable`]; [`HandoverError::ProofMismatch`] when the file on disk does
/// not decrypt to the record.
///
/// # Security
/// The plaintext exists only in wiped memory; what reaches the disk is the sealed file.
pub fn seal_and_prove(
    record: &mut HandoverRecord,
    target: &SealTarget<'_>,
    keys: &Keys,
    confirm: GuardOverride,
) -> Result<SealedProof, HandoverError> {
    let method = match target.protection {
        Protection::Passphrase { .. } => ProofMethod::Passphrase,
        Protection::Recipients(_) if keys.has_identity() => ProofMethod::Identity,
        Protection::Recipients(_) if confirm == GuardOverride::RecipientsOnlyConfirmed => {
            ProofMethod::RecipientsOnlyConfirmed
        }
        Protection::Recipients(_) => {
            return Err(HandoverError::UnprovenRecipients {
                path: target.path.to_path_buf(),
            });
        }
    };

    record.sealed_at = Timestamp::now();
    // The record says who it is sealed to, inside the seal, where a site file cannot change it.
    record.sealed_to = match target.protection {
        Protection::Recipients(rs) => rs.iter().map(ToString::to_string).collect(),
        Protection::Passphrase { .. } => Vec::new(),
    };
    let plaintext = record.to_toml();
    let sealed = seal(plaintext.as_bytes(), target.protection, target.armor)?;

    // With an identity, check in memory first (cheap for X25519/SSH) so a wrong key never
    // replaces a good previous handover.
    if method == ProofMethod::Identity {
        open_bytes(&sealed, keys, target.path)?;
    }

    // The proof reads the new file back from disk before it takes the handover's place: a
    // failed proof leaves the previous handover as it was.
    write_sealed_checked(target.path, &sealed, target.overwrite, |tmp| {
        let on_disk = read_file(tmp).map_err(|e| match e {
            HandoverError::Unreadable { source, .. } => HandoverError::Unreadable {
                path: target.path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        if on_disk != sealed {
            return Err(HandoverError::ProofMismatch {
                path: target.path.to_path_buf(),
            });
        }
        verify_bytes(&on_disk, &plaintext, target, keys, method)
    })?;

    Ok(SealedProof {
        path: target.path.to_path_buf(),
        sealed_at: record.sealed_at.clone(),
        credentials: record.credentials.len(),
        method,
    })
}

/// Checks that `sealed` opens to `plaintext` (or, recipients-only, that its header carries
/// the expected recipients).
fn verify_bytes(
    sealed: &[u8],
    plaintext: &str,
    target: &SealTarget<'_>,
    keys: &Keys,
    method: ProofMethod,
) -> Result<(), HandoverError> {
    let mismatch = || HandoverError::ProofMismatch {
        path: target.path.to_path_buf(),
    };
    match (method, target.protection) {
        (ProofMethod::Passphrase, Protection::Passphrase { passphrase, .. }) => {
            let pass_keys = Keys::from_passphrase(passphrase.clone());
            let opened = open_bytes(sealed, &pass_keys, target.path)?;
            check_same(&opened.text, plaintext, target.path)
        }
        (ProofMethod::Identity, _) => {
            let opened = open_bytes(sealed, keys, target.path)?;
            check_same(&opened.text, plaintext, target.path)
        }
        (ProofMethod::RecipientsOnlyConfirmed, protection) => {
            let h = header::inspect(sealed, target.path)?;
            let mut expected: Vec<String> = Vec::new();
            if let Protection::Recipients(rs) = protection {
                expected = rs.iter().map(|r| r.stanza_type().to_owned()).collect();
            }
            if h.stanza_types == expected {
                Ok(())
            } else {
                Err(mismatch())
            }
        }
        _ => Err(mismatch()),
    }
}

/// Compares the decrypted text with what was sealed and checks that it parses.
fn check_same(opened: &str, plaintext: &str, path: &Path) -> Result<(), HandoverError> {
    if opened != plaintext {
        return Err(HandoverError::ProofMismatch {
            path: path.to_path_buf(),
        });
    }
    HandoverRecord::from_toml(opened, path).map(|_| ())
}

/// A failed write: the file system's error, or the proof's.
enum WriteFailure {
    Io(std::io::Error),
    Proof(HandoverError),
}

impl From<std::io::Error> for WriteFailure {
    fn from(e: std::io::Error) -> Self {
        WriteFailure::Io(e)
    }
}

/// Writes the sealed bytes atomically, with errors that name the file, running `proof` on the
/// written temp file before it takes `path`'s place.
fn write_sealed_checked(
    path: &Path,
    sealed: &[u8],
    overwrite: Overwrite,
    proof: impl FnOnce(&Path) -> Result<(), HandoverError>,
) -> Result<(), HandoverError> {
    atomic_file::write_checked(path, sealed, overwrite, |tmp| {
        proof(tmp).map_err(WriteFailure::Proof)
    })
    .map_err(|failure| match failure {
        WriteFailure::Proof(e) => e,
        WriteFailure::Io(source) if source.kind() == std::io::ErrorKind::AlreadyExists => {
            HandoverError::OutputExists {
                path: path.to_path_buf(),
            }
        }
        WriteFailure::Io(source) => HandoverError::Unwritable {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// Proves that an existing sealed file opens to `plaintext`: the check the guard runs on the
/// temp file before it takes the output's place, for the guard's tests.
///
/// # Errors
/// As [`seal_and_prove`]'s verification step.
#[cfg(test)]
pub(crate) fn prove_file(path: &Path, plaintext: &str, keys: &Keys) -> Result<(), HandoverError> {
    let bytes = read_file(path)?;
    let opened = open_bytes(&bytes, keys, path)?;
    check_same(&opened.text, plaintext, path)
}
