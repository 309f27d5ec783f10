//! Every colour and text style of the wizard; `NO_COLOR` drops the colours, keeping emphasis.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used.
    pub color: bool,
}

impl Theme {
    /// The theme for this process: no colour when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Ordinary text.
    pub fn text(self) -> Style {
        Style::new()
    }

    /// Secondary text (hints, not applicable items): faint in the terminal's own text colour,
    /// which stays readable on dark and light backgrounds alike (dark grey on a dark theme
    /// nearly vanishes).
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Headings and the header bar.
    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The focused row or field.
    pub fn focus(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Good news: done, ok.
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    /// A warning: weak, deferred, verify on the system.
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// An error: rejected, failed.
    pub fn bad(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Keys in the footer and help.
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Borders.
    pub fn border(self) -> Style {
        self.fg(Color::Gray)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_emphasis_without_colours() {
        let plain = Theme { color: false };
        for s in [
            plain.heading(),
            plain.good(),
            plain.warn(),
            plain.bad(),
            plain.focus(),
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert!(plain.focus().add_modifier.contains(Modifier::REVERSED));
        assert!(Theme { color: true }.bad().fg.is_some());
    }
}
