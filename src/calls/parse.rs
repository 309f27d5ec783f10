//! Reading one SMDR line into a [`Record`], tolerant of the documented variants.
//!
//! The manual gives fixed columns (class 1-4, time 6-10, date 12-16, line 18-21, duration
//! 23-30, station 32-41, number 43-62, account 64-79), but printed samples collapse the spaces
//! and the date, format and trunk-name options move the columns. So the line is read by its
//! fields' shapes (a class word, `HH:MM`, an optional `MM/DD`, the trunk up to the `HH:MM:SS`
//! duration, the station, the number, then an account code or `NO ANSWER`, then an Overseas
//! cost), and the columns only settle whether a lone last field is the number or the account.

pub use super::columns::{read_fixed, read_fixed_text};
use super::layout::{Format, Layout, TrunkField};
use super::record::{Account, CallClass, ClockTime, MonthDay, Record};

/// What one line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed<'a> {
    /// A call record.
    Record(Record<'a>),
    /// A `NEXT` line: the previous record's caller name (not kept: it may be a person's name).
    Next,
    /// A column header line the system prints.
    Header,
    /// Nothing but white space.
    Blank,
    /// Not a record in any layout this reader knows (or not in the forced one).
    Unreadable,
}

/// The most fields a record can have (a trunk name with a few spaces included).
const MAX_FIELDS: usize = 16;
/// Column 64 (0-based 63): where the account code starts in the manual's layout.
const ACCOUNT_COLUMN: usize = 63;

/// Eight bytes at a time: `0x80` in each byte of `word` that is a space or a tab.
pub(super) fn space_bytes(word: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Exact zero-byte test: no carry crosses a byte, so no byte is flagged by its neighbour.
    let zero = |x: u64| !(((x & LOW) + LOW) | x | LOW);
    zero(word ^ 0x2020_2020_2020_2020) | zero(word ^ 0x0909_0909_0909_0909)
}

/// The high bit of each byte of `flags` (`0x80` or `0`), gathered into bit `i` for byte `i`.
pub(super) fn gather(flags: u64) -> u64 {
    // Each byte's bit lands in the top byte at its own place; no two terms overlap, so nothing
    // carries.
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// One bit per byte of `block` (up to 64 bytes): set where the byte belongs to a field, that
/// is, is neither a space nor a tab. Bytes past the block's end count as spaces.
fn field_bits(block: &[u8]) -> u64 {
    let word_bits = |word: u64| !gather(space_bytes(word)) & 0xff;
    let mut bits = 0;
    let mut chunks = block.chunks_exact(8);
    let mut k = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        bits |= word_bits(word) << k;
        k += 8;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last bytes in a word of spaces, byte by byte (a copy into a padded array costs a
        // call to `memcpy` per line).
        let mut word = 0x2020_2020_2020_2020u64;
        for (i, b) in rest.iter().enumerate() {
            word = (word & !(0xff << (8 * i))) | (u64::from(*b) << (8 * i));
        }
        bits |= word_bits(word) << k;
    }
    bits
}

/// Splits `line` into field ranges (runs of bytes that are not spaces or tabs); `None` with
/// more than [`MAX_FIELDS`]. The line is taken 64 bytes at a time as a bit mask, so a field
/// costs a few bit operations instead of a branch per byte.
fn fields(line: &[u8], out: &mut [(usize, usize); MAX_FIELDS]) -> Option<usize> {
    let mut n = 0;
    let mut start = 0;
    // Whether the byte before the current block belongs to a field.
    let mut carry = 0u64;
    for (b, block) in line.chunks(64).enumerate() {
        let base = b * 64;
        let inside = field_bits(block);
        let before = (inside << 1) | carry;
        let mut edges = (inside & !before) | (!inside & before);
        carry = inside >> 63;
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if inside >> k & 1 == 1 {
                if n == MAX_FIELDS {
                    return None;
                }
                start = base + k;
            } else {
                out[n] = (start, base + k);
                n += 1;
            }
        }
    }
    if carry == 1 {
        // A field runs to the end of a line whose length is a multiple of 64.
        out[n] = (start, line.len());
        n += 1;
    }
    Some(n)
}

