//! RFC 3339 UTC time stamps (`2026-11-22T01:30:00Z`) from [`SystemTime`], without a date crate.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time written as RFC 3339 in UTC with whole seconds, e.g. `2026-11-22T01:30:00Z`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(String);

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// The given time, truncated to whole seconds; times before 1970 are written as the epoch.
    pub fn from_system_time(time: SystemTime) -> Self {
        let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self(format_unix_seconds(secs))
    }

    /// Accepts a time stamp in exactly the form this module writes.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 20
            && b.iter().enumerate().all(|(i, &c)| match i {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                19 => c == b'Z',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
        let (month, day) = (num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        valid.then(|| Self(text.to_owned()))
    }

    /// The RFC 3339 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC.
fn format_unix_seconds(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, for non-negative day counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn known_instants() {
        assert_eq!(format_unix_seconds(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 (leap day of a century leap year) 12:34:56.
        assert_eq!(format_unix_seconds(951_827_696), "2000-02-29T12:34:56Z");
        assert_eq!(format_unix_seconds(1_798_761_599), "2026-12-31T23:59:59Z");
        assert_eq!(format_unix_seconds(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn from_system_time_truncates_and_parses_back() {
        let t = UNIX_EPOCH + Duration::from_millis(1_763_775_000_999);
        let ts = Timestamp::from_system_time(t);
        assert_eq!(ts.as_str(), "2025-11-22T01:30:00Z");
        assert_eq!(Timestamp::parse(ts.as_str()), Some(ts));
    }

    #[test]
    fn parse_rejects_other_shapes() {
        for bad in [
            "2026-11-22 01:30:00Z",
            "2026-11-22T01:30:00+01:00",
            "2026-13-22T01:30:00Z",
            "2026-11-22T24:00:00Z",
            "",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
    }
}
