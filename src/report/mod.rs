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
pub mod score;
pub mod text;

use serde::Serialize;

pub use risks::{Risk, Severity, risks};
pub use score::{BAND_RULE, Band, Score, score};

use crate::checklist::Checklist;
use crate::probe::ProbeReport;
use crate::site::calls::CallAudit;
use crate::site::{Answer, HandoverFacts, SiteFile, Status, Timestamp};

/// Everything a report shows, in the order it shows it. Field names are stable (JSON output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The site header.
    pub site: SiteSummary,
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
    /// `pending` or `deferred`.
    pub status: Status,
    /// Why it was deferred.
    pub reason: Option<String>,
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
    /// When the status was set.
    pub at: Option<Timestamp>,
    /// The reason given (not applicable, deferred, or a note).
    pub reason: Option<String>,
    /// A one-line answer summary.
    pub answer: Option<String>,
    /// What to verify on the system, when a fact behind the item is unconfirmed.
    pub verify: Option<String>,
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
                    ItemReport {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        programs: item.programs.clone(),
                        weight: item.weight,
                        applies: checklist.applies(item, site),
                        condition: item.when.as_ref().map(text::describe_condition),
                        status: site.status(&item.id),
                        at: record.map(|r| r.at.clone()),
                        reason: record.and_then(|r| r.reason.clone()),
                        // A confirmation says nothing the status does not.
                        answer: site
                            .answer(&item.id)
                            .filter(|a| !matches!(a, Answer::Confirm {}))
                            .map(text::answer_summary),
                        verify: item.verify.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let still_open = checklist
        .items()
        .filter(|item| score::is_open(checklist, site, item))
        .map(|item| OpenItem {
            id: item.id.clone(),
            title: item.title.clone(),
            status: site.status(&item.id),
            reason: site.items.get(&item.id).and_then(|r| r.reason.clone()),
        })
        .collect();
    Report {
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

/// "done", "not applicable" ... for people, taking the item's condition into account.
pub fn status_label(item: &ItemReport) -> &'static str {
    match item.status {
        _ if !item.applies => "does not apply",
        Status::Pending => "pending",
        Status::Done => "done",
        Status::NotApplicable => "not applicable",
        Status::Deferred => "deferred",
    }
}
