//! The probe overlay (the form, then the live progress) and the findings block of an item.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::app::App;
use super::super::probe::{ProbeField, ProbeState};
use super::super::text::probe as t;
use super::super::theme::Theme;
use crate::probe::{ProbeReport, Severity, Vantage};

/// Draws the open probe overlay over `area`.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(state) = app.probe_state() else {
        return;
    };
    let th = app.theme;
    let lines = match state {
        ProbeState::Form {
            host,
            vantage,
            focus,
            problem,
        } => form_lines(th, &host.shown(), *vantage, *focus, problem.as_deref()),
        ProbeState::Running { host, progress, .. } => {
            let mut lines = vec![Line::styled(format!("{} {host}", t::RUNNING), th.heading())];
            match progress {
                Some(p) => {
                    lines.push(Line::raw(format!("{}/{} {}", p.done, p.total, p.step)));
                    lines.push(bar(th, p.done, p.total, 40));
                }
                None => lines.push(Line::styled(t::STARTING, th.dim())),
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(t::ESC, th.dim()));
            lines
        }
    };
    super::popup(th, area, buf, t::TITLE, &lines, 70);
}

fn form_lines(
    th: Theme,
    host: &str,
    vantage: Vantage,
    focus: ProbeField,
    problem: Option<&str>,
) -> Vec<Line<'static>> {
    let field = |label: &str, value: String, focused: bool| {
        let style = if focused { th.focus() } else { th.text() };
        Line::from(vec![
            Span::styled(format!(" {label:>10} "), th.heading()),
            Span::styled(format!(" {value} "), style),
        ])
    };
    let mut lines = vec![
        Line::styled(t::INTRO, th.dim()),
        Line::raw(""),
        field(t::HOST, format!("{host}▏"), focus == ProbeField::Host),
    ];
    for (v, label) in [(Vantage::Outside, t::OUTSIDE), (Vantage::Inside, t::INSIDE)] {
        let mark = if v == vantage { "(•)" } else { "( )" };
        let name = if v == Vantage::Outside { t::FROM } else { "" };
        lines.push(field(
            name,
            format!("{mark} {label}"),
            focus == ProbeField::Vantage && v == vantage,
        ));
    }
    if let Some(p) = problem {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!(" {p}"), th.bad()));
    }
    lines
}

fn bar(th: Theme, done: usize, total: usize, width: usize) -> Line<'static> {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    Line::from(vec![
        Span::styled("█".repeat(filled), th.good()),
        Span::styled("░".repeat(width - filled), th.dim()),
    ])
}

/// The findings block of item `id`: the recorded probe's verdicts on it, if it has any.
pub(crate) fn findings(
    th: Theme,
    report: &ProbeReport,
    id: &str,
    offers: bool,
) -> Vec<Line<'static>> {
    let mine: Vec<_> = report.findings.iter().filter(|f| f.item == id).collect();
    if mine.is_empty() && !offers {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        format!(
            "{} {} ({}, {}, {})",
            t::FINDINGS,
            report.host,
            report.address,
            report.vantage,
            crate::report::words::date_time_short(&report.at)
        ),
        th.heading(),
    )];
    if mine.is_empty() {
        lines.push(Line::styled(t::NO_FINDING, th.dim()));
    }
    for f in mine {
        let style = match f.severity {
            Severity::Critical | Severity::Failed => th.bad(),
            Severity::Warning => th.warn(),
            Severity::Info => th.dim(),
        };
        let port = f.port.map(|p| format!(" {p}")).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{}{port}: ", f.severity.name()), style),
            Span::raw(f.text.clone()),
        ]));
    }
    lines
}
