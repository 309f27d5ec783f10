//! `nec-harden check KIND VALUE`: say whether a typed value is ok, weak or rejected, and why.

use std::fmt::Write as _;
use std::path::Path;

use clap::Args;
use secrecy::{ExposeSecret, SecretString};

use nec_harden::input_file::{self, InputKind};
use nec_harden::secrets::{self, Context, CredentialKind, Status};

use super::charset_arg::CharsetArg;
use super::hidden_input::SecretStdin;
use super::{CliError, Outcome};

/// Check a value: prints ok, weak or rejected, then one line per finding.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// username, password, userpro, code, sip-id, sip-password, port, disa, override or
    /// walking-id.
    pub kind: CredentialKind,
    /// The value to check; `-` reads it from standard input (keeps it out of the process list;
    /// on a terminal it is typed without echo).
    pub value: String,
    /// Characters allowed in user names.
    #[arg(long, value_enum, default_value_t = CharsetArg::Alnum)]
    pub username_charset: CharsetArg,
    /// The extension the value belongs to (its number must not appear in it).
    #[arg(long, value_name = "NUMBER")]
    pub extension: Option<String>,
}

/// Runs `check`.
pub fn run(args: CheckArgs) -> Result<Outcome, CliError> {
    let value = if args.value == "-" {
        let mut stdin = SecretStdin::new("value to check (not shown): ");
        let bytes = input_file::read(Path::new("-"), InputKind::Passphrase, &mut stdin)
            .map_err(|e| CliError::Io(format!("standard input: {e}")))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| CliError::Io("standard input: not UTF-8 text".into()))?;
        // The first line, as `echo VALUE |` gives it.
        let line = text.split('\n').next().unwrap_or_default();
        SecretString::from(line.strip_suffix('\r').unwrap_or(line))
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
        charset: args.username_charset.into(),
        extension: args.extension.as_deref(),
        ..Context::default()
    };
    let verdict = secrets::check(args.kind, value.expose_secret(), &ctx);
    let mut text = format!("{}\n", verdict.status.name());
    for f in &verdict.findings {
        let advice = super::advice::finding(f, ctx.charset);
        let _ = writeln!(
            text,
            "{}: {}{advice} [{}]",
            f.severity.name(),
            f.message,
            f.rule
        );
    }
    super::stdout::print(&text)?;
    Ok(if verdict.status == Status::Ok {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}
