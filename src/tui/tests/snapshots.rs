//! Snapshots of every screen at 80x24 and 120x40. Secrets are masked in all of them; paths
//! are relative to the test folder, the clock and the generator are fixed.

use super::{go_to, launch, press, screen, type_text, walking};
use crate::tui::{App, Msg};

fn snap(app: &App, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

#[test]
fn site_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    type_text(&mut app, "Harbour Dental");
    press(&mut app, Msg::Enter);
    snap(&app, "site_form");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    snap(&app, "site_form_problem");
}

#[test]
fn extensions() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    snap(&app, "extensions_empty");
    type_text(&mut app, "101-140");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Tab);
    for _ in 0..25 {
        press(&mut app, Msg::Down);
    }
    type_text(&mut app, " tum");
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char('l'));
    type_text(&mut app, "Reception");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Char('l'));
    type_text(&mut app, " desk");
    snap(&app, "extensions_table");
}

#[test]
fn protection() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101-104", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    press(&mut app, Msg::Down);
    type_text(&mut app, "short");
    press(&mut app, Msg::Enter);
    type_text(&mut app, "short");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    snap(&app, "protection_typed");
    press(&mut app, Msg::Up);
    press(&mut app, Msg::Up);
    press(&mut app, Msg::Up);
    press(&mut app, Msg::Right);
    snap(&app, "protection_generated");
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Down);
    type_text(&mut app, "age1notakey");
    press(&mut app, Msg::Enter);
    snap(&app, "protection_recipients");
}

#[test]
fn walk_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    snap(&app, "walk_confirm");
    go_to(&mut app, "sip-ports-forwarded");
    press(&mut app, Msg::Char(' '));
    snap(&app, "walk_choice");
    press(&mut app, Msg::Char('f'));
    type_text(&mut app, "router login unknown");
    snap(&app, "walk_reason");
    press(&mut app, Msg::Esc);
    go_to(&mut app, "unused-mailboxes-off");
    snap(&app, "walk_extensions");
    go_to(&mut app, "toll-class-extensions");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "3");
    snap(&app, "walk_number");
    go_to(&mut app, "webpro-port");
    snap(&app, "walk_not_applicable");
    go_to(&mut app, "webpro-exposure");
    snap(&app, "walk_verify_and_more_below");
    go_to(&mut app, "walking-toll-ids");
    press(&mut app, Msg::Char('u'));
    snap(&app, "walk_not_used");
}

#[test]
fn walk_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "login-credentials");
    snap(&app, "credentials_empty");
    press(&mut app, Msg::Char('G'));
    snap(&app, "credentials_sealed_masked");
    go_to(&mut app, "mailbox-codes");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "1234");
    snap(&app, "credentials_type_in");
}

#[test]
fn review_finished_help_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    press(&mut app, Msg::Char('?'));
    snap(&app, "help");
    press(&mut app, Msg::Esc);
    press(&mut app, Msg::Char('d'));
    press(&mut app, Msg::Char('n'));
    type_text(&mut app, "no firewall: VPN router");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Char('R'));
    snap(&app, "review_pending");
    press(&mut app, Msg::Esc);
    while app.step() == crate::tui::Step::Walk {
        press(&mut app, Msg::Char('d'));
        if app.notice().is_some_and(|n| n.error) {
            press(&mut app, Msg::Char('f'));
            type_text(&mut app, "next visit");
            press(&mut app, Msg::Enter);
        }
    }
    snap(&app, "review_ready");
    press(&mut app, Msg::Enter);
    snap(&app, "finished");
    let mut typing = launch(dir.path(), None);
    type_text(&mut typing, "Acme");
    press(&mut typing, Msg::Quit);
    snap(&typing, "quit_confirm");
}

#[test]
fn unlock_sealing_and_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "login-credentials");
    app.update(Msg::Char('G'));
    snap(&app, "sealing");
    app.run_pending();
    let path = app.session().unwrap().path.clone();
    drop(app);
    let mut again = launch(dir.path(), Some(path));
    type_text(&mut again, "typed");
    snap(&again, "unlock");
    insta::assert_snapshot!("too_small_60x20", screen(&again, 60, 20));
}

#[test]
fn replay_form() {
    let dir = tempfile::tempdir().unwrap();
    let app = super::replaying(dir.path());
    snap(&app, "replay_form");
}

#[test]
fn probe() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    press(&mut app, Msg::Char('p'));
    type_text(&mut app, "pbx.example.net");
    snap(&app, "probe_form");
    press(&mut app, Msg::Esc);
    let tx = super::probe::fake_run(&mut app);
    tx.send(crate::tui::probe::WorkerMsg::Progress(
        crate::probe::Progress {
            done: 3,
            total: 12,
            step: "5080/udp OPTIONS".into(),
        },
    ))
    .unwrap();
    app.tick();
    snap(&app, "probe_running");
    tx.send(crate::tui::probe::WorkerMsg::Done(Ok(
        super::probe::fake_report(),
    )))
    .unwrap();
    app.tick();
    snap(&app, "probe_results");
}
