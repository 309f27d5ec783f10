//! The short SMDR watch overlay (the form, then the live count of records received) and the
//! verdict block of the call-record items: the last audit recorded in the site file.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::app::App;
use super::super::smdr::SmdrState;
use super::super::text::smdr as t;
use super::super::theme::Theme;
use crate::calls::short_watch::Progress;
use crate::coverage::call_audit::severity_fails;
use crate::site::calls::CallAudit;
use crate::terminal_text::escape_controls;

/// The spinner's frames: a sign of life while the backlog arrives.
const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

/// Draws the open short-watch overlay over `area`.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(state) = app.smdr_state() else {
        return;
    };
    let th = app.theme;
    let lines = match state {
        SmdrState::Form { address, problem } => {
            let mut lines = vec![
                Line::styled(t::INTRO, th.dim()),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(format!(" {:>10} ", t::ADDRESS), th.heading()),
                    Span::styled(format!(" {}▏ ", address.shown()), th.focus()),
                ]),
                Line::styled(t::ADDRESS_HINT, th.dim()),
            ];
            if let Some(p) = problem {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!(" {}", escape_controls(p)), th.bad()));
            }
            lines
        }
        SmdrState::Running {
            address,
            progress,
            beats,
            ..
        } => {
            let spin = SPINNER[*beats as usize % SPINNER.len()];
            let mut lines = vec![Line::styled(
                format!("{spin} {} {address}", t::RUNNING),
                th.heading(),
            )];
            lines.push(match progress {
                None => Line::styled(t::CONNECTING, th.dim()),
                Some(Progress::Connected(addr)) => {
                    Line::raw(format!("{} {addr}; {}", t::CONNECTED, t::WAITING))
                }
                Some(Progress::Received { records, alerts }) => {
                    Line::raw(t::received(*records, *alerts))
                }
                Some(Progress::Retrying(why)) => Line::styled(
                    format!("{}: {}", t::RETRYING, escape_controls(why)),
                    th.warn(),
                ),
            });
            lines.push(Line::raw(""));
            lines.push(Line::styled(t::ESC, th.dim()));
            lines
        }
    };
    super::popup(th, area, buf, t::TITLE, &lines, 70);
}

/// The verdict block of a call-record item: the last audit (records, unreadable lines, alerts
/// per rule with their severity and the item each points at), or how to get one.
pub(crate) fn verdict(th: Theme, audit: Option<&CallAudit>) -> Vec<Line<'static>> {
    let Some(a) = audit else {
        return vec![
            Line::styled(t::VERDICT, th.heading()),
            Line::styled(t::NO_AUDIT, th.dim()),
        ];
    };
    let mut lines = vec![
        Line::styled(
            format!("{} ({}, {})", t::VERDICT, escape_controls(&a.source), a.at),
            th.heading(),
        ),
        Line::raw(t::read(a.records, a.unreadable)),
    ];
    if a.alerts.is_empty() {
        lines.push(Line::styled(t::NO_ALERT, th.good()));
    }
    for rule in &a.alerts {
        let style = if severity_fails(&rule.severity) {
            th.bad()
        } else {
            th.dim()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", escape_controls(&rule.severity), rule.count),
                style,
            ),
            Span::raw(format!(
                "{} → {}",
                escape_controls(&rule.rule),
                escape_controls(&rule.item)
            )),
        ]));
    }
    lines
}
