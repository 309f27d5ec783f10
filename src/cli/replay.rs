//! `nec-harden replay SITE.toml`: the wizard in replay mode; with `--headless`, replay a saved
//! checklist with fresh secrets, seal them, prove the handover opens, and record the
//! (non-secret) facts in the site file.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use secrecy::ExposeSecret;

use nec_harden::checklist::{self, Checklist};
use nec_harden::csprng;
use nec_harden::handover::{ProofMethod, Protection};
use nec_harden::output_file;
use nec_harden::replay::{self, missing_answers};
use nec_harden::site::{HandoverFacts, SiteFile, Timestamp};
use nec_harden::terminal_text::escape_controls;

use super::seal_args::SealArgs;
use super::{CliError, Outcome};

/// Replay a saved checklist: every answer re-used, every secret fresh.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The saved site file.
    #[arg(value_name = "SITE.toml")]
    pub site: PathBuf,
    /// Run without prompts: fail, listing every missing answer, if one is missing.
    #[arg(long)]
    pub headless: bool,
    /// Use this checklist instead of the one the site file names or the shipped one.
    #[arg(long, value_name = "FILE")]
    pub checklist: Option<PathBuf>,
    /// How to seal the handover.
    #[command(flatten)]
    pub seal: SealArgs,
    /// With --force and -o naming the same file: replace the handover the site file records as
    /// the current one (its credentials may be live on the system until the new ones are keyed
    /// in).
    #[arg(long, value_name = "HANDOVER")]
    pub replace_current: Option<PathBuf>,
}

/// Runs `replay`.
pub fn run(args: &ReplayArgs) -> Result<Outcome, CliError> {
    if !args.headless {
        return interactive(args);
    }
    let override_checklist = args
        .checklist
        .as_deref()
        .map(checklist::load)
        .transpose()
        .map_err(|e| CliError::Io(first_line(&e.to_string())))?;
    let (mut site, checklist) = SiteFile::load(&args.site, override_checklist.as_ref())
        .map_err(|e| CliError::Io(first_line(&e.to_string())))?;

    let missing = missing_answers(&checklist, &site);
    if !missing.is_empty() {
        let stderr = io::stderr();
        let mut err = stderr.lock();
        for m in &missing {
            // The id and title come from a (dealer's) checklist: escaped for the terminal.
            let line = format!(
                "{}: missing answer for `{}` ({}): needs a {}",
                args.site.display(),
                m.item,
                m.title,
                m.needs
            );
            let _ = writeln!(err, "{}", escape_controls(&line));
        }
        let _ = writeln!(
            err,
            "{}: {} answers missing; nothing written",
            args.site.display(),
            missing.len()
        );
        return Ok(Outcome::Failed);
    }
    headless(args, &mut site, &checklist)
}

/// The wizard in replay mode: protection is chosen on screen, so only `-o` and `--checklist`
/// apply.
fn interactive(args: &ReplayArgs) -> Result<Outcome, CliError> {
    let s = &args.seal;
    let headless_only = !s.recipients.is_empty()
        || !s.recipients_files.is_empty()
        || s.passphrase_file.is_some()
        || s.generate_passphrase
        || s.binary
        || s.force
        || !s.identities.is_empty()
        || s.no_verify_identity
        || args.replace_current.is_some();
    // `--no-dealer-keys` applies on screen too (the dealer-keys line starts unticked).
    if headless_only {
        return Err(CliError::Usage(format!(
            "{}: the wizard asks how to protect the handover; protection options need --headless",
            args.site.display()
        )));
    }
    if !args.site.exists() {
        return Err(CliError::Io(format!(
            "{}: no such site file",
            args.site.display()
        )));
    }
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(CliError::Usage(format!(
            "{}: an interactive replay needs a terminal; add --headless to replay without one",
            args.site.display()
        )));
    }
    super::wizard::start(
        Some(args.site.clone()),
        args.checklist.as_deref(),
        true,
        s.output.clone(),
        s.no_dealer_keys,
    )
}

