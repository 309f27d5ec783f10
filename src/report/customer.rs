//! The customer part of a report: plain words for the customer and their manager, no internal
//! ids, no credential value.

use serde::Serialize;

use super::status::{item_states, site_risks, site_score};
use super::words::{self, Actor};
use super::{BAND_RULE, Band, ItemState, Score, Severity};
use crate::checklist::{AnswerSpec, Checklist, CredentialScope, Item};
use crate::coverage::ItemStatus;
use crate::probe::ProbeReport;
use crate::site::calls::CallAudit;
use crate::site::{Answer, ExtensionType, SiteFile, Timestamp};

/// The part for the customer and their manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerPart {
    /// When the last exposure check contradicts items: one sentence the report opens with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_failed: Option<String>,
    /// The weighted score.
    pub score: Score,
    /// How bands are assigned.
    pub band_rule: &'static str,
    /// One sentence on what the score means.
    pub meaning: String,
    /// What the checks measured on the real system: the exposure probe and the call-record
    /// audit, when the site file records them.
    pub checks: Vec<CheckSummary>,
    /// Risky combinations, most severe first.
    pub risks: Vec<RiskSummary>,
    /// Applicable items not done yet, in checklist order, with who must act.
    pub still_open: Vec<OpenItem>,
    /// Every extension and the credentials it received.
    pub extensions: Vec<ExtensionSummary>,
    /// Credentials that belong to the system rather than to an extension (logins, ports).
    pub system_credentials: Vec<SystemCredentials>,
    /// Where the handover is and how to open it, once sealed.
    pub handover: Option<HandoverSummary>,
    /// Who signs the report.
    pub sign_off: SignOff,
}

/// One check of the real system and what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckSummary {
    /// `probe` or `calls`.
    pub kind: &'static str,
    /// Its heading ("Exposure check", "Call-record check").
    pub title: &'static str,
    /// When it ran.
    pub at: Timestamp,
    /// What it did and what it concluded, in sentences.
    pub summary: String,
    /// Whether it found something that fails the checklist.
    pub failed: bool,
    /// Its findings worth a reader's attention, most severe first.
    pub findings: Vec<FindingSummary>,
}

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingSummary {
    /// `critical`, `failed`, `warning` ...
    pub severity: String,
    /// The title of the item it concerns.
    pub item: String,
    /// What was seen.
    pub text: String,
}

/// A risky combination, with the items that close it by title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskSummary {
    /// Stable id of the rule.
    pub id: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub summary: String,
    /// Ids of the items that close it.
    pub items: Vec<String>,
    /// Titles of the items that close it.
    pub closed_by: Vec<String>,
}

/// An item still to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    /// Item id.
    pub id: String,
    /// Item title.
    pub title: String,
    /// Where it stands.
    pub state: ItemState,
    /// Why it was deferred.
    pub reason: Option<String>,
    /// Who must act.
    pub who: Actor,
    /// [`Actor::words`].
    pub who_words: &'static str,
}

/// One extension and what it received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionSummary {
    /// The extension number.
    pub number: String,
    /// Who or where it is.
    pub label: String,
    /// Its terminal type.
    pub kind: ExtensionType,
    /// The type in words.
    pub kind_words: &'static str,
    /// Whether someone uses it.
    pub in_use: bool,
    /// The credentials it received, in checklist order.
    pub received: Vec<Received>,
}

/// Credentials one target received from one item; never the values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    /// The item that issued them.
    pub item: String,
    /// What they are ("User Pro password").
    pub what: String,
    /// When they were sealed.
    pub at: Timestamp,
}

/// Credentials of the whole system from one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemCredentials {
    /// The item that issued them.
    pub item: String,
    /// Its title.
    pub title: String,
    /// What each target received.
    pub what: String,
    /// Who received them ("login users 2-8", "the system").
    pub targets: String,
    /// When the last of them was sealed.
    pub at: Timestamp,
}

/// Where the handover is and how to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverSummary {
    /// The handover file name.
    pub file: String,
    /// What it is sealed to, in words.
    pub sealed_to: String,
    /// When it was sealed.
    pub sealed_at: Option<Timestamp>,
    /// When the installer proved it opens.
    pub verified_at: Option<Timestamp>,
    /// How to open it.
    pub how_to_open: String,
}

/// Who signs the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    /// The installer's name.
    pub installer: String,
    /// The customer's name.
    pub customer: String,
}

