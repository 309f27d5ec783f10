//! The one place the report reads where an item stands, the score and the risks.
//!
//! Every renderer shows an item's state through [`ItemState`] (a stable key, words, whether it
//! is open), never by matching on the site file's status: a new state concluded elsewhere
//! (a probe that fails an item, a target still missing) only needs a line here.

use serde::Serialize;

use super::{Risk, Score, risks, score};
use crate::checklist::{Checklist, Item};
use crate::site::{SiteFile, Status};

/// Where one item stands, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemState {
    /// Stable key for machines and style sheets: `done`, `pending`, `deferred`,
    /// `not-applicable`, `does-not-apply`.
    pub key: String,
    /// For people: "done", "does not apply to this site".
    pub label: String,
    /// Whether the item still needs someone to act.
    pub open: bool,
}

/// The state of `item` on `site`.
pub fn item_state(checklist: &Checklist, site: &SiteFile, item: &Item) -> ItemState {
    let (key, label) = if checklist.applies(item, site) {
        let status = site.status(&item.id);
        let label = match status {
            Status::Pending => "pending",
            Status::Done => "done",
            Status::NotApplicable => "not applicable",
            Status::Deferred => "deferred",
        };
        (status.name(), label)
    } else {
        ("does-not-apply", "does not apply to this site")
    };
    ItemState {
        key: key.to_owned(),
        label: label.to_owned(),
        open: score::is_open(checklist, site, item),
    }
}

/// The site's score.
pub fn site_score(checklist: &Checklist, site: &SiteFile) -> Score {
    score::score(checklist, site)
}

/// The site's risky combinations, most severe first.
pub fn site_risks(checklist: &Checklist, site: &SiteFile) -> Vec<Risk> {
    risks(checklist, site)
}
