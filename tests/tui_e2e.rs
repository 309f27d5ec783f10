//! End to end: the real binary in tmux, driven with real key presses from the first screen to
//! the last, then the handover opened with the reference `age` CLI.
//!
//! Synchronisation is by polling the screen for the expected text with a deadline, never by
//! sleeping. Without `tmux` or `age` the test prints SKIPPED, and fails when `CI` is set.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::Tmux;

#[test]
fn a_small_site_from_the_first_screen_to_the_last() {
    if !crate::support::tools_available(&["tmux", "age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = crate::support::age_keygen(dir.path(), "customer.key");
    let checklist =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/checklists/e2e-small.toml");
    let bin = crate::support::bin().display().to_string();
    // The shell keeps the pane open after exit so the last screen can be read.
    let command = format!(
        "'{bin}' --checklist '{}'; echo EXITED $?; sleep 60",
        checklist.display()
    );
    let tmux = Tmux::start_in(dir.path(), &command, 120, 40);

    tmux.wait_for_text("New site", 1);
    for field in ["E2E Site", "Customer Co", "Installer One"] {
        tmux.send(&[field], true);
        tmux.send(&["Enter"], false);
    }
    tmux.wait_for_text("e2e-site.toml", 1);
    tmux.send(&["Enter"], false);

    tmux.wait_for_text("Type extension numbers", 1);
    tmux.send(&["101-102"], true);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("2 extensions", 1);
    tmux.send(&["Enter"], false);

    tmux.wait_for_text("Handover protection", 1);
    tmux.send(&["Right", "Right"], false);
    tmux.wait_for_text("(•) Public keys", 1);
    tmux.send(&["Down"], false);
    tmux.send(&[&public], true);
    tmux.send(&["Enter", "Down", "Down"], false);
    tmux.send(&[&key.display().to_string()], true);
    tmux.send(&["Down", "Down", "Enter"], false);

    tmux.wait_for_text("Handover sealed and proven to open", 1);
    tmux.wait_for_text("Router UPnP off", 1);
    tmux.send(&["d"], false);
    tmux.wait_for_text("5080 NEC SIP phones", 1);
    tmux.send(&[" "], true);
    tmux.send(&["d"], false);
    tmux.wait_for_text("not generated", 1);
    tmux.send(&["G"], false);
    tmux.wait_for_text("extension 102  ••••", 1);
    tmux.send(&["d"], false);
    tmux.wait_for_text("text:", 1);
    tmux.send(&["e"], false);
    tmux.send(&["Cuba, Somalia"], true);
    tmux.send(&["Enter", "d"], false);

    tmux.wait_for_text("Press Enter to seal the handover a last time", 1);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("Give the customer the handover file", 1);
    tmux.send(&["q"], false);
    tmux.wait_for_text("EXITED 0", 1);

    let handover = dir.path().join("e2e-site.handover.age");
    let opened = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&handover)
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "age -d: {}",
        String::from_utf8_lossy(&opened.stderr)
    );
    let record = String::from_utf8(opened.stdout).unwrap();
    assert!(record.contains("extension 101"), "{record}");
    assert!(record.contains("extension 102"), "{record}");
    assert!(record.contains("code = ["), "{record}");
    assert_eq!(record.matches("secret = ").count(), 2, "{record}");
    let site = std::fs::read_to_string(dir.path().join("e2e-site.toml")).unwrap();
    assert_eq!(site.matches("status = \"done\"").count(), 4, "{site}");
    assert!(dir.path().join("e2e-site.report.md").exists());

    // Resuming finds the dealer checklist through the site file and reopens the handover.
    let resume = format!("'{bin}' e2e-site.toml; echo EXITED $?; sleep 60");
    let tmux = Tmux::start_in(dir.path(), &resume, 120, 40);
    tmux.wait_for_text("Open the handover", 1);
    tmux.send(&[&key.display().to_string()], true);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("Handover opened", 1);
    tmux.wait_for_text("4/4 handled", 1);
    tmux.send(&["q"], false);
    tmux.wait_for_text("EXITED 0", 1);
}