/// One sentence on what a score means for the customer.
pub fn meaning(score: &Score, open: usize) -> String {
    if open == 0 {
        return "Every protection on the checklist that applies to this site is in place.".into();
    }
    match score.band {
        Band::A => "The system is well protected against toll fraud; what is still open below is minor.",
        Band::B => "Most protections against toll fraud are in place; the open items below should be closed soon.",
        Band::C => "Important protections against toll fraud are still missing: the system can be abused until the open items below are closed.",
        Band::D => "The system is not yet protected against toll fraud: most of the work below is still to be done.",
    }
    .into()
}

pub(super) fn build(checklist: &Checklist, site: &SiteFile) -> CustomerPart {
    let score = site_score(checklist, site);
    let states = item_states(checklist, site);
    let failed: Vec<&Item> = states
        .iter()
        .filter(|(_, s)| matches!(s.outcome, ItemStatus::Failed { .. }))
        .map(|(item, _)| *item)
        .collect();
    let still_open: Vec<OpenItem> = states
        .iter()
        .filter(|(_, state)| state.open)
        .map(|(item, state)| {
            let who = Actor::of(item);
            OpenItem {
                id: item.id.clone(),
                title: item.title.clone(),
                state: state.clone(),
                reason: site.items.get(&item.id).and_then(|r| r.reason.clone()),
                who,
                who_words: who.words(),
            }
        })
        .collect();
    let title_of = |id: &str| {
        checklist
            .item(id)
            .map_or(id, |i| i.title.as_str())
            .to_owned()
    };
    let risks = site_risks(checklist, site)
        .into_iter()
        .map(|r| RiskSummary {
            id: r.id,
            severity: r.severity,
            summary: r.summary,
            closed_by: r.items.iter().map(|id| title_of(id)).collect(),
            items: r.items,
        })
        .collect();
    let (extensions, system_credentials) = credentials(checklist, site);
    let probe = site.probe.as_ref();
    let audit = site.calls.as_ref().and_then(|c| c.last_audit.as_ref());
    CustomerPart {
        probe_failed: probe
            .filter(|_| !failed.is_empty())
            .map(|p| probe_failed(p, &failed)),
        meaning: meaning(&score, still_open.len()),
        score,
        band_rule: BAND_RULE,
        checks: probe
            .map(|p| probe_check(checklist, p, !failed.is_empty()))
            .into_iter()
            .chain(audit.map(|a| calls_check(checklist, a)))
            .collect(),
        risks,
        still_open,
        extensions,
        system_credentials,
        handover: handover(site),
        sign_off: SignOff {
            installer: site.site.installer.clone(),
            customer: site.site.customer.clone(),
        },
    }
}

/// The sentence a report opens with when the last exposure check fails items.
fn probe_failed(probe: &ProbeReport, failed: &[&Item]) -> String {
    let titles: Vec<&str> = failed.iter().map(|i| i.title.as_str()).collect();
    let what = if failed.len() == 1 {
        "one item".to_owned()
    } else {
        format!("{} items", failed.len())
    };
    format!(
        "The exposure check of {} contradicts {what} of the checklist, which count as not done: {}.",
        words::date_time(&probe.at),
        titles.join("; ")
    )
}

/// The exposure probe in words; `fails_items` is what [`crate::coverage`] concluded from it.
fn probe_check(checklist: &Checklist, probe: &ProbeReport, fails_items: bool) -> CheckSummary {
    use crate::probe::Vantage;
    let from = match probe.vantage {
        Vantage::Outside => "from outside the site's network, as an attacker on the internet would",
        Vantage::Inside => {
            "from inside the site's network, which shows what the local network reaches, not what the internet reaches"
        }
        Vantage::Unknown => {
            "from a place not recorded, so its results are read as if from the internet"
        }
    };
    let verdict = if fails_items {
        "It found doors open that the checklist says must be closed."
    } else if probe.failed() {
        "What it found open the installer explained as not the phone system's (see the technical record)."
    } else {
        "Nothing it measured contradicts the checklist."
    };
    CheckSummary {
        kind: "probe",
        title: "Exposure check",
        at: probe.at.clone(),
        summary: format!(
            "The installer checked which of the system's ports answer {from}, on {}. {verdict}",
            words::date_time(&probe.at)
        ),
        failed: fails_items,
        findings: probe
            .findings
            .iter()
            .filter(|f| f.severity >= crate::probe::Severity::Warning)
            .map(|f| FindingSummary {
                severity: f.severity.name().to_owned(),
                item: checklist
                    .item(&f.item)
                    .map_or_else(|| f.item.clone(), |i| i.title.clone()),
                text: f.text.clone(),
            })
            .collect(),
    }
}

