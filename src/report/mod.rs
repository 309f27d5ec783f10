//! Reports of a site: the weighted score, risky combinations, every item's status, what is
//! still pending; rendered as Markdown, JSON or a printable HTML page.
//!
//! A report reads only the site file and its checklist, which hold no secret, so no secret can
//! reach a report. No drawing here: the wizard reuses [`score`] and [`risks`].
//! A site probed with `nec-harden probe --site` gets an "Exposure probe" section, and one
//! audited with `nec-harden calls audit --site` a "Call-record audit" section beside it.

mod calls;
mod html;
mod markdown;
mod probe;
pub mod risks;
pub mod since;
mod sources;
pub mod text;

use serde::Serialize;

pub use crate::coverage::score::{BAND_RULE, Band, Score, score};
pub use risks::{Risk, Severity, risks};

use crate::checklist::Checklist;
use crate::coverage::{ItemStatus, Measured, item_status, statuses};
use crate::probe::ProbeReport;
use crate::site::calls::CallAudit;
use crate::site::{Answer, HandoverFacts, SiteFile, Status, Timestamp};

/// Everything a report shows, in the order it shows it. Field names are stable (JSON output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The site header.
    pub site: SiteSummary,
    /// When the last probe contradicts items: one sentence the report opens with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_failed: Option<String>,
    /// The weighted score.
    pub score: Score,
    /// How bands are assigned.
    pub band_rule: &'static str,
    /// Risky combinations, most severe first.
    pub risks: Vec<Risk>,
    /// Applicable items not done yet (pending or deferred), in checklist order.
    pub still_open: Vec<OpenItem>,
    /// Every section with every item.
    pub sections: Vec<SectionReport>,
    /// The handover's public facts.
    pub handover: Option<HandoverFacts>,
    /// The last exposure probe, when the site file records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeReport>,
    /// The last call-record audit, when the site file records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_audit: Option<CallAudit>,
}

/// The site header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteSummary {
    /// Site name.
    pub name: String,
    /// Customer.
    pub customer: String,
    /// Model for people ("SL2100").
    pub model: String,
    /// Installer.
    pub installer: String,
    /// Created.
    pub created: Timestamp,
    /// Last change.
    pub updated: Timestamp,
    /// The checklist's title.
    pub checklist: String,
    /// The number of extensions.
    pub extensions: usize,
}

/// An item still to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    /// Item id.
    pub id: String,
    /// Item title.
    pub title: String,
    /// `pending` or `deferred`, as recorded.
    pub status: Status,
    /// Why it was deferred.
    pub reason: Option<String>,
    /// Its status from the evidence: pending, incomplete (missing targets), failed, deferred.
    pub outcome: ItemStatus,
}

impl OpenItem {
    /// Its computed status for people, with the missing targets or the failing finding:
    /// "incomplete; missing: extension 105", "failed (measured) at ...: ...".
    pub(crate) fn state_text(&self) -> String {
        let label = self.outcome.label();
        if let Some(f) = self.outcome.findings().first() {
            format!("{label} at {}: {}", f.at, f.text)
        } else if self.outcome.missing().is_empty() {
            label.to_owned()
        } else {
            format!("{label}; missing: {}", self.outcome.missing().join(", "))
        }
    }
}

/// One section of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionReport {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Its items.
    pub items: Vec<ItemReport>,
}

/// One item of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemReport {
    /// Item id.
    pub id: String,
    /// Item title.
    pub title: String,
    /// NEC program references.
    pub programs: Vec<String>,
    /// Score weight.
    pub weight: u32,
    /// Whether the item's condition holds for this site.
    pub applies: bool,
    /// When it applies, if it has a condition.
    pub condition: Option<String>,
    /// The recorded status.
    pub status: Status,
    /// Its status from the evidence ([`crate::coverage::item_status`]): what the report shows.
    pub outcome: ItemStatus,
    /// When the status was set.
    pub at: Option<Timestamp>,
    /// The reason given (not applicable, deferred, or a note).
    pub reason: Option<String>,
    /// A one-line answer summary.
    pub answer: Option<String>,
    /// What to verify on the system, when a fact behind the item is unconfirmed.
    pub verify: Option<String>,
    /// Where the item's facts come from (nec-facts sections, manual pages, bulletins).
    pub sources: Vec<String>,
}

