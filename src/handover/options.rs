//! Sealing from command-line style options (`-r`, `-R`, `--passphrase-file`,
//! `--generate-passphrase`, `--binary`, `-o`, `--force`, `-i`, `--no-verify-identity`):
//! the logic behind the CLI's `SealArgs`, shared by `handover seal` and `replay --headless`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{Conflict, HandoverError};
use super::guard::{GuardOverride, SealTarget, SealedProof, seal_and_prove};
use super::keys::{Keys, PassphraseUse, read_passphrase_file};
use super::passphrase::{GeneratedPassphrase, generate};
use super::protection::{Protection, SCRYPT_WORK_FACTOR, parse_recipient, parse_recipients_file};
use super::record::HandoverRecord;
use super::seal::Armor;
use crate::atomic_file::Overwrite;

/// The sealing options as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct SealOptions {
    /// `-r RECIPIENT`: age `age1...` keys or SSH public key lines.
    pub recipients: Vec<String>,
    /// `-R FILE`: recipients files.
    pub recipients_files: Vec<PathBuf>,
    /// `--passphrase-file F` (`-` for standard input).
    pub passphrase_file: Option<PathBuf>,
    /// `--generate-passphrase`.
    pub generate_passphrase: bool,
    /// `--binary`: no ASCII armor.
    pub binary: bool,
    /// `-o FILE`.
    pub output: Option<PathBuf>,
    /// `--force`: replace an existing output.
    pub force: bool,
    /// `-i IDENTITY`: private keys used to prove a recipients-sealed file opens.
    pub identities: Vec<PathBuf>,
    /// `--no-verify-identity`: recipients only, no identity, the customer holds the key.
    pub no_verify_identity: bool,
    /// The scrypt work factor; `None` means [`SCRYPT_WORK_FACTOR`]. Only tests lower it.
    pub work_factor: Option<u8>,
}

/// The options resolved into what the guard needs.
#[derive(Debug)]
pub struct ResolvedSeal {
    /// What to seal to.
    pub protection: Protection,
    /// Armored or binary.
    pub armor: Armor,
    /// The output file.
    pub output: PathBuf,
    /// Whether an existing output may be replaced.
    pub overwrite: Overwrite,
    /// Keys to prove the sealed file opens.
    pub keys: Keys,
    /// The guard override from `--no-verify-identity`.
    pub confirm: GuardOverride,
    /// The passphrase made by `--generate-passphrase`, to be shown once to the installer.
    pub generated: Option<GeneratedPassphrase>,
}

impl SealOptions {
    /// Checks and resolves the options: parses every recipient, reads the passphrase or
    /// generates one, loads the identities. Nothing is written.
    ///
    /// `default_output` is used when `-o` is absent (`None` makes `-o` required); `stdin` is
    /// read for `--passphrase-file -`.
    ///
    /// # Errors
    /// [`HandoverError::MixedPassphraseAndRecipients`], [`HandoverError::NoProtection`],
    /// [`HandoverError::ConflictingOptions`], [`HandoverError::BadRecipient`], recipients-file,
    /// passphrase-file and identity-file errors.
    pub fn resolve(
        &self,
        default_output: Option<&Path>,
        stdin: &mut dyn Read,
    ) -> Result<ResolvedSeal, HandoverError> {
        let wants_recipients = !self.recipients.is_empty() || !self.recipients_files.is_empty();
        let wants_passphrase = self.passphrase_file.is_some() || self.generate_passphrase;
        if wants_recipients && wants_passphrase {
            return Err(HandoverError::MixedPassphraseAndRecipients);
        }
        if self.passphrase_file.is_some() && self.generate_passphrase {
            return Err(HandoverError::ConflictingOptions(Conflict::PassphraseTwice));
        }
        if wants_passphrase && (self.no_verify_identity || !self.identities.is_empty()) {
            return Err(HandoverError::ConflictingOptions(
                Conflict::ProofWithPassphrase,
            ));
        }
        let output = self
            .output
            .clone()
            .or_else(|| default_output.map(Path::to_path_buf))
            .ok_or(HandoverError::ConflictingOptions(Conflict::NoOutput))?;

        let work_factor = self.work_factor.unwrap_or(SCRYPT_WORK_FACTOR);
        let mut generated = None;
        let protection = if let Some(path) = &self.passphrase_file {
            Protection::passphrase_with_work_factor(
                read_passphrase_file(path, stdin, PassphraseUse::Seal)?,
                work_factor,
            )
        } else if self.generate_passphrase {
            let g = generate();
            let p = Protection::passphrase_with_work_factor(g.passphrase.clone(), work_factor);
            generated = Some(g);
            p
        } else if wants_recipients {
            let mut rs = Vec::new();
            for r in &self.recipients {
                rs.push(parse_recipient(r)?);
            }
            for f in &self.recipients_files {
                rs.extend(parse_recipients_file(f)?);
            }
            Protection::Recipients(rs)
        } else {
            return Err(HandoverError::NoProtection);
        };

        let mut keys = Keys::none();
        for id in &self.identities {
            keys.add_identity_file(id)?;
        }
        Ok(ResolvedSeal {
            protection,
            armor: if self.binary {
                Armor::Binary
            } else {
                Armor::Ascii
            },
            output,
            overwrite: if self.force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            },
            keys,
            confirm: if self.no_verify_identity {
                GuardOverride::RecipientsOnlyConfirmed
            } else {
                GuardOverride::None
            },
            generated,
        })
    }
}

impl ResolvedSeal {
    /// Seals `record` through the lock-out guard (write atomically, read back, prove).
    ///
    /// # Errors
    /// As [`seal_and_prove`].
    pub fn seal(&self, record: &mut HandoverRecord) -> Result<SealedProof, HandoverError> {
        let target = SealTarget {
            protection: &self.protection,
            armor: self.armor,
            path: &self.output,
            overwrite: self.overwrite,
        };
        seal_and_prove(record, &target, &self.keys, self.confirm)
    }
}
