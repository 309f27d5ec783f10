//! The fraud rules' settings: stable ids, the checklist item each points to, the defaults
//! shipped in `rules/calls.toml` and a dealer's overrides, refused with `FILE:LINE:COLUMN`.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::checklist::{Problem, Problems};

/// The shipped default rules.
pub const DEFAULT_RULES: &str = include_str!("../../rules/calls.toml");

/// A rules file larger than this is refused before parsing.
const MAX_RULES_FILE: u64 = 256 * 1024;
/// The highest `burst.calls`: each station's window keeps that many call times.
pub const MAX_STATION_CALLS: u32 = 50;
/// The highest `burst.overall_calls` and `blocked-spike.calls` (one window each).
pub const MAX_CALLS: u32 = 10_000;
/// The range of a rule's minutes (or the long-call limit): they size no window.
const MINUTES: (u32, u32) = (1, u32::MAX);

/// An alert's weight; warning or above makes `calls audit` and `watch` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Probably fraud or a door left open.
    Warning,
    /// Fraud, or a path the checklist closes wide open.
    Critical,
}

impl Severity {
    /// `info`, `warning` or `critical`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule's stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// `international`.
    International,
    /// `premium`.
    Premium,
    /// `out-of-hours`.
    OutOfHours,
    /// `long-call`.
    LongCall,
    /// `burst`.
    Burst,
    /// `concurrency`.
    Concurrency,
    /// `voicemail-port`.
    VoicemailPort,
    /// `transfer-out`.
    TransferOut,
    /// `override`.
    Override,
    /// `blocked-spike`.
    BlockedSpike,
    /// `new-destination`.
    NewDestination,
}

impl RuleId {
    /// Every rule, in the order of the rules file.
    pub const ALL: [RuleId; 11] = [
        RuleId::International,
        RuleId::Premium,
        RuleId::OutOfHours,
        RuleId::LongCall,
        RuleId::Burst,
        RuleId::Concurrency,
        RuleId::VoicemailPort,
        RuleId::TransferOut,
        RuleId::Override,
        RuleId::BlockedSpike,
        RuleId::NewDestination,
    ];

    /// The id as written in rules files and output.
    pub fn name(self) -> &'static str {
        match self {
            RuleId::International => "international",
            RuleId::Premium => "premium",
            RuleId::OutOfHours => "out-of-hours",
            RuleId::LongCall => "long-call",
            RuleId::Burst => "burst",
            RuleId::Concurrency => "concurrency",
            RuleId::VoicemailPort => "voicemail-port",
            RuleId::TransferOut => "transfer-out",
            RuleId::Override => "override",
            RuleId::BlockedSpike => "blocked-spike",
            RuleId::NewDestination => "new-destination",
        }
    }

    /// The checklist item (in both shipped checklists) whose failure an alert suggests.
    pub fn item(self) -> &'static str {
        match self {
            RuleId::International | RuleId::OutOfHours | RuleId::Burst => "toll-class-extensions",
            // POTA / POTW: an override code or a walking ID was used.
            RuleId::Override => "toll-override-codes",
            RuleId::Premium => "toll-international-table",
            RuleId::LongCall => "off-premise-forwarding",
            RuleId::Concurrency => "sip-phone-logons",
            // The InMail ports should have no outgoing trunk access at all.
            RuleId::VoicemailPort => "inmail-trunk-access",
            RuleId::TransferOut => "trunk-to-trunk",
            RuleId::BlockedSpike | RuleId::NewDestination => "carrier-country-block",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a rule runs and how much its alerts weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Its alerts' severity.
    pub severity: Severity,
}

/// Every rule's settings, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    settings: [RuleSetting; 11],
    /// `premium.prefixes`: E.164 prefixes (country code first).
    pub premium_prefixes: Vec<String>,
    /// `premium.source`: where the list comes from.
    pub premium_source: String,
    /// `long-call.minutes`.
    pub long_call_minutes: u32,
    /// `burst.calls` within `burst.minutes` per station.
    pub burst_calls: u32,
    /// `burst.minutes`.
    pub burst_minutes: u32,
    /// `burst.overall_calls` within `burst.overall_minutes` over all stations.
    pub burst_overall_calls: u32,
    /// `burst.overall_minutes`.
    pub burst_overall_minutes: u32,
    /// `blocked-spike.calls` within `blocked-spike.minutes`.
    pub blocked_calls: u32,
    /// `blocked-spike.minutes`.
    pub blocked_minutes: u32,
    /// `new-destination.baseline_days`.
    pub baseline_days: u32,
}

