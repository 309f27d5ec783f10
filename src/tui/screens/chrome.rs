//! The header (site, model, progress, score), the feedback line and the footer of keys that
//! work on the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::super::answer::{Editor, ValueKind};
use super::super::app::{App, Step};
use super::super::probe::{ProbeField, ProbeState, offers_probe};
use super::super::protect::Field;
use super::super::setup::SiteField;
use super::super::smdr::{SmdrState, offers_watch};
use super::super::text::{self, footer as key};
use super::fit;

pub(super) fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = vec![Span::styled(format!(" {} ", text::APP), theme.heading())];
    if let Some(s) = app.session() {
        let p = s.progress();
        let figures = format!(
            " │ {} │ {} ",
            s.site.site.model.display_name(),
            text::header(p.handled, p.applicable, p.score, p.band)
        );
        // The figures always show; a long site name gives way, after a whole word.
        let room = usize::from(area.width)
            .saturating_sub(fit::width(text::APP) + 4 + fit::width(&figures));
        spans.push(Span::raw(format!(
            "│ {}{figures}",
            fit::clip(&s.site.site.name, room)
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
        return vec![key::QUIT, key::STAY];
    }
    if app.help {
        return vec![key::SCROLL, key::CLOSE];
    }
    let mut k: Vec<(&str, &str)> = Vec::new();
    match app.step() {
        Step::Site => {
            k.push(key::FIELD);
            // The model changes only on its own row, and only when no checklist fixes it.
            if app
                .form()
                .is_some_and(|f| f.focus == SiteField::Model && !f.model_fixed)
            {
                k.push(key::MODEL);
            }
            k.push(key::NEXT);
        }
        Step::Extensions => {
            if app.exts().is_some_and(|e| e.label.is_some()) {
                k.extend([key::SAVE_LABEL, key::CANCEL]);
            } else if app.exts().is_some_and(|e| e.input_focused) {
                k.extend([key::ADD_CONTINUE, key::TABLE]);
            } else {
                k.extend([
                    key::ROW,
                    key::IN_USE,
                    key::TYPE,
                    key::MAILBOX,
                    key::USER_PRO,
                    key::NOTIFY,
                    key::REMOVE,
                    key::LABEL,
                    key::ADD,
                    key::CONTINUE,
                ]);
            }
        }
        Step::Protection => {
            k.push(key::FIELD);
            match app.protect().map(|p| p.focus) {
                Some(Field::Mode) => k.push(key::CHOOSE),
                Some(Field::Generated) => k.push(key::SHOW),
                Some(Field::Confirm) => k.push(key::CONFIRM),
                Some(Field::Dealer) => k.push(text::visit::TOGGLE),
                Some(Field::Pass | Field::Repeat) => k.push(key::SHOW_2),
                _ => {}
            }
            k.push(key::NEXT_SEAL);
            if app.addendum.is_some() {
                k.push(key::BACK);
            }
        }
        Step::Unlock => k.extend([key::FIELD, key::OPEN, key::SHOW_2, text::visit::LEAVE]),
        Step::Replay => k.push(key::CONTINUE),
        Step::Walk => walk_keys(app, &mut k),
        Step::Review => k.extend([key::SCROLL, key::FINISH, key::BACK]),
        Step::Finished => {}
    }
    if app.typing() {
        k.push(key::HELP);
        k.push(key::QUIT_2);
    } else {
        k.push(key::HELP_2);
        k.push(key::QUIT_3);
    }
    k
}

fn walk_keys(app: &App, k: &mut Vec<(&'static str, &'static str)>) {
    let Some(w) = app.walk() else {
        return;
    };
    match app.probe_state() {
        Some(ProbeState::Form { focus, .. }) => {
            k.push(key::FIELD);
            // Where the probe runs from changes only on its own row.
            if *focus == ProbeField::Vantage {
                k.push(key::FROM);
            }
            k.extend([key::START, key::CANCEL]);
            return;
        }
        Some(ProbeState::Running { .. }) => {
            k.push(key::STOP);
            return;
        }
        None => {}
    }
    match app.smdr_state() {
        Some(SmdrState::Form { .. }) => {
            k.extend([key::START, key::CANCEL]);
            return;
        }
        Some(SmdrState::Running { .. }) => {
            k.push(key::STOP);
            return;
        }
        None => {}
    }
    if w.reason.is_some() {
        k.extend([key::SAVE_REASON, key::CANCEL]);
        return;
    }
    match &w.editor {
        Editor::Value { editing: true, .. } => {
            k.extend([key::SAVE, key::CANCEL]);
            return;
        }
        Editor::Credentials(c) if c.typing.is_some() => {
            k.extend([key::SEAL, key::SHOW_2, key::CANCEL]);
            return;
        }
        _ => {}
    }
    k.push(key::ITEM);
    match &w.editor {
        Editor::Inapplicable | Editor::Confirm => {}
        Editor::Choice { .. } | Editor::Extensions { .. } => {
            k.extend([key::MOVE, key::CHOOSE_2]);
        }
        Editor::Credentials(c) => {
            k.extend([key::CELL, key::GEN, key::REGEN]);
            k.extend([key::TYPE_2, key::REVEAL, key::COPY]);
            if c.rows.is_empty() {
                k.truncate(k.len() - 6);
            } else if c.rows.iter().any(|r| r.target.level.is_some()) {
                k.push(key::LEVEL);
            }
        }
        Editor::Value { kind, .. } => {
            k.push(key::EDIT);
            if matches!(kind, ValueKind::Number { none: true, .. }) {
                k.push(key::NOT_USED);
            }
        }
    }
    if !matches!(w.editor, Editor::Inapplicable) {
        k.extend([key::DONE, key::N_A, key::DEFER]);
        if app
            .session()
            .is_some_and(|s| offers_probe(&s.item(w.cursor).id))
        {
            k.push(key::PROBE);
        }
        if app
            .session()
            .is_some_and(|s| offers_watch(&s.item(w.cursor).id))
        {
            k.push(key::SMDR);
        }
    }
    k.push(key::EXTENSIONS);
    k.push(key::REVIEW);
}

/// The keys laid out in `lines` lines of `width` columns, each key beside what it does; keys
/// that do not fit are left out (in order of the list, the last first) and help, which lists
/// them all, says "more keys". Help and quit, the list's last two, always stay.
pub(crate) fn footer_lines(
    keys: &[(&'static str, &'static str)],
    width: usize,
    lines: usize,
) -> Vec<Vec<(&'static str, String)>> {
    let pair = |(key, what): (&'static str, &str)| (key, format!(" {what}  "));
    let wide = |p: &(&str, String)| fit::width(p.0) + fit::width(&p.1);
    let layout = |pairs: &[(&'static str, String)]| {
        let mut out: Vec<Vec<(&'static str, String)>> = vec![Vec::new()];
        let mut used = 0;
        for p in pairs {
            // The trailing two spaces of a line's last pair may hang over the edge.
            if used > 0 && used + wide(p) > width + 2 {
                out.push(Vec::new());
                used = 0;
            }
            used += wide(p);
            if let Some(line) = out.last_mut() {
                line.push(p.clone());
            }
        }
        out
    };
    let split = keys.len().saturating_sub(2);
    let (body, tail) = keys.split_at(split);
    let all: Vec<_> = keys.iter().copied().map(pair).collect();
    let laid = layout(&all);
    if laid.len() <= lines {
        return laid;
    }
    let more: Vec<_> = tail
        .iter()
        .enumerate()
        .map(|(n, k)| {
            if n == 0 {
                pair((k.0, key::MORE.1))
            } else {
                pair(*k)
            }
        })
        .collect();
    for keep in (0..body.len()).rev() {
        let mut pairs: Vec<_> = body[..keep].iter().copied().map(pair).collect();
        pairs.extend(more.iter().cloned());
        let laid = layout(&pairs);
        if laid.len() <= lines {
            return laid;
        }
    }
    layout(&more)
}

pub(super) fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let laid = footer_lines(
        &keys(app),
        usize::from(area.width),
        usize::from(area.height),
    );
    let lines: Vec<Line> = laid
        .into_iter()
        .map(|pairs| {
            Line::from(
                pairs
                    .into_iter()
                    .flat_map(|(k, what)| {
                        [
                            Span::styled(k, theme.key()),
                            Span::styled(what, theme.dim()),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}
