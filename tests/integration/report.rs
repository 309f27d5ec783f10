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
            "disa-open",
        ]
    );
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
