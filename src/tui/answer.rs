//! The answer editors of the walk: choices, extension lists, values (port, number, text).
//! Credentials have their own module ([`super::creds`]).

use super::app::{Effect, follow};
use super::creds::{CredEditor, CredKey};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::session::Session;
use super::text::walk as t;
use super::walk::{Cx, Walk};
use crate::checklist::{AnswerSpec, Item};
use crate::coverage::vault::Vault;
use crate::site::{Answer, ExtensionNumber, SiteFile};

/// The height of the answer box for a walk body of `body` rows.
pub fn answer_height(body: u16) -> u16 {
    body / 2
}

/// The height of the answer box `width` columns wide: small for one-line answers, as high as a
/// value's text needs (a long carrier note is shown whole, up to half the body), half the body
/// for lists (whose visible rows [`answer_rows`] computes from the same rule).
pub fn box_height(body: u16, width: u16, editor: &Editor, reason: bool) -> u16 {
    let lines: u16 = match editor {
        _ if reason => 2,
        Editor::Inapplicable | Editor::Confirm => 2,
        Editor::Value { input, kind, .. } => {
            // The label, the text and the cursor, wrapped; the "not used" line where the
            // number offers one; then the hint line.
            let inner = usize::from(width.saturating_sub(2)).max(1);
            let text = input.shown().chars().count() + 32;
            let not_used = u16::from(matches!(kind, ValueKind::Number { none: true, .. }));
            u16::try_from(text.div_ceil(inner)).unwrap_or(u16::MAX) + not_used + 1
        }
        Editor::Choice { selected, .. } => selected.len() as u16,
        Editor::Credentials(c) if c.typing.is_some() => 10,
        Editor::Extensions { .. } | Editor::Credentials(_) => return answer_height(body),
    };
    (lines + 2).min(answer_height(body))
}

/// The list rows visible in the answer box on a terminal `term_height` rows high.
pub fn answer_rows(term_height: u16) -> usize {
    usize::from(answer_height(term_height.saturating_sub(4)).saturating_sub(3)).max(1)
}

/// What a value answer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A port, 1 to 65535.
    Port,
    /// An integer in a range.
    Number {
        /// Smallest.
        min: i64,
        /// Largest.
        max: i64,
        /// Whether the item offers a "not used" answer (key `u`) instead of a number.
        none: bool,
    },
    /// Free text.
    Text,
}

/// The editor of the current item's answer.
#[derive(Debug)]
pub enum Editor {
    /// The item's condition does not hold: nothing to answer.
    Inapplicable,
    /// A confirmation: mark it done.
    Confirm,
    /// One or several options.
    Choice {
        /// The focused option.
        cursor: usize,
        /// Which options are chosen.
        selected: Vec<bool>,
        /// Whether several may be chosen.
        multiple: bool,
    },
    /// A list of extensions.
    Extensions {
        /// The extensions the item's filter selects.
        numbers: Vec<ExtensionNumber>,
        /// Which are in the answer.
        checked: Vec<bool>,
        /// The focused row.
        cursor: usize,
        /// The first visible row.
        offset: usize,
    },
    /// Generated or typed credentials.
    Credentials(CredEditor),
    /// A port, number or text.
    Value {
        /// What it holds.
        kind: ValueKind,
        /// The text.
        input: Input,
        /// Whether it is being typed.
        editing: bool,
    },
}

impl Editor {
    /// The editor for `item`, filled from the site's saved answer; credentials show what
    /// `vault` holds (and, unless `replaying`, what was issued on earlier visits).
    pub fn build(
        session: &Session,
        vault: Option<&Vault>,
        replaying: bool,
        item: &Item,
        applies: bool,
    ) -> Editor {
        if !applies {
            return Editor::Inapplicable;
        }
        let site = &session.site;
        let saved = site.answer(&item.id);
        match &item.answer {
            AnswerSpec::Confirm => Editor::Confirm,
            AnswerSpec::Choice { options, multiple } => {
                let chosen: &[String] = match saved {
                    Some(Answer::Choice { selected }) => selected,
                    _ => &[],
                };
                Editor::Choice {
                    cursor: 0,
                    selected: options.iter().map(|o| chosen.contains(&o.id)).collect(),
                    multiple: *multiple,
                }
            }
            AnswerSpec::Extensions { filter } => {
                let numbers: Vec<ExtensionNumber> = site
                    .extensions_matching(*filter)
                    .map(|e| e.number.clone())
                    .collect();
                let checked = match saved {
                    Some(Answer::Extensions { numbers: saved }) => {
                        numbers.iter().map(|n| saved.contains(n)).collect()
                    }
                    _ => vec![true; numbers.len()],
                };
                Editor::Extensions {
                    numbers,
                    checked,
                    cursor: 0,
                    offset: 0,
                }
            }
            AnswerSpec::Credentials { kinds, .. } => {
                Editor::Credentials(CredEditor::build(site, item, kinds, vault, !replaying))
            }
            AnswerSpec::Port => value(ValueKind::Port, saved),
            AnswerSpec::Number { min, max, none, .. } => value(
                ValueKind::Number {
                    min: *min,
                    max: *max,
                    none: none.is_some(),
                },
                saved,
            ),
            AnswerSpec::Text => value(ValueKind::Text, saved),
        }
    }

