//! The shape of a string credential: which characters and lengths the system accepts, and the
//! local patterns that make a value weak.
//!
//! One description serves three uses that must agree: the validator (findings), the exact
//! counter (dynamic programming over the same rules) and the generator (rejection sampling
//! with the validator). Tests enumerate short lengths to prove the three agree.

use std::ops::RangeInclusive;

use super::finding::{Finding, RuleId, Severity};

/// A character class as a sorted list of ASCII bytes.
pub(crate) type Alphabet = Vec<u8>;

/// Digits `0-9`.
pub(crate) fn digits() -> Alphabet {
    (b'0'..=b'9').collect()
}

/// `0-9`, `*` and `#`: what a handset keypad can key into a 90-02 password.
pub(crate) fn keypad() -> Alphabet {
    let mut a = digits();
    a.extend_from_slice(b"*#");
    a.sort_unstable();
    a
}

/// Letters `A-Z`, `a-z` and digits.
pub(crate) fn alnum() -> Alphabet {
    let mut a: Alphabet = (b'0'..=b'9')
        .chain(b'A'..=b'Z')
        .chain(b'a'..=b'z')
        .collect();
    a.sort_unstable();
    a
}

/// A value or fragment the shape forbids, with the rule that names it.
#[derive(Debug, Clone)]
pub(crate) struct Forbidden {
    /// The forbidden text.
    pub text: String,
    /// Compare ignoring ASCII case.
    pub ignore_case: bool,
    /// Rule id reported when it matches.
    pub rule: RuleId,
    /// Sentence reported when it matches.
    pub message: String,
}

/// The accepted-and-strong description of one string credential.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// Rule-id prefix, e.g. `password`.
    pub prefix: &'static str,
    /// Characters the system accepts.
    pub accepted: Alphabet,
    /// Sentence naming the accepted characters ("digits 0-9, * and #").
    pub accepted_text: &'static str,
    /// Characters the generator draws from (a subset of `accepted`).
    pub generated: Alphabet,
    /// Lengths the system accepts.
    pub lengths: RangeInclusive<usize>,
    /// Values shorter than this are weak.
    pub strong_min: usize,
    /// At least one of these characters is required for strength.
    pub required: Option<(Alphabet, &'static str)>,
    /// Longest run of one repeated character that is still strong.
    pub max_equal_run: Option<usize>,
    /// Longest ascending or descending run (digits; letters too if `letter_sequences`).
    pub max_sequence_run: Option<usize>,
    /// Whether runs like `abc` count as sequences.
    pub letter_sequences: bool,
    /// Fragments that must not appear anywhere (e.g. the extension number).
    pub forbidden_fragments: Vec<Forbidden>,
    /// Whole values that are weak (factory values, values used elsewhere in the record).
    pub forbidden_values: Vec<Forbidden>,
}

/// Why a run of characters made a value weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunViolation {
    Equal,
    Ascending,
    Descending,
}

/// The run lengths ending at the last character seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct RunState {
    prev: Option<u8>,
    equal: u8,
    ascending: u8,
    descending: u8,
}

fn sequence_step(shape: &Shape, a: u8, b: u8) -> i8 {
    let (a, b) = if shape.letter_sequences && a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
        (a.to_ascii_lowercase(), b.to_ascii_lowercase())
    } else if a.is_ascii_digit() && b.is_ascii_digit() {
        (a, b)
    } else {
        return 0;
    };
    if b == a.wrapping_add(1) {
        1
    } else if a == b.wrapping_add(1) {
        -1
    } else {
        0
    }
}

impl RunState {
    /// The state packed into 24 bits (the previous character and three counters capped at
    /// 16), for the counter's state table.
    pub fn packed(self) -> u32 {
        let prev = self.prev.map_or(0, |c| u32::from(c) + 1);
        prev | u32::from(self.equal) << 9
            | u32::from(self.ascending) << 14
            | u32::from(self.descending) << 19
    }

