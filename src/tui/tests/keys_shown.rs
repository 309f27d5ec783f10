//! A key shown is a key that works, and a key that works is shown: for a representative state
//! of every screen and overlay, each key the footer shows changes something, and each key that
//! changes something is in the footer or in the help for that screen.
//!
//! "Changes something" is measured, not declared: the frame drawn (text and styles), the step,
//! the queued job, the feedback line, the quit and help flags, before and after the key.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::{go_to, launch, press, replaying, type_text, walking};
use crate::tui::screens::footer_keys;
use crate::tui::text::HELP;
use crate::tui::{App, Msg, Step};

/// What a key can change, as seen from outside.
#[derive(Debug, PartialEq)]
struct Seen {
    frame: Buffer,
    step: Step,
    job: String,
    notice: Option<String>,
    quit: bool,
    help: bool,
    confirm: bool,
    dirty: bool,
}

fn seen(app: &App) -> Seen {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    Seen {
        frame: terminal.backend().buffer().clone(),
        step: app.step(),
        job: format!("{:?}", app.pending()),
        notice: app.notice().map(|n| n.text.clone()),
        quit: app.should_quit(),
        help: app.help,
        confirm: app.confirm_quit,
        dirty: app
            .session()
            .is_some_and(crate::coverage::session::Session::is_dirty),
    }
}

/// The messages a key name of the footer or of help stands for.
fn messages(name: &str) -> Vec<Msg> {
    let mut out = Vec::new();
    for token in name.split([' ', '/']).filter(|t| !t.is_empty()) {
        let named = match token {
            "Tab" => Some(Msg::Tab),
            "S-Tab" => Some(Msg::BackTab),
            "PgUp" => Some(Msg::PageUp),
            "PgDn" => Some(Msg::PageDown),
            "Home" => Some(Msg::Home),
            "End" => Some(Msg::End),
            "Enter" => Some(Msg::Enter),
            "Esc" => Some(Msg::Esc),
            "space" => Some(Msg::Char(' ')),
            "Ctrl+R" => Some(Msg::ToggleMask),
            "Ctrl+C" => Some(Msg::Quit),
            "F1" => Some(Msg::Help),
            _ => None,
        };
        if let Some(m) = named {
            out.push(m);
            continue;
        }
        if token == "0-9" {
            out.extend(('0'..='9').map(Msg::Char));
            continue;
        }
        for c in token.chars() {
            out.push(match c {
                '↑' => Msg::Up,
                '↓' => Msg::Down,
                '←' => Msg::Left,
                '→' => Msg::Right,
                c if token.chars().count() == 1 => Msg::Char(c),
                _ => panic!("a key name the test does not know: {token:?} in {name:?}"),
            });
        }
    }
    out
}

/// The help sections that speak about `step`.
fn help_sections(step: Step) -> &'static [&'static str] {
    match step {
        Step::Site | Step::Protection | Step::Unlock | Step::Replay => &["Everywhere", "Forms"],
        Step::Extensions => &["Everywhere", "Extensions"],
        Step::Walk => &["Everywhere", "Walk"],
        Step::Review => &["Everywhere", "Review"],
        Step::Finished => &["Everywhere"],
    }
}

/// Every key the installer can press (typed text aside).
fn every_key() -> Vec<Msg> {
    let mut keys = vec![
        Msg::Up,
        Msg::Down,
        Msg::Left,
        Msg::Right,
        Msg::PageUp,
        Msg::PageDown,
        Msg::Home,
        Msg::End,
        Msg::Tab,
        Msg::BackTab,
        Msg::Enter,
        Msg::Esc,
        Msg::Backspace,
        Msg::ToggleMask,
        Msg::Help,
        Msg::Quit,
    ];
    keys.extend(
        ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain([' ', '?'])
            .map(Msg::Char),
    );
    keys
}

/// A state of the wizard to look at, built afresh for each key.
struct State {
    name: &'static str,
    build: fn(&Path) -> App,
}

fn on_site_form(dir: &Path) -> App {
    let mut app = launch(dir, None);
    type_text(&mut app, "Acme");
    app
}

fn on_site_model(dir: &Path) -> App {
    let mut app = on_site_form(dir);
    press(&mut app, Msg::Up);
    app
}

