//! The walk's item text: the verify note where it cannot be missed, a mark when the text goes
//! on below the box (the review too), and the "not used" answer of a number item.

use super::{go_to, press, screen, walking};
use crate::site::{Answer, SiteFile, Status};
use crate::tui::Msg;

/// The row of the first line of `screen` that contains `text`.
fn row_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(text))
}

#[test]
fn the_verify_note_comes_before_the_why_and_the_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "toll-override-codes");
    let shown = screen(&app, 120, 40);
    let verify = row_of(&shown, "⚠ Verify on the system").expect("a verify heading");
    let why = row_of(&shown, "│Why")
        .or_else(|| row_of(&shown, " Why "))
        .unwrap_or(usize::MAX);
    let procedure = row_of(&shown, "Procedure").expect("a procedure heading");
    assert!(verify < procedure, "{shown}");
    assert!(verify < why, "{shown}");
    // Even on the smallest terminal the note is on screen without scrolling.
    let small = screen(&app, 80, 24);
    assert!(small.contains("⚠ Verify on the system"), "{small}");
}

#[test]
fn a_long_item_says_its_text_continues_until_scrolled_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "webpro-exposure");
    let small = screen(&app, 80, 24);
    assert!(small.contains("▼ more below: PgDn"), "{small}");
    assert!(!small.contains("▲ more above"), "{small}");
    // A roomy terminal shows the whole item: no mark.
    let wide = screen(&app, 200, 60);
    assert!(!wide.contains("more below"), "{wide}");
    for _ in 0..20 {
        press(&mut app, Msg::PageDown);
    }
    let end = screen(&app, 80, 24);
    assert!(!end.contains("more below"), "{end}");
    assert!(end.contains("▲ more above: PgUp"), "{end}");
}

#[test]
fn u_records_not_used_on_a_number_item_that_offers_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "walking-toll-ids");
    let before = screen(&app, 80, 24);
    assert!(
        before.contains("( ) u: none left: every walking ID removed"),
        "{before}"
    );
    press(&mut app, Msg::Char('u'));
    press(&mut app, Msg::Char('d'));
    let path = app.session().unwrap().path.clone();
    let (site, _) = SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site.answer("walking-toll-ids"), Some(&Answer::NotUsed {}));
    assert_eq!(site.status("walking-toll-ids"), Status::Done);
    // An item without the option ignores the key.
    go_to(&mut app, "inmail-ports-own-class");
    press(&mut app, Msg::Char('u'));
    assert!(!screen(&app, 80, 24).contains("u: "));
    let (site, _) = SiteFile::load(&path, None).unwrap();
    assert_eq!(site.answer("inmail-ports-own-class"), None);
    // Back on the item, the saved answer shows as chosen.
    go_to(&mut app, "walking-toll-ids");
    assert!(screen(&app, 80, 24).contains("(•) u: none left"));
}

#[test]
fn the_review_says_when_it_goes_on_below_the_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    press(&mut app, Msg::Char('R'));
    let small = screen(&app, 80, 24);
    assert!(small.contains("▼ more below: PgDn"), "{small}");
    assert!(!small.contains("▲ more above"), "{small}");
    let wide = screen(&app, 200, 120);
    assert!(!wide.contains("more below"), "{wide}");
    for _ in 0..40 {
        press(&mut app, Msg::PageDown);
    }
    let end = screen(&app, 80, 24);
    assert!(!end.contains("more below"), "{end}");
    assert!(end.contains("▲ more above: PgUp"), "{end}");
}
