//! The extension screen: the range line and the scrolling table (only visible rows are built).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, Widget};

use super::super::app::{App, follow};
use super::super::extensions::type_label;
use super::super::text::{self, extensions as t};
use super::block;

fn yes(b: bool) -> &'static str {
    if b { "[x]" } else { "[ ]" }
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(e), Some(s)) = (app.exts(), app.session()) else {
        return;
    };
    let th = app.theme;
    let outer = block(th, text::title::EXTENSIONS);
    let inner = outer.inner(area);
    outer.render(area, buf);
    let [intro, input, table_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(inner);
    Paragraph::new(Line::styled(t::INTRO, th.dim()))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(intro, buf);
    let cursor = if e.input_focused { "▏" } else { "" };
    let style = if e.input_focused {
        th.focus()
    } else {
        th.text()
    };
    Paragraph::new(Line::from(vec![
        ratatui::text::Span::styled(format!(" {}: ", t::ADD), th.heading()),
        ratatui::text::Span::styled(format!("{}{cursor} ", e.input.shown()), style),
        ratatui::text::Span::styled(
            format!("   {} {}", s.site.extensions.len(), t::COUNT),
            th.dim(),
        ),
    ]))
    .render(input, buf);
    if s.site.extensions.is_empty() {
        Paragraph::new(Line::styled(t::EMPTY, th.dim())).render(table_area, buf);
        return;
    }
    let visible = usize::from(table_area.height.saturating_sub(1));
    let rows = s
        .site
        .extensions
        .iter()
        .enumerate()
        .skip(follow(e.offset, e.cursor, visible))
        .take(visible)
        .map(|(i, x)| {
            let row = Row::new(vec![
                x.number.to_string(),
                yes(x.in_use).to_owned(),
                type_label(x.kind).to_owned(),
                yes(x.mailbox).to_owned(),
                yes(x.user_pro).to_owned(),
                match x.notification {
                    Some(b) => yes(b),
                    None => t::NOTIFY_UNKNOWN,
                }
                .to_owned(),
                match &e.label {
                    Some(l) if i == e.cursor => format!("{}▏", l.shown()),
                    _ => x.label.clone(),
                },
            ]);
            if !e.input_focused && i == e.cursor {
                row.style(th.focus())
            } else if x.in_use {
                row
            } else {
                row.style(th.dim())
            }
        });
    // Each column as wide as its heading or its widest value, so the label keeps the rest.
    let widths = [
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(13),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Min(10),
    ];
    Table::new(rows, widths)
        .header(Row::new(t::COLUMNS.to_vec()).style(th.heading()))
        .render(table_area, buf);
}
