//! The rules that turn what a site file records and what a probe measured into each item's
//! status. Every screen, report and score asks [`item_status`]; nothing else decides whether
//! an item is done.
//!
//! The rules, in the order they are applied:
//! 1. A probe finding that fails an item (severity failed or critical, from a vantage point
//!    that judges exposure) makes it **failed (measured)**, with the finding and its time,
//!    whatever was recorded, until a later probe no longer finds it or the installer records
//!    why the finding does not apply ([`crate::site::Waiver`], tied to that probe's time).
//!    So does an alert at warning or above of the last call-record audit that points at the
//!    item ([`super::call_audit`]), until the item is marked done after that audit, the
//!    installer records why that audit's alerts are not fraud ([`crate::site::AlertWaiver`]),
//!    or a later audit no longer raises it.
//! 2. An item whose condition does not hold does not apply.
//! 3. Not applicable and deferred are as recorded, with their reason.
//! 4. A credential item marked done is **done** only when every current target
//!    ([`super::targets`]) has credentials issued no later than the installer's confirmation
//!    (the status time); otherwise it is **incomplete**, listing the missing targets: a new
//!    extension, a changed type or a mailbox switched on reopens it.
//! 5. A pending credential item lists the targets without credentials issued since it was
//!    last set pending (a replay reopens every item: the last visit's issue covers nothing).
//! 6. A credential item whose targets come from another item's answer (the override-code
//!    holders, the walking-ID count) lists that answer as missing while it is not given; a
//!    count answered "not used" makes the item **done**: there is nothing to issue.
//! 7. Any other item is done when the installer marked it done, else pending.

use serde::Serialize;

use super::targets::{Target, item_targets};
use crate::checklist::{AnswerSpec, Checklist, Item};
use crate::site::{Answer, SiteFile, Status, Timestamp};

/// What measured a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measured {
    /// The exposure probe (`[probe]`).
    Probe,
    /// The call-record audit (`[calls.last_audit]`).
    CallAudit,
}

/// A measurement that contradicts an item: a probe finding or a call-audit alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedFinding {
    /// What was measured, as the probe or the audit says it.
    pub text: String,
    /// The probed port (none for a call audit).
    pub port: Option<u16>,
    /// When the probe or the audit ran.
    pub at: Timestamp,
    /// What measured it.
    pub measured: Measured,
}

/// An item's status, concluded from the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum ItemStatus {
    /// The item's condition does not hold for this site.
    DoesNotApply,
    /// Not handled yet; for a credential item, the targets still without credentials.
    Pending {
        /// Subjects of the targets without credentials ("extension 105").
        missing: Vec<String>,
    },
    /// Applied, and for a credential item every target is covered.
    Done,
    /// Marked done, but some current targets have no credentials confirmed as keyed in.
    Incomplete {
        /// Subjects of the targets without credentials.
        missing: Vec<String>,
    },
    /// A probe or a call audit contradicts the item (measured).
    Failed {
        /// The findings, most severe first.
        findings: Vec<FailedFinding>,
    },
    /// Does not apply, in the installer's words.
    NotApplicable {
        /// The reason recorded.
        reason: String,
    },
    /// Postponed.
    Deferred {
        /// The reason recorded.
        reason: String,
    },
}

