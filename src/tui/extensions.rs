//! The extension list: ranges typed in, then a scrolling table of rows to toggle.

use super::app::{Effect, follow};
use super::input::Input;
use super::keys::Msg;
use super::session::Session;
use super::text;
use crate::site::{Extension, ExtensionType, parse_extension_ranges};

/// Rows of the screen that are not table rows (header, intro, input, borders, footer...).
pub const CHROME: u16 = 11;

/// The extension screen's state.
#[derive(Debug)]
pub struct ExtTable {
    /// The range being typed.
    pub input: Input,
    /// Whether the range line has the focus (else the table).
    pub input_focused: bool,
    /// The focused row.
    pub cursor: usize,
    /// The first visible row.
    pub offset: usize,
    /// The label being typed for the focused row.
    pub label: Option<Input>,
}

impl Default for ExtTable {
    fn default() -> Self {
        Self::new()
    }
}

impl ExtTable {
    /// The screen with the focus on the range line.
    pub fn new() -> Self {
        Self {
            input: Input::plain(),
            input_focused: true,
            cursor: 0,
            offset: 0,
            label: None,
        }
    }
}

/// The next terminal type in the cycle.
pub fn next_type(t: ExtensionType) -> ExtensionType {
    match t {
        ExtensionType::Physical => ExtensionType::Virtual,
        ExtensionType::Virtual => ExtensionType::Sip,
        ExtensionType::Sip => ExtensionType::SipThirdParty,
        ExtensionType::SipThirdParty => ExtensionType::Physical,
    }
}

/// The label of a terminal type.
pub fn type_label(t: ExtensionType) -> &'static str {
    match t {
        ExtensionType::Physical => text::extensions::TYPES[0],
        ExtensionType::Virtual => text::extensions::TYPES[1],
        ExtensionType::Sip => text::extensions::TYPES[2],
        ExtensionType::SipThirdParty => text::extensions::TYPES[3],
    }
}

impl ExtTable {
    /// Handles a key: ranges typed in, then rows toggled; the site file changes as it goes.
    /// Enter on an empty range line, or on the table, is done with the list.
    pub fn update(
        &mut self,
        msg: Msg,
        session: &mut Session,
        now: &crate::site::Timestamp,
        rows: usize,
    ) -> Effect {
        let count = session.site.extensions.len();
        if let Some(label) = self.label.as_mut() {
            match msg {
                Msg::Char(c) => label.push(c),
                Msg::Paste(p) => p.chars().for_each(|c| label.push(c)),
                Msg::Backspace => label.pop(),
                Msg::Esc => self.label = None,
                Msg::Enter => {
                    let mut e = session.site.extensions[self.cursor].clone();
                    label.trimmed().clone_into(&mut e.label);
                    self.label = None;
                    session.site.put_extension(e, now);
                    session.changed();
                }
                _ => {}
            }
            return Effect::None;
        }
        if self.input_focused {
            return self.update_range(msg, session, now);
        }
        let last = count.saturating_sub(1);
        match msg {
            Msg::Tab | Msg::BackTab => self.input_focused = true,
            Msg::Up if self.cursor == 0 => self.input_focused = true,
            Msg::Up => self.cursor -= 1,
            Msg::Down => self.cursor = (self.cursor + 1).min(last),
            Msg::PageUp => self.cursor = self.cursor.saturating_sub(rows),
            Msg::PageDown => self.cursor = (self.cursor + rows).min(last),
            Msg::Home => self.cursor = 0,
            Msg::End => self.cursor = last,
            Msg::Enter => return Effect::Next,
            Msg::Esc => return Effect::Leave,
            Msg::Char('l') if count > 0 => {
                let current = &session.site.extensions[self.cursor].label;
                self.label = Some(Input::with_text(current));
            }
            Msg::Char(c @ (' ' | 'u' | 'm' | 'n' | 't' | 'x')) if count > 0 => {
                let i = self.cursor;
                if c == 'x' {
                    let number = session.site.extensions[i].number.to_string();
                    let checklist = &session.checklist;
                    let _ = session.site.remove_extension(checklist, &number, now);
                    self.cursor = self.cursor.min(count.saturating_sub(2));
                } else {
                    let mut e = session.site.extensions[i].clone();
                    match c {
                        ' ' => e.in_use = !e.in_use,
                        'u' => e.user_pro = !e.user_pro,
                        'm' => e.mailbox = !e.mailbox,
                        'n' => e.notification = Some(!e.notification.unwrap_or(false)),
                        _ => e.kind = next_type(e.kind),
                    }
                    session.site.put_extension(e, now);
                }
                session.changed();
            }
            _ => {}
        }
        self.offset = follow(self.offset, self.cursor, rows);
        Effect::None
    }

    /// A key on the range line.
    fn update_range(
        &mut self,
        msg: Msg,
        session: &mut Session,
        now: &crate::site::Timestamp,
    ) -> Effect {
        let count = session.site.extensions.len();
        match msg {
            Msg::Char(c) => self.input.push(c),
            Msg::Paste(p) => p.chars().for_each(|c| self.input.push(c)),
            Msg::Backspace => self.input.pop(),
            // Esc first clears a typed range; on an empty line it leaves the screen.
            Msg::Esc if self.input.is_blank() => return Effect::Leave,
            Msg::Esc => self.input.clear(),
            Msg::Tab | Msg::BackTab | Msg::Down if count > 0 => self.input_focused = false,
            Msg::Enter if self.input.is_blank() => return Effect::Next,
            Msg::Enter => match parse_extension_ranges(self.input.trimmed()) {
                Ok(numbers) => {
                    let template = Extension {
                        number: numbers[0].clone(),
                        label: String::new(),
                        kind: ExtensionType::Physical,
                        in_use: true,
                        mailbox: true,
                        user_pro: false,
                        notification: None,
                    };
                    let already: Vec<String> = numbers
                        .iter()
                        .filter(|n| session.site.extension(n.as_str()).is_some())
                        .map(ToString::to_string)
                        .collect();
                    let added = session.site.add_extensions(&numbers, &template, now);
                    self.input.clear();
                    session.changed();
                    let message = text::extensions::added(added, &already);
                    return if added == 0 {
                        Effect::Error(message)
                    } else {
                        Effect::Info(message)
                    };
                }
                Err(e) => return Effect::Error(e.to_string()),
            },
            _ => {}
        }
        Effect::None
    }
}
