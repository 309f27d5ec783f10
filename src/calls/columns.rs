//! The fast path of the reader: a line laid out in the manual's fixed columns (nec-facts 14:
//! class 1-4, time 6-10, date 12-16, line 18-21, duration 23-30, station 32-41, number 43-62,
//! account 64-79, then the Overseas cost; with the date off the line takes columns 12-21) is
//! read field by field at those columns.
//!
//! It answers only for lines whose shape settles every choice the tolerant reader
//! ([`super::parse`]) makes, and then gives exactly that reader's record; any other line
//! (collapsed spaces, a trunk name with spaces, a column overrun, a header, junk) is declined
//! and read by the tolerant reader, so nothing readable there becomes unreadable here. The shape
//! is checked per line, so there is no detected state to go stale.

use super::layout::{Format, Layout, TrunkField};
use super::lines::str_part;
use super::parse::{gather, is_cost, is_dialled, month_day, space_bytes};
use super::record::{Account, CallClass, ClockTime, MonthDay, Record};

/// A column range: first byte (0-based) and width.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    width: u32,
}

const CLASS: Span = Span { start: 0, width: 4 };
const TRUNK_DATED: Span = Span {
    start: 17,
    width: 4,
};
const TRUNK_UNDATED: Span = Span {
    start: 11,
    width: 10,
};
const DURATION: Span = Span {
    start: 22,
    width: 8,
};
const STATION: Span = Span {
    start: 31,
    width: 10,
};
const NUMBER: Span = Span {
    start: 42,
    width: 20,
};
const ACCOUNT: Span = Span {
    start: 63,
    width: 16,
};
/// Column 81 (0-based 80) on: the Overseas cost, to the end of the line.
const COST_START: u32 = 80;
/// The longest line this path reads: one bit of a 128-bit mask per byte.
const MAX_LEN: usize = 128;

/// The single blanks between the columns (0-based), with the date on and off.
const GAPS_DATED: u128 =
    bit(4) | bit(10) | bit(16) | bit(21) | bit(30) | bit(41) | bit(62) | bit(79);
const GAPS_UNDATED: u128 = bit(4) | bit(10) | bit(21) | bit(30) | bit(41) | bit(62) | bit(79);
/// `NO ANSWER` as a field mask: nine bytes, the third a space.
const NO_ANSWER_BITS: u128 = 0b1_1111_1011;
/// Eight spaces, to fill the word after the line's end.
const SPACES: u64 = u64::from_le_bytes(*b"        ");

const fn bit(i: u32) -> u128 {
    1 << i
}

/// The length of the one field that starts `span` (0 when the span is blank), or `None` when
/// the span holds anything else: a field not at its start, or two fields.
// Always inlined: with the span a constant the shifts are a few instructions; called with a
// variable span, a 128-bit shift costs about fifty (measured with callgrind).
#[allow(clippy::inline_always)]
#[inline(always)]
fn field_len(inside: u128, span: Span) -> Option<usize> {
    let m = (inside >> span.start) & ((1 << span.width) - 1);
    // One run of set bits from the bottom: adding one clears them all.
    (m & (m + 1) == 0).then_some(m.count_ones() as usize)
}

/// The high bit of each byte: the flag the word-at-a-time tests below set.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of each byte.
const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// One bit per byte of `word`, set where the byte is an ASCII digit.
fn digit_bits(word: u64) -> u8 {
    // A digit becomes 0 to 9; adding 0x76 to the low seven bits sets the high bit from 10 up,
    // and no byte carries into the next (at most 0x7f + 0x76).
    let t = word ^ 0x3030_3030_3030_3030;
    let not_digit = ((t & LOW) + 0x7676_7676_7676_7676) | t;
    gather(!not_digit & HIGH) as u8
}

/// The masks of one word without control bytes: (field, digit) bits, or `None` when a byte
/// is below 0x20 (a tab, or junk).
fn plain_word(word: u64) -> Option<(u8, u8)> {
    let low = word & LOW;
    // Above 0x20 (or not ASCII): 0x5f lifts 0x21 and up to the high bit, without carries.
    let above = (low + 0x5f5f_5f5f_5f5f_5f5f) | word;
    // Below 0x20: 0x60 leaves it under the high bit.
    let below = !((low + 0x6060_6060_6060_6060) | word);
    if below & HIGH != 0 {
        return None;
    }
    Some((gather(above & HIGH) as u8, digit_bits(word)))
}

