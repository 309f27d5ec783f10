//! What the wizard starts with: the site to resume or none, a dealer checklist, the clock and
//! the generator (the OS one in the program, seeded ones in tests).

use std::path::PathBuf;

use secrecy::SecretString;

use super::theme::Theme;
use crate::checklist::Checklist;
use crate::handover::GeneratedPassphrase;
use crate::secrets::Generator;
use crate::site::Timestamp;

/// The source of randomness for generated secrets and passphrases.
///
/// The program passes the OS generator; tests a seeded one, so snapshots are stable.
pub trait SecretRng {
    /// Draws one value from `generator`'s set.
    fn draw(&mut self, generator: &Generator<'_>) -> SecretString;
    /// Draws a handover passphrase.
    fn passphrase(&mut self) -> GeneratedPassphrase;
}

impl<R: rand::CryptoRng> SecretRng for R {
    fn draw(&mut self, generator: &Generator<'_>) -> SecretString {
        generator.draw(self)
    }

    fn passphrase(&mut self) -> GeneratedPassphrase {
        crate::handover::passphrase::generate_with(self)
    }
}

/// The dealer profile as the wizard found it.
#[derive(Debug, Clone, Default)]
pub enum ProfileState {
    /// No profile (none yet, or the tests').
    #[default]
    None,
    /// A profile that read well, and where it is.
    Loaded {
        /// The profile file.
        path: PathBuf,
        /// Its fields.
        profile: crate::profile::Profile,
    },
    /// A profile that could not be used: one line naming the file and the problem, said on
    /// the first screen (the wizard works without it).
    Bad(String),
}

impl ProfileState {
    /// The profile, when it read well.
    pub fn profile(&self) -> Option<&crate::profile::Profile> {
        match self {
            ProfileState::Loaded { profile, .. } => Some(profile),
            _ => None,
        }
    }

    /// The dealer's public keys as lines, and the profile's identity file; empty when none.
    pub fn dealer_keys(&self) -> (Vec<String>, Option<PathBuf>) {
        match self {
            ProfileState::Loaded { path, profile } => {
                let keys = profile
                    .dealer_keys(path)
                    .map(|ks| ks.iter().map(ToString::to_string).collect())
                    .unwrap_or_default();
                (keys, profile.identity(path))
            }
            _ => (Vec::new(), None),
        }
    }
}

/// What the wizard is started with.
pub struct Launch {
    /// The site file to resume; `None` begins a new site.
    pub site: Option<PathBuf>,
    /// A dealer checklist (`--checklist`) instead of the shipped one.
    pub checklist: Option<Checklist>,
    /// Where that checklist is, recorded in a new site file so resuming finds it.
    pub checklist_file: Option<PathBuf>,
    /// The scrypt work factor of passphrase handovers (the program's; tests use a low one).
    pub work_factor: u8,
    /// Paths under this folder are shown relative to it.
    pub display_base: PathBuf,
    /// The clock (tests pass a fixed one).
    pub clock: Box<dyn Fn() -> Timestamp>,
    /// The generator of secrets.
    pub rng: Box<dyn SecretRng>,
    /// Colours or not.
    pub theme: Theme,
    /// Replay `site` interactively: answers pre-filled, every item pending, fresh credentials
    /// in a new handover (see [`crate::replay::prepare_interactive`]).
    pub replay: bool,
    /// The handover file a replay proposes (`-o`), instead of a dated new name.
    pub handover: Option<PathBuf>,
    /// The dealer profile: pre-fills new sites, adds the dealer's keys to every seal.
    pub profile: ProfileState,
}
