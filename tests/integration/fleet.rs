//! `nec-harden fleet`: generated fleets (a failing site, an overdue one, a broken file, a
//! non-site TOML, a FIFO, a device, a site whose call audit alerts, one audited clean, one
//! never audited), the sort order, exit codes, and hostile names.

use std::path::Path;

use nec_harden::probe::{PortState, Role, Severity, Transport};
use serde_json::Value;

use super::site_fixtures::{
    date_credentials, finished_site, nec_harden, port, probe, record_call_audit, write,
};

const AS_OF: &str = "2026-12-01T00:00:00Z";

/// A fleet folder: `ok` (finished, fresh), `failing` (a probe contradicts a done item),
/// `overdue` (credentials issued 14 months ago), `pending` (an item deferred), a broken
/// site file, a dealer checklist and notes that are not site files; `ok` records its calls
/// (SMDR done) but was never audited, `clean` was audited without alerts.
fn generated_fleet(dir: &Path) {
    let (ok, _) = finished_site("Acme Ok");
    write(dir, "ok.toml", &ok);

    let (mut failing, _) = finished_site("Bravo Failing");
    failing.probe = Some(probe(
        "2026-11-25T08:00:00Z",
        vec![port(80, Role::Webpro, Transport::Tcp, PortState::Open)],
        &[(Severity::Failed, "admin-ports-blocked")],
    ));
    write(dir, "failing.toml", &failing);

    let (mut overdue, _) = finished_site("Charlie Overdue");
    date_credentials(&mut overdue, "2025-10-01T09:00:00Z");
    write(dir, "overdue.toml", &overdue);

    let (mut pending, _) = finished_site("Delta Pending");
    let record = pending.items.get_mut("toll-test-call").unwrap();
    record.status = nec_harden::site::Status::Deferred;
    record.reason = Some("customer closed today".into());
    write(dir, "pending.toml", &pending);

    std::fs::write(
        dir.join("broken.toml"),
        "format = 1\n[site]\nname = \"Echo\"\nmodel = \"sl9999\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("dealer-checklist.toml"),
        nec_harden::checklist::SL2100_TOML,
    )
    .unwrap();
    std::fs::write(dir.join("notes.toml"), "title = \"visit notes\"\n").unwrap();
    std::fs::write(dir.join("handover.age"), "not toml at all").unwrap();
}

