//! Issue 11 end to end: a second visit of a site sealed to a customer key the installer does
//! not hold. The real binary in tmux opens the site without the key, adds an extension, issues
//! its code into a dated addendum sealed to the customer's recorded key and the dealer key of
//! a profile (XDG_CONFIG_HOME in a temp folder), and the reference `age -d` opens the addendum
//! with each key. Also the profile command's refusals. Synchronisation is by polling the
//! screen, never by sleeping; without the tools the test prints SKIPPED (and fails under CI).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{Tmux, age_keygen, bin, example_site, tools_available};

/// Runs the binary with the profile folder `cfg`, in `dir`.
fn run_in(dir: &Path, cfg: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", cfg)
        .env("HOME", cfg)
        .output()
        .expect("run nec-harden")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display())
}

#[test]
fn a_second_visit_without_the_customer_key_seals_an_addendum_both_keys_open() {
    if !tools_available(&["tmux", "age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (dir, cfg, keys) = (
        dir.path().join("site"),
        dir.path().join("cfg"),
        dir.path().join("keys"),
    );
    for d in [&dir, &cfg, &keys] {
        std::fs::create_dir_all(d).unwrap();
    }
    let (customer_key, customer) = age_keygen(&keys, "customer.key");
    let (dealer_key, dealer) = age_keygen(&keys, "dealer.key");
    // Last year: sealed to the customer's key only; the installer kept no private key.
    let site = example_site(&dir, "small-office.toml");
    ok(&run_in(
        &dir,
        &cfg,
        args![
            "replay",
            site,
            "--headless",
            "-r",
            customer,
            "--no-verify-identity",
            "-o",
            "small-office.handover.age"
        ],
    ));
    let original = std::fs::read(dir.join("small-office.handover.age")).unwrap();
    // This year: the dealer's profile, made on first use.
    ok(&run_in(
        &dir,
        &cfg,
        args!["profile", "set", "dealer", "Example Comms"],
    ));
    ok(&run_in(
        &dir,
        &cfg,
        args!["profile", "add-recipient", dealer],
    ));
    ok(&run_in(
        &dir,
        &cfg,
        args!["profile", "set", "dealer_identity", dealer_key],
    ));
    let shown = ok(&run_in(&dir, &cfg, args!["profile"]));
    assert!(shown.contains(&dealer), "{shown}");

    let t = Tmux::start(&format!(
        "cd {} && XDG_CONFIG_HOME={} {} small-office.toml",
        quote(&dir),
        quote(&cfg),
        quote(&bin())
    ));
    t.wait_for_text("Continue without it", 1);
    t.send(&["Down"], false);
    t.wait_until("the choice focused", |s| !s.contains("Key file  ▏"));
    t.send(&["Enter"], false);
    t.wait_for_text("Addendum to small-office.handover.age", 1);
    t.wait_for_text("also Example Comms's 1 key(s)", 1);
    for _ in 0..6 {
        t.send(&["Down"], false);
    }
    t.wait_for_text("small-office.handover-2", 1);
    t.wait_until("the file field focused", |s| s.contains(".age▏"));
    t.send(&["Enter"], false);
    t.wait_for_text("Addendum sealed and proven to open", 1);
    // A new extension.
    t.send(&["E"], true);
    t.wait_for_text("Extensions", 1);
    t.type_line("150");
    t.wait_for_text("150", 1);
    t.send(&["Enter"], false);
    t.wait_until("the walk", |s| s.contains("Checklist"));
    // To its voicemail code.
    let mut found = false;
    for _ in 0..60 {
        let before = t.screen();
        if before.contains("A security code on every in-use extension's mailbox") {
            found = true;
            break;
        }
        t.send(&["Tab"], false);
        t.wait_until("the next item", |s| s != before);
    }
    assert!(found, "{}", t.screen());
    t.wait_for_text("issued", 1);
    t.send(&["G"], true);
    t.wait_for_text("Handover sealed and proven to open", 1);
    t.send(&["q"], true);
    t.wait_for_exit();

    // The site file records the addendum beside the customer's handover, which is untouched.
    let text = std::fs::read_to_string(&site).unwrap();
    assert!(text.contains("[[handover.addenda]]"), "{text}");
    assert!(
        text.contains("file = \"small-office.handover.age\""),
        "{text}"
    );
    assert_eq!(
        std::fs::read(dir.join("small-office.handover.age")).unwrap(),
        original
    );
    let addendum = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("small-office.handover-"))
        })
        .expect("a dated addendum");
    for key in [&customer_key, &dealer_key] {
        let out = crate::support::sh("age", args!["-d", "-i", key, addendum]);
        let record = String::from_utf8(out.stdout).unwrap();
        assert!(record.contains("[addendum]"), "{record}");
        assert!(record.contains("adds_to   = \"small-office.handover.age\""));
        assert!(record.contains("targets = [\"extension 150\"]"), "{record}");
        assert!(record.contains(&customer) && record.contains(&dealer));
    }
    // `handover show` opens it with the dealer's key and says what it adds to.
    let shown = ok(&run_in(
        &dir,
        &cfg,
        args!["handover", "show", addendum, "-i", dealer_key],
    ));
    assert!(shown.contains("adds_to"), "{shown}");
}

