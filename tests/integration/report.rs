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
    assert_eq!(report.score.band, Band::D);
    insta::assert_snapshot!("small_office_md", report.render(Format::Markdown));
    insta::assert_snapshot!("small_office_json", report.render(Format::Json));
    insta::assert_snapshot!("small_office_html", report.render(Format::Html));
}

#[test]
fn full_site_snapshots() {
    let report = example("full-128.toml");
    assert_eq!(report.score.band, Band::A);
    insta::assert_snapshot!("full_128_md", report.render(Format::Markdown));
    insta::assert_snapshot!("full_128_json", report.render(Format::Json));
    insta::assert_snapshot!("full_128_html", report.render(Format::Html));
}

#[test]
fn small_office_reveals_the_expected_risks() {
    let ids: Vec<&str> = example("small-office.toml")
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
    assert!(example("full-128.toml").risks.is_empty());
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

/// The toll-fraud paths added in the second content round appear in the report of each example
/// site, in every format, and the technical part lists every item's sources.
#[test]
fn example_reports_show_the_new_items_and_their_sources() {
    const NEW: [&str; 15] = [
        "webpro-exposure",
        "trunk-toll-classes",
        "toll-override-codes",
        "toll-override-holders",
        "toll-override-new-codes",
        "walking-toll-ids",
        "walking-toll-id-codes",
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
        for id in NEW {
            assert!(md.contains(&format!("`{id}`")), "{name}: {id} in md");
            assert!(
                html.contains(&format!("<code>{id}</code>")),
                "{name}: {id} in html"
            );
            assert!(
                json.contains(&format!("\"id\": \"{id}\"")),
                "{name}: {id} in json"
            );
        }
        let sources = md
            .split("\n## Sources\n")
            .nth(1)
            .expect("a Sources section");
        assert!(sources.contains("- `trunk-toll-classes` "), "{sources}");
        assert!(sources.contains("21-21"), "{sources}");
        assert!(html.contains("<h2>Sources</h2>"));
        let walking = report
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.id == "walking-toll-ids")
            .unwrap();
        // A "not used" answer reads as the item's own label, not as a number; the full site
        // keeps two walking IDs, each with a code issued.
        let expected = if name == "small-office.toml" {
            "none left: every walking ID removed"
        } else {
            "2"
        };
        assert_eq!(walking.answer.as_deref(), Some(expected), "{name}");
        assert!(!walking.sources.is_empty());
    }
}