    /// Whether letters go to a text field.
    pub fn is_typing(&self) -> bool {
        match self {
            Editor::Value { editing, .. } => *editing,
            Editor::Credentials(c) => c.typing.is_some(),
            _ => false,
        }
    }

    /// Whether typed text would be lost on quitting.
    pub fn has_typed_text(&self) -> bool {
        match self {
            Editor::Value { editing, input, .. } => *editing && !input.is_blank(),
            Editor::Credentials(c) => c.typing.as_ref().is_some_and(|t| !t.input.is_blank()),
            _ => false,
        }
    }

    /// The answer as it stands, if it is complete enough to be saved.
    pub fn answer(&self, item: &Item, site: &SiteFile) -> Option<Answer> {
        match (self, &item.answer) {
            (Editor::Confirm, _) => Some(Answer::Confirm {}),
            (Editor::Choice { selected, .. }, AnswerSpec::Choice { options, .. }) => {
                let ids: Vec<String> = options
                    .iter()
                    .zip(selected)
                    .filter(|(_, s)| **s)
                    .map(|(o, _)| o.id.clone())
                    .collect();
                (!ids.is_empty()).then_some(Answer::Choice { selected: ids })
            }
            (
                Editor::Extensions {
                    numbers, checked, ..
                },
                _,
            ) => Some(Answer::Extensions {
                numbers: numbers
                    .iter()
                    .zip(checked)
                    .filter(|(_, c)| **c)
                    .map(|(n, _)| n.clone())
                    .collect(),
            }),
            (Editor::Value { .. } | Editor::Credentials(_), _) => site.answer(&item.id).cloned(),
            _ => None,
        }
    }
}

fn value(kind: ValueKind, saved: Option<&Answer>) -> Editor {
    let text = match saved {
        Some(Answer::Port { value }) => value.to_string(),
        Some(Answer::Number { value }) => value.to_string(),
        Some(Answer::Text { value }) => value.clone(),
        _ => String::new(),
    };
    Editor::Value {
        kind,
        input: Input::with_text(&text),
        editing: false,
    }
}

/// Reads a typed value as an answer.
pub fn parse_value(kind: ValueKind, text: &str) -> Result<Answer, String> {
    match kind {
        ValueKind::Port => match text.parse::<u16>() {
            Ok(v) if v > 0 => Ok(Answer::Port { value: v }),
            _ => Err(t::PORT_RANGE.into()),
        },
        ValueKind::Number { min, max, .. } => match text.parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => Ok(Answer::Number { value: v }),
            _ => Err(t::number_range(min, max)),
        },
        ValueKind::Text if text.is_empty() => Err(t::TEXT_EMPTY.into()),
        ValueKind::Text => Ok(Answer::Text {
            value: text.to_owned(),
        }),
    }
}

/// What a key does in an answer editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKey {
    /// Move in the options or the list.
    Move,
    /// Choose the focused option or extension.
    Choose,
    /// Start typing the value.
    Edit,
    /// Answer "not used".
    NotUsed,
    /// A digit starts a new number.
    Digit,
    /// Typed text into the value.
    Type,
    /// The last character off the value.
    Erase,
    /// Save the typed value.
    Save,
    /// Drop the typed value.
    Cancel,
    /// A key of the credentials editor.
    Credentials(CredKey),
}

impl Editor {
    /// The editor's keys in its current state.
    pub fn keys(&self) -> KeyMap<EditorKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        match self {
            Editor::Inapplicable | Editor::Confirm => {}
            Editor::Choice { selected, .. } => {
                let any = !selected.is_empty();
                map.bind_if(any, &[Key::Up, Key::Down], Some(key::MOVE), EditorKey::Move)
                    .bind_if(
                        any,
                        &[Key::Char(' ')],
                        Some(key::CHOOSE_2),
                        EditorKey::Choose,
                    );
            }
            Editor::Extensions { checked, .. } => {
                let any = !checked.is_empty();
                map.bind_if(
                    any,
                    &[Key::Up, Key::Down, Key::Home, Key::End],
                    Some(key::MOVE),
                    EditorKey::Move,
                )
                .bind_if(
                    any,
                    &[Key::Char(' ')],
                    Some(key::CHOOSE_2),
                    EditorKey::Choose,
                );
            }
            Editor::Value { editing: true, .. } => {
                map.bind(&[Key::Enter], Some(key::SAVE), EditorKey::Save)
                    .bind(&[Key::Esc], Some(key::CANCEL), EditorKey::Cancel)
                    .bind(&[Key::Text], None, EditorKey::Type)
                    .bind(&[Key::Backspace], None, EditorKey::Erase);
            }
            Editor::Value { kind, .. } => {
                map.bind(
                    &[Key::Char('e'), Key::Enter],
                    Some(key::EDIT),
                    EditorKey::Edit,
                )
                .bind_if(
                    matches!(kind, ValueKind::Number { none: true, .. }),
                    &[Key::Char('u')],
                    Some(key::NOT_USED),
                    EditorKey::NotUsed,
                )
                .bind_if(
                    !matches!(kind, ValueKind::Text),
                    &[Key::Digit],
                    None,
                    EditorKey::Digit,
                );
            }
            Editor::Credentials(c) => {
                map.extend(c.keys(), EditorKey::Credentials);
            }
        }
        map
    }
}