fn on_extensions(dir: &Path) -> App {
    let mut app = launch(dir, None);
    for t in ["Acme", "Acme Ltd", "Jo", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    type_text(&mut app, "101-104");
    press(&mut app, Msg::Enter);
    type_text(&mut app, "10");
    app
}

fn on_extension_table(dir: &Path) -> App {
    let mut app = on_extensions(dir);
    press(&mut app, Msg::Tab);
    press(&mut app, Msg::Down);
    app
}

fn on_extension_label(dir: &Path) -> App {
    let mut app = on_extension_table(dir);
    press(&mut app, Msg::Char('l'));
    app
}

fn on_protection(dir: &Path) -> App {
    let mut app = on_extensions(dir);
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Backspace);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    app
}

fn on_passphrase(dir: &Path) -> App {
    let mut app = on_protection(dir);
    press(&mut app, Msg::Down);
    type_text(&mut app, "abc");
    app
}

fn on_generated(dir: &Path) -> App {
    let mut app = on_protection(dir);
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Down);
    app
}

fn on_confirmation(dir: &Path) -> App {
    let mut app = on_protection(dir);
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Right);
    for _ in 0..4 {
        press(&mut app, Msg::Down);
    }
    app
}

fn on_unlock(dir: &Path) -> App {
    let path = walking(dir).session().unwrap().path.clone();
    let mut app = launch(dir, Some(path));
    type_text(&mut app, "abc");
    app
}

fn on_replay(dir: &Path) -> App {
    replaying(dir)
}

fn walking_at(dir: &Path, id: &str) -> App {
    let mut app = walking(dir);
    go_to(&mut app, id);
    app.notice = None;
    app
}

fn on_confirm_item(dir: &Path) -> App {
    walking_at(dir, "router-upnp-off")
}

fn on_choice_item(dir: &Path) -> App {
    walking_at(dir, "remote-maintenance")
}

fn on_extensions_item(dir: &Path) -> App {
    walking_at(dir, "toll-override-holders")
}

fn on_credentials(dir: &Path) -> App {
    let mut app = walking_at(dir, "mailbox-codes");
    press(&mut app, Msg::Char('G'));
    app.notice = None;
    app
}

fn on_login_levels(dir: &Path) -> App {
    let mut app = walking_at(dir, "login-credentials");
    press(&mut app, Msg::Char('g'));
    app.notice = None;
    app
}

fn on_type_in(dir: &Path) -> App {
    let mut app = walking_at(dir, "mailbox-codes");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "9");
    app
}

fn on_number_item(dir: &Path) -> App {
    walking_at(dir, "walking-toll-ids")
}

fn on_value_editing(dir: &Path) -> App {
    let mut app = walking_at(dir, "webpro-exposure");
    press(&mut app, Msg::Char('e'));
    type_text(&mut app, "x");
    app
}

fn on_inapplicable_item(dir: &Path) -> App {
    let mut app = walking(dir);
    let i = app
        .session()
        .unwrap()
        .rows()
        .iter()
        .position(|r| !r.applies)
        .expect("an item whose condition does not hold");
    app.move_to(i);
    app.notice = None;
    app
}

fn on_reason(dir: &Path) -> App {
    let mut app = on_confirm_item(dir);
    press(&mut app, Msg::Char('n'));
    type_text(&mut app, "x");
    app
}

fn on_probe_finding(dir: &Path) -> App {
    let mut app = walking(dir);
    app.probe_done(Ok(super::probe::fake_report()));
    app.run_pending();
    go_to(&mut app, "admin-ports-blocked");
    app.notice = None;
    app
}

fn on_probe_form(dir: &Path) -> App {
    let mut app = walking_at(dir, "admin-ports-blocked");
    press(&mut app, Msg::Char('p'));
    type_text(&mut app, "pbx");
    app
}

fn on_probe_run(dir: &Path) -> App {
    let mut app = walking_at(dir, "admin-ports-blocked");
    // Nothing is sent: the run waits (the channel is only read between keys, by the loop).
    drop(super::probe::fake_run(&mut app));
    app
}

fn on_watch_form(dir: &Path) -> App {
    let mut app = walking_at(dir, "smdr-on");
    press(&mut app, Msg::Char('s'));
    app
}

