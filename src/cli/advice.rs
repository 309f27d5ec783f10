//! What the command line adds to a library error: the option that fixes it.
//!
//! The library says what is wrong in words any front end can show (the wizard adds its own, in
//! `tui/text.rs`); only here are the command line's flags named.

use std::io;

use nec_harden::handover::{Conflict, HandoverError};
use nec_harden::kdbx::ExportError;
use nec_harden::secrets::{CredentialKind, Finding, UsernameCharset};

/// The flag-naming advice that follows a handover error's message (empty when the message
/// says all there is to say).
pub fn handover(e: &HandoverError) -> &'static str {
    match e {
        HandoverError::MixedPassphraseAndRecipients => ": drop -r/-R or the passphrase option",
        HandoverError::NoProtection => {
            ": give -r RECIPIENT, -R RECIPIENTS_FILE, --passphrase-file F or --generate-passphrase"
        }
        HandoverError::ConflictingOptions(Conflict::PassphraseTwice) => {
            " (--passphrase-file and --generate-passphrase exclude each other)"
        }
        HandoverError::ConflictingOptions(Conflict::ProofWithPassphrase) => {
            " (drop -i and --no-verify-identity)"
        }
        HandoverError::ConflictingOptions(Conflict::NoOutput) => ": give -o FILE",
        HandoverError::NoMatchingIdentity { .. } => {
            "; give the private key of one of its recipients with -i"
        }
        HandoverError::PassphraseNeeded { .. } => {
            "; give it with --passphrase-file F (or - for standard input)"
        }
        HandoverError::IdentityNeeded { .. } => "; give a private key with -i",
        HandoverError::OutputExists { .. } => "; use --force to replace it",
        HandoverError::Unwritable { source, .. } => exists(source),
        HandoverError::UnprovenRecipients { .. } => {
            "; give the private key with -i, or confirm with --no-verify-identity that the customer holds it"
        }
        _ => "",
    }
}

/// The flag-naming advice that follows a KeePass export error's message.
pub fn export(e: &ExportError) -> &'static str {
    match e {
        ExportError::OutputExists { .. } => "; use --force to replace it",
        ExportError::Unwritable { source, .. } => exists(source),
        _ => "",
    }
}

/// A write refused because the file appeared meanwhile.
fn exists(e: &io::Error) -> &'static str {
    if e.kind() == io::ErrorKind::AlreadyExists {
        "; use --force to replace it"
    } else {
        ""
    }
}

/// The flag-naming advice that follows a finding of `nec-harden check`: a user name refused
/// for characters that the extended set would accept.
pub fn finding(f: &Finding, charset: UsernameCharset) -> &'static str {
    let charset_rule = f.rule.kind == CredentialKind::Username.name() && f.rule.name == "charset";
    if charset_rule && charset == UsernameCharset::Alnum {
        " (`--username-charset extended` adds ! # % *)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use nec_harden::secrets::{self, Context};

    use super::*;

    #[test]
    fn a_username_refused_for_its_characters_names_the_extended_set() {
        let verdict = secrets::check(CredentialKind::Username, "tESt23#Z%!", &Context::default());
        let f = verdict
            .findings
            .iter()
            .find(|f| f.rule.name == "charset")
            .expect("the charset rule refuses # % !");
        assert!(!f.message.contains("--"), "{}", f.message);
        assert!(finding(f, UsernameCharset::Alnum).contains("--username-charset extended"));
        assert_eq!(finding(f, UsernameCharset::Extended), "");
    }

    #[test]
    fn the_command_line_names_the_flags_the_library_leaves_out() {
        let path = std::path::PathBuf::from("h.age");
        for (e, flag) in [
            (HandoverError::NoProtection, "--passphrase-file"),
            (
                HandoverError::OutputExists { path: path.clone() },
                "--force",
            ),
            (
                HandoverError::UnprovenRecipients { path: path.clone() },
                "--no-verify-identity",
            ),
            (
                HandoverError::PassphraseNeeded { path: path.clone() },
                "--passphrase-file",
            ),
            (
                HandoverError::ConflictingOptions(Conflict::NoOutput),
                "-o FILE",
            ),
        ] {
            assert!(!e.to_string().contains(flag), "{e}");
            assert!(handover(&e).contains(flag), "{e}");
        }
        let e = ExportError::OutputExists { path };
        assert!(!e.to_string().contains("--force"));
        assert!(export(&e).contains("--force"));
    }
}