/// [`generated_fleet`] plus `alerting` (its last call audit found critical and warning alerts)
/// and `clean` (audited last week, info alerts only).
fn generated_fleet_with_audits(dir: &Path) {
    generated_fleet(dir);
    let (mut alerting, _) = finished_site("Foxtrot Alerting");
    record_call_audit(
        &mut alerting,
        "2026-11-28T18:00:00Z",
        &[
            ("international", "critical", 2),
            ("burst", "warning", 1),
            ("new-destination", "info", 4),
        ],
    );
    write(dir, "alerting.toml", &alerting);
    let (mut clean, _) = finished_site("Golf Clean");
    record_call_audit(
        &mut clean,
        "2026-11-28T18:00:00Z",
        &[("new-destination", "info", 4)],
    );
    write(dir, "clean.toml", &clean);
}

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn statuses(json: &Value) -> Vec<(String, String)> {
    json["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let file = s["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            (name.into_owned(), s["status"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn a_generated_fleet_is_one_row_per_site_file_most_urgent_first() {
    let dir = tempfile::tempdir().unwrap();
    generated_fleet(dir.path());
    let (code, stdout, stderr) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(code, 1, "a failed item and an overdue credential: {stderr}");
    let json = json_of(&stdout);
    assert_eq!(json["format"], 2);
    assert_eq!(json["needs_action"], true);
    assert_eq!(
        statuses(&json),
        [
            ("failing.toml".to_owned(), "failed".to_owned()),
            ("overdue.toml".to_owned(), "overdue".to_owned()),
            ("broken.toml".to_owned(), "broken".to_owned()),
            ("pending.toml".to_owned(), "pending".to_owned()),
            ("ok.toml".to_owned(), "ok".to_owned()),
        ]
    );
    let sites = json["sites"].as_array().unwrap();

    // The probe finding fails the item the installer had marked done, and costs its score.
    let failing = &sites[0];
    assert_eq!(
        failing["failed_items"],
        serde_json::json!(["admin-ports-blocked"])
    );
    assert_eq!(failing["probe"]["result"], "failed");
    assert_eq!(failing["probe"]["vantage"], "outside");
    let ok = &sites[4];
    assert_eq!(ok["score"]["percent"], 100);
    assert!(failing["score"]["percent"].as_u64().unwrap() < 100);

    // Credentials issued 2025-10-01 are due 2026-10-01 with the default 12 months.
    let overdue = &sites[1];
    let creds = overdue["credentials"].as_array().unwrap();
    assert!(!creds.is_empty());
    for c in creds {
        assert_eq!(c["oldest"], "2025-10-01T09:00:00Z");
        assert_eq!(c["due"], "2026-10-01T09:00:00Z");
        assert_eq!(c["overdue"], true);
    }
    let kinds: Vec<&str> = creds.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"password") && kinds.contains(&"code"),
        "{kinds:?}"
    );
    assert!(!kinds.contains(&"port"), "a port is not rotated: {kinds:?}");
    assert!(
        ok["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["overdue"] == false)
    );

    // The broken file is a row with its one-line error, naming the file and the problem.
    let broken = &sites[2];
    let error = broken["error"].as_str().unwrap();
    assert!(
        error.contains("broken.toml") && !error.contains('\n'),
        "{error}"
    );

    let pending = &sites[3];
    assert_eq!(pending["pending_items"], 1);
    assert_eq!(pending["failed_items"], serde_json::json!([]));

    // Other TOML files are skipped with a note; other files are not mentioned at all.
    let skipped: Vec<String> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let file = s["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            format!("{name}: {}", s["reason"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "dealer-checklist.toml: not a site file (no [site] table)",
            "notes.toml: not a site file (no [site] table)",
        ]
    );
    assert!(!stdout.contains("handover.age"));
}

#[test]
fn the_text_table_leads_with_what_needs_action_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    generated_fleet(dir.path());
    let (code, stdout, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    assert_eq!(code, 1);
    let rows: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("STATUS"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let first_words: Vec<&str> = rows
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        first_words,
        ["failed", "overdue", "broken", "pending", "ok"]
    );
    assert!(rows[1].contains("2026-10-01 overdue"), "{}", rows[1]);
    assert!(
        stdout.contains("Bravo Failing (./failing.toml): failed (measured): admin-ports-blocked")
    );
    assert!(stdout.contains("Charlie Overdue (./overdue.toml): overdue: username, password"));
    assert!(stdout.contains("since 2025-10-01, due 2026-10-01"));
    assert!(stdout.contains("unknown variant `sl9999`"), "{stdout}");
    assert!(stdout.contains("Skipped:\n  ./dealer-checklist.toml: not a site file"));
}

#[test]
fn exit_codes_follow_what_needs_action() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _) = finished_site("Acme Ok");
    write(dir.path(), "ok.toml", &ok);
    let (mut pending, _) = finished_site("Delta Pending");
    let record = pending.items.get_mut("toll-test-call").unwrap();
    record.status = nec_harden::site::Status::Pending;
    write(dir.path(), "pending.toml", &pending);
    let (code, stdout, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    assert_eq!(code, 0, "pending items alone are no failure: {stdout}");

    // The same credentials, judged a year on: overdue, exit 1; with 24 months: not yet.
    let later = "2027-12-01T00:00:00Z";
    let (code, _, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", later]);
    assert_eq!(code, 1);
    let (code, _, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--as-of", later, "--rotate-months", "24"],
    );
    assert_eq!(code, 0);

    // Usage errors exit 2; a folder that cannot be read exits 3 with one line naming it.
    for args in [
        &["fleet"][..],
        &["fleet", ".", "--rotate-months", "0"],
        &["fleet", ".", "--format", "xml"],
        &["fleet", ".", "--as-of", "yesterday"],
    ] {
        assert_eq!(nec_harden(dir.path(), args).0, 2, "{args:?}");
    }
    let (code, stdout, stderr) = nec_harden(dir.path(), &["fleet", "no-such-folder"]);
    assert_eq!(code, 3);
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no-such-folder: cannot read the folder"),
        "{stderr}"
    );
    let (code, _, stderr) = nec_harden(dir.path(), &["fleet", "ok.toml"]);
    assert_eq!(code, 3);
    assert!(stderr.contains("ok.toml: not a folder"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_skipped_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _) = finished_site("Acme Ok");
    write(dir.path(), "ok.toml", &ok);
    let fifo = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    // Would block forever on the FIFO's open, or read /dev/zero without end, if either were
    // opened the ordinary way.
    let (code, stdout, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(code, 0, "{stdout}");
    let json = json_of(&stdout);
    let skipped: Vec<&str> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["not a regular file", "not a regular file"]);
    assert_eq!(json["sites"].as_array().unwrap().len(), 1);
}

#[test]
fn subfolders_are_read_only_with_recursive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("north/depot")).unwrap();
    let (a, _) = finished_site("Top");
    write(dir.path(), "top.toml", &a);
    let (b, _) = finished_site("Deep");
    write(&dir.path().join("north/depot"), "deep.toml", &b);
    let count = |args: &[&str]| {
        let (_, stdout, _) = nec_harden(dir.path(), args);
        json_of(&stdout)["sites"].as_array().unwrap().len()
    };
    assert_eq!(count(&["fleet", ".", "--format", "json"]), 1);
    assert_eq!(count(&["fleet", ".", "--format", "json", "--recursive"]), 2);
    // Several folders add up.
    assert_eq!(count(&["fleet", ".", "north/depot", "--format", "json"]), 2);
}

