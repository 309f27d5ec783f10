//! State-machine tests: the wizard driven with messages, as the installer would.

use secrecy::ExposeSecret;

use super::{PASS, go_to, launch, press, screen, type_text, walking};
use crate::handover::{Keys, open_file};
use crate::site::{SiteFile, Status};
use crate::tui::{Msg, Step};

#[test]
fn the_walk_and_the_end_need_a_sealed_handover() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    assert!(!app.go(Step::Walk));
    assert!(!app.go(Step::Review));
    assert!(!app.go(Step::Finished));
    type_text(&mut app, "Acme");
    for _ in 0..3 {
        press(&mut app, Msg::Enter);
        type_text(&mut app, "x");
    }
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    assert!(!app.go(Step::Walk), "no walk before the handover is sealed");
    press(&mut app, Msg::Char('R'));
    assert_eq!(app.step(), Step::Protection);
}

#[test]
fn finishing_needs_every_item_handled_then_seals_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    press(&mut app, Msg::Char('R'));
    assert_eq!(app.step(), Step::Review);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Review, "pending items block finishing");
    assert!(app.finish_blocker().is_some());
    assert!(!app.go(Step::Finished));
    press(&mut app, Msg::Esc);
    go_to(&mut app, "sip-ports-forwarded");
    press(&mut app, Msg::Char(' '));
    press(&mut app, Msg::Char('d'));
    while app.step() == Step::Walk {
        press(&mut app, Msg::Char('f'));
        type_text(&mut app, "next visit");
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Review);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Finished, "{:?}", app.notice());
    let f = app.finished().unwrap().clone();
    assert!(f.report.exists());
    let report = std::fs::read_to_string(&f.report).unwrap();
    assert!(report.contains("next visit"));
    let opened = open_file(&f.handover, &Keys::from_passphrase(PASS.into())).unwrap();
    assert!(opened.text.contains("Acme"));
    assert!(
        opened.text.contains("forwarded = [5060]"),
        "{}",
        *opened.text
    );
    assert!(screen(&app, 80, 24).contains("phone call"));
}

#[test]
fn a_reason_is_required_to_skip() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    let id = app.session().unwrap().item(0).id.clone();
    press(&mut app, Msg::Char('n'));
    press(&mut app, Msg::Enter);
    assert!(app.notice().unwrap().error);
    assert_eq!(app.session().unwrap().site.status(&id), Status::Pending);
    type_text(&mut app, "no router on site");
    press(&mut app, Msg::Enter);
    let path = app.session().unwrap().path.clone();
    let (saved, _) = SiteFile::load(&path, None).unwrap();
    assert_eq!(saved.status(&id), Status::NotApplicable);
    assert_eq!(
        saved.items[&id].reason.as_deref(),
        Some("no router on site")
    );
    assert_eq!(
        app.walk().unwrap().cursor,
        1,
        "moves on to the next pending item"
    );
}

#[test]
fn resume_lands_on_the_first_pending_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    for _ in 0..3 {
        press(&mut app, Msg::Char('d'));
    }
    go_to(&mut app, "login-credentials");
    press(&mut app, Msg::Char('G'));
    let sealed = app.focused_secret().unwrap().expose_secret().to_owned();
    let path = app.session().unwrap().path.clone();
    drop(app);
    let mut again = launch(dir.path(), Some(path));
    assert_eq!(again.step(), Step::Unlock);
    type_text(&mut again, "wrong passphrase");
    press(&mut again, Msg::Enter);
    assert_eq!(again.step(), Step::Unlock);
    for _ in 0.."wrong passphrase".len() {
        press(&mut again, Msg::Backspace);
    }
    type_text(&mut again, PASS);
    press(&mut again, Msg::Enter);
    assert_eq!(again.step(), Step::Walk);
    let s = again.session().unwrap();
    assert_eq!(again.walk().unwrap().cursor, 3);
    assert_eq!(s.first_open(), Some(3));
    go_to(&mut again, "login-credentials");
    let kept = again
        .focused_secret()
        .expect("earlier credentials are still there");
    assert_eq!(kept.expose_secret(), sealed);
}

