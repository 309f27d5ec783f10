//! The messages the wizard understands, and how terminal events become them.
//!
//! Letters arrive as [`Msg::Char`]: the current screen decides whether they are typed text or a
//! command key (the footer shows which).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// One input to [`super::App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Cursor up.
    Up,
    /// Cursor down.
    Down,
    /// Cursor left / previous choice.
    Left,
    /// Cursor right / next choice.
    Right,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// First row.
    Home,
    /// Last row.
    End,
    /// Next field or item.
    Tab,
    /// Previous field or item.
    BackTab,
    /// Confirm.
    Enter,
    /// Cancel or back.
    Esc,
    /// Delete the last typed character.
    Backspace,
    /// A character: typed text or a command key.
    Char(char),
    /// Pasted text.
    Paste(String),
    /// Show or hide what is being typed (Ctrl+R).
    ToggleMask,
    /// The help overlay (F1).
    Help,
    /// Quit (Ctrl+C): asks only if something would be lost.
    Quit,
    /// The terminal was resized.
    Resize(u16, u16),
}

/// The message for a terminal event, if it means anything.
pub fn from_event(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => from_key(*key),
        Event::Paste(text) => Some(Msg::Paste(text.clone())),
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        _ => None,
    }
}

/// The message for a key press.
pub fn from_key(key: KeyEvent) -> Option<Msg> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Msg::Quit,
        KeyCode::Char('r') if ctrl => Msg::ToggleMask,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Msg::Char(c),
        KeyCode::Up => Msg::Up,
        KeyCode::Down => Msg::Down,
        KeyCode::Left => Msg::Left,
        KeyCode::Right => Msg::Right,
        KeyCode::PageUp => Msg::PageUp,
        KeyCode::PageDown => Msg::PageDown,
        KeyCode::Home => Msg::Home,
        KeyCode::End => Msg::End,
        KeyCode::Tab => Msg::Tab,
        KeyCode::BackTab => Msg::BackTab,
        KeyCode::Enter => Msg::Enter,
        KeyCode::Esc => Msg::Esc,
        KeyCode::Backspace => Msg::Backspace,
        KeyCode::F(1) => Msg::Help,
        _ => return None,
    })
}
