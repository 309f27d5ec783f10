//! `nec-harden report`: snapshots of the example sites in every format, and the output rules.

use std::path::Path;
use std::process::Command;

use nec_harden::report::{self, Band, Format};
use nec_harden::site::SiteFile;

fn example(name: &str) -> report::Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    let (site, list) = SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    report::build(&list, &site)
}

#[test]
fn small_office_snapshots() {
    let report = example("small-office.toml");
    assert_eq!(report.customer.score.band, Band::D);
    insta::assert_snapshot!("small_office_md", report.render(Format::Markdown));
    insta::assert_snapshot!("small_office_json", report.render(Format::Json));
    insta::assert_snapshot!("small_office_html", report.render(Format::Html));
}

#[test]
fn full_site_snapshots() {
    let report = example("full-128.toml");
    assert_eq!(report.customer.score.band, Band::A);
    insta::assert_snapshot!("full_128_md", report.render(Format::Markdown));
    insta::assert_snapshot!("full_128_json", report.render(Format::Json));
    insta::assert_snapshot!("full_128_html", report.render(Format::Html));
}

#[test]
fn small_office_reveals_the_expected_risks() {
    let ids: Vec<&str> = example("small-office.toml")
        .customer
        .risks
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        ids,
        [
            "sip-plug-and-play",
            "admin-port-default",
            "admin-ports-exposed",
            "notification-without-code",
            "international-open",
        ]
    );
    // The small office records DISA as not used: no DISA risk (an unanswered `disa-used`
    // keeps `disa-open`, see the risk unit tests).
    assert!(example("full-128.toml").customer.risks.is_empty());
}

