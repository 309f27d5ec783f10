//! The one place where the fleet view and the site diff read each item's state and the score.
//!
//! Statuses come from the crate's one model of what is covered ([`crate::coverage`]): a probe
//! finding that contradicts an item fails it (failed (measured)), a new target reopens a
//! credential item (incomplete), and the score counts both as not done. Nothing else in
//! `fleet` or `diff` looks at raw recorded statuses.

use serde::Serialize;

use crate::checklist::Checklist;
use crate::coverage::score::{Score, score_of};
use crate::coverage::status::{ItemStatus, statuses};
use crate::site::SiteFile;

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
    /// Recorded as done, but a current target (a new extension, say) has no credential yet.
    Incomplete,
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
            ItemState::Incomplete => "incomplete",
            ItemState::Done => "done",
            ItemState::Failed => "failed",
        }
    }

    /// Whether the item still needs the installer (pending or deferred).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ItemState::Pending | ItemState::Deferred | ItemState::Incomplete
        )
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

/// Each item's state and the score of `site` against `checklist`: the crate's one status model
/// ([`coverage::item_status`](crate::coverage::status::item_status) and
/// [`coverage::score`](crate::coverage::score::score)), folded into the fleet's states.
pub fn site_status(checklist: &Checklist, site: &SiteFile) -> SiteStatus {
    // Each item's status is derived once; the score is computed from the same statuses.
    let statuses = statuses(checklist, site);
    let items = statuses
        .iter()
        .map(|(item, status)| {
            let state = match status {
                ItemStatus::DoesNotApply => ItemState::DoesNotApply,
                ItemStatus::Pending { .. } => ItemState::Pending,
                ItemStatus::Incomplete { .. } => ItemState::Incomplete,
                ItemStatus::Deferred { .. } => ItemState::Deferred,
                ItemStatus::NotApplicable { .. } => ItemState::NotApplicable,
                ItemStatus::Done => ItemState::Done,
                ItemStatus::Failed { .. } => ItemState::Failed,
            };
            (item.id.clone(), state)
        })
        .collect();
    SiteStatus {
        score: score_of(statuses.iter().map(|(item, status)| (*item, status))),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::probe::{Finding, ProbeReport, Severity, Vantage};
    use crate::report;
    use crate::site::Status;
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
        // The report reads the same model: it sees the failure too.
        assert_eq!(report::score(&list, &site), after.score);
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
