//! `nec-harden check KIND VALUE`: say whether a typed value is ok, weak or rejected, and why.

use std::io::{BufRead, Write};

use clap::Args;
use secrecy::{ExposeSecret, SecretString};

use nec_harden::secrets::{self, Context, CredentialKind, Status, UsernameCharset};

use super::{CliError, Outcome};

/// Check a value: prints ok, weak or rejected, then one line per finding.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// username, password, userpro, code, sip-id, sip-password, port, disa or override.
    pub kind: CredentialKind,
    /// The value to check; `-` reads it from standard input (keeps it out of the process list).
    pub value: String,
    /// Characters allowed in user names.
    #[arg(long, value_enum, default_value_t = UsernameCharset::Alnum)]
    pub username_charset: UsernameCharset,
    /// The extension the value belongs to (its number must not appear in it).
    #[arg(long, value_name = "NUMBER")]
    pub extension: Option<String>,
}

/// Runs `check`.
pub fn run(args: CheckArgs) -> Result<Outcome, CliError> {
    let value = if args.value == "-" {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Io(format!("standard input: {e}")))?;
        let trimmed = line.trim_end_matches(['\r', '\n']).to_owned();
        zeroize::Zeroize::zeroize(&mut line);
        SecretString::from(trimmed)
    } else {
        SecretString::from(args.value)
    };
    if let Some(ext) = &args.extension
        && (ext.is_empty() || ext.len() > 8 || !ext.bytes().all(|c| c.is_ascii_digit()))
    {
        return Err(CliError::Usage(format!(
            "--extension `{ext}`: an extension number is 1 to 8 digits"
        )));
    }
    let ctx = Context {
        charset: args.username_charset,
        extension: args.extension.as_deref(),
        others: &[],
    };
    let verdict = secrets::check(args.kind, value.expose_secret(), &ctx);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io_err = |e: std::io::Error| CliError::Io(format!("standard output: {e}"));
    writeln!(out, "{}", verdict.status.name()).map_err(io_err)?;
    for f in &verdict.findings {
        writeln!(out, "{f}").map_err(io_err)?;
    }
    Ok(if verdict.status == Status::Ok {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}
