//! Tests of the wizard: the state machine driven with messages, and snapshots of every screen.
//!
//! A fixed clock, a seeded generator and a low scrypt work factor make every run identical.

mod coverage;
mod fit;
mod flow;
mod keys_shown;
mod overrides;
mod probe;
mod render_cache;
mod replay;
mod smdr;
mod snapshots;
mod transitions;
mod visit;
mod walk_text;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{App, Launch, Msg, Step, Theme};
use crate::site::Timestamp;

/// The passphrase the tests type.
pub const PASS: &str = "correct horse battery";

/// A wizard in `dir`, new or resuming `site`.
pub fn launch(dir: &Path, site: Option<PathBuf>) -> App {
    launch_with(dir, site, false)
}

/// The shipped example `small-office.toml` copied to `dir/site.toml`, replayed interactively.
pub fn replaying(dir: &Path) -> App {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml");
    let site = dir.join("site.toml");
    std::fs::copy(example, &site).expect("copy the example");
    launch_with(dir, Some(site), true)
}

/// A wizard in `dir`, new, resuming or replaying `site`.
pub fn launch_with(dir: &Path, site: Option<PathBuf>, replay: bool) -> App {
    let mut app = App::new(Launch {
        site,
        checklist: None,
        checklist_file: None,
        work_factor: 2,
        display_base: dir.to_path_buf(),
        clock: Box::new(|| Timestamp::from_unix_seconds(1_795_000_000)),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(7)),
        theme: Theme { color: false },
        replay,
        handover: None,
        profile: super::launch::ProfileState::None,
    })
    .expect("launch");
    app.update(Msg::Resize(120, 40));
    app
}

/// Sends a message and runs the slow work it queued.
pub fn press(app: &mut App, msg: Msg) {
    app.update(msg);
    app.run_pending();
}

/// Types text, one character per message.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, Msg::Char(c));
    }
}

/// Draws the app at `w`x`h` and returns the screen as text.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().to_string()
}

/// A new site "Acme" with extensions 101-104 (102 an NEC SIP phone), sealed to [`PASS`], on
/// the walk.
pub fn walking(dir: &Path) -> App {
    let mut app = launch(dir, None);
    type_text(&mut app, "Acme");
    press(&mut app, Msg::Enter);
    type_text(&mut app, "Acme Ltd");
    press(&mut app, Msg::Enter);
    type_text(&mut app, "Jo");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Extensions);
    type_text(&mut app, "101-104");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Tab);
    press(&mut app, Msg::Down);
    type_text(&mut app, "tt");
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    protect_with_passphrase(&mut app);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    app
}

/// Fills the protection form with [`PASS`] twice and seals.
pub fn protect_with_passphrase(app: &mut App) {
    press(app, Msg::Down);
    type_text(app, PASS);
    press(app, Msg::Enter);
    type_text(app, PASS);
    press(app, Msg::Enter);
    press(app, Msg::Enter);
}

/// Moves the walk to the item `id`.
pub fn go_to(app: &mut App, id: &str) {
    let i = app
        .session()
        .unwrap()
        .rows()
        .iter()
        .enumerate()
        .position(|(i, _)| app.session().unwrap().item(i).id == id)
        .expect("item");
    app.move_to(i);
}
