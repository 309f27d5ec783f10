//! The extension list: ranges typed in, then a scrolling table of rows to toggle.

use super::app::{Effect, follow};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
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

/// What a key does on the extension screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtKey {
    /// Typed text into the range line or the label.
    Type,
    /// The last character off it.
    Erase,
    /// Save the label being typed.
    SaveLabel,
    /// Drop the label being typed.
    CancelLabel,
    /// Add the typed range, or (on an empty line) continue.
    AddOrContinue,
    /// Clear the typed range, or (on an empty line) leave.
    ClearOrLeave,
    /// From the range line to the table.
    ToTable,
    /// From the table to the range line.
    ToRange,
    /// Move in the table.
    Row,
    /// Toggle or cycle a field of the focused row (the key says which), or remove it.
    Change,
    /// Type a label for the focused row.
    Label,
    /// Done with the list.
    Continue,
    /// Leave the wizard.
    Leave,
}

impl ExtTable {
    /// The screen's keys in its current state, for a site of `count` extensions.
    pub fn keys(&self, count: usize) -> KeyMap<ExtKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        if self.label.is_some() {
            map.bind(&[Key::Enter], Some(key::SAVE_LABEL), ExtKey::SaveLabel)
                .bind(&[Key::Esc], Some(key::CANCEL), ExtKey::CancelLabel)
                .bind(&[Key::Text], None, ExtKey::Type)
                .bind(&[Key::Backspace], None, ExtKey::Erase);
        } else if self.input_focused {
            map.bind(
                &[Key::Enter],
                Some(key::ADD_CONTINUE),
                ExtKey::AddOrContinue,
            )
            .bind_if(
                count > 0,
                &[Key::Tab, Key::BackTab, Key::Down],
                Some(key::TABLE),
                ExtKey::ToTable,
            )
            .bind(&[Key::Text], None, ExtKey::Type)
            .bind(&[Key::Backspace], None, ExtKey::Erase)
            .bind(&[Key::Esc], None, ExtKey::ClearOrLeave);
        } else {
            let rows = count > 0;
            map.bind(
                &[
                    Key::Up,
                    Key::Down,
                    Key::PageUp,
                    Key::PageDown,
                    Key::Home,
                    Key::End,
                ],
                Some(key::ROW),
                ExtKey::Row,
            )
            .bind_if(rows, &[Key::Char(' ')], Some(key::IN_USE), ExtKey::Change)
            .bind_if(rows, &[Key::Char('t')], Some(key::TYPE), ExtKey::Change)
            .bind_if(rows, &[Key::Char('m')], Some(key::MAILBOX), ExtKey::Change)
            .bind_if(rows, &[Key::Char('u')], Some(key::USER_PRO), ExtKey::Change)
            .bind_if(rows, &[Key::Char('n')], Some(key::NOTIFY), ExtKey::Change)
            .bind_if(rows, &[Key::Char('x')], Some(key::REMOVE), ExtKey::Change)
            .bind_if(rows, &[Key::Char('l')], Some(key::LABEL), ExtKey::Label)
            .bind(&[Key::Tab, Key::BackTab], Some(key::ADD), ExtKey::ToRange)
            .bind(&[Key::Enter], Some(key::CONTINUE), ExtKey::Continue)
            .bind(&[Key::Esc], None, ExtKey::Leave);
        }
        map
    }

    /// Handles a key: ranges typed in, then rows toggled; the site file changes as it goes.
    /// Enter on an empty range line, or on the table, is done with the list.
    pub fn update(
        &mut self,
        msg: &Msg,
        session: &mut Session,
        now: &crate::site::Timestamp,
        rows: usize,
    ) -> Effect {
        let count = session.site.extensions.len();
        let Some(action) = self.keys(count).lookup(msg) else {
            return Effect::None;
        };
        let last = count.saturating_sub(1);
        let table = !self.input_focused && self.label.is_none();
        match action {
            ExtKey::Type => {
                let input = self.label.as_mut().unwrap_or(&mut self.input);
                msg.text().for_each(|c| input.push(c));
            }
            ExtKey::Erase => self.label.as_mut().unwrap_or(&mut self.input).pop(),
            ExtKey::CancelLabel => self.label = None,
            ExtKey::SaveLabel => {
                if let Some(label) = self.label.take() {
                    let mut e = session.site.extensions[self.cursor].clone();
                    label.trimmed().clone_into(&mut e.label);
                    session.site.put_extension(e, now);
                    session.changed();
                }
            }
            ExtKey::AddOrContinue if self.input.is_blank() => return Effect::Next,
            ExtKey::AddOrContinue => return self.add_range(session, now),
            // Esc first clears a typed range; on an empty line it leaves the screen.
            ExtKey::ClearOrLeave if self.input.is_blank() => return Effect::Leave,
            ExtKey::ClearOrLeave => self.input.clear(),
            ExtKey::ToTable => self.input_focused = false,
            ExtKey::ToRange => self.input_focused = true,
            ExtKey::Row => match msg {
                Msg::Up if self.cursor == 0 => self.input_focused = true,
                Msg::Up => self.cursor -= 1,
                Msg::Down => self.cursor = (self.cursor + 1).min(last),
                Msg::PageUp => self.cursor = self.cursor.saturating_sub(rows),
                Msg::PageDown => self.cursor = (self.cursor + rows).min(last),
                Msg::Home => self.cursor = 0,
                _ => self.cursor = last,
            },
            ExtKey::Label => {
                let current = &session.site.extensions[self.cursor].label;
                self.label = Some(Input::with_text(current));
            }
            ExtKey::Change => {
                let i = self.cursor;
                if *msg == Msg::Char('x') {
                    let number = session.site.extensions[i].number.to_string();
                    let checklist = &session.checklist;
                    let _ = session.site.remove_extension(checklist, &number, now);
                    self.cursor = self.cursor.min(count.saturating_sub(2));
                } else {
                    let mut e = session.site.extensions[i].clone();
                    match msg {
                        Msg::Char(' ') => e.in_use = !e.in_use,
                        Msg::Char('u') => e.user_pro = !e.user_pro,
                        Msg::Char('m') => e.mailbox = !e.mailbox,
                        Msg::Char('n') => e.notification = Some(!e.notification.unwrap_or(false)),
                        _ => e.kind = next_type(e.kind),
                    }
                    session.site.put_extension(e, now);
                }
                session.changed();
            }
            ExtKey::Continue => return Effect::Next,
            ExtKey::Leave => return Effect::Leave,
        }
        if table {
            self.offset = follow(self.offset, self.cursor, rows);
        }
        Effect::None
    }

    /// Adds the typed range to the site.
    fn add_range(&mut self, session: &mut Session, now: &crate::site::Timestamp) -> Effect {
        match parse_extension_ranges(self.input.trimmed()) {
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
                if added == 0 {
                    Effect::Error(message)
                } else {
                    Effect::Info(message)
                }
            }
            Err(e) => Effect::Error(e.to_string()),
        }
    }
}