impl Rules {
    /// The settings of `rule`.
    pub fn get(&self, rule: RuleId) -> RuleSetting {
        self.settings[rule as usize]
    }

    /// The shipped defaults.
    pub fn defaults() -> Rules {
        // The shipped file is complete and valid: a test proves it.
        parse_overrides(DEFAULT_RULES, "rules/calls.toml", &Rules::fallback())
            .unwrap_or_else(|_| Rules::fallback())
    }

    /// Used only if the shipped file were broken (a unit test proves it is not).
    fn fallback() -> Rules {
        Rules {
            settings: [RuleSetting {
                enabled: true,
                severity: Severity::Warning,
            }; 11],
            premium_prefixes: Vec::new(),
            premium_source: String::new(),
            long_call_minutes: 60,
            burst_calls: 5,
            burst_minutes: 10,
            burst_overall_calls: 30,
            burst_overall_minutes: 10,
            blocked_calls: 5,
            blocked_minutes: 10,
            baseline_days: 7,
        }
    }

    /// The defaults with the rules file `text` applied; `file` names it in problems.
    ///
    /// # Errors
    /// The problems, each at `FILE:LINE:COLUMN`.
    pub fn parse(text: &str, file: &str) -> Result<Rules, Problems> {
        parse_overrides(text, file, &Rules::defaults())
    }

    /// The defaults with a dealer's rules file `path` applied.
    ///
    /// # Errors
    /// [`RulesError`]: the file cannot be read, or a problem at `FILE:LINE:COLUMN`.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        use std::io::Read;
        let file = path.display().to_string();
        let read_err = |source| RulesError::Read {
            file: file.clone(),
            source,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_RULES_FILE + 1).read_to_end(&mut bytes))
            .map_err(read_err)?;
        if bytes.len() as u64 > MAX_RULES_FILE {
            return Err(RulesError::TooBig { file });
        }
        let text =
            String::from_utf8(bytes).map_err(|_| RulesError::NotText { file: file.clone() })?;
        Rules::parse(&text, &file).map_err(RulesError::Invalid)
    }
}

