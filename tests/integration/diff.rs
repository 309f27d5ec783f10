//! `nec-harden diff` and `report --since`: one test per kind of change between two visits,
//! then the command line (text headline first, JSON, exit codes) and the report section.

use nec_harden::checklist::Checklist;
use nec_harden::diff::{self, ItemMove, Side, SiteDiff};
use nec_harden::fleet::ItemState;
use nec_harden::probe::{PortState, RegisterVerdict, Role, Severity, Transport};
use nec_harden::site::{Answer, Extension, ExtensionType, SiteFile, Status};
use serde_json::Value;

use super::site_fixtures::{
    date_credentials, finished_site, nec_harden, port, probe, sip_port, t, write,
};

fn compare(old: &(SiteFile, Checklist), new: &(SiteFile, Checklist)) -> SiteDiff {
    diff::diff(
        &Side {
            file: "old.toml",
            site: &old.0,
            checklist: &old.1,
        },
        &Side {
            file: "new.toml",
            site: &new.0,
            checklist: &new.1,
        },
    )
}

fn moved(d: &SiteDiff, what: ItemMove) -> Vec<&str> {
    d.items_moved(what).map(|i| i.id.as_str()).collect()
}

#[test]
fn the_same_file_twice_has_no_changes() {
    let site = finished_site("Acme");
    let d = compare(&site, &site);
    assert!(d.is_empty(), "{d:#?}");
    assert!(diff::render::text(&d).contains("No changes."));
}

#[test]
fn items_newly_done_and_reopened() {
    let mut old = finished_site("Acme");
    let new = finished_site("Acme");
    old.0.items.get_mut("disa-restricted").unwrap().status = Status::Pending;
    let d = compare(&old, &new);
    assert_eq!(moved(&d, ItemMove::NewlyDone), ["disa-restricted"]);
    assert!(moved(&d, ItemMove::Reopened).is_empty());

    let d = compare(&new, &old);
    assert_eq!(moved(&d, ItemMove::Reopened), ["disa-restricted"]);
    assert!(moved(&d, ItemMove::NewlyDone).is_empty());
    let change = d.items_moved(ItemMove::Reopened).next().unwrap();
    assert_eq!(
        (change.from, change.to),
        (Some(ItemState::Done), Some(ItemState::Pending))
    );
}

#[test]
fn items_failed_by_a_measurement_and_passed_again() {
    let old = finished_site("Acme");
    let mut new = finished_site("Acme");
    new.0.probe = Some(probe(
        "2026-11-30T10:00:00Z",
        vec![sip_port(5080, RegisterVerdict::Accepted)],
        &[(Severity::Critical, "sip-register-mode")],
    ));
    let d = compare(&old, &new);
    assert_eq!(moved(&d, ItemMove::Failed), ["sip-register-mode"]);
    assert!(
        moved(&d, ItemMove::NewlyDone).is_empty(),
        "done on record both times"
    );
    assert!(d.new.percent < d.old.percent);

    let d = compare(&new, &old);
    assert_eq!(moved(&d, ItemMove::Passed), ["sip-register-mode"]);
}

#[test]
fn answers_changed_but_credentials_are_compared_by_date_only() {
    let old = finished_site("Acme");
    let mut new = finished_site("Acme");
    new.0.items.get_mut("sip-ports-forwarded").unwrap().answer = Some(Answer::Choice {
        selected: vec!["5060".into()],
    });
    let d = compare(&old, &new);
    assert_eq!(d.answers.len(), 1, "{:#?}", d.answers);
    assert_eq!(d.answers[0].id, "sip-ports-forwarded");
    assert_eq!(d.answers[0].from.as_deref(), Some("5060, 5070, 5080"));
    assert_eq!(d.answers[0].to.as_deref(), Some("5060"));
    assert!(d.credentials.is_empty());
}

