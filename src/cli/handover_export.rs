//! `nec-harden handover export`: the customer moves a handover into their password manager
//! (a KeePass KDBX4 file) without a plaintext copy on the way.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use nec_harden::atomic_file::Overwrite;
use nec_harden::handover::{self, read_passphrase_file};
use nec_harden::kdbx::{self, ExportError, ExportTarget, Kdf};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::handover::{OpenArgs, keys, open_record, write_all};
use super::{CliError, Outcome};

/// The handover to open and the KeePass file to write.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub open: OpenArgs,
    /// The KeePass file to write (KDBX 4).
    #[arg(long, value_name = "OUT.kdbx")]
    pub kdbx: PathBuf,
    /// Protect the KeePass file with the password on the first line of this file (- reads
    /// standard input). Without this or --generate-kdbx-password, it is typed twice.
    #[arg(long, value_name = "F", conflicts_with = "generate_kdbx_password")]
    pub kdbx_password_file: Option<PathBuf>,
    /// Protect the KeePass file with a new strong password, printed once for the customer.
    #[arg(long)]
    pub generate_kdbx_password: bool,
    /// Replace OUT.kdbx if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `handover export`.
pub fn run(
    args: &ExportArgs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let dash = Path::new("-");
    if args.open.passphrase_file.as_deref() == Some(dash)
        && args.kdbx_password_file.as_deref() == Some(dash)
    {
        return Err(CliError::Usage(format!(
            "{}: the handover passphrase and the KeePass password cannot both come from standard input; put one in a file",
            args.kdbx.display()
        )));
    }
    let inputs: Vec<PathBuf> = std::iter::once(&args.open.file)
        .chain(&args.open.identities)
        .chain(&args.open.passphrase_file)
        .chain(&args.kdbx_password_file)
        .filter(|p| p.as_path() != dash)
        .cloned()
        .collect();
    let target = ExportTarget {
        path: &args.kdbx,
        overwrite: if args.force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        },
        inputs: &inputs,
        kdf: Kdf::PROGRAM,
    };
    // Refuse a bad output before asking for anything.
    kdbx::check_target(&target)?;
    let typed = args.kdbx_password_file.is_none() && !args.generate_kdbx_password;
    if typed && !io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "{}: no terminal to type the KeePass password on; give --kdbx-password-file F or --generate-kdbx-password",
            args.kdbx.display()
        )));
    }
    let keys = keys(&args.open, stdin)?;
    if keys.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: give a key to open it: -i IDENTITY or --passphrase-file F",
            args.open.file.display()
        )));
    }
    let (_, record) = open_record(&args.open, &keys)?;

    let mut generated = None;
    let password = if let Some(p) = &args.kdbx_password_file {
        read_passphrase_file(p, stdin, handover::PassphraseUse::Seal)?
    } else if args.generate_kdbx_password {
        let g = handover::passphrase::generate();
        let p = g.passphrase.clone();
        generated = Some(g);
        p
    } else {
        typed_twice(&args.kdbx)?
    };

    let proof = kdbx::export(&record, &password, &target)?;
    // Holds the generated password: wiped when dropped.
    let mut msg = Zeroizing::new(String::with_capacity(512));
    let _ = writeln!(
        msg,
        "exported {} credentials of {} to {} ({} entries in {} groups, KDBX 4; reopened with the password and compared entry by entry)",
        record.credentials.len(),
        args.open.file.display(),
        proof.path.display(),
        proof.entries,
        proof.groups,
    );
    if let Some(g) = &generated {
        let _ = writeln!(
            msg,
            "KeePass password (give it to the customer, it is shown only once; {:.1} bits): {}",
            g.entropy_bits,
            g.passphrase.expose_secret()
        );
    }
    let _ = writeln!(
        msg,
        "Open it with KeePassXC, KeePass, KeeWeb, Strongbox or KeePassDX; it holds every credential of the site, so keep it and its password as safe as the handover."
    );
    write_all(out, &msg)
}

/// Asks for the KeePass password twice on the terminal, without echo.
fn typed_twice(output: &Path) -> Result<SecretString, CliError> {
    let ask = |prompt: &str| {
        prompt_without_echo(prompt)
            .map_err(|e| CliError::Io(format!("terminal: cannot read the KeePass password: {e}")))
    };
    let first = ask(&format!(
        "KeePass password for {} (not shown): ",
        output.display()
    ))?;
    if first.is_empty() {
        return Err(ExportError::EmptyPassword {
            path: output.to_path_buf(),
        }
        .into());
    }
    let second = ask("The same password again: ")?;
    if *first != *second {
        return Err(ExportError::PasswordsDiffer {
            path: output.to_path_buf(),
        }
        .into());
    }
    Ok(SecretString::from(first.as_str()))
}

/// Reads one line from the terminal without echo, through the same prompt as every other
/// secret typed at the command line ([`super::hidden_input`]): echo goes off before the prompt
/// shows, and Ctrl-C arrives as a key, so the terminal always gets its echo back.
fn prompt_without_echo(prompt: &str) -> io::Result<Zeroizing<String>> {
    super::hidden_input::read_hidden_line(prompt)
}
