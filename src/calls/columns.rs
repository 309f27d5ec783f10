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
use super::parse::{clock, duration, gather, is_cost, is_dialled, month_day, space_bytes};
use super::record::{Account, CallClass, Record};

/// A column range: first byte (0-based) and width.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    width: u32,
}

const CLASS: Span = Span { start: 0, width: 4 };
const TIME: Span = Span { start: 5, width: 5 };
const DATE: Span = Span {
    start: 11,
    width: 5,
};
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
const COST: Span = Span {
    start: COST_START,
    width: MAX_LEN as u32 - COST_START,
};
/// The longest line this path reads: two 64-byte masks.
const MAX_LEN: usize = 128;

/// The single blanks between the columns (0-based), with the date on and off.
const GAPS_DATED: u128 =
    bit(4) | bit(10) | bit(16) | bit(21) | bit(30) | bit(41) | bit(62) | bit(79);
const GAPS_UNDATED: u128 = bit(4) | bit(10) | bit(21) | bit(30) | bit(41) | bit(62) | bit(79);
/// `NO ANSWER` as a field mask: nine bytes, the third a space.
const NO_ANSWER_BITS: u128 = 0b1_1111_1011;

const fn bit(i: u32) -> u128 {
    1 << i
}

/// The length of the one field that starts `span` (0 when the span is blank), or `None` when
/// the span holds anything else: a field not at its start, or two fields.
fn field_len(inside: u128, span: Span) -> Option<usize> {
    let m = (inside >> span.start) & ((1 << span.width) - 1);
    // One run of set bits from the bottom: adding one clears them all.
    (m & (m + 1) == 0).then_some(m.count_ones() as usize)
}

/// One bit per byte of `line` (at most [`MAX_LEN`]) that is neither a space nor a tab, as the
/// tolerant reader splits; bytes past the end count as spaces.
fn field_mask(line: &[u8]) -> u128 {
    // A padded copy, so every word is whole: cheaper than a byte loop over the last few.
    let mut padded = [b' '; MAX_LEN];
    padded[..line.len()].copy_from_slice(line);
    let mut bits = 0;
    for (i, word) in padded
        .as_chunks::<8>()
        .0
        .iter()
        .take(line.len().div_ceil(8))
        .enumerate()
    {
        let inside = !gather(space_bytes(u64::from_le_bytes(*word))) & 0xff;
        bits |= u128::from(inside) << (8 * i);
    }
    bits
}

/// Reads `line` by the fixed columns in `layout`, when its shape leaves the tolerant reader
/// no choice; `None` declines (the tolerant reader decides, record or not).
pub fn read_fixed(line: &[u8], layout: Layout) -> Option<Record<'_>> {
    if line.len() > MAX_LEN || line.len() <= DURATION.start as usize {
        return None;
    }
    // One check for the line: the class, time and date are ASCII by their shapes, so this is
    // the tolerant reader's check from the trunk on. Every field starts and ends beside ASCII
    // white space or the line's ends, so each slice below falls on character boundaries.
    let text = std::str::from_utf8(line).ok()?;
    let inside = field_mask(line);
    // A blank span may lie past the end of a line whose last columns are blank.
    let field = |span: Span, len: usize| -> Option<&str> {
        let s = span.start as usize;
        if len == 0 {
            Some("")
        } else {
            text.get(s..s + len)
        }
    };
    // A `/` at column 14 is the date's; with the date off the line has none there.
    let dated = line[13] == b'/';
    if layout.date.is_some_and(|on| on != dated) {
        return None;
    }
    let gaps = if dated { GAPS_DATED } else { GAPS_UNDATED };
    if inside & gaps != 0 {
        return None;
    }
    let class = CallClass::from_name(field(CLASS, field_len(inside, CLASS)?)?.as_bytes())?;
    let time = clock(field(TIME, field_len(inside, TIME)?)?.as_bytes())?;
    let (date, trunk_span) = if dated {
        let date = month_day(field(DATE, field_len(inside, DATE)?)?.as_bytes())?;
        (Some(date), TRUNK_DATED)
    } else {
        (None, TRUNK_UNDATED)
    };
    let trunk = field(trunk_span, field_len(inside, trunk_span)?)?;
    // With the date off, a trunk shaped like a date would be read as one by the tolerant
    // reader: its call.
    if trunk.is_empty() || (!dated && month_day(trunk.as_bytes()).is_some()) {
        return None;
    }
    if layout.trunk == Some(TrunkField::Number) && !trunk.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let duration_secs = duration(field(DURATION, field_len(inside, DURATION)?)?.as_bytes())?;
    let station = field(STATION, field_len(inside, STATION)?)?;
    if station.is_empty() || !station.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let number = field(NUMBER, field_len(inside, NUMBER)?)?;
    if !is_dialled(number.as_bytes()) {
        return None;
    }
    let account_bits = (inside >> ACCOUNT.start) & ((1 << ACCOUNT.width) - 1);
    let account = if account_bits == NO_ANSWER_BITS && field(ACCOUNT, 9)? == "NO ANSWER" {
        Account::NoAnswer
    } else {
        match field(ACCOUNT, field_len(inside, ACCOUNT)?)? {
            "" => Account::None,
            code if code.bytes().all(|b| b.is_ascii_alphanumeric()) => Account::Code(code),
            _ => return None,
        }
    };
    let cost_bits = inside >> COST_START;
    if cost_bits & (cost_bits + 1) != 0 {
        return None;
    }
    let cost = match cost_bits.count_ones() as usize {
        0 => None,
        len => {
            let cost = field(COST, len)?;
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
