//! The wizard's screens as one value ([`Screen`]), what a key asks for ([`Effect`]) and the
//! slow work a key queues ([`Job`]).
//!
//! Each form keeps its own state inside its variant and handles its own keys, returning an
//! [`Effect`]; [`App::apply`](super::App) is the one place that carries effects out and moves
//! between screens. Replacing the variant drops the form it held, so a form that holds a typed
//! secret (the protection passphrase, the unlock passphrase) is wiped as soon as it is left.

use std::path::PathBuf;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::app::Step;
use super::extensions::ExtTable;
use super::protect::{ProtectForm, Sealing};
use super::replay::ReplayForm;
use super::review::{Finished, Review};
use super::setup::{NewSite, SiteForm};
use super::unlock::UnlockForm;
use super::walk::Walk;
use crate::probe::Vantage;

/// The current screen and the state only it has.
pub enum Screen {
    /// Who and where (new site).
    Site(SiteForm),
    /// The extension list.
    Extensions(ExtTable),
    /// How the handover is protected (before any credential).
    Protection(ProtectForm),
    /// Opening the existing handover (resume).
    Unlock(UnlockForm),
    /// Where an interactive replay is saved (replay's first screen).
    Replay(ReplayForm),
    /// The checklist walk (with its probe or SMDR-watch overlay).
    Walk(Walk),
    /// The review before finishing.
    Review(Review),
    /// The last screen.
    Finished(Finished),
}

impl std::fmt::Debug for Screen {
    /// The step only: a form's fields may hold secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Screen").field(&self.step()).finish()
    }
}

impl Screen {
    /// Which step this screen is.
    pub fn step(&self) -> Step {
        match self {
            Screen::Site(_) => Step::Site,
            Screen::Extensions(_) => Step::Extensions,
            Screen::Protection(_) => Step::Protection,
            Screen::Unlock(_) => Step::Unlock,
            Screen::Replay(_) => Step::Replay,
            Screen::Walk(_) => Step::Walk,
            Screen::Review(_) => Step::Review,
            Screen::Finished(_) => Step::Finished,
        }
    }

    /// Whether the screen holds a typed or generated secret (a passphrase being typed, a
    /// credential being typed in): such a screen is wiped when it is replaced.
    pub fn holds_secret(&self) -> bool {
        match self {
            Screen::Protection(f) => f.holds_secret(),
            Screen::Unlock(f) => f.passphrase && !f.input.is_blank(),
            Screen::Walk(w) => w.editor.has_typed_text(),
            _ => false,
        }
    }
}

/// What a key asked for, carried out by [`App::apply`](super::App).
#[derive(Debug)]
pub enum Effect {
    /// Nothing beyond the screen's own state.
    None,
    /// Move to a screen (refused unless the transition rules allow it).
    Go(Step),
    /// The current screen is done: the transition rules choose what follows.
    Next,
    /// Slow work, run after a "sealing" frame is drawn.
    Queue(Job),
    /// A line of feedback.
    Info(String),
    /// A line of feedback that is an error.
    Error(String),
    /// Copy a sealed value to the clipboard (OSC 52).
    Copy(Clip),
    /// Create the new site file.
    CreateSite(NewSite),
    /// Continue the visit without the customer's handover (an addendum).
    ContinueWithout,
    /// Save the replay to this site file.
    ReplayTo(PathBuf),
    /// Start the exposure probe.
    Probe {
        /// The host as typed.
        host: String,
        /// Where the probe runs from.
        vantage: Vantage,
    },
    /// Start the short SMDR watch.
    Watch {
        /// The system's address.
        host: String,
        /// Its SMDR port.
        port: u16,
    },
    /// The final seal and the report (refused while something blocks finishing).
    Finish,
    /// Esc on a screen that it leaves.
    Leave,
    /// Quit, asking first when something would be lost.
    Quit,
}

/// A value on its way to the clipboard: wiped when dropped, never printed.
pub struct Clip(pub Zeroizing<String>);

impl std::fmt::Debug for Clip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clip(..)")
    }
}

/// Slow work a key queued: run by [`App::run_pending`](super::App::run_pending) after the
/// "sealing" frame is on screen.
pub enum Job {
    /// Seal the first, empty handover (or addendum) with the protection chosen.
    Protect(Box<Sealing>),
    /// Open the site's handover with the key or passphrase typed on the unlock screen.
    OpenHandover,
    /// Generate the missing values of these rows (every value with `regenerate`) and seal.
    Generate {
        /// The rows of the credentials editor.
        rows: Vec<usize>,
        /// Whether values already sealed are replaced.
        regenerate: bool,
    },
    /// Seal a row's values again (its level changed).
    Reseal(usize),
    /// Seal typed values as (row, column, value).
    SealCells(Vec<(usize, usize, SecretString)>),
    /// The final seal and proof, the report, the last screen.
    Finish,
}

impl std::fmt::Debug for Job {
    /// The job's kind and where it applies, never a value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Protect(_) => f.write_str("Protect"),
            Job::OpenHandover => f.write_str("OpenHandover"),
            Job::Generate { rows, regenerate } => f
                .debug_struct("Generate")
                .field("rows", rows)
                .field("regenerate", regenerate)
                .finish(),
            Job::Reseal(r) => f.debug_tuple("Reseal").field(r).finish(),
            Job::SealCells(cells) => {
                let at: Vec<(usize, usize)> = cells.iter().map(|(r, c, _)| (*r, *c)).collect();
                f.debug_tuple("SealCells").field(&at).finish()
            }
            Job::Finish => f.write_str("Finish"),
        }
    }
}
