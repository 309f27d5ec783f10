//! The status rules, one test per rule, on the shipped checklists and example sites.

use super::*;
use crate::checklist::builtin;
use crate::coverage::score;
use crate::nec::Model;
use crate::probe::verdict::judge;
use crate::probe::{
    PortResult, PortState, ProbeReport, RegisterResult, RegisterVerdict, Role, SiteContext,
    Transport, Vantage,
};
use crate::site::{Extension, ExtensionType, IssuedCredential, Status};

const SMALL: &str = include_str!("../../../checklists/examples/small-office.toml");

fn t(secs: u64) -> Timestamp {
    Timestamp::from_unix_seconds(1_795_000_000 + secs)
}

/// The small office with every item that applies done (credential items with every target
/// issued before they were confirmed).
fn all_done(model: Model) -> (Checklist, SiteFile) {
    let list = builtin(model);
    let text = SMALL.replace(
        "model = \"sl2100\"",
        &format!("model = \"{}\"", model.name()),
    );
    let mut site = SiteFile::parse(&text, "small-office.toml", &list).unwrap();
    finish(&list, &mut site, &t(0));
    (list, site)
}

/// Issues every current target of every credential item at `at` and marks every applying item
/// done at `at` (other modules' tests use it for a fully hardened site).
pub(crate) fn finish(list: &Checklist, site: &mut SiteFile, at: &Timestamp) {
    let items: Vec<Item> = list.items().cloned().collect();
    for item in &items {
        if !list.applies(item, site) {
            continue;
        }
        if matches!(item.answer, AnswerSpec::Credentials { .. }) {
            let issued = item_targets(item, site)
                .iter()
                .map(|target| IssuedCredential {
                    target: target.id.clone(),
                    at: at.clone(),
                    level: target.level,
                    port: target
                        .slots
                        .iter()
                        .any(|s| s.kind == crate::secrets::CredentialKind::Port)
                        .then_some(28_417),
                })
                .collect();
            site.set_answer(list, &item.id, Answer::Credentials { issued }, at)
                .unwrap();
        }
        site.set_status(list, &item.id, Status::Done, None, at)
            .unwrap();
    }
}

fn port(port: u16, role: Role, transport: Transport, state: PortState) -> PortResult {
    PortResult {
        port,
        system_port: None,
        role,
        transport,
        state,
        elapsed_ms: 5,
        sip: None,
        register: None,
    }
}

/// The probe case of issue 10: from outside, 5080 accepts an unauthenticated REGISTER and
/// PCPro (8000) answers; judged by the probe's own verdict rules.
pub(crate) fn probe_case(site: &SiteFile, at: Timestamp) -> ProbeReport {
    let mut sip = port(5080, Role::Sip, Transport::Udp, PortState::Open);
    sip.register = Some(RegisterResult {
        verdict: RegisterVerdict::Accepted,
        status: Some(200),
        extension: "91234567".into(),
        transport: Transport::Udp,
        unregistered: true,
    });
    let ports = vec![
        port(80, Role::Webpro, Transport::Tcp, PortState::Closed),
        port(8000, Role::Pcpro, Transport::Tcp, PortState::Open),
        sip,
    ];
    let findings = judge(&ports, Vantage::Outside, &SiteContext::from_site(site));
    ProbeReport {
        at,
        host: "pbx.example.net".into(),
        address: "203.0.113.7".into(),
        vantage: Vantage::Outside,
        timeout_ms: 1500,
        ports,
        findings,
    }
}

fn status_of(list: &Checklist, site: &SiteFile, id: &str) -> ItemStatus {
    item_status(list, site, list.item(id).unwrap())
}

#[test]
fn a_probe_that_finds_5080_open_unauthenticated_fails_sip_register_mode() {
    let (list, mut site) = all_done(Model::Sl2100);
    assert_eq!(
        status_of(&list, &site, "sip-register-mode"),
        ItemStatus::Done
    );
    site.probe = Some(probe_case(&site, t(60)));
    let ItemStatus::Failed { findings } = status_of(&list, &site, "sip-register-mode") else {
        panic!("not failed");
    };
    assert_eq!(findings[0].at, t(60));
    assert_eq!(findings[0].port, Some(5080));
    assert!(
        findings[0].text.contains("without credentials"),
        "{}",
        findings[0].text
    );
}

