//! The drawing cache: a key that changes nothing on the walk copies the sidebar and the item
//! text from the last frame, and every change (a status, a reason, the scroll, the width, the
//! theme, another item) shows on the very next frame. Each frame is drawn on one terminal kept
//! across keys, as the real loop does, and compared cell by cell (styles included) with the
//! same state drawn with an empty cache.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::{go_to, press, type_text, walking};
use crate::tui::{App, Msg, Theme};

/// The wizard's terminal, kept across frames.
fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("terminal")
}

/// Draws a frame on `terminal` (the cache as the keys left it) and checks it against the same
/// state drawn on a new terminal with an empty cache; returns the frame's text.
fn drawn_as_fresh(app: &mut App, terminal: &mut Terminal<TestBackend>) -> String {
    terminal
        .draw(|f| f.render_widget(&*app, f.area()))
        .expect("draw");
    let warm: Buffer = terminal.backend().buffer().clone();
    let kept = std::mem::take(&mut app.render_cache);
    let area = warm.area;
    let mut fresh = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    fresh
        .draw(|f| f.render_widget(&*app, f.area()))
        .expect("draw");
    app.render_cache = kept;
    assert_eq!(
        &warm,
        fresh.backend().buffer(),
        "the frame drawn through the cache differs from a fresh drawing"
    );
    terminal.backend().to_string()
}

/// The sidebar's part of the first row that shows the item `title` starts with.
fn sidebar_row<'a>(screen: &'a str, title: &str) -> &'a str {
    let head: String = title.chars().take(12).collect();
    screen
        .lines()
        .filter_map(|l| l.split("││").next())
        .find(|l| l.contains(&head))
        .unwrap_or_else(|| panic!("no row for {title}: {screen}"))
}

#[test]
fn a_key_that_changes_nothing_there_copies_the_sidebar_and_the_item_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "mailbox-codes");
    let mut t = terminal(120, 40);
    drawn_as_fresh(&mut app, &mut t);
    let before = app.render_cache.counts();
    // Moving in the credentials table redraws the answer box only.
    press(&mut app, Msg::Down);
    drawn_as_fresh(&mut app, &mut t);
    let after = app.render_cache.counts();
    assert_eq!(after.drawn, before.drawn, "nothing drawn afresh: {after:?}");
    assert_eq!(after.copied, before.copied + 2, "sidebar and item copied");
    // Another item: both drawn afresh; back again: its text is still kept.
    press(&mut app, Msg::Tab);
    drawn_as_fresh(&mut app, &mut t);
    let moved = app.render_cache.counts();
    assert_eq!(moved.drawn, after.drawn + 2, "{moved:?}");
    press(&mut app, Msg::BackTab);
    drawn_as_fresh(&mut app, &mut t);
    let back = app.render_cache.counts();
    assert_eq!(
        back.copied,
        moved.copied + 1,
        "the item text drawn before is copied: {back:?}"
    );
}

#[test]
fn a_status_or_a_reason_shows_on_the_next_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "mailbox-codes");
    let title = app
        .session()
        .unwrap()
        .item(app.walk().unwrap().cursor)
        .title
        .clone();
    let mut t = terminal(120, 40);
    let before = drawn_as_fresh(&mut app, &mut t);
    assert!(sidebar_row(&before, &title).contains(" · "), "{before}");
    press(&mut app, Msg::Char('f'));
    type_text(&mut app, "codes after the cutover");
    drawn_as_fresh(&mut app, &mut t);
    press(&mut app, Msg::Enter);
    // The walk moves on; come back to see the item's own status line.
    go_to(&mut app, "mailbox-codes");
    let after = drawn_as_fresh(&mut app, &mut t);
    assert!(sidebar_row(&after, &title).contains(" » "), "{after}");
    assert!(after.contains("codes after the cutover"), "{after}");
}

#[test]
fn scrolling_resizing_and_the_theme_show_on_the_next_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "webpro-exposure");
    let mut t = terminal(80, 24);
    let top = drawn_as_fresh(&mut app, &mut t);
    assert!(top.contains("▼ more below"), "{top}");
    for _ in 0..20 {
        press(&mut app, Msg::PageDown);
    }
    let end = drawn_as_fresh(&mut app, &mut t);
    assert!(end.contains("▲ more above"), "{end}");
    assert!(!end.contains("more below"), "{end}");
    press(&mut app, Msg::PageUp);
    drawn_as_fresh(&mut app, &mut t);
    // A wider screen: the sidebar and the text take the new width at once.
    let mut wide = terminal(120, 40);
    app.update(Msg::Resize(120, 40));
    drawn_as_fresh(&mut app, &mut wide);
    app.update(Msg::Resize(80, 24));
    drawn_as_fresh(&mut app, &mut t);
    // Colours on: every style changes, nothing drawn without them is kept.
    app.theme = Theme { color: true };
    drawn_as_fresh(&mut app, &mut t);
}

#[test]
fn every_item_forth_and_back_draws_as_a_fresh_frame_would() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    let mut t = terminal(120, 40);
    let items = app.session().unwrap().rows().len();
    for _ in 0..items {
        press(&mut app, Msg::Tab);
        drawn_as_fresh(&mut app, &mut t);
    }
    for _ in 0..items {
        press(&mut app, Msg::BackTab);
        drawn_as_fresh(&mut app, &mut t);
    }
}
