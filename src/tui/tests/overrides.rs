//! Override codes and walking IDs in the wizard: the credential table lists exactly the
//! holders ticked and the walking IDs counted, masked once sealed, and a typed code that
//! repeats another holder's is weak.

use secrecy::ExposeSecret;

use super::{go_to, press, screen, type_text, walking};
use crate::coverage::ItemStatus;
use crate::tui::Msg;

fn snap(app: &crate::tui::App, name: &str) {
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
}

fn status(app: &crate::tui::App, id: &str) -> ItemStatus {
    let s = app.session().unwrap();
    let i = (0..s.rows().len()).find(|&i| s.item(i).id == id).unwrap();
    s.rows()[i].computed.clone()
}

/// Answers `toll-override-codes` "kept" and ticks 101 and 103 as holders (the list starts
/// with every in-use extension ticked).
fn keep_codes_for_101_and_103(app: &mut crate::tui::App) {
    go_to(app, "toll-override-codes");
    press(app, Msg::Down);
    press(app, Msg::Char(' '));
    press(app, Msg::Char('d'));
    go_to(app, "toll-override-holders");
    press(app, Msg::Down);
    press(app, Msg::Char(' '));
    press(app, Msg::Down);
    press(app, Msg::Down);
    press(app, Msg::Char(' '));
    press(app, Msg::Char('d'));
}

#[test]
fn override_codes_are_issued_to_the_holders_ticked_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    keep_codes_for_101_and_103(&mut app);
    go_to(&mut app, "toll-override-new-codes");
    snap(&app, "override_codes_empty");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("extension 101") && text.contains("extension 103"),
        "{text}"
    );
    assert!(
        !text.contains("extension 102") && !text.contains("extension 104"),
        "{text}"
    );
    press(&mut app, Msg::Char('G'));
    snap(&app, "override_codes_sealed_masked");
    let sealed: Vec<String> = app
        .vault()
        .unwrap()
        .credentials()
        .iter()
        .filter(|c| c.kind == crate::secrets::CredentialKind::Override)
        .map(|c| c.secret.expose_secret().to_owned())
        .collect();
    assert_eq!(sealed.len(), 2);
    let masked = screen(&app, 120, 40);
    for code in &sealed {
        assert!(
            !masked.contains(code.as_str()),
            "a code shows before it is revealed"
        );
    }
    press(&mut app, Msg::Char('d'));
    assert_eq!(status(&app, "toll-override-new-codes"), ItemStatus::Done);

    // Typing the first holder's code for the second: weak, and the rule says why.
    go_to(&mut app, "toll-override-new-codes");
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, &sealed[0]);
    let typed = screen(&app, 120, 40);
    assert!(
        typed.contains("weak: already used elsewhere in this record"),
        "{typed}"
    );
}

#[test]
fn walking_id_codes_follow_the_count_and_none_left_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "walking-toll-ids");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "2");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Char('d'));
    go_to(&mut app, "walking-toll-id-codes");
    press(&mut app, Msg::Char('G'));
    snap(&app, "walking_id_codes_sealed_masked");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("walking ID 1") && text.contains("walking ID 2"),
        "{text}"
    );
    assert!(!text.contains("walking ID 3"), "{text}");
    // No walking ID left: nothing to issue, the item is done by that answer.
    go_to(&mut app, "walking-toll-ids");
    press(&mut app, Msg::Char('u'));
    assert_eq!(status(&app, "walking-toll-id-codes"), ItemStatus::Done);
    go_to(&mut app, "walking-toll-id-codes");
    let none = screen(&app, 120, 40);
    assert!(
        none.contains("Nothing to issue: no target on this site."),
        "{none}"
    );
    assert!(!none.contains("walking ID 1"), "{none}");
}

#[test]
fn walking_id_codes_cannot_be_marked_done_before_the_count_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "walking-toll-id-codes");
    press(&mut app, Msg::Char('d'));
    let notice = app.notice().expect("a notice");
    assert!(notice.error, "{notice:?}");
    assert!(
        notice
            .text
            .contains("the answer to \"Remove walking toll-restriction IDs nobody needs\""),
        "{notice:?}"
    );
    assert_eq!(
        status(&app, "walking-toll-id-codes"),
        ItemStatus::Pending {
            missing: vec![
                "the answer to \"Remove walking toll-restriction IDs nobody needs\"".into()
            ]
        }
    );
}