    /// Extends the runs by `c`; reports a violation when a run grows past the shape's limit.
    pub fn step(self, shape: &Shape, c: u8) -> (RunState, Option<RunViolation>) {
        let track_equal = shape.max_equal_run.is_some();
        let track_sequence = shape.max_sequence_run.is_some();
        if !track_equal && !track_sequence {
            return (self, None);
        }
        let mut next = RunState {
            prev: Some(c),
            equal: 1,
            ascending: 1,
            descending: 1,
        };
        if let Some(p) = self.prev {
            if track_equal && p == c {
                next.equal = self.equal + 1;
            }
            if track_sequence {
                match sequence_step(shape, p, c) {
                    1 => next.ascending = self.ascending + 1,
                    -1 => next.descending = self.descending + 1,
                    _ => {}
                }
            }
        }
        if !track_sequence {
            next.ascending = 1;
            next.descending = 1;
        }
        if !track_equal {
            next.equal = 1;
        }
        let violation = if shape
            .max_equal_run
            .is_some_and(|m| usize::from(next.equal) > m)
        {
            Some(RunViolation::Equal)
        } else if shape
            .max_sequence_run
            .is_some_and(|m| usize::from(next.ascending) > m)
        {
            Some(RunViolation::Ascending)
        } else if shape
            .max_sequence_run
            .is_some_and(|m| usize::from(next.descending) > m)
        {
            Some(RunViolation::Descending)
        } else {
            None
        };
        // Cap the counters so the state space stays small for the counter.
        let cap = |v: u8| v.min(16);
        next.equal = cap(next.equal);
        next.ascending = cap(next.ascending);
        next.descending = cap(next.descending);
        (next, violation)
    }
}

/// Compares two ASCII strings, optionally ignoring case.
pub(crate) fn same_text(a: &[u8], b: &[u8], ignore_case: bool) -> bool {
    if ignore_case {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// Whether `needle` appears in `hay`, optionally ignoring case.
pub(crate) fn contains_text(hay: &[u8], needle: &[u8], ignore_case: bool) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| same_text(w, needle, ignore_case))
}

impl Shape {
    /// Everything that makes `value` rejected or weak under this shape.
    pub fn findings(&self, value: &[u8]) -> Vec<Finding> {
        let mut out = Vec::new();
        let p = self.prefix;
        if value.is_empty() || !self.lengths.contains(&value.len()) {
            out.push(Finding::new(
                Severity::Rejected,
                rule(p, "length"),
                format!(
                    "the system accepts {} to {} characters; this has {}",
                    self.lengths.start(),
                    self.lengths.end(),
                    value.len()
                ),
            ));
        }
        if value
            .iter()
            .any(|c| self.accepted.binary_search(c).is_err())
        {
            out.push(Finding::new(
                Severity::Rejected,
                rule(p, "charset"),
                format!("only {} are accepted", self.accepted_text),
            ));
        }
        if !value.is_empty() && value.len() < self.strong_min {
            out.push(Finding::new(
                Severity::Weak,
                rule(p, "short"),
                format!("shorter than {} characters: easy to guess", self.strong_min),
            ));
        }
        if let Some((req, text)) = &self.required
            && !value.iter().any(|c| req.contains(c))
        {
            out.push(Finding::new(Severity::Weak, rule(p, "required"), *text));
        }
        let mut state = RunState::default();
        let mut seen: Vec<RunViolation> = Vec::new();
        for &c in value {
            let (next, v) = state.step(self, c);
            state = next;
            if let Some(v) = v
                && !seen.contains(&v)
            {
                seen.push(v);
            }
        }
        for v in seen {
            out.push(match v {
                RunViolation::Equal => Finding::new(
                    Severity::Weak,
                    rule(p, "repeat"),
                    format!(
                        "{} or more equal characters in a row",
                        self.max_equal_run.unwrap_or(0) + 1
                    ),
                ),
                RunViolation::Ascending => Finding::new(
                    Severity::Weak,
                    rule(p, "ascending"),
                    format!(
                        "a run of {} or more ascending characters (like 123)",
                        self.max_sequence_run.unwrap_or(0) + 1
                    ),
                ),
                RunViolation::Descending => Finding::new(
                    Severity::Weak,
                    rule(p, "descending"),
                    format!(
                        "a run of {} or more descending characters (like 321)",
                        self.max_sequence_run.unwrap_or(0) + 1
                    ),
                ),
            });
        }
        for f in &self.forbidden_fragments {
            if contains_text(value, f.text.as_bytes(), f.ignore_case) {
                out.push(Finding::new(Severity::Weak, f.rule, f.message.clone()));
            }
        }
        let mut rules_hit: Vec<RuleId> = Vec::new();
        for f in &self.forbidden_values {
            if same_text(value, f.text.as_bytes(), f.ignore_case) && !rules_hit.contains(&f.rule) {
                rules_hit.push(f.rule);
                out.push(Finding::new(Severity::Weak, f.rule, f.message.clone()));
            }
        }
        out
    }

    /// True when `value` has the generator's length `n`, uses only generator characters and
    /// has no finding: the membership test of the set the generator draws from.
    pub fn is_member(&self, value: &[u8], n: usize) -> bool {
        value.len() == n
            && value
                .iter()
                .all(|c| self.generated.binary_search(c).is_ok())
            && self.findings(value).is_empty()
    }
}

fn rule(prefix: &'static str, name: &'static str) -> RuleId {
    RuleId { kind: prefix, name }
}
