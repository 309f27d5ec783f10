//! Secret hygiene of the wizard: after a whole walk in tmux with codes revealed on screen, no
//! generated secret is in any file the run wrote (site file, report, temp folder) nor in the
//! terminal's scrollback after quitting; and `Debug` of the wizard's state shows none.

use std::fs;
use std::path::Path;

use nec_harden::handover::{Keys, open_file};
use nec_harden::secrets::CredentialKind;
use nec_harden::site::Timestamp;
use nec_harden::tui::{App, Launch, Msg, Step, Theme};
use rand::SeedableRng;
use secrecy::ExposeSecret;

/// The secret values and login names of the handover `file`.
fn secrets_of(file: &Path) -> Vec<String> {
    let mut keys = Keys::none();
    keys.add_identity_file(&crate::support::fixture_identity().0)
        .unwrap();
    crate::support::record_values(&open_file(file, &keys).unwrap().text)
}

#[test]
fn after_a_walk_in_tmux_secrets_are_only_in_the_age_file() {
    if !crate::support::tools_available(&["tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("site");
    let tmp = dir.path().join("tmp");
    fs::create_dir_all(&work).unwrap();
    fs::create_dir_all(&tmp).unwrap();
    let checklist =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/checklists/e2e-small.toml");
    let t = crate::support::Tmux::start(&format!(
        "cd '{}' && TMPDIR='{}' '{}' --checklist '{}'",
        work.display(),
        tmp.display(),
        crate::support::bin().display(),
        checklist.display()
    ));
    t.wait_for_text("New site", 1);
    for field in ["E2E Site", "Customer Co", "Installer One"] {
        t.send(&[field], true);
        t.send(&["Enter"], false);
    }
    t.wait_for_text("e2e-site.toml", 1);
    t.send(&["Enter"], false);
    t.wait_for_text("Type extension numbers", 1);
    t.send(&["101-102"], true);
    t.send(&["Enter"], false);
    t.wait_for_text("2 extensions", 1);
    t.send(&["Enter"], false);
    t.wait_for_text("Handover protection", 1);
    t.send(&["Right", "Right"], false);
    t.wait_for_text("(•) Public keys", 1);
    t.send(&["Down"], false);
    t.send(&[&crate::support::fixture_identity().1], true);
    t.send(&["Enter", "Down", "Down"], false);
    t.send(
        &[&crate::support::fixture_identity().0.display().to_string()],
        true,
    );
    t.send(&["Down", "Down", "Enter"], false);
    t.wait_for_text("Handover sealed and proven to open", 1);
    t.wait_for_text("Router UPnP off", 1);
    t.send(&["d"], false);
    t.wait_for_text("5080 NEC SIP phones", 1);
    t.send(&[" "], true);
    t.send(&["d"], false);
    t.wait_for_text("not generated", 1);
    t.send(&["G"], false);
    t.wait_for_text("extension 102  ••••", 1);

    // Reveal both codes: they are on the screen.
    let handover = work.join("e2e-site.handover.age");
    let codes = secrets_of(&handover);
    assert_eq!(codes.len(), 2, "{codes:?}");
    t.send(&["v"], false);
    t.wait_until("code of 101 revealed", |s| {
        crate::support::tokens(s).contains(&codes[0].as_str())
    });
    t.send(&["Down", "v"], false);
    t.wait_until("code of 102 revealed", |s| {
        crate::support::tokens(s).contains(&codes[1].as_str())
    });

    t.send(&["d"], false);
    t.wait_for_text("text:", 1);
    t.send(&["e"], false);
    t.send(&["Cuba, Somalia"], true);
    t.send(&["Enter", "d"], false);
    t.wait_for_text("Press Enter to seal the handover a last time", 1);
    t.send(&["Enter"], false);
    t.wait_for_text("Give the customer the handover file", 1);
    t.send(&["q"], false);
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "{screen}");

    let secrets = secrets_of(&handover);
    assert!(secrets.len() >= 2);
    // The terminal as the pty saw it after quitting: the scrollback and the screen.
    let history = t.history();
    assert!(history.contains("EXIT=0"), "{history}");
    assert_eq!(
        crate::support::leaks(&history, &secrets),
        Vec::<&str>::new(),
        "secrets in the scrollback:\n{history}"
    );
    let mut scanned = 0;
    for file in crate::support::files_under(dir.path()) {
        if file == handover {
            continue;
        }
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).into_owned();
        assert_eq!(
            crate::support::leaks(&text, &secrets),
            Vec::<&str>::new(),
            "secrets in {}",
            file.display()
        );
        scanned += 1;
    }
    // At least the site file and the report.
    assert!(scanned >= 2, "only {scanned} files");
    assert!(work.join("e2e-site.report.md").exists());
}

