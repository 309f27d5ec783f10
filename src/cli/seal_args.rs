//! The sealing options shared by every command that writes a handover file (`handover seal`,
//! `replay --headless`): a clap `Args` struct that maps onto the library's `SealOptions`.

use std::path::PathBuf;

use clap::Args;
use nec_harden::handover::SealOptions;

/// How to seal the handover file: to recipients (`-r`, `-R`) or to a passphrase
/// (`--passphrase-file`, `--generate-passphrase`), never both.
#[derive(Debug, Clone, Default, Args)]
pub struct SealArgs {
    /// Seal to this recipient: an age public key (age1...) or an SSH public key line
    /// (ssh-ed25519 / ssh-rsa). Repeatable.
    #[arg(short = 'r', long = "recipient", value_name = "RECIPIENT")]
    pub recipients: Vec<String>,
    /// Seal to every recipient in this file (one per line, # comments). Repeatable.
    #[arg(short = 'R', long = "recipients-file", value_name = "RECIPIENTS_FILE")]
    pub recipients_files: Vec<PathBuf>,
    /// Seal to the passphrase on the first line of this file (- reads standard input).
    #[arg(long, value_name = "F")]
    pub passphrase_file: Option<PathBuf>,
    /// Seal to a new strong passphrase, printed once for the customer.
    #[arg(long)]
    pub generate_passphrase: bool,
    /// Write binary age instead of ASCII armor.
    #[arg(long)]
    pub binary: bool,
    /// The handover file to write.
    #[arg(short = 'o', long = "output", value_name = "HANDOVER")]
    pub output: Option<PathBuf>,
    /// Replace the handover file if it exists (never one of this command's inputs; a replay
    /// also needs --replace-current for the handover the site file records).
    #[arg(long)]
    pub force: bool,
    /// A private key (age or OpenSSH) of one of the recipients, used to prove the sealed
    /// file opens. Repeatable.
    #[arg(short = 'i', long = "identity", value_name = "IDENTITY")]
    pub identities: Vec<PathBuf>,
    /// Seal to recipients without proving the file opens: you confirm the customer holds a
    /// matching private key.
    #[arg(long)]
    pub no_verify_identity: bool,
    /// Leave out the dealer's keys of the profile for this handover (the customer's choice);
    /// without it, a handover sealed to recipients is sealed to the dealer's keys too.
    #[arg(long)]
    pub no_dealer_keys: bool,
}

impl SealArgs {
    /// The files these options read (recipients, identities, the passphrase file): an output
    /// is never written over one of them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        self.recipients_files
            .iter()
            .chain(&self.identities)
            .chain(self.passphrase_file.iter().filter(|p| p.as_os_str() != "-"))
            .cloned()
            .collect()
    }

    /// [`SealArgs::to_options`] with the dealer profile applied: a handover sealed to
    /// recipients is also sealed to the dealer's keys (unless `--no-dealer-keys`), and the
    /// profile's identity file proves it opens when no `-i` is given. A passphrase handover
    /// stays a passphrase alone (age allows nothing beside it).
    ///
    /// # Errors
    /// A bad profile: one line naming the file (exit 2, or 3 when unreadable).
    pub fn to_options_with_profile(&self) -> Result<SealOptions, super::CliError> {
        let mut options = self.to_options();
        let to_keys = !self.recipients.is_empty() || !self.recipients_files.is_empty();
        if !to_keys || self.no_dealer_keys {
            return Ok(options);
        }
        let Some((path, profile)) = super::profile::load()? else {
            return Ok(options);
        };
        let keys = profile
            .dealer_keys(&path)
            .map_err(|e| super::profile::cli_error(&e))?;
        for key in keys {
            let line = key.to_string();
            if !options.recipients.contains(&line) {
                options.recipients.push(line);
            }
        }
        if options.identities.is_empty()
            && !options.no_verify_identity
            && let Some(identity) = profile.identity(&path)
        {
            options.identities.push(identity);
        }
        Ok(options)
    }

    /// The library's view of these options (the program's scrypt work factor).
    pub fn to_options(&self) -> SealOptions {
        SealOptions {
            recipients: self.recipients.clone(),
            recipients_files: self.recipients_files.clone(),
            passphrase_file: self.passphrase_file.clone(),
            generate_passphrase: self.generate_passphrase,
            binary: self.binary,
            output: self.output.clone(),
            force: self.force,
            identities: self.identities.clone(),
            no_verify_identity: self.no_verify_identity,
            work_factor: None,
        }
    }
}