#[test]
fn html_is_self_contained() {
    let html = example("small-office.toml").render(Format::Html);
    for forbidden in ["<script", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
}

fn nec_harden(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nec-harden"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn output_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let out = out.to_str().unwrap();
    let site = "checklists/examples/small-office.toml";
    let (code, stdout, _) = nec_harden(&["report", site, "--format", "json", "-o", out]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .contains("\"band\": \"D\"")
    );
    std::fs::write(out, "keep me").unwrap();
    let (code, _, stderr) = nec_harden(&["report", site, "-o", out]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("nec-harden: {out}: exists; use --force to replace it\n")
    );
    assert_eq!(std::fs::read_to_string(out).unwrap(), "keep me");
    let (code, _, _) = nec_harden(&["report", site, "-o", out, "--force"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .starts_with("# Hardening report")
    );
}

#[test]
fn markdown_goes_to_stdout_by_default() {
    let (code, stdout, _) = nec_harden(&["report", "checklists/examples/full-128.toml"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# Hardening report: Northwind Logistics, Depot 3\n"));
}

#[test]
fn a_bad_site_file_is_one_line_and_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("SITE.toml");
    std::fs::write(&path, "format = 2\n").unwrap();
    let path = path.to_str().unwrap();
    let (code, stdout, stderr) = nec_harden(&["report", path]);
    assert_eq!((code, stdout.as_str()), (3, ""));
    assert_eq!(
        stderr,
        format!("nec-harden: {path}:1:10: format 2 found; this version reads format 1\n")
    );
}

#[test]
fn a_bad_dealer_checklist_is_named() {
    let (code, _, stderr) = nec_harden(&[
        "report",
        "checklists/examples/small-office.toml",
        "--checklist",
        "tests/data/checklists/bad-duplicate-id.toml",
    ]);
    assert_eq!(code, 3);
    assert_eq!(
        stderr,
        "nec-harden: tests/data/checklists/bad-duplicate-id.toml:18:6: duplicate id `sip-ports` (first used at 10:6)\n"
    );
}

#[test]
fn site_text_is_escaped() {
    let list = nec_harden::checklist::builtin(nec_harden::nec::Model::Sl2100);
    let now = nec_harden::site::Timestamp::from_unix_seconds(0);
    let mut site = SiteFile::new("<script>alert(1)</script>", "A | B", "i", &list, &now);
    site.set_status(
        &list,
        "firewall-no-dmz",
        nec_harden::site::Status::Deferred,
        Some("router <b>locked</b> | ask IT"),
        &now,
    )
    .unwrap();
    let report = report::build(&list, &site);
    let html = report.render(Format::Html);
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = report.render(Format::Markdown);
    assert!(md.contains("| Customer | A \\| B |"));
    assert!(md.contains("router &lt;b&gt;locked&lt;/b&gt; \\| ask IT"));
}

/// The customer part of a Markdown or HTML report: everything before the technical record.
fn customer_part(text: &str) -> &str {
    let end = text
        .find("Part 2: technical record")
        .expect("a technical part");
    &text[..end]
}

#[test]
fn times_read_as_words_with_their_zone_and_never_as_split_iso_stamps() {
    let report = example("small-office.toml");
    for format in [Format::Markdown, Format::Html] {
        let text = report.render(format);
        assert!(!text.contains("2026-11-20T"), "an ISO time is left");
        assert!(text.contains("20\u{a0}November\u{a0}2026,\u{a0}09:19\u{a0}UTC"));
    }
    let html = report.render(Format::Html);
    // Every time sits in a span that never wraps.
    assert_eq!(
        html.matches("UTC").count(),
        html.matches("<span class=\"when\">").count() - 1,
        "one `when` span is the visit date in the header"
    );
    assert!(html.contains(".when,.program{white-space:nowrap}"));
}

#[test]
fn the_customer_part_has_no_internal_ids_and_no_machine_sentences() {
    let list = nec_harden::checklist::builtin(nec_harden::nec::Model::Sl2100);
    for name in ["small-office.toml", "full-128.toml"] {
        let report = example(name);
        for format in [Format::Markdown, Format::Html] {
            let text = report.render(format);
            let customer = customer_part(&text);
            // An id that is also plain words of a title ("trunk-to-trunk") may appear.
            let plain = |id: &str| list.items().any(|i| i.title.contains(id));
            for item in list.items().filter(|i| !plain(&i.id)) {
                assert!(
                    !customer.contains(&item.id),
                    "{name}: id `{}` in the customer part",
                    item.id
                );
            }
            assert!(!text.contains("Applies if"), "{name}: machine sentence");
            assert!(!text.contains("has-nec-sip-phones"));
        }
    }
}

#[test]
fn answers_are_shown_by_their_labels_and_numbers_say_what_they_are() {
    let md = example("small-office.toml").render(Format::Markdown);
    assert!(md.contains("- Answer: WebPro forwarded\n"), "{md}");
    assert!(md.contains("- Answer: toll restriction class 2\n"));
    assert!(md.contains("- Answer: 5060 (SIP trunks); 5080 (NEC SIP phones)\n"));
    assert!(!md.contains("Answer: automatic"));
    assert!(!md.contains("Answer: webpro"));
    // A condition by titles and labels.
    assert!(md.contains(
        "- Applies when: “Decide whether WebPro or PCPro stay reachable for remote maintenance” includes “WebPro forwarded”\n"
    ));
}

#[test]
fn every_note_of_an_item_is_its_own_line() {
    let md = example("small-office.toml").render(Format::Markdown);
    for line in md.lines() {
        let notes = [
            "Reason:",
            "Applies when:",
            "To verify on the system:",
            "Answer:",
        ];
        let count = notes.iter().filter(|n| line.contains(*n)).count();
        assert!(count <= 1, "run-on line: {line}");
    }
    assert!(md.contains("- Reason: Carrier ticket opened; waiting for their confirmation.\n"));
}

#[test]
fn extensions_list_what_each_received_and_never_a_value() {
    let report = example("full-128.toml");
    let md = report.render(Format::Markdown);
    assert!(
        md.contains(
            "| 101 | Desk 101 | wired phone | User Pro password; voicemail security code |"
        ),
        "{md}"
    );
    let ext = &report.customer.extensions[0];
    assert_eq!(ext.number, "101");
    assert_eq!(
        ext.received
            .iter()
            .map(|r| r.what.as_str())
            .collect::<Vec<_>>(),
        ["User Pro password", "voicemail security code"]
    );
    assert!(md.contains("login user name and login password for login users 2-8"));
    let small = example("small-office.toml").render(Format::Markdown);
    assert!(small.contains("| 106 | Spare desk | wired phone (not in use) | none |"));
}

#[test]
fn the_customer_part_says_what_the_score_means_who_must_act_and_how_to_open_the_handover() {
    let report = example("small-office.toml");
    let md = report.render(Format::Markdown);
    let customer = customer_part(&md);
    assert!(
        customer.contains("**22%, band D.** The system is not yet protected against toll fraud")
    );
    assert!(customer.contains(
        "| Ask the carrier to block international destinations | deferred: Carrier ticket opened; waiting for their confirmation. | the customer, with their phone carrier |"
    ));
    assert!(customer.contains(
        "| Block the admin ports 80, 8000 and 5963 from the internet | pending | whoever manages the site's router and firewall, with the installer |"
    ));
    assert!(customer.contains("age -d -i KEY-FILE harbour-dental.age"));
    let full = example("full-128.toml").render(Format::Markdown);
    assert!(full.contains("(age -d northwind-logistics.age) and type the passphrase"));
}

#[test]
fn every_format_carries_the_same_content() {
    for name in ["small-office.toml", "full-128.toml"] {
        let report = example(name);
        let md = report.render(Format::Markdown);
        let html = report.render(Format::Html);
        let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
        assert_eq!(json["report_format"], report::REPORT_FORMAT);
        let escape = |t: &str| t.replace('&', "&amp;").replace('\'', "&#39;");
        let mut texts: Vec<String> = vec![
            report.customer.meaning.clone(),
            report.site.installer.clone(),
            report.site.customer.clone(),
        ];
        texts.extend(report.customer.still_open.iter().map(|o| o.title.clone()));
        texts.extend(report.customer.extensions.iter().map(|e| e.label.clone()));
        for item in report.technical.sections.iter().flat_map(|s| &s.items) {
            texts.push(item.title.clone());
            texts.extend(item.answer.clone());
            texts.extend(item.verify.clone());
        }
        let json_text = json.to_string();
        for text in texts {
            assert!(md.contains(&text), "{name}: Markdown lacks `{text}`");
            assert!(html.contains(&escape(&text)), "{name}: HTML lacks `{text}`");
            let quoted = serde_json::to_string(&text).unwrap();
            assert!(json_text.contains(&quoted), "{name}: JSON lacks `{text}`");
        }
        for signer in ["| Installer |", "| Customer |"] {
            assert!(md.contains(signer));
        }
        assert!(html.contains("<tr><th>Installer</th>") && html.contains("<tr><th>Customer</th>"));
        assert_eq!(
            json["customer"]["sign_off"]["installer"],
            report.site.installer
        );
    }
}

#[test]
fn verify_notes_of_the_shipped_checklists_do_not_doubt_themselves() {
    for model in [
        nec_harden::nec::Model::Sl2100,
        nec_harden::nec::Model::Sl1100,
    ] {
        let list = nec_harden::checklist::builtin(model);
        for item in list.items() {
            let note = item.verify.as_deref().unwrap_or("").to_lowercase();
            assert!(!note.contains("our reading"), "{}: {note}", item.id);
        }
    }
}

/// The toll-fraud paths added in the second content round appear in the report of each example
/// site, in every format, and the technical part lists every item's sources.
#[test]
fn example_reports_show_the_new_items_and_their_sources() {
    const NEW: [&str; 13] = [
        "webpro-exposure",
        "trunk-toll-classes",
        "toll-override-codes",
        "toll-override-holders",
        "walking-toll-ids",
        "inmail-ports-own-class",
        "inmail-trunk-access",
        "disa-used",
        "disa-users",
        "disa-restricted",
        "smdr-on",
        "smdr-watched",
        "inguard-health-check",
    ];
    for name in ["small-office.toml", "full-128.toml"] {
        let report = example(name);
        let md = report.render(Format::Markdown);
        let html = report.render(Format::Html);
        let json = report.render(Format::Json);
        let technical = md.split("Part 2: technical record").nth(1).unwrap();
        for id in NEW {
            assert!(
                technical.contains(&format!("- Item `{id}`,")),
                "{name}: {id} in md"
            );
            assert!(
                html.contains(&format!("<span class=\"item-id\">{id} · ")),
                "{name}: {id} in html"
            );
            assert!(
                json.contains(&format!("\"id\": \"{id}\"")),
                "{name}: {id} in json"
            );
        }
        // Each item's sources in its own block of the technical part.
        let trunk = technical
            .split("- Item `trunk-toll-classes`,")
            .nth(1)
            .and_then(|rest| rest.split("\n#### ").next())
            .unwrap();
        let sources = trunk
            .lines()
            .find(|l| l.starts_with("- Sources: "))
            .unwrap_or_else(|| panic!("{name}: no sources line in {trunk}"));
        assert!(sources.contains("21-21"), "{sources}");
        assert!(html.contains("<strong>Sources:</strong> "));
        let walking = report
            .technical
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.id == "walking-toll-ids")
            .unwrap();
        // A "not used" answer reads as the item's own label, not as a number.
        assert_eq!(
            walking.answer.as_deref(),
            Some("none left: every walking ID removed")
        );
        assert!(!walking.sources.is_empty());
    }
}

/// The customer part says what the exposure check and the call-record check found, side by
/// side in plain words (no rule or item id, no phone number); failed, incomplete and deferred
/// items read in words with who must act; the technical part keeps the full audit.
#[test]
fn the_customer_part_shows_both_checks_and_every_open_status_in_words() {
    use nec_harden::site::calls::{CallAudit, RuleCount, SiteCalls};
    use nec_harden::site::{Answer, Status};

    use super::site_fixtures::{finished_site, probe, t};

    let (mut site, list) = finished_site("Audited site");
    let mut measured = probe(
        "2026-11-28T10:00:00Z",
        Vec::new(),
        &[(nec_harden::probe::Severity::Failed, "admin-ports-blocked")],
    );
    measured.findings[0].text = "PCPro answers on 8000 from the internet".into();
    site.probe = Some(measured);
    let alert = |rule: &str, severity: &str, item: &str, count| RuleCount {
        rule: rule.into(),
        severity: severity.into(),
        item: item.into(),
        count,
    };
    site.calls = Some(SiteCalls {
        settings: None,
        last_audit: Some(CallAudit {
            at: t("2026-11-29T08:30:00Z"),
            source: "audit of 1 file".into(),
            period_from: Some("2026-11-02 08:15".into()),
            period_to: Some("2026-11-27 17:40".into()),
            period_note: "year from the file dates".into(),
            records: 161,
            unreadable: 0,
            alerts: vec![
                alert("voicemail-port", "critical", "inmail-trunk-access", 2),
                alert("long-call", "info", "off-premise-forwarding", 1),
            ],
            not_applied: Vec::new(),
        }),
    });
    // One mailbox lost its code: the item marked done is incomplete, by evidence.
    let codes = site.items.get_mut("mailbox-codes").unwrap();
    let Some(Answer::Credentials { issued }) = &mut codes.answer else {
        panic!("mailbox-codes has credentials");
    };
    let first = issued[0].target.clone();
    issued.remove(0);
    site.set_status(
        &list,
        "carrier-country-block",
        Status::Deferred,
        Some("Carrier ticket opened"),
        &t("2026-11-29T09:00:00Z"),
    )
    .unwrap();

    let report = report::build(&list, &site);
    let md = report.render(Format::Markdown);
    assert!(
        md.lines().take(3).any(|l| l.starts_with("**PROBE FAILED.** The exposure check of 28\u{a0}November\u{a0}2026,\u{a0}10:00\u{a0}UTC contradicts one item")),
        "{md}"
    );
    let customer = customer_part(&md);
    let checks = customer
        .split("### What the checks found")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .unwrap();
    assert!(checks.contains("**Exposure check.**"), "{checks}");
    assert!(
        checks.contains("**Call-record check.** On 29\u{a0}November\u{a0}2026,\u{a0}08:30\u{a0}UTC the installer read 161 of the system's call records, from 2026-11-02 08:15 to 2026-11-27 17:40 on the system's clock. Some calls look like toll fraud"),
        "{checks}"
    );
    assert!(checks.contains(
        "- **critical** (Deny the InMail ports outgoing trunk access unless voicemail must call out): outside calls placed by the voicemail ports (2 alerts)"
    ));
    // An info alert is for the dealer's record only.
    assert!(!checks.contains("long outside calls"), "{checks}");
    for id in [
        "voicemail-port",
        "inmail-trunk-access",
        "admin-ports-blocked",
        "mailbox-codes",
    ] {
        assert!(!customer.contains(id), "`{id}` in the customer part");
    }
    assert!(customer.contains(
        "| Block the admin ports 80, 8000 and 5963 from the internet | failed: the exposure check of 28\u{a0}November\u{a0}2026,\u{a0}10:00\u{a0}UTC found: PCPro answers on 8000 from the internet | whoever manages the site's router and firewall, with the installer |"
    ), "{customer}");
    assert!(customer.contains(&format!(
        "| A security code on every in-use extension's mailbox | incomplete: marked done, but extension {first} still without credentials | the installer |"
    )), "{customer}");
    assert!(customer.contains(
        "| Ask the carrier to block international destinations | deferred: Carrier ticket opened | the customer, with their phone carrier |"
    ));
    // The technical part keeps the audit whole, rule ids included.
    let technical = md.split("Part 2: technical record").nth(1).unwrap();
    assert!(technical.contains("### Call-record audit"));
    assert!(technical.contains("| voicemail-port | critical | 2 | inmail-trunk-access |"));
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["customer"]["checks"][1]["kind"], "calls");
    assert_eq!(json["technical"]["calls_audit"]["records"], 161);
    let html = report.render(Format::Html);
    assert!(html.contains("<strong>Call-record check.</strong>"));
    assert!(html.contains("<span class=\"incomplete\">incomplete: marked done"));
}
