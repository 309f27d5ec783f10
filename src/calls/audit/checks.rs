//! The rules applied to one record: each check reads the record and the audit's windows and
//! raises alerts through [`Audit::raise`].

use super::window::Window;
use super::{Audit, AuditOptions, MAX_STATIONS};
use crate::calls::number::Destination;
use crate::calls::period::Placed;
use crate::calls::record::{CallClass, Record};
use crate::calls::rules::{RuleId, Rules};

impl Audit {
    fn enabled(&self, rule: RuleId) -> bool {
        self.options.rules.get(rule).enabled
    }

    pub(super) fn check(&mut self, ctx: &Context<'_, '_>) {
        let class = ctx.record.class;
        let minute = ctx.placed.minute;
        let rules = self.options.rules.clone_limits();
        if class == CallClass::Brd && self.enabled(RuleId::BlockedSpike) {
            if let Some(span) =
                self.blocked_calls
                    .hit(minute, rules.blocked_calls, rules.blocked_minutes)
            {
                self.raise(
                    RuleId::BlockedSpike,
                    ctx,
                    move |_: &AuditOptions| format!(
                        "{} calls blocked by toll restriction (BRD) within {} minutes: someone is trying numbers the system refuses",
                        rules.blocked_calls,
                        span + 1
                    ),
                );
            }
            return;
        }
        if matches!(class, CallClass::Pota | CallClass::Potw) {
            let how = if class == CallClass::Pota {
                "a toll-restriction override code (POTA)"
            } else {
                "a walking toll-restriction ID (POTW)"
            };
            self.raise(RuleId::Override, ctx, move |_: &AuditOptions| {
                format!("an outgoing call made with {how}, which lifts the extension's class")
            });
        }
        if matches!(class, CallClass::Ptrs | CallClass::Itrs) {
            self.raise(
                RuleId::TransferOut,
                ctx,
                move |_: &AuditOptions| format!("a trunk call transferred ({class}): trunk-to-trunk transfers let an outside caller reach an outside line"),
            );
        }
        if !class.is_outgoing() {
            return;
        }
        self.outgoing(ctx, &rules);
    }

    fn outgoing(&mut self, ctx: &Context<'_, '_>, limits: &Limits) {
        let record = ctx.record;
        let minute = ctx.placed.minute;
        let settings = &self.options.settings;
        let (first_port, last_port) = settings.inmail_ports;
        // Read once, for the InMail ports and the burst window's slot.
        let number = station_number(record.station);
        if let Some(station) = number
            && (first_port..=last_port).contains(&station)
        {
            self.raise(
                RuleId::VoicemailPort,
                ctx,
                move |_: &AuditOptions| format!("InMail port {station} placed an outgoing call: voicemail itself is dialling out"),
            );
        }
        if let Some(international) = ctx.dest.international {
            let country = ctx.dest.country.unwrap_or("?");
            if !self
                .options
                .settings
                .allowed_countries
                .iter()
                .any(|c| c == country)
            {
                self.raise(
                    RuleId::International,
                    ctx,
                    move |_: &AuditOptions| format!("an international call to country code {country}, which is not on the site's allowed list"),
                );
            }
            if let Some(prefix) = self
                .options
                .rules
                .premium_prefixes
                .iter()
                .find(|p| international.starts_with(p.as_str()))
                .cloned()
            {
                let source = self.options.rules.premium_source.clone();
                self.raise(RuleId::Premium, ctx, move |_: &AuditOptions| {
                    format!("a call into the premium or high-risk range +{prefix} (list: {source})")
                });
            }
            if let Some(country) = ctx.dest.country {
                self.destination(ctx, country);
            }
        }
        if !self
            .options
            .settings
            .in_hours(ctx.placed.time, ctx.placed.weekday)
        {
            let weekday = ctx.placed.weekday;
            let time = ctx.placed.time;
            self.raise(RuleId::OutOfHours, ctx, move |o: &AuditOptions| {
                let days: Vec<&str> = o.settings.days.iter().map(|d| d.name()).collect();
                let day = weekday.map_or_else(String::new, |d| format!(" on a {}", d.long_name()));
                format!(
                    "an outgoing call at {time}{day}, outside business hours ({}-{} {})",
                    o.settings.open,
                    o.settings.close,
                    days.join(",")
                )
            });
        }
        if u64::from(record.duration_secs) > u64::from(limits.long_call_minutes) * 60 {
            let d = record.duration_secs;
            self.raise(RuleId::LongCall, ctx, move |_: &AuditOptions| {
                format!(
                    "an outgoing call lasting {:02}:{:02}:{:02}, longer than the {}-minute limit",
                    d / 3600,
                    d / 60 % 60,
                    d % 60,
                    limits.long_call_minutes
                )
            });
        }
        if self.enabled(RuleId::Burst) {
            self.bursts(ctx, number, minute, limits);
        }
        if let Some(trunks) = self.options.settings.trunks
            && self.enabled(RuleId::Concurrency)
        {
            self.concurrency(ctx, trunks);
        }
    }