#[test]
fn sigterm_restores_the_terminal() {
    if !crate::support::tools_available(&["tmux", "stty"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = crate::support::bin().display().to_string();
    // The inner shell records its pid, then becomes the wizard.
    let command = format!(
        "stty -g > before; sh -c 'echo $$ > wizard.pid; exec \"$0\"' '{bin}'; r=$?; stty -g > after; echo EXITED $r; sleep 60"
    );
    let tmux = Tmux::start_in(dir.path(), &command, 120, 40);
    tmux.wait_for_text("New site", 1);
    let pid = std::fs::read_to_string(dir.path().join("wizard.pid")).unwrap();
    let pid = pid.trim();
    assert!(pid.bytes().all(|b| b.is_ascii_digit()) && !pid.is_empty());
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    tmux.wait_for_text("EXITED 143", 1);
    let before = std::fs::read_to_string(dir.path().join("before")).unwrap();
    let after = std::fs::read_to_string(dir.path().join("after")).unwrap();
    assert_eq!(before, after, "terminal modes restored");
    assert!(
        !tmux.screen().contains("New site"),
        "the alternate screen is gone"
    );
}

/// The generated passphrase as the protection screen reveals it (`xxxx-xxxx-xxxx-xxxx`).
fn passphrase_on(screen: &str) -> Option<String> {
    screen
        .lines()
        .filter(|l| l.contains("Generated"))
        .flat_map(str::split_whitespace)
        .find(|w| {
            let groups: Vec<&str> = w.split('-').collect();
            groups.len() == 4 && groups.iter().all(|g| g.len() == 4)
        })
        .map(str::to_owned)
}

#[test]
fn a_generated_passphrase_opens_the_handover_with_age() {
    if !crate::support::tools_available(&["tmux", "age"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let checklist =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/checklists/e2e-small.toml");
    let bin = crate::support::bin().display().to_string();
    let command = format!(
        "'{bin}' --checklist '{}'; echo EXITED $?; age -d -o out.txt pass-site.handover.age; echo AGE $?; sleep 60",
        checklist.display()
    );
    let tmux = Tmux::start_in(dir.path(), &command, 120, 40);
    tmux.wait_for_text("New site", 1);
    for field in ["Pass Site", "Customer Co", "Installer One"] {
        tmux.send(&[field], true);
        tmux.send(&["Enter"], false);
    }
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("Type extension numbers", 1);
    tmux.send(&["101"], true);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("1 extensions", 1);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("Handover protection", 1);
    tmux.send(&["Right"], false);
    tmux.wait_for_text("(•) Generated passphrase", 1);
    assert!(
        passphrase_on(&tmux.screen()).is_none(),
        "masked until revealed"
    );
    tmux.send(&["Down", "v"], false);
    tmux.wait_for_text("Generated  ", 1);
    let deadline = Instant::now() + Duration::from_secs(10);
    let passphrase = loop {
        if let Some(p) = passphrase_on(&tmux.screen()) {
            break p;
        }
        assert!(
            Instant::now() < deadline,
            "no passphrase shown:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // Sealing refuses until the passphrase is typed back from the installer's note.
    tmux.send(&["Down", "Down", "Enter"], false);
    tmux.wait_for_text("type the generated passphrase back", 1);
    tmux.send(&["Up"], false);
    tmux.send(&[&passphrase], true);
    tmux.send(&["Down", "Enter"], false);
    tmux.wait_for_text("Handover sealed and proven to open", 1);
    assert!(
        !tmux.screen().contains(&passphrase),
        "shown once, on its screen only"
    );
    tmux.send(&["d"], false);
    tmux.wait_for_text("5080 NEC SIP phones", 1);
    tmux.send(&[" "], true);
    tmux.send(&["d"], false);
    tmux.wait_for_text("not generated", 1);
    tmux.send(&["G"], false);
    tmux.wait_for_text("extension 101  ••••", 1);
    tmux.send(&["d"], false);
    tmux.wait_for_text("text:", 1);
    tmux.send(&["e"], false);
    tmux.send(&["none"], true);
    tmux.send(&["Enter", "d"], false);
    tmux.wait_for_text("Press Enter to seal the handover a last time", 1);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("phone call", 1);
    tmux.send(&["q"], false);
    tmux.wait_for_text("EXITED 0", 1);
    tmux.wait_for_text("passphrase", 1);
    tmux.send(&[&passphrase], true);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("AGE 0", 1);
    let record = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(record.contains("extension 101"), "{record}");
}

/// One interactive replay of `site.toml` in `dir`: the site file kept in place, the handover
/// sealed to `public` (proven with `key`), the login credentials generated; returns the
/// handover's decrypted record.
fn replay_once(dir: &Path, extra: &str, public: &str, key: &Path) -> String {
    let bin = crate::support::bin().display().to_string();
    let command = format!("'{bin}' replay site.toml {extra}; echo EXITED $?; sleep 60");
    let tmux = Tmux::start_in(dir, &command, 120, 40);
    tmux.wait_for_text("Replay a saved site", 1);
    tmux.wait_for_text("site.toml", 1);
    tmux.send(&["Enter"], false);
    tmux.wait_for_text("Handover protection", 1);
    // The site was sealed to one public key: the form proposes it (issue 11). Replace it.
    tmux.wait_for_text("(•) Public keys", 1);
    tmux.send(&["Down", "BSpace"], false);
    tmux.send(&[public], true);
    tmux.send(&["Enter", "Down", "Down"], false);
    tmux.send(&[&key.display().to_string()], true);
    tmux.send(&["Down", "Down", "Enter"], false);
    tmux.wait_for_text("Handover sealed and proven to open", 1);
    // The six network items keep their saved answers with `d`.
    for title in [
        "Turn UPnP off on the site router",
        "Switch off the system's own UPnP client",
        "Keep the system behind the firewall",
        "Block the admin ports",
        "Forward only the SIP ports",
        "Decide whether WebPro or PCPro",
    ] {
        tmux.wait_for_text(title, 1);
        tmux.send(&["d"], false);
    }
    tmux.wait_for_text("not generated", 1);
    tmux.send(&["G"], false);
    tmux.wait_for_text("user 8", 1);
    tmux.send(&["d"], false);
    tmux.wait_for_text("Move WebPro off port 80", 1);
    tmux.send(&["q"], false);
    tmux.wait_for_text("EXITED 0", 1);

    let (site, _) = nec_harden::site::SiteFile::load(&dir.join("site.toml"), None).unwrap();
    let facts = site.handover.expect("the replay records its handover");
    let opened = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(key)
        .arg(dir.join(&facts.file))
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "age -d: {}",
        String::from_utf8_lossy(&opened.stderr)
    );
    String::from_utf8(opened.stdout).unwrap()
}

/// The values of a record that two fresh replays must never share: every secret and login
/// name of 6 or more characters. Ports and 4-digit codes are drawn from sets small enough
/// (64,503 and 9,886 values) for two independent draws to meet by chance now and then.
fn secrets(record: &str) -> Vec<String> {
    crate::support::record_values(record)
        .into_iter()
        .filter(|v| v.len() >= 6)
        .collect()
}

#[test]
fn an_interactive_replay_seals_fresh_secrets_each_time() {
    if !crate::support::tools_available(&["tmux", "age", "age-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = crate::support::age_keygen(dir.path(), "customer.key");
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml");
    std::fs::copy(&example, dir.path().join("site.toml")).unwrap();

    let first = replay_once(dir.path(), "", &public, &key);
    assert!(first.contains("user 2"), "{first}");
    let first_secrets = secrets(&first);
    assert!(first_secrets.len() >= 14, "{first}");

    let second = replay_once(dir.path(), "-o second.age", &public, &key);
    assert!(dir.path().join("second.age").exists());
    let second_secrets = secrets(&second);
    assert_eq!(first_secrets.len(), second_secrets.len());
    for s in &second_secrets {
        assert!(!first_secrets.contains(s), "a secret was reused: {s}");
    }
}
