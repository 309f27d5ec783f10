//! One row of the fleet view: a site file summarised (score, failed and pending items, visit,
//! credential ages, last probe, last call audit), or a broken file with its one-line error.
//!
//! A row keeps only these few figures; the parsed site file is dropped as soon as its row is
//! made, so memory grows with the number of rows, never with the size of the files.

use serde::Serialize;

use super::call_audit::CallAuditState;
use super::credentials::{CredentialAge, Rotation, credential_ages};
use super::status::{ItemState, site_status};
use crate::checklist::Checklist;
use crate::probe::ProbeReport;
use crate::report::Score;
use crate::site::{SiteFile, Timestamp};

/// What a row needs from the dealer, most urgent first (the fleet's sort order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attention {
    /// An item is failed (measured): the site is exposed now.
    Failed,
    /// The last call audit found alerts at warning or above: fraud may be under way.
    Alerts,
    /// A credential is past its due date.
    Overdue,
    /// The file could not be read as a site file: nothing is known.
    Broken,
    /// Items are still pending or deferred.
    Pending,
    /// Nothing to do.
    Ok,
}

impl Attention {
    /// The word shown in the status column.
    pub fn name(self) -> &'static str {
        match self {
            Attention::Failed => "failed",
            Attention::Alerts => "alerts",
            Attention::Overdue => "overdue",
            Attention::Broken => "broken",
            Attention::Pending => "pending",
            Attention::Ok => "ok",
        }
    }

    /// Whether this makes `nec-harden fleet` exit 1.
    pub fn fails(self) -> bool {
        self <= Attention::Broken
    }
}

/// The last probe, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeSummary {
    /// When it ran.
    pub at: Timestamp,
    /// The host probed.
    pub host: String,
    /// Where it ran from (`outside`, `inside`, `unknown`).
    pub vantage: &'static str,
    /// How many findings fail it.
    pub failing: usize,
}

impl ProbeSummary {
    fn of(probe: &ProbeReport) -> ProbeSummary {
        ProbeSummary {
            at: probe.at.clone(),
            host: probe.host.clone(),
            vantage: probe.vantage.name(),
            failing: probe.findings.iter().filter(|f| f.severity.fails()).count(),
        }
    }

    /// `passed` or `failed`.
    pub fn result(&self) -> &'static str {
        if self.failing > 0 { "failed" } else { "passed" }
    }
}

/// A readable site file, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteRow {
    /// The file as found.
    pub file: String,
    /// The site name (untrusted text: escape before showing).
    pub name: String,
    /// The customer.
    pub customer: String,
    /// The model for people.
    pub model: &'static str,
    /// The score, failed items counted as not done.
    pub score: Score,
    /// The ids of the failed (measured) items.
    pub failed: Vec<String>,
    /// How many applicable items are pending or deferred.
    pub pending: usize,
    /// When the site file last changed (the last visit).
    pub last_visit: Timestamp,
    /// The age of the credentials, per kind.
    pub credentials: Vec<CredentialAge>,
    /// The last probe, when there was one.
    pub probe: Option<ProbeSummary>,
    /// The last call audit, or why one is missing.
    pub calls: CallAuditState,
}

impl SiteRow {
    /// Summarises `site` (read from `file`) against its checklist.
    pub fn of(file: String, site: &SiteFile, checklist: &Checklist, rotation: &Rotation) -> Self {
        let status = site_status(checklist, site);
        SiteRow {
            file,
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model.display_name(),
            score: status.score,
            failed: status
                .ids_in(ItemState::Failed)
                .map(str::to_owned)
                .collect(),
            pending: status.items.iter().filter(|(_, s)| s.is_open()).count(),
            last_visit: site.site.updated.clone(),
            credentials: credential_ages(checklist, site, rotation),
            probe: site.probe.as_ref().map(ProbeSummary::of),
            calls: CallAuditState::of(checklist, site, &status, rotation),
        }
    }

    /// The credentials past their due date.
    pub fn overdue(&self) -> impl Iterator<Item = &CredentialAge> {
        self.credentials.iter().filter(|c| c.overdue)
    }

    /// The earliest due date of any kind.
    pub fn next_due(&self) -> Option<&Timestamp> {
        self.credentials.iter().map(|c| &c.due).min()
    }
}

