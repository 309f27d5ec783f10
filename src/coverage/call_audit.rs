//! The last call-record audit (`[calls.last_audit]` in the site file) as evidence against
//! checklist items: an alert at warning or above points at the item whose failure it
//! suggests, and fails it until the installer redoes the item after that audit, records why
//! that audit's alerts are not fraud ([`crate::site::AlertWaiver`], tied to the audit's time),
//! or a later audit no longer raises it.
//!
//! The site file is the dealer's and may be edited by hand: an alert naming an item the
//! checklist does not have cannot fail anything, so it is left out of every status and said
//! as a note ([`unmatched_alerts`], shown among the report's risks); a severity that is not
//! `info`, `warning` or `critical` counts as failing, since it cannot be shown to be harmless.

use super::status::{FailedFinding, Measured};
use crate::checklist::Checklist;
use crate::report::words::call_rule;
use crate::site::calls::{CallAudit, RuleCount};
use crate::site::{SiteFile, Status};
use crate::terminal_text::escape_controls;

/// The site's last call audit, if one is recorded.
fn last_audit(site: &SiteFile) -> Option<&CallAudit> {
    site.calls.as_ref().and_then(|c| c.last_audit.as_ref())
}

/// Whether alerts of `severity` (as the site file spells it) fail their item.
pub fn severity_fails(severity: &str) -> bool {
    !severity.trim().eq_ignore_ascii_case("info")
}

/// The sentence a failed item shows: the rule (in words, as the report names it), the count,
/// the severity and the audit's period; never a phone number (the site file holds none).
fn finding_text(audit: &CallAudit, alert: &RuleCount) -> String {
    let count = alert.count;
    format!(
        "{}: {count} {} ({}) in the call records from {} to {}",
        escape_controls(call_rule(&alert.rule)),
        if count == 1 { "alert" } else { "alerts" },
        escape_controls(alert.severity.trim()),
        escape_controls(audit.period_from.as_deref().unwrap_or("-")),
        escape_controls(audit.period_to.as_deref().unwrap_or("-")),
    )
}

/// The last audit's alerts that fail `item`: at warning or above, pointing at it, and not
/// answered by the item being marked done after the audit ran, nor by a reason the installer
/// recorded against that audit's alerts.
pub fn failing_alerts(site: &SiteFile, item: &str) -> Vec<FailedFinding> {
    let Some(audit) = last_audit(site) else {
        return Vec::new();
    };
    let record = site.items.get(item);
    let redone = record.is_some_and(|r| r.status == Status::Done && r.at > audit.at);
    let waived = record
        .and_then(|r| r.alerts_waived.as_ref())
        .is_some_and(|w| w.audit_at == audit.at);
    if redone || waived {
        return Vec::new();
    }
    audit
        .alerts
        .iter()
        .filter(|a| a.item == item && a.count > 0 && severity_fails(&a.severity))
        .map(|a| FailedFinding {
            text: finding_text(audit, a),
            port: None,
            at: audit.at.clone(),
            measured: Measured::CallAudit,
        })
        .collect()
}

/// An alert of the last audit that names an item the checklist does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedAlert {
    /// When the audit ran.
    pub at: String,
    /// The rule, as written (control characters escaped).
    pub rule: String,
    /// The item, as written (control characters escaped).
    pub item: String,
}

/// The last audit's alerts that point at no item of `checklist` (a hand-edited site file, or
/// a dealer checklist without the item): they fail nothing, and the report says so.
pub fn unmatched_alerts(checklist: &Checklist, site: &SiteFile) -> Vec<UnmatchedAlert> {
    let Some(audit) = last_audit(site) else {
        return Vec::new();
    };
    audit
        .alerts
        .iter()
        .filter(|a| checklist.item(&a.item).is_none())
        .map(|a| UnmatchedAlert {
            at: audit.at.to_string(),
            rule: escape_controls(&a.rule).into_owned(),
            item: escape_controls(&a.item).into_owned(),
        })
        .collect()
}