/// Issue 11: resuming a finished site (nothing pending, one item deferred) started on item 1
/// instead of the first item that is not complete.
#[test]
fn resuming_a_finished_site_lands_on_the_first_item_that_is_not_complete() {
    let dir = tempfile::tempdir().unwrap();
    let app = walking(dir.path());
    let path = app.session().unwrap().path.clone();
    drop(app);
    let (mut site, list) = SiteFile::load(&path, None).unwrap();
    let now = crate::site::Timestamp::from_unix_seconds(1_795_000_100);
    let ids: Vec<String> = list.items().map(|i| i.id.clone()).collect();
    for (n, id) in ids.iter().enumerate() {
        let (status, reason) = if n == 4 {
            (Status::Deferred, Some("customer away"))
        } else {
            (Status::NotApplicable, Some("tested"))
        };
        site.set_status(&list, id, status, reason, &now).unwrap();
    }
    site.save(&path).unwrap();
    let mut again = launch(dir.path(), Some(path));
    assert_eq!(again.step(), Step::Unlock);
    type_text(&mut again, PASS);
    press(&mut again, Msg::Enter);
    assert_eq!(again.step(), Step::Walk, "{:?}", again.notice());
    let cursor = again.walk().unwrap().cursor;
    assert_eq!(again.session().unwrap().item(cursor).id, ids[4]);
}

#[test]
fn a_credential_is_shown_only_after_it_is_sealed_and_masked_until_revealed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "login-credentials");
    assert!(app.focused_secret().is_none());
    assert!(screen(&app, 120, 40).contains("not generated"));
    app.update(Msg::Char('G'));
    assert!(app.has_pending(), "sealing is queued, not done");
    assert!(app.focused_secret().is_none(), "nothing before the seal");
    app.run_pending();
    let shown = app
        .focused_secret()
        .expect("sealed")
        .expose_secret()
        .to_owned();
    let handover = app.vault().unwrap().path().to_path_buf();
    let opened = open_file(&handover, &Keys::from_passphrase(PASS.into())).unwrap();
    assert!(
        opened.text.contains(&shown),
        "the shown value is in the file on disk"
    );
    let masked = screen(&app, 120, 40);
    assert!(!masked.contains(&shown), "masked by default");
    press(&mut app, Msg::Char('v'));
    assert!(
        screen(&app, 120, 40).contains(&shown),
        "revealed on request"
    );
    press(&mut app, Msg::Down);
    assert!(
        !screen(&app, 120, 40).contains(&shown),
        "moving hides it again"
    );
    press(&mut app, Msg::Char('d'));
    let id = "login-credentials";
    assert_eq!(app.session().unwrap().site.status(id), Status::Done);
}

#[test]
fn a_typed_value_is_checked_live_and_refused_when_the_system_would_refuse_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "mailbox-codes");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "12a");
    assert!(screen(&app, 120, 40).contains("rejected"));
    assert!(
        !screen(&app, 120, 40).contains("12a"),
        "typed values are masked"
    );
    press(&mut app, Msg::Enter);
    assert!(app.focused_secret().is_none());
    for _ in 0..3 {
        press(&mut app, Msg::Backspace);
    }
    type_text(&mut app, "1111");
    press(&mut app, Msg::Enter);
    assert!(app.focused_secret().is_none(), "weak needs a second Enter");
    press(&mut app, Msg::Enter);
    assert_eq!(app.focused_secret().unwrap().expose_secret(), "1111");
}

#[test]
fn quitting_asks_only_when_typed_text_would_be_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    press(&mut app, Msg::Quit);
    assert!(app.should_quit(), "nothing typed: quits at once");
    let mut app = launch(dir.path(), None);
    type_text(&mut app, "Acme");
    press(&mut app, Msg::Quit);
    assert!(!app.should_quit());
    press(&mut app, Msg::Char('n'));
    assert!(!app.should_quit());
    press(&mut app, Msg::Quit);
    press(&mut app, Msg::Char('y'));
    assert!(app.should_quit());
    let mut walk = walking(dir.path());
    press(&mut walk, Msg::Char('q'));
    assert!(walk.should_quit(), "everything is saved: no question");
}

#[test]
fn a_small_terminal_gets_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = launch(dir.path(), None);
    let s = screen(&app, 60, 20);
    assert!(s.contains("Enlarge the terminal to at least 80x24"));
}

#[test]
fn a_typed_user_name_is_its_own_90_02_01_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "login-credentials");
    press(&mut app, Msg::Char('g'));
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "Zq7Vx2Kp9L");
    press(&mut app, Msg::Enter);
    if app
        .focused_secret()
        .is_none_or(|s| s.expose_secret() != "Zq7Vx2Kp9L")
    {
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.focused_secret().unwrap().expose_secret(), "Zq7Vx2Kp9L");
    let handover = app.vault().unwrap().path().to_path_buf();
    let opened = open_file(&handover, &Keys::from_passphrase(PASS.into())).unwrap();
    assert_eq!(
        opened.text.matches("Zq7Vx2Kp9L").count(),
        1,
        "one entry per value: the name is not folded into the password"
    );
    let creds = app.vault().unwrap().credentials();
    let shape: Vec<(&str, &str, bool)> = creds
        .iter()
        .map(|c| (c.program.as_str(), c.subject.as_str(), c.user.is_some()))
        .collect();
    assert_eq!(
        shape,
        [("90-02-01", "user 2", false), ("90-02-02", "user 2", false)]
    );
}

