//! The messages the wizard understands, and how terminal events become them.
//!
//! Letters arrive as [`Msg::Char`]: the current screen decides whether they are typed text or a
//! command key. Each screen says so in its [`KeyMap`]: the bindings that apply in its current
//! state, each with its keys, the footer's words and the action; the screen looks a key up there
//! and the footer draws the same map, so a key shown is a key that works.

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

impl Msg {
    /// The characters of typed text: the character, or the pasted text (nothing otherwise).
    pub fn text(&self) -> impl Iterator<Item = char> + '_ {
        let (one, paste) = match self {
            Msg::Char(c) => (Some(*c), ""),
            Msg::Paste(p) => (None, p.as_str()),
            _ => (None, ""),
        };
        one.into_iter().chain(paste.chars())
    }
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

/// A key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// ↑.
    Up,
    /// ↓.
    Down,
    /// ←.
    Left,
    /// →.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Tab.
    Tab,
    /// Shift+Tab.
    BackTab,
    /// Enter.
    Enter,
    /// Esc.
    Esc,
    /// Backspace.
    Backspace,
    /// Ctrl+R.
    ToggleMask,
    /// F1.
    Help,
    /// Ctrl+C.
    Quit,
    /// One character.
    Char(char),
    /// A digit.
    Digit,
    /// Any character or a paste: typed text.
    Text,
}

impl Key {
    /// Whether `msg` is this key.
    pub fn matches(self, msg: &Msg) -> bool {
        match (self, msg) {
            (Key::Char(k), Msg::Char(c)) => k == *c,
            (Key::Digit, Msg::Char(c)) => c.is_ascii_digit(),
            (Key::Text, Msg::Char(_) | Msg::Paste(_))
            | (Key::Up, Msg::Up)
            | (Key::Down, Msg::Down)
            | (Key::Left, Msg::Left)
            | (Key::Right, Msg::Right)
            | (Key::PageUp, Msg::PageUp)
            | (Key::PageDown, Msg::PageDown)
            | (Key::Home, Msg::Home)
            | (Key::End, Msg::End)
            | (Key::Tab, Msg::Tab)
            | (Key::BackTab, Msg::BackTab)
            | (Key::Enter, Msg::Enter)
            | (Key::Esc, Msg::Esc)
            | (Key::Backspace, Msg::Backspace)
            | (Key::ToggleMask, Msg::ToggleMask)
            | (Key::Help, Msg::Help)
            | (Key::Quit, Msg::Quit) => true,
            _ => false,
        }
    }
}

/// What the footer says about a binding: the key as written, and what it does.
pub type Label = (&'static str, &'static str);

/// One binding of a key map: the keys, what the footer shows for them (nothing for typed
/// text and for keys only help explains), and what they do.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A> {
    /// The keys.
    pub keys: &'static [Key],
    /// The footer's words, if the footer shows it.
    pub shown: Option<Label>,
    /// What the keys do.
    pub action: A,
}

/// A screen's key map in its current state: only the bindings that apply now, in the
/// footer's order. The screen dispatches through it and the footer draws it, so a key shown
/// is a key that works.
#[derive(Debug, Clone)]
pub struct KeyMap<A>(Vec<Binding<A>>);

impl<A: Copy> Default for KeyMap<A> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<A: Copy> KeyMap<A> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `keys` to `action`, shown in the footer as `shown`.
    pub fn bind(&mut self, keys: &'static [Key], shown: Option<Label>, action: A) -> &mut Self {
        self.0.push(Binding {
            keys,
            shown,
            action,
        });
        self
    }

    /// Binds `keys` to `action` when `when` holds.
    pub fn bind_if(
        &mut self,
        when: bool,
        keys: &'static [Key],
        shown: Option<Label>,
        action: A,
    ) -> &mut Self {
        if when {
            self.bind(keys, shown, action);
        }
        self
    }

    /// Adds the bindings of `other`, their actions wrapped by `wrap`.
    pub fn extend<B: Copy>(&mut self, other: KeyMap<B>, wrap: impl Fn(B) -> A) -> &mut Self {
        self.0.extend(other.0.into_iter().map(|b| Binding {
            keys: b.keys,
            shown: b.shown,
            action: wrap(b.action),
        }));
        self
    }

    /// The action `msg` is bound to, if any (the first binding that has it).
    pub fn lookup(&self, msg: &Msg) -> Option<A> {
        self.0
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(msg)))
            .map(|b| b.action)
    }

    /// What the footer shows, in order.
    pub fn shown(&self) -> impl Iterator<Item = Label> + '_ {
        self.0.iter().filter_map(|b| b.shown)
    }

    /// The bindings, in order.
    pub fn bindings(&self) -> &[Binding<A>] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, KeyMap, Msg};

    #[test]
    fn a_key_map_dispatches_the_first_binding_that_applies_and_shows_its_labels_in_order() {
        let mut map = KeyMap::new();
        map.bind(&[Key::Up, Key::Down], Some(("↑↓", "move")), 1)
            .bind_if(false, &[Key::Char('x')], Some(("x", "never")), 2)
            .bind(&[Key::Char('d')], Some(("d", "done")), 3)
            .bind(&[Key::Text], None, 4)
            .bind(&[Key::Digit], Some(("0-9", "shadowed")), 5);
        assert_eq!(map.lookup(&Msg::Down), Some(1));
        assert_eq!(map.lookup(&Msg::Char('d')), Some(3));
        // A binding that does not apply is not there: the key falls to typed text.
        assert_eq!(map.lookup(&Msg::Char('x')), Some(4));
        assert_eq!(map.lookup(&Msg::Paste("abc".into())), Some(4));
        assert_eq!(
            map.lookup(&Msg::Char('7')),
            Some(4),
            "the first binding wins"
        );
        assert_eq!(map.lookup(&Msg::Enter), None);
        let shown: Vec<_> = map.shown().collect();
        assert_eq!(shown, [("↑↓", "move"), ("d", "done"), ("0-9", "shadowed")]);
    }

    #[test]
    fn typed_text_is_the_character_or_the_paste() {
        assert_eq!(Msg::Char('a').text().collect::<String>(), "a");
        assert_eq!(Msg::Paste("bc".into()).text().collect::<String>(), "bc");
        assert_eq!(Msg::Enter.text().count(), 0);
    }
}
