//! Wizard benchmark: first frame and key press to updated frame on a 1,000-extension site,
//! drawn into a 120x40 `TestBackend` (state update plus the whole frame, no terminal I/O).
//!
//! Run with `cargo bench --bench tui`. Figures are printed, never asserted.

use std::time::{Duration, Instant};

use nec_harden::site::Timestamp;
use nec_harden::tui::{App, Launch, Msg, Step, Theme};
use rand::SeedableRng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn launch(dir: &std::path::Path, site: Option<std::path::PathBuf>) -> App {
    App::new(Launch {
        site,
        checklist: None,
        checklist_file: None,
        work_factor: 10,
        display_base: dir.to_path_buf(),
        clock: Box::new(Timestamp::now),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(1)),
        theme: Theme { color: true },
        replay: false,
        handover: None,
        profile: nec_harden::tui::launch::ProfileState::None,
    })
    .expect("launch")
}

fn send(app: &mut App, msg: Msg) {
    app.update(msg);
    app.run_pending();
}

fn text(app: &mut App, s: &str) {
    s.chars().for_each(|c| send(app, Msg::Char(c)));
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = launch(dir.path(), None);
    app.update(Msg::Resize(120, 40));
    for t in ["Big site", "Customer", "Installer", ""] {
        text(&mut app, t);
        send(&mut app, Msg::Enter);
    }
    text(&mut app, "1000-1999");
    send(&mut app, Msg::Enter);
    send(&mut app, Msg::Enter);
    send(&mut app, Msg::Down);
    text(&mut app, "correct horse battery");
    send(&mut app, Msg::Enter);
    text(&mut app, "correct horse battery");
    send(&mut app, Msg::Enter);
    send(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk, "walk reached");
    let site = app.session().expect("site").path.clone();

    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut first = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let resumed = launch(dir.path(), Some(site.clone()));
        terminal
            .draw(|f| f.render_widget(&resumed, f.area()))
            .expect("draw");
        first.push(start.elapsed());
    }
    // Tab through every item once from the first: each is drawn afresh (a first visit).
    while app.walk().is_some_and(|w| w.cursor > 0) {
        send(&mut app, Msg::BackTab);
    }
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let mut first_visits = Vec::new();
    let count = app.session().expect("site").rows().len();
    for _ in 1..count {
        let start = Instant::now();
        app.update(Msg::Tab);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        first_visits.push(start.elapsed());
    }
    // Tab and Shift+Tab between the first two items (what the pty benchmark times): after
    // the first press each is copied from the drawing cache.
    while app.walk().is_some_and(|w| w.cursor > 0) {
        send(&mut app, Msg::BackTab);
    }
    let mut items = Vec::new();
    for i in 0..200 {
        let msg = if i % 2 == 0 { Msg::Tab } else { Msg::BackTab };
        let start = Instant::now();
        app.update(msg);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        items.push(start.elapsed());
    }
    // To the voicemail codes: a credentials table of 1,000 rows.
    while app
        .walk()
        .is_some_and(|w| app.session().expect("site").item(w.cursor).id != "mailbox-codes")
    {
        send(&mut app, Msg::Tab);
    }
    let mut keys = Vec::new();
    for i in 0..200 {
        let msg = if i % 2 == 0 { Msg::BackTab } else { Msg::Tab };
        let start = Instant::now();
        app.update(msg);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        keys.push(start.elapsed());
    }
    let mut scroll = Vec::new();
    for i in 0..200 {
        let msg = if i < 100 { Msg::Down } else { Msg::Up };
        let start = Instant::now();
        app.update(msg);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        scroll.push(start.elapsed());
    }
    // Generate and seal 1,000 voicemail codes at once (one seal, scrypt work factor 10 here).
    let start = Instant::now();
    send(&mut app, Msg::Char('G'));
    let generate_all = start.elapsed();
    assert!(app.focused_secret().is_some(), "codes sealed");
    // Type a code in: the rules engine checks each key against the 1,000 codes in the record.
    send(&mut app, Msg::Char('e'));
    let mut typing = Vec::new();
    for c in "58205820".chars() {
        let start = Instant::now();
        app.update(if typing.len() < 4 {
            Msg::Char(c)
        } else {
            Msg::Backspace
        });
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        typing.push(start.elapsed());
    }
    send(&mut app, Msg::Esc);
    // Back to the extension table: each toggle saves the 1,000-row site file atomically.
    send(&mut app, Msg::Char('E'));
    send(&mut app, Msg::Tab);
    let mut toggles = Vec::new();
    for i in 0..100 {
        let msg = if i < 50 { Msg::Down } else { Msg::Char(' ') };
        let start = Instant::now();
        app.update(msg);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        if i >= 50 {
            toggles.push(start.elapsed());
        }
        // As the loop does after each frame (not part of key-to-frame).
        app.flush();
    }
    println!("1000 extensions, 120x40:");
    println!("  first frame (load site file + draw): {:?}", median(first));
    println!(
        "  key to frame, Tab to an item not drawn before: {:?}",
        median(first_visits)
    );
    println!(
        "  key to frame, Tab and Shift+Tab between two items: {:?}",
        median(items)
    );
    println!(
        "  key to frame, to and from the 1,000-row item: {:?}",
        median(keys)
    );
    println!(
        "  key to frame, move in its table:     {:?}",
        median(scroll)
    );
    println!(
        "  key to frame, toggle (saved after):  {:?}",
        median(toggles)
    );
    println!(
        "  key to frame, typing a checked code:  {:?}",
        median(typing)
    );
    println!("  generate and seal 1,000 codes (G):   {generate_all:?}");
}