fn headless(
    args: &ReplayArgs,
    site: &mut SiteFile,
    checklist: &Checklist,
) -> Result<Outcome, CliError> {
    let options = args.seal.to_options_with_profile()?;
    let now = Timestamp::now();
    let default_output = output_file::dated_handover(&args.site, &now);
    let mut stdin = super::hidden_input::SecretStdin::new("handover passphrase (not shown): ");
    // Resolve (parse recipients, read or make the passphrase) before any secret exists.
    let resolved = options.resolve(Some(&default_output), &mut stdin)?;
    refuse_clobber(args, site, &resolved)?;
    let existed = resolved.output.symlink_metadata().is_ok();

    let mut rng = csprng::from_os().map_err(|e| CliError::Io(e.to_string()))?;
    let fresh = replay::issue(checklist, site, &now, &mut rng)
        .map_err(|e| CliError::Io(format!("{}: {e}", args.site.display())))?;
    drop(rng);
    let mut record = fresh
        .record(checklist, site)
        .map_err(|e| CliError::Io(format!("{}: {e}", args.site.display())))?;
    // Every file this run writes must be writable before anything is sealed: a handover
    // that the site file then fails to record is a failure that changed something.
    let sealed_size = record.to_toml().len() as u64 * 4 / 3 + 4096;
    output_file::check_writable(&resolved.output, sealed_size)
        .and_then(|()| output_file::check_writable(&args.site, site.to_toml().len() as u64))?;

    // A generated passphrase is shown before anything is sealed: once the new handover
    // replaces the old one on disk, a crash must not leave a file nobody can open. Shown
    // early it protects nothing yet, and it is no credential to key into the system.
    if let Some(g) = &resolved.generated {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "passphrase (shown once; give it to the customer by another channel): {}",
            g.passphrase.expose_secret()
        )
        .and_then(|()| out.flush())
        // Not a quiet exit on a closed pipe: the passphrase must be seen before sealing.
        .map_err(|e| {
            CliError::Io(format!(
                "standard output: {e}; the passphrase was not shown, nothing sealed"
            ))
        })?;
    }

    let proof = resolved.seal(&mut record)?;

    let recipients = match &resolved.protection {
        Protection::Recipients(rs) => rs.iter().map(ToString::to_string).collect(),
        Protection::Passphrase { .. } => Vec::new(),
    };
    let verified = proof.method() != ProofMethod::RecipientsOnlyConfirmed;
    let recorded = fresh
        .apply(checklist, site, &now)
        .map_err(|e| format!("{}: {e}", args.site.display()))
        .and_then(|()| {
            site.handover = Some(HandoverFacts {
                file: resolved
                    .output
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                passphrase: recipients.is_empty(),
                recipients,
                sealed_at: Some(proof.sealed_at().clone()),
                verified_at: verified.then(Timestamp::now),
                addenda: Vec::new(),
            });
            site.save(&args.site)
                .map_err(|e| first_line(&e.to_string()))
        });
    if let Err(why) = recorded {
        return Err(CliError::Io(undo_seal(&why, &resolved.output, existed)));
    }

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let io_err = |e: io::Error| super::stdout::error(&e);
    writeln!(
        out,
        "handover: {} ({} credentials, {})",
        proof.path().display(),
        proof.credential_count(),
        proof_text(&proof)
    )
    .map_err(io_err)?;
    for (kind, n) in record.count_by_kind() {
        writeln!(out, "  {n:>4} x {}", kind.label()).map_err(io_err)?;
    }
    writeln!(
        out,
        "site file: {} updated ({} credential items to key in; no secret written)",
        args.site.display(),
        fresh.issued.len()
    )
    .map_err(io_err)?;
    Ok(Outcome::Ok)
}

/// Refuses an output that is one of the run's inputs (exit 2, `--force` or not), and the
/// handover the site file records as current unless `--force --replace-current` name it.
fn refuse_clobber(
    args: &ReplayArgs,
    site: &SiteFile,
    resolved: &nec_harden::handover::ResolvedSeal,
) -> Result<(), CliError> {
    let output = &resolved.output;
    let mut inputs = vec![args.site.clone()];
    inputs.extend(args.checklist.iter().cloned());
    if let Some(own) = &site.site.checklist {
        inputs.push(output_file::folder_of(&args.site).join(own));
    }
    inputs.extend(args.seal.inputs());
    output_file::refuse_own_input(output, &inputs)?;

    let exists = output.symlink_metadata().is_ok();
    let current = site
        .handover
        .as_ref()
        .map(|h| output_file::folder_of(&args.site).join(&h.file));
    if exists
        && current
            .as_deref()
            .is_some_and(|c| output_file::same_file(output, c))
    {
        let named = args
            .replace_current
            .as_deref()
            .is_some_and(|p| output_file::same_file(p, output));
        if !(args.seal.force && named) {
            return Err(CliError::Usage(format!(
                "{}: is the handover {} records as current (its credentials may be live on the system until the new ones are keyed in); to replace it give --force --replace-current {}",
                output.display(),
                args.site.display(),
                output.display()
            )));
        }
    }
    if resolved.overwrite == nec_harden::atomic_file::Overwrite::Refuse && exists {
        return Err(CliError::Io(format!(
            "{}: file exists (use --force to replace it)",
            output.display()
        )));
    }
    Ok(())
}

/// After the handover was sealed, the site file could not record it (`why`): remove the new
/// handover again (no credential of it was shown), unless it replaced an older file.
fn undo_seal(why: &str, handover: &Path, replaced: bool) -> String {
    if replaced {
        return format!(
            "{why}; {} holds the new credentials (it replaced the earlier file) and the site file was not updated",
            handover.display()
        );
    }
    match std::fs::remove_file(handover) {
        Ok(()) => format!(
            "{why}; the new handover {} was removed again (none of its credentials was shown): nothing changed",
            handover.display()
        ),
        Err(e) => format!(
            "{why}; the new handover {} could not be removed ({e}): it holds credentials the site file does not record",
            handover.display()
        ),
    }
}

fn proof_text(proof: &nec_harden::handover::SealedProof) -> &'static str {
    if proof.method() == ProofMethod::RecipientsOnlyConfirmed {
        "not verified: you confirmed the customer holds the key"
    } else {
        "verified: it opens"
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::undo_seal;

    #[test]
    fn a_new_handover_the_site_file_could_not_record_is_removed_again() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.age");
        std::fs::write(&new, "sealed").unwrap();
        let msg = undo_seal("site.toml: cannot write: disk full", &new, false);
        assert!(!new.exists());
        assert!(
            msg.starts_with("site.toml: cannot write: disk full; "),
            "{msg}"
        );
        assert!(
            msg.contains("removed again") && msg.contains("nothing changed"),
            "{msg}"
        );
    }

    #[test]
    fn a_handover_that_replaced_an_earlier_file_is_kept_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let forced = dir.path().join("forced.age");
        std::fs::write(&forced, "sealed").unwrap();
        let msg = undo_seal("site.toml: cannot write: disk full", &forced, true);
        assert!(forced.exists(), "the only copy of its credentials stays");
        assert!(msg.contains("holds the new credentials"), "{msg}");
        assert!(msg.contains("forced.age"), "{msg}");
    }
}
