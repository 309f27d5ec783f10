//! `nec-harden gen KIND`: print freshly generated values, optionally with the set's entropy.

use std::io::Write;

use clap::Args;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use secrecy::ExposeSecret;

use nec_harden::secrets::{self, Context, CredentialKind};

use super::charset_arg::CharsetArg;
use super::{CliError, Outcome};

/// Generate credentials the system accepts and an attacker cannot guess.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// username, password, userpro, code, sip-id, sip-password, port, disa, override or
    /// walking-id.
    pub kind: CredentialKind,
    /// How many values to print, one per line.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub count: u32,
    /// Length of each value (default: the strongest length the system accepts).
    #[arg(long)]
    pub length: Option<usize>,
    /// Characters allowed in user names.
    #[arg(long, value_enum, default_value_t = CharsetArg::Alnum)]
    pub username_charset: CharsetArg,
    /// Print a last line with the exact entropy of the set the values are drawn from.
    #[arg(long)]
    pub entropy: bool,
}

/// Runs `gen`.
pub fn run(args: &GenArgs) -> Result<Outcome, CliError> {
    let ctx = Context {
        charset: args.username_charset.into(),
        ..Context::default()
    };
    let generator = secrets::Generator::new(args.kind, args.length, &ctx)?;
    let size = generator.set_size();
    let mut rng = UnwrapErr(SysRng);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io_err = |e: std::io::Error| super::stdout::error(&e);
    for _ in 0..args.count {
        let value = generator.draw(&mut rng);
        writeln!(out, "{}", value.expose_secret()).map_err(io_err)?;
    }
    if args.entropy {
        writeln!(
            out,
            "entropy: {:.2} bits over {} values",
            size.bits(),
            size.size
        )
        .map_err(io_err)?;
    }
    Ok(Outcome::Ok)
}
