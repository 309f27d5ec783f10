//! The audit: records in, alerts out, one record at a time so memory stays flat whatever the
//! size of the input. The same engine serves saved files (`calls audit`) and the live stream
//! (`calls watch`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use super::layout::{Layout, LayoutSeen};
use super::lines::{Line, LineSplitter};
use super::number::{self, Destination};
use super::parse::{Parsed, parse_line};
use super::period::{Calendar, Date, Placed};
use super::record::{CallClass, Record};
use super::rules::{RuleId, Rules, Severity};
use super::settings::SiteSettings;

/// Alerts kept for the final listing; beyond this they are still counted per rule.
pub const MAX_KEPT_ALERTS: usize = 10_000;
/// Unreadable line numbers kept for the listing; beyond this they are only counted.
pub const MAX_KEPT_LINE_NUMBERS: usize = 20;
/// Stations tracked for bursts at once (a hostile file with a million stations stays bounded).
const MAX_STATIONS: usize = 4096;
/// Calls tracked for the concurrency estimate at once.
const MAX_ACTIVE: usize = 1024;

/// One alert: a rule that fired on a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// The rule.
    pub rule: RuleId,
    /// Its severity.
    pub severity: Severity,
    /// Which input (0 for the first file or the stream).
    pub source: usize,
    /// The line number in that input.
    pub line: u64,
    /// When, as inferred (`2026-11-14 02:13`).
    pub time: String,
    /// The station (extension).
    pub station: String,
    /// The trunk number or name.
    pub trunk: String,
    /// The dialled number, masked unless `--show-numbers`.
    pub number: String,
    /// One sentence saying why.
    pub evidence: String,
    /// The checklist item whose failure it suggests.
    pub item: &'static str,
}

/// What the audit needs besides the input.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The site's settings.
    pub settings: SiteSettings,
    /// The rules.
    pub rules: Rules,
    /// A forced layout (`--layout`).
    pub layout: Layout,
    /// `--since`.
    pub since: Option<Date>,
    /// The year assumed without `--since` (the current one).
    pub assumed_year: i32,
    /// `--show-numbers`.
    pub show_numbers: bool,
}

/// Per-input counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputCounts {
    /// Lines read.
    pub lines: u64,
    /// Call records (including those before `--since`).
    pub records: u64,
    /// Lines that were not records.
    pub unreadable: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Bytes read when the last record was seen.
    pub bytes_at_last_record: u64,
}

/// A streaming audit.
#[derive(Debug)]
pub struct Audit {
    options: AuditOptions,
    calendar: Calendar,
    splitter: LineSplitter,
    source: usize,
    /// Counts of the current input.
    current: InputCounts,
    /// Call records read in all inputs (after `--since`).
    pub records: u64,
    /// Records left out because they lie before `--since`.
    pub before_since: u64,
    /// Unreadable lines in all inputs.
    pub unreadable: u64,
    /// The first unreadable lines: (input, line number).
    pub unreadable_lines: Vec<(usize, u64)>,
    /// Header lines skipped.
    pub headers: u64,
    /// `NEXT` (caller name) lines.
    pub next_lines: u64,
    /// The layout variants seen.
    pub seen: LayoutSeen,
    /// The earliest and latest record.
    pub first: Option<Placed>,
    /// The latest record.
    pub last: Option<Placed>,
    kept: Vec<Alert>,
    fresh: usize,
    counts: [u64; 11],
    station_calls: HashMap<Box<str>, VecDeque<i64>>,
    overall_calls: VecDeque<i64>,
    blocked_calls: VecDeque<i64>,
    active: VecDeque<(i64, i64)>,
    over_trunks: bool,
    baseline_end: Option<i64>,
    baseline: HashSet<Box<str>>,
    new_seen: HashSet<Box<str>>,
}

