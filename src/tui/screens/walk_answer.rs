//! The answer box of the walk: one drawing per answer kind, the reason prompt, and the
//! credentials table, where only the focused secret can be revealed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use secrecy::ExposeSecret;

use super::super::answer::{Editor, ValueKind};
use super::super::app::{App, follow};
use super::super::creds::{CredEditor, level_name};
use super::super::session::Session;
use super::super::text::walk as t;
use super::super::theme::Theme;
use super::super::walk::Because;
use super::block;
use crate::checklist::AnswerSpec;
use crate::secrets::Severity;
use crate::site::Status;

pub(super) fn render(
    app: &App,
    s: &Session,
    w: &super::super::walk::Walk,
    area: Rect,
    buf: &mut Buffer,
) {
    let th = app.theme;
    let item = s.item(w.cursor);
    let outer = block(th, t::ANSWER);
    let inner = outer.inner(area);
    outer.render(area, buf);
    let rows = usize::from(inner.height.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    if let Some((status, input)) = &w.reason {
        let q = match status {
            Because::Mark(Status::NotApplicable) => t::REASON_NA,
            Because::Waive => t::REASON_WAIVE,
            Because::WaiveAlerts => t::REASON_WAIVE_ALERTS,
            Because::Mark(_) => t::REASON_DEFERRED,
        };
        lines.push(Line::styled(q, th.heading()));
        lines.push(Line::styled(format!("{}▏", input.shown()), th.focus()));
        Paragraph::new(lines).render(inner, buf);
        return;
    }
    match &w.editor {
        Editor::Inapplicable => lines.push(Line::styled(t::DOES_NOT_APPLY, th.dim())),
        Editor::Confirm if item.programs.is_empty() => lines.push(Line::raw(t::CONFIRM_STEPS)),
        Editor::Confirm => lines.push(Line::raw(t::CONFIRM)),
        Editor::Choice {
            cursor,
            selected,
            multiple,
        } => {
            let AnswerSpec::Choice { options, .. } = &item.answer else {
                return;
            };
            for (i, (o, on)) in options.iter().zip(selected).enumerate() {
                let mark = match (multiple, on) {
                    (true, true) => "[x]",
                    (true, false) => "[ ]",
                    (false, true) => "(•)",
                    (false, false) => "( )",
                };
                let style = if i == *cursor { th.focus() } else { th.text() };
                lines.push(Line::styled(format!("{mark} {}", o.label), style));
            }
        }
        Editor::Extensions {
            numbers,
            checked,
            cursor,
            offset,
        } => {
            if numbers.is_empty() {
                lines.push(Line::styled(t::NO_EXTENSIONS, th.dim()));
            }
            for (i, (n, c)) in numbers
                .iter()
                .zip(checked)
                .enumerate()
                .skip(follow(*offset, *cursor, rows + 1))
                .take(rows + 1)
            {
                let mark = if *c { "[x]" } else { "[ ]" };
                let label = s
                    .site
                    .extension(n.as_str())
                    .map_or("", |e| e.label.as_str());
                let style = if i == *cursor { th.focus() } else { th.text() };
                lines.push(Line::styled(format!("{mark} {n:<8} {label}"), style));
            }
        }
        Editor::Value {
            kind,
            input,
            editing,
        } => {
            let what = match kind {
                ValueKind::Port => t::VALUE_PORT.to_owned(),
                ValueKind::Number { min, max, .. } => {
                    let unit = match &item.answer {
                        AnswerSpec::Number { unit, .. } => unit.as_deref(),
                        _ => None,
                    };
                    t::value_number(*min, *max, unit)
                }
                ValueKind::Text => t::VALUE_TEXT.to_owned(),
            };
            let cursor = if *editing { "▏" } else { "" };
            let style = if *editing { th.focus() } else { th.text() };
            lines.push(Line::from(vec![
                Span::styled(format!("{what}: "), th.heading()),
                Span::styled(format!("{}{cursor}", input.shown()), style),
            ]));
            if let Some(label) = item.answer.not_used_label() {
                let chosen = matches!(
                    s.site.answer(&item.id),
                    Some(crate::site::Answer::NotUsed {})
                ) && !*editing;
                let (mark, style) = if chosen {
                    ("(•)", th.focus())
                } else {
                    ("( )", th.text())
                };
                lines.push(Line::styled(t::not_used(mark, label), style));
            }
            if !*editing {
                lines.push(Line::styled(t::VALUE_HINT, th.dim()));
            }
        }
        Editor::Credentials(ed) if ed.typing.is_none() => {
            table(app, th, ed, (inner.width, rows), &mut lines);
            Paragraph::new(lines).render(inner, buf);
            return;
        }
        Editor::Credentials(ed) => type_in(th, ed, &mut lines),
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn type_in(th: Theme, ed: &CredEditor, lines: &mut Vec<Line<'static>>) {
    if let Some(ti) = &ed.typing {
        let kind = ed.kinds[ed.col];
        let subject = &ed.rows[ed.row].target.subject;
        lines.push(Line::styled(
            format!("{subject} — {}", kind.label()),
            th.heading(),
        ));
        lines.push(Line::raw(t::TYPE_IN));
        lines.push(Line::styled(format!("{}▏", ti.input.shown()), th.focus()));
        if let Some(v) = &ti.verdict {
            let style = match v.status {
                crate::secrets::Status::Ok => th.good(),
                crate::secrets::Status::Weak => th.warn(),
                crate::secrets::Status::Rejected => th.bad(),
            };
            let word = v.status.name();
            lines.push(Line::styled(word, style));
            for f in &v.findings {
                let style = match f.severity {
                    Severity::Rejected => th.bad(),
                    Severity::Weak => th.warn(),
                    Severity::Note => th.dim(),
                };
                lines.push(Line::styled(
                    format!("  {}: {}", f.severity.name(), f.message),
                    style,
                ));
            }
        }
    }
}

/// Widest first column (who the credentials are for).
const SUBJECT: usize = 15;

fn pad(text: &str, width: usize) -> String {
    let mut s = super::fit::clip(text, width);
    let w = super::fit::width(&s);
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// The table's column widths: the first takes what its subjects need (up to [`SUBJECT`]); each
/// credential column gets an equal share of the rest, at most 34. Headers are two lines (the
/// kind's name, then its entropy with the unit), so neither is cut where a share is narrow.
fn widths(ed: &CredEditor, width: usize) -> (usize, usize) {
    let n = ed.kinds.len().max(1);
    // Measured without building each row's subject: a 1,000-row table is scanned every frame.
    let subjects = ed
        .rows
        .iter()
        .map(|r| subject_width(r) + 2)
        .max()
        .unwrap_or(0);
    let first = subjects.min(SUBJECT);
    let col = (width.saturating_sub(first) / n).clamp(1, 34);
    (first, col)
}

/// The display width of [`subject`] of `row`.
fn subject_width(row: &super::super::creds::CredRow) -> usize {
    let name = super::fit::width(&row.target.subject);
    match row.target.level {
        Some(l) => name + 1 + super::fit::width(level_name(l)),
        None => name,
    }
}

fn subject(row: &super::super::creds::CredRow) -> String {
    match row.target.level {
        Some(l) => format!("{} {}", row.target.subject, level_name(l)),
        None => row.target.subject.clone(),
    }
}

fn table(
    app: &App,
    th: Theme,
    ed: &CredEditor,
    (width, rows): (u16, usize),
    lines: &mut Vec<Line<'static>>,
) {
    let (first, col) = widths(ed, usize::from(width));
    let mut names = vec![Span::styled(pad("", first), th.heading())];
    let mut bits = vec![Span::styled(pad("", first), th.heading())];
    for (k, b) in ed.kinds.iter().zip(&ed.bits) {
        names.push(Span::styled(pad(k.name(), col), th.heading()));
        bits.push(Span::styled(
            pad(&format!("{b:.1} {}", t::BITS), col),
            th.dim(),
        ));
    }
    lines.push(Line::from(names));
    lines.push(Line::from(bits));
    if ed.rows.is_empty() {
        lines.push(Line::styled(t::NO_TARGETS, th.dim()));
    }
    let vault = app.vault();
    let rows = rows.saturating_sub(1);
    let offset = follow(ed.offset, ed.row, rows);
    let mut too_wide = None;
    for (r, row) in ed.rows.iter().enumerate().skip(offset).take(rows) {
        let mut spans = vec![Span::raw(pad(&subject(row), first))];
        for (c, slot) in row.slots.iter().enumerate() {
            let focused = r == ed.row && c == ed.col;
            let sealed = slot.and_then(|i| vault.and_then(|v| v.secret(i)));
            let shown = match sealed {
                // Issued on an earlier visit, sealed in a handover this session did not open.
                None if slot.is_none() && row.earlier.is_some() => {
                    let at = row.earlier.as_ref().map_or("", |e| e.at.date());
                    format!("{} {at}", super::super::text::visit::ISSUED)
                }
                None => t::NOT_YET.to_owned(),
                Some(v) if focused && ed.revealed => {
                    let value = v.expose_secret().to_owned();
                    if super::fit::width(&value) >= col {
                        too_wide = Some((ed.kinds[c], value));
                        t::BELOW.to_owned()
                    } else {
                        value
                    }
                }
                Some(_) => t::MASK.to_owned(),
            };
            let style = if focused {
                th.focus()
            } else if sealed.is_some() || row.earlier.is_some() {
                th.good()
            } else {
                th.dim()
            };
            spans.push(Span::styled(pad(&shown, col.saturating_sub(1)), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    // A revealed value wider than its column is shown whole on its own line.
    if let Some((kind, value)) = too_wide {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", kind.name()), th.heading()),
            Span::styled(value, th.focus()),
        ]));
    }
    // What the domain says about the focused target or the users left alone.
    if let Some(note) = ed.rows.get(ed.row).and_then(|r| r.target.note) {
        lines.push(Line::styled(format!("{}: {note}", t::NOTE), th.warn()));
    }
    for (user, why) in ed.untouched {
        lines.push(Line::styled(format!("user {user}: {why}"), th.dim()));
    }
}