#[test]
fn public_keys_without_a_private_key_need_an_explicit_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Protection);
    let public = age::x25519::Identity::generate().to_public().to_string();
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Down);
    type_text(&mut app, &public);
    for _ in 0..5 {
        press(&mut app, Msg::Enter);
    }
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.step(),
        Step::Protection,
        "refused without a key or a confirmation"
    );
    let problem = app.protect().and_then(|p| p.problem.clone());
    assert_eq!(
        problem.as_deref(),
        Some(crate::tui::text::protection::UNPROVEN)
    );
    press(&mut app, Msg::Up);
    press(&mut app, Msg::Char(' '));
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    let vault = app.vault().unwrap();
    assert!(!vault.is_verified());
    let facts = app.session().unwrap().site.handover.clone().unwrap();
    assert_eq!(facts.recipients, vec![public]);
    assert!(facts.verified_at.is_none());
}

#[test]
fn extensions_can_be_changed_from_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "mailbox-codes");
    let cursor = app.walk().unwrap().cursor;
    press(&mut app, Msg::Char('E'));
    assert_eq!(app.step(), Step::Extensions);
    type_text(&mut app, "105");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.step(),
        Step::Walk,
        "back to the walk, the handover is sealed"
    );
    assert_eq!(app.walk().unwrap().cursor, cursor, "on the same item");
    assert!(screen(&app, 120, 40).contains("extension 105"));
}

#[test]
fn a_change_the_disk_refuses_is_reported_and_guards_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    app.session.as_mut().unwrap().path = dir.path().join("gone").join("acme.toml");
    press(&mut app, Msg::Char('d'));
    let notice = app.notice().unwrap();
    assert!(notice.error && notice.text.contains("gone"), "{notice:?}");
    assert!(app.would_lose());
    press(&mut app, Msg::Char('q'));
    assert!(!app.should_quit(), "asks first");
    press(&mut app, Msg::Esc);
    std::fs::create_dir(dir.path().join("gone")).unwrap();
    press(&mut app, Msg::Tab);
    assert!(!app.would_lose(), "the next change writes everything");
    assert!(dir.path().join("gone").join("acme.toml").exists());
}

#[test]
fn a_login_level_change_is_sealed_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "login-credentials");
    press(&mut app, Msg::Char('G'));
    press(&mut app, Msg::Down);
    let level_of_user_3 =
        |app: &crate::tui::App| match app.session().unwrap().site.answer("login-credentials") {
            Some(crate::site::Answer::Credentials { issued }) => issued
                .iter()
                .find(|i| i.target == "3")
                .and_then(|i| i.level),
            _ => None,
        };
    assert_eq!(level_of_user_3(&app), Some(3));
    press(&mut app, Msg::Char('l'));
    assert_eq!(level_of_user_3(&app), Some(4));
    for _ in 0..2 {
        press(&mut app, Msg::Char('l'));
    }
    assert_eq!(level_of_user_3(&app), Some(0), "5 then 0: prohibited");
    assert!(screen(&app, 120, 40).contains("user 3 off"));
    press(&mut app, Msg::Up);
    press(&mut app, Msg::Char('l'));
    assert!(
        screen(&app, 120, 40).contains("user 2 IN"),
        "the installer level stays"
    );
    let path = app.session().unwrap().path.clone();
    let (saved, _) = SiteFile::load(&path, None).unwrap();
    assert_eq!(
        saved.answer("login-credentials"),
        app.session().unwrap().site.answer("login-credentials")
    );
}

#[test]
fn a_generated_passphrase_must_be_typed_back_before_sealing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    press(&mut app, Msg::Right);
    let generated = app.protect().unwrap().generated.as_ref().unwrap();
    let passphrase = generated.passphrase.expose_secret().to_owned();
    assert!(
        !screen(&app, 120, 40).contains(&passphrase),
        "masked until v"
    );
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char('v'));
    assert!(screen(&app, 120, 40).contains(&passphrase));
    press(&mut app, Msg::Down);
    type_text(&mut app, "not-what-was-shown");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    assert!(app.vault().is_none(), "nothing sealed");
    press(&mut app, Msg::Up);
    for _ in 0.."not-what-was-shown".len() {
        press(&mut app, Msg::Backspace);
    }
    type_text(&mut app, &passphrase);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk);
    let handover = app.vault().unwrap().path().to_path_buf();
    assert!(
        open_file(
            &handover,
            &Keys::from_passphrase(passphrase.as_str().into())
        )
        .is_ok()
    );
    assert!(
        !screen(&app, 120, 40).contains(&passphrase),
        "never shown again"
    );
}