#[test]
fn a_probe_that_finds_pcpro_open_from_outside_fails_admin_ports_blocked() {
    let (list, mut site) = all_done(Model::Sl2100);
    site.probe = Some(probe_case(&site, t(60)));
    assert!(matches!(
        status_of(&list, &site, "admin-ports-blocked"),
        ItemStatus::Failed { .. }
    ));
}

#[test]
fn failed_items_score_as_not_done_and_leave_band_a() {
    let (list, mut site) = all_done(Model::Sl2100);
    let before = score(&list, &site);
    assert_eq!((before.percent, before.band.letter()), (100, "A"));
    site.probe = Some(probe_case(&site, t(60)));
    let after = score(&list, &site);
    let weight_lost = list.item("sip-register-mode").unwrap().weight
        + list.item("admin-ports-blocked").unwrap().weight;
    assert_eq!(after.done_weight, before.done_weight - weight_lost);
    assert_eq!(after.applicable_weight, before.applicable_weight);
    // The percentage alone stays in band A (91% of the full checklist): the measured failure
    // caps the band at C.
    assert_eq!(after.band.letter(), "C", "{after:?}");
}

#[test]
fn failed_items_are_risks_and_the_report_opens_with_the_failed_probe() {
    let (list, mut site) = all_done(Model::Sl2100);
    assert!(crate::report::risks(&list, &site).is_empty());
    site.probe = Some(probe_case(&site, t(60)));
    let risks = crate::report::risks(&list, &site);
    let failed: Vec<&str> = risks
        .iter()
        .filter(|r| r.id == "probe-failed")
        .flat_map(|r| r.items.iter().map(String::as_str))
        .collect();
    assert_eq!(failed, ["admin-ports-blocked", "sip-register-mode"]);
    let md = crate::report::build(&list, &site).render(crate::report::Format::Markdown);
    let opening: Vec<&str> = md.lines().take(3).collect();
    assert!(
        opening.iter().any(|l| l.contains("PROBE FAILED")),
        "{opening:?}"
    );
    assert!(!md.contains("No risky combination found"));
}

#[test]
fn a_later_probe_that_passes_clears_the_failure() {
    let (list, mut site) = all_done(Model::Sl2100);
    site.probe = Some(probe_case(&site, t(60)));
    let mut later = probe_case(&site, t(120));
    later.findings.clear();
    site.probe = Some(later);
    assert_eq!(
        status_of(&list, &site, "sip-register-mode"),
        ItemStatus::Done
    );
}

#[test]
fn a_recorded_reason_waives_that_probe_run_only() {
    let (list, mut site) = all_done(Model::Sl2100);
    site.probe = Some(probe_case(&site, t(60)));
    site.waive_findings(
        &list,
        "admin-ports-blocked",
        "8000 is the carrier's router, not the phone system",
        &t(70),
    )
    .unwrap();
    assert_eq!(
        status_of(&list, &site, "admin-ports-blocked"),
        ItemStatus::Done
    );
    // The same finding measured again by a new probe fails the item again.
    site.probe = Some(probe_case(&site, t(200)));
    assert!(matches!(
        status_of(&list, &site, "admin-ports-blocked"),
        ItemStatus::Failed { .. }
    ));
}

#[test]
fn a_probe_from_inside_the_lan_fails_nothing() {
    let (list, mut site) = all_done(Model::Sl2100);
    let mut inside = probe_case(&site, t(60));
    inside.vantage = Vantage::Inside;
    site.probe = Some(inside);
    assert_eq!(score(&list, &site).percent, 100);
}

#[test]
fn an_extension_added_after_the_item_was_done_reopens_it_and_is_named() {
    let (list, mut site) = all_done(Model::Sl2100);
    assert_eq!(
        status_of(&list, &site, "sip-phone-logons"),
        ItemStatus::Done
    );
    site.put_extension(
        Extension {
            number: "105".parse().unwrap(),
            label: String::new(),
            kind: ExtensionType::Sip,
            in_use: true,
            mailbox: false,
            user_pro: false,
            notification: None,
        },
        &t(300),
    );
    let status = status_of(&list, &site, "sip-phone-logons");
    assert_eq!(
        status,
        ItemStatus::Incomplete {
            missing: vec!["extension 105".into()]
        }
    );
    assert!(status.is_open());
    assert!(!done_items(&list, &site).contains(&"sip-phone-logons".to_owned()));
}

