//! Hostile keystrokes on the wizard, through its state machine (`App`) and a `TestBackend`:
//! a megabyte pasted into text fields, a key held for thousands of repeats on a
//! 1,000-extension site, and the terminal resized while a seal is running. No panic, every
//! frame draws, the files stay valid. One tmux run pastes the megabyte into the real binary.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use nec_harden::handover::{Keys, open_file};
use nec_harden::site::{SiteFile, Timestamp};
use nec_harden::tui::{App, Launch, Msg, Step, Theme};
use rand::SeedableRng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MEGABYTE: usize = 1 << 20;

/// A site of `extra + 128` extensions (the 128-extension example plus in-use desk phones from
/// 2000, each with a mailbox), sealed by a headless replay to the fixture key.
fn sealed_site(dir: &Path, extra: usize) -> PathBuf {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/full-128.toml"),
    )
    .unwrap();
    let mut lines = String::new();
    for n in 2000..2000 + extra {
        let _ = writeln!(
            lines,
            "  {{ number = \"{n}\", label = \"Desk {n}\", type = \"physical\", in_use = true, mailbox = true, user_pro = false }},"
        );
    }
    let site = dir.join("site.toml");
    fs::write(
        &site,
        text.replacen("extension = [\n", &format!("extension = [\n{lines}"), 1),
    )
    .unwrap();
    crate::support::seal_to_fixture(&site);
    site
}

fn launch(dir: &Path, site: &Path) -> App {
    let mut app = App::new(Launch {
        site: Some(site.to_path_buf()),
        checklist: None,
        checklist_file: None,
        work_factor: 2,
        display_base: dir.to_path_buf(),
        clock: Box::new(|| Timestamp::from_unix_seconds(1_795_000_000)),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(6)),
        theme: Theme { color: true },
        replay: false,
        handover: None,
        profile: nec_harden::tui::launch::ProfileState::None,
    })
    .expect("launch");
    app.update(Msg::Resize(120, 40));
    app
}

fn press(app: &mut App, msg: Msg) {
    app.update(msg);
    app.run_pending();
}

/// Draws a frame of `w`x`h` (a panic here fails the test) and returns its text.
fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

/// The wizard on `site`, unlocked with the fixture key, on the walk.
fn unlocked(dir: &Path, site: &Path) -> App {
    let mut app = launch(dir, site);
    assert_eq!(app.step(), Step::Unlock);
    press(
        &mut app,
        Msg::Paste(crate::support::fixture_identity().0.display().to_string()),
    );
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    app
}

/// Moves the walk to item `id` with Tab and Shift+Tab.
fn go_to(app: &mut App, id: &str) {
    let session = app.session().unwrap();
    let target = (0..session.rows().len())
        .find(|&i| session.item(i).id == id)
        .unwrap_or_else(|| panic!("no item {id}"));
    for _ in 0..400 {
        let cursor = app.walk().expect("on the walk").cursor;
        match cursor.cmp(&target) {
            std::cmp::Ordering::Equal => return,
            std::cmp::Ordering::Less => press(app, Msg::Tab),
            std::cmp::Ordering::Greater => press(app, Msg::BackTab),
        }
    }
    panic!("cannot reach {id}:\n{}", draw(app, 120, 40));
}

#[test]
fn a_megabyte_pasted_into_text_fields_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_site(dir.path(), 0);
    let before = fs::read(&site).unwrap();
    let paste: String = "A1b2#".repeat(MEGABYTE / 5);

    // The key-file field of the unlock screen: a path that long opens nothing and changes
    // nothing; the wizard stays on the screen and keeps drawing.
    let mut app = launch(dir.path(), &site);
    press(&mut app, Msg::Paste(paste.clone()));
    draw(&app, 80, 24);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Unlock);
    assert!(
        app.vault().is_none(),
        "a megabyte of text opened the handover"
    );
    assert!(app.would_lose(), "the pasted text counts as typed");
    draw(&app, 120, 40);
    assert_eq!(fs::read(&site).unwrap(), before);

    // A free-text answer on the walk: taken or refused, the site file stays loadable.
    let mut app = unlocked(dir.path(), &site);
    go_to(&mut app, "carrier-country-block");
    press(&mut app, Msg::Char('e'));
    press(&mut app, Msg::Paste(paste));
    draw(&app, 80, 24);
    press(&mut app, Msg::Enter);
    app.flush();
    draw(&app, 120, 40);
    SiteFile::load(&site, None).expect("the site file still loads");
}

#[test]
fn a_key_held_for_thousands_of_repeats_on_a_1000_extension_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_site(dir.path(), 872);
    let mut app = unlocked(dir.path(), &site);
    go_to(&mut app, "mailbox-codes");
    let top = draw(&app, 120, 40);
    // Held Down, then held Up: every repeat handled, a frame drawn now and then (a terminal
    // delivers repeats faster than frames).
    for (key, n) in [(Msg::Down, 3000), (Msg::Up, 3000), (Msg::PageDown, 500)] {
        for i in 0..n {
            press(&mut app, key.clone());
            if i % 250 == 0 {
                draw(&app, 120, 40);
            }
        }
        draw(&app, 80, 24);
    }
    // Held Tab walks round and round the checklist.
    for i in 0..5000 {
        press(&mut app, Msg::Tab);
        if i % 500 == 0 {
            draw(&app, 120, 40);
        }
    }
    assert_eq!(app.step(), Step::Walk);
    go_to(&mut app, "mailbox-codes");
    for _ in 0..3000 {
        press(&mut app, Msg::Up);
    }
    assert_eq!(draw(&app, 120, 40).lines().count(), top.lines().count());
}

