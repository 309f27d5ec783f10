//! One SMDR call record as the system prints it: class, time, date, trunk, duration, station,
//! number dialled, account code, cost. Fields borrow from the line they were read from.

use std::fmt;

/// The record's class (columns 1-4), as listed in the SL1100 / SL2100 Features and
/// Specifications. `NEXT` lines are not records: the reader attaches them to the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallClass {
    /// `POT`: an outgoing call.
    Pot,
    /// `PIN`: an incoming call.
    Pin,
    /// `POTA`: an outgoing call with a toll-restriction override.
    Pota,
    /// `POTW`: an outgoing call under walking toll restriction (a walking ID's class).
    Potw,
    /// `BRD`: a call blocked by toll restriction (recorded when 35-02-01 is on).
    Brd,
    /// `PTRS`: a transferred outgoing trunk call.
    Ptrs,
    /// `ITRS`: a transferred incoming trunk call.
    Itrs,
}

impl CallClass {
    /// Every class, in the order of the manual's list.
    pub const ALL: [CallClass; 7] = [
        CallClass::Pot,
        CallClass::Pin,
        CallClass::Pota,
        CallClass::Potw,
        CallClass::Brd,
        CallClass::Ptrs,
        CallClass::Itrs,
    ];

    /// The class as printed.
    pub fn name(self) -> &'static str {
        match self {
            CallClass::Pot => "POT",
            CallClass::Pin => "PIN",
            CallClass::Pota => "POTA",
            CallClass::Potw => "POTW",
            CallClass::Brd => "BRD",
            CallClass::Ptrs => "PTRS",
            CallClass::Itrs => "ITRS",
        }
    }

    /// The class printed as `text`, if it is one.
    #[inline]
    pub fn from_name(text: &[u8]) -> Option<CallClass> {
        // Byte patterns rather than string literals: they compile to a few compares instead of
        // a call to `memcmp` per class, on every line read.
        Some(match text {
            [b'P', b'O', b'T'] => CallClass::Pot,
            [b'P', b'I', b'N'] => CallClass::Pin,
            [b'P', b'O', b'T', b'A'] => CallClass::Pota,
            [b'P', b'O', b'T', b'W'] => CallClass::Potw,
            [b'B', b'R', b'D'] => CallClass::Brd,
            [b'P', b'T', b'R', b'S'] => CallClass::Ptrs,
            [b'I', b'T', b'R', b'S'] => CallClass::Itrs,
            _ => return None,
        })
    }

    /// The class whose name, as little-endian bytes padded with zeros, is `word`: one compare
    /// a class, for the fixed-column reader. Agrees with [`CallClass::from_name`].
    pub fn from_packed(word: u32) -> Option<CallClass> {
        const fn pack(name: &[u8]) -> u32 {
            let mut word = 0;
            let mut i = name.len();
            while i > 0 {
                i -= 1;
                word = (word << 8) | name[i] as u32;
            }
            word
        }
        const POT: u32 = pack(b"POT");
        const PIN: u32 = pack(b"PIN");
        const POTA: u32 = pack(b"POTA");
        const POTW: u32 = pack(b"POTW");
        const BRD: u32 = pack(b"BRD");
        const PTRS: u32 = pack(b"PTRS");
        const ITRS: u32 = pack(b"ITRS");
        Some(match word {
            POT => CallClass::Pot,
            PIN => CallClass::Pin,
            POTA => CallClass::Pota,
            POTW => CallClass::Potw,
            BRD => CallClass::Brd,
            PTRS => CallClass::Ptrs,
            ITRS => CallClass::Itrs,
            _ => return None,
        })
    }

    /// Whether the call went out on a trunk (and costs the customer money).
    pub fn is_outgoing(self) -> bool {
        matches!(
            self,
            CallClass::Pot | CallClass::Pota | CallClass::Potw | CallClass::Ptrs
        )
    }
}

impl fmt::Display for CallClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A time of day to the minute (records have minute resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    /// Minutes since midnight, 0 to 1439.
    pub minutes: u16,
}

impl ClockTime {
    /// The time `hour:minute`, if both are in range.
    pub fn new(hour: u16, minute: u16) -> Option<ClockTime> {
        (hour < 24 && minute < 60).then_some(ClockTime {
            minutes: hour * 60 + minute,
        })
    }

    /// The hour, 0 to 23.
    pub fn hour(self) -> u16 {
        self.minutes / 60
    }

    /// The minute, 0 to 59.
    pub fn minute(self) -> u16 {
        self.minutes % 60
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// A month and day without a year (records carry none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

impl MonthDay {
    /// The date `month/day`, if both are in range.
    pub fn new(month: u8, day: u8) -> Option<MonthDay> {
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(MonthDay { month, day })
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}", self.month, self.day)
    }
}

/// Columns 64-79: an account code, `NO ANSWER`, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account<'a> {
    /// The column is empty.
    None,
    /// An account code.
    Code(&'a str),
    /// `NO ANSWER`.
    NoAnswer,
}

/// One call record, borrowing from its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// The class.
    pub class: CallClass,
    /// When the call was placed or answered.
    pub time: ClockTime,
    /// The date, when 35-02-14 prints it.
    pub date: Option<MonthDay>,
    /// The trunk (line) number, or its name when 35-02-03 chooses names.
    pub trunk: &'a str,
    /// The duration in seconds.
    pub duration_secs: u32,
    /// The extension.
    pub station: &'a str,
    /// The number dialled (or the caller's, for an incoming call); may be empty.
    pub number: &'a str,
    /// The account code column.
    pub account: Account<'a>,
    /// The Overseas format's cost column, as printed.
    pub cost: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::CallClass;

    #[test]
    fn packed_names_read_as_names_do() {
        for class in CallClass::ALL {
            let mut bytes = [0u8; 4];
            bytes[..class.name().len()].copy_from_slice(class.name().as_bytes());
            assert_eq!(
                CallClass::from_packed(u32::from_le_bytes(bytes)),
                Some(class)
            );
        }
        for junk in [*b"POT ", *b"POTX", *b"\0POT", [0; 4], *b"pot\0"] {
            assert_eq!(CallClass::from_packed(u32::from_le_bytes(junk)), None);
        }
    }
}
