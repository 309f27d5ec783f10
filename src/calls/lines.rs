//! Splitting a byte stream into lines with a cap on line length, for files and sockets alike.
//!
//! Bytes are pushed in chunks as they arrive; a line longer than the cap is reported as too
//! long and its bytes are skipped without being kept, so a 100 MB line costs no memory.
//!
//! Each chunk is checked as UTF-8 once, in one pass over its bytes; the lines that lie in its
//! valid part come out as text, so a reader need not check every line again.

/// One line out of the splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// The line, checked to be UTF-8, without `\n` or a trailing `\r`.
    Str(&'a str),
    /// The line's bytes (not checked, or not UTF-8), without `\n` or a trailing `\r`.
    Text(&'a [u8]),
    /// The line was longer than the cap; its bytes were dropped.
    TooLong,
    /// The stream broke off in the middle of the line (a dropped connection).
    Cut,
}

/// The longest line kept: records are under 100 characters, so this leaves room for names.
pub const MAX_LINE: usize = 512;

/// Splits pushed bytes into lines, numbered from 1.
#[derive(Debug)]
pub struct LineSplitter {
    partial: Vec<u8>,
    overflow: bool,
    cap: usize,
    line_no: u64,
}

impl Default for LineSplitter {
    fn default() -> Self {
        LineSplitter::new(MAX_LINE)
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn trim_cr_str(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

impl LineSplitter {
    /// A splitter that keeps lines up to `cap` bytes.
    pub fn new(cap: usize) -> LineSplitter {
        LineSplitter {
            partial: Vec::new(),
            overflow: false,
            cap,
            line_no: 0,
        }
    }

    /// The number of lines handed out so far.
    pub fn lines(&self) -> u64 {
        self.line_no
    }

    /// Feeds `chunk`; calls `on_line(number, line)` for each line it completes.
    pub fn push(&mut self, mut chunk: &[u8], mut on_line: impl FnMut(u64, Line<'_>)) {
        // One UTF-8 check for all the lines that start in this chunk: from the first of them
        // (the end of a line begun in an earlier chunk may have been cut inside a character)
        // up to the first byte that is not UTF-8; lines after that byte come out as bytes.
        let skip = if self.partial.is_empty() && !self.overflow {
            0
        } else {
            memchr::memchr(b'\n', chunk).map_or(chunk.len(), |end| end + 1)
        };
        let text = match std::str::from_utf8(&chunk[skip..]) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&chunk[skip..skip + e.valid_up_to()]).unwrap_or_default(),
        };
        let mut at = 0usize;
        while let Some(end) = memchr::memchr(b'\n', chunk) {
            let (head, tail) = (&chunk[..end], &chunk[end + 1..]);
            self.line_no += 1;
            if self.overflow || self.partial.len() + head.len() > self.cap {
                on_line(self.line_no, Line::TooLong);
            } else if self.partial.is_empty() {
                // A `\n` is never inside a character, so the line's ends are boundaries.
                match at.checked_sub(skip).and_then(|at| text.get(at..at + end)) {
                    Some(line) => on_line(self.line_no, Line::Str(trim_cr_str(line))),
                    None => on_line(self.line_no, Line::Text(trim_cr(head))),
                }
            } else {
                self.partial.extend_from_slice(head);
                on_line(self.line_no, Line::Text(trim_cr(&self.partial)));
            }
            self.partial.clear();
            self.overflow = false;
            chunk = tail;
            at += end + 1;
        }
        if self.overflow {
            return;
        }
        if self.partial.len() + chunk.len() > self.cap {
            self.overflow = true;
            self.partial.clear();
        } else {
            self.partial.extend_from_slice(chunk);
        }
    }

    /// The stream broke off (the connection dropped): a partial line is handed out as
    /// [`Line::Cut`], so its start is never glued to the next connection's bytes.
    pub fn abandon(&mut self, mut on_line: impl FnMut(u64, Line<'_>)) {
        if self.overflow || !self.partial.is_empty() {
            self.line_no += 1;
            on_line(self.line_no, Line::Cut);
        }
        self.partial.clear();
        self.overflow = false;
    }

    /// Ends the stream: hands out a last line that had no `\n`.
    pub fn finish(&mut self, mut on_line: impl FnMut(u64, Line<'_>)) {
        if self.overflow {
            self.line_no += 1;
            on_line(self.line_no, Line::TooLong);
        } else if !self.partial.is_empty() {
            self.line_no += 1;
            on_line(self.line_no, Line::Text(trim_cr(&self.partial)));
        }
        self.partial.clear();
        self.overflow = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]], cap: usize) -> Vec<(u64, Option<Vec<u8>>)> {
        let mut s = LineSplitter::new(cap);
        let mut out = Vec::new();
        let mut take = |n: u64, l: Line<'_>| {
            out.push((
                n,
                match l {
                    Line::Str(t) => Some(t.as_bytes().to_vec()),
                    Line::Text(t) => Some(t.to_vec()),
                    Line::TooLong | Line::Cut => None,
                },
            ));
        };
        for c in chunks {
            s.push(c, &mut take);
        }
        s.finish(&mut take);
        out
    }

    #[test]
    fn lines_split_across_chunks_read_the_same() {
        let whole = split(&[b"ab\r\ncd\nef"], 16);
        let dripped = split(&[b"a", b"b\r", b"\nc", b"d\n", b"e", b"f"], 16);
        assert_eq!(whole, dripped);
        assert_eq!(
            whole,
            vec![
                (1, Some(b"ab".to_vec())),
                (2, Some(b"cd".to_vec())),
                (3, Some(b"ef".to_vec()))
            ]
        );
    }

    #[test]
    fn lines_in_the_valid_part_of_a_chunk_come_out_as_text() {
        let mut s = LineSplitter::new(64);
        let mut seen = Vec::new();
        // `é` cut between two chunks, and a byte that is never UTF-8 in the second.
        let mut take = |n: u64, l: Line<'_>| {
            seen.push(match l {
                Line::Str(t) => format!("{n} str {t}"),
                Line::Text(t) => format!("{n} bytes {}", String::from_utf8_lossy(t)),
                Line::TooLong | Line::Cut => format!("{n} none"),
            });
        };
        s.push(b"ab\r\ncaf\xc3", &mut take);
        s.push(b"\xa9\nok\n\xffx\nlast\n", &mut take);
        assert_eq!(
            seen,
            [
                "1 str ab",
                "2 bytes caf\u{e9}",
                "3 str ok",
                "4 bytes \u{fffd}x",
                "5 bytes last"
            ]
        );
    }

    #[test]
    fn an_overlong_line_is_reported_and_not_kept() {
        let big = vec![b'x'; 100];
        let mut s = LineSplitter::new(8);
        for _ in 0..1000 {
            s.push(&big, |_, _| panic!("no line yet"));
            assert!(s.partial.capacity() <= 8, "the partial line must not grow");
        }
        let mut seen = Vec::new();
        s.push(b"\nok\n", |n, l| seen.push((n, l == Line::TooLong)));
        assert_eq!(seen, vec![(1, true), (2, false)]);
    }
}
