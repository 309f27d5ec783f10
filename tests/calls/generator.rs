//! A seeded generator of synthetic SMDR records in every layout the reader handles, with
//! ordinary office traffic and planted fraud patterns. Test support only: the product never
//! makes records up.

#![allow(dead_code)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The layout options of one generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenLayout {
    /// 35-02-14: the date column.
    pub date: bool,
    /// 35-01-08 Overseas: a cost column after the account code.
    pub overseas: bool,
    /// 35-02-03: trunk names instead of numbers.
    pub trunk_names: bool,
    /// The manual's fixed columns (else single spaces, as printed samples show).
    pub columns: bool,
}

impl GenLayout {
    /// Every combination.
    pub fn all() -> Vec<GenLayout> {
        let mut out = Vec::new();
        for bits in 0..16u8 {
            out.push(GenLayout {
                date: bits & 1 != 0,
                overseas: bits & 2 != 0,
                trunk_names: bits & 4 != 0,
                columns: bits & 8 != 0,
            });
        }
        out
    }

    /// The `--layout` value that forces this layout.
    pub fn flag(self) -> String {
        format!(
            "date={},format={},trunk={}",
            if self.date { "on" } else { "off" },
            if self.overseas {
                "overseas"
            } else {
                "north-american"
            },
            if self.trunk_names { "name" } else { "number" }
        )
    }
}

/// The account column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenAccount {
    /// Empty.
    None,
    /// An account code.
    Code(String),
    /// `NO ANSWER`.
    NoAnswer,
}

/// One generated record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenRecord {
    /// `POT`, `PIN`, ...
    pub class: &'static str,
    /// Hour and minute.
    pub hour: u16,
    /// Minute.
    pub minute: u16,
    /// Month (1-12).
    pub month: u8,
    /// Day (1-31).
    pub day: u8,
    /// Trunk number ("003") or name ("SIP TRK 2").
    pub trunk: String,
    /// Duration in seconds.
    pub duration: u32,
    /// Station.
    pub station: String,
    /// Number dialled.
    pub number: String,
    /// Account column.
    pub account: GenAccount,
    /// Cost (Overseas).
    pub cost: Option<String>,
    /// A `NEXT` (caller name) line follows.
    pub next_name: Option<String>,
}

fn pad(out: &mut String, field: &str, width: usize) {
    out.push_str(field);
    for _ in field.len()..width {
        out.push(' ');
    }
    out.push(' ');
}

impl GenRecord {
    /// An outgoing call at `hour:minute` on `month/day` from `station` to `number`.
    pub fn call(
        month: u8,
        day: u8,
        hour: u16,
        minute: u16,
        station: &str,
        number: &str,
    ) -> GenRecord {
        GenRecord {
            class: "POT",
            hour,
            minute,
            month,
            day,
            trunk: "001".into(),
            duration: 65,
            station: station.into(),
            number: number.into(),
            account: GenAccount::None,
            cost: None,
            next_name: None,
        }
    }

    /// The same record with another class.
    pub fn class(mut self, class: &'static str) -> GenRecord {
        self.class = class;
        self
    }

    /// The same record with another duration.
    pub fn lasting(mut self, secs: u32) -> GenRecord {
        self.duration = secs;
        self
    }

    /// The record's line (with `NEXT` line if any) in `layout`, ending in `\r\n`.
    pub fn line(&self, layout: GenLayout) -> String {
        let mut out = String::with_capacity(100);
        let trunk = self.trunk.clone();
        let time = format!("{:02}:{:02}", self.hour, self.minute);
        let date = format!("{:02}/{:02}", self.month, self.day);
        let duration = format!(
            "{:02}:{:02}:{:02}",
            self.duration / 3600,
            self.duration / 60 % 60,
            self.duration % 60
        );
        let account = match &self.account {
            GenAccount::None => String::new(),
            GenAccount::Code(c) => c.clone(),
            GenAccount::NoAnswer => "NO ANSWER".into(),
        };
        if layout.columns {
            pad(&mut out, self.class, 4);
            pad(&mut out, &time, 5);
            if layout.date {
                pad(&mut out, &date, 5);
                pad(&mut out, &trunk, 4);
            } else {
                pad(&mut out, &trunk, 10);
            }
            pad(&mut out, &duration, 8);
            pad(&mut out, &self.station, 10);
            pad(&mut out, &self.number, 20);
            pad(&mut out, &account, 16);
            if let Some(cost) = &self.cost {
                out.push_str(cost);
            }
        } else {
            let mut fields = vec![self.class.to_owned(), time];
            if layout.date {
                fields.push(date);
            }
            fields.extend([trunk, duration, self.station.clone()]);
            for f in [
                self.number.clone(),
                account,
                self.cost.clone().unwrap_or_default(),
            ] {
                if !f.is_empty() {
                    fields.push(f);
                }
            }
            out.push_str(&fields.join(" "));
        }
        let mut text = out.trim_end().to_owned();
        text.push_str("\r\n");
        if let Some(name) = &self.next_name {
            text.push_str("NEXT ");
            text.push_str(name);
            text.push_str("\r\n");
        }
        text
    }
}

