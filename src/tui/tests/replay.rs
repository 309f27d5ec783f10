//! Interactive replay: the saved site pre-filled, every item pending, a new handover.

use super::{PASS, go_to, press, protect_with_passphrase, replaying, type_text};
use crate::handover::{Keys, open_file};
use crate::site::{Answer, SiteFile, Status};
use crate::tui::protect::Mode;
use crate::tui::{Msg, Step};

/// The example was sealed to a key, so the form proposes recipients: switch to a passphrase.
fn passphrase_instead(app: &mut crate::tui::App) {
    assert_eq!(app.protect().unwrap().mode, Mode::Recipients);
    press(app, Msg::Right);
    assert_eq!(app.protect().unwrap().mode, Mode::Typed);
}

/// Issue 11: interactive replay proposed passphrase protection although the site was sealed
/// to an age key.
#[test]
fn replay_proposes_the_protection_the_site_used_last() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = replaying(dir.path());
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    let form = app.protect().unwrap();
    assert_eq!(form.mode, Mode::Recipients);
    assert_eq!(
        form.lines,
        vec!["age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq".to_owned()],
        "the recorded public keys are proposed, on screen"
    );
    assert!(super::screen(&app, 120, 40).contains("age1qyqszqgpqyq"));

    // A site sealed to a passphrase gets a passphrase proposed.
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/checklists/examples/small-office.toml"
    );
    let text = std::fs::read_to_string(example).unwrap().replace(
        "recipients = [\"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\"]",
        "passphrase = true",
    );
    let site = dir.path().join("site.toml");
    std::fs::write(&site, text).unwrap();
    let mut app = super::launch_with(dir.path(), Some(site), true);
    press(&mut app, Msg::Enter);
    let form = app.protect().unwrap();
    assert_eq!(form.mode, Mode::Typed);
    assert!(form.lines.is_empty());
}

#[test]
fn replay_starts_on_its_own_screen_with_answers_kept_and_items_pending() {
    let dir = tempfile::tempdir().unwrap();
    let app = replaying(dir.path());
    assert_eq!(app.step(), Step::Replay);
    let s = app.session().unwrap();
    assert_eq!(s.site.handover, None, "the old handover is not opened");
    assert!(s.site.items.values().all(|r| r.status == Status::Pending));
    assert_eq!(
        s.site.answer("sip-ports-forwarded"),
        Some(&Answer::Choice {
            selected: vec!["5060".into(), "5080".into()]
        })
    );
    // The last visit's issue list stays only as the default 90-02 levels; it covers nothing.
    assert!(matches!(
        s.site.answer("login-credentials"),
        Some(Answer::Credentials { .. })
    ));
    assert!(app.vault().is_none());
    assert!(!app.would_lose());
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/checklists/examples/small-office.toml"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        std::fs::read_to_string(example).unwrap(),
        "nothing written before the installer chooses where"
    );
}

#[test]
fn enter_updates_the_site_in_place_and_the_new_handover_gets_a_dated_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = replaying(dir.path());
    let original = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    assert!(!app.would_lose());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        original,
        "nothing written before the new handover is sealed"
    );
    let file = app.protect().unwrap().file.trimmed().to_owned();
    assert_eq!(file, "site.handover-20261118.age");
    passphrase_instead(&mut app);
    protect_with_passphrase(&mut app);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    let (saved, _) = SiteFile::load(&dir.path().join("site.toml"), None).unwrap();
    let facts = saved.handover.clone().unwrap();
    assert_eq!(facts.file, "site.handover-20261118.age");
    assert!(facts.passphrase);
    assert_eq!(saved.status("sip-ports-forwarded"), Status::Pending);
    assert!(
        app.vault().unwrap().credentials().is_empty(),
        "no credential is copied or carried over"
    );
    go_to(&mut app, "login-credentials");
    assert!(super::screen(&app, 120, 40).contains("not generated"));
    assert!(dir.path().join("site.handover-20261118.age").exists());
}

#[test]
fn a_prefilled_answer_is_kept_with_d() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = replaying(dir.path());
    press(&mut app, Msg::Enter);
    passphrase_instead(&mut app);
    protect_with_passphrase(&mut app);
    go_to(&mut app, "sip-ports-forwarded");
    press(&mut app, Msg::Char('d'));
    let (saved, _) = SiteFile::load(&dir.path().join("site.toml"), None).unwrap();
    assert_eq!(saved.status("sip-ports-forwarded"), Status::Done);
    assert_eq!(
        saved.answer("sip-ports-forwarded"),
        Some(&Answer::Choice {
            selected: vec!["5060".into(), "5080".into()]
        })
    );
}

#[test]
fn another_name_starts_the_next_site_and_leaves_the_first_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = replaying(dir.path());
    let original = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    std::fs::write(dir.path().join("taken.toml"), "x").unwrap();
    for _ in 0.."site.toml".len() {
        press(&mut app, Msg::Backspace);
    }
    type_text(&mut app, "taken.toml");
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Replay, "an existing file is asked about");
    assert!(app.replay().unwrap().problem.is_some());
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Backspace);
    type_text(&mut app, "2.toml");
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    assert_eq!(
        app.protect().unwrap().file.trimmed(),
        "taken2.handover-20261118.age"
    );
    passphrase_instead(&mut app);
    protect_with_passphrase(&mut app);
    assert_eq!(app.step(), Step::Walk);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        original
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.toml")).unwrap(),
        "x"
    );
    let (next, _) = SiteFile::load(&dir.path().join("taken2.toml"), None).unwrap();
    assert_eq!(next.site.name, "Harbour Dental, Main St");
    let opened = open_file(
        &dir.path().join("taken2.handover-20261118.age"),
        &Keys::from_passphrase(PASS.into()),
    )
    .unwrap();
    assert!(opened.text.contains("Harbour Dental"));
}

/// Issue 11: a second replay on the same day proposes `-2`, never the first replay's handover.
#[test]
fn a_second_replay_on_the_same_day_proposes_the_next_free_dated_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.handover-20261118.age"), "earlier").unwrap();
    let mut app = replaying(dir.path());
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.protect().unwrap().file.trimmed(),
        "site.handover-20261118-2.age"
    );
}