/// The last call-record audit in words: what was read and which alerts it raised (counts only,
/// never a number).
fn calls_check(checklist: &Checklist, audit: &CallAudit) -> CheckSummary {
    let alerting = |severity: &str| matches!(severity, "warning" | "critical");
    let failed = audit.alerts.iter().any(|a| alerting(&a.severity));
    let period = match (&audit.period_from, &audit.period_to) {
        (Some(from), Some(to)) => format!(", from {from} to {to} on the system's clock"),
        _ => String::new(),
    };
    let verdict = if failed {
        "Some calls look like toll fraud or a gap in the restrictions: the items named below must be checked."
    } else {
        "No call looked like toll fraud."
    };
    CheckSummary {
        kind: "calls",
        title: "Call-record check",
        at: audit.at.clone(),
        summary: format!(
            "On {} the installer read {} of the system's call records{period}. {verdict}",
            words::date_time(&audit.at),
            audit.records
        ),
        failed,
        findings: audit
            .alerts
            .iter()
            .filter(|a| alerting(&a.severity))
            .map(|a| FindingSummary {
                severity: a.severity.clone(),
                item: checklist
                    .item(&a.item)
                    .map_or_else(|| a.item.clone(), |i| i.title.clone()),
                text: format!(
                    "{} ({} {})",
                    words::call_rule(&a.rule),
                    a.count,
                    if a.count == 1 { "alert" } else { "alerts" }
                ),
            })
            .collect(),
    }
}

fn credentials(
    checklist: &Checklist,
    site: &SiteFile,
) -> (Vec<ExtensionSummary>, Vec<SystemCredentials>) {
    let mut extensions: Vec<ExtensionSummary> = site
        .extensions
        .iter()
        .map(|e| ExtensionSummary {
            number: e.number.to_string(),
            label: e.label.clone(),
            kind: e.kind,
            kind_words: words::extension_type(e.kind),
            in_use: e.in_use,
            received: Vec::new(),
        })
        .collect();
    let mut system = Vec::new();
    for item in checklist.items() {
        let AnswerSpec::Credentials { kinds, per } = &item.answer else {
            continue;
        };
        let Some(Answer::Credentials { issued }) = site.answer(&item.id) else {
            continue;
        };
        if issued.is_empty() {
            continue;
        }
        let what = words::credential_kinds(kinds);
        match per {
            CredentialScope::Extension { .. } => {
                for credential in issued {
                    if let Some(ext) = extensions
                        .iter_mut()
                        .find(|e| e.number == credential.target)
                    {
                        ext.received.push(Received {
                            item: item.id.clone(),
                            what: what.clone(),
                            at: credential.at.clone(),
                        });
                    }
                }
            }
            CredentialScope::LoginUser | CredentialScope::Once | CredentialScope::DisaUser => {
                let targets: Vec<String> = issued.iter().map(|i| i.target.clone()).collect();
                let numbers = super::text::compress_numbers(&targets);
                let targets = match per {
                    CredentialScope::LoginUser => format!("login users {numbers}"),
                    CredentialScope::DisaUser => format!("DISA users {numbers}"),
                    _ => "the system".to_owned(),
                };
                system.push(SystemCredentials {
                    item: item.id.clone(),
                    title: item.title.clone(),
                    what,
                    targets,
                    at: issued
                        .iter()
                        .map(|i| i.at.clone())
                        .max()
                        .unwrap_or_else(|| {
                            // `issued` is not empty here.
                            site.site.updated.clone()
                        }),
                });
            }
        }
    }
    (extensions, system)
}

fn handover(site: &SiteFile) -> Option<HandoverSummary> {
    let facts = site.handover.as_ref()?;
    let file = &facts.file;
    let (sealed_to, how_to_open) = if facts.passphrase {
        (
            "a passphrase".to_owned(),
            format!(
                "Open it with the age tool (age -d {file}) and type the passphrase, or with nec-harden handover show {file}. Keep the passphrase apart from the file."
            ),
        )
    } else {
        let n = facts.recipients.len();
        (
            if n == 1 {
                "one public key".to_owned()
            } else {
                format!("{n} public keys")
            },
            format!(
                "Open it with the age tool and the matching private key (age -d -i KEY-FILE {file}), or with nec-harden handover show {file} -i KEY-FILE."
            ),
        )
    };
    Some(HandoverSummary {
        file: file.clone(),
        sealed_to,
        sealed_at: facts.sealed_at.clone(),
        verified_at: facts.verified_at.clone(),
        how_to_open,
    })
}
