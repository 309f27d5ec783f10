//! RFC 3339 UTC timestamps (`2026-11-22T01:24:16Z`), formatted from [`SystemTime`] without a
//! date library.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A UTC time to the second, written as RFC 3339 with a `Z` suffix.
///
/// Only this exact shape is accepted when reading, so files stay comparable and sortable as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(String);

/// The error for a string that is not a `YYYY-MM-DDTHH:MM:SSZ` UTC time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a UTC time like 2026-11-22T09:30:00Z")]
pub struct BadTimestamp(pub String);

impl Timestamp {
    /// The current time.
    pub fn now() -> Timestamp {
        Timestamp::from_system_time(SystemTime::now())
    }

    /// The given time, truncated to the second; times before 1970 read as 1970-01-01T00:00:00Z.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Timestamp::from_unix_seconds(secs)
    }

    /// The time `secs` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(secs: u64) -> Timestamp {
        let days = secs / 86_400;
        let rem = secs % 86_400;
        let (year, month, day) = civil_from_days(days);
        Timestamp(format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem / 60 % 60,
            rem % 60
        ))
    }

    /// Accepts a time stamp in exactly the form this module writes.
    pub fn parse(text: &str) -> Option<Timestamp> {
        Timestamp::try_from(text.to_owned()).ok()
    }

    /// The text form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date part, `2026-11-22`.
    pub fn date(&self) -> &str {
        &self.0[..10]
    }

    /// The same time of day `months` calendar months later; a day the later month lacks
    /// becomes its last day (31 January + 1 month = 28 or 29 February). Stops at year 9999.
    #[must_use]
    pub fn add_months(&self, months: u32) -> Timestamp {
        let num = |range: std::ops::Range<usize>| self.0[range].parse::<u32>().unwrap_or(1);
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let total = (year * 12 + (month - 1)).saturating_add(months);
        let (year, month) = (total / 12, total % 12 + 1);
        if year > 9999 {
            return Timestamp("9999-12-31T23:59:59Z".to_owned());
        }
        let day = day.min(days_in_month(year, month));
        Timestamp(format!("{year:04}-{month:02}-{day:02}{}", &self.0[10..]))
    }
}

/// Year, month, day of the `days`-th day after 1970-01-01 (H. Hinnant's civil-from-days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl TryFrom<String> for Timestamp {
    type Error = BadTimestamp;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 20
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                10 => *b == b'T',
                13 | 16 => *b == b':',
                19 => *b == b'Z',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(BadTimestamp(text));
        }
        let num = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(99);
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let valid = (1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && num(11..13) < 24
            && num(14..16) < 60
            && num(17..19) < 60;
        if valid {
            Ok(Timestamp(text))
        } else {
            Err(BadTimestamp(text))
        }
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants() {
        assert_eq!(
            Timestamp::from_unix_seconds(0).as_str(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(1_779_413_056).as_str(),
            "2026-05-22T01:24:16Z"
        );
        // 2000-02-29 (a leap day in a century leap year).
        assert_eq!(
            Timestamp::from_unix_seconds(951_782_400).as_str(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn from_system_time_truncates_to_the_second() {
        let t = UNIX_EPOCH + std::time::Duration::from_millis(1_763_775_000_999);
        let ts = Timestamp::from_system_time(t);
        assert_eq!(ts.as_str(), "2025-11-22T01:30:00Z");
        assert_eq!(Timestamp::parse(ts.as_str()), Some(ts));
        assert_eq!(
            Timestamp::from_unix_seconds(4_107_542_400).as_str(),
            "2100-03-01T00:00:00Z"
        );
    }

    #[test]
    fn rejects_other_shapes_and_impossible_dates() {
        for bad in [
            "2026-11-22 01:24:16Z",
            "2026-11-22T01:24:16+01:00",
            "2026-02-30T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "",
        ] {
            assert!(Timestamp::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn adding_months_keeps_the_time_and_clamps_the_day() {
        let t = |s: &str| Timestamp::parse(s).unwrap();
        let cases = [
            ("2025-11-21T10:05:00Z", 12, "2026-11-21T10:05:00Z"),
            ("2026-01-31T08:00:00Z", 1, "2026-02-28T08:00:00Z"),
            ("2027-12-31T08:00:00Z", 2, "2028-02-29T08:00:00Z"),
            ("2026-11-30T00:00:00Z", 3, "2027-02-28T00:00:00Z"),
            ("2026-05-15T00:00:00Z", 0, "2026-05-15T00:00:00Z"),
            ("9999-06-01T00:00:00Z", 12, "9999-12-31T23:59:59Z"),
        ];
        for (from, months, want) in cases {
            assert_eq!(t(from).add_months(months), t(want), "{from} + {months}");
        }
        assert_eq!(t("2026-11-21T10:05:00Z").date(), "2026-11-21");
    }

    proptest! {
        #[test]
        fn months_added_are_valid_and_later(secs in 0u64..253_000_000_000, months in 0u32..1200) {
            let t = Timestamp::from_unix_seconds(secs);
            let later = t.add_months(months);
            prop_assert_eq!(Timestamp::parse(later.as_str()), Some(later.clone()));
            prop_assert!(later >= t);
        }

        #[test]
        fn formatted_times_parse_back(secs in 0u64..253_402_300_799) {
            let t = Timestamp::from_unix_seconds(secs);
            prop_assert_eq!(Timestamp::try_from(t.as_str().to_owned()), Ok(t));
        }
    }
}