#[inline]
fn two_digits(b: &[u8]) -> Option<u16> {
    match b {
        [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => {
            Some(u16::from(a - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => None,
    }
}

#[inline]
pub(super) fn clock(field: &[u8]) -> Option<ClockTime> {
    match field {
        [h1, h2, b':', m1, m2] => {
            ClockTime::new(two_digits(&[*h1, *h2])?, two_digits(&[*m1, *m2])?)
        }
        _ => None,
    }
}

#[inline]
pub(super) fn month_day(field: &[u8]) -> Option<MonthDay> {
    match field {
        [m1, m2, b'/', d1, d2] => MonthDay::new(
            two_digits(&[*m1, *m2])? as u8,
            two_digits(&[*d1, *d2])? as u8,
        ),
        _ => None,
    }
}

#[inline]
pub(super) fn duration(field: &[u8]) -> Option<u32> {
    match field {
        [h1, h2, b':', m1, m2, b':', s1, s2] => {
            let (h, m, s) = (
                two_digits(&[*h1, *h2])?,
                two_digits(&[*m1, *m2])?,
                two_digits(&[*s1, *s2])?,
            );
            (m < 60 && s < 60).then(|| u32::from(h) * 3600 + u32::from(m) * 60 + u32::from(s))
        }
        _ => None,
    }
}

#[inline]
pub(super) fn is_dialled(field: &[u8]) -> bool {
    field
        .iter()
        .all(|b| b.is_ascii_digit() || *b == b'*' || *b == b'#')
}

/// Digits with exactly one `.` or `,` (one pass: it runs on the last field of every record).
#[inline]
pub(super) fn is_cost(field: &[u8]) -> bool {
    let (mut separators, mut digits) = (0, 0);
    for b in field {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' | b',' => separators += 1,
            _ => return false,
        }
    }
    separators == 1 && digits > 0
}

fn is_header(line: &[u8], spans: &[(usize, usize)]) -> bool {
    spans.iter().any(|&(s, e)| {
        matches!(
            &line[s..e],
            b"STATION" | b"DURATION" | b"DIALED" | b"DIALLED"
        )
    })
}

/// Reads one line (without its line ending) in `layout` (fields left `None` are detected):
/// by the manual's fixed columns when the line is laid out in them ([`read_fixed`]), else by
/// its fields' shapes ([`parse_tolerant`]). Both give the same answer for any line the first
/// one reads.
pub fn parse_line(line: &[u8], layout: Layout) -> Parsed<'_> {
    match read_fixed(line, layout) {
        Some(record) => Parsed::Record(record),
        None => parse_tolerant(line, layout),
    }
}

/// [`parse_line`] for a line already known to be UTF-8: the same answer, without checking it
/// again.
pub fn parse_text(line: &str, layout: Layout) -> Parsed<'_> {
    match read_fixed_text(line, layout) {
        Some(record) => Parsed::Record(record),
        None => parse_tolerant(line.as_bytes(), layout),
    }
}

/// Reads one line by its fields' shapes, whatever its columns (the reader's specification:
/// [`read_fixed`] must agree with it).
pub fn parse_tolerant(line: &[u8], layout: Layout) -> Parsed<'_> {
    let mut spans = [(0, 0); MAX_FIELDS];
    let Some(n) = fields(line, &mut spans) else {
        return Parsed::Unreadable;
    };
    if n == 0 {
        return Parsed::Blank;
    }
    let spans = &spans[..n];
    let field = |i: usize| &line[spans[i].0..spans[i].1];
    let Some(class) = CallClass::from_name(field(0)) else {
        return if field(0) == b"NEXT" {
            Parsed::Next
        } else if is_header(line, spans) {
            Parsed::Header
        } else {
            Parsed::Unreadable
        };
    };
    record(class, line, spans, layout).map_or(Parsed::Unreadable, Parsed::Record)
}

