//! What a handover is sealed to: recipients (age X25519 or SSH public keys) or a passphrase,
//! never both; and the parsing of recipient strings and recipients files.

use std::fmt;
use std::path::Path;

use secrecy::SecretString;

use super::error::HandoverError;
use crate::input_file::{self, InputKind};

/// The scrypt work factor (log2 N) the program seals passphrase files with: age's default,
/// about a second on a laptop, and well under the Go `age` limit of 22.
pub const SCRYPT_WORK_FACTOR: u8 = 18;

/// The highest scrypt work factor accepted when opening a file: 2^20 x 1 KiB = 1 GiB of memory
/// and a few seconds, twice the cost of a file that rage auto-tunes on a fast machine (19) and
/// four times age's default (18). The Go `age` limit of 22 means 4 GiB for half a minute: a
/// hostile file could ask that of every installer's laptop.
pub const MAX_SCRYPT_WORK_FACTOR: u8 = 20;

/// One public key a handover can be sealed to.
#[derive(Clone)]
pub enum Recipient {
    /// An age X25519 key, `age1...`.
    X25519(age::x25519::Recipient),
    /// An SSH public key line (`ssh-ed25519 ...` or `ssh-rsa ...`).
    Ssh(age::ssh::Recipient),
}

impl Recipient {
    /// The age stanza type this recipient produces (`X25519`, `ssh-ed25519`, `ssh-rsa`).
    pub fn stanza_type(&self) -> &'static str {
        match self {
            Recipient::X25519(_) => "X25519",
            Recipient::Ssh(age::ssh::Recipient::SshEd25519(..)) => "ssh-ed25519",
            Recipient::Ssh(age::ssh::Recipient::SshRsa(..)) => "ssh-rsa",
        }
    }

    pub(crate) fn as_age(&self) -> &dyn age::Recipient {
        match self {
            Recipient::X25519(r) => r,
            Recipient::Ssh(r) => r,
        }
    }
}

impl fmt::Display for Recipient {
    /// The public key as it is written in a recipients file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::X25519(r) => write!(f, "{r}"),
            Recipient::Ssh(r) => write!(f, "{r}"),
        }
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::X25519(r) => write!(f, "Recipient({r})"),
            Recipient::Ssh(r) => write!(f, "Recipient({r})"),
        }
    }
}

impl std::str::FromStr for Recipient {
    type Err = String;

    /// Parses `age1...` or an SSH public key line; the error says why, for the technician.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.starts_with("age1") {
            return s
                .parse::<age::x25519::Recipient>()
                .map(Recipient::X25519)
                .map_err(|e| format!("not a valid age X25519 public key ({e})"));
        }
        if s.starts_with("AGE-SECRET-KEY-") {
            return Err("this is a private key: give the public key (age1...) instead".into());
        }
        if s.starts_with("ssh-") || s.starts_with("sk-ssh-") || s.starts_with("ecdsa-") {
            use age::ssh::ParseRecipientKeyError as E;
            return s
                .parse::<age::ssh::Recipient>()
                .map(Recipient::Ssh)
                .map_err(|e| match e {
                    E::Unsupported(t) => {
                        format!("SSH key type {t} is not supported (use ssh-ed25519 or ssh-rsa)")
                    }
                    E::RsaModulusTooSmall => "ssh-rsa key shorter than 2048 bits".into(),
                    E::RsaModulusTooLarge => "ssh-rsa key too large".into(),
                    _ => "not a valid SSH public key line".into(),
                });
        }
        Err("expected an age public key (age1...) or an SSH public key line (ssh-ed25519 ... / ssh-rsa ...)".into())
    }
}

/// Parses one `-r` recipient.
///
/// # Errors
/// [`HandoverError::BadRecipient`] naming the recipient and the reason.
pub fn parse_recipient(s: &str) -> Result<Recipient, HandoverError> {
    s.parse().map_err(|reason| HandoverError::BadRecipient {
        recipient: shown(s),
        reason,
    })
}

/// What of a refused recipient a message may quote: only what looks like a public key. A
/// private key (`AGE-SECRET-KEY-1...`, a pasted OpenSSH key) or a passphrase given by mistake
/// is not echoed, not even in part.
fn shown(s: &str) -> String {
    let t = s.trim();
    let public_prefix = ["age1", "ssh-", "sk-ssh-", "ecdsa-"]
        .iter()
        .any(|p| t.starts_with(p));
    let secret_marker = t.to_ascii_uppercase().contains("SECRET") || t.contains("PRIVATE");
    if public_prefix && !secret_marker {
        shorten(t)
    } else {
        "[not shown: not a public key]".into()
    }
}

/// Parses a recipients file in age's format: one recipient per line, `#` comments and blank
/// lines allowed.
///
/// # Errors
/// [`HandoverError::Unreadable`], [`HandoverError::BadRecipientsFile`] with the line number, or
/// [`HandoverError::EmptyRecipientsFile`].
pub fn parse_recipients_file(path: &Path) -> Result<Vec<Recipient>, HandoverError> {
    let text = input_file::read_text(path, InputKind::Recipients, &mut std::io::empty()).map_err(
        |source| HandoverError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    )?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(
            line.parse()
                .map_err(|reason| HandoverError::BadRecipientsFile {
                    path: path.to_path_buf(),
                    line: i + 1,
                    reason,
                })?,
        );
    }
    if out.is_empty() {
        return Err(HandoverError::EmptyRecipientsFile {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// Keeps error messages to one readable line even for a pasted SSH key.
fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}

/// What a handover file is sealed to.
///
/// # Security
/// The passphrase stays a [`SecretString`]; `Debug` masks it.
pub enum Protection {
    /// One or more public keys; any of their private keys opens the file.
    Recipients(Vec<Recipient>),
    /// A passphrase, stretched with scrypt at `work_factor` (log2 N).
    Passphrase {
        /// The passphrase.
        passphrase: SecretString,
        /// The scrypt work factor; [`SCRYPT_WORK_FACTOR`] in the program, lower only in tests.
        work_factor: u8,
    },
}

impl Protection {
    /// A passphrase protection at the program's work factor [`SCRYPT_WORK_FACTOR`].
    pub fn passphrase(passphrase: SecretString) -> Self {
        Self::Passphrase {
            passphrase,
            work_factor: SCRYPT_WORK_FACTOR,
        }
    }

    /// A passphrase protection at an explicit work factor (tests use a low one for speed).
    ///
    /// # Security
    /// Only [`SCRYPT_WORK_FACTOR`] is fit for a real handover.
    pub fn passphrase_with_work_factor(passphrase: SecretString, work_factor: u8) -> Self {
        Self::Passphrase {
            passphrase,
            work_factor,
        }
    }

    /// The age stanza types the sealed file will carry, e.g. `["X25519", "ssh-ed25519"]`.
    pub fn stanza_types(&self) -> Vec<&'static str> {
        match self {
            Protection::Recipients(rs) => {
                let mut v: Vec<_> = rs.iter().map(Recipient::stanza_type).collect();
                v.dedup();
                v
            }
            Protection::Passphrase { .. } => vec!["scrypt"],
        }
    }
}

impl fmt::Debug for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protection::Recipients(rs) => f.debug_tuple("Recipients").field(rs).finish(),
            Protection::Passphrase { work_factor, .. } => f
                .debug_struct("Passphrase")
                .field("passphrase", &"[REDACTED]")
                .field("work_factor", work_factor)
                .finish(),
        }
    }
}
