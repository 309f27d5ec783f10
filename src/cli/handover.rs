//! `nec-harden handover verify|show|seal|export`: open, check and print a handover file, seal a
//! record read from standard input, or export one to KeePass (`handover_export`).

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use nec_harden::handover::{
    self, HandoverError, HandoverRecord, Keys, PassphraseUse, ProofMethod, inspect, open_bytes,
    read_passphrase_file,
};
use nec_harden::input_file::{self, InputKind};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::hidden_input::SecretStdin;
use super::seal_args::SealArgs;
use super::{CliError, Outcome};

/// The `handover` actions.
#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// Decrypt a handover file, check the record and print a summary without secrets.
    ///
    /// Without a key, only the recipient types of the header are reported.
    Verify(OpenArgs),
    /// Decrypt a handover file and print the whole record, secrets included.
    Show(OpenArgs),
    /// Seal a handover record read from standard input.
    ///
    /// For example, to move a handover from a passphrase to the customer's key:
    /// `age -d old.age | nec-harden handover seal -r age1... --no-verify-identity -o new.age`.
    Seal(SealArgs),
    /// Export a handover file to a KeePass (KDBX 4) file for the customer's password manager.
    ///
    /// One group per kind of credential, one entry per credential; the file is written
    /// encrypted (mode 0600) and reopened and compared before this says it worked.
    Export(super::handover_export::ExportArgs),
}

/// The file to open and the keys to open it with.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The handover file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// An identity file: an age key file or an unencrypted OpenSSH private key. Repeatable.
    #[arg(short = 'i', long = "identity", value_name = "IDENTITY")]
    pub identities: Vec<PathBuf>,
    /// Read the passphrase from the first line of this file (- reads standard input).
    #[arg(long, value_name = "F")]
    pub passphrase_file: Option<PathBuf>,
}

/// Runs one `handover` action.
pub fn run(cmd: HandoverCommand) -> Result<Outcome, CliError> {
    let mut out = io::stdout().lock();
    let mut secret_stdin = SecretStdin::new("passphrase (not shown): ");
    match cmd {
        HandoverCommand::Verify(args) => verify(&args, &mut secret_stdin, &mut out),
        HandoverCommand::Show(args) => show(&args, &mut secret_stdin, &mut out),
        HandoverCommand::Seal(args) => seal(&args, &mut io::stdin().lock(), &mut out),
        HandoverCommand::Export(args) => {
            super::handover_export::run(&args, &mut secret_stdin, &mut out)
        }
    }
}

/// Maps a library error to the CLI's: usage (exit 2) or I/O and crypto (exit 3).
pub fn cli_error(e: &HandoverError) -> CliError {
    if e.is_usage() {
        CliError::Usage(e.to_string())
    } else {
        CliError::Io(e.to_string())
    }
}

pub(super) fn keys(args: &OpenArgs, stdin: &mut dyn Read) -> Result<Keys, CliError> {
    let mut keys = Keys::none();
    for id in &args.identities {
        keys.add_identity_file(id).map_err(|e| cli_error(&e))?;
    }
    if let Some(p) = &args.passphrase_file {
        keys.set_passphrase(
            read_passphrase_file(p, stdin, PassphraseUse::Open).map_err(|e| cli_error(&e))?,
        );
    }
    Ok(keys)
}

pub(super) fn open_record(
    args: &OpenArgs,
    keys: &Keys,
) -> Result<(handover::Opened, HandoverRecord), CliError> {
    let bytes = handover::open::read_file(&args.file).map_err(|e| cli_error(&e))?;
    let opened = open_bytes(&bytes, keys, &args.file).map_err(|e| cli_error(&e))?;
    let record = HandoverRecord::from_toml(&opened.text, &args.file).map_err(|e| cli_error(&e))?;
    Ok((opened, record))
}