/// Pushes `at` and reports whether `calls` of the kept times fall within `minutes`; the window
/// is emptied after a hit, so one burst gives one alert.
fn window_hit(times: &mut VecDeque<i64>, at: i64, calls: u32, minutes: u32) -> Option<i64> {
    times.push_back(at);
    while times.len() > calls as usize {
        times.pop_front();
    }
    if times.len() < calls as usize {
        return None;
    }
    // Records come out as calls end, so times may be slightly out of order: the window is
    // the spread between the earliest and the latest.
    let (lo, hi) = times
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(*t), hi.max(*t)));
    if hi - lo < i64::from(minutes) {
        times.clear();
        Some(hi - lo)
    } else {
        None
    }
}

impl Audit {
    /// A new audit.
    pub fn new(options: AuditOptions) -> Audit {
        Audit {
            calendar: Calendar::new(options.since, options.assumed_year),
            options,
            splitter: LineSplitter::default(),
            source: 0,
            current: InputCounts::default(),
            records: 0,
            before_since: 0,
            unreadable: 0,
            unreadable_lines: Vec::new(),
            headers: 0,
            next_lines: 0,
            seen: LayoutSeen::default(),
            first: None,
            last: None,
            kept: Vec::new(),
            fresh: 0,
            counts: [0; 11],
            station_calls: HashMap::new(),
            overall_calls: VecDeque::new(),
            blocked_calls: VecDeque::new(),
            active: VecDeque::new(),
            over_trunks: false,
            baseline_end: None,
            baseline: HashSet::new(),
            new_seen: HashSet::new(),
        }
    }

    /// The counts of the current input so far.
    pub fn current(&self) -> InputCounts {
        self.current
    }

    /// The options in force.
    pub fn options(&self) -> &AuditOptions {
        &self.options
    }

    /// Starts input number `source` (line numbers start again at 1).
    pub fn start_input(&mut self, source: usize) {
        self.finish_input();
        self.splitter = LineSplitter::default();
        self.source = source;
        self.current = InputCounts::default();
    }