#[test]
fn extensions_added_removed_and_retyped() {
    let old = finished_site("Acme");
    let mut new = finished_site("Acme");
    // 199 goes, 140 becomes a third-party SIP phone, 500 is new (compared in memory).
    let removed = new
        .0
        .extensions
        .iter()
        .position(|e| e.number.as_str() == "199")
        .unwrap();
    new.0.extensions.remove(removed);
    let retyped = new
        .0
        .extensions
        .iter_mut()
        .find(|e| e.number.as_str() == "140")
        .unwrap();
    let was = retyped.kind;
    retyped.kind = ExtensionType::SipThirdParty;
    new.0.extensions.push(Extension {
        number: "500".parse().unwrap(),
        label: "Warehouse door".into(),
        kind: ExtensionType::Virtual,
        in_use: true,
        mailbox: false,
        user_pro: false,
        notification: None,
    });
    let d = compare(&old, &new);
    let numbers = |list: &[diff::ExtensionRef]| -> Vec<String> {
        list.iter().map(|e| e.number.clone()).collect()
    };
    assert_eq!(numbers(&d.extensions_added), ["500"]);
    assert_eq!(numbers(&d.extensions_removed), ["199"]);
    assert_eq!(d.extensions_retyped.len(), 1);
    assert_eq!(d.extensions_retyped[0].number, "140");
    assert_eq!(d.extensions_retyped[0].from, was);
    assert_eq!(d.extensions_retyped[0].to, ExtensionType::SipThirdParty);
}

#[test]
fn credentials_reissued_issued_and_withdrawn_by_target_and_date() {
    let mut old = finished_site("Acme");
    let mut new = finished_site("Acme");
    date_credentials(&mut old.0, "2025-11-20T09:00:00Z");
    date_credentials(&mut new.0, "2026-11-21T10:05:00Z");
    // Only login users: drop the other credential answers from both sides.
    for site in [&mut old.0, &mut new.0] {
        for (id, record) in &mut site.items {
            if id != "login-credentials"
                && matches!(record.answer, Some(Answer::Credentials { .. }))
            {
                record.answer = None;
            }
        }
    }
    // User 8 was not on record last year; user 7 is not on record now.
    if let Some(Answer::Credentials { issued }) =
        &mut old.0.items.get_mut("login-credentials").unwrap().answer
    {
        issued.retain(|c| c.target != "8");
    }
    if let Some(Answer::Credentials { issued }) =
        &mut new.0.items.get_mut("login-credentials").unwrap().answer
    {
        issued.retain(|c| c.target != "7");
    }
    let d = compare(&old, &new);
    let by_target = |target: &str| {
        d.credentials
            .iter()
            .find(|c| c.target == target)
            .unwrap_or_else(|| panic!("no change for {target}: {:#?}", d.credentials))
    };
    let two = by_target("2");
    assert_eq!(two.item, "login-credentials");
    assert_eq!(two.from, Some(t("2025-11-20T09:00:00Z")));
    assert_eq!(two.to, Some(t("2026-11-21T10:05:00Z")));
    assert_eq!(by_target("8").from, None);
    assert_eq!(by_target("7").to, None);
    assert_eq!(d.credentials.len(), 7, "users 2 to 8");
    let text = diff::render::text(&d);
    assert!(text.contains("login-credentials for 2-6: re-issued, 2025-11-20 -> 2026-11-21"));
    assert!(text.contains("login-credentials for 8: issued, - -> 2026-11-21"));
    assert!(text.contains("login-credentials for 7: no longer on record, 2025-11-20 -> -"));
}

