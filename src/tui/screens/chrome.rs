//! The header (site, model, progress, score), the feedback line and the footer of keys that
//! work on the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::super::app::App;
use super::super::text::{self, footer as key};
use super::fit;

pub(super) fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = vec![Span::styled(format!(" {} ", text::APP), theme.heading())];
    if let Some(s) = app.session() {
        let p = s.progress();
        let figures = format!(
            " │ {} │ {} ",
            s.site.site.model.display_name(),
            text::header(p.handled, p.applicable, p.score, p.band)
        );
        // The figures always show; a long site name gives way, after a whole word.
        let room = usize::from(area.width)
            .saturating_sub(fit::width(text::APP) + 4 + fit::width(&figures));
        spans.push(Span::raw(format!(
            "│ {}{figures}",
            fit::clip(&s.site.site.name, room)
        )));
    }
    Paragraph::new(Line::from(spans))
        .style(theme.focus())
        .render(area, buf);
}

pub(super) fn notice(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(n) = app.notice() {
        let style = if n.error {
            app.theme.bad()
        } else {
            app.theme.good()
        };
        Paragraph::new(Line::styled(format!(" {}", n.text), style)).render(area, buf);
    }
}

/// The keys that work right now, as (key, what) pairs: the current screen's key map, then the
/// keys that work everywhere (or, over the screen, help's or the quit question's). The same maps
/// dispatch the keys, so a key shown is a key that works.
pub(crate) fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let everywhere = app.app_keys();
    let mut k = Vec::new();
    if !(app.confirm_quit || app.help) {
        k = app.screen_keys();
    }
    k.extend(everywhere.shown());
    k
}

/// The keys laid out in `lines` lines of `width` columns, each key beside what it does; keys
/// that do not fit are left out (in order of the list, the last first) and help, which lists
/// them all, says "more keys". Help and quit, the list's last two, always stay.
pub(crate) fn footer_lines(
    keys: &[(&'static str, &'static str)],
    width: usize,
    lines: usize,
) -> Vec<Vec<(&'static str, String)>> {
    let pair = |(key, what): (&'static str, &str)| (key, format!(" {what}  "));
    let wide = |p: &(&str, String)| fit::width(p.0) + fit::width(&p.1);
    let layout = |pairs: &[(&'static str, String)]| {
        let mut out: Vec<Vec<(&'static str, String)>> = vec![Vec::new()];
        let mut used = 0;
        for p in pairs {
            // The trailing two spaces of a line's last pair may hang over the edge.
            if used > 0 && used + wide(p) > width + 2 {
                out.push(Vec::new());
                used = 0;
            }
            used += wide(p);
            if let Some(line) = out.last_mut() {
                line.push(p.clone());
            }
        }
        out
    };
    let split = keys.len().saturating_sub(2);
    let (body, tail) = keys.split_at(split);
    let all: Vec<_> = keys.iter().copied().map(pair).collect();
    let laid = layout(&all);
    if laid.len() <= lines {
        return laid;
    }
    let more: Vec<_> = tail
        .iter()
        .enumerate()
        .map(|(n, k)| {
            if n == 0 {
                pair((k.0, key::MORE.1))
            } else {
                pair(*k)
            }
        })
        .collect();
    for keep in (0..body.len()).rev() {
        let mut pairs: Vec<_> = body[..keep].iter().copied().map(pair).collect();
        pairs.extend(more.iter().cloned());
        let laid = layout(&pairs);
        if laid.len() <= lines {
            return laid;
        }
    }
    layout(&more)
}

pub(super) fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let laid = footer_lines(
        &keys(app),
        usize::from(area.width),
        usize::from(area.height),
    );
    let lines: Vec<Line> = laid
        .into_iter()
        .map(|pairs| {
            Line::from(
                pairs
                    .into_iter()
                    .flat_map(|(k, what)| {
                        [
                            Span::styled(k, theme.key()),
                            Span::styled(what, theme.dim()),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}