/// One row of the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A site file.
    Site(Box<SiteRow>),
    /// A `.toml` file that claims to be a site file but cannot be read as one.
    Broken {
        /// The file as found.
        file: String,
        /// The one-line error.
        error: String,
    },
}

impl Row {
    /// What the row needs.
    pub fn attention(&self) -> Attention {
        match self {
            Row::Broken { .. } => Attention::Broken,
            Row::Site(row) if !row.failed.is_empty() => Attention::Failed,
            Row::Site(row) if row.calls.alerting() => Attention::Alerts,
            Row::Site(row) if row.overdue().next().is_some() => Attention::Overdue,
            Row::Site(row) if row.pending > 0 => Attention::Pending,
            Row::Site(_) => Attention::Ok,
        }
    }

    /// The file as found.
    pub fn file(&self) -> &str {
        match self {
            Row::Site(row) => &row.file,
            Row::Broken { file, .. } => file,
        }
    }

    /// The sort key: most urgent first, then the lowest score, then the file name.
    pub fn sort_key(&self) -> (Attention, u32, &str) {
        let percent = match self {
            Row::Site(row) => row.score.percent,
            Row::Broken { .. } => 0,
        };
        (self.attention(), percent, self.file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::Status;
    use crate::site::calls::{CallAudit, RuleCount, SiteCalls};

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    /// A finished SL2100 site whose last call audit found `alerts` (severity, count).
    fn row_on(item: &str, alerts: &[(&str, u64)]) -> SiteRow {
        let list = builtin(Model::Sl2100);
        let mut site = SiteFile::new("n", "c", "i", &list, &t("2026-11-01T00:00:00Z"));
        for record in site.items.values_mut() {
            record.status = Status::Done;
        }
        site.calls = Some(SiteCalls {
            settings: None,
            last_audit: Some(CallAudit {
                at: t("2026-11-28T00:00:00Z"),
                source: "audit of 1 file".into(),
                period_from: None,
                period_to: None,
                period_note: "no records".into(),
                records: 10,
                unreadable: 0,
                alerts: alerts
                    .iter()
                    .map(|(severity, count)| RuleCount {
                        rule: "burst".into(),
                        severity: (*severity).into(),
                        item: item.into(),
                        count: *count,
                    })
                    .collect(),
                not_applied: Vec::new(),
            }),
        });
        let rotation = Rotation {
            months: 12,
            now: t("2026-12-01T00:00:00Z"),
        };
        let mut row = SiteRow::of("site.toml".into(), &site, &list, &rotation);
        // The blank site's credential items have no targets issued: leave only the calls.
        row.pending = 0;
        row
    }

    /// A site whose last audit's alerts point at an item this checklist does not have (a
    /// dealer's own item): they fail nothing, so the fleet shows them as alerts.
    fn row(alerts: &[(&str, u64)]) -> SiteRow {
        row_on("dealer-own-item", alerts)
    }

    #[test]
    fn an_alert_on_a_checklist_item_fails_that_item() {
        let alerting = row_on("toll-class-extensions", &[("warning", 2)]);
        assert_eq!(alerting.failed, vec!["toll-class-extensions".to_owned()]);
        assert_eq!(Row::Site(Box::new(alerting)).attention(), Attention::Failed);
        let quiet = row_on("toll-class-extensions", &[("info", 2)]);
        assert!(quiet.failed.is_empty());
    }

    #[test]
    fn call_alerts_at_warning_or_above_come_after_failures_and_before_overdue() {
        assert!(Attention::Failed < Attention::Alerts && Attention::Alerts < Attention::Overdue);
        assert!(Attention::Alerts.fails());
        for severity in ["warning", "critical"] {
            let alerting = Row::Site(Box::new(row(&[(severity, 1)])));
            assert_eq!(alerting.attention(), Attention::Alerts, "{severity}");
        }
        for quiet in [&[][..], &[("info", 7)], &[("warning", 0)]] {
            assert_eq!(Row::Site(Box::new(row(quiet))).attention(), Attention::Ok);
        }
        // A measured failure comes first, whatever the calls say.
        let mut both = row(&[("critical", 3)]);
        both.failed = vec!["admin-ports-blocked".into()];
        assert_eq!(Row::Site(Box::new(both)).attention(), Attention::Failed);
    }
}
