//! A one-line text input: plain or masked, with its text wiped when dropped.

use secrecy::SecretString;
use zeroize::Zeroizing;

/// One line of typed text; the cursor is always at the end (typing, backspace, paste).
#[derive(Default)]
pub struct Input {
    text: Zeroizing<String>,
    /// Whether the text is drawn as bullets.
    pub masked: bool,
    /// Whether the last character pushed was a carriage return (its line feed adds nothing).
    after_cr: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("len", &self.text.chars().count())
            .field("masked", &self.masked)
            .finish_non_exhaustive()
    }
}

/// The most characters one input holds (a pasted file must not grow the line without end).
const MAX_CHARS: usize = 4096;

impl Input {
    /// An empty plain input.
    pub fn plain() -> Self {
        Self::default()
    }

    /// An empty masked input.
    pub fn masked() -> Self {
        Self {
            masked: true,
            ..Self::default()
        }
    }

    /// A plain input holding `text`.
    pub fn with_text(text: &str) -> Self {
        let mut input = Self::plain();
        input.text.push_str(text);
        input
    }

    /// Appends a character. The input is one line: in plain text a line break or a tab (from a
    /// paste) becomes a space, once between two words (a CR LF gives one space); other control
    /// characters are ignored. A masked input (a secret) drops them all: a pasted passphrase
    /// must not gain a space nobody sees.
    pub fn push(&mut self, c: char) {
        let after_cr = std::mem::replace(&mut self.after_cr, c == '\r');
        let c = match c {
            '\n' if after_cr => return,
            '\r' | '\n' | '\t' if !self.masked => ' ',
            c => c,
        };
        if !c.is_control() && self.text.chars().count() < MAX_CHARS {
            self.text.push(c);
        }
    }

    /// Removes the last character.
    pub fn pop(&mut self) {
        self.text.pop();
    }

    /// Empties the input.
    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// The text as typed.
    ///
    /// # Security
    /// For masked inputs this is the secret: use it for checking and sealing only.
    pub fn value(&self) -> &str {
        &self.text
    }

    /// The text without surrounding blanks.
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// Whether nothing (or only blanks) was typed.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text as a secret, for sealing.
    pub fn to_secret(&self) -> SecretString {
        SecretString::from(self.text.as_str())
    }

    /// What the screen shows: the text, or one bullet per character when masked.
    pub fn shown(&self) -> String {
        if self.masked {
            "•".repeat(self.text.chars().count())
        } else {
            self.text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_input_never_shows_its_text() {
        let mut input = Input::masked();
        for c in "12*#".chars() {
            input.push(c);
        }
        assert_eq!(input.shown(), "••••");
        assert_eq!(input.value(), "12*#");
        assert!(!format!("{input:?}").contains("12*#"));
        input.pop();
        assert_eq!(input.value(), "12*");
    }

    #[test]
    fn pasted_line_breaks_and_tabs_become_spaces() {
        for pasted in [
            "Acme\nDental\tGroup",
            "Acme\r\nDental\tGroup",
            "Acme\rDental\tGroup",
        ] {
            let mut input = Input::plain();
            pasted.chars().for_each(|c| input.push(c));
            assert_eq!(input.value(), "Acme Dental Group", "{pasted:?}");
        }
        let mut input = Input::plain();
        "a\u{1b}[2Jb".chars().for_each(|c| input.push(c));
        assert_eq!(input.value(), "a[2Jb");
        let mut secret = Input::masked();
        "pass phrase\n".chars().for_each(|c| secret.push(c));
        assert_eq!(secret.value(), "pass phrase");
    }
}