fn on_review(dir: &Path) -> App {
    let mut app = walking(dir);
    press(&mut app, Msg::Char('R'));
    app.notice = None;
    app
}

fn on_help(dir: &Path) -> App {
    let mut app = walking(dir);
    app.update(Msg::Resize(80, 24));
    press(&mut app, Msg::Char('?'));
    app.notice = None;
    app
}

fn on_quit_question(dir: &Path) -> App {
    let mut app = on_site_form(dir);
    press(&mut app, Msg::Quit);
    assert!(app.confirm_quit);
    app
}

/// The forms before the walk.
const FORMS: &[State] = &[
    State {
        name: "site form",
        build: on_site_form,
    },
    State {
        name: "site form, model",
        build: on_site_model,
    },
    State {
        name: "extensions, range line",
        build: on_extensions,
    },
    State {
        name: "extensions, table",
        build: on_extension_table,
    },
    State {
        name: "extensions, label",
        build: on_extension_label,
    },
    State {
        name: "protection, mode",
        build: on_protection,
    },
    State {
        name: "protection, passphrase",
        build: on_passphrase,
    },
    State {
        name: "protection, generated",
        build: on_generated,
    },
    State {
        name: "protection, confirmation",
        build: on_confirmation,
    },
    State {
        name: "unlock",
        build: on_unlock,
    },
    State {
        name: "replay",
        build: on_replay,
    },
];

/// The walk, its editors and its overlays.
const WALK: &[State] = &[
    State {
        name: "walk, confirm item",
        build: on_confirm_item,
    },
    State {
        name: "walk, choice item",
        build: on_choice_item,
    },
    State {
        name: "walk, extensions item",
        build: on_extensions_item,
    },
    State {
        name: "walk, credentials",
        build: on_credentials,
    },
    State {
        name: "walk, login levels",
        build: on_login_levels,
    },
    State {
        name: "walk, typing a credential",
        build: on_type_in,
    },
    State {
        name: "walk, number item",
        build: on_number_item,
    },
    State {
        name: "walk, editing a value",
        build: on_value_editing,
    },
    State {
        name: "walk, inapplicable item",
        build: on_inapplicable_item,
    },
    State {
        name: "walk, reason",
        build: on_reason,
    },
    State {
        name: "walk, probe finding",
        build: on_probe_finding,
    },
    State {
        name: "walk, probe form",
        build: on_probe_form,
    },
    State {
        name: "walk, probe run",
        build: on_probe_run,
    },
    State {
        name: "walk, SMDR-watch form",
        build: on_watch_form,
    },
];

/// The review and the overlays over any screen.
const OTHERS: &[State] = &[
    State {
        name: "review",
        build: on_review,
    },
    State {
        name: "help",
        build: on_help,
    },
    State {
        name: "quit question",
        build: on_quit_question,
    },
];

/// Whether `msg` pressed in the state `state` changes what can be seen.
fn changes(state: &State, msg: &Msg) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let mut app = (state.build)(dir.path());
    let before = seen(&app);
    app.update(msg.clone());
    seen(&app) != before
}

/// The keys the footer shows in `states` that change nothing there.
fn shown_but_idle(states: &[State]) -> Vec<String> {
    let mut idle = Vec::new();
    for state in states {
        let dir = tempfile::tempdir().unwrap();
        let app = (state.build)(dir.path());
        for (name, what) in footer_keys(&app) {
            let msgs = messages(name);
            if !msgs.iter().any(|m| changes(state, m)) {
                idle.push(format!("{}: {name} {what}", state.name));
            }
        }
    }
    idle
}

/// The keys that change something in `states` but are neither in the footer nor in help.
fn working_but_hidden(states: &[State]) -> Vec<String> {
    let mut hidden = Vec::new();
    for state in states {
        let dir = tempfile::tempdir().unwrap();
        let app = (state.build)(dir.path());
        let mut shown: Vec<Msg> = footer_keys(&app)
            .into_iter()
            .flat_map(|(name, _)| messages(name))
            .collect();
        for (section, keys) in HELP {
            if help_sections(app.step()).contains(section) {
                shown.extend(keys.iter().flat_map(|(name, _)| messages(name)));
            }
        }
        // The conventions help leaves unsaid: Shift+Tab goes back where Tab goes forward, and
        // where ↑↓ move, PgUp/PgDn page and Home/End jump to the ends.
        if shown.contains(&Msg::Tab) {
            shown.push(Msg::BackTab);
        }
        if shown.contains(&Msg::Up) || shown.contains(&Msg::Down) {
            shown.extend([Msg::PageUp, Msg::PageDown, Msg::Home, Msg::End]);
        }
        let typing = app.typing();
        for msg in every_key() {
            // Letters and Backspace are the typed text where text is typed.
            if typing && matches!(msg, Msg::Char(_) | Msg::Backspace) {
                continue;
            }
            if !shown.contains(&msg) && changes(state, &msg) {
                hidden.push(format!("{}: {msg:?}", state.name));
            }
        }
    }
    hidden
}