    fn destination(&mut self, ctx: &Context<'_, '_>, country: &str) {
        let minute = ctx.placed.minute;
        let baseline_days = i64::from(self.options.rules.baseline_days);
        let first = self.first.map_or(minute, |f| f.minute);
        let end = *self
            .baseline_end
            .get_or_insert(first + baseline_days * 1440);
        if minute < end {
            // Looked up first: inserting takes an owned key, an allocation per call.
            if !self.baseline.contains(country) {
                self.baseline.insert(country.into());
            }
        } else if !self.baseline.contains(country) && !self.new_seen.contains(country) {
            self.new_seen.insert(country.into());
            self.raise(
                RuleId::NewDestination,
                ctx,
                move |_: &AuditOptions| format!(
                    "the first call to country code {country}, not called in the baseline (the first {baseline_days} days of the period)"
                ),
            );
        }
    }

    fn bursts(&mut self, ctx: &Context<'_, '_>, number: Option<u32>, minute: i64, limits: &Limits) {
        let times = match short_station(ctx.record.station, number) {
            Some(slot) => &mut self.short_stations[slot],
            None => self.station_window(ctx.record.station, minute, limits),
        };
        if let Some(span) = times.hit(minute, limits.burst_calls, limits.burst_minutes) {
            self.raise(RuleId::Burst, ctx, move |_: &AuditOptions| {
                format!(
                    "station {} placed {} outgoing calls within {} minutes",
                    ctx.record.station,
                    limits.burst_calls,
                    span + 1
                )
            });
        }
        if let Some(span) = self.overall_calls.hit(
            minute,
            limits.burst_overall_calls,
            limits.burst_overall_minutes,
        ) {
            self.raise(RuleId::Burst, ctx, move |_: &AuditOptions| {
                format!(
                    "{} outgoing calls from all stations within {} minutes",
                    limits.burst_overall_calls,
                    span + 1
                )
            });
        }
    }

    /// The burst window of a station that has no slot of its own, from the bounded map.
    fn station_window(&mut self, station: &str, minute: i64, limits: &Limits) -> &mut Window {
        let key = StationKey::of(station);
        if self.station_calls.len() >= MAX_STATIONS && !self.station_calls.contains_key(&key) {
            let horizon = minute - i64::from(limits.burst_minutes);
            self.station_calls
                .retain(|_, times| times.last().is_some_and(|t| t >= horizon));
            if self.station_calls.len() >= MAX_STATIONS {
                self.station_calls.clear();
            }
        }
        self.station_calls.entry(key).or_default()
    }

    fn concurrency(&mut self, ctx: &Context<'_, '_>, trunks: u16) {
        let start = ctx.placed.minute;
        let end = start + i64::from(ctx.record.duration_secs.div_ceil(60).max(1));
        // Records come out when calls end, so a later record may have started earlier: the
        // ring keeps more than half a day before the latest start.
        let at_once = self.occupancy.add(start, end);
        if at_once > usize::from(trunks) {
            if !self.over_trunks {
                self.over_trunks = true;
                self.raise(
                    RuleId::Concurrency,
                    ctx,
                    move |_: &AuditOptions| format!(
                        "an estimated {at_once} outgoing calls at once (from start minutes and durations), more than the site's {trunks} trunks"
                    ),
                );
            }
        } else {
            self.over_trunks = false;
        }
    }
}

/// The slots of [`short_station`]: every station of one to four digits.
pub(super) const SHORT_STATIONS: usize = 11_110;