#[test]
fn hostile_site_names_are_escaped_in_text_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let (mut evil, _) = finished_site("x");
    evil.site.name = "Evil\u{1b}]0;owned\u{7}\u{1b}[2J<script>alert(1)</script>".into();
    evil.site.customer = "\"quoted\" & 'single'".into();
    write(dir.path(), "evil.toml", &evil);
    let (_, text, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("Evil\\u{1b}]0;owned"), "{text}");
    let (_, html, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "html", "--as-of", AS_OF],
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        "{html}"
    );
    for forbidden in ["src=", "href=", "url(", "@import"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    // JSON keeps the name exactly (a JSON reader gets the real text, safely quoted).
    let (_, json, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(json_of(&json)["sites"][0]["name"], evil.site.name.as_str());
}

#[test]
fn a_site_file_too_large_is_a_broken_row_not_a_read_without_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("huge.toml")).unwrap();
    file.set_len(64 * 1024 * 1024).unwrap();
    let (code, stdout, _) = nec_harden(dir.path(), &["fleet", ".", "--format", "json"]);
    assert_eq!(code, 1);
    let json = json_of(&stdout);
    let error = json["sites"][0]["error"].as_str().unwrap();
    assert!(error.contains("huge.toml: larger than 8 MiB"), "{error}");
}

fn site<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {json}"))
}

#[test]
fn the_last_call_audit_is_a_column_and_alerts_need_action() {
    let dir = tempfile::tempdir().unwrap();
    generated_fleet_with_audits(dir.path());
    let (code, stdout, stderr) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(code, 1, "{stderr}");
    let json = json_of(&stdout);
    let order: Vec<String> = statuses(&json).into_iter().map(|(f, _)| f).collect();
    let at = |name: &str| order.iter().position(|f| f == name).unwrap();

    // The alerting audit: when, period, records, unreadable lines, counts per severity and
    // the rules at warning or above with the item each points to. Counts only.
    let alerting = site(&json, "alerting.toml");
    let audit = &alerting["call_audit"];
    assert_eq!(audit["at"], "2026-11-28T18:00:00Z");
    assert_eq!(audit["source"], "audit of 1 file");
    assert_eq!(audit["period_from"], "2026-11-01 08:02");
    assert_eq!(audit["period_to"], "2026-11-28 17:41");
    assert_eq!(audit["records"], 4210);
    assert_eq!(audit["unreadable"], 3);
    assert_eq!(
        audit["alerts"],
        serde_json::json!({"critical": 2, "warning": 1, "info": 4})
    );
    assert_eq!(audit["highest_severity"], "critical");
    assert_eq!(audit["alerting"], true);
    assert_eq!(audit["stale"], false);
    let rules: Vec<&str> = audit["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["international", "burst"]);
    assert!(alerting.get("call_audit_gap").is_none());
    // It sorts with what needs action: right after the measured failure, before overdue
    // credentials. Items the alerts point to are failed by coverage where it says so; then
    // the site is `failed`, first of all.
    let expected = if alerting["failed_items"].as_array().unwrap().is_empty() {
        "alerts"
    } else {
        "failed"
    };
    assert_eq!(alerting["status"], expected);
    assert!(at("alerting.toml") < at("overdue.toml"), "{order:?}");
    assert!(at("failing.toml") < at("overdue.toml"), "{order:?}");

    // Audited without an alert at warning or above: nothing to do.
    let clean = site(&json, "clean.toml");
    assert_eq!(clean["status"], "ok");
    assert_eq!(clean["call_audit"]["alerting"], false);
    assert_eq!(clean["call_audit"]["highest_severity"], "info");
    assert!(clean.get("call_audit_gap").is_none());

    // SMDR recorded as on, never audited: said so, without making it fail.
    let never = site(&json, "ok.toml");
    assert_eq!(never["status"], "ok");
    assert!(never.get("call_audit").is_none());
    assert_eq!(never["call_audit_gap"], "never-audited");

    let (_, text, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {text}"))
    };
    assert!(
        line("Foxtrot Alerting").ends_with("2026-11-28 critical 2, warning 1, info 4"),
        "{text}"
    );
    assert!(line("Golf Clean").ends_with("2026-11-28 info 4"), "{text}");
    assert!(line("Acme Ok").ends_with("never audited"), "{text}");
    assert!(
        text.contains(
            "Foxtrot Alerting (./alerting.toml): call alerts: critical 2 (international toll-class-extensions), warning 1 (burst toll-class-extensions) in 4210 records from 2026-11-01 08:02 to 2026-11-28 17:41, 3 unreadable lines (audit of 1 file, 2026-11-28)"
        ),
        "{text}"
    );

    let (_, html, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "html", "--as-of", AS_OF],
    );
    assert!(html.contains("<th>Last call audit</th>"), "{html}");
    assert!(
        html.contains("2026-11-28 (audit of 1 file): <span class=\"alerts\">critical 2, warning 1, info 4</span><br>international 2 (toll-class-extensions)<br>burst 1 (toll-class-extensions)<br><span class=\"muted\">4210 records from 2026-11-01 08:02 to 2026-11-28 17:41, 3 unreadable lines</span>"),
        "{html}"
    );
    assert!(html.contains("never audited (SMDR is on)"), "{html}");
}

