//! The help overlay: every key of every screen, from [`text::HELP`](super::super::text::HELP).
//! Two columns when the screen is wide enough for both without cutting a word, one otherwise;
//! a description too long for its column wraps under itself, and the whole scrolls inside the
//! frame (↑↓, PgUp/PgDn, Home/End) with the visible range in the title.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::super::text::{self, HelpSection};
use super::super::theme::Theme;
use super::{FOOTER, block, fit};

/// Columns of a key name.
const KEY: usize = 14;

/// The narrowest a description gets before help falls back to one column.
const WHAT_MIN: usize = 24;

fn column(theme: Theme, sections: &[&HelpSection], width: usize) -> Vec<Line<'static>> {
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

/// The help's lines for a frame `inner_width` wide: one or two columns.
fn columns(theme: Theme, inner_width: u16) -> (Vec<Line<'static>>, Option<Vec<Line<'static>>>) {
    let half = usize::from(inner_width) / 2;
    if half >= KEY + 1 + WHAT_MIN {
        let (right, left): (Vec<&HelpSection>, Vec<&HelpSection>) = text::HELP
            .iter()
            .partition(|(name, _)| text::HELP_RIGHT.contains(name));
        (
            column(theme, &left, half),
            Some(column(theme, &right, half)),
        )
    } else {
        let all: Vec<&HelpSection> = text::HELP.iter().collect();
        (column(theme, &all, usize::from(inner_width)), None)
    }
}

/// How far help can scroll on a screen `width` x `height`.
pub(crate) fn max_scroll(width: u16, height: u16) -> u16 {
    let r = frame(Rect::new(0, 0, width, height));
    let (left, right) = columns(Theme { color: false }, r.width.saturating_sub(2));
    let rows = left.len().max(right.map_or(0, |r| r.len()));
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_sub(r.height.saturating_sub(2))
}

pub(super) fn render(theme: Theme, scroll: u16, area: Rect, buf: &mut Buffer) {
    let r = frame(area);
    let (left, right) = columns(theme, r.width.saturating_sub(2));
    let rows = left.len().max(right.as_ref().map_or(0, Vec::len));
    let visible = usize::from(r.height.saturating_sub(2));
    let scroll = scroll.min(max_scroll(area.width, area.height));
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
