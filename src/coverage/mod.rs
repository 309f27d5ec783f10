//! What is covered: the one model of a site's credential targets, how each item's status is
//! concluded from evidence, the score that follows from it, and the one credential issuer
//! the wizard and headless replay share.
//!
//! - [`targets`]: every credential target of a site and its checklist, with the exact program
//!   item each value is keyed into.
//! - [`status`]: the rules from recorded and measured evidence to each item's status
//!   ([`item_status`]): done, pending, incomplete (missing targets), failed (measured), ...
//! - [`call_audit`]: the last call-record audit's alerts as evidence against the items they
//!   point at.
//! - [`score`]: the weighted score and band, from those statuses.
//! - [`consistency`]: answers that contradict each other, refused in the wizard and on load.
//! - [`issuer`]: fresh values for targets, the handover entries they become, the record's
//!   public facts.
//! - [`session`]: the site being worked on: its file, checklist and the figures derived from
//!   them (each item's computed status, progress, score, risks), saved atomically on change.
//! - [`vault`]: the record of one session, changed only through the lock-out guard (sealed and
//!   proven on disk before any value can be read back for a screen).
//!
//! No drawing and no I/O here: the report, the review, the wizard and the fleet view call in.

pub mod call_audit;
pub mod consistency;
pub mod issuer;
pub mod score;
pub mod session;
pub mod status;
pub mod targets;
pub mod vault;

pub use score::{BAND_RULE, Band, Score, score};
pub use status::{FailedFinding, ItemStatus, Measured, done_items, item_status, statuses};
pub use targets::{Slot, Target, item_targets, site_targets};
