//! nec-harden: harden NEC SL2100 / SL1100 phone systems against toll fraud.
//!
//! Crate map:
//! - [`nec`]: the domain facts: models, factory logins (no I/O, no drawing).
//! - [`secrets`]: the credential rules engine: policies, validator, generator, exact entropy.
//! - [`csprng`]: where secrets' randomness comes from: ChaCha20 keyed once from the OS generator.
//! - [`handover`]: the encrypted handover file: record, age sealing/opening, lock-out guard.
//! - [`kdbx`]: the customer's KeePass export of a handover: KDBX4 groups and entries, proved by reopening.
//! - [`replay`]: headless replay: missing answers, fresh credentials, the site-file update.
//! - [`timestamp`]: RFC 3339 UTC time stamps without a date library.
//! - [`atomic_file`]: crash-safe writes (temp file, fsync, rename, mode 0600).
//! - [`input_file`]: capped reads of input files (regular files only, or `-` for standard input).
//! - [`coverage`]: what is covered: credential targets, status from evidence, the score, the one issuer.
//! - [`calls`]: the call-record (SMDR) audit: reader, fraud rules, live watch.
//! - [`output_file`]: where a command may write: never over its inputs, free dated handover names, room checked first.
//! - [`checklist`]: checklists as data (sections, items, answers, conditions, weights) and their validation.
//! - [`profile`]: the dealer profile: names, default model, dealer keys, sites folder, rotation.
//! - [`probe`]: the exposure probe: admin and SIP ports, unauthenticated REGISTER, verdicts per item.
//! - [`report`]: the weighted score with its band, risky combinations, and md/json/html renderers.
//! - [`diff`]: what changed between two visits of a site (items, answers, extensions, probe).
//! - [`fleet`]: the dealer's fleet view: every site file of a folder, what needs action first.
//! - [`tui`]: the interactive wizard (the only module that draws on the terminal).
//! - [`terminal_text`]: the one helper that escapes control characters before text reaches a terminal.
//! - [`site`]: the site file (saved checklist run): extensions, statuses, non-secret answers; load, edit, save.

pub mod atomic_file;
pub mod calls;
pub mod checklist;
pub mod coverage;
pub mod csprng;
pub mod diff;
pub mod fleet;
pub mod handover;
pub mod input_file;
pub mod kdbx;
pub mod nec;
pub mod output_file;
pub mod probe;
pub mod profile;
pub mod replay;
pub mod report;
pub mod secrets;
pub mod site;
pub mod terminal_text;
pub mod timestamp;
pub mod tui;
