//! The keys that open a handover: age and OpenSSH identity files, and passphrases read from a
//! file or standard input.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::error::HandoverError;
use crate::input_file::{self, InputKind};

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
    let data = input_file::read(path, InputKind::Identity, &mut io::empty()).map_err(|source| {
        HandoverError::Unreadable {
            path: path.to_path_buf(),
            source,
        }
    })?;
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

/// The fewest characters a passphrase for a new handover may have (the wizard's minimum).
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// What a passphrase read from a file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseUse {
    /// Sealing a new handover: at least [`MIN_PASSPHRASE_CHARS`] characters.
    Seal,
    /// Opening an existing one (made elsewhere, perhaps with a shorter passphrase).
    Open,
}

/// Reads a passphrase from a file, or from `stdin` for `-`: exactly what a customer would type
/// at `age -d`.
///
/// One UTF-8 byte order mark at the start and one line ending (`\n` or `\r\n`) at the end are
/// removed, as Notepad and `echo` add them; anything else that a typist could not reproduce
/// (a space or tab at either end, a second line) is refused rather than silently sealed.
///
/// # Errors
/// [`HandoverError::Unreadable`] (also for a FIFO, a device or more than 4 KiB),
/// [`HandoverError::EmptyPassphrase`] or [`HandoverError::BadPassphrase`] saying why.
pub fn read_passphrase_file(
    path: &Path,
    stdin: &mut dyn io::Read,
    purpose: PassphraseUse,
) -> Result<SecretString, HandoverError> {
    let bytes = input_file::read(path, InputKind::Passphrase, stdin).map_err(|source| {
        HandoverError::Unreadable {
            path: path.to_path_buf(),
            source,
        }
    })?;
    parse_passphrase(&bytes, purpose).map_err(|problem| match problem {
        PassphraseProblem::Empty => HandoverError::EmptyPassphrase {
            path: path.to_path_buf(),
        },
        PassphraseProblem::Bad(reason) => HandoverError::BadPassphrase {
            path: path.to_path_buf(),
            reason,
        },
    })
}

enum PassphraseProblem {
    Empty,
    Bad(&'static str),
}

fn parse_passphrase(
    bytes: &[u8],
    purpose: PassphraseUse,
) -> Result<SecretString, PassphraseProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bytes = bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| PassphraseProblem::Bad("not UTF-8 text"))?;
    if text.is_empty() {
        return Err(PassphraseProblem::Empty);
    }
    if text.contains(['\n', '\r']) {
        return Err(PassphraseProblem::Bad(
            "more than one line (the passphrase is the whole file, less one line ending)",
        ));
    }
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return Err(PassphraseProblem::Bad(
            "it begins or ends with a space or tab, which nobody typing it would reproduce: remove it",
        ));
    }
    if text.starts_with('\u{feff}') {
        return Err(PassphraseProblem::Bad(
            "a second byte order mark at the start",
        ));
    }
    if text.contains(char::is_control) {
        return Err(PassphraseProblem::Bad("it holds a control character"));
    }
    if purpose == PassphraseUse::Seal && text.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseProblem::Bad(
            "shorter than 12 characters (the wizard's minimum for a handover)",
        ));
    }
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn parse(bytes: &[u8]) -> Result<String, String> {
        read_passphrase_file(Path::new("-"), &mut &bytes[..], PassphraseUse::Seal)
            .map(|s| s.expose_secret().to_owned())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn notepad_bom_and_crlf_are_removed_once() {
        assert_eq!(
            parse(b"\xEF\xBB\xBFcorrect horse\r\n").unwrap(),
            "correct horse"
        );
        assert_eq!(parse(b"correct horse\n").unwrap(), "correct horse");
        assert_eq!(parse(b"correct horse").unwrap(), "correct horse");
    }

    #[test]
    fn what_a_typist_cannot_reproduce_is_refused() {
        for bad in [
            &b"correct horse  \n"[..],
            b" correct horse\n",
            b"correct horse\t",
            b"correct horse\n\n",
            b"correct horse\r\r\n",
            b"correct\nhorse battery\n",
            b"\xEF\xBB\xBF\xEF\xBB\xBFcorrect horse",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.starts_with("-: unusable passphrase: "), "{err}");
        }
        assert_eq!(parse(b"\n").unwrap_err(), "-: the passphrase is empty");
    }

    #[test]
    fn sealing_needs_twelve_characters_opening_does_not() {
        let err = parse(b"x\n").unwrap_err();
        assert!(err.contains("shorter than 12 characters"), "{err}");
        assert!(parse(b"elevenchars").is_err());
        assert_eq!(parse("twelve chars".as_bytes()).unwrap(), "twelve chars");
        let open = read_passphrase_file(Path::new("-"), &mut &b"x\n"[..], PassphraseUse::Open);
        assert_eq!(open.unwrap().expose_secret(), "x");
    }

    #[test]
    fn errors_never_show_the_passphrase() {
        let err = parse(b"hunter2-secret-value \n").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
