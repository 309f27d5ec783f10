//! The weighted hardening score and its band, from the computed status of each item.
//!
//! Score = weight of done items / weight of applicable items. Items whose condition does not
//! hold, and items marked not applicable, leave the denominator; deferred, pending, incomplete
//! and failed (measured) items count as not done. A failed (measured) item also caps the band
//! at C: the probe reached the system through a door the checklist closes, so the site is not
//! hardened whatever the other items say (a weighted percentage alone let a site with two
//! measured failures keep band A).

use serde::Serialize;

use super::status::{ItemStatus, item_status};
use crate::checklist::{Checklist, Item};
use crate::site::SiteFile;

/// A letter band for the score: A at 90% or more, B at 75%, C at 50%, D below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Band {
    /// 90% or more.
    A,
    /// 75% to under 90%.
    B,
    /// 50% to under 75%.
    C,
    /// Below 50%.
    D,
}

impl Band {
    /// The band for a whole percentage.
    pub fn of_percent(percent: u32) -> Band {
        match percent {
            90.. => Band::A,
            75..=89 => Band::B,
            50..=74 => Band::C,
            _ => Band::D,
        }
    }

    /// The band of `percent`, at most C when `measured_failure` (an item failed by a probe).
    pub fn of_score(percent: u32, measured_failure: bool) -> Band {
        match Band::of_percent(percent) {
            Band::A | Band::B if measured_failure => Band::C,
            band => band,
        }
    }

    /// The one-letter name.
    pub fn letter(self) -> &'static str {
        match self {
            Band::A => "A",
            Band::B => "B",
            Band::C => "C",
            Band::D => "D",
        }
    }
}

/// The bands, for people: "A >= 90%, B >= 75%, C >= 50%, D below".
pub const BAND_RULE: &str =
    "A at 90% or more, B at 75%, C at 50%, D below 50%; at most C while a probe fails an item";

/// The weighted score of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Sum of the weights of done, applicable items.
    pub done_weight: u32,
    /// Sum of the weights of applicable items (not-applicable ones excluded).
    pub applicable_weight: u32,
    /// `done_weight * 100 / applicable_weight`, rounded down (100 when nothing applies).
    pub percent: u32,
    /// The band of `percent`, capped at C while a probe fails an item ([`Band::of_score`]).
    pub band: Band,
}

/// Whether an item that counts is not done (open, deferred or failed).
pub fn is_open(checklist: &Checklist, site: &SiteFile, item: &Item) -> bool {
    item_status(checklist, site, item).is_outstanding()
}

/// The site's weighted hardening score, from [`item_status`].
pub fn score(checklist: &Checklist, site: &SiteFile) -> Score {
    score_of(
        checklist
            .items()
            .map(|item| (item, item_status(checklist, site, item))),
    )
}

/// The weighted score of statuses already derived by [`item_status`] (every item of the
/// checklist once), for a caller that needs the statuses too and should not derive them twice.
pub fn score_of<'a, S: std::borrow::Borrow<ItemStatus>>(
    statuses: impl IntoIterator<Item = (&'a Item, S)>,
) -> Score {
    let (mut done_weight, mut applicable_weight) = (0, 0);
    let mut measured_failure = false;
    for (item, status) in statuses {
        let status = status.borrow();
        if !status.counts() {
            continue;
        }
        measured_failure |= !status.findings().is_empty();
        applicable_weight += item.weight;
        if status.is_done() {
            done_weight += item.weight;
        }
    }
    let percent = (done_weight * 100)
        .checked_div(applicable_weight)
        .unwrap_or(100);
    Score {
        done_weight,
        applicable_weight,
        percent,
        band: Band::of_score(percent, measured_failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::{Status, Timestamp};

    #[test]
    fn bands_have_their_documented_edges() {
        assert_eq!(Band::of_percent(100), Band::A);
        assert_eq!(Band::of_percent(90), Band::A);
        assert_eq!(Band::of_percent(89), Band::B);
        assert_eq!(Band::of_percent(75), Band::B);
        assert_eq!(Band::of_percent(74), Band::C);
        assert_eq!(Band::of_percent(50), Band::C);
        assert_eq!(Band::of_percent(49), Band::D);
    }

    #[test]
    fn not_applicable_leaves_the_denominator_and_deferred_does_not() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = SiteFile::new("n", "c", "i", &list, &now);
        let empty = score(&list, &site);
        assert_eq!(empty.done_weight, 0);
        assert_eq!(empty.band, Band::D);

        let upnp = list.item("router-upnp-off").unwrap().weight;
        site.set_status(&list, "router-upnp-off", Status::Done, None, &now)
            .unwrap();
        let one_done = score(&list, &site);
        assert_eq!(one_done.done_weight, upnp);
        assert_eq!(one_done.applicable_weight, empty.applicable_weight);

        let dmz = list.item("firewall-no-dmz").unwrap().weight;
        site.set_status(
            &list,
            "firewall-no-dmz",
            Status::NotApplicable,
            Some("no router"),
            &now,
        )
        .unwrap();
        assert_eq!(
            score(&list, &site).applicable_weight,
            empty.applicable_weight - dmz
        );

        site.set_status(
            &list,
            "firewall-no-dmz",
            Status::Deferred,
            Some("later"),
            &now,
        )
        .unwrap();
        assert_eq!(
            score(&list, &site).applicable_weight,
            empty.applicable_weight
        );
        assert_eq!(score(&list, &site).done_weight, upnp);
    }
}
