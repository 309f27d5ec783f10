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
use crate::secrets::{CredentialKind, Severity};
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
            Because::Mark(_) => t::REASON_DEFERRED,
        };
        lines.push(Line::styled(q, th.heading()));
        lines.push(Line::styled(format!("{}▏", input.shown()), th.focus()));
        Paragraph::new(lines).render(inner, buf);
        return;
    }
    match &w.editor {
        Editor::Inapplicable => lines.push(Line::styled(t::DOES_NOT_APPLY, th.dim())),
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
                ValueKind::Number { min, max, .. } => t::value_number(*min, *max),
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

/// Width of the first column (who the credentials are for).
const SUBJECT: usize = 15;

fn fit(text: &str, width: usize) -> String {
    let mut s: String = text.chars().take(width).collect();
    while s.chars().count() < width {
        s.push(' ');
    }
    s
}

fn table(
    app: &App,
    th: Theme,
    ed: &CredEditor,
    (width, rows): (u16, usize),
    lines: &mut Vec<Line<'static>>,
) {
    let n = ed.kinds.len().max(1);
    let col = ((usize::from(width).saturating_sub(SUBJECT)) / n).clamp(10, 34);
    let mut head = vec![Span::styled(fit("", SUBJECT), th.heading())];
    for (k, bits) in ed.kinds.iter().zip(&ed.bits) {
        let label = format!("{} {bits:.1} {}", k.name(), t::BITS);
        head.push(Span::styled(fit(&label, col), th.heading()));
    }
    lines.push(Line::from(head));
    if ed.rows.is_empty() {
        lines.push(Line::styled(t::NO_EXTENSIONS, th.dim()));
    }
    let vault = app.vault();
    let offset = follow(ed.offset, ed.row, rows);
    for (r, row) in ed.rows.iter().enumerate().skip(offset).take(rows) {
        let who = match row.target.level {
            Some(l) => format!("{} {}", row.target.subject, level_name(l)),
            None => row.target.subject.clone(),
        };
        let mut spans = vec![Span::raw(fit(&who, SUBJECT - 1) + " ")];
        for (c, slot) in row.slots.iter().enumerate() {
            let focused = r == ed.row && c == ed.col;
            let sealed = slot.and_then(|i| vault.and_then(|v| v.secret(i)));
            let shown = match (sealed, &row.earlier) {
                (None, Some(earlier)) if slot.is_none() => {
                    format!(
                        "{} {}",
                        super::super::text::visit::ISSUED,
                        earlier.at.date()
                    )
                }
                (sealed, _) => match sealed {
                    None => t::NOT_YET.to_owned(),
                    Some(v) if ed.kinds[c] == CredentialKind::Port || (focused && ed.revealed) => {
                        v.expose_secret().to_owned()
                    }
                    Some(_) => t::MASK.to_owned(),
                },
            };
            let style = if focused {
                th.focus()
            } else if sealed.is_some() || row.earlier.is_some() {
                th.good()
            } else {
                th.dim()
            };
            spans.push(Span::styled(format!("{shown:<w$}", w = col - 1), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    // What the domain says about the focused target or the users left alone.
    if let Some(note) = ed.rows.get(ed.row).and_then(|r| r.target.note) {
        lines.push(Line::styled(format!("{}: {note}", t::NOTE), th.warn()));
    }
    for (user, why) in ed.untouched {
        lines.push(Line::styled(format!("user {user}: {why}"), th.dim()));
    }
}