#[test]
fn a_mailbox_switched_on_reopens_the_mailbox_codes() {
    let (list, mut site) = all_done(Model::Sl2100);
    let mut ext = site.extension("201").unwrap().clone();
    assert!(!ext.mailbox);
    ext.mailbox = true;
    site.put_extension(ext, &t(300));
    assert_eq!(
        status_of(&list, &site, "mailbox-codes").missing(),
        ["extension 201"]
    );
}

#[test]
fn credentials_issued_after_the_confirmation_are_not_confirmed_as_keyed_in() {
    let (list, mut site) = all_done(Model::Sl2100);
    let item = list.item("login-credentials").unwrap();
    let mut issued = match site.answer(&item.id) {
        Some(Answer::Credentials { issued }) => issued.clone(),
        _ => unreachable!(),
    };
    issued[0].at = t(500);
    site.set_answer(&list, &item.id, Answer::Credentials { issued }, &t(500))
        .unwrap();
    assert_eq!(
        status_of(&list, &site, "login-credentials").missing(),
        ["user 2"]
    );
}

#[test]
fn a_pending_credential_item_lists_every_target_still_missing() {
    let list = builtin(Model::Sl2100);
    let site = SiteFile::new("n", "c", "i", &list, &t(0));
    let status = status_of(&list, &site, "login-credentials");
    assert_eq!(
        status.missing(),
        [
            "user 2", "user 3", "user 4", "user 5", "user 6", "user 7", "user 8"
        ]
    );
}

#[test]
fn not_applicable_and_deferred_keep_their_reason() {
    let (list, mut site) = all_done(Model::Sl2100);
    site.set_status(
        &list,
        "firewall-no-dmz",
        Status::Deferred,
        Some("router swap"),
        &t(9),
    )
    .unwrap();
    assert_eq!(
        status_of(&list, &site, "firewall-no-dmz"),
        ItemStatus::Deferred {
            reason: "router swap".into()
        }
    );
    assert!(!status_of(&list, &site, "firewall-no-dmz").is_open());
}

#[test]
fn an_sl1100_is_scored_on_users_2_to_8() {
    let (list, site) = all_done(Model::Sl1100);
    assert_eq!(
        status_of(&list, &site, "login-credentials"),
        ItemStatus::Done
    );
}

/// A call audit at `at` whose alerts are `(rule, severity, item, count)`.
fn audit(at: Timestamp, alerts: &[(&str, &str, &str, u64)]) -> crate::site::calls::CallAudit {
    crate::site::calls::CallAudit {
        at,
        source: "watch of 192.0.2.10:60010".into(),
        period_from: Some("2026-11-14 02:13".into()),
        period_to: Some("2026-11-20 17:40".into()),
        period_note: "year assumed".into(),
        records: 412,
        unreadable: 0,
        alerts: alerts
            .iter()
            .map(
                |(rule, severity, item, count)| crate::site::calls::RuleCount {
                    rule: (*rule).into(),
                    severity: (*severity).into(),
                    item: (*item).into(),
                    count: *count,
                },
            )
            .collect(),
        not_applied: Vec::new(),
    }
}

fn record_audit(site: &mut SiteFile, audit: crate::site::calls::CallAudit) {
    site.calls.get_or_insert_default().last_audit = Some(audit);
}

const VOICEMAIL_PORT: (&str, &str, &str, u64) =
    ("voicemail-port", "critical", "inmail-trunk-access", 3);