/// Builds the report of `site` against `checklist`.
pub fn build(checklist: &Checklist, site: &SiteFile) -> Report {
    let sections: Vec<SectionReport> = checklist
        .sections
        .iter()
        .map(|section| SectionReport {
            id: section.id.clone(),
            title: section.title.clone(),
            items: section
                .items
                .iter()
                .map(|item| {
                    let record = site.items.get(&item.id);
                    let outcome = item_status(checklist, site, item);
                    ItemReport {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        programs: item.programs.clone(),
                        weight: item.weight,
                        applies: !matches!(outcome, ItemStatus::DoesNotApply),
                        condition: item.when.as_ref().map(text::describe_condition),
                        status: site.status(&item.id),
                        outcome,
                        at: record.map(|r| r.at.clone()),
                        reason: record.and_then(|r| r.reason.clone()),
                        // A confirmation says nothing the status does not.
                        answer: site
                            .answer(&item.id)
                            .filter(|a| !matches!(a, Answer::Confirm {}))
                            .map(|a| match (a, item.answer.not_used_label()) {
                                (Answer::NotUsed {}, Some(label)) => label.to_owned(),
                                _ => text::answer_summary(a),
                            }),
                        verify: item.verify.clone(),
                        sources: item.sources.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let statuses = statuses(checklist, site);
    let still_open = statuses
        .iter()
        .filter(|(_, outcome)| outcome.is_outstanding())
        .map(|(item, outcome)| OpenItem {
            id: item.id.clone(),
            title: item.title.clone(),
            status: site.status(&item.id),
            reason: site.items.get(&item.id).and_then(|r| r.reason.clone()),
            outcome: outcome.clone(),
        })
        .collect();
    let failed: Vec<&str> = statuses
        .iter()
        .filter(|(_, o)| o.findings().iter().any(|f| f.measured == Measured::Probe))
        .map(|(item, _)| item.id.as_str())
        .collect();
    let probe_failed = site.probe.as_ref().filter(|_| !failed.is_empty()).map(|p| {
        format!(
            "The exposure probe of {} failed: it contradicts {} ({}), which count as not done.",
            p.at,
            if failed.len() == 1 {
                "one item"
            } else {
                "these items"
            },
            failed.join(", ")
        )
    });
    Report {
        probe_failed,
        site: SiteSummary {
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model.display_name().to_owned(),
            installer: site.site.installer.clone(),
            created: site.site.created.clone(),
            updated: site.site.updated.clone(),
            checklist: checklist.title.clone(),
            extensions: site.extensions.len(),
        },
        score: score(checklist, site),
        band_rule: BAND_RULE,
        risks: risks(checklist, site),
        still_open,
        sections,
        handover: site.handover.clone(),
        probe: site.probe.clone(),
        calls_audit: site.calls.as_ref().and_then(|c| c.last_audit.clone()),
    }
}

/// An output format of `nec-harden report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown (the default).
    Markdown,
    /// JSON with stable field names.
    Json,
    /// One self-contained printable HTML page.
    Html,
}

impl Report {
    /// The site header as (label, value) rows, in the order every renderer shows them.
    pub(crate) fn header_rows(&self) -> [(&'static str, String); 7] {
        let site = &self.site;
        [
            ("Customer", site.customer.clone()),
            ("Model", site.model.clone()),
            ("Installer", site.installer.clone()),
            ("Created", site.created.to_string()),
            ("Updated", site.updated.to_string()),
            ("Checklist", site.checklist.clone()),
            ("Extensions", site.extensions.to_string()),
        ]
    }

    /// One sentence on the handover: file, what it is sealed to, when sealed and verified.
    pub(crate) fn handover_text(&self) -> Option<String> {
        let handover = self.handover.as_ref()?;
        let sealed_to = if handover.passphrase {
            "a passphrase".to_owned()
        } else {
            format!("{} public key(s)", handover.recipients.len())
        };
        let sealed = handover.sealed_at.as_ref().map(|t| format!(" at {t}"));
        let verified = handover
            .verified_at
            .as_ref()
            .map(|t| format!(", verified at {t}"));
        Some(format!(
            "{}, sealed to {sealed_to}{}{}",
            handover.file,
            sealed.unwrap_or_default(),
            verified.unwrap_or_default()
        ))
    }

    /// Renders the report.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => markdown::render(self),
            Format::Json => self.to_json(),
            Format::Html => html::render(self),
        }
    }

    /// The report as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        // A tree of strings, numbers and lists always serializes.
        let mut json = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| panic!("report serialization failed: {e}"));
        json.push('\n');
        json
    }
}

/// "done", "failed (measured)", "incomplete" ... for people, from the computed status.
pub fn status_label(item: &ItemReport) -> &'static str {
    item.outcome.label()
}
