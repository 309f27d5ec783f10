//! The walk screen: the sidebar of sections and items with status marks, the item's text
//! (programs, what to verify, why, procedure), with a mark when the text continues past the
//! box, and its answer box.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::super::answer::box_height;
use super::super::app::App;
use super::super::probe::offers_probe;
use super::super::session::{ItemRow, Session};
use super::super::smdr::offers_watch;
use super::super::text::{self, walk as t};
use super::super::theme::Theme;
use super::{block, fit, walk_answer};
use crate::coverage::{ItemStatus, Measured};
use crate::site::Status;

/// The sidebar's narrowest width.
const SIDEBAR_MIN: u16 = 26;

/// The sidebar takes the width its titles need, up to this share of the screen (in percent);
/// a title still too long is clipped at a word and shown whole, wrapped, when focused.
const SIDEBAR_SHARE: u16 = 40;

/// The sidebar's width on a screen `screen` columns wide.
fn sidebar_width(s: &Session, screen: u16) -> u16 {
    let items = s.checklist.items().map(|i| fit::width(&i.title) + 3);
    let sections = s.checklist.sections.iter().map(|x| fit::width(&x.title));
    let needed = items.chain(sections).max().unwrap_or(0) + 2;
    let needed = u16::try_from(needed).unwrap_or(u16::MAX);
    needed.clamp(SIDEBAR_MIN, (screen * SIDEBAR_SHARE / 100).max(SIDEBAR_MIN))
}

/// The mark of an item in the sidebar.
pub(crate) fn mark(row: &ItemRow) -> &'static str {
    if !row.applies {
        return "–";
    }
    match row.computed {
        ItemStatus::Failed { .. } => return "✗",
        ItemStatus::Incomplete { .. } => return "◑",
        _ => {}
    }
    match row.status {
        Status::Done => "✓",
        Status::NotApplicable => "–",
        Status::Deferred => "»",
        Status::Pending => "·",
    }
}

pub(super) fn mark_style(theme: Theme, row: &ItemRow) -> ratatui::style::Style {
    if !row.applies {
        return theme.dim();
    }
    match row.computed {
        ItemStatus::Failed { .. } => return theme.bad(),
        ItemStatus::Incomplete { .. } => return theme.warn(),
        _ => {}
    }
    match row.status {
        Status::Done => theme.good(),
        Status::Deferred => theme.warn(),
        Status::NotApplicable => theme.dim(),
        Status::Pending => theme.text(),
    }
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(w), Some(s)) = (app.walk(), app.session()) else {
        return;
    };
    let cache = &app.render_cache;
    let side_width = cache.sidebar_width(s, area.width, || sidebar_width(s, area.width));
    let [side, main] =
        Layout::horizontal([Constraint::Length(side_width), Constraint::Min(1)]).areas(area);
    cache.sidebar(s, (w.cursor, app.theme), side, buf, |side, buf| {
        sidebar(app.theme, s, w.cursor, side, buf);
    });
    let [item_area, answer_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(box_height(
            area.height,
            main.width,
            &w.editor,
            w.reason.is_some(),
        )),
    ])
    .areas(main);
    item_text(app, s, w.cursor, w.scroll, item_area, buf);
    walk_answer::render(app, s, w, answer_area, buf);
}

fn sidebar(theme: Theme, s: &Session, cursor: usize, area: Rect, buf: &mut Buffer) {
    let outer = block(theme, text::title::CHECKLIST);
    let inner = outer.inner(area);
    outer.render(area, buf);
    let width = usize::from(inner.width).saturating_sub(3);
    let mut lines: Vec<Line> = Vec::with_capacity(s.rows().len() + s.checklist.sections.len());
    let mut focused = 0..0;
    let mut section = usize::MAX;
    for (i, row) in s.rows().iter().enumerate() {
        if row.section != section {
            section = row.section;
            let title = &s.checklist.sections[section].title;
            for part in fit::wrap(title, width + 3) {
                lines.push(Line::styled(part, theme.heading()));
            }
        }
        let title = &s.item(i).title;
        let style = if i == cursor {
            theme.focus()
        } else if row.applies {
            theme.text()
        } else {
            theme.dim()
        };
        let parts = if i == cursor {
            fit::wrap(title, width)
        } else {
            vec![fit::clip(title, width)]
        };
        let start = lines.len();
        for (n, part) in parts.into_iter().enumerate() {
            let lead = if n == 0 {
                Span::styled(format!(" {} ", mark(row)), mark_style(theme, row))
            } else {
                Span::raw("   ")
            };
            lines.push(Line::from(vec![lead, Span::styled(part, style)]));
        }
        if i == cursor {
            focused = start..lines.len();
        }
    }
    let height = usize::from(inner.height);
    // Centre the focused title, keeping all its lines in view.
    let offset = (focused.start + focused.len() / 2)
        .saturating_sub(height / 2)
        .min(focused.start)
        .min(lines.len().saturating_sub(height));
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    Paragraph::new(visible).render(inner, buf);
}

