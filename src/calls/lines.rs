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

/// `text[start..end]`, or `None` when either end is not a character boundary (or past the
/// end): the check of `str::get`, which the compiler kept out of line even with LTO (3 % of
/// the audit's time in perf, called for each line and three of its fields), as two splits
/// it inlines.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn str_part(text: &str, start: usize, end: usize) -> Option<&str> {
    let (head, _) = text.split_at_checked(end)?;
    head.split_at_checked(start).map(|(_, part)| part)
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
            line_ends(chunk).next().map_or(chunk.len(), |end| end + 1)
        };
        let text = match std::str::from_utf8(&chunk[skip..]) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&chunk[skip..skip + e.valid_up_to()]).unwrap_or_default(),
        };
        let mut at = 0usize;
        for end in line_ends(chunk) {
            let head = &chunk[at..end];
            self.line_no += 1;
            if self.overflow || self.partial.len() + head.len() > self.cap {
                on_line(self.line_no, Line::TooLong);
            } else if self.partial.is_empty() {
                // A `\n` is never inside a character, so the line's ends are boundaries.
                match at
                    .checked_sub(skip)
                    .and_then(|at| str_part(text, at, at + head.len()))
                {
                    Some(line) => on_line(self.line_no, Line::Str(trim_cr_str(line))),
                    None => on_line(self.line_no, Line::Text(trim_cr(head))),
                }
            } else {
                self.partial.extend_from_slice(head);
                on_line(self.line_no, Line::Text(trim_cr(&self.partial)));
            }
            self.partial.clear();
            self.overflow = false;
            at = end + 1;
        }
        chunk = &chunk[at..];
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

/// The places of the `\n` bytes of `bytes`, in order.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn line_ends(bytes: &[u8]) -> LineEnds<'_> {
    LineEnds {
        bytes,
        base: 0,
        next: 0,
        bits: 0,
    }
}

/// The places of the `\n` bytes of `bytes`, in order.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn line_ends(bytes: &[u8]) -> memchr::Memchr<'_> {
    memchr::memchr_iter(b'\n', bytes)
}

/// The `\n` bytes of a chunk found 64 bytes at a time, as one bit each, with SSE2: for lines
/// of records (under 100 bytes) a search per line spent more in starting than in searching.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
struct LineEnds<'a> {
    bytes: &'a [u8],
    /// The place of bit 0 of `bits`.
    base: usize,
    /// Where the next block starts.
    next: usize,
    /// The `\n` bytes from `base` not handed out yet.
    bits: u64,
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
impl Iterator for LineEnds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            let rest = self.bytes.get(self.next..).filter(|r| !r.is_empty())?;
            self.base = self.next;
            self.bits = if let Some(block) = rest.first_chunk::<64>() {
                self.next += 64;
                newline_bits(block)
            } else {
                self.next = self.bytes.len();
                match self.bytes.last_chunk::<64>() {
                    // The chunk's last 64 bytes, less those already searched.
                    Some(last) => newline_bits(last) >> (64 - rest.len()),
                    None => rest
                        .iter()
                        .enumerate()
                        .fold(0, |bits, (i, b)| bits | u64::from(*b == b'\n') << i),
                }
            };
        }
        let i = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(self.base + i)
    }
}

/// One bit per byte of `block`, set where the byte is `\n`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn newline_bits(block: &[u8; 64]) -> u64 {
    use safe_arch::{cmp_eq_mask_i8_m128i, m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let (quarters, _) = block.as_chunks::<16>();
    let newline = set_splat_i8_m128i(b'\n'.cast_signed());
    quarters.iter().enumerate().fold(0, |bits, (i, q)| {
        let found = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(m128i::from(*q), newline));
        #[allow(clippy::cast_sign_loss)]
        let found = u64::from(found as u16);
        bits | found << (16 * i)
    })
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
    fn a_part_of_a_str_is_what_get_gives() {
        let text = "ab\u{e9}c\u{1f600}d";
        for start in 0..=text.len() + 1 {
            for end in 0..=text.len() + 1 {
                assert_eq!(
                    str_part(text, start, end),
                    text.get(start..end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn line_ends_are_every_newline_at_every_length() {
        let mut state = 11u64;
        for len in 0..300 {
            // Newlines from every other byte to one in a hundred, among letters and bytes one
            // bit off `\n`.
            for rarity in [2, 3, 8, 40, 100] {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1);
                        match (state >> 33) % rarity {
                            0 => b'\n',
                            n => [b'\x0b', b'\x0e', b'\x8a', b'a'][n as usize % 4],
                        }
                    })
                    .collect();
                let expected: Vec<usize> = (0..len).filter(|i| bytes[*i] == b'\n').collect();
                assert_eq!(line_ends(&bytes).collect::<Vec<_>>(), expected, "{bytes:?}");
            }
        }
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