/// Why a rules file was refused.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file name.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is larger than any rules file needs to be.
    #[error("{file}: too large for a rules file (over 256 KiB)")]
    TooBig {
        /// The file name.
        file: String,
    },
    /// The file is not UTF-8 text.
    #[error("{file}: not a UTF-8 text file")]
    NotText {
        /// The file name.
        file: String,
    },
    /// The file has problems; each names its line and column.
    #[error("{0}")]
    Invalid(Problems),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Basic {
    enabled: Option<bool>,
    severity: Option<Severity>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Premium {
    enabled: Option<bool>,
    severity: Option<Severity>,
    prefixes: Option<Spanned<Vec<Spanned<String>>>>,
    source: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LongCall {
    enabled: Option<bool>,
    severity: Option<Severity>,
    minutes: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Burst {
    enabled: Option<bool>,
    severity: Option<Severity>,
    calls: Option<Spanned<i64>>,
    minutes: Option<Spanned<i64>>,
    overall_calls: Option<Spanned<i64>>,
    overall_minutes: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BlockedSpike {
    enabled: Option<bool>,
    severity: Option<Severity>,
    calls: Option<Spanned<i64>>,
    minutes: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NewDestination {
    enabled: Option<bool>,
    severity: Option<Severity>,
    baseline_days: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RulesFile {
    #[serde(default)]
    international: Basic,
    #[serde(default)]
    premium: Premium,
    #[serde(default)]
    out_of_hours: Basic,
    #[serde(default)]
    long_call: LongCall,
    #[serde(default)]
    burst: Burst,
    #[serde(default)]
    concurrency: Basic,
    #[serde(default)]
    voicemail_port: Basic,
    #[serde(default)]
    transfer_out: Basic,
    #[serde(default, rename = "override")]
    override_: Basic,
    #[serde(default)]
    blocked_spike: BlockedSpike,
    #[serde(default)]
    new_destination: NewDestination,
}

/// Applies the rules file `text` over `base`.
fn parse_overrides(text: &str, file: &str, base: &Rules) -> Result<Rules, Problems> {
    let raw: RulesFile = toml::from_str(text)
        .map_err(|e| Problems::new(file, vec![Problem::from_toml(text, &e)]))?;
    let mut problems = Vec::new();
    let mut rules = base.clone();
    let mut set = |rule: RuleId, enabled: Option<bool>, severity: Option<Severity>| {
        let s = &mut rules.settings[rule as usize];
        s.enabled = enabled.unwrap_or(s.enabled);
        s.severity = severity.unwrap_or(s.severity);
    };
    set(
        RuleId::International,
        raw.international.enabled,
        raw.international.severity,
    );
    set(RuleId::Premium, raw.premium.enabled, raw.premium.severity);
    set(
        RuleId::OutOfHours,
        raw.out_of_hours.enabled,
        raw.out_of_hours.severity,
    );
    set(
        RuleId::LongCall,
        raw.long_call.enabled,
        raw.long_call.severity,
    );
    set(RuleId::Burst, raw.burst.enabled, raw.burst.severity);
    set(
        RuleId::Concurrency,
        raw.concurrency.enabled,
        raw.concurrency.severity,
    );
    set(
        RuleId::VoicemailPort,
        raw.voicemail_port.enabled,
        raw.voicemail_port.severity,
    );
    set(
        RuleId::TransferOut,
        raw.transfer_out.enabled,
        raw.transfer_out.severity,
    );
    set(
        RuleId::Override,
        raw.override_.enabled,
        raw.override_.severity,
    );
    set(
        RuleId::BlockedSpike,
        raw.blocked_spike.enabled,
        raw.blocked_spike.severity,
    );
    set(
        RuleId::NewDestination,
        raw.new_destination.enabled,
        raw.new_destination.severity,
    );

    // A rule's call count is how many call times each of its windows keeps, so it is capped:
    // with a count as high as the type allows, a window would keep every call of its station
    // and the audit's memory would grow with the file. Per station (up to 15,206 windows),
    // 50 times is at most 8 MB (a window's vector grows to 64); the overall and blocked
    // windows are one each.
    let mut count =
        |value: Option<Spanned<i64>>, (min, max): (u32, u32), key: &str, into: &mut u32| {
            if let Some(v) = value {
                match u32::try_from(*v.get_ref()) {
                    Ok(n) if (min..=max).contains(&n) => *into = n,
                    _ => problems.push(Problem::at(
                        text,
                        &v.span(),
                        format!("`{key}` must be a whole number from {min} to {max}"),
                    )),
                }
            }
        };
    count(
        raw.long_call.minutes,
        MINUTES,
        "long-call.minutes",
        &mut rules.long_call_minutes,
    );
    count(
        raw.burst.calls,
        (2, MAX_STATION_CALLS),
        "burst.calls",
        &mut rules.burst_calls,
    );
    count(
        raw.burst.minutes,
        MINUTES,
        "burst.minutes",
        &mut rules.burst_minutes,
    );
    count(
        raw.burst.overall_calls,
        (2, MAX_CALLS),
        "burst.overall_calls",
        &mut rules.burst_overall_calls,
    );
    count(
        raw.burst.overall_minutes,
        MINUTES,
        "burst.overall_minutes",
        &mut rules.burst_overall_minutes,
    );
    count(
        raw.blocked_spike.calls,
        (2, MAX_CALLS),
        "blocked-spike.calls",
        &mut rules.blocked_calls,
    );
    count(
        raw.blocked_spike.minutes,
        MINUTES,
        "blocked-spike.minutes",
        &mut rules.blocked_minutes,
    );
    count(
        raw.new_destination.baseline_days,
        (0, u32::MAX),
        "new-destination.baseline_days",
        &mut rules.baseline_days,
    );

    if let Some(source) = raw.premium.source {
        source.trim().clone_into(&mut rules.premium_source);
    }
    if let Some(prefixes) = raw.premium.prefixes {
        let span: Range<usize> = prefixes.span();
        let mut list = Vec::new();
        for p in prefixes.into_inner() {
            let digits: String = p.get_ref().chars().filter(|c| *c != ' ').collect();
            if (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
                list.push(digits);
            } else {
                problems.push(Problem::at(
                    text,
                    &p.span(),
                    "a premium prefix must be 1 to 15 digits, country code first (no + or 00)",
                ));
            }
        }
        if !list.is_empty() && rules.premium_source.is_empty() {
            problems.push(Problem::at(
                text,
                &span,
                "premium.prefixes needs `source` naming where the list comes from",
            ));
        }
        rules.premium_prefixes = list;
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(Problems::new(file, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(text: &str) -> String {
        parse_overrides(text, "dealer.toml", &Rules::defaults())
            .unwrap_err()
            .lines()
            .join("\n")
    }

    #[test]
    fn the_shipped_rules_parse_and_ship_no_premium_numbers() {
        let rules = parse_overrides(DEFAULT_RULES, "rules/calls.toml", &Rules::fallback())
            .expect("shipped rules parse");
        assert!(rules.premium_prefixes.is_empty());
        assert_eq!(
            rules.get(RuleId::VoicemailPort).severity,
            Severity::Critical
        );
        assert_eq!(rules.get(RuleId::NewDestination).severity, Severity::Info);
        assert_eq!(rules.long_call_minutes, 60);
        // Every rule has a table in the shipped file.
        for rule in RuleId::ALL {
            assert!(
                DEFAULT_RULES.contains(&format!("[{}]", rule.name())),
                "{rule}"
            );
        }
    }

    #[test]
    fn every_alert_points_to_an_item_of_both_shipped_checklists() {
        for model in [crate::nec::Model::Sl2100, crate::nec::Model::Sl1100] {
            let list = crate::checklist::builtin(model);
            for rule in RuleId::ALL {
                assert!(list.item(rule.item()).is_some(), "{rule}: {}", rule.item());
            }
        }
    }

    #[test]
    fn a_dealer_file_overrides_only_what_it_names() {
        let rules = parse_overrides(
            "[burst]\ncalls = 3\n[premium]\nprefixes = [\"882\", \"44 9\"]\nsource = \"Carrier list 2026-10\"\n",
            "dealer.toml",
            &Rules::defaults(),
        )
        .unwrap();
        assert_eq!(rules.burst_calls, 3);
        assert_eq!(rules.burst_minutes, 10);
        assert_eq!(rules.premium_prefixes, vec!["882", "449"]);
    }

    #[test]
    fn an_unknown_rule_is_refused_with_its_position() {
        let err = fails("[burst]\ncalls = 3\n\n[toll-fraud]\nenabled = true\n");
        assert!(err.starts_with("dealer.toml:4:"), "{err}");
        assert!(err.contains("toll-fraud"), "{err}");
    }

    #[test]
    fn a_wrong_type_is_refused_with_its_position() {
        let err = fails("[long-call]\nminutes = \"sixty\"\n");
        assert!(err.starts_with("dealer.toml:2:11:"), "{err}");
        let err = fails("[burst]\nseverity = \"loud\"\n");
        assert!(err.starts_with("dealer.toml:2:"), "{err}");
        let err = fails("[burst]\ncalls = 1\n");
        assert!(
            err.starts_with("dealer.toml:2:9:") && err.contains("from 2 to 50"),
            "{err}"
        );
    }

    #[test]
    fn call_counts_are_capped_so_windows_stay_small() {
        // A count as high as the type allows made every window keep every call of its
        // station: the audit's memory grew with the file.
        let err = fails("[burst]\ncalls = 4294967295\n");
        assert!(
            err.starts_with("dealer.toml:2:9:") && err.contains("from 2 to 50"),
            "{err}"
        );
        let err = fails("[blocked-spike]\ncalls = 10001\n");
        assert!(err.contains("from 2 to 10000"), "{err}");
        let err = fails("[burst]\noverall_calls = 10001\n");
        assert!(err.contains("`burst.overall_calls`"), "{err}");
        let rules = parse_overrides(
            "[burst]\ncalls = 50\noverall_calls = 10000\n[blocked-spike]\ncalls = 10000\n",
            "dealer.toml",
            &Rules::defaults(),
        )
        .unwrap();
        assert_eq!(
            (
                rules.burst_calls,
                rules.burst_overall_calls,
                rules.blocked_calls
            ),
            (MAX_STATION_CALLS, MAX_CALLS, MAX_CALLS)
        );
    }

    #[test]
    fn premium_numbers_need_a_named_source() {
        let err = fails("[premium]\nprefixes = [\"882\"]\n");
        assert!(err.contains("source"), "{err}");
        let err = fails("[premium]\nprefixes = [\"+882\"]\nsource = \"x\"\n");
        assert!(err.starts_with("dealer.toml:2:13:"), "{err}");
    }
}
