//! The one helper that makes untrusted text safe for a terminal: every control character
//! (C0, DEL, C1: ESC, BEL, CSI, carriage return, ...) is written as a visible Rust escape, so a
//! hostile site name, stanza type, SIP header or file name cannot retitle the window, write
//! the clipboard (OSC 52), move the cursor or clear the screen.
//!
//! Used on every output path: error lines on standard error, command output on standard
//! output (the CLI's writer), and the wizard's messages.

use std::borrow::Cow;

/// `text` with every control character written as a Rust escape (`\u{1b}`).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape_except(text, &[])
}

/// As [`escape_controls`], keeping line feeds and tabs (for multi-line output such as a
/// report or a record).
pub fn escape_controls_keep_lines(text: &str) -> Cow<'_, str> {
    escape_except(text, &['\n', '\t'])
}

fn escape_except<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    let unsafe_char = |c: char| c.is_control() && !keep.contains(&c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_osc_title_clipboard_and_csi() {
        let title = "Site\x1b]0;owned\x07";
        assert_eq!(escape_controls(title), "Site\\u{1b}]0;owned\\u{7}");
        let clipboard = "\x1b]52;c;ZWNobyBoaQ==\x1b\\";
        assert!(!escape_controls(clipboard).contains('\x1b'));
        // C1 controls (8-bit CSI) and DEL, carriage return.
        let c1 = "a\u{9b}2Jb\u{7f}\r";
        assert_eq!(escape_controls(c1), "a\\u{9b}2Jb\\u{7f}\\r");
    }

    #[test]
    fn keeps_plain_text_and_optionally_lines() {
        assert!(matches!(
            escape_controls("Harbour Dental, Main St"),
            Cow::Borrowed(_)
        ));
        assert_eq!(escape_controls("a\nb"), "a\\nb");
        assert_eq!(escape_controls_keep_lines("a\n\tb\x1b"), "a\n\tb\\u{1b}");
        assert_eq!(escape_controls("Zürich ☎"), "Zürich ☎");
    }
}
