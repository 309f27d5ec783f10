//! Problems found in a checklist or site file, each with its position in the file.

use std::fmt;
use std::ops::Range;

/// A line and column in a text file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the end of the text).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem in a file: where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is.
    pub position: Position,
    /// What is wrong or what was expected, on one line.
    pub message: String,
}

impl Problem {
    /// A problem at byte range `span` of `text`.
    pub fn at(text: &str, span: &Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            position: Position::of_offset(text, span.start),
            message: one_line(&message.into()),
        }
    }

    /// The problem from a TOML parse error (syntax, unknown key, missing field, bad value).
    pub fn from_toml(text: &str, err: &toml::de::Error) -> Problem {
        let span = err.span().unwrap_or(0..0);
        Problem::at(text, &span, err.message())
    }

    /// The problem as `FILE:LINE:COLUMN: message`.
    pub fn display_in(&self, file: &str) -> String {
        format!("{file}:{}: {}", self.position, self.message)
    }
}

/// Joins a multi-line message into one line (TOML errors may span several), with control
/// characters escaped: messages quote the file's own ids and keys, and a hostile file must not
/// reach the terminal with escape sequences (window title, clipboard, screen clearing).
fn one_line(message: &str) -> String {
    let joined = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    escape_controls(&joined).into_owned()
}

pub use crate::terminal_text::escape_controls;

/// Every problem found in one file, sorted by position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.lines().join("\n"))]
pub struct Problems {
    /// The file name used in messages.
    pub file: String,
    /// The problems, in file order (never empty).
    pub problems: Vec<Problem>,
}

impl Problems {
    /// Wraps a list of problems found in `file`, sorting them by position.
    pub fn new(file: &str, mut problems: Vec<Problem>) -> Problems {
        problems.sort_by_key(|p| p.position);
        Problems {
            file: file.to_owned(),
            problems,
        }
    }

    /// One `FILE:LINE:COLUMN: message` line per problem.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| p.display_in(&self.file))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 6),
            Position { line: 2, column: 1 }
        );
        // Column counts characters, not bytes: `=` after "bé " is the 4th character.
        assert_eq!(
            Position::of_offset(text, 10),
            Position { line: 2, column: 4 }
        );
        assert_eq!(Position::of_offset(text, 999).line, 3);
    }

    #[test]
    fn control_characters_in_messages_are_escaped() {
        let p = Problem::at(
            "x",
            &(0..0),
            "id `a\u{1b}]0;pwned\u{7}` is bad\nsecond line",
        );
        assert_eq!(p.message, "id `a\\u{1b}]0;pwned\\u{7}` is bad; second line");
    }
}