#[test]
fn a_port_closed_last_year_and_open_now_is_the_headline() {
    let mut old = finished_site("Acme");
    let mut new = finished_site("Acme");
    old.0.probe = Some(probe(
        "2025-11-20T09:00:00Z",
        vec![
            port(80, Role::Webpro, Transport::Tcp, PortState::Closed),
            port(8000, Role::Pcpro, Transport::Tcp, PortState::NoAnswer),
            sip_port(5080, RegisterVerdict::Challenged),
        ],
        &[],
    ));
    new.0.probe = Some(probe(
        "2026-11-21T10:00:00Z",
        vec![
            port(80, Role::Webpro, Transport::Tcp, PortState::Open),
            port(8000, Role::Pcpro, Transport::Tcp, PortState::NoAnswer),
            sip_port(5080, RegisterVerdict::Challenged),
        ],
        &[(Severity::Failed, "admin-ports-blocked")],
    ));
    let d = compare(&old, &new);
    assert_eq!(
        d.probe.ports.len(),
        1,
        "only 80 changed: {:#?}",
        d.probe.ports
    );
    let headlines: Vec<String> = d
        .headlines()
        .map(|p| diff::render::headline(&d, p))
        .collect();
    assert_eq!(
        headlines,
        ["80/tcp (WebPro) was closed on 2025-11-20 and is open on 2026-11-21"]
    );
    assert_eq!(moved(&d, ItemMove::Failed), ["admin-ports-blocked"]);
    // The headline comes before everything else in the text.
    let text = diff::render::text(&d);
    let headline_at = text.find("HEADLINE: 80/tcp (WebPro) was closed").unwrap();
    let items_at = text.find("Items failed (measured)").unwrap();
    assert!(headline_at < items_at, "{text}");

    // A port open both times is no headline; one that closed is a change, not a headline.
    let d = compare(&new, &old);
    assert_eq!(d.headlines().count(), 0);
    assert_eq!(d.probe.ports[0].to, Some(PortState::Closed));
}

#[test]
fn a_register_accepted_now_and_challenged_before_is_a_headline_too() {
    let mut old = finished_site("Acme");
    let mut new = finished_site("Acme");
    old.0.probe = Some(probe(
        "2025-11-20T09:00:00Z",
        vec![sip_port(5080, RegisterVerdict::Challenged)],
        &[],
    ));
    new.0.probe = Some(probe(
        "2026-11-21T10:00:00Z",
        vec![sip_port(5080, RegisterVerdict::Accepted)],
        &[(Severity::Critical, "sip-register-mode")],
    ));
    let d = compare(&old, &new);
    let headlines: Vec<String> = d
        .headlines()
        .map(|p| diff::render::headline(&d, p))
        .collect();
    assert_eq!(
        headlines,
        [
            "5080/udp (SIP) now accepts a REGISTER without credentials on 2026-11-21 (it did not on 2025-11-20)"
        ]
    );
}

/// Two visits on disk: last year's (port 80 closed, one item pending, user 2 issued then),
/// and this year's (port 80 open, the item done, user 2 re-issued, extension 500 added).
fn two_visits(dir: &std::path::Path) {
    let (mut old, _) = finished_site("Harbour Dental");
    date_credentials(&mut old, "2025-11-20T09:00:00Z");
    old.site.updated = t("2025-11-20T11:00:00Z");
    old.items.get_mut("disa-restricted").unwrap().status = Status::Pending;
    old.probe = Some(probe(
        "2025-11-20T09:30:00Z",
        vec![port(80, Role::Webpro, Transport::Tcp, PortState::Closed)],
        &[],
    ));
    write(dir, "2025.toml", &old);
    let (mut new, _) = finished_site("Harbour Dental");
    new.probe = Some(probe(
        "2026-11-21T10:30:00Z",
        vec![port(80, Role::Webpro, Transport::Tcp, PortState::Open)],
        &[(Severity::Failed, "admin-ports-blocked")],
    ));
    new.extensions.push(Extension {
        number: "500".parse().unwrap(),
        label: "Gate".into(),
        kind: ExtensionType::Virtual,
        in_use: true,
        mailbox: false,
        user_pro: false,
        notification: None,
    });
    write(dir, "2026.toml", &new);
}

