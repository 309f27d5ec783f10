//! The technical part of a report: the dealer's record of every item, with its programs,
//! state, time, reason, answer in words, when it applies, what to verify and where its facts
//! come from; then the full exposure probe and call-record audit.

use serde::Serialize;

use super::ItemState;
use super::status::item_state;
use super::words;
use crate::checklist::Checklist;
use crate::probe::ProbeReport;
use crate::site::calls::CallAudit;
use crate::site::{Answer, HandoverFacts, SiteFile, Status, Timestamp};

/// The dealer's technical record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TechnicalPart {
    /// Every section with every item.
    pub sections: Vec<SectionReport>,
    /// The handover's public facts (recipients' public keys included).
    pub handover: Option<HandoverFacts>,
    /// The last exposure probe, when the site file records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeReport>,
    /// The last call-record audit, when the site file records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_audit: Option<CallAudit>,
}

/// One section of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionReport {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Its items.
    pub items: Vec<ItemReport>,
}

/// One item of the record.
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
    /// When it applies, in words (item titles and option labels), if it has a condition.
    pub condition: Option<String>,
    /// Where it stands.
    pub state: ItemState,
    /// When its status was set (absent while pending).
    pub at: Option<Timestamp>,
    /// The reason given (not applicable, deferred, or a note).
    pub reason: Option<String>,
    /// The answer in words (labels, not ids); never a secret.
    pub answer: Option<String>,
    /// What to verify on the system, when a fact behind the item is unconfirmed.
    pub verify: Option<String>,
    /// Where the item's facts come from (nec-facts sections, manual pages, bulletins).
    pub sources: Vec<String>,
}

pub(super) fn build(checklist: &Checklist, site: &SiteFile) -> TechnicalPart {
    let sections = checklist
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
                        condition: item.when.as_ref().map(|c| words::condition(checklist, c)),
                        state: item_state(checklist, site, item),
                        at: record
                            .filter(|r| r.status != Status::Pending)
                            .map(|r| r.at.clone()),
                        reason: record.and_then(|r| r.reason.clone()),
                        // A confirmation says nothing the status does not.
                        answer: site
                            .answer(&item.id)
                            .filter(|a| !matches!(a, Answer::Confirm {}))
                            .map(|a| words::answer(item, a)),
                        verify: item.verify.clone(),
                        sources: item.sources.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    TechnicalPart {
        sections,
        handover: site.handover.clone(),
        probe: site.probe.clone(),
        calls_audit: site.calls.as_ref().and_then(|c| c.last_audit.clone()),
    }
}
