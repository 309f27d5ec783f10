//! Terminal hygiene of the wizard in a real pty (tmux): SIGTERM, SIGHUP, a panic and an I/O
//! error each leave the terminal as it was: raw mode off (`stty -a` in the same pty shows
//! `icanon` and `echo`), the alternate screen left and the cursor shown (tmux's
//! `#{alternate_on}` and `#{cursor_flag}`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Tmux, children, tools_available};

/// Starts the wizard on `site` in tmux; after it ends, the pane prints its exit code and the
/// terminal modes as the same pty sees them.
fn wizard(site: &Path, env: &str) -> Tmux {
    let bin = crate::support::bin();
    Tmux::start(&format!(
        "cd '{}' && {env} '{}' '{}'; echo \"CODE=$?\"; stty -a | tr '\\n' ' '; echo; echo STTY-DONE",
        site.parent().unwrap().display(),
        bin.display(),
        site.display()
    ))
}

/// The wizard's own process (the pane's shell is its parent).
fn wizard_pid(t: &Tmux) -> u32 {
    let kids = children(t.pane_pid());
    assert_eq!(
        kids.len(),
        1,
        "expected one child of the pane's shell: {kids:?}"
    );
    kids[0]
}

/// After the wizard ended: its exit code, and the terminal restored.
fn assert_restored(t: &Tmux, what: &str) -> String {
    let screen = t.wait_until("the terminal modes", |s| s.contains("STTY-DONE"));
    let stty = screen
        .lines()
        .find(|l| l.contains("icanon"))
        .unwrap_or_else(|| panic!("{what}: no stty output:\n{screen}"));
    for mode in ["icanon", "echo"] {
        assert!(
            stty.split_whitespace().any(|w| w == mode),
            "{what}: {mode} is off after the wizard ended: {stty}"
        );
    }
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "{what}: still on the alternate screen"
    );
    assert_eq!(t.format("#{cursor_flag}"), "1", "{what}: cursor hidden");
    screen
        .lines()
        .find_map(|l| l.strip_prefix("CODE="))
        .unwrap_or_else(|| panic!("{what}: no exit code:\n{screen}"))
        .trim()
        .to_owned()
}

/// Waits until the wizard draws on the alternate screen with the cursor hidden or placed.
fn wait_for_wizard(t: &Tmux, text: &str) {
    t.wait_for_text(text, 1);
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the wizard uses the alternate screen"
    );
}

fn signal(pid: u32, sig: &str) {
    // The shell's own `kill`: no procps needed.
    let ok = std::process::Command::new("sh")
        .args(["-c", &format!("kill -{sig} {pid}")])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// The small example site in `dir`, sealed to the fixture key; returns it and the key file.
fn sealed_site(dir: &Path) -> (PathBuf, PathBuf) {
    let site = dir.join("site.toml");
    fs::copy(
        crate::support::example_site(dir, "small-office.toml"),
        &site,
    )
    .unwrap();
    crate::support::seal_to_fixture(&site);
    (site, crate::support::fixture_identity().0)
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if !tools_available(&["tmux", "stty"]) {
        return;
    }
    for (sig, code) in [("TERM", "143"), ("HUP", "129")] {
        let dir = tempfile::tempdir().unwrap();
        let (site, _) = sealed_site(dir.path());
        let before = fs::read(&site).unwrap();
        let t = wizard(&site, "");
        wait_for_wizard(&t, "Open the handover");
        signal(wizard_pid(&t), sig);
        assert_eq!(assert_restored(&t, sig), code, "SIG{sig}");
        assert_eq!(
            fs::read(&site).unwrap(),
            before,
            "SIG{sig} changed the site"
        );
    }
}

#[test]
fn a_panic_restores_the_terminal_and_says_why() {
    if !tools_available(&["tmux", "stty"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (site, _) = sealed_site(dir.path());
    let before = fs::read(&site).unwrap();
    // The hook exists in debug builds only (the test binary's build).
    let t = wizard(&site, "NEC_HARDEN_TEST_PANIC=1");
    assert_eq!(assert_restored(&t, "panic"), "101");
    let history = t.history();
    assert!(
        history.contains("NEC_HARDEN_TEST_PANIC is set"),
        "the panic message is readable after the restore:\n{history}"
    );
    assert_eq!(fs::read(&site).unwrap(), before);
}

#[test]
fn an_io_error_mid_run_is_reported_and_the_terminal_restored() {
    if !tools_available(&["tmux", "stty"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("site");
    fs::create_dir(&work).unwrap();
    let (site, identity) = sealed_site(&work);
    let t = wizard(&site, "");
    wait_for_wizard(&t, "Open the handover");
    t.send(&[&identity.display().to_string()], true);
    t.send(&["Enter"], false);
    t.wait_for_text("Handover opened", 1);
    // The folder disappears under the wizard (root ignores a read-only mode, so the test
    // removes it instead): the next save fails.
    fs::remove_dir_all(&work).unwrap();
    t.send(&["d"], false);
    let screen = t.wait_until("the save error", |s| {
        s.contains("cannot") || s.contains("No such file")
    });
    assert!(screen.contains("site.toml"), "{screen}");
    // Quitting now would lose the change: the wizard asks, then ends.
    t.send(&["q"], false);
    t.wait_for_text("Quit?", 1);
    t.send(&["y"], false);
    assert_eq!(assert_restored(&t, "I/O error"), "0");
}
