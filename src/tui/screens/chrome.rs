//! The header (site, model, progress, score), the feedback line and the footer of keys that
//! work on the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::super::answer::Editor;
use super::super::app::{App, Step};
use super::super::protect::Field;
use super::super::text;

pub(super) fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = vec![Span::styled(format!(" {} ", text::APP), theme.heading())];
    if let Some(s) = app.session() {
        let p = s.progress();
        spans.push(Span::raw(format!(
            "│ {} │ {} │ {}/{} handled │ score {}% ({}) ",
            s.site.site.name,
            s.site.site.model.display_name(),
            p.handled,
            p.applicable,
            p.score,
            p.band
        )));
    }
    Paragraph::new(Line::from(spans))
        .style(theme.focus())
        .render(area, buf);
}

pub(super) fn notice(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(n) = app.notice() {
        let style = if n.error {
            app.theme.bad()
        } else {
            app.theme.good()
        };
        Paragraph::new(Line::styled(format!(" {}", n.text), style)).render(area, buf);
    }
}

/// The keys that work right now, as (key, what) pairs.
pub(crate) fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.confirm_quit {
        return vec![("y", "quit"), ("n", "stay")];
    }
    if app.help {
        return vec![("Esc", "close")];
    }
    let mut k: Vec<(&str, &str)> = Vec::new();
    match app.step {
        Step::Site => {
            k.extend([("↑↓", "field"), ("←→", "model"), ("Enter", "next")]);
        }
        Step::Extensions => {
            if app.exts.as_ref().is_some_and(|e| e.label.is_some()) {
                k.extend([("Enter", "save label"), ("Esc", "cancel")]);
            } else if app.exts.as_ref().is_some_and(|e| e.input_focused) {
                k.extend([("Enter", "add / continue"), ("Tab", "table")]);
            } else {
                k.extend([
                    ("↑↓", "row"),
                    ("space", "in use"),
                    ("t", "type"),
                    ("m", "mailbox"),
                    ("u", "User Pro"),
                    ("x", "remove"),
                    ("l", "label"),
                    ("Tab", "add"),
                    ("Enter", "continue"),
                ]);
            }
        }
        Step::Protection => {
            k.push(("↑↓", "field"));
            match app.protect.as_ref().map(|p| p.focus) {
                Some(Field::Mode) => k.push(("←→", "choose")),
                Some(Field::Generated) => k.push(("v", "show")),
                Some(Field::Confirm) => k.push(("space", "confirm")),
                Some(Field::Pass | Field::Repeat) => k.push(("Ctrl+R", "show")),
                _ => {}
            }
            k.push(("Enter", "next / seal"));
        }
        Step::Unlock => k.extend([("Enter", "open"), ("Ctrl+R", "show")]),
        Step::Walk => walk_keys(app, &mut k),
        Step::Review => k.extend([("↑↓", "scroll"), ("Enter", "finish"), ("Esc", "back")]),
        Step::Finished => {}
    }
    if app.typing() {
        k.push(("F1", "help"));
        k.push(("Ctrl+C", "quit"));
    } else {
        k.push(("?", "help"));
        k.push(("q", "quit"));
    }
    k
}

fn walk_keys(app: &App, k: &mut Vec<(&'static str, &'static str)>) {
    let Some(w) = app.walk() else {
        return;
    };
    if w.reason.is_some() {
        k.extend([("Enter", "save reason"), ("Esc", "cancel")]);
        return;
    }
    match &w.editor {
        Editor::Value { editing: true, .. } => {
            k.extend([("Enter", "save"), ("Esc", "cancel")]);
            return;
        }
        Editor::Credentials(c) if c.typing.is_some() => {
            k.extend([("Enter", "seal"), ("Ctrl+R", "show"), ("Esc", "cancel")]);
            return;
        }
        _ => {}
    }
    k.push(("Tab", "item"));
    match &w.editor {
        Editor::Inapplicable | Editor::Confirm => {}
        Editor::Choice { .. } | Editor::Extensions { .. } => {
            k.extend([("↑↓", "move"), ("space", "choose")]);
        }
        Editor::Credentials(c) => {
            k.extend([("↑↓←→", "cell"), ("g/G", "gen"), ("r", "regen")]);
            k.extend([("e", "type"), ("v", "reveal"), ("c", "copy")]);
            if c.rows.is_empty() {
                k.truncate(k.len() - 6);
            }
        }
        Editor::Value { .. } => k.push(("e", "edit")),
    }
    if !matches!(w.editor, Editor::Inapplicable) {
        k.extend([("d", "done"), ("n", "n/a"), ("f", "defer")]);
    }
    k.push(("E", "extensions"));
    k.push(("R", "review"));
}

pub(super) fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = Vec::new();
    for (key, what) in keys(app) {
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::styled(format!(" {what} "), theme.dim()));
    }
    Paragraph::new(Line::from(spans))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}
