//! The wizard shows the computed status: a new target reopens a done item, contradictions
//! are refused, and nothing acts unseen behind "Enlarge the terminal".

use super::{go_to, press, screen, type_text, walking};
use crate::coverage::ItemStatus;
use crate::site::{SiteFile, Status};
use crate::tui::{Msg, Step};

fn row_of<'a>(app: &'a crate::tui::App, id: &str) -> &'a crate::tui::session::ItemRow {
    let s = app.session().unwrap();
    let i = (0..s.rows().len()).find(|&i| s.item(i).id == id).unwrap();
    &s.rows()[i]
}

#[test]
fn an_nec_sip_phone_added_with_e_reopens_the_sip_logons_and_blocks_finishing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "sip-phone-logons");
    press(&mut app, Msg::Char('G'));
    press(&mut app, Msg::Char('d'));
    assert_eq!(row_of(&app, "sip-phone-logons").computed, ItemStatus::Done);

    // E, add 105, make it an NEC SIP phone (physical -> virtual -> sip), back to the walk.
    press(&mut app, Msg::Char('E'));
    assert_eq!(app.step(), Step::Extensions);
    type_text(&mut app, "105");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::End);
    type_text(&mut app, "tt");
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk);

    let row = row_of(&app, "sip-phone-logons");
    assert_eq!(
        row.computed,
        ItemStatus::Incomplete {
            missing: vec!["extension 105".into()]
        }
    );
    assert!(row.is_open(), "the walk comes back to it");
    go_to(&mut app, "sip-phone-logons");
    assert!(screen(&app, 120, 40).contains("Missing: extension 105"));

    press(&mut app, Msg::Char('R'));
    assert_eq!(app.step(), Step::Review);
    assert!(app.finish_blocker().is_some(), "the walk cannot finish");
    let review = screen(&app, 120, 40);
    assert!(
        review.contains(
            "Give each NEC SIP phone its own logon ID and password — missing: extension 105"
        ),
        "{review}"
    );
    // The site file on disk agrees: the status is derived, the recorded one stays `done`.
    let (saved, list) = SiteFile::load(&dir.path().join("acme.toml"), None).unwrap();
    assert_eq!(saved.status("sip-phone-logons"), Status::Done);
    let item = list.item("sip-phone-logons").unwrap();
    assert!(crate::coverage::item_status(&list, &saved, item).is_open());
}

#[test]
fn none_with_a_forwarded_port_is_refused_in_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "sip-ports-forwarded");
    // Options: 5060, 5070, 5080, none. Check 5080 and none.
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char(' '));
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char(' '));
    press(&mut app, Msg::Char('d'));
    let notice = format!("{:?}", app.notice());
    assert!(notice.contains("`none` contradicts `5080`"), "{notice}");
    assert_eq!(
        app.session().unwrap().site.status("sip-ports-forwarded"),
        Status::Pending
    );
}

#[test]
fn keys_behind_the_enlarge_message_do_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    let before = app.session().unwrap().site.clone();
    let cursor = app.walk().unwrap().cursor;
    press(&mut app, Msg::Resize(60, 20));
    assert!(screen(&app, 60, 20).contains("Enlarge the terminal"));
    for _ in 0..3 {
        press(&mut app, Msg::Char('d'));
    }
    press(&mut app, Msg::Tab);
    press(&mut app, Msg::Char('R'));
    assert_eq!(app.session().unwrap().site, before, "nothing marked unseen");
    assert_eq!(app.walk().unwrap().cursor, cursor);
    assert_eq!(app.step(), Step::Walk);
    press(&mut app, Msg::Resize(120, 40));
    press(&mut app, Msg::Char('d'));
    assert_ne!(app.session().unwrap().site, before, "keys work again");
}

#[test]
fn a_failed_item_shows_the_finding_and_w_records_why_it_does_not_apply() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    press(&mut app, Msg::Char('d'));
    let at = crate::site::Timestamp::from_unix_seconds(1_795_000_100);
    {
        let session = app.session.as_mut().unwrap();
        let probe = crate::coverage::status::tests::probe_case(&session.site, at.clone());
        session.site.probe = Some(probe);
        session.changed();
    }
    let row = row_of(&app, "admin-ports-blocked");
    assert!(matches!(row.computed, ItemStatus::Failed { .. }));
    assert!(row.is_open(), "a failed item is open again");
    go_to(&mut app, "admin-ports-blocked");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("✗ failed (measured)"), "{shown}");
    assert!(app.session().unwrap().progress().score < 100);

    press(&mut app, Msg::Char('w'));
    type_text(
        &mut app,
        "8000 answers on the carrier router, not the system",
    );
    press(&mut app, Msg::Enter);
    assert_eq!(
        row_of(&app, "admin-ports-blocked").computed,
        ItemStatus::Done
    );
    let (saved, _) = SiteFile::load(&dir.path().join("acme.toml"), None).unwrap();
    let waiver = saved.items["admin-ports-blocked"].waived.clone().unwrap();
    assert_eq!(waiver.probe_at, at);
}

#[test]
fn a_phone_changed_to_third_party_sip_needs_its_own_registration_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "sip-phone-logons");
    press(&mut app, Msg::Char('G'));
    press(&mut app, Msg::Char('d'));
    // 102 is the NEC SIP phone (second row): one press of t makes it third-party.
    press(&mut app, Msg::Char('E'));
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char('t'));
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk);
    let row = row_of(&app, "sip-third-party-passwords");
    assert_eq!(row.computed.missing(), ["extension 102"]);
    go_to(&mut app, "sip-third-party-passwords");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("extension 102  not generated"), "{shown}");
    assert!(shown.contains("verify on the system"), "{shown}");
}
