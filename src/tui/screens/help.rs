//! The help overlay: every key of every screen, from [`text::HELP`](super::super::text::HELP),
//! in two columns so it fits 80x24.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::super::text::{self, HelpSection};
use super::super::theme::Theme;
use super::block;

fn column(theme: Theme, sections: &[&HelpSection]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (screen, keys) in sections {
        lines.push(Line::styled(*screen, theme.heading()));
        for (key, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!(" {key:<13}"), theme.key()),
                Span::raw(*what),
            ]));
        }
    }
    lines
}

pub(super) fn render(theme: Theme, area: Rect, buf: &mut Buffer) {
    let (right, left): (Vec<&HelpSection>, Vec<&HelpSection>) = text::HELP
        .iter()
        .partition(|(name, _)| text::HELP_RIGHT.contains(name));
    let left = column(theme, &left);
    let right = column(theme, &right);
    let height = (left.len().max(right.len()) as u16 + 2).min(area.height);
    let width = 78.min(area.width);
    let r = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(r, buf);
    let outer = block(theme, text::title::HELP);
    let inner = outer.inner(r);
    outer.render(r, buf);
    let [a, b] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    Paragraph::new(left).render(a, buf);
    Paragraph::new(right).render(b, buf);
}
