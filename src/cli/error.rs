//! The command line's one error type, and the one place that gives each kind of error its exit
//! code: 0 ok, 1 a check failed (an [`super::Outcome`], not an error), 2 usage, 3 I/O or crypto.
//!
//! Library errors convert with `?`; where one library type holds both option errors and file
//! errors (handover, KeePass export, output files), the conversion picks the variant, so each
//! variant has exactly one exit code.

use nec_harden::checklist::ChecklistError;
use nec_harden::handover::HandoverError;
use nec_harden::kdbx::ExportError;
use nec_harden::output_file::OutputError;
use nec_harden::secrets::GenError;
use nec_harden::site::SiteError;

use super::advice;

/// An error that ends a command; its message is one line naming the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The arguments make no sense together.
    #[error("{0}")]
    Usage(String),
    /// Reading, writing, parsing or decrypting failed.
    #[error("{0}")]
    Io(String),
    /// The handover options make no sense (a recipient that is no key, options that exclude
    /// each other, recipients with nothing to prove the file opens).
    #[error("{}{}", .0, advice::handover(.0))]
    HandoverOptions(HandoverError),
    /// A handover file, a key or the crypto failed.
    #[error("{}{}", .0, advice::handover(.0))]
    Handover(HandoverError),
    /// The KeePass export was asked to do something it refuses (write over its own input,
    /// two different passwords typed).
    #[error("{}{}", .0, advice::export(.0))]
    ExportOptions(ExportError),
    /// The KeePass file could not be made, written or proven.
    #[error("{}{}", .0, advice::export(.0))]
    Export(ExportError),
    /// The output is one of the command's own inputs.
    #[error("{0}")]
    OwnInput(OutputError),
    /// The output's folder cannot take the file.
    #[error("{0}")]
    Output(OutputError),
    /// No value of the kind can be generated as asked (a length out of range).
    #[error(transparent)]
    Generate(#[from] GenError),
    /// A site file could not be read, parsed or saved.
    #[error(transparent)]
    Site(#[from] SiteError),
    /// A checklist could not be read or is not valid.
    #[error(transparent)]
    Checklist(#[from] ChecklistError),
    /// Standard output was closed by its reader (`| head`): not an error, exit 0 quietly.
    #[error("standard output closed")]
    ClosedPipe,
}

impl CliError {
    /// The process exit code for this error: the one place that decides it.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::ClosedPipe => 0,
            CliError::Usage(_)
            | CliError::HandoverOptions(_)
            | CliError::ExportOptions(_)
            | CliError::OwnInput(_)
            | CliError::Generate(_) => 2,
            CliError::Io(_)
            | CliError::Handover(_)
            | CliError::Export(_)
            | CliError::Output(_)
            | CliError::Site(_)
            | CliError::Checklist(_) => 3,
        }
    }
}

impl From<HandoverError> for CliError {
    fn from(e: HandoverError) -> Self {
        if e.is_usage() {
            CliError::HandoverOptions(e)
        } else {
            CliError::Handover(e)
        }
    }
}

impl From<ExportError> for CliError {
    fn from(e: ExportError) -> Self {
        if e.is_usage() {
            CliError::ExportOptions(e)
        } else {
            CliError::Export(e)
        }
    }
}

impl From<OutputError> for CliError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::OwnInput { .. } => CliError::OwnInput(e),
            OutputError::Unwritable { .. } | OutputError::NoSpace { .. } => CliError::Output(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::PathBuf;

    use nec_harden::secrets::CredentialKind;

    use super::*;

    fn path() -> PathBuf {
        PathBuf::from("site.handover.age")
    }

    #[test]
    fn each_kind_of_error_has_its_exit_code() {
        let cases: Vec<(CliError, u8)> = vec![
            (CliError::ClosedPipe, 0),
            (CliError::Usage("u".into()), 2),
            (CliError::Io("i".into()), 3),
            (HandoverError::NoProtection.into(), 2),
            (
                HandoverError::BadRecipient {
                    recipient: "x".into(),
                    reason: "y".into(),
                }
                .into(),
                2,
            ),
            (HandoverError::UnprovenRecipients { path: path() }.into(), 2),
            (HandoverError::WrongPassphrase { path: path() }.into(), 3),
            (HandoverError::OutputExists { path: path() }.into(), 3),
            (HandoverError::NotAgeFile { path: path() }.into(), 3),
            (ExportError::PasswordsDiffer { path: path() }.into(), 2),
            (
                ExportError::OwnInput {
                    path: path(),
                    input: path(),
                }
                .into(),
                2,
            ),
            (ExportError::OutputExists { path: path() }.into(), 3),
            (ExportError::EmptyPassword { path: path() }.into(), 3),
            (
                OutputError::OwnInput {
                    path: path(),
                    input: path(),
                }
                .into(),
                2,
            ),
            (
                OutputError::NoSpace {
                    path: path(),
                    free: 1,
                    needed: 2,
                }
                .into(),
                3,
            ),
            (
                OutputError::Unwritable {
                    path: path(),
                    source: io::Error::from(io::ErrorKind::PermissionDenied),
                }
                .into(),
                3,
            ),
            (GenError::NoLength(CredentialKind::Port).into(), 2),
            (
                SiteError::Read {
                    file: "s.toml".into(),
                    source: io::Error::from(io::ErrorKind::NotFound),
                }
                .into(),
                3,
            ),
            (
                ChecklistError::Read {
                    file: "c.toml".into(),
                    source: io::Error::from(io::ErrorKind::NotFound),
                }
                .into(),
                3,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.exit_code(), code, "{error:?}");
        }
    }

    #[test]
    fn a_converted_library_error_keeps_its_message() {
        let e = HandoverError::WrongPassphrase { path: path() };
        let text = e.to_string();
        assert_eq!(CliError::from(e).to_string(), text);
        let e = ChecklistError::Read {
            file: "c.toml".into(),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        let text = e.to_string();
        assert_eq!(CliError::from(e).to_string(), text);
    }
}
