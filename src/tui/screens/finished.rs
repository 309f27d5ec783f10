//! The last screen: where the handover, the report and the site file are, and what to give
//! the customer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::super::app::App;
use super::super::text::{self, review as t};
use super::block;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(f) = app.finished() else {
        return;
    };
    let th = app.theme;
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!(" {label:>10}: "), th.heading()),
            Span::raw(value),
        ])
    };
    let lines = vec![
        row(
            t::HANDOVER,
            t::handover_line(
                &app.shown(&f.handover),
                f.credentials,
                if f.verified {
                    t::VERIFIED
                } else {
                    t::UNVERIFIED
                },
            ),
        ),
        row(t::REPORT, app.shown(&f.report)),
        row(t::SITE_FILE, app.shown(&f.site)),
        Line::raw(""),
        Line::styled(
            if f.passphrase {
                t::GIVE_PASSPHRASE
            } else {
                t::GIVE_KEYS
            },
            th.warn(),
        ),
        Line::raw(t::EXPORT),
        Line::raw(""),
        Line::raw(t::KEEP),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(th, text::title::FINISHED))
        .render(area, buf);
}