fn record<'a>(
    class: CallClass,
    line: &'a [u8],
    spans: &[(usize, usize)],
    layout: Layout,
) -> Option<Record<'a>> {
    let field = |i: usize| &line[spans[i].0..spans[i].1];
    let n = spans.len();
    if n < 5 {
        return None;
    }
    let time = clock(field(1))?;
    let date = if n > 2 { month_day(field(2)) } else { None };
    if layout.date.is_some_and(|on| on != date.is_some()) {
        return None;
    }
    let trunk_start = if date.is_some() { 3 } else { 2 };
    // Validated once, from the trunk on: the class, time and date before it are ASCII by their
    // shapes, and every field is cut at ASCII white space, so each is a `str` slice too.
    // Non-UTF-8 bytes in any field of a record make the line unreadable.
    let from = spans[trunk_start].0;
    let text = std::str::from_utf8(&line[from..]).ok()?;
    let str_at = |s: usize, e: usize| &text[s - from..e - from];
    let ascii = |i: usize| -> Option<&'a str> {
        let s = str_at(spans[i].0, spans[i].1);
        s.is_ascii().then_some(s)
    };
    // The trunk runs up to the duration; a name may hold spaces (and even look like a time).
    let (dur_at, duration_secs) =
        (trunk_start + 1..n).find_map(|k| duration(field(k)).map(|d| (k, d)))?;
    let trunk = str_at(spans[trunk_start].0, spans[dur_at - 1].1);
    let trunk_bytes = trunk.as_bytes();
    let numeric_trunk = trunk_bytes.iter().all(u8::is_ascii_digit);
    match layout.trunk {
        Some(TrunkField::Number) if !numeric_trunk => return None,
        _ => {}
    }
    let station_at = dur_at + 1;
    if station_at >= n || !field(station_at).iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let station = ascii(station_at)?;
    let mut rest = station_at + 1..n;
    let mut cost = None;
    if layout.format != Some(Format::NorthAmerican)
        && rest.end > rest.start
        && is_cost(field(rest.end - 1))
    {
        cost = Some(ascii(rest.end - 1)?);
        rest.end -= 1;
    }
    let mut account = Account::None;
    if rest.end >= rest.start + 2
        && matches!(field(rest.end - 2), [b'N', b'O'])
        && matches!(field(rest.end - 1), [b'A', b'N', b'S', b'W', b'E', b'R'])
    {
        account = Account::NoAnswer;
        rest.end -= 2;
    }
    let mut number = "";
    match rest.end - rest.start {
        0 => {}
        1 => {
            let only = field(rest.start);
            let at_account_column = spans[rest.start].0 >= ACCOUNT_COLUMN;
            if at_account_column && account == Account::None {
                if !only.iter().all(u8::is_ascii_alphanumeric) {
                    return None;
                }
                account = Account::Code(ascii(rest.start)?);
            } else if is_dialled(only) {
                number = ascii(rest.start)?;
            } else {
                return None;
            }
        }
        2 if account == Account::None => {
            let (dialled, code) = (field(rest.start), field(rest.start + 1));
            if !is_dialled(dialled) || !code.iter().all(u8::is_ascii_alphanumeric) {
                return None;
            }
            number = ascii(rest.start)?;
            account = Account::Code(ascii(rest.start + 1)?);
        }
        _ => return None,
    }
    Some(Record {
        class,
        time,
        date,
        trunk,
        duration_secs,
        station,
        number,
        account,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time splitter the bit masks replaced: the specification of a field.
    fn reference(line: &[u8]) -> Option<Vec<(usize, usize)>> {
        let is_space = |b: u8| b == b' ' || b == b'\t';
        let mut out = Vec::new();
        let mut i = 0;
        while i < line.len() {
            while i < line.len() && is_space(line[i]) {
                i += 1;
            }
            if i == line.len() {
                break;
            }
            let start = i;
            while i < line.len() && !is_space(line[i]) {
                i += 1;
            }
            if out.len() == MAX_FIELDS {
                return None;
            }
            out.push((start, i));
        }
        Some(out)
    }

    fn split(line: &[u8]) -> Option<Vec<(usize, usize)>> {
        let mut spans = [(0, 0); MAX_FIELDS];
        fields(line, &mut spans).map(|n| spans[..n].to_vec())
    }

    #[test]
    fn fields_at_every_block_edge_split_like_the_reference() {
        // A field ending, starting or running across byte 8, 63, 64, 65 and 128.
        for len in 0..200 {
            for gap in [1, 2, 7, 8, 9, 63, 64, 65] {
                let mut line: Vec<u8> = (0..len)
                    .map(|i| if i % gap == 0 { b' ' } else { b'7' })
                    .collect();
                assert_eq!(split(&line), reference(&line), "{len} {gap}");
                for b in &mut line {
                    *b = if *b == b' ' { b'\t' } else { b' ' };
                }
                assert_eq!(split(&line), reference(&line), "{len} {gap} inverted");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        #[test]
        fn fields_split_like_the_reference(
            line in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just(b' '),
                    proptest::prelude::Just(b'\t'),
                    proptest::prelude::Just(b'\r'),
                    proptest::prelude::any::<u8>(),
                ],
                0..300,
            )
        ) {
            proptest::prop_assert_eq!(split(&line), reference(&line));
        }
    }
}