#[test]
fn call_alerts_alone_make_the_fleet_exit_1_and_old_audits_are_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (mut clean, _) = finished_site("Golf Clean");
    record_call_audit(
        &mut clean,
        "2026-11-28T18:00:00Z",
        &[("new-destination", "info", 4)],
    );
    write(dir.path(), "clean.toml", &clean);
    let (code, stdout, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    assert_eq!(code, 0, "info alerts alone ask nothing: {stdout}");

    let (mut alerting, _) = finished_site("Foxtrot Alerting");
    record_call_audit(
        &mut alerting,
        "2026-11-28T18:00:00Z",
        &[("burst", "warning", 1)],
    );
    write(dir.path(), "alerting.toml", &alerting);
    let (code, stdout, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    assert_eq!(code, 1, "a warning alert needs action: {stdout}");
    assert_eq!(json_of(&stdout)["needs_action"], true);

    // Thirteen months on, the audits are older than a 12-month rotation period (stale), but
    // not than a 24-month one.
    let later = "2027-12-28T18:00:00Z";
    let (_, stdout, _) = nec_harden(
        dir.path(),
        &[
            "fleet",
            ".",
            "--format",
            "json",
            "--as-of",
            later,
            "--rotate-months",
            "24",
        ],
    );
    let json = json_of(&stdout);
    assert_eq!(site(&json, "clean.toml")["call_audit"]["stale"], false);
    assert!(site(&json, "clean.toml").get("call_audit_gap").is_none());
    let (_, stdout, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", later],
    );
    let json = json_of(&stdout);
    assert_eq!(site(&json, "clean.toml")["call_audit"]["stale"], true);
    assert_eq!(site(&json, "clean.toml")["call_audit_gap"], "stale");
    let (_, text, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", later]);
    assert!(text.contains("2026-11-28 info 4, stale"), "{text}");
}

#[test]
fn the_json_and_text_outputs_are_stable() {
    // Field names and order are a contract for scripts (`"format": 2`): a snapshot catches
    // any change to them.
    let dir = tempfile::tempdir().unwrap();
    generated_fleet_with_audits(dir.path());
    let (_, json, _) = nec_harden(
        dir.path(),
        &["fleet", ".", "--format", "json", "--as-of", AS_OF],
    );
    insta::assert_snapshot!("fleet_json", json);
    let (_, text, _) = nec_harden(dir.path(), &["fleet", ".", "--as-of", AS_OF]);
    insta::assert_snapshot!("fleet_text", text);
}

#[cfg(unix)]
#[test]
fn a_site_naming_a_device_or_fifo_as_its_checklist_is_a_broken_row() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("fifo-checklist"))
        .status()
        .unwrap();
    assert!(made.success());
    for (file, checklist) in [("zero.toml", "/dev/zero"), ("fifo.toml", "fifo-checklist")] {
        let (mut site, _) = finished_site(file);
        site.site.checklist = Some(checklist.into());
        write(dir.path(), file, &site);
    }
    let (code, stdout, _) = nec_harden(dir.path(), &["fleet", ".", "--format", "json"]);
    assert_eq!(code, 1);
    let json = json_of(&stdout);
    let errors: Vec<&str> = json["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["error"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{stdout}");
    for error in errors {
        assert!(error.contains("not a regular file"), "{error}");
    }
}