#[test]
fn a_resize_during_a_seal_neither_panics_nor_loses_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_site(dir.path(), 0);
    let mut app = unlocked(dir.path(), &site);
    go_to(&mut app, "mailbox-codes");
    // Regenerate every code: the seal is queued, the "sealing" frame drawn, then the terminal
    // shrinks below the minimum and grows again before the seal runs.
    press(&mut app, Msg::Char('r'));
    app.update(Msg::Char('G'));
    let pending = app.has_pending();
    for (w, h) in [(20, 5), (79, 23), (250, 80)] {
        app.update(Msg::Resize(w, h));
        draw(&app, w, h);
    }
    app.run_pending();
    app.flush();
    for (w, h) in [(20, 5), (80, 24), (250, 80)] {
        app.update(Msg::Resize(w, h));
        let screen = draw(&app, w, h);
        if w < 80 {
            assert!(screen.contains("Enlarge"), "{screen}");
        }
    }
    // Whatever was sealed is on disk and opens; the site file loads.
    let mut keys = Keys::none();
    keys.add_identity_file(&crate::support::fixture_identity().0)
        .unwrap();
    let handover = site.with_file_name("site.handover.age");
    let opened = open_file(&handover, &keys).expect("the handover opens");
    assert!(opened.text.contains("code = ["), "pending seal: {pending}");
    SiteFile::load(&site, None).expect("the site file loads");
}

#[test]
fn a_megabyte_pasted_into_the_real_binary_in_tmux() {
    if !crate::support::tools_available(&["tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_site(dir.path(), 0);
    let before = fs::read(&site).unwrap();
    let t = crate::support::Tmux::start(&format!(
        "cd '{}' && '{}' site.toml",
        dir.path().display(),
        crate::support::bin().display()
    ));
    t.wait_for_text("Open the handover", 1);
    // A bracketed paste of a megabyte, as a terminal delivers a huge clipboard.
    t.paste(&"x".repeat(MEGABYTE));
    t.send(&["Enter"], false);
    t.wait_until("the wizard after the paste", |s| s.contains("xxxxxxxx"));
    // Still alive and answering keys: quit asks (typed text would be lost), then ends.
    t.send(&["C-c"], false);
    t.wait_for_text("Quit?", 1);
    t.send(&["y"], false);
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert_eq!(fs::read(&site).unwrap(), before);
}

/// Edits the site file's `[handover]` table as anyone holding the (shared, secret-free) site
/// file could.
fn tamper_handover(site: &Path, edit: impl FnOnce(&mut toml::Table)) {
    let mut doc: toml::Table = fs::read_to_string(site).unwrap().parse().unwrap();
    edit(doc.get_mut("handover").unwrap().as_table_mut().unwrap());
    fs::write(site, toml::to_string(&doc).unwrap()).unwrap();
}

fn attacker_key() -> (age::x25519::Identity, String) {
    let id = age::x25519::Identity::generate();
    let public = id.to_public().to_string();
    (id, public)
}

#[test]
fn an_attacker_key_added_to_the_site_file_is_not_sealed_to_on_resume() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_site(dir.path(), 0);
    let (attacker, attacker_public) = attacker_key();
    tamper_handover(&site, |h| {
        h["recipients"]
            .as_array_mut()
            .unwrap()
            .push(attacker_public.into());
    });
    let app = unlocked(dir.path(), &site);
    let notice = format!("{:?}", app.notice());
    assert!(notice.contains("not to the site file's"), "{notice}");
    // The re-sealed file opens with the customer's key and not with the attacker's.
    let handover = app.vault().expect("unlocked").path().to_path_buf();
    let mut keys = Keys::none();
    keys.add_x25519(attacker);
    let err = open_file(&handover, &keys).unwrap_err();
    assert!(
        matches!(
            err,
            nec_harden::handover::HandoverError::NoMatchingIdentity { .. }
        ),
        "{err}"
    );
    let mut customer = Keys::none();
    customer
        .add_identity_file(&crate::support::fixture_identity().0)
        .unwrap();
    assert!(open_file(&handover, &customer).is_ok());
}

#[test]
fn a_site_file_pointing_at_another_sites_handover_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let north = dir.path().join("north");
    let south = dir.path().join("south");
    fs::create_dir_all(&north).unwrap();
    fs::create_dir_all(&south).unwrap();
    let north_site = sealed_site(&north, 0);
    // Another site of the same customer, sealed to the same customer key.
    let south_site = south.join("site.toml");
    let text = fs::read_to_string(&north_site).unwrap();
    let mut doc: toml::Table = text.parse().unwrap();
    doc.remove("handover");
    doc["site"]["name"] = "South branch".into();
    fs::write(&south_site, toml::to_string(&doc).unwrap()).unwrap();
    crate::support::seal_to_fixture(&south_site);
    let south_handover = south.join("site.handover.age");
    let south_before = fs::read(&south_handover).unwrap();
    let (_, attacker_public) = attacker_key();
    tamper_handover(&north_site, |h| {
        h["file"] = "../south/site.handover.age".into();
        h["recipients"]
            .as_array_mut()
            .unwrap()
            .push(attacker_public.into());
    });
    let mut app = launch(&north, &north_site);
    assert_eq!(app.step(), Step::Unlock);
    press(
        &mut app,
        Msg::Paste(crate::support::fixture_identity().0.display().to_string()),
    );
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Unlock, "opened another site's handover");
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("this handover is for"), "{screen}");
    assert!(app.vault().is_none());
    assert_eq!(
        fs::read(&south_handover).unwrap(),
        south_before,
        "re-sealed"
    );
}
