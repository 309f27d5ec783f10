//! The last call-record audit of a site, in brief, for the fleet view: when it ran, the period
//! it covered, the records and unreadable lines, and its alerts counted per severity (rule ids
//! and counts only: a site file never holds a phone number, and neither does this summary).
//!
//! It also says when an audit is missing: a site whose SMDR output item is done records its
//! calls, so no audit at all is worth saying; an audit older than the rotation period is stale
//! whatever the items say. Whether an alert fails the item it points to is the coverage
//! model's decision ([`crate::coverage::status`]), not this module's: the fleet counts failed
//! items from there and shows this summary beside them.

use serde::Serialize;

use super::credentials::Rotation;
use super::status::{ItemState, SiteStatus};
use crate::calls::Severity;
use crate::checklist::Checklist;
use crate::site::calls::{CallAudit, RuleCount};
use crate::site::{SiteFile, Timestamp};

/// The program that switches SMDR output on (35-01-01, output port type): an item listing it
/// is the one that makes the system record its calls, whatever a dealer's checklist calls it.
pub const SMDR_OUTPUT_PROGRAM: &str = "35-01-01";

/// Alerts of one audit, counted per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AlertCounts {
    /// Alerts at `critical`.
    pub critical: u64,
    /// Alerts at `warning`.
    pub warning: u64,
    /// Alerts at `info`.
    pub info: u64,
    /// Alerts whose recorded severity is none of the three (a hand-edited file): counted
    /// apart, never guessed into one of them.
    #[serde(skip_serializing_if = "is_zero")]
    pub unrecognised: u64,
}

// serde's `skip_serializing_if` hands the field by reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl AlertCounts {
    fn of(alerts: &[RuleCount]) -> AlertCounts {
        let mut counts = AlertCounts::default();
        for alert in alerts {
            let slot = match severity_of(alert) {
                Some(Severity::Critical) => &mut counts.critical,
                Some(Severity::Warning) => &mut counts.warning,
                Some(Severity::Info) => &mut counts.info,
                None => &mut counts.unrecognised,
            };
            *slot = slot.saturating_add(alert.count);
        }
        counts
    }

    /// The most severe level with at least one alert.
    pub fn highest(&self) -> Option<Severity> {
        [
            (Severity::Critical, self.critical),
            (Severity::Warning, self.warning),
            (Severity::Info, self.info),
        ]
        .into_iter()
        .find(|(_, n)| *n > 0)
        .map(|(severity, _)| severity)
    }

    /// The non-zero counts, most severe first: `["critical 2", "warning 1"]`.
    pub fn listed(&self) -> Vec<String> {
        [
            ("critical", self.critical),
            ("warning", self.warning),
            ("info", self.info),
            ("unrecognised", self.unrecognised),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{name} {n}"))
        .collect()
    }

    /// Alerts at warning or above (what makes `calls audit` exit 1).
    pub fn at_warning_or_above(&self) -> u64 {
        self.critical.saturating_add(self.warning)
    }
}

/// A recorded severity, read as the audit writes it (`info`, `warning`, `critical`).
fn severity_of(alert: &RuleCount) -> Option<Severity> {
    [Severity::Critical, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| s.name() == alert.severity)
}

/// The last call audit of a site, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallAuditSummary {
    /// When the audit ran.
    pub at: Timestamp,
    /// What was read (`audit of 2 files`, `watch of HOST:PORT`); untrusted text.
    pub source: String,
    /// The first record's time as the audit inferred it; untrusted text.
    pub period_from: Option<String>,
    /// The last record's time; untrusted text.
    pub period_to: Option<String>,
    /// Call records read.
    pub records: u64,
    /// Lines that were not call records.
    pub unreadable: u64,
    /// Alerts per severity.
    pub alerts: AlertCounts,
    /// Alerts per rule at warning or above, most severe first: rule id, severity, checklist
    /// item and count (never a number dialled).
    pub rules: Vec<RuleCount>,
    /// Whether it is older than the rotation period.
    pub stale: bool,
}

impl CallAuditSummary {
    fn of(audit: &CallAudit, rotation: &Rotation) -> CallAuditSummary {
        let mut rules: Vec<RuleCount> = audit
            .alerts
            .iter()
            .filter(|a| severity_of(a).is_some_and(|s| s >= Severity::Warning))
            .cloned()
            .collect();
        rules.sort_by_key(|a| std::cmp::Reverse(severity_of(a)));
        CallAuditSummary {
            at: audit.at.clone(),
            source: audit.source.clone(),
            period_from: audit.period_from.clone(),
            period_to: audit.period_to.clone(),
            records: audit.records,
            unreadable: audit.unreadable,
            alerts: AlertCounts::of(&audit.alerts),
            rules,
            stale: audit.at.add_months(rotation.months) <= rotation.now,
        }
    }

    /// Whether the audit found alerts at warning or above: the site needs action.
    pub fn alerting(&self) -> bool {
        self.alerts.at_warning_or_above() > 0
    }
}

/// What the fleet says about a site's call audits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CallAuditState {
    /// No audit on record, and the site does not record its calls (SMDR not done): nothing
    /// to say.
    None,
    /// The site records its calls (its SMDR output item is done) but was never audited.
    NeverAudited,
    /// The last audit, in brief (its `stale` flag says whether it is older than the rotation).
    Audited(CallAuditSummary),
}

