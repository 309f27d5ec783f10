//! The extension list: ranges typed in, then a scrolling table of rows to toggle.

use super::app::{App, Step, follow};
use super::input::Input;
use super::keys::Msg;
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

impl App {
    pub(crate) fn update_extensions(&mut self, msg: Msg) {
        let rows = self.list_rows(CHROME);
        let now = self.now();
        let (Some(t), Some(session)) = (self.exts.as_mut(), self.session.as_mut()) else {
            return;
        };
        let count = session.site.extensions.len();
        if let Some(label) = t.label.as_mut() {
            match msg {
                Msg::Char(c) => label.push(c),
                Msg::Paste(p) => p.chars().for_each(|c| label.push(c)),
                Msg::Backspace => label.pop(),
                Msg::Esc => t.label = None,
                Msg::Enter => {
                    let mut e = session.site.extensions[t.cursor].clone();
                    label.trimmed().clone_into(&mut e.label);
                    t.label = None;
                    session.site.put_extension(e, &now);
                    session.changed();
                }
                _ => {}
            }
            return;
        }
        if t.input_focused {
            match msg {
                Msg::Char(c) => t.input.push(c),
                Msg::Paste(p) => p.chars().for_each(|c| t.input.push(c)),
                Msg::Backspace => t.input.pop(),
                Msg::Tab | Msg::BackTab | Msg::Down if count > 0 => t.input_focused = false,
                Msg::Enter if t.input.is_blank() => {
                    self.leave_extensions();
                }
                Msg::Enter => match parse_extension_ranges(t.input.trimmed()) {
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
                        let added = session.site.add_extensions(&numbers, &template, &now);
                        t.input.clear();
                        session.changed();
                        let message = text::extensions::added(added, &already);
                        if added == 0 {
                            self.error(message);
                        } else {
                            self.info(message);
                        }
                    }
                    Err(e) => self.error(e.to_string()),
                },
                _ => {}
            }
            return;
        }
        let last = count.saturating_sub(1);
        match msg {
            Msg::Tab | Msg::BackTab => t.input_focused = true,
            Msg::Up if t.cursor == 0 => t.input_focused = true,
            Msg::Up => t.cursor -= 1,
            Msg::Down => t.cursor = (t.cursor + 1).min(last),
            Msg::PageUp => t.cursor = t.cursor.saturating_sub(rows),
            Msg::PageDown => t.cursor = (t.cursor + rows).min(last),
            Msg::Home => t.cursor = 0,
            Msg::End => t.cursor = last,
            Msg::Enter => {
                self.leave_extensions();
                return;
            }
            Msg::Char('l') if count > 0 => {
                let current = &session.site.extensions[t.cursor].label;
                t.label = Some(Input::with_text(current));
            }
            Msg::Char(c @ (' ' | 'u' | 'm' | 'n' | 't' | 'x')) if count > 0 => {
                let i = t.cursor;
                if c == 'x' {
                    let number = session.site.extensions[i].number.to_string();
                    let checklist = &session.checklist;
                    let _ = session.site.remove_extension(checklist, &number, &now);
                    t.cursor = t.cursor.min(count.saturating_sub(2));
                } else {
                    let mut e = session.site.extensions[i].clone();
                    match c {
                        ' ' => e.in_use = !e.in_use,
                        'u' => e.user_pro = !e.user_pro,
                        'm' => e.mailbox = !e.mailbox,
                        'n' => e.notification = Some(!e.notification.unwrap_or(false)),
                        _ => e.kind = next_type(e.kind),
                    }
                    session.site.put_extension(e, &now);
                }
                session.changed();
            }
            _ => {}
        }
        if let Some(t) = self.exts.as_mut() {
            t.offset = follow(t.offset, t.cursor, rows);
        }
    }

    fn leave_extensions(&mut self) {
        let next = if self
            .vault
            .as_ref()
            .is_some_and(crate::coverage::vault::Vault::is_sealed)
        {
            Step::Walk
        } else {
            Step::Protection
        };
        self.go(next);
    }
}