// Issue 15, Why: the footer re-derived the handlers' conditions, so the keys shown and the keys
// that work could drift apart. They had: `←→ model` showed on every row of the site form and
// `←→ from where` on the probe's host row, where those keys do nothing; and the other way
// round, `w` (waive a probe finding), Enter and a digit on a number item worked but were
// neither in the footer nor in help.

#[test]
fn every_key_the_footer_shows_on_the_forms_does_something() {
    let idle = shown_but_idle(FORMS);
    assert!(idle.is_empty(), "shown but doing nothing: {idle:#?}");
}

#[test]
fn every_key_the_footer_shows_on_the_walk_does_something() {
    let idle = shown_but_idle(WALK);
    assert!(idle.is_empty(), "shown but doing nothing: {idle:#?}");
}

#[test]
fn every_key_the_footer_shows_on_the_review_and_overlays_does_something() {
    let idle = shown_but_idle(OTHERS);
    assert!(idle.is_empty(), "shown but doing nothing: {idle:#?}");
}

#[test]
fn every_key_that_does_something_on_the_forms_is_shown() {
    let hidden = working_but_hidden(FORMS);
    assert!(hidden.is_empty(), "working but not shown: {hidden:#?}");
}

#[test]
fn every_key_that_does_something_on_the_walk_is_shown() {
    let hidden = working_but_hidden(WALK);
    assert!(hidden.is_empty(), "working but not shown: {hidden:#?}");
}

#[test]
fn every_key_that_does_something_on_the_review_and_overlays_is_shown() {
    let hidden = working_but_hidden(OTHERS);
    assert!(hidden.is_empty(), "working but not shown: {hidden:#?}");
}

/// The lines of help's first section ("On this screen now") as drawn, trimmed.
fn help_now_section(app: &App) -> Vec<String> {
    let text = super::screen(app, 120, 40);
    let rows: Vec<Vec<char>> = text
        .lines()
        .map(|l| l.trim_matches('"').chars().collect())
        .collect();
    let heading: Vec<char> = crate::tui::text::HELP_NOW.chars().collect();
    let (start, col) = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            row.windows(heading.len())
                .position(|w| w == heading.as_slice())
                .map(|c| (r, c))
        })
        .expect("help opens with the keys of the screen under it");
    let mut out = Vec::new();
    for row in &rows[start + 1..] {
        let cell: String = row.iter().skip(col).take(40).collect();
        if !cell.starts_with(' ') {
            break;
        }
        out.push(cell.trim().to_owned());
    }
    out
}

#[test]
fn help_opens_with_the_keys_the_screen_under_it_answers_now() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    app.size = (120, 40);
    go_to(&mut app, "admin-ports-blocked");
    press(&mut app, Msg::Help);
    let probe_item = help_now_section(&app);
    let footer: Vec<String> = app
        .screen_keys()
        .iter()
        .map(|(k, what)| format!("{k:<14}{what}"))
        .map(|l| l.trim().to_owned())
        .collect();
    assert_eq!(
        probe_item, footer,
        "help's first section is the screen's key map"
    );
    assert!(
        probe_item
            .iter()
            .any(|l| l.starts_with('p') && l.ends_with("probe"))
    );

    // Another item, another map: the section follows what the keys do there.
    press(&mut app, Msg::Esc);
    go_to(&mut app, "sip-phone-logons");
    press(&mut app, Msg::Help);
    let other = help_now_section(&app);
    assert!(!other.iter().any(|l| l.ends_with("probe")), "{other:?}");
    assert_ne!(other, probe_item);
}