impl ItemStatus {
    /// The name used in reports and JSON (`done`, `failed`, `incomplete`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            ItemStatus::DoesNotApply => "does-not-apply",
            ItemStatus::Pending { .. } => "pending",
            ItemStatus::Done => "done",
            ItemStatus::Incomplete { .. } => "incomplete",
            ItemStatus::Failed { .. } => "failed",
            ItemStatus::NotApplicable { .. } => "not-applicable",
            ItemStatus::Deferred { .. } => "deferred",
        }
    }

    /// The name for people ("failed (measured)", "not applicable", ...).
    pub fn label(&self) -> &'static str {
        match self {
            ItemStatus::DoesNotApply => "does not apply",
            ItemStatus::Pending { .. } => "pending",
            ItemStatus::Done => "done",
            ItemStatus::Incomplete { .. } => "incomplete",
            ItemStatus::Failed { .. } => "failed (measured)",
            ItemStatus::NotApplicable { .. } => "not applicable",
            ItemStatus::Deferred { .. } => "deferred",
        }
    }

    /// Whether the item counts in the score (it applies and is not marked not applicable).
    pub fn counts(&self) -> bool {
        !matches!(
            self,
            ItemStatus::DoesNotApply | ItemStatus::NotApplicable { .. }
        )
    }

    /// Whether the item is done.
    pub fn is_done(&self) -> bool {
        matches!(self, ItemStatus::Done)
    }

    /// Whether the installer still has to act on it: pending, incomplete or failed.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            ItemStatus::Pending { .. } | ItemStatus::Incomplete { .. } | ItemStatus::Failed { .. }
        )
    }

    /// Whether it counts but is not done (open or deferred): what a report lists as still open.
    pub fn is_outstanding(&self) -> bool {
        self.counts() && !self.is_done()
    }

    /// The targets still missing credentials (empty unless pending or incomplete).
    pub fn missing(&self) -> &[String] {
        match self {
            ItemStatus::Pending { missing } | ItemStatus::Incomplete { missing } => missing,
            _ => &[],
        }
    }

    /// The probe findings and call-audit alerts that fail the item (empty unless failed).
    pub fn findings(&self) -> &[FailedFinding] {
        match self {
            ItemStatus::Failed { findings } => findings,
            _ => &[],
        }
    }

    /// The recorded status closest to this one (for the sidebar's marks and old callers).
    pub fn recorded(&self) -> Status {
        match self {
            ItemStatus::Done => Status::Done,
            ItemStatus::NotApplicable { .. } => Status::NotApplicable,
            ItemStatus::Deferred { .. } => Status::Deferred,
            _ => Status::Pending,
        }
    }
}

/// The probe findings that fail `item` and that the installer has not explained away.
pub fn failing_findings(site: &SiteFile, item: &str) -> Vec<FailedFinding> {
    let Some(probe) = &site.probe else {
        return Vec::new();
    };
    if !probe.vantage.judges_exposure() {
        return Vec::new();
    }
    let waived = site
        .items
        .get(item)
        .and_then(|r| r.waived.as_ref())
        .is_some_and(|w| w.probe_at == probe.at);
    if waived {
        return Vec::new();
    }
    probe
        .findings
        .iter()
        .filter(|f| f.item == item && f.severity.fails())
        .map(|f| FailedFinding {
            text: f.text.clone(),
            port: f.port,
            at: probe.at.clone(),
            measured: Measured::Probe,
        })
        .collect()
}

/// The times between which an issue counts as covering a target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window<'a> {
    /// Issued at or after this time (the item was reopened then).
    pub since: Option<&'a Timestamp>,
    /// Issued at or before this time (the installer confirmed keying in then).
    pub until: Option<&'a Timestamp>,
}

/// The targets of a credential item without credentials issued within `window`.
pub fn missing_targets(item: &Item, site: &SiteFile, window: Window<'_>) -> Vec<Target> {
    let issued = match site.answer(&item.id) {
        Some(Answer::Credentials { issued }) => issued.as_slice(),
        _ => &[],
    };
    // A set, so that a 1,000-extension site costs one pass over each list, not their product.
    let covered: std::collections::HashSet<&str> = issued
        .iter()
        .filter(|i| window.since.is_none_or(|s| i.at >= *s))
        .filter(|i| window.until.is_none_or(|u| i.at <= *u))
        .map(|i| i.target.as_str())
        .collect();
    item_targets(item, site)
        .into_iter()
        .filter(|t| !covered.contains(t.id.as_str()))
        .collect()
}

/// The issued records of a credential item that count for its status now, in the window
/// [`item_status`] uses (up to a done item's time; since a pending item was reopened): what a
/// session that did not open their handover shows as issued, and keeps.
pub fn counted_issues<'a>(
    item: &Item,
    site: &'a SiteFile,
) -> Vec<&'a crate::site::IssuedCredential> {
    let record = site.items.get(&item.id);
    let at = record.map(|r| &r.at);
    let window = match record.map(|r| r.status) {
        Some(Status::Done) => Window {
            since: None,
            until: at,
        },
        Some(Status::Pending) => Window {
            since: at,
            until: None,
        },
        _ => Window::default(),
    };
    match site.answer(&item.id) {
        Some(Answer::Credentials { issued }) => issued
            .iter()
            .filter(|i| window.since.is_none_or(|s| i.at >= *s))
            .filter(|i| window.until.is_none_or(|u| i.at <= *u))
            .collect(),
        _ => Vec::new(),
    }
}