impl CallAuditState {
    /// The call-audit state of `site`, whose item states are `status` (from coverage).
    pub fn of(
        checklist: &Checklist,
        site: &SiteFile,
        status: &SiteStatus,
        rotation: &Rotation,
    ) -> CallAuditState {
        if let Some(audit) = site.calls.as_ref().and_then(|c| c.last_audit.as_ref()) {
            return CallAuditState::Audited(CallAuditSummary::of(audit, rotation));
        }
        if records_calls(checklist, status) {
            CallAuditState::NeverAudited
        } else {
            CallAuditState::None
        }
    }

    /// The last audit, when there was one.
    pub fn last(&self) -> Option<&CallAuditSummary> {
        match self {
            CallAuditState::Audited(summary) => Some(summary),
            _ => None,
        }
    }

    /// Whether an alert at warning or above asks for action.
    pub fn alerting(&self) -> bool {
        self.last().is_some_and(CallAuditSummary::alerting)
    }

    /// The gap to report, when there is one: `never-audited` or `stale`.
    pub fn gap(&self) -> Option<&'static str> {
        match self {
            CallAuditState::NeverAudited => Some("never-audited"),
            CallAuditState::Audited(summary) if summary.stale => Some("stale"),
            _ => None,
        }
    }
}

/// Whether an item switching SMDR output on is done (from the coverage-derived states).
fn records_calls(checklist: &Checklist, status: &SiteStatus) -> bool {
    checklist
        .items()
        .filter(|item| item.programs.iter().any(|p| p == SMDR_OUTPUT_PROGRAM))
        .any(|item| status.state_of(&item.id) == Some(ItemState::Done))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::fleet::status::site_status;
    use crate::nec::Model;
    use crate::site::Status;
    use crate::site::calls::SiteCalls;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn rotation() -> Rotation {
        Rotation {
            months: 12,
            now: t("2026-12-01T00:00:00Z"),
        }
    }

    fn alert(rule: &str, severity: &str, count: u64) -> RuleCount {
        RuleCount {
            rule: rule.into(),
            severity: severity.into(),
            item: "toll-class-extensions".into(),
            count,
        }
    }

    fn audit(at: &str, alerts: Vec<RuleCount>) -> CallAudit {
        CallAudit {
            at: t(at),
            source: "audit of 1 file".into(),
            period_from: Some("11-01 08:00".into()),
            period_to: Some("11-28 17:30".into()),
            period_note: "year inferred".into(),
            records: 4200,
            unreadable: 3,
            alerts,
            not_applied: Vec::new(),
        }
    }

    fn state(site: &SiteFile) -> CallAuditState {
        let list = builtin(site.site.model);
        let status = site_status(&list, site);
        CallAuditState::of(&list, site, &status, &rotation())
    }

    fn site_with_smdr(status: Status) -> SiteFile {
        let list = builtin(Model::Sl2100);
        let mut site = SiteFile::new("n", "c", "i", &list, &t("2026-11-01T00:00:00Z"));
        site.items.get_mut("smdr-on").unwrap().status = status;
        site
    }

    #[test]
    fn alerts_are_counted_per_severity_and_warning_or_above_needs_action() {
        let mut site = site_with_smdr(Status::Done);
        site.calls = Some(SiteCalls {
            settings: None,
            last_audit: Some(audit(
                "2026-11-28T18:00:00Z",
                vec![
                    alert("new-destination", "info", 5),
                    alert("international", "critical", 2),
                    alert("burst", "warning", 1),
                    alert("odd", "severe", 4),
                ],
            )),
        });
        let state = state(&site);
        let last = state.last().unwrap();
        assert_eq!(
            last.alerts,
            AlertCounts {
                critical: 2,
                warning: 1,
                info: 5,
                unrecognised: 4
            }
        );
        assert_eq!(last.alerts.highest(), Some(Severity::Critical));
        assert!(state.alerting());
        let rules: Vec<&str> = last.rules.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, ["international", "burst"]);
        assert_eq!(state.gap(), None);
    }

    #[test]
    fn info_alerts_alone_need_no_action() {
        let mut site = site_with_smdr(Status::Done);
        site.calls = Some(SiteCalls {
            settings: None,
            last_audit: Some(audit(
                "2026-11-28T18:00:00Z",
                vec![alert("new-destination", "info", 5)],
            )),
        });
        let state = state(&site);
        assert!(!state.alerting());
        assert_eq!(state.last().unwrap().alerts.highest(), Some(Severity::Info));
    }

    #[test]
    fn a_site_recording_calls_without_an_audit_says_so() {
        assert_eq!(
            state(&site_with_smdr(Status::Done)),
            CallAuditState::NeverAudited
        );
        assert_eq!(
            state(&site_with_smdr(Status::Done)).gap(),
            Some("never-audited")
        );
        // SMDR not switched on yet: there is nothing to audit.
        assert_eq!(
            state(&site_with_smdr(Status::Pending)),
            CallAuditState::None
        );
        assert_eq!(state(&site_with_smdr(Status::Pending)).gap(), None);
    }

    #[test]
    fn an_audit_older_than_the_rotation_period_is_stale() {
        let mut site = site_with_smdr(Status::Done);
        site.calls = Some(SiteCalls {
            settings: None,
            last_audit: Some(audit("2025-12-01T00:00:00Z", Vec::new())),
        });
        assert_eq!(state(&site).gap(), Some("stale"));
        site.calls.as_mut().unwrap().last_audit = Some(audit("2025-12-01T00:00:01Z", Vec::new()));
        assert_eq!(state(&site).gap(), None);
    }
}
