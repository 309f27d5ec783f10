//! The help overlay: first the keys that work on the screen under it right now, drawn from the
//! same key map that dispatches them (so a key listed there is a key that works), then every key
//! of every screen, from [`text::HELP`](super::super::text::HELP).
//! Two columns when the screen is wide enough for both without cutting a word, one otherwise;
//! a description too long for its column wraps under itself, and the whole scrolls inside the
//! frame (↑↓, PgUp/PgDn, Home/End) with the visible range in the title.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::super::app::App;
use super::super::keys::Label;
use super::super::text;
use super::super::theme::Theme;
use super::{FOOTER, block, fit};

/// Columns of a key name.
const KEY: usize = 14;

/// The narrowest a description gets before help falls back to one column.
const WHAT_MIN: usize = 24;

/// A section of help: its heading and its keys.
type Section<'a> = (&'static str, &'a [Label]);

fn column(theme: Theme, sections: &[Section], width: usize) -> Vec<Line<'static>> {
    let room = width.saturating_sub(KEY + 2).max(1);
    let mut lines = Vec::new();
    for (screen, keys) in sections {
        lines.push(Line::styled(*screen, theme.heading()));
        for (key, what) in *keys {
            for (n, part) in fit::wrap(what, room).into_iter().enumerate() {
                let key = if n == 0 { *key } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {key:<KEY$}"), theme.key()),
                    Span::raw(part),
                ]));
            }
        }
    }
    lines
}

/// The frame of the overlay on a screen of `area`: everything but the header and the footer,
/// so the footer keeps saying how to scroll and close.
fn frame(area: Rect) -> Rect {
    let width = 100.min(area.width);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height: area.height.saturating_sub(2 + FOOTER),
    }
}

/// The help's lines for a frame `inner_width` wide: one or two columns. `now` is the screen's
/// key map as it stands (the keys that work under the overlay), listed first.
fn columns(
    theme: Theme,
    now: &[Label],
    inner_width: u16,
) -> (Vec<Line<'static>>, Option<Vec<Line<'static>>>) {
    let half = usize::from(inner_width) / 2;
    let mut all: Vec<Section> = Vec::with_capacity(text::HELP.len() + 1);
    if !now.is_empty() {
        all.push((text::HELP_NOW, now));
    }
    all.extend(text::HELP.iter().map(|(name, keys)| (*name, *keys)));
    if half >= KEY + 1 + WHAT_MIN {
        let (right, left): (Vec<Section>, Vec<Section>) = all
            .into_iter()
            .partition(|(name, _)| text::HELP_RIGHT.contains(name));
        (
            column(theme, &left, half),
            Some(column(theme, &right, half)),
        )
    } else {
        (column(theme, &all, usize::from(inner_width)), None)
    }
}

/// How far help can scroll over `app` on its terminal.
pub(crate) fn max_scroll(app: &App) -> u16 {
    let (width, height) = app.size;
    let r = frame(Rect::new(0, 0, width, height));
    let now = app.screen_keys();
    let (left, right) = columns(Theme { color: false }, &now, r.width.saturating_sub(2));
    let rows = left.len().max(right.map_or(0, |r| r.len()));
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_sub(r.height.saturating_sub(2))
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let r = frame(area);
    let now = app.screen_keys();
    let (left, right) = columns(theme, &now, r.width.saturating_sub(2));
    let rows = left.len().max(right.as_ref().map_or(0, Vec::len));
    let visible = usize::from(r.height.saturating_sub(2));
    let scroll = app.help_scroll.min(max_scroll(app));
    let first = usize::from(scroll);
    let title = if rows > visible {
        format!(
            "{} {}-{} of {rows}",
            text::title::HELP,
            first + 1,
            (first + visible).min(rows)
        )
    } else {
        text::title::HELP.to_owned()
    };
    Clear.render(r, buf);
    let outer = block(theme, &title);
    let inner = outer.inner(r);
    outer.render(r, buf);
    match right {
        Some(right) => {
            let [a, b] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(inner);
            Paragraph::new(left).scroll((scroll, 0)).render(a, buf);
            Paragraph::new(right).scroll((scroll, 0)).render(b, buf);
        }
        None => Paragraph::new(left).scroll((scroll, 0)).render(inner, buf),
    }
}