/// The status of `item` on `site`, from the evidence (the rules are in this module's doc).
pub fn item_status(checklist: &Checklist, site: &SiteFile, item: &Item) -> ItemStatus {
    let mut findings = failing_findings(site, &item.id);
    findings.extend(super::call_audit::failing_alerts(site, &item.id));
    if !findings.is_empty() {
        return ItemStatus::Failed { findings };
    }
    if !checklist.applies(item, site) {
        return ItemStatus::DoesNotApply;
    }
    let record = site.items.get(&item.id);
    let reason = || record.and_then(|r| r.reason.clone()).unwrap_or_default();
    let is_credentials = matches!(item.answer, AnswerSpec::Credentials { .. });
    let source = source_state(checklist, site, item);
    match (record.map_or(Status::Pending, |r| r.status), source) {
        (Status::NotApplicable, _) => ItemStatus::NotApplicable { reason: reason() },
        (Status::Deferred, _) => ItemStatus::Deferred { reason: reason() },
        (Status::Done, Source::Unanswered(answer)) => ItemStatus::Incomplete {
            missing: vec![answer],
        },
        (Status::Pending, Source::Unanswered(answer)) => ItemStatus::Pending {
            missing: vec![answer],
        },
        (Status::Done, Source::Given) if is_credentials => {
            let until = record.map(|r| &r.at);
            let window = Window { since: None, until };
            let missing = subjects(missing_targets(item, site, window));
            if missing.is_empty() {
                ItemStatus::Done
            } else {
                ItemStatus::Incomplete { missing }
            }
        }
        // A count of "not used" leaves nothing to issue: done by that answer.
        (_, Source::NotUsed) | (Status::Done, Source::Given) => ItemStatus::Done,
        (Status::Pending, Source::Given) => ItemStatus::Pending {
            missing: if is_credentials {
                let since = record.map(|r| &r.at);
                subjects(missing_targets(item, site, Window { since, until: None }))
            } else {
                Vec::new()
            },
        },
    }
}

/// The state of the answer a credential item's targets come from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// The item's targets come from no other answer, or it is given.
    Given,
    /// It is not given yet: the item cannot say whom it is for (what to answer first).
    Unanswered(String),
    /// A count answered "not used": nothing to issue.
    NotUsed,
}

/// For a credential item whose targets come from another item's answer not given yet, what
/// to answer first ("the answer to \"...\""): marking it done before would only leave it
/// incomplete.
pub fn unanswered_source(checklist: &Checklist, site: &SiteFile, item: &Item) -> Option<String> {
    match source_state(checklist, site, item) {
        Source::Unanswered(answer) => Some(answer),
        Source::Given | Source::NotUsed => None,
    }
}

fn source_state(checklist: &Checklist, site: &SiteFile, item: &Item) -> Source {
    let AnswerSpec::Credentials { per, .. } = &item.answer else {
        return Source::Given;
    };
    let Some(from) = per.source_item() else {
        return Source::Given;
    };
    match site.answer(from) {
        Some(Answer::NotUsed {}) => Source::NotUsed,
        Some(_) => Source::Given,
        None => {
            let title = checklist.item(from).map_or(from, |i| i.title.as_str());
            Source::Unanswered(format!("the answer to \"{title}\""))
        }
    }
}

fn subjects(targets: Vec<Target>) -> Vec<String> {
    targets.into_iter().map(|t| t.subject).collect()
}

/// Every item with its status, in checklist order.
pub fn statuses<'a>(checklist: &'a Checklist, site: &SiteFile) -> Vec<(&'a Item, ItemStatus)> {
    checklist
        .items()
        .map(|item| (item, item_status(checklist, site, item)))
        .collect()
}

/// The ids of the items done, in checklist order: the handover record's `[checklist] done`.
pub fn done_items(checklist: &Checklist, site: &SiteFile) -> Vec<String> {
    checklist
        .items()
        .filter(|item| item_status(checklist, site, item).is_done())
        .map(|item| item.id.clone())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod holder_tests;
