//! Placing records in time: records have minute resolution and no year (and without 35-02-14
//! no date), so the calendar is inferred from the file's order and `--since`.

use std::fmt;

use super::record::{ClockTime, MonthDay};
use super::settings::Weekday;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

/// A `--since` value that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--since `{0}`: expected a date like 2026-11-01")]
pub struct BadDate(pub String);

impl std::str::FromStr for Date {
    type Err = BadDate;

    fn from_str(text: &str) -> Result<Date, BadDate> {
        let bad = || BadDate(text.to_owned());
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
        );
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let date = Date {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
            day: d.parse().map_err(|_| bad())?,
        };
        let md = MonthDay::new(date.month, date.day).ok_or_else(bad)?;
        if date.day > days_in_month(date.year, md.month) {
            return Err(bad());
        }
        Ok(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 (H. Hinnant's days-from-civil).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Where one record sits in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Minutes on one time line (comparable between records of one audit).
    pub minute: i64,
    /// The inferred date, when the records carry one.
    pub date: Option<Date>,
    /// Its weekday.
    pub weekday: Option<Weekday>,
    /// The day counted from the first record, when the records carry no date.
    pub day_count: Option<u32>,
    /// The time of day.
    pub time: ClockTime,
}

impl Placed {
    /// `2026-11-14 02:13`, or `day 3 02:13` without a date.
    pub fn label(&self) -> String {
        match (self.date, self.day_count) {
            (Some(d), _) => format!("{d} {}", self.time),
            (None, Some(n)) => format!("day {n} {}", self.time),
            (None, None) => self.time.to_string(),
        }
    }
}

/// The calendar inferred so far.
#[derive(Debug, Clone)]
pub struct Calendar {
    year: i32,
    year_given: bool,
    since: Option<Date>,
    reached_since: bool,
    last: Option<MonthDay>,
    undated_day: u32,
    last_undated: Option<ClockTime>,
    saw_dated: bool,
    saw_undated: bool,
    wrapped: bool,
    /// The last date placed, with its day number and weekday: records come in date order, so
    /// most share the date of the one before and skip the calendar arithmetic.
    last_day: Option<(Date, i64, Weekday)>,
}

impl Calendar {
    /// A calendar starting in `since`'s year, else in `assumed_year` (the current year).
    pub fn new(since: Option<Date>, assumed_year: i32) -> Calendar {
        Calendar {
            year: since.map_or(assumed_year, |d| d.year),
            year_given: since.is_some(),
            since,
            reached_since: false,
            last: None,
            undated_day: 1,
            last_undated: None,
            saw_dated: false,
            saw_undated: false,
            wrapped: false,
            last_day: None,
        }
    }

    /// Places a record; `None` when it lies before `--since`.
    // Inlined: returned through memory, the record's placing was read back before its stores
    // had landed, a stall on every record (measured with perf).
    #[inline]
    pub fn place(&mut self, time: ClockTime, date: Option<MonthDay>) -> Option<Placed> {
        if let Some(md) = date {
            {
                self.saw_dated = true;
                if let Some(last) = self.last
                    && md < last
                    && i32::from(last.month) - i32::from(md.month) >= 6
                {
                    // December to January: a new year (calls logged out of order by a few
                    // minutes or a day never move the year).
                    self.year += 1;
                    self.wrapped = true;
                }
                self.last = Some(md);
                let day = md.day.min(days_in_month(self.year, md.month));
                let date = Date {
                    year: self.year,
                    month: md.month,
                    day,
                };
                if let Some(since) = self.since
                    && !self.reached_since
                {
                    if date < since {
                        return None;
                    }
                    self.reached_since = true;
                }
                let (days, weekday) = match self.last_day {
                    Some((last, days, weekday)) if last == date => (days, weekday),
                    _ => {
                        let days = days_from_civil(date.year, date.month, date.day);
                        let weekday = Weekday::ALL[(days + 3).rem_euclid(7) as usize];
                        self.last_day = Some((date, days, weekday));
                        (days, weekday)
                    }
                };
                Some(Placed {
                    minute: days * 1440 + i64::from(time.minutes),
                    date: Some(date),
                    weekday: Some(weekday),
                    day_count: None,
                    time,
                })
            }
        } else {
            {
                self.saw_undated = true;
                if let Some(last) = self.last_undated
                    && i32::from(time.minutes) < i32::from(last.minutes) - 720
                {
                    self.undated_day += 1;
                }
                self.last_undated = Some(time);
                Some(Placed {
                    minute: i64::from(self.undated_day) * 1440 + i64::from(time.minutes),
                    date: None,
                    weekday: None,
                    day_count: Some(self.undated_day),
                    time,
                })
            }
        }
    }

    /// How the period was inferred, for the audit's "period" note.
    pub fn note(&self) -> String {
        let mut parts = Vec::new();
        if self.saw_dated {
            parts.push(if self.year_given {
                "records carry no year: the year comes from --since and the file's order".to_owned()
            } else {
                format!(
                    "records carry no year: {} assumed (give --since YYYY-MM-DD to set it), later years from the file's order",
                    self.year - i32::from(self.wrapped)
                )
            });
        }
        if self.saw_undated {
            parts.push(
                "records without a date (35-02-14 off): days counted from the file's order, weekdays unknown"
                    .to_owned(),
            );
        }
        if parts.is_empty() {
            "no record".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u16, m: u16) -> ClockTime {
        ClockTime::new(h, m).unwrap()
    }

    #[test]
    fn weekdays_follow_the_inferred_year() {
        let mut cal = Calendar::new(Some("2026-11-01".parse().unwrap()), 2000);
        let p = cal.place(t(9, 0), MonthDay::new(12, 1)).unwrap();
        assert_eq!(p.date.unwrap().to_string(), "2026-12-01");
        assert_eq!(p.weekday, Some(Weekday::Tue));
        // The year turns with the file's order.
        let p = cal.place(t(9, 0), MonthDay::new(1, 2)).unwrap();
        assert_eq!(p.label(), "2027-01-02 09:00");
        assert_eq!(p.weekday, Some(Weekday::Sat));
    }

    #[test]
    fn records_before_since_are_left_out() {
        let mut cal = Calendar::new(Some("2026-11-10".parse().unwrap()), 2000);
        assert!(cal.place(t(9, 0), MonthDay::new(11, 9)).is_none());
        assert!(cal.place(t(9, 0), MonthDay::new(11, 10)).is_some());
    }

    #[test]
    fn undated_records_count_days_when_the_clock_goes_back() {
        let mut cal = Calendar::new(None, 2026);
        assert_eq!(cal.place(t(23, 50), None).unwrap().day_count, Some(1));
        assert_eq!(cal.place(t(0, 5), None).unwrap().label(), "day 2 00:05");
        assert!(cal.note().contains("days counted"));
    }

    #[test]
    fn bad_since_dates_are_refused() {
        for bad in ["2026-13-01", "2026-02-30", "26-11-01", "yesterday"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }
}
