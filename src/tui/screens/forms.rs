//! The forms: the new site, replay's site file, the handover protection, and unlocking on
//! resume.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use secrecy::ExposeSecret;

use super::super::app::App;
use super::super::protect::{Field, Mode};
use super::super::setup::SiteField;
use super::super::text;
use super::super::theme::Theme;
use super::super::unlock::UnlockField;
use super::block;

/// Columns a form row's label takes (with its spaces).
const LABEL: u16 = 16;

/// The columns a value has beside its label in a form drawn in `area`.
fn value_room(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2 + LABEL + 3))
}

/// One form row: a label and its value, the focused one highlighted with a cursor. A value
/// wider than `room` stays on its line, keeping the form aligned: the focused one shows its
/// end (where the typing is), the others their start, the cut side marked with `…`.
fn row(theme: Theme, room: usize, label: &str, value: &str, focused: bool) -> Line<'static> {
    let style = if focused { theme.focus() } else { theme.text() };
    let cursor = if focused { "▏" } else { "" };
    let count = value.chars().count();
    let value = if count <= room {
        value.to_owned()
    } else if focused {
        let tail: String = value.chars().skip(count + 1 - room).collect();
        format!("…{tail}")
    } else {
        let head: String = value.chars().take(room.saturating_sub(1)).collect();
        format!("{head}…")
    };
    Line::from(vec![
        Span::styled(format!(" {label:>14} "), theme.heading()),
        Span::styled(format!(" {value}{cursor} "), style),
    ])
}

/// A form row that is chosen, not typed into: highlighted, without a text cursor.
fn select_row(theme: Theme, label: &str, value: &str, focused: bool) -> Line<'static> {
    let style = if focused { theme.focus() } else { theme.text() };
    Line::from(vec![
        Span::styled(format!(" {label:>14} "), theme.heading()),
        Span::styled(format!(" {value} "), style),
    ])
}

fn problem(theme: Theme, lines: &mut Vec<Line<'static>>, p: Option<&String>) {
    if let Some(p) = p {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!(" {p}"), theme.bad()));
    }
}

fn draw(app: &App, title: &str, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(app.theme, title))
        .render(area, buf);
}

pub(super) fn site(app: &App, area: Rect, buf: &mut Buffer) {
    let room = value_room(area);
    let Some(f) = app.form() else {
        return;
    };
    let th = app.theme;
    let mut lines = vec![Line::styled(text::site::INTRO, th.dim()), Line::raw("")];
    let model = if f.model_fixed {
        format!("{} {}", f.model.display_name(), text::site::MODEL_FIXED)
    } else {
        format!("‹ {} ›", f.model.display_name())
    };
    lines.push(select_row(
        th,
        text::site::LABELS[0],
        &model,
        f.focus == SiteField::Model,
    ));
    for i in 0..3 {
        let label = text::site::LABELS[i + 1];
        lines.push(row(
            th,
            room,
            label,
            &f.inputs[i].shown(),
            f.focus.input() == Some(i),
        ));
    }
    let file = if f.inputs[3].is_blank() {
        f.file_name()
    } else {
        f.inputs[3].shown()
    };
    lines.push(row(
        th,
        room,
        text::site::LABELS[4],
        &file,
        f.focus == SiteField::File,
    ));
    problem(th, &mut lines, f.problem.as_ref().map(|(_, p)| p));
    draw(app, text::title::SITE, lines, area, buf);
}

