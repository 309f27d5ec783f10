//! Everything that can go wrong while exporting a handover to a KeePass file.

use std::io;
use std::path::PathBuf;

/// An error of the KeePass export; its message is one line naming the file, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output exists and replacing it was not allowed.
    #[error("{}: file exists", path.display())]
    OutputExists {
        /// The output file.
        path: PathBuf,
    },
    /// The output is one of the command's own inputs (the handover, a key or a password file).
    #[error("{}: is also an input of this command ({}); choose another output file", path.display(), input.display())]
    OwnInput {
        /// The output file.
        path: PathBuf,
        /// The input it would replace.
        input: PathBuf,
    },
    /// The KeePass password is empty.
    #[error("{}: the KeePass password is empty; nothing was written", path.display())]
    EmptyPassword {
        /// The output file.
        path: PathBuf,
    },
    /// The password typed the second time differs from the first.
    #[error("{}: the two KeePass passwords typed differ; nothing was written", path.display())]
    PasswordsDiffer {
        /// The output file.
        path: PathBuf,
    },
    /// The `keepass` crate could not build or encrypt the file.
    #[error("{}: cannot make the KeePass file: {reason}", path.display())]
    Save {
        /// The output file.
        path: PathBuf,
        /// The crate's message.
        reason: String,
    },
    /// The output could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Unwritable {
        /// The output file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file written does not hold the entries of the handover (it was removed).
    #[error("{}: the KeePass file written does not reopen to the handover's credentials ({detail}); it was removed, export again", path.display())]
    ProofMismatch {
        /// The output file.
        path: PathBuf,
        /// What differed (entry titles and counts, never a value).
        detail: String,
    },
}

impl ExportError {
    /// Whether this error comes from options that make no sense (exit code 2), rather than
    /// from a file or the crypto (exit code 3).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ExportError::OwnInput { .. } | ExportError::PasswordsDiffer { .. }
        )
    }
}