impl Walk {
    /// Handles a key of [`Editor::keys`] in the answer editor of the current item.
    pub(crate) fn update_editor(&mut self, action: EditorKey, msg: &Msg, cx: &mut Cx) -> Effect {
        let rows = answer_rows(cx.size.1);
        let now = cx.now.clone();
        let session = &mut *cx.session;
        let item = session.item(self.cursor).clone();
        let mut save = false;
        match (&mut self.editor, action) {
            (Editor::Credentials(ed), EditorKey::Credentials(k)) => {
                return ed.update(k, msg, cx.vault, rows);
            }
            (
                Editor::Choice {
                    cursor, selected, ..
                },
                EditorKey::Move,
            ) => {
                *cursor = match msg {
                    Msg::Up => cursor.saturating_sub(1),
                    _ => (*cursor + 1).min(selected.len().saturating_sub(1)),
                };
            }
            (
                Editor::Choice {
                    cursor,
                    selected,
                    multiple,
                },
                EditorKey::Choose,
            ) => {
                if *multiple {
                    selected[*cursor] = !selected[*cursor];
                } else {
                    selected.fill(false);
                    selected[*cursor] = true;
                }
                save = true;
            }
            (
                Editor::Extensions {
                    checked,
                    cursor,
                    offset,
                    ..
                },
                action,
            ) => {
                let last = checked.len().saturating_sub(1);
                match (action, msg) {
                    (EditorKey::Choose, _) => {
                        checked[*cursor] = !checked[*cursor];
                        save = true;
                    }
                    (_, Msg::Up) => *cursor = cursor.saturating_sub(1),
                    (_, Msg::Down) => *cursor = (*cursor + 1).min(last),
                    (_, Msg::Home) => *cursor = 0,
                    (_, _) => *cursor = last,
                }
                *offset = follow(*offset, *cursor, rows);
            }
            (Editor::Value { editing, .. }, EditorKey::Edit) => *editing = true,
            (Editor::Value { input, .. }, EditorKey::NotUsed) => {
                *input = Input::plain();
                if let Err(e) = session.answer(&item.id, Answer::NotUsed {}, &now) {
                    return Effect::Error(e);
                }
            }
            // A digit typed at a number or a port starts a new value with it.
            (Editor::Value { input, editing, .. }, EditorKey::Digit) => {
                *editing = true;
                input.clear();
                msg.text().for_each(|c| input.push(c));
            }
            (Editor::Value { input, .. }, EditorKey::Type) => {
                msg.text().for_each(|c| input.push(c));
            }
            (Editor::Value { input, .. }, EditorKey::Erase) => input.pop(),
            (Editor::Value { kind, .. }, EditorKey::Cancel) => {
                let kind = *kind;
                self.editor = Editor::build_value_again(session.site.answer(&item.id), kind);
            }
            (
                Editor::Value {
                    kind,
                    input,
                    editing,
                },
                EditorKey::Save,
            ) => match parse_value(*kind, input.trimmed()) {
                Ok(answer) => {
                    *editing = false;
                    if let Err(e) = session.answer(&item.id, answer, &now) {
                        return Effect::Error(e);
                    }
                }
                Err(e) => return Effect::Error(e),
            },
            _ => {}
        }
        if save
            && let Some(answer) = self.editor.answer(&item, &session.site)
            && let Err(e) = session.answer(&item.id, answer, &now)
        {
            return Effect::Error(e);
        }
        Effect::None
    }
}

impl Editor {
    fn build_value_again(saved: Option<&Answer>, kind: ValueKind) -> Editor {
        value(kind, saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_become_answers_or_say_what_is_wrong() {
        assert_eq!(
            parse_value(ValueKind::Port, "8443"),
            Ok(Answer::Port { value: 8443 })
        );
        for bad in ["0", "65536", "80a", ""] {
            assert!(parse_value(ValueKind::Port, bad).is_err(), "{bad}");
        }
        let n = ValueKind::Number {
            min: 1,
            max: 15,
            none: false,
        };
        assert_eq!(parse_value(n, "3"), Ok(Answer::Number { value: 3 }));
        assert!(parse_value(n, "16").is_err());
        assert!(parse_value(ValueKind::Text, "").is_err());
        assert_eq!(
            parse_value(ValueKind::Text, "Cuba"),
            Ok(Answer::Text {
                value: "Cuba".into()
            })
        );
    }
}