/// The voicemail codes the wizard's vault holds now.
fn code_secrets(app: &App) -> Vec<String> {
    let vault = app.vault().unwrap();
    (0..vault.credentials().len())
        .filter(|&i| vault.credentials()[i].kind == CredentialKind::Code)
        .filter_map(|i| vault.secret(i).map(|s| s.expose_secret().to_owned()))
        .collect()
}

#[test]
fn debug_of_the_wizard_state_shows_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site.toml");
    fs::copy(
        crate::support::example_site(dir.path(), "small-office.toml"),
        &site,
    )
    .unwrap();
    crate::support::seal_to_fixture(&site);
    let mut app = App::new(Launch {
        site: Some(site.clone()),
        checklist: None,
        checklist_file: None,
        work_factor: 2,
        display_base: dir.path().to_path_buf(),
        clock: Box::new(|| Timestamp::from_unix_seconds(1_795_000_000)),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(9)),
        theme: Theme { color: false },
        replay: false,
        handover: None,
        profile: nec_harden::tui::launch::ProfileState::None,
    })
    .unwrap();
    let press = |app: &mut App, m: Msg| {
        app.update(m);
        app.run_pending();
    };
    app.update(Msg::Resize(120, 40));
    press(
        &mut app,
        Msg::Paste(crate::support::fixture_identity().0.display().to_string()),
    );
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk);
    // On the voicemail codes, regenerated, revealed, and a value being typed in.
    let here = |app: &App| {
        app.walk()
            .map(|w| app.session().unwrap().item(w.cursor).id.clone())
    };
    for _ in 0..40 {
        if here(&app).as_deref() == Some("mailbox-codes") {
            break;
        }
        press(&mut app, Msg::Tab);
    }
    // Why: without this the test went on from wherever 40 Tabs left it, and passed without
    // ever regenerating, revealing or typing a code.
    assert_eq!(
        here(&app).as_deref(),
        Some("mailbox-codes"),
        "the walk never reached the voicemail codes"
    );
    let codes_before = code_secrets(&app);
    press(&mut app, Msg::Char('r'));
    press(&mut app, Msg::Char('v'));
    press(&mut app, Msg::Char('e'));
    for c in "9#4*2#71".chars() {
        press(&mut app, Msg::Char(c));
    }
    let codes_after = code_secrets(&app);
    assert!(!codes_after.is_empty(), "no voicemail code was issued");
    assert_ne!(codes_before, codes_after, "`r` regenerated no code");
    let vault = app.vault().unwrap();
    let mut secrets: Vec<String> = (0..vault.credentials().len())
        .filter_map(|i| vault.secret(i).map(|s| s.expose_secret().to_owned()))
        .collect();
    secrets.extend(vault.credentials().iter().filter_map(|c| c.user.clone()));
    secrets.push("9#4*2#71".into());
    assert!(secrets.len() > 10);
    let shown = format!(
        "{:?} {:?} {:?}",
        app.walk(),
        vault.credentials(),
        app.session().map(nec_harden::tui::session::Session::rows)
    );
    assert_eq!(
        crate::support::leaks(&shown, &secrets),
        Vec::<&str>::new(),
        "{shown}"
    );
}
