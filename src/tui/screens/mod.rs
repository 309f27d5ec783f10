//! Drawing: `impl Widget for &App`, a pure function of the state. The frame is a header, the
//! current step's body, a feedback line and the footer of keys; overlays on top.

mod cache;
mod chrome;
mod extensions;
mod finished;
mod fit;
mod forms;
mod help;
mod probe;
mod review;
mod site_list;
mod smdr;
mod walk;
mod walk_answer;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::app::{App, Step};
use super::text;
use super::theme::Theme;

/// Lines of the footer of keys (two, so the walk's keys fit 80 columns).
pub const FOOTER: u16 = 2;

/// The smallest terminal the wizard draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

pub(crate) use cache::RenderCache;
#[cfg(test)]
pub(crate) use chrome::footer_lines;
#[cfg(test)]
pub(crate) use chrome::keys as footer_keys;
pub(crate) use help::max_scroll as help_max_scroll;

/// Whether the screen is big enough to draw (the sealing box only exists then).
pub(crate) fn draws(area: Rect) -> bool {
    area.width >= MIN_SIZE.0 && area.height >= MIN_SIZE.1
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            too_small(area, buf, self.theme);
            return;
        }
        let [header, body, notice, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(FOOTER),
        ])
        .areas(area);
        chrome::header(self, header, buf);
        match self.step() {
            Step::Site => forms::site(self, body, buf),
            Step::Extensions => extensions::render(self, body, buf),
            Step::Protection => forms::protection(self, body, buf),
            Step::Unlock => forms::unlock(self, body, buf),
            Step::Replay => forms::replay(self, body, buf),
            Step::Walk => walk::render(self, body, buf),
            Step::Review => review::render(self, body, buf),
            Step::Finished => finished::render(self, body, buf),
        }
        if self.probe_state().is_some() {
            probe::render(self, body, buf);
        }
        if self.smdr_state().is_some() {
            smdr::render(self, body, buf);
        }
        chrome::notice(self, notice, buf);
        chrome::footer(self, footer, buf);
        if self.job.is_some() {
            popup(self.theme, area, buf, "", &sealing_lines(), 60);
        } else if self.confirm_quit {
            popup(
                self.theme,
                area,
                buf,
                text::title::QUIT,
                &[Line::from(text::QUIT_LOSES)],
                60,
            );
        } else if self.help {
            help::render(self, area, buf);
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer, theme: Theme) {
    let lines = vec![
        Line::styled(text::TOO_SMALL, theme.warn()),
        Line::from(format!(
            "{} {}x{}.",
            text::TOO_SMALL_NOW,
            area.width,
            area.height
        )),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A bordered block with a title.
pub(crate) fn block(theme: Theme, title: &str) -> Block<'static> {
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border());
    if title.is_empty() {
        b
    } else {
        b.title(Line::styled(format!(" {title} "), theme.heading()))
    }
}

/// The "sealing" box's text: a spinner cell (turned by the heartbeat while the work runs),
/// then what is happening.
fn sealing_lines() -> [Line<'static>; 1] {
    [Line::from(format!(
        "{} {}",
        super::heartbeat::FRAMES[0],
        text::SEALING
    ))]
}

/// Where the "sealing" box's spinner is on a screen of `area`: column, row.
pub(crate) fn sealing_spot(area: Rect) -> (u16, u16) {
    let r = popup_rect(area, &sealing_lines(), 60);
    (r.x + 1, r.y + 1)
}

/// Where a centred box of `lines` at most `width` wide goes on `area`.
fn popup_rect(area: Rect, lines: &[Line], width: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(4));
    let inner_w = w.saturating_sub(2).max(1);
    let wrapped: u16 = lines
        .iter()
        .map(|l| (l.width() as u16).div_ceil(inner_w).max(1))
        .sum();
    let h = (wrapped + 2).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A centred box over the screen.
fn popup(theme: Theme, area: Rect, buf: &mut Buffer, title: &str, lines: &[Line], width: u16) {
    let r = popup_rect(area, lines, width);
    Clear.render(r, buf);
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .block(block(theme, title))
        .render(r, buf);
}
