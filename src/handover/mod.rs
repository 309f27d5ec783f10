//! The handover file: the credential record, its age sealing and opening, and the lock-out
//! guard that proves a sealed file opens before a new credential is shown.
//!
//! - [`record`]: the record in memory ([`HandoverRecord`], [`Credential`]); `record_write` and
//!   `record_parse` turn it into readable TOML and back.
//! - [`protection`]: recipients or a passphrase ([`Protection`]), recipient parsing.
//! - [`mod@seal`] / [`open`]: age encryption and decryption, armored or binary; [`keys`]: the
//!   identities and passphrases that open a file.
//! - [`header`]: the recipient types of a file, read without a key.
//! - [`guard`]: [`seal_and_prove`], the lock-out guard.
//! - [`options`]: sealing from command-line options ([`SealOptions`]).
//! - [`passphrase`]: generated passphrases.
//! - [`presence`]: whether the file is there, readable and an age file, told without a key.
//! - [`resume`]: where a reopened handover may be re-sealed (the record decides, not the site file).
//!
//! No drawing and no terminal code: the wizard, `replay` and the CLI all call in here.

pub mod error;
pub mod guard;
pub mod header;
pub mod keys;
pub mod open;
pub mod options;
pub mod passphrase;
pub mod presence;
pub mod protection;
pub mod record;
mod record_parse;
mod record_write;
pub mod resume;
pub mod seal;

pub use crate::timestamp::Timestamp;
pub use error::{Conflict, HandoverError};
pub use guard::{GuardOverride, ProofMethod, SealTarget, SealedProof, seal_and_prove};
pub use header::{HeaderSummary, inspect};
pub use keys::{Keys, MIN_PASSPHRASE_CHARS, PassphraseUse, read_passphrase_file};
pub use open::{Opened, open_bytes, open_file, read_to_end_wiped};
pub use options::{ResolvedSeal, SealOptions};
pub use passphrase::GeneratedPassphrase;
pub use protection::{
    Protection, Recipient, SCRYPT_WORK_FACTOR, parse_recipient, parse_recipients_file,
};
pub use record::{AddsTo, AdminPorts, Credential, FORMAT_VERSION, HandoverRecord, Level, SiteInfo};
pub use seal::{Armor, seal};

#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod record_tests;
