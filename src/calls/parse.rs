//! Reading one SMDR line into a [`Record`], tolerant of the documented variants.
//!
//! The manual gives fixed columns (class 1-4, time 6-10, date 12-16, line 18-21, duration
//! 23-30, station 32-41, number 43-62, account 64-79), but printed samples collapse the spaces
//! and the date, format and trunk-name options move the columns. So the line is read by its
//! fields' shapes (a class word, `HH:MM`, an optional `MM/DD`, the trunk up to the `HH:MM:SS`
//! duration, the station, the number, then an account code or `NO ANSWER`, then an Overseas
//! cost), and the columns only settle whether a lone last field is the number or the account.

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

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Splits `line` into field ranges; `None` with more than [`MAX_FIELDS`].
fn fields(line: &[u8], out: &mut [(usize, usize); MAX_FIELDS]) -> Option<usize> {
    let mut n = 0;
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
        if n == MAX_FIELDS {
            return None;
        }
        out[n] = (start, i);
        n += 1;
    }
    Some(n)
}

fn two_digits(b: &[u8]) -> Option<u16> {
    match b {
        [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => {
            Some(u16::from(a - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => None,
    }
}

fn clock(field: &[u8]) -> Option<ClockTime> {
    match field {
        [h1, h2, b':', m1, m2] => {
            ClockTime::new(two_digits(&[*h1, *h2])?, two_digits(&[*m1, *m2])?)
        }
        _ => None,
    }
}

fn month_day(field: &[u8]) -> Option<MonthDay> {
    match field {
        [m1, m2, b'/', d1, d2] => MonthDay::new(
            two_digits(&[*m1, *m2])? as u8,
            two_digits(&[*d1, *d2])? as u8,
        ),
        _ => None,
    }
}

fn duration(field: &[u8]) -> Option<u32> {
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

fn is_dialled(field: &[u8]) -> bool {
    field
        .iter()
        .all(|b| b.is_ascii_digit() || *b == b'*' || *b == b'#')
}

/// Digits with exactly one `.` or `,` (one pass: it runs on the last field of every record).
fn is_cost(field: &[u8]) -> bool {
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

/// Reads one line (without its line ending) in `layout` (fields left `None` are detected).
pub fn parse_line(line: &[u8], layout: Layout) -> Parsed<'_> {
    let mut spans = [(0, 0); MAX_FIELDS];
    let Some(n) = fields(line, &mut spans) else {
        return Parsed::Unreadable;
    };
    if n == 0 {
        return Parsed::Blank;
    }
    let spans = &spans[..n];
    let field = |i: usize| &line[spans[i].0..spans[i].1];
    if field(0) == b"NEXT" {
        return Parsed::Next;
    }
    let Some(class) = CallClass::from_name(field(0)) else {
        return if is_header(line, spans) {
            Parsed::Header
        } else {
            Parsed::Unreadable
        };
    };
    // Validated once: every field is cut at ASCII white space, so each is a `str` slice too.
    // Non-UTF-8 bytes in any field of a record make the line unreadable.
    let Ok(text) = std::str::from_utf8(line) else {
        return Parsed::Unreadable;
    };
    record(class, text, spans, layout).map_or(Parsed::Unreadable, Parsed::Record)
}

fn record<'a>(
    class: CallClass,
    text: &'a str,
    spans: &[(usize, usize)],
    layout: Layout,
) -> Option<Record<'a>> {
    let line = text.as_bytes();
    let field = |i: usize| &line[spans[i].0..spans[i].1];
    let ascii = |i: usize| -> Option<&'a str> {
        let s = &text[spans[i].0..spans[i].1];
        s.is_ascii().then_some(s)
    };
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
    // The trunk runs up to the duration; a name may hold spaces (and even look like a time).
    let (dur_at, duration_secs) =
        (trunk_start + 1..n).find_map(|k| duration(field(k)).map(|d| (k, d)))?;
    let trunk = &text[spans[trunk_start].0..spans[dur_at - 1].1];
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
        && field(rest.end - 2) == b"NO"
        && field(rest.end - 1) == b"ANSWER"
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