fn item_text(app: &App, s: &Session, cursor: usize, scroll: u16, area: Rect, buf: &mut Buffer) {
    let th = app.theme;
    let item = s.item(cursor);
    let row = &s.rows()[cursor];
    let section = &s.checklist.sections[row.section].title;
    let mut lines: Vec<Line<'static>> = vec![Line::styled(item.title.clone(), th.heading())];
    let programs = if item.programs.is_empty() {
        "—".to_owned()
    } else {
        item.programs.join(", ")
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", t::PROGRAMS), th.heading()),
        Span::raw(programs),
        Span::styled(format!("   {} {}", t::WEIGHT, item.weight), th.dim()),
    ]));
    let record = s.site.items.get(&item.id);
    let status_word = if row.applies {
        row.computed.label()
    } else {
        t::NOT_APPLYING
    };
    let mut status_line = vec![Span::styled(
        format!("{} {status_word}", mark(row)),
        mark_style(th, row),
    )];
    if let Some(reason) = record.and_then(|r| r.reason.as_ref()) {
        status_line.push(Span::raw(format!(" — {reason}")));
    }
    lines.push(Line::from(status_line));
    // An unconfirmed fact comes first, before anything the installer might act on.
    if let Some(v) = &item.verify {
        lines.push(Line::styled(format!("⚠ {}", t::VERIFY), th.warn()));
        lines.push(Line::styled(v.clone(), th.warn()));
    }
    let measured = |by| row.computed.findings().iter().any(|f| f.measured == by);
    if measured(Measured::Probe) {
        lines.push(Line::styled(t::FAILED_HINT, th.bad()));
    }
    if measured(Measured::CallAudit) {
        lines.push(Line::styled(t::FAILED_CALLS_HINT, th.bad()));
        for f in row.computed.findings() {
            if f.measured == Measured::CallAudit {
                lines.push(Line::styled(format!("{}: {}", f.at, f.text), th.bad()));
            }
        }
    }
    if !row.computed.missing().is_empty() {
        lines.push(Line::styled(
            format!("{}: {}", t::MISSING, row.computed.missing().join(", ")),
            th.warn(),
        ));
    }
    // Then the probe's verdicts: they say whether the item holds on the real system.
    if let Some(report) = &s.site.probe {
        lines.extend(super::probe::findings(
            th,
            report,
            &item.id,
            offers_probe(&item.id),
        ));
    }
    // The call-record items show the last audit's verdict.
    if offers_watch(&item.id) {
        lines.extend(super::smdr::verdict(
            th,
            s.site.calls.as_ref().and_then(|c| c.last_audit.as_ref()),
        ));
    }
    lines.push(Line::styled(t::WHY, th.heading()));
    lines.push(Line::raw(item.why.trim().to_owned()));
    lines.push(Line::styled(t::PROCEDURE, th.heading()));
    for (n, step) in item.procedure.iter().enumerate() {
        lines.push(Line::raw(format!("{}. {step}", n + 1)));
    }
    let title = fit::clip(section, usize::from(area.width).saturating_sub(4));
    app.render_cache.item(
        (&title, lines, scroll),
        th,
        area,
        buf,
        |lines, area, buf| {
            item_pane(th, &title, lines, scroll, area, buf);
        },
    );
}

/// The item's text in its box, scrolled, with a mark where it goes on past either edge.
fn item_pane(
    th: Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Say so when the text goes on past the box: a procedure step or the why cut off at the
    // bottom edge would otherwise look like the end of the item.
    let total = paragraph.line_count(area.width.saturating_sub(2));
    let visible = usize::from(area.height.saturating_sub(2));
    let mut frame = block(th, title);
    if total > usize::from(scroll) + visible {
        frame = frame.title_bottom(Line::styled(t::MORE_BELOW, th.warn()).right_aligned());
    }
    if scroll > 0 {
        frame = frame.title_bottom(Line::styled(t::MORE_ABOVE, th.dim()).left_aligned());
    }
    paragraph.scroll((scroll, 0)).block(frame).render(area, buf);
}