#[test]
fn a_bad_profile_gets_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let file = cfg.join("nec-harden").join("profile.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    for (text, code) in [
        ("installer = [\n", 2),
        ("rotation_months = \"soon\"\n", 2),
        ("dealer_recipients = [\"age1nope\"]\n", 2),
        ("colour = \"red\"\n", 2),
    ] {
        std::fs::write(&file, text).unwrap();
        for args in [
            args!["profile"],
            args!["profile", "set", "dealer", "D"],
            args!["fleet", "."],
        ] {
            let out = run_in(dir.path(), &cfg, args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(code), "{text:?} {args:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "{err}");
            assert!(err.contains("profile.toml"), "{err}");
            assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
        }
    }
    // Oversized or not a file: exit 3.
    std::fs::write(&file, "# x\n".repeat(40_000)).unwrap();
    let out = run_in(dir.path(), &cfg, args!["profile"]);
    assert_eq!(out.status.code(), Some(3));
    // A private key given as a dealer recipient is refused and never echoed.
    std::fs::remove_file(&file).unwrap();
    let out = run_in(
        dir.path(),
        &cfg,
        args!["profile", "add-recipient", "AGE-SECRET-KEY-1QQQQQQQQ"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("QQQQ"));
    assert!(!file.exists(), "nothing written");
}

#[test]
fn fleet_rotation_defaults_to_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    ok(&run_in(
        dir.path(),
        &cfg,
        args!["profile", "set", "rotation_months", "7"],
    ));
    let out = run_in(dir.path(), &cfg, args!["fleet", "."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("due 7 months after issue"), "{text}");
    let out = run_in(
        dir.path(),
        &cfg,
        args!["fleet", ".", "--rotate-months", "3"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("due 3 months after issue"));
}

/// Issue 11, part 2: with dealer keys in the profile, a headless replay seals to the
/// customer's key and the dealer's (the profile's identity proves it opens); `--no-dealer-keys`
/// leaves them out (the customer's choice).
#[test]
fn headless_replay_adds_the_dealer_keys_unless_told_not_to() {
    if !tools_available(&["age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (dir, cfg) = (dir.path().join("site"), dir.path().join("cfg"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&cfg).unwrap();
    let (customer_key, customer) = age_keygen(&cfg, "customer.key");
    let (dealer_key, dealer) = age_keygen(&cfg, "dealer.key");
    ok(&run_in(
        &dir,
        &cfg,
        args!["profile", "add-recipient", dealer],
    ));
    ok(&run_in(
        &dir,
        &cfg,
        args!["profile", "set", "dealer_identity", dealer_key],
    ));
    let site = example_site(&dir, "small-office.toml");
    // No -i and no --no-verify-identity: the dealer's identity from the profile proves it.
    ok(&run_in(
        &dir,
        &cfg,
        args![
            "replay",
            site,
            "--headless",
            "-r",
            customer,
            "-o",
            "both.age"
        ],
    ));
    for key in [&customer_key, &dealer_key] {
        crate::support::sh("age", args!["-d", "-i", key, dir.join("both.age")]);
    }
    // The addendum and the handover export alike to KeePass with the dealer's key.
    let pw = cfg.join("kdbx-pass");
    std::fs::write(&pw, "a long kdbx password\n").unwrap();
    ok(&run_in(
        &dir,
        &cfg,
        args![
            "handover",
            "export",
            dir.join("both.age"),
            "-i",
            dealer_key,
            "--kdbx",
            dir.join("both.kdbx"),
            "--kdbx-password-file",
            pw
        ],
    ));
    assert!(dir.join("both.kdbx").exists());
    ok(&run_in(
        &dir,
        &cfg,
        args![
            "replay",
            site,
            "--headless",
            "-r",
            customer,
            "-i",
            customer_key,
            "-o",
            "customer-only.age",
            "--no-dealer-keys"
        ],
    ));
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(&dealer_key)
        .arg(dir.join("customer-only.age"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the dealer's key must not open it");
    let site_text = std::fs::read_to_string(&site).unwrap();
    assert!(
        !site_text.contains(&dealer),
        "the last handover is the customer's alone"
    );
}
