//! The one place the report reads where an item stands, the score and the risks.
//!
//! Every renderer shows an item's state through [`ItemState`] (a stable key, words, whether it
//! is open, and the evidence), never by matching on the site file's status. The state itself
//! is concluded in [`crate::coverage`] ([`crate::coverage::item_status`]): a probe that fails an
//! item, a credential target still missing, a deferral with its reason.

use serde::Serialize;

use super::{Risk, Score, risks, words};
use crate::checklist::{Checklist, Item};
use crate::coverage::{self, ItemStatus};
use crate::site::SiteFile;

/// Where one item stands, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemState {
    /// Stable key for machines and style sheets: `done`, `pending`, `incomplete`, `failed`,
    /// `deferred`, `not-applicable`, `does-not-apply`.
    pub key: &'static str,
    /// For people: "done", "failed: the exposure check of ... found ...".
    pub label: String,
    /// Whether the item counts and is not done: someone must still act on it.
    pub open: bool,
    /// The status as concluded from the evidence, with the missing targets or the findings.
    pub outcome: ItemStatus,
}

impl ItemState {
    /// The state of an item whose status `outcome` was concluded by [`crate::coverage`].
    pub fn of(outcome: ItemStatus) -> ItemState {
        ItemState {
            key: outcome.name(),
            label: words::status(&outcome),
            open: outcome.is_outstanding(),
            outcome,
        }
    }
}

/// The state of `item` on `site`.
pub fn item_state(checklist: &Checklist, site: &SiteFile, item: &Item) -> ItemState {
    ItemState::of(coverage::item_status(checklist, site, item))
}

/// The state of every item of `checklist`, in checklist order.
pub fn item_states<'a>(checklist: &'a Checklist, site: &SiteFile) -> Vec<(&'a Item, ItemState)> {
    coverage::statuses(checklist, site)
        .into_iter()
        .map(|(item, outcome)| (item, ItemState::of(outcome)))
        .collect()
}

/// The site's score.
pub fn site_score(checklist: &Checklist, site: &SiteFile) -> Score {
    coverage::score(checklist, site)
}

/// The site's risky combinations, most severe first.
pub fn site_risks(checklist: &Checklist, site: &SiteFile) -> Vec<Risk> {
    risks(checklist, site)
}
