//! The audit: records in, alerts out, one record at a time so memory stays flat whatever the
//! size of the input. The same engine serves saved files (`calls audit`) and the live stream
//! (`calls watch`).

use std::collections::{HashMap, HashSet};

/// The audit's maps: keyed by short station numbers and country codes, hashed with foldhash
/// (seeded at random, so a file cannot choose colliding keys in advance, and the station map
/// holds at most [`MAX_STATIONS`]); SipHash cost more than the burst window it looked up.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;
use std::fmt::Write as _;

mod checks;
mod occupancy;
mod window;

use checks::{Context, StationKey};
use occupancy::Occupancy;
use window::Window;

use super::layout::{Layout, LayoutSeen};
use super::lines::{Line, LineSplitter};
use super::number;
use super::parse::{Parsed, parse_line, parse_tolerant, read_fixed_text};
use super::period::{Calendar, Date, Placed};
use super::record::Record;
use super::rules::{RuleId, Rules, Severity};
use super::settings::SiteSettings;

/// Alerts kept for the final listing; beyond this they are still counted per rule.
pub const MAX_KEPT_ALERTS: usize = 10_000;
/// Unreadable line numbers kept for the listing; beyond this they are only counted.
pub const MAX_KEPT_LINE_NUMBERS: usize = 20;
/// Stations tracked for bursts at once (a hostile file with a million stations stays bounded).
const MAX_STATIONS: usize = 4096;

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
    /// Burst windows of the stations of one to four digits, by slot.
    short_stations: Box<[Window]>,
    /// Burst windows of other stations (at most [`MAX_STATIONS`]).
    station_calls: FastMap<StationKey, Window>,
    overall_calls: Window,
    blocked_calls: Window,
    occupancy: Occupancy,
    over_trunks: bool,
    baseline_end: Option<i64>,
    baseline: FastSet<Box<str>>,
    new_seen: FastSet<Box<str>>,
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
            short_stations: vec![Window::default(); checks::SHORT_STATIONS].into_boxed_slice(),
            station_calls: FastMap::default(),
            overall_calls: Window::default(),
            blocked_calls: Window::default(),
            occupancy: Occupancy::default(),
            over_trunks: false,
            baseline_end: None,
            baseline: FastSet::default(),
            new_seen: FastSet::default(),
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
            // The fixed columns first, as `parse_text` does, but the record goes straight to
            // the rules instead of being moved into a `Parsed` and out again.
            Line::Str(text) => match read_fixed_text(text, self.options.layout) {
                Some(record) => return self.record(n, &record),
                None => parse_tolerant(text.as_bytes(), self.options.layout),
            },
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

    fn raise(
        &mut self,
        rule: RuleId,
        ctx: &Context<'_, '_>,
        evidence: impl FnOnce(&AuditOptions) -> String,
    ) {
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
            evidence: evidence(&self.options),
            item: rule.item(),
        });
        self.fresh += 1;
    }
}