/// Two bits per byte of a line: whether it belongs to a field (is neither a space nor a tab),
/// and whether it is a digit. Bit `i` is byte `i`; bytes past the end count as blanks.
#[derive(Clone, Copy, Default)]
struct Masks {
    inside: u128,
    digits: u128,
}

impl Masks {
    /// The masks of `line` (8 to [`MAX_LEN`] bytes): sixteen bytes at a time with SSE2 (every
    /// x86-64 CPU has it), else eight at a time. Eight at a time, a line with a byte below 0x20
    /// (a tab, or junk) is masked by [`Masks::exact`]; without them a byte is in a field when
    /// it is above a space, a cheaper test.
    fn of(line: &[u8]) -> Masks {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if line.len() >= 16 {
            return Masks::wide(line);
        }
        Masks::plain(line).unwrap_or_else(|| Masks::exact(line))
    }

    /// The masks of `line` (at least sixteen bytes) sixteen bytes at a time, folded from the
    /// last block down as [`Masks::fold`] does; the last part block is the line's last sixteen
    /// bytes, its masks shifted down past the bytes of the block before it.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    fn wide(line: &[u8]) -> Masks {
        let (blocks, rest) = line.as_chunks::<16>();
        let mut masks = Masks::default();
        if let (r @ 1..16, Some(last)) = (rest.len(), line.last_chunk::<16>()) {
            let (inside, digits) = sse2::bits(*last);
            let seen = 16 - r as u32;
            masks.inside = u128::from(inside >> seen);
            masks.digits = u128::from(digits >> seen);
        }
        for block in blocks.iter().rev() {
            let (inside, digits) = sse2::bits(*block);
            masks.inside = (masks.inside << 16) | u128::from(inside);
            masks.digits = (masks.digits << 16) | u128::from(digits);
        }
        masks
    }

    /// Folds the words of `line` (at least eight bytes) into the two masks with `bits`, which
    /// gives a word's (field, digit) bits or `None` to give up. The words go from the last to
    /// the first, each shifting the masks up a byte, so the masks stay in registers: written
    /// as bytes of an array, their loads after the stores stalled on every line (perf). The
    /// last part word is taken from the line's last eight bytes, its bytes moved to the
    /// bottom, spaces above them, so nothing is copied.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn fold(line: &[u8], bits: impl Fn(u64) -> Option<(u8, u8)>) -> Option<Masks> {
        let (words, rest) = line.as_chunks::<8>();
        let mut masks = Masks::default();
        let mut put = |word: u64| -> Option<()> {
            let (inside, digits) = bits(word)?;
            masks.inside = (masks.inside << 8) | u128::from(inside);
            masks.digits = (masks.digits << 8) | u128::from(digits);
            Some(())
        };
        if let (r @ 1..8, Some(last)) = (rest.len(), line.last_chunk::<8>()) {
            let r = r as u32;
            put((u64::from_le_bytes(*last) >> (8 * (8 - r))) | (SPACES << (8 * r)))?;
        }
        // The early return also keeps the loop in scalar registers: vectorised, the gathers'
        // multiplies cost more than they save (perf).
        for word in words.iter().rev() {
            put(u64::from_le_bytes(*word))?;
        }
        Some(masks)
    }

    /// The masks of a line without control bytes, or `None`.
    fn plain(line: &[u8]) -> Option<Masks> {
        Masks::fold(line, plain_word)
    }

    /// The masks of any line: spaces and tabs are blanks, every other byte is a field's.
    fn exact(line: &[u8]) -> Masks {
        Masks::fold(line, |word| {
            Some((!(gather(space_bytes(word)) as u8), digit_bits(word)))
        })
        .unwrap_or_default()
    }

    /// Whether every byte of the field at `span` (one run from its start, as [`field_len`]
    /// checked) is a digit: the run's bits are found again by constant shifts, cheaper than a
    /// mask of the field's length.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn all_digits(self, span: Span) -> bool {
        let run = (self.inside >> span.start) & ((1 << span.width) - 1);
        (self.digits >> span.start) & run == run
    }
}