#[test]
fn the_command_prints_text_or_versioned_json() {
    let dir = tempfile::tempdir().unwrap();
    two_visits(dir.path());
    let (code, text, stderr) = nec_harden(dir.path(), &["diff", "2025.toml", "2026.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.starts_with("Changes at Harbour Dental\n"), "{text}");
    assert!(text.contains(
        "\nHEADLINE: 80/tcp (WebPro) was closed on 2025-11-20 and is open on 2026-11-21\n"
    ));
    for block in [
        "Items failed (measured) (1):\n  admin-ports-blocked",
        "Items newly done (1):\n  disa-restricted",
        "Extensions added (1):\n  500 Gate (virtual)",
        "Probe results changed (1):\n  80/tcp (WebPro): closed -> open",
    ] {
        assert!(text.contains(block), "{block}\n{text}");
    }
    assert!(text.contains("re-issued, 2025-11-20 -> 2026-11-21"));

    let (code, json, _) = nec_harden(
        dir.path(),
        &["diff", "2025.toml", "2026.toml", "--format", "json"],
    );
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(
        json["headlines"],
        serde_json::json!(["80/tcp (WebPro) was closed on 2025-11-20 and is open on 2026-11-21"])
    );
    assert_eq!(json["items"][0]["change"], "failed");
    assert_eq!(json["extensions_added"][0]["number"], "500");
    assert_eq!(json["probe"]["ports"][0]["from"], "closed");
    assert_eq!(json["probe"]["ports"][0]["to"], "open");
}

#[test]
fn bad_input_is_one_line_and_exit_3_usage_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    two_visits(dir.path());
    std::fs::write(dir.path().join("notes.toml"), "title = \"x\"\n").unwrap();
    std::fs::write(dir.path().join("bad.toml"), "format = 1\n[site\n").unwrap();
    for (args, says) in [
        (
            &["diff", "2025.toml", "missing.toml"][..],
            "missing.toml: cannot read",
        ),
        (
            &["diff", "notes.toml", "2026.toml"],
            "notes.toml: not a site file",
        ),
        (&["diff", "2025.toml", "bad.toml"], "bad.toml:2:"),
    ] {
        let (code, stdout, stderr) = nec_harden(dir.path(), args);
        assert_eq!(code, 3, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
    assert_eq!(nec_harden(dir.path(), &["diff", "2025.toml"]).0, 2);
}

#[test]
fn report_since_adds_the_section_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    two_visits(dir.path());
    let (code, md, stderr) =
        nec_harden(dir.path(), &["report", "2026.toml", "--since", "2025.toml"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, plain, _) = nec_harden(dir.path(), &["report", "2026.toml"]);
    assert!(md.starts_with(&plain), "the report itself is unchanged");
    let section = &md[plain.len()..];
    assert!(
        section.starts_with("\n## Since the last visit\n"),
        "{section}"
    );
    assert!(section.contains(
        "**Headline: 80/tcp (WebPro) was closed on 2025-11-20 and is open on 2026-11-21**"
    ));
    assert!(section.contains("### Items failed (measured) (1)\n\n- admin-ports-blocked"));

    let (_, html, _) = nec_harden(
        dir.path(),
        &[
            "report",
            "2026.toml",
            "--since",
            "2025.toml",
            "--format",
            "html",
        ],
    );
    let at = html.find("<h2>Since the last visit</h2>").unwrap();
    assert!(at < html.find("</body>").unwrap());
    assert!(html.ends_with("</body>\n</html>\n"));

    let (_, json, _) = nec_harden(
        dir.path(),
        &[
            "report",
            "2026.toml",
            "--since",
            "2025.toml",
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["since"]["format"], 1);
    assert_eq!(json["since"]["headlines"].as_array().unwrap().len(), 1);
    assert!(
        json["customer"]["score"].is_object(),
        "the report's own fields stay"
    );

    let (code, _, stderr) = nec_harden(
        dir.path(),
        &["report", "2026.toml", "--since", "missing.toml"],
    );
    assert_eq!(code, 3);
    assert!(stderr.contains("missing.toml: cannot read"), "{stderr}");
}

#[test]
fn the_json_output_is_stable() {
    // Field names and order are a contract for scripts (`"format": 1`).
    let dir = tempfile::tempdir().unwrap();
    two_visits(dir.path());
    let (_, json, _) = nec_harden(
        dir.path(),
        &["diff", "2025.toml", "2026.toml", "--format", "json"],
    );
    insta::assert_snapshot!("diff_json", json);
}