    /// Feeds raw bytes of the current input.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.current.bytes += bytes.len() as u64;
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.push(bytes, |n, line| self.line(n, line));
        self.splitter = splitter;
    }

    /// Ends the current input (a last line without a newline is read) and returns its counts.
    pub fn finish_input(&mut self) -> InputCounts {
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.finish(|n, line| self.line(n, line));
        self.splitter = splitter;
        self.current
    }

    /// The current input broke off (a dropped connection): a partial last line is counted as
    /// unreadable instead of being joined to what comes next.
    pub fn interrupt(&mut self) {
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.abandon(|n, line| self.line(n, line));
        self.splitter = splitter;
    }

    /// Alerts raised since the last call (for printing as they happen).
    pub fn take_fresh(&mut self) -> &[Alert] {
        let from = self.kept.len() - self.fresh;
        self.fresh = 0;
        &self.kept[from..]
    }

    /// The alerts kept (the first [`MAX_KEPT_ALERTS`]), in input order.
    pub fn alerts(&self) -> &[Alert] {
        &self.kept
    }

    /// How many alerts each rule raised (all of them, kept or not).
    pub fn count(&self, rule: RuleId) -> u64 {
        self.counts[rule as usize]
    }

    /// All alerts raised.
    pub fn total_alerts(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Whether any alert at warning or above was raised.
    pub fn failed(&self) -> bool {
        RuleId::ALL
            .iter()
            .any(|r| self.count(*r) > 0 && self.options.rules.get(*r).severity >= Severity::Warning)
    }

    /// How the period was inferred.
    pub fn period_note(&self) -> String {
        let mut note = self.calendar.note();
        if self.before_since > 0 {
            let _ = write!(
                note,
                "; {} records before --since left out",
                self.before_since
            );
        }
        note
    }

    /// Rules that are on but cannot run, with why.
    pub fn not_applied(&self) -> Vec<String> {
        let rules = &self.options.rules;
        let mut out = Vec::new();
        if rules.get(RuleId::Premium).enabled && rules.premium_prefixes.is_empty() {
            out.push("premium: no list of premium or high-risk ranges given ([premium] prefixes and source in a --rules file)".to_owned());
        }
        if rules.get(RuleId::Concurrency).enabled && self.options.settings.trunks.is_none() {
            out.push(
                "concurrency: the site's trunk count is unknown ([calls.settings] trunks)"
                    .to_owned(),
            );
        }
        out
    }

    fn line(&mut self, n: u64, line: Line<'_>) {
        self.current.lines = n;
        let parsed = match line {
            Line::Text(bytes) => parse_line(bytes, self.options.layout),
            Line::TooLong | Line::Cut => Parsed::Unreadable,
        };
        match parsed {
            Parsed::Record(record) => self.record(n, &record),
            Parsed::Next => self.next_lines += 1,
            Parsed::Header => self.headers += 1,
            Parsed::Blank => {}
            Parsed::Unreadable => {
                self.unreadable += 1;
                self.current.unreadable += 1;
                if self.unreadable_lines.len() < MAX_KEPT_LINE_NUMBERS {
                    self.unreadable_lines.push((self.source, n));
                }
            }
        }
    }

    fn record(&mut self, line: u64, record: &Record<'_>) {
        self.current.records += 1;
        self.current.bytes_at_last_record = self.current.bytes;
        let Some(placed) = self.calendar.place(record.time, record.date) else {
            self.before_since += 1;
            return;
        };
        self.records += 1;
        self.note_layout(record);
        if self.first.is_none_or(|f| placed.minute < f.minute) {
            self.first = Some(placed);
        }
        if self.last.is_none_or(|l| placed.minute >= l.minute) {
            self.last = Some(placed);
        }
        let dest = number::destination(record.number, &self.options.settings.international_prefix);
        let ctx = Context {
            line,
            record,
            placed: &placed,
            dest,
        };
        self.check(&ctx);
    }

    fn note_layout(&mut self, record: &Record<'_>) {
        if record.date.is_some() {
            self.seen.date_on += 1;
        } else {
            self.seen.date_off += 1;
        }
        if record.cost.is_some() {
            self.seen.cost += 1;
        }
        if !record.trunk.bytes().all(|b| b.is_ascii_digit()) {
            self.seen.trunk_names += 1;
        }
    }

    fn raise(&mut self, rule: RuleId, ctx: &Context<'_, '_>, evidence: String) {
        let setting = self.options.rules.get(rule);
        if !setting.enabled {
            return;
        }
        self.counts[rule as usize] += 1;
        if self.kept.len() >= MAX_KEPT_ALERTS {
            return;
        }
        self.kept.push(Alert {
            rule,
            severity: setting.severity,
            source: self.source,
            line: ctx.line,
            time: ctx.placed.label(),
            station: ctx.record.station.to_owned(),
            trunk: ctx.record.trunk.to_owned(),
            number: number::masked(ctx.record.number, &ctx.dest, self.options.show_numbers),
            evidence,
            item: rule.item(),
        });
        self.fresh += 1;
    }

    fn enabled(&self, rule: RuleId) -> bool {
        self.options.rules.get(rule).enabled
    }

    fn check(&mut self, ctx: &Context<'_, '_>) {
        let class = ctx.record.class;
        let minute = ctx.placed.minute;
        let rules = self.options.rules.clone_limits();
        if class == CallClass::Brd && self.enabled(RuleId::BlockedSpike) {
            if let Some(span) = window_hit(
                &mut self.blocked_calls,
                minute,
                rules.blocked_calls,
                rules.blocked_minutes,
            ) {
                self.raise(
                    RuleId::BlockedSpike,
                    ctx,
                    format!(
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
            self.raise(
                RuleId::Override,
                ctx,
                format!("an outgoing call made with {how}, which lifts the extension's class"),
            );
        }
        if matches!(class, CallClass::Ptrs | CallClass::Itrs) {
            self.raise(
                RuleId::TransferOut,
                ctx,
                format!("a trunk call transferred ({class}): trunk-to-trunk transfers let an outside caller reach an outside line"),
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
        if let Ok(station) = record.station.parse::<u32>()
            && (first_port..=last_port).contains(&station)
        {
            self.raise(
                RuleId::VoicemailPort,
                ctx,
                format!("InMail port {station} placed an outgoing call: voicemail itself is dialling out"),
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
                    format!("an international call to country code {country}, which is not on the site's allowed list"),
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
                self.raise(
                    RuleId::Premium,
                    ctx,
                    format!(
                        "a call into the premium or high-risk range +{prefix} (list: {source})"
                    ),
                );
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
            let day = ctx
                .placed
                .weekday
                .map_or_else(String::new, |d| format!(" on a {}", d.name()));
            let settings = &self.options.settings;
            let hours = format!("{}-{}", settings.open, settings.close);
            self.raise(
                RuleId::OutOfHours,
                ctx,
                format!(
                    "an outgoing call at {}{day}, outside business hours ({hours})",
                    ctx.placed.time
                ),
            );
        }
        if u64::from(record.duration_secs) > u64::from(limits.long_call_minutes) * 60 {
            let d = record.duration_secs;
            self.raise(
                RuleId::LongCall,
                ctx,
                format!(
                    "an outgoing call lasting {:02}:{:02}:{:02}, longer than the {}-minute limit",
                    d / 3600,
                    d / 60 % 60,
                    d % 60,
                    limits.long_call_minutes
                ),
            );
        }
        if self.enabled(RuleId::Burst) {
            self.bursts(ctx, minute, limits);
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
            self.baseline.insert(country.into());
        } else if !self.baseline.contains(country) && self.new_seen.insert(country.into()) {
            self.raise(
                RuleId::NewDestination,
                ctx,
                format!(
                    "the first call to country code {country}, not called in the baseline (the first {baseline_days} days of the period)"
                ),
            );
        }
    }

    fn bursts(&mut self, ctx: &Context<'_, '_>, minute: i64, limits: &Limits) {
        if self.station_calls.len() >= MAX_STATIONS
            && !self.station_calls.contains_key(ctx.record.station)
        {
            let horizon = minute - i64::from(limits.burst_minutes);
            self.station_calls
                .retain(|_, times| times.back().is_some_and(|t| *t >= horizon));
            if self.station_calls.len() >= MAX_STATIONS {
                self.station_calls.clear();
            }
        }
        let times = match self.station_calls.get_mut(ctx.record.station) {
            Some(times) => times,
            None => self
                .station_calls
                .entry(ctx.record.station.into())
                .or_default(),
        };
        if let Some(span) = window_hit(times, minute, limits.burst_calls, limits.burst_minutes) {
            self.raise(
                RuleId::Burst,
                ctx,
                format!(
                    "station {} placed {} outgoing calls within {} minutes",
                    ctx.record.station,
                    limits.burst_calls,
                    span + 1
                ),
            );
        }
        if let Some(span) = window_hit(
            &mut self.overall_calls,
            minute,
            limits.burst_overall_calls,
            limits.burst_overall_minutes,
        ) {
            self.raise(
                RuleId::Burst,
                ctx,
                format!(
                    "{} outgoing calls from all stations within {} minutes",
                    limits.burst_overall_calls,
                    span + 1
                ),
            );
        }
    }

    fn concurrency(&mut self, ctx: &Context<'_, '_>, trunks: u16) {
        let start = ctx.placed.minute;
        let end = start + i64::from(ctx.record.duration_secs.div_ceil(60).max(1));
        // Records come out when calls end, so a later record may have started earlier: keep an
        // hour of slack before dropping a finished call.
        self.active.retain(|(_, e)| *e > start - 60);
        if self.active.len() >= MAX_ACTIVE {
            self.active.pop_front();
        }
        self.active.push_back((start, end));
        let at_once = self
            .active
            .iter()
            .filter(|(s, e)| *s <= start && start < *e)
            .count();
        if at_once > usize::from(trunks) {
            if !self.over_trunks {
                self.over_trunks = true;
                self.raise(
                    RuleId::Concurrency,
                    ctx,
                    format!(
                        "an estimated {at_once} outgoing calls at once (from start minutes and durations), more than the site's {trunks} trunks"
                    ),
                );
            }
        } else {
            self.over_trunks = false;
        }
    }
}

/// One record being checked.
struct Context<'r, 'a> {
    line: u64,
    record: &'r Record<'a>,
    placed: &'r Placed,
    dest: Destination<'a>,
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