pub(super) fn protection(app: &App, area: Rect, buf: &mut Buffer) {
    use text::protection as t;
    let room = value_room(area);
    let Some(f) = app.protect() else {
        return;
    };
    let th = app.theme;
    let intro = app
        .addendum
        .as_ref()
        .map_or_else(|| t::INTRO.to_owned(), text::visit::addendum_intro);
    let mut lines = vec![Line::styled(intro, th.dim()), Line::raw("")];
    for field in f.fields() {
        let focused = f.focus == *field;
        match field {
            Field::Mode => {
                let choices: Vec<String> = t::MODES
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let on = i == f.mode as usize;
                        format!("({}) {m}", if on { '•' } else { ' ' })
                    })
                    .collect();
                lines.push(select_row(th, t::MODE, &choices.join("  "), focused));
            }
            Field::Pass => {
                let count = f.pass.value().chars().count();
                let mut line = row(th, room, t::PASSPHRASE, &f.pass.shown(), focused);
                let style = if count >= t::MIN_CHARS {
                    th.good()
                } else {
                    th.warn()
                };
                line.spans.push(Span::styled(t::length(count), style));
                lines.push(line);
            }
            Field::Repeat => {
                let label = if f.mode == Mode::Generated {
                    t::TYPED_BACK
                } else {
                    t::REPEAT
                };
                lines.push(row(th, room, label, &f.repeat.shown(), focused));
            }
            Field::Generated => {
                let shown = match &f.generated {
                    Some(g) if f.reveal => g.passphrase.expose_secret().to_owned(),
                    Some(g) => format!(
                        "{}  ({:.1} {})",
                        text::walk::MASK,
                        g.entropy_bits,
                        text::walk::BITS
                    ),
                    None => String::new(),
                };
                lines.push(select_row(th, t::GENERATED, &shown, focused));
            }
            Field::Recipients => {
                for l in &f.lines {
                    lines.push(row(th, room, "", &short(l), false));
                }
                lines.push(row(th, room, t::RECIPIENTS, &f.line.shown(), focused));
            }
            Field::KeysFile => {
                lines.push(row(
                    th,
                    room,
                    t::RECIPIENTS_FILE,
                    &f.keys_file.shown(),
                    focused,
                ));
            }
            Field::Identity => {
                lines.push(row(th, room, t::IDENTITY, &f.identity.shown(), focused));
            }
            Field::Dealer => {
                let dealer = app.profile.profile().map_or("", |p| p.dealer.as_str());
                let v = text::visit::dealer(f.dealer_on, dealer, f.dealer.len());
                lines.push(select_row(th, text::visit::DEALER, &v, focused));
                if f.dealer_on {
                    for l in &f.dealer {
                        lines.push(row(th, room, "", &short(l), false));
                    }
                }
            }
            Field::Confirm => {
                let mark = if f.confirmed { "[x]" } else { "[ ]" };
                let v = format!("{mark} {}", t::CONFIRM_TEXT);
                lines.push(select_row(th, t::CONFIRM, &v, focused));
            }
            Field::File => lines.push(row(th, room, t::FILE, &f.file.shown(), focused)),
        }
    }
    let hint = match f.focus {
        Field::Generated => Some((t::GENERATED_HINT, th.warn())),
        Field::Recipients | Field::KeysFile => Some((t::RECIPIENTS_HINT, th.dim())),
        Field::Identity | Field::Confirm => Some((t::IDENTITY_HINT, th.dim())),
        Field::Dealer => Some((text::visit::DEALER_HINT, th.dim())),
        _ if f.mode == Mode::Generated => Some((t::GENERATED_HINT, th.warn())),
        _ => None,
    };
    let hint = match hint {
        None if !f.dealer.is_empty() && f.mode != Mode::Recipients => {
            Some((text::visit::DEALER_PASSPHRASE, th.dim()))
        }
        other => other,
    };
    if let Some((h, style)) = hint {
        lines.push(Line::raw(""));
        lines.push(Line::styled(h, style));
    }
    problem(th, &mut lines, f.problem.as_ref());
    draw(app, text::title::PROTECTION, lines, area, buf);
}

fn short(line: &str) -> String {
    if line.chars().count() > 60 {
        let head: String = line.chars().take(57).collect();
        format!("{head}…")
    } else {
        line.to_owned()
    }
}

pub(super) fn unlock(app: &App, area: Rect, buf: &mut Buffer) {
    use text::unlock as t;
    let room = value_room(area);
    let Some(f) = app.unlock() else {
        return;
    };
    let th = app.theme;
    let (intro, label) = if f.passphrase {
        (t::PASSPHRASE_INTRO, text::protection::PASSPHRASE)
    } else {
        (t::KEY_INTRO, t::KEY_FILE)
    };
    let mut lines = vec![Line::styled(intro, th.dim()), Line::raw("")];
    lines.push(row(
        th,
        room,
        text::protection::FILE,
        &f.file.shown(),
        f.focus == UnlockField::File,
    ));
    let state_style = if f.presence.is_present() {
        th.dim()
    } else {
        th.warn()
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" {:>14} ", text::visit::STATE), th.heading()),
        Span::styled(
            format!(" {}", text::visit::presence(&f.presence)),
            state_style,
        ),
    ]));
    lines.push(row(
        th,
        room,
        label,
        &f.input.shown(),
        f.focus == UnlockField::Secret,
    ));
    lines.push(Line::raw(""));
    lines.push(select_row(
        th,
        text::visit::WITHOUT_LABEL,
        &format!("▸ {}", text::visit::WITHOUT),
        f.focus == UnlockField::Without,
    ));
    lines.push(Line::styled(
        format!(" {:>14}  {}", "", text::visit::WITHOUT_TEXT),
        th.dim(),
    ));
    problem(th, &mut lines, f.problem.as_ref());
    draw(app, text::title::UNLOCK, lines, area, buf);
}

pub(super) fn replay(app: &App, area: Rect, buf: &mut Buffer) {
    use text::replay as t;
    let room = value_room(area);
    let (Some(f), Some(s)) = (app.replay(), app.session()) else {
        return;
    };
    let th = app.theme;
    let site = &s.site.site;
    let mut lines = vec![
        Line::styled(t::INTRO, th.dim()),
        Line::raw(""),
        row(th, room, text::site::LABELS[1], &site.name, false),
        row(th, room, text::site::LABELS[2], &site.customer, false),
        row(
            th,
            room,
            text::site::LABELS[0],
            site.model.display_name(),
            false,
        ),
        row(
            th,
            room,
            text::title::EXTENSIONS,
            &format!("{} {}", s.site.extensions.len(), text::extensions::COUNT),
            false,
        ),
        Line::raw(""),
        row(th, room, t::FILE, &f.file.shown(), true),
        Line::raw(""),
        Line::styled(t::HINT, th.dim()),
    ];
    problem(th, &mut lines, f.problem.as_ref());
    draw(app, text::title::REPLAY, lines, area, buf);
}