/// The masks of sixteen bytes in a few SSE2 instructions, through `safe_arch`'s safe wrappers
/// (the crate forbids `unsafe`).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, m128i, min_u8_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
        sub_i8_m128i,
    };

    /// The (field, digit) bits of `block`: a byte is a field's unless it is a space or a tab.
    #[allow(
        clippy::inline_always,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    #[inline(always)]
    pub(super) fn bits(block: [u8; 16]) -> (u16, u16) {
        let v = m128i::from(block);
        let blank = cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b' '.cast_signed()))
            | cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b'\t'.cast_signed()));
        // A digit less '0' is 0 to 9, every other byte 10 or more (wrapping).
        let from_zero = sub_i8_m128i(v, set_splat_i8_m128i(b'0'.cast_signed()));
        let digit = cmp_eq_mask_i8_m128i(min_u8_m128i(from_zero, set_splat_i8_m128i(9)), from_zero);
        (
            !(move_mask_i8_m128i(blank) as u16),
            move_mask_i8_m128i(digit) as u16,
        )
    }
}

/// The digit `line[i]` stands for (checked by the digit mask beforehand).
fn digit(line: &[u8], i: usize) -> u32 {
    u32::from(line[i].wrapping_sub(b'0'))
}

/// Two digits at `i` as a number (checked by the digit mask beforehand).
fn two(line: &[u8], i: usize) -> u32 {
    digit(line, i) * 10 + digit(line, i + 1)
}

/// The digits of `HH:MM` at 5-9, `MM/DD` at 11-15 and `HH:MM:SS` at 22-29.
const TIME_DIGITS: u128 = bit(5) | bit(6) | bit(8) | bit(9);
const DATE_DIGITS: u128 = bit(11) | bit(12) | bit(14) | bit(15);
const DURATION_DIGITS: u128 = bit(22) | bit(23) | bit(25) | bit(26) | bit(28) | bit(29);

/// Reads `line` by the fixed columns in `layout`, when its shape leaves the tolerant reader
/// no choice; `None` declines (the tolerant reader decides, record or not).
pub fn read_fixed(line: &[u8], layout: Layout) -> Option<Record<'_>> {
    if line.len() > MAX_LEN || line.len() <= DURATION.start as usize {
        return None;
    }
    read_fixed_text(std::str::from_utf8(line).ok()?, layout)
}

/// [`read_fixed`] for a line already known to be UTF-8 (the tolerant reader's check from the
/// trunk on: the class, time and date are ASCII by their shapes).
///
/// The shapes are checked on the masks, a few instructions a field: the time, the date and
/// the duration by their digits' places and their separators (they fill their columns, so
/// their shapes there are the tolerant reader's shapes), a station or a number of digits
/// alone without a pass over its bytes.
pub fn read_fixed_text(text: &str, layout: Layout) -> Option<Record<'_>> {
    let line = text.as_bytes();
    if line.len() > MAX_LEN || line.len() <= DURATION.start as usize {
        return None;
    }
    let masks = Masks::of(line);
    let inside = masks.inside;
    // A `/` at column 14 is the date's; with the date off the line has none there.
    let dated = line[13] == b'/';
    if layout.date.is_some_and(|on| on != dated) {
        return None;
    }
    let gaps = if dated { GAPS_DATED } else { GAPS_UNDATED };
    if inside & gaps != 0 {
        return None;
    }
    // The class as one number: its first four bytes, cut to its length.
    let head = u32::from_le_bytes([line[0], line[1], line[2], line[3]]);
    let class = match field_len(inside, CLASS)? {
        3 => CallClass::from_packed(head & 0x00ff_ffff)?,
        4 => CallClass::from_packed(head)?,
        _ => return None,
    };
    if masks.digits & TIME_DIGITS != TIME_DIGITS || line[7] != b':' {
        return None;
    }
    let time = ClockTime::new(two(line, 5) as u16, two(line, 8) as u16)?;
    let (date, trunk_span) = if dated {
        if masks.digits & DATE_DIGITS != DATE_DIGITS {
            return None;
        }
        let date = MonthDay::new(two(line, 11) as u8, two(line, 14) as u8)?;
        (Some(date), TRUNK_DATED)
    } else {
        (None, TRUNK_UNDATED)
    };
    let trunk = field(text, inside, trunk_span)?;
    // With the date off, a trunk shaped like a date would be read as one by the tolerant
    // reader: its call.
    if trunk.is_empty() || (!dated && month_day(trunk.as_bytes()).is_some()) {
        return None;
    }
    if layout.trunk == Some(TrunkField::Number) && !masks.all_digits(trunk_span) {
        return None;
    }
    if masks.digits & DURATION_DIGITS != DURATION_DIGITS || line[24] != b':' || line[27] != b':' {
        return None;
    }
    let (minutes, seconds) = (two(line, 25), two(line, 28));
    if minutes >= 60 || seconds >= 60 {
        return None;
    }
    let duration_secs = two(line, 22) * 3600 + minutes * 60 + seconds;
    let station = field(text, inside, STATION)?;
    if station.is_empty()
        || !(masks.all_digits(STATION) || station.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return None;
    }
    let number = field(text, inside, NUMBER)?;
    if !(masks.all_digits(NUMBER) || is_dialled(number.as_bytes())) {
        return None;
    }
    let account_bits = (inside >> ACCOUNT.start) & ((1 << ACCOUNT.width) - 1);
    let account = if account_bits == NO_ANSWER_BITS && at(line, NO_ANSWER)? == b"NO ANSWER" {
        Account::NoAnswer
    } else {
        match field(text, inside, ACCOUNT)? {
            "" => Account::None,
            code if code.bytes().all(|b| b.is_ascii_alphanumeric()) => Account::Code(code),
            _ => return None,
        }
    };
    let cost_bits = inside >> COST_START;
    if cost_bits & (cost_bits + 1) != 0 {
        return None;
    }
    let cost = match cost_bits.count_ones() {
        0 => None,
        len => {
            let cost = str_part(text, COST_START as usize, (COST_START + len) as usize)?;
            if layout.format == Some(Format::NorthAmerican) || !is_cost(cost.as_bytes()) {
                return None;
            }
            Some(cost)
        }
    };
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

