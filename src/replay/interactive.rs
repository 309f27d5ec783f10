//! The site file an interactive replay starts from: every non-secret answer kept as a default,
//! every item back to pending, nothing of the old handover.

use crate::checklist::{AnswerSpec, Checklist};
use crate::site::{Answer, SiteFile, Status, Timestamp};

/// The site file an interactive replay of `site` starts from.
///
/// - The site header and the extensions are kept (`updated` becomes `now`).
/// - Every item goes back to pending (reasons dropped), so the installer confirms or changes
///   each one; its non-credential answer is kept and shown as the default.
/// - Credential answers are kept as the record of the last visit: their 90-02 levels are the
///   defaults of the credentials editor, as in a headless replay. They cover nothing: every
///   item is reopened now, and only credentials issued from now on count
///   ([`crate::coverage::status`]).
/// - The old handover's facts are dropped: the replay seals a new handover, chosen anew.
/// - The exposure probe is dropped: it measured the old state of the system at another time,
///   and a report must not present it as the state after this visit. Probe again.
///
/// # Security
/// Nothing secret is ever in a site file; this also drops every link to the old handover, so
/// the wizard never tries to open it.
pub fn prepare_interactive(site: &SiteFile, checklist: &Checklist, now: &Timestamp) -> SiteFile {
    let mut fresh = site.clone();
    fresh.handover = None;
    fresh.probe = None;
    fresh.site.updated = now.clone();
    fresh.items.retain(|id, record| {
        let credential_item = checklist
            .item(id)
            .is_some_and(|i| matches!(i.answer, AnswerSpec::Credentials { .. }));
        if !credential_item && matches!(record.answer, Some(Answer::Credentials { .. })) {
            record.answer = None;
        }
        record.waived = None;
        record.status = Status::Pending;
        record.reason = None;
        record.at = now.clone();
        record.answer.is_some()
    });
    fresh
}

#[cfg(test)]
mod tests {
    use super::prepare_interactive;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::{Answer, SiteFile, Status, Timestamp};

    fn example() -> (SiteFile, crate::checklist::Checklist) {
        let checklist = builtin(Model::Sl2100);
        let path = format!(
            "{}/checklists/examples/full-128.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        (
            SiteFile::parse(&text, &path, &checklist).unwrap(),
            checklist,
        )
    }

    fn now() -> Timestamp {
        Timestamp::from_unix_seconds(1_795_000_000)
    }

    #[test]
    fn every_status_goes_back_to_pending_without_reasons() {
        let (site, checklist) = example();
        assert!(site.items.values().any(|r| r.status != Status::Pending));
        let fresh = prepare_interactive(&site, &checklist, &now());
        for (id, r) in &fresh.items {
            assert_eq!(r.status, Status::Pending, "{id}");
            assert_eq!(r.reason, None, "{id}");
            assert_eq!(r.at, now(), "{id}");
        }
    }

    #[test]
    fn non_credential_answers_and_extensions_are_kept() {
        let (site, checklist) = example();
        let fresh = prepare_interactive(&site, &checklist, &now());
        assert_eq!(fresh.extensions, site.extensions);
        assert_eq!(fresh.site.name, site.site.name);
        let mut kept = 0;
        for item in checklist.items() {
            match site.answer(&item.id) {
                Some(Answer::Credentials { .. }) | None => {}
                Some(a) => {
                    assert_eq!(fresh.answer(&item.id), Some(a), "{}", item.id);
                    kept += 1;
                }
            }
        }
        assert!(kept > 5, "the example has answers to keep");
    }

    #[test]
    fn handover_and_probe_are_cleared_and_the_last_issue_covers_nothing() {
        let (mut site, checklist) = example();
        assert!(site.handover.is_some(), "the example names a handover");
        site.probe = Some(crate::probe::ProbeReport {
            at: now(),
            host: "pbx.example.net".into(),
            address: "203.0.113.7".into(),
            vantage: crate::probe::Vantage::Outside,
            timeout_ms: 1500,
            ports: Vec::new(),
            findings: Vec::new(),
        });
        // Later than every time in the example, as a real replay is.
        let later = Timestamp::from_unix_seconds(1_800_000_000);
        let fresh = prepare_interactive(&site, &checklist, &later);
        assert_eq!(fresh.handover, None);
        assert_eq!(fresh.probe, None);
        let logins = checklist.item("login-credentials").unwrap();
        // The levels of the last visit stay as the editor's defaults ...
        assert_eq!(fresh.answer(&logins.id), site.answer(&logins.id));
        // ... but no target counts as covered until this visit issues it.
        let status = crate::coverage::item_status(&checklist, &fresh, logins);
        assert_eq!(status.missing().len(), 7, "{status:?}");
    }

    #[test]
    fn the_prepared_site_is_a_valid_site_file() {
        let (site, checklist) = example();
        let fresh = prepare_interactive(&site, &checklist, &now());
        let text = fresh.to_toml();
        let again = SiteFile::parse(&text, "replayed.toml", &checklist).unwrap();
        assert_eq!(again, fresh);
    }
}