#[test]
fn a_call_audit_alert_newer_than_the_item_fails_it_with_the_finding() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(&mut site, audit(t(60), &[VOICEMAIL_PORT]));
    let ItemStatus::Failed { findings } = status_of(&list, &site, "inmail-trunk-access") else {
        panic!("not failed");
    };
    let f = &findings[0];
    assert_eq!(
        (f.at.clone(), f.port, f.measured),
        (t(60), None, Measured::CallAudit)
    );
    for part in [
        "outside calls placed by the voicemail ports: 3 alerts",
        "critical",
        "2026-11-14 02:13",
        "2026-11-20 17:40",
    ] {
        assert!(f.text.contains(part), "{part} missing in {}", f.text);
    }
    // Score, band cap and risks say it through the same status.
    let after = score(&list, &site);
    assert!(after.percent < 100);
    assert_eq!(after.band.letter(), "C", "{after:?}");
    let risks = crate::report::risks(&list, &site);
    let failed: Vec<&str> = risks
        .iter()
        .filter(|r| r.id == "calls-failed")
        .flat_map(|r| r.items.iter().map(String::as_str))
        .collect();
    assert_eq!(failed, ["inmail-trunk-access"]);
    // Items the alerts do not point at stay done.
    assert_eq!(status_of(&list, &site, "smdr-on"), ItemStatus::Done);
}

#[test]
fn a_call_audit_older_than_the_item_fails_nothing() {
    let (list, mut site) = all_done(Model::Sl2100);
    finish(&list, &mut site, &t(500));
    record_audit(&mut site, audit(t(60), &[VOICEMAIL_PORT]));
    assert_eq!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Done
    );
    assert_eq!(score(&list, &site).percent, 100);
}

#[test]
fn redoing_the_item_after_the_audit_clears_the_failure() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(&mut site, audit(t(60), &[VOICEMAIL_PORT]));
    // Marked done in the same second as the audit: the evidence still stands.
    site.set_status(&list, "inmail-trunk-access", Status::Done, None, &t(60))
        .unwrap();
    assert!(matches!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Failed { .. }
    ));
    // Deferring it after the audit does not answer the evidence either.
    site.set_status(
        &list,
        "inmail-trunk-access",
        Status::Deferred,
        Some("customer to decide"),
        &t(70),
    )
    .unwrap();
    assert!(matches!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Failed { .. }
    ));
    site.set_status(&list, "inmail-trunk-access", Status::Done, None, &t(120))
        .unwrap();
    assert_eq!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Done
    );
}

#[test]
fn a_later_audit_without_the_alert_clears_the_failure() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(&mut site, audit(t(60), &[VOICEMAIL_PORT]));
    record_audit(
        &mut site,
        audit(
            t(120),
            &[("international", "warning", "toll-class-extensions", 1)],
        ),
    );
    assert_eq!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Done
    );
    assert!(matches!(
        status_of(&list, &site, "toll-class-extensions"),
        ItemStatus::Failed { .. }
    ));
}

const INTERNATIONAL: (&str, &str, &str, u64) =
    ("international", "warning", "toll-class-extensions", 2);

#[test]
fn a_recorded_reason_waives_that_audits_alerts_on_that_item_only() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(&mut site, audit(t(60), &[INTERNATIONAL, VOICEMAIL_PORT]));
    site.waive_alerts(
        &list,
        "toll-class-extensions",
        "the calls to +33 are the customer's own, to its Paris office",
        &t(70),
    )
    .unwrap();
    let waiver = site.items["toll-class-extensions"]
        .alerts_waived
        .clone()
        .unwrap();
    assert_eq!(waiver.audit_at, t(60));
    assert_eq!(
        status_of(&list, &site, "toll-class-extensions"),
        ItemStatus::Done
    );
    // The other item's alerts of the same audit still fail it, and score and risks agree.
    assert!(matches!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Failed { .. }
    ));
    let failed: Vec<String> = crate::report::risks(&list, &site)
        .into_iter()
        .filter(|r| r.id == "calls-failed")
        .flat_map(|r| r.items)
        .collect();
    assert_eq!(failed, ["inmail-trunk-access"]);
    // A later audit raising alerts on the item again fails it again: the reason answered the
    // calls of the first audit only.
    record_audit(&mut site, audit(t(200), &[INTERNATIONAL]));
    assert!(matches!(
        status_of(&list, &site, "toll-class-extensions"),
        ItemStatus::Failed { .. }
    ));
}