/// The one field that starts `span` in `text` (empty when the span is blank), by the mask
/// `inside`; `None` as [`field_len`] says. Every field starts and ends beside a blank or the
/// line's ends, so the slice falls on character boundaries ([`str_part`] declines otherwise); a
/// blank span may lie past the end of a line whose last columns are blank.
#[allow(clippy::inline_always)]
#[inline(always)]
fn field(text: &str, inside: u128, span: Span) -> Option<&str> {
    let s = span.start as usize;
    match field_len(inside, span)? {
        0 => Some(""),
        len => str_part(text, s, s + len),
    }
}

/// Where `NO ANSWER` stands: the account's first nine columns.
const NO_ANSWER: Span = Span {
    start: ACCOUNT.start,
    width: 9,
};

/// The bytes of `span`, when the line has them all.
fn at(line: &[u8], span: Span) -> Option<&[u8]> {
    line.get(span.start as usize..(span.start + span.width) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field mask byte by byte: the specification of [`Masks::of`].
    fn reference(line: &[u8]) -> u128 {
        line.iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b, b' ' | b'\t'))
            .fold(0, |m, (i, _)| m | 1 << i)
    }

    /// The digit mask byte by byte.
    fn digits(line: &[u8]) -> u128 {
        line.iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_digit())
            .fold(0, |m, (i, _)| m | 1 << i)
    }

    #[test]
    fn the_masks_mark_every_byte_of_every_length_like_a_byte_loop() {
        let mut state = 5u64;
        // Every byte value in some runs; in others only bytes from 0x20 up, so the lines
        // without control bytes (the cheaper masks) are tested at every length too.
        let every: Vec<u8> = (0..=255).collect();
        let plain: Vec<u8> = b" !09:/AZaz~\x7f\x80\xb0\xb9\xff".to_vec();
        for (len, alphabet) in (8..=MAX_LEN).flat_map(|len| [(len, &every), (len, &plain)]) {
            for _ in 0..50 {
                let line: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1);
                        alphabet[(state >> 58) as usize % alphabet.len()]
                    })
                    .collect();
                assert_eq!(
                    Masks::plain(&line).is_some(),
                    line.iter().all(|b| *b >= b' '),
                    "{line:?}"
                );
                #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
                let wide = (len >= 16).then(|| Masks::wide(&line));
                #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
                let wide = None;
                for masks in [Masks::of(&line), Masks::exact(&line)]
                    .into_iter()
                    .chain(Masks::plain(&line))
                    .chain(wide)
                {
                    assert_eq!(masks.inside, reference(&line), "{line:?}");
                    assert_eq!(masks.digits, digits(&line), "{line:?}");
                }
            }
        }
    }
}
