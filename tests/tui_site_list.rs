//! The real wizard started without a site file in a folder of site files (tmux): the first
//! screen lists them, Enter opens one (its handover unlock follows), `n` starts a new site,
//! Esc leaves with the terminal restored. Waits for text, never sleeps.

use std::path::Path;

use crate::support::{Tmux, tools_available};

/// A folder holding the small-office example (sealed to a key, so resuming asks to unlock it)
/// and a dealer checklist, which is not listed.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples");
    std::fs::copy(
        examples.join("small-office.toml"),
        dir.path().join("harbour.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("dealer.toml"),
        nec_harden::checklist::SL2100_TOML,
    )
    .unwrap();
    dir
}

fn wizard_in(dir: &Path) -> Tmux {
    Tmux::start(&format!(
        "cd '{}' && '{}'",
        dir.display(),
        crate::support::bin().display()
    ))
}

#[test]
fn enter_on_a_listed_site_resumes_it() {
    if !tools_available(&["tmux"]) {
        return;
    }
    let dir = folder();
    let t = wizard_in(dir.path());
    t.wait_for_text("Site files in this folder", 2);
    let screen = t.wait_until("the listed site", |s| s.contains("Harbour Dental, Main St"));
    assert!(screen.contains("harbour.toml"), "{screen}");
    assert!(!screen.contains("dealer.toml"), "{screen}");
    t.send(&["Down"], false);
    t.wait_for_text("last visit 2026-11-20", 1);
    t.send(&["Enter"], false);
    t.wait_for_text("Open the handover", 1);
}

#[test]
fn n_starts_a_new_site_and_esc_quits_cleanly() {
    if !tools_available(&["tmux"]) {
        return;
    }
    let dir = folder();
    let t = wizard_in(dir.path());
    t.wait_for_text("+ Start a new site", 1);
    t.send(&["n"], false);
    t.wait_for_text("New site", 1);

    let t = wizard_in(dir.path());
    t.wait_for_text("+ Start a new site", 1);
    t.send(&["Escape"], false);
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert_eq!(t.format("#{alternate_on}"), "0", "alternate screen left");
}
