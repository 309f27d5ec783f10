//! `nec-harden replay SITE.toml --headless` on the example sites: fresh credentials, sealed,
//! opened by the reference `age` CLI, and never written anywhere else.

use std::fs;
use std::path::Path;

use crate::support::{age_keygen, example_site, leaks, record_values, run, sh, snapshot};

fn decrypt(file: &Path, key: &Path) -> String {
    let o = sh("age", args!["-d", "-i", key, file]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn example_sites_replay_into_handovers_that_age_opens() {
    if !crate::support::tools_available(&["age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = age_keygen(dir.path(), "key.txt");
    for (name, min_credentials) in [("small-office.toml", 10), ("full-128.toml", 100)] {
        let site = example_site(dir.path(), name);
        let o = run(
            args!["replay", site, "--headless", "-r", public, "-i", key],
            b"",
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        // The dated name the replay chose, as the site file records it.
        let (replayed, _) = nec_harden::site::SiteFile::load(&site, None).unwrap();
        let handover = site.with_file_name(replayed.handover.unwrap().file);
        assert!(
            handover.to_string_lossy().contains(".handover-20"),
            "{}",
            handover.display()
        );
        let record = decrypt(&handover, &key);
        let secrets = record_values(&record);
        assert!(
            secrets.len() >= min_credentials,
            "{name}: {} values",
            secrets.len()
        );

        // No value reaches the site file, the report or the command's own output (a 4-digit
        // code counts only as a whole word the project's own texts do not hold anyway).
        let site_text = fs::read_to_string(&site).unwrap();
        let report = run(args!["report", site], b"");
        assert_eq!(report.status.code(), Some(0));
        let report_text = String::from_utf8_lossy(&report.stdout).into_owned();
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        for (what, text) in [
            ("site file", &site_text),
            ("report", &report_text),
            ("output", &stdout),
        ] {
            assert_eq!(
                leaks(text, &secrets),
                Vec::<&str>::new(),
                "{name}: secrets in the {what}"
            );
        }
        assert!(
            site_text.contains("[handover]"),
            "{name}: handover facts recorded"
        );
    }
}

#[test]
fn two_replays_of_one_file_share_no_secret() {
    if !crate::support::tools_available(&["age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = age_keygen(dir.path(), "key.txt");
    let site = example_site(dir.path(), "small-office.toml");
    let mut seen = Vec::new();
    for out in ["a.age", "b.age"] {
        let file = dir.path().join(out);
        let o = run(
            args![
                "replay",
                site,
                "--headless",
                "-r",
                public,
                "-i",
                key,
                "-o",
                file
            ],
            b"",
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        seen.push(record_values(&decrypt(&file, &key)));
    }
    for v in &seen[1] {
        // Ports may collide by chance (1 in ~64,000); secrets of 4+ characters from sets of
        // thousands may too, so compare only the long ones.
        if v.len() >= 8 {
            assert!(!seen[0].contains(v), "{v} reused across replays");
        }
    }
}

#[test]
fn missing_answers_are_all_listed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "full-128.toml");
    // Drop two answers the replay needs.
    let text = fs::read_to_string(&site).unwrap();
    let cut = text
        .lines()
        .filter(|l| !l.starts_with("answer = { kind = \"number\""))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(cut.len() < text.len());
    fs::write(&site, &cut).unwrap();
    let before = snapshot(dir.path());
    let o = run(
        args!["replay", site, "--headless", "--generate-passphrase"],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    let missing = err
        .lines()
        .filter(|l| l.contains("missing answer for"))
        .count();
    assert!(missing >= 2, "{err}");
    assert!(
        err.lines()
            .all(|l| l.starts_with(&site.display().to_string())),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn bad_options_and_existing_output_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, "correct horse battery staple\n").unwrap();
    let existing = dir.path().join("existing.age");
    fs::write(&existing, "old").unwrap();
    let before = snapshot(dir.path());
    for (args, code) in [
        (
            args![
                "replay",
                site,
                "--headless",
                "--passphrase-file",
                pass,
                "-r",
                "age1zz"
            ],
            2,
        ),
        (args!["replay", site, "--headless", "-r", "age1notakey"], 2),
        (
            args![
                "replay",
                site,
                "--headless",
                "--passphrase-file",
                pass,
                "-o",
                existing
            ],
            3,
        ),
        (
            args![
                "replay",
                dir.path().join("absent.toml"),
                "--headless",
                "--generate-passphrase"
            ],
            3,
        ),
        (args!["replay", site], 2),
        (args!["replay", site, "-r", "age1zz"], 2),
    ] {
        let o = run(args, b"");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed a file");
    }
}

#[test]
fn a_passphrase_replay_verifies_itself_and_records_no_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let o = run(
        args!["replay", site, "--headless", "--passphrase-file", "-"],
        b"a long customer passphrase\n",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("verified: it opens"));
    let text = fs::read_to_string(&site).unwrap();
    assert!(text.contains("passphrase = true"), "{text}");
    assert!(!text.contains("a long customer passphrase"));
}

/// How many `getrandom` system calls `strace -c` counted (its summary holds counts, never the
/// bytes the calls returned).
fn getrandom_calls(summary: &str) -> usize {
    summary
        .lines()
        .find(|l| l.split_whitespace().last() == Some("getrandom"))
        .and_then(|l| {
            // `% time  seconds  usecs/call  calls  [errors]  syscall`: calls is the fourth.
            l.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(0)
}

#[test]
fn a_replay_asks_the_os_for_randomness_a_few_times_not_once_per_draw() {
    // The 128-extension replay draws over a thousand characters; each one used to be a
    // `getrandom` call (1,349 counted). Its generator is now keyed once from the OS; age and
    // the standard library ask a few more times for their own keys and hash seeds.
    if !crate::support::tools_available(&["age-keygen", "strace"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = age_keygen(dir.path(), "key.txt");
    let site = example_site(dir.path(), "full-128.toml");
    let summary = dir.path().join("strace.txt");
    let o = sh(
        "strace",
        args![
            "-f",
            "-c",
            "-e",
            "trace=getrandom",
            "-o",
            &summary,
            crate::support::bin(),
            "replay",
            &site,
            "--headless",
            "-r",
            &public,
            "-i",
            &key
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("156 credentials"), "{stdout}");
    let calls = getrandom_calls(&fs::read_to_string(&summary).unwrap());
    assert!(
        (1..=16).contains(&calls),
        "{calls} getrandom calls for 156 credentials"
    );
}
