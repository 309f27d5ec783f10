//! How old a site's credentials are, per kind, and when each kind is due for a change.
//!
//! The dates come from the site file's credential records (each target's `at`, the time it was
//! generated and sealed into the handover); the kinds from the checklist item that issued them.
//! A site with a sealed handover but no credential records gets one `handover` entry dated by
//! its sealing. The due date counts from the *oldest* credential of a kind still on record,
//! because that one comes due first. Ports (90-54) are not secrets and are not rotated.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::checklist::{AnswerSpec, Checklist};
use crate::secrets::CredentialKind;
use crate::site::{Answer, SiteFile, Timestamp};

/// Months after which a credential is due for a change when nothing else says (NEC advises
/// changing the 90-02 logins regularly; a year is the dealer bulletins' rhythm).
pub const DEFAULT_ROTATE_MONTHS: u32 = 12;

/// The rotation rule a fleet is judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Months from issue to due.
    pub months: u32,
    /// The time "now" (due dates before it are overdue).
    pub now: Timestamp,
}

/// The age of one kind of credential at one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialAge {
    /// The kind name (`password`, `code`, ...), or `handover` when only the sealing is known.
    pub kind: &'static str,
    /// How many targets hold one.
    pub targets: usize,
    /// The oldest one still on record.
    pub oldest: Timestamp,
    /// The newest one.
    pub newest: Timestamp,
    /// When the oldest is due for a change.
    pub due: Timestamp,
    /// Whether `due` has passed.
    pub overdue: bool,
}

/// The credential ages of `site`, one per kind, in the rules engine's kind order.
pub fn credential_ages(
    checklist: &Checklist,
    site: &SiteFile,
    rotation: &Rotation,
) -> Vec<CredentialAge> {
    // kind -> (targets, oldest, newest)
    let mut seen: BTreeMap<usize, (usize, &Timestamp, &Timestamp)> = BTreeMap::new();
    for item in checklist.items() {
        let AnswerSpec::Credentials { kinds, .. } = &item.answer else {
            continue;
        };
        let Some(Answer::Credentials { issued }) = site.answer(&item.id) else {
            continue;
        };
        for kind in kinds.iter().filter(|k| **k != CredentialKind::Port) {
            let index = CredentialKind::ALL
                .iter()
                .position(|k| k == kind)
                .unwrap_or(usize::MAX);
            for entry in issued {
                let slot = seen.entry(index).or_insert((0, &entry.at, &entry.at));
                slot.0 += 1;
                slot.1 = slot.1.min(&entry.at);
                slot.2 = slot.2.max(&entry.at);
            }
        }
    }
    let age = |kind, targets, oldest: &Timestamp, newest: &Timestamp| {
        let due = oldest.add_months(rotation.months);
        CredentialAge {
            kind,
            targets,
            oldest: oldest.clone(),
            newest: newest.clone(),
            overdue: due <= rotation.now,
            due,
        }
    };
    let mut out: Vec<CredentialAge> = seen
        .into_iter()
        .filter_map(|(index, (targets, oldest, newest))| {
            let kind = CredentialKind::ALL.get(index)?.name();
            Some(age(kind, targets, oldest, newest))
        })
        .collect();
    if out.is_empty()
        && let Some(sealed) = site.handover.as_ref().and_then(|h| h.sealed_at.as_ref())
    {
        out.push(age("handover", 1, sealed, sealed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::{HandoverFacts, IssuedCredential};

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn issued(targets: &[(&str, &str)]) -> Answer {
        Answer::Credentials {
            issued: targets
                .iter()
                .map(|(target, at)| IssuedCredential {
                    target: (*target).into(),
                    at: t(at),
                    level: None,
                    port: None,
                })
                .collect(),
        }
    }

    fn rotation(now: &str) -> Rotation {
        Rotation {
            months: 12,
            now: t(now),
        }
    }

    #[test]
    fn due_counts_from_the_oldest_credential_of_each_kind() {
        let list = builtin(Model::Sl2100);
        let mut site = SiteFile::new("n", "c", "i", &list, &t("2025-01-01T00:00:00Z"));
        site.items.get_mut("login-credentials").unwrap().answer = Some(issued(&[
            ("2", "2025-11-21T10:05:00Z"),
            ("3", "2026-06-01T09:00:00Z"),
        ]));
        let ages = credential_ages(&list, &site, &rotation("2026-12-01T00:00:00Z"));
        let kinds: Vec<&str> = ages.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, ["username", "password"]);
        for age in &ages {
            assert_eq!(age.targets, 2);
            assert_eq!(age.oldest, t("2025-11-21T10:05:00Z"));
            assert_eq!(age.newest, t("2026-06-01T09:00:00Z"));
            assert_eq!(age.due, t("2026-11-21T10:05:00Z"));
            assert!(age.overdue);
        }
        let fresh = credential_ages(&list, &site, &rotation("2026-11-21T10:04:59Z"));
        assert!(fresh.iter().all(|a| !a.overdue));
    }

    #[test]
    fn ports_are_not_credentials_to_rotate() {
        let list = builtin(Model::Sl2100);
        let mut site = SiteFile::new("n", "c", "i", &list, &t("2025-01-01T00:00:00Z"));
        site.items.get_mut("webpro-port").unwrap().answer = Some(Answer::Credentials {
            issued: vec![IssuedCredential {
                target: "system".into(),
                at: t("2020-01-01T00:00:00Z"),
                level: None,
                port: Some(28_417),
            }],
        });
        assert!(credential_ages(&list, &site, &rotation("2026-12-01T00:00:00Z")).is_empty());
    }

    #[test]
    fn a_handover_without_records_is_dated_by_its_sealing() {
        let list = builtin(Model::Sl2100);
        let mut site = SiteFile::new("n", "c", "i", &list, &t("2025-01-01T00:00:00Z"));
        site.handover = Some(HandoverFacts {
            file: "x.age".into(),
            recipients: Vec::new(),
            passphrase: true,
            sealed_at: Some(t("2025-03-01T00:00:00Z")),
            verified_at: None,
            addenda: Vec::new(),
        });
        let ages = credential_ages(&list, &site, &rotation("2026-12-01T00:00:00Z"));
        assert_eq!(ages.len(), 1);
        assert_eq!(ages[0].kind, "handover");
        assert_eq!(ages[0].due, t("2026-03-01T00:00:00Z"));
        assert!(ages[0].overdue);
    }
}