/// The slot of a station of one to four digits (the extensions of an SL2100 or SL1100),
/// distinct for `"01"` and `"1"`: ten slots for one digit, then a hundred for two, and so
/// on. Such a station's burst window is found by indexing, without hashing. `number` is
/// [`station_number`] of `station`, read once for all the checks.
fn short_station(station: &str, number: Option<u32>) -> Option<usize> {
    const FIRST: [usize; 5] = [0, 0, 10, 110, 1110];
    let first = FIRST.get(station.len()).filter(|_| !station.is_empty())?;
    Some(first + usize::try_from(number?).ok()?)
}

/// The station as a number, as `str::parse::<u32>` reads a station (letters and digits only:
/// no sign) but without its general-purpose prologue on every outgoing call.
fn station_number(station: &str) -> Option<u32> {
    if station.is_empty() {
        return None;
    }
    station.bytes().try_fold(0u32, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// A station as the key of its burst window: up to 8 bytes packed into one number (a station
/// is letters and digits, never a zero byte, so no two pack alike), a longer one as its text.
/// A number hashes and compares in a few instructions; a boxed `str` cost a hash of its bytes
/// and a `memcmp` on every outgoing call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StationKey {
    /// Up to 8 bytes, the first in the highest place used.
    Short(u64),
    /// Longer.
    Long(Box<str>),
}

impl std::hash::Hash for StationKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // No discriminant: a short key and a long one that hash alike are told apart by `Eq`.
        match self {
            StationKey::Short(key) => state.write_u64(*key),
            StationKey::Long(text) => text.hash(state),
        }
    }
}

impl StationKey {
    fn of(station: &str) -> StationKey {
        if station.len() <= 8 {
            StationKey::Short(station.bytes().fold(0, |key, b| (key << 8) | u64::from(b)))
        } else {
            StationKey::Long(station.into())
        }
    }
}

/// One record being checked.
pub(super) struct Context<'r, 'a> {
    pub(super) line: u64,
    pub(super) record: &'r Record<'a>,
    pub(super) placed: &'r Placed,
    pub(super) dest: Destination<'a>,
}

/// The numeric limits of the rules (copied so the checks can borrow the audit mutably).
#[derive(Debug, Clone, Copy)]
struct Limits {
    long_call_minutes: u32,
    burst_calls: u32,
    burst_minutes: u32,
    burst_overall_calls: u32,
    burst_overall_minutes: u32,
    blocked_calls: u32,
    blocked_minutes: u32,
}

impl Rules {
    fn clone_limits(&self) -> Limits {
        Limits {
            long_call_minutes: self.long_call_minutes,
            burst_calls: self.burst_calls,
            burst_minutes: self.burst_minutes,
            burst_overall_calls: self.burst_overall_calls,
            burst_overall_minutes: self.burst_overall_minutes,
            blocked_calls: self.blocked_calls,
            blocked_minutes: self.blocked_minutes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SHORT_STATIONS, StationKey, short_station, station_number};

    #[test]
    fn stations_that_differ_have_keys_that_differ() {
        let stations = [
            "1",
            "01",
            "10",
            "100",
            "A",
            "a",
            "2001",
            "00000001",
            "000000001",
        ];
        for a in stations {
            for b in stations {
                assert_eq!(StationKey::of(a) == StationKey::of(b), a == b, "{a} {b}");
            }
        }
        let long = "123456789";
        assert_eq!(StationKey::of(long), StationKey::Long(long.into()));
        assert_ne!(StationKey::of(long), StationKey::of(&long[1..]));
    }

    #[test]
    fn stations_of_up_to_four_digits_have_slots_of_their_own() {
        let mut seen = std::collections::HashMap::new();
        for len in 1..=4u32 {
            for n in 0..10usize.pow(len) {
                let station = format!("{n:0width$}", width = len as usize);
                let slot = short_station(&station, station_number(&station)).unwrap();
                assert!(slot < SHORT_STATIONS, "{station}");
                assert_eq!(seen.insert(slot, station.clone()), None, "{station}");
            }
        }
        assert_eq!(seen.len(), SHORT_STATIONS);
        for other in ["", "12345", "21A", "A", "-1", "+1"] {
            assert_eq!(short_station(other, station_number(other)), None, "{other}");
        }
    }

    #[test]
    fn station_numbers_read_as_parse_reads_them() {
        for station in [
            "",
            "0",
            "215",
            "0215",
            "4294967295",
            "4294967296",
            "21A",
            "A",
            "99999999999",
        ] {
            assert_eq!(
                station_number(station),
                station.parse::<u32>().ok(),
                "{station}"
            );
        }
    }
}