/// The seeded generator.
pub struct Generator {
    rng: ChaCha8Rng,
}

const CLASSES: [&str; 7] = ["POT", "PIN", "POTA", "POTW", "BRD", "PTRS", "ITRS"];
const TRUNK_NAMES: [&str; 4] = ["SIP TRK 2", "ISDN-1", "LINE A", "PSTN"];

impl Generator {
    /// A generator with `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect()
    }

    /// Any record the layout can hold: every class, account code or `NO ANSWER` or none, a cost
    /// in the Overseas format, `NEXT` lines. Never ambiguous: with collapsed spaces a record with
    /// no number has no account code either.
    pub fn any(&mut self, layout: GenLayout) -> GenRecord {
        let class = CLASSES[self.rng.random_range(0..CLASSES.len())];
        let trunk = if layout.trunk_names && self.rng.random_bool(0.7) {
            TRUNK_NAMES[self.rng.random_range(0..TRUNK_NAMES.len())].to_owned()
        } else {
            format!("{:03}", self.rng.random_range(1..200u32))
        };
        let number = if self.rng.random_bool(0.1) {
            String::new()
        } else {
            let n = self.rng.random_range(3..=20);
            self.digits(n)
        };
        let account = match self.rng.random_range(0..4u8) {
            0 => GenAccount::NoAnswer,
            1 if !number.is_empty() || layout.columns => {
                let n = self.rng.random_range(1..=10);
                GenAccount::Code(self.digits(n))
            }
            _ => GenAccount::None,
        };
        let cost = (layout.overseas && self.rng.random_bool(0.8)).then(|| {
            format!(
                "{}.{:02}",
                self.rng.random_range(0..100u32),
                self.rng.random_range(0..100u32)
            )
        });
        GenRecord {
            class,
            hour: self.rng.random_range(0..24),
            minute: self.rng.random_range(0..60),
            month: self.rng.random_range(1..=12),
            day: self.rng.random_range(1..=28),
            trunk,
            duration: self.rng.random_range(0..36_000),
            station: {
                let n = self.rng.random_range(3..=6);
                self.digits(n)
            },
            number,
            account,
            cost,
            next_name: self.rng.random_bool(0.1).then(|| "J SMITH".to_owned()),
        }
    }

    /// Ordinary office traffic from Monday 2026-11-02 for `days` days: calls on weekdays in
    /// business hours (09:00-16:59) from stations 101-140 to national numbers and to the
    /// allowed country 44, a few minutes each, at most one call per station per 15 minutes.
    pub fn office(&mut self, days: u32, calls_per_day: u32) -> Vec<GenRecord> {
        self.office_from(FIRST_DAY, days, calls_per_day).0
    }

    /// [`Generator::office`] from `start`; also returns the day after the last.
    pub fn office_from(
        &mut self,
        start: Day,
        days: u32,
        calls_per_day: u32,
    ) -> (Vec<GenRecord>, Day) {
        let mut out = Vec::new();
        let mut date = start;
        for _ in 0..days {
            if date.3 < 5 {
                for i in 0..calls_per_day {
                    // Spread evenly over 09:00-16:59 so no station bursts.
                    let minute_of_day = 540 + (i * 480 / calls_per_day.max(1)) as u16;
                    let station = format!("{}", 101 + (i % 40));
                    let number = if self.rng.random_bool(0.05) {
                        format!("0044{}", self.digits(10))
                    } else {
                        // National: 0 then a non-zero digit (00 is the international prefix).
                        format!("0{}{}", self.rng.random_range(1..10u8), self.digits(8))
                    };
                    let mut r = GenRecord::call(
                        date.1,
                        date.2,
                        minute_of_day / 60,
                        minute_of_day % 60,
                        &station,
                        &number,
                    )
                    .lasting(self.rng.random_range(5..900));
                    if self.rng.random_bool(0.3) {
                        r.class = "PIN";
                    }
                    out.push(r);
                }
            }
            date = next_day(date);
        }
        (out, date)
    }
}

/// A day: year, month, day, weekday (0 = Monday).
pub type Day = (i32, u8, u8, u8);

/// Monday 2026-11-02.
pub const FIRST_DAY: Day = (2026, 11, 2, 0);

fn next_day((y, m, d, w): Day) -> Day {
    let len = match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let w = (w + 1) % 7;
    if d < len {
        (y, m, d + 1, w)
    } else if m < 12 {
        (y, m + 1, 1, w)
    } else {
        (y + 1, 1, 1, w)
    }
}

/// Lines of `records` in `layout`.
pub fn file(records: &[GenRecord], layout: GenLayout) -> String {
    records.iter().map(|r| r.line(layout)).collect()
}

/// The layout everyone documents: date on, North-American, trunk numbers, fixed columns.
pub const MANUAL: GenLayout = GenLayout {
    date: true,
    overseas: false,
    trunk_names: false,
    columns: true,
};
