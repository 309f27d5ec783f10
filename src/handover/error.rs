//! Everything that can go wrong while writing, sealing, opening or proving a handover file.
//!
//! Messages say what is wrong in words any front end can show; the command line and the wizard
//! each add their own advice (which option or which field fixes it) on top.

use std::io;
use std::path::PathBuf;

/// An error of the handover library; its message is one line a technician can act on.
///
/// Messages never contain a secret value.
#[derive(Debug, thiserror::Error)]
pub enum HandoverError {
    /// A recipient is neither an age X25519 key (`age1...`) nor an SSH public key line.
    #[error("bad recipient `{recipient}`: {reason}")]
    BadRecipient {
        /// The recipient as given (public, so it may be shown).
        recipient: String,
        /// Why it was refused.
        reason: String,
    },
    /// A line of a recipients file is not a recipient.
    #[error("{}: line {line}: bad recipient: {reason}", path.display())]
    BadRecipientsFile {
        /// The recipients file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// Why it was refused.
        reason: String,
    },
    /// A recipients file holds no recipient at all.
    #[error("{}: no recipient in this file (one age1... or SSH public key per line)", path.display())]
    EmptyRecipientsFile {
        /// The recipients file.
        path: PathBuf,
    },
    /// Both a passphrase and recipients were asked for; age allows only one kind per file.
    #[error(
        "a handover is sealed either to a passphrase or to recipients, not both (age forbids mixing them)"
    )]
    MixedPassphraseAndRecipients,
    /// Neither a passphrase nor a recipient was given.
    #[error("nothing to seal to: no recipient and no passphrase")]
    NoProtection,
    /// Two options that exclude each other were both given, or one that is needed is missing.
    #[error("{0}")]
    ConflictingOptions(Conflict),
    /// The passphrase is empty.
    #[error("{}: the passphrase is empty", path.display())]
    EmptyPassphrase {
        /// Where the passphrase came from (`-` for standard input).
        path: PathBuf,
    },
    /// A passphrase file holds something nobody could type back at `age -d`, or too little.
    #[error("{}: unusable passphrase: {reason}", path.display())]
    BadPassphrase {
        /// Where the passphrase came from (`-` for standard input).
        path: PathBuf,
        /// Why it was refused (never the passphrase).
        reason: &'static str,
    },
    /// An identity file holds no usable key.
    #[error("{}: not an identity file: {reason}", path.display())]
    BadIdentityFile {
        /// The identity file.
        path: PathBuf,
        /// Why it was refused (never the file's content).
        reason: String,
    },
    /// None of the identities given opens the file.
    #[error("{}: no identity matches (the file is sealed to {stanzas})", path.display())]
    NoMatchingIdentity {
        /// The handover file.
        path: PathBuf,
        /// The recipient types found in the header, e.g. `X25519, ssh-ed25519`.
        stanzas: String,
    },
    /// The file is sealed to a passphrase and none was given.
    #[error("{}: the file is sealed to a passphrase", path.display())]
    PassphraseNeeded {
        /// The handover file.
        path: PathBuf,
    },
    /// The file is sealed to recipients but only a passphrase was given.
    #[error("{}: the file is sealed to recipients ({stanzas}), not to a passphrase", path.display())]
    IdentityNeeded {
        /// The handover file.
        path: PathBuf,
        /// The recipient types found in the header.
        stanzas: String,
    },
    /// The passphrase does not open the file.
    #[error("{}: wrong passphrase", path.display())]
    WrongPassphrase {
        /// The handover file.
        path: PathBuf,
    },
    /// The passphrase file asks for more scrypt work than this program accepts.
    #[error("{}: the passphrase work factor {required} is above the limit {limit} (the file may be hostile)", path.display())]
    ExcessiveWork {
        /// The handover file.
        path: PathBuf,
        /// The work factor (log2 N) in the file.
        required: u8,
        /// The highest work factor accepted.
        limit: u8,
    },
    /// The file ends early or was altered after sealing.
    #[error("{}: truncated or damaged age file ({detail})", path.display())]
    Truncated {
        /// The handover file.
        path: PathBuf,
        /// What was found to be wrong.
        detail: &'static str,
    },
    /// The age header is beyond what any handover needs (checked before the age library,
    /// whose header reader slows down quadratically with the header's length).
    #[error("{}: age header refused: {what} (a handover has a few recipients; the file may be hostile)", path.display())]
    HostileHeader {
        /// The file.
        path: PathBuf,
        /// Which limit it passed.
        what: &'static str,
    },
    /// The file is not an age file at all.
    #[error("{}: not an age file (no `age-encryption.org/v1` header and no age armor)", path.display())]
    NotAgeFile {
        /// The file.
        path: PathBuf,
    },
    /// The file uses an age format this program does not know.
    #[error("{}: unknown age format version (made by a newer age?)", path.display())]
    UnknownAgeFormat {
        /// The file.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The output could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Unwritable {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The output exists and replacing it was not allowed.
    #[error("{}: file exists", path.display())]
    OutputExists {
        /// The path.
        path: PathBuf,
    },
    /// The decrypted content is not a valid handover record.
    #[error("{}: not a valid handover record: {reason}", path.display())]
    BadRecord {
        /// The handover file (or `-` for standard input).
        path: PathBuf,
        /// What is wrong, with a line number (never the value).
        reason: String,
    },
    /// The record has a format version this program does not read.
    #[error("{}: handover record format {found} is not supported (this program reads format 1)", path.display())]
    UnsupportedFormat {
        /// The handover file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
    /// The age library refused to encrypt.
    #[error("cannot seal the handover: {0}")]
    Encrypt(String),
    /// Lock-out guard: recipients only and no identity to prove the file opens.
    #[error(
        "cannot prove that {} opens: it is sealed to recipients only and no identity was given", path.display()
    )]
    UnprovenRecipients {
        /// The handover file.
        path: PathBuf,
    },
    /// A reopened handover's record is for another site than the site file being resumed.
    #[error("{}: this handover is for {record_site}, not {expected_site}: refusing to add this site's credentials to it (check the site file's [handover] file)", path.display())]
    OtherSite {
        /// The handover file.
        path: PathBuf,
        /// The site and customer the record names.
        record_site: String,
        /// The site and customer of the site file.
        expected_site: String,
    },
    /// Lock-out guard: the file on disk does not decrypt to the record just written.
    #[error("{}: the sealed file does not decrypt to the record just written; do not key in new credentials, seal again", path.display())]
    ProofMismatch {
        /// The handover file.
        path: PathBuf,
    },
}

/// Sealing options that cannot go together, or one that is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// A passphrase was both given and asked to be generated.
    #[error("a passphrase was given and a new one asked for: give one of them")]
    PassphraseTwice,
    /// Identities, or the confirmation that the customer holds a key, came with a passphrase.
    #[error(
        "identities and the confirmation that the customer holds a key apply to recipients; a passphrase proves itself"
    )]
    ProofWithPassphrase,
    /// No output file was named and there is no default.
    #[error("no output file")]
    NoOutput,
}

impl HandoverError {
    /// Whether this error comes from options that make no sense (exit code 2), rather than from
    /// a file, a key or the crypto (exit code 3).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            HandoverError::BadRecipient { .. }
                | HandoverError::MixedPassphraseAndRecipients
                | HandoverError::NoProtection
                | HandoverError::ConflictingOptions(_)
                | HandoverError::UnprovenRecipients { .. }
        )
    }
}
