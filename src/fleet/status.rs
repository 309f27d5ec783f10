//! The one place where the fleet view and the site diff read each item's state and the score.
//!
//! **A seam, on purpose.** Today's recorded statuses ([`SiteFile::status`]), the checklist's
//! conditions and [`report::score`] are combined here with the last probe's findings: a
//! finding whose severity fails the probe (see [`crate::probe::verdict`]) marks its item
//! *failed (measured)*, whatever the installer recorded, and the score no longer counts it as
//! done. When the crate gains one domain model that derives status from evidence, this file is
//! the only one to switch over; nothing else in `fleet` or `diff` looks at raw statuses.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::checklist::Checklist;
use crate::report::{self, Band, Score};
use crate::site::{SiteFile, Status};

/// Where one item stands, from the record and the measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemState {
    /// Its condition does not hold for the site.
    DoesNotApply,
    /// Not handled yet.
    Pending,
    /// Postponed, with a reason.
    Deferred,
    /// Marked not applicable, with a reason.
    NotApplicable,
    /// Recorded as done and not contradicted by a measurement.
    Done,
    /// A probe finding contradicts it (failed (measured)), whatever was recorded.
    Failed,
}

impl ItemState {
    /// The name for people and JSON ("failed (measured)" is `failed`).
    pub fn name(self) -> &'static str {
        match self {
            ItemState::DoesNotApply => "does-not-apply",
            ItemState::Pending => "pending",
            ItemState::Deferred => "deferred",
            ItemState::NotApplicable => "not-applicable",
            ItemState::Done => "done",
            ItemState::Failed => "failed",
        }
    }

    /// Whether the item still needs the installer (pending or deferred).
    pub fn is_open(self) -> bool {
        matches!(self, ItemState::Pending | ItemState::Deferred)
    }
}

/// Every item's state and the score of one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteStatus {
    /// The weighted score, failed items counted as not done.
    pub score: Score,
    /// Each checklist item with its state, in checklist order.
    pub items: Vec<(String, ItemState)>,
}

impl SiteStatus {
    /// The ids of the items in `state`, in checklist order.
    pub fn ids_in(&self, state: ItemState) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(move |(_, s)| *s == state)
            .map(|(id, _)| id.as_str())
    }

    /// The state of item `id` (`None` when the checklist has no such item).
    pub fn state_of(&self, id: &str) -> Option<ItemState> {
        self.items.iter().find(|(i, _)| i == id).map(|(_, s)| *s)
    }
}

/// The items a site's last probe fails (findings of a failing severity).
fn measured_failures(site: &SiteFile) -> BTreeSet<&str> {
    site.probe
        .iter()
        .flat_map(|p| p.findings.iter())
        .filter(|f| f.severity.fails())
        .map(|f| f.item.as_str())
        .collect()
}

/// Each item's state and the score of `site` against `checklist`. **The seam** (see above).
pub fn site_status(checklist: &Checklist, site: &SiteFile) -> SiteStatus {
    let failed = measured_failures(site);
    let mut score = report::score(checklist, site);
    let mut items = Vec::with_capacity(checklist.item_count());
    for item in checklist.items() {
        let applies = checklist.applies(item, site);
        let recorded = site.status(&item.id);
        let state = if failed.contains(item.id.as_str()) {
            // A measured failure outweighs the record: it counts, and as not done.
            if !report::score::counts(checklist, site, item) {
                score.applicable_weight += item.weight;
            } else if recorded == Status::Done {
                score.done_weight -= item.weight;
            }
            ItemState::Failed
        } else if !applies {
            ItemState::DoesNotApply
        } else {
            match recorded {
                Status::Pending => ItemState::Pending,
                Status::Deferred => ItemState::Deferred,
                Status::NotApplicable => ItemState::NotApplicable,
                Status::Done => ItemState::Done,
            }
        };
        items.push((item.id.clone(), state));
    }
    score.percent = (score.done_weight * 100)
        .checked_div(score.applicable_weight)
        .unwrap_or(100);
    score.band = Band::of_percent(score.percent);
    SiteStatus { score, items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::probe::{Finding, ProbeReport, Severity, Vantage};
    use crate::site::Timestamp;

    fn all_done() -> (Checklist, SiteFile) {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = SiteFile::new("n", "c", "i", &list, &now);
        for record in site.items.values_mut() {
            record.status = Status::Done;
        }
        (list, site)
    }

    fn probe_with(severity: Severity, item: &str) -> ProbeReport {
        ProbeReport {
            at: Timestamp::from_unix_seconds(0),
            host: "pbx.example".into(),
            address: "192.0.2.7".into(),
            vantage: Vantage::Outside,
            timeout_ms: 500,
            ports: Vec::new(),
            findings: vec![Finding {
                severity,
                item: item.into(),
                port: Some(80),
                text: "TCP 80/tcp (WebPro) answers from the internet".into(),
            }],
        }
    }

    #[test]
    fn a_failing_probe_finding_fails_a_done_item_and_lowers_the_score() {
        let (list, mut site) = all_done();
        let before = site_status(&list, &site);
        assert_eq!(
            before.state_of("admin-ports-blocked"),
            Some(ItemState::Done)
        );
        site.probe = Some(probe_with(Severity::Failed, "admin-ports-blocked"));
        let after = site_status(&list, &site);
        assert_eq!(
            after.state_of("admin-ports-blocked"),
            Some(ItemState::Failed)
        );
        let weight = list.item("admin-ports-blocked").unwrap().weight;
        assert_eq!(after.score.done_weight, before.score.done_weight - weight);
        assert_eq!(
            after.score.applicable_weight,
            before.score.applicable_weight
        );
        assert!(after.score.percent < before.score.percent);
        // The recorded score alone would not see it.
        assert_eq!(report::score(&list, &site), before.score);
    }

    #[test]
    fn a_warning_or_info_finding_fails_nothing() {
        let (list, mut site) = all_done();
        for severity in [Severity::Info, Severity::Warning] {
            site.probe = Some(probe_with(severity, "admin-ports-blocked"));
            let status = site_status(&list, &site);
            assert_eq!(status.ids_in(ItemState::Failed).count(), 0, "{severity:?}");
        }
    }

    #[test]
    fn a_measured_failure_of_an_item_marked_not_applicable_counts_again() {
        let (list, mut site) = all_done();
        let record = site.items.get_mut("admin-ports-blocked").unwrap();
        record.status = Status::NotApplicable;
        record.reason = Some("no router".into());
        let before = site_status(&list, &site);
        site.probe = Some(probe_with(Severity::Critical, "admin-ports-blocked"));
        let after = site_status(&list, &site);
        let weight = list.item("admin-ports-blocked").unwrap().weight;
        assert_eq!(
            after.score.applicable_weight,
            before.score.applicable_weight + weight
        );
        assert_eq!(after.score.done_weight, before.score.done_weight);
    }
}