#[test]
fn waiving_alerts_needs_a_reason_an_audit_and_a_known_item() {
    let (list, mut site) = all_done(Model::Sl2100);
    let before = site.clone();
    assert_eq!(
        site.waive_alerts(&list, "toll-class-extensions", "approved", &t(70)),
        Err(crate::site::EditError::NoCallAudit)
    );
    record_audit(&mut site, audit(t(60), &[INTERNATIONAL]));
    let with_audit = site.clone();
    assert!(matches!(
        site.waive_alerts(&list, "toll-class-extensions", "  ", &t(70)),
        Err(crate::site::EditError::ReasonRequired(..))
    ));
    assert!(matches!(
        site.waive_alerts(&list, "no-such-item", "approved", &t(70)),
        Err(crate::site::EditError::UnknownItem(_))
    ));
    assert_eq!(site, with_audit, "a refused waiver changes nothing");
    assert_ne!(site, before);
    // Nothing was recorded: the alerts still fail the item.
    assert!(matches!(
        status_of(&list, &site, "toll-class-extensions"),
        ItemStatus::Failed { .. }
    ));
}

#[test]
fn an_alert_waiver_survives_the_site_files_save_and_load() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(&mut site, audit(t(60), &[INTERNATIONAL]));
    site.waive_alerts(&list, "toll-class-extensions", "approved", &t(70))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    site.save(&path).unwrap();
    let (loaded, _) = SiteFile::load(&path, None).unwrap();
    assert_eq!(
        loaded.items["toll-class-extensions"].alerts_waived,
        site.items["toll-class-extensions"].alerts_waived
    );
    assert_eq!(
        status_of(&list, &loaded, "toll-class-extensions"),
        ItemStatus::Done
    );
}

#[test]
fn an_info_level_alert_fails_nothing() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(
        &mut site,
        audit(
            t(60),
            &[("new-destination", "info", "carrier-country-block", 9)],
        ),
    );
    assert_eq!(score(&list, &site).percent, 100);
    assert!(crate::report::risks(&list, &site).is_empty());
}

#[test]
fn an_alert_with_a_severity_nobody_wrote_fails_its_item() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(
        &mut site,
        audit(
            t(60),
            &[("voicemail-port", "severe", "inmail-trunk-access", 1)],
        ),
    );
    assert!(matches!(
        status_of(&list, &site, "inmail-trunk-access"),
        ItemStatus::Failed { .. }
    ));
}

#[test]
fn an_alert_naming_an_unknown_item_fails_nothing_and_is_a_noted_risk() {
    let (list, mut site) = all_done(Model::Sl2100);
    record_audit(
        &mut site,
        audit(
            t(60),
            &[("voicemail-port", "critical", "inmail-portz\u{1b}[2J", 2)],
        ),
    );
    let statuses = statuses(&list, &site);
    assert!(statuses.iter().all(|(_, s)| s.findings().is_empty()));
    assert_eq!(score(&list, &site).percent, 100);
    let risks = crate::report::risks(&list, &site);
    assert_eq!(risks.len(), 1, "{risks:?}");
    assert_eq!(risks[0].id, "calls-unknown-item");
    assert!(risks[0].items.is_empty());
    assert!(
        risks[0].summary.contains("inmail-portz\\u{1b}[2J") && !risks[0].summary.contains('\u{1b}'),
        "{}",
        risks[0].summary
    );
}

#[test]
fn a_hand_written_last_audit_fails_the_item_it_names_on_load() {
    let list = builtin(Model::Sl2100);
    let (_, site) = all_done(Model::Sl2100);
    let mut text = site.to_toml();
    text.push_str(
        "\n[calls.last_audit]\nat = \"2030-01-01T00:00:00Z\"\nsource = \"audit of smdr.log\"\n\
         period_note = \"year assumed\"\nrecords = 10\nunreadable = 0\n\n\
         [[calls.last_audit.alerts]]\nrule = \"transfer-out\"\nseverity = \"warning\"\n\
         item = \"trunk-to-trunk\"\ncount = 1\n",
    );
    let site = SiteFile::parse(&text, "hand.toml", &list).unwrap();
    let status = status_of(&list, &site, "trunk-to-trunk");
    assert_eq!(status.label(), "failed (measured)");
    assert!(status.findings()[0].text.contains("transferred out"));
}