fn verify(args: &OpenArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let keys = keys(args, stdin)?;
    let bytes = handover::open::read_file(&args.file).map_err(|e| cli_error(&e))?;
    let header = inspect(&bytes, &args.file).map_err(|e| cli_error(&e))?;
    let mut text = String::new();
    let line = |text: &mut String, k: &str, v: &str| {
        let _ = writeln!(text, "{k:<12} {v}");
    };
    line(
        &mut text,
        "file:",
        &format!(
            "{} ({})",
            args.file.display(),
            if header.armored {
                "ASCII armor"
            } else {
                "binary"
            }
        ),
    );
    let kind = if header.is_passphrase() {
        " (passphrase)"
    } else {
        ""
    };
    line(
        &mut text,
        "sealed to:",
        &format!("{}{kind}", header.types_text()),
    );
    if keys.is_empty() {
        line(
            &mut text,
            "content:",
            "not checked (no key given: add -i IDENTITY or --passphrase-file F)",
        );
        return write_all(out, &text);
    }
    let (_, record) = open_record(args, &keys)?;
    line(
        &mut text,
        "site:",
        &format!(
            "{} ({})",
            record.site.name,
            record.site.model.display_name()
        ),
    );
    line(&mut text, "customer:", &record.site.customer);
    line(&mut text, "installer:", &record.site.installer);
    line(&mut text, "sealed at:", record.sealed_at.as_str());
    let counts: Vec<String> = record
        .count_by_kind()
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    line(
        &mut text,
        "credentials:",
        &format!("{} ({})", record.credentials.len(), counts.join(", ")),
    );
    line(
        &mut text,
        "content:",
        "checked: decrypts to a valid handover record (format 1)",
    );
    write_all(out, &text)
}

pub(super) fn write_all(out: &mut dyn Write, text: &str) -> Result<Outcome, CliError> {
    super::stdout::write_to(out, text)?;
    Ok(Outcome::Ok)
}

fn show(args: &OpenArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let keys = keys(args, stdin)?;
    if keys.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: give a key to open it: -i IDENTITY or --passphrase-file F",
            args.file.display()
        )));
    }
    let (opened, _record) = open_record(args, &keys)?;
    write_all(out, &opened.text)?;
    // On stderr: standard output is exactly the record, for pipes.
    let _ = writeln!(io::stderr(), "{}", export_hint(&args.file));
    Ok(Outcome::Ok)
}

/// The line that tells the customer how to move the record into a password manager.
fn export_hint(file: &Path) -> String {
    format!(
        "To move these credentials into KeePassXC or another KeePass app without a plaintext copy: nec-harden handover export {} -i KEY|--passphrase-file F --kdbx OUT.kdbx",
        file.display()
    )
}

fn seal(args: &SealArgs, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let stdin_name = Path::new("-");
    if args.passphrase_file.as_deref() == Some(stdin_name) {
        return Err(CliError::Usage(
            "handover seal reads the record from standard input: give the passphrase in a file, not -"
                .into(),
        ));
    }
    let options = args.to_options();
    // Check every option (and refuse an existing output) before reading the record.
    let resolved = options
        .resolve(None, stdin)
        .map_err(|e| match (&e, &args.output) {
            // These name no file themselves: say which handover they were about.
            (
                HandoverError::MixedPassphraseAndRecipients
                | HandoverError::NoProtection
                | HandoverError::BadRecipient { .. }
                | HandoverError::ConflictingOptions(_),
                Some(out),
            ) => CliError::Usage(format!("{}: {e}", out.display())),
            _ => cli_error(&e),
        })?;
    nec_harden::output_file::refuse_own_input(&resolved.output, &args.inputs())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if !args.force && resolved.output.symlink_metadata().is_ok() {
        return Err(cli_error(&HandoverError::OutputExists {
            path: resolved.output.clone(),
        }));
    }
    let bytes = input_file::read(stdin_name, InputKind::Handover, stdin)
        .map_err(|e| CliError::Io(format!("standard input: cannot read the record: {e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::Io("standard input: the record is not UTF-8 text".into()))?;
    let mut record = HandoverRecord::from_toml(text, stdin_name).map_err(|e| cli_error(&e))?;
    let proof = resolved.seal(&mut record).map_err(|e| cli_error(&e))?;
    // Holds the generated passphrase: wiped when dropped.
    let mut msg = Zeroizing::new(String::with_capacity(512));
    let _ = writeln!(
        msg,
        "sealed {} credentials to {} in {} ({})",
        proof.credential_count(),
        resolved.protection.stanza_types().join(", "),
        proof.path().display(),
        match proof.method() {
            ProofMethod::Passphrase => "proven to open with the passphrase",
            ProofMethod::Identity => "proven to open with your private key",
            ProofMethod::RecipientsOnlyConfirmed => {
                "not opened: you confirmed the customer holds a private key"
            }
        }
    );
    if let Some(g) = &resolved.generated {
        let _ = writeln!(
            msg,
            "passphrase (give it to the customer, it is shown only once; {:.1} bits): {}",
            g.entropy_bits,
            g.passphrase.expose_secret()
        );
        // Lost unseen, the passphrase leaves a file nobody can open: that is no quiet exit.
        return match write_all(out, &msg) {
            Err(CliError::ClosedPipe) => Err(CliError::Io(format!(
                "{}: sealed, but standard output closed before the passphrase was shown: seal again",
                proof.path().display()
            ))),
            other => other,
        };
    }
    write_all(out, &msg)
}
