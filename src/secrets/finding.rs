//! Findings: what the validator says about a value, as data.

use std::fmt;

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (an unverified rule, a source conflict); does not change the verdict.
    Note,
    /// The system would accept the value, but it is guessable.
    Weak,
    /// The system would refuse the value.
    Rejected,
}

impl Severity {
    /// The word printed for this severity.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Weak => "weak",
            Severity::Rejected => "rejected",
        }
    }
}

/// A stable rule id such as `password.ascending`: the kind's prefix and the rule's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId {
    /// The credential kind's name (`password`, `code`, ...).
    pub kind: &'static str,
    /// The rule's name within the kind (`length`, `ascending`, ...).
    pub name: &'static str,
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.kind, self.name)
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One thing the validator found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// A stable rule id, e.g. `password.ascending`.
    pub rule: RuleId,
    /// One sentence a technician understands. Never contains the value itself.
    pub message: String,
}

impl Finding {
    pub(crate) fn new(severity: Severity, rule: RuleId, message: impl Into<String>) -> Self {
        Finding {
            severity,
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}]",
            self.severity.name(),
            self.message,
            self.rule
        )
    }
}

/// The overall verdict on a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Accepted by the system and not guessable.
    Ok,
    /// Accepted, but guessable.
    Weak,
    /// The system would refuse it.
    Rejected,
}

impl Status {
    /// `ok`, `weak` or `rejected`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Weak => "weak",
            Status::Rejected => "rejected",
        }
    }
}

/// The validator's answer: a status and every finding behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The overall status.
    pub status: Status,
    /// Every finding, most serious first.
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub(crate) fn from_findings(mut findings: Vec<Finding>) -> Self {
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let status = match findings.first().map(|f| f.severity) {
            Some(Severity::Rejected) => Status::Rejected,
            Some(Severity::Weak) => Status::Weak,
            _ => Status::Ok,
        };
        Verdict { status, findings }
    }

    /// True when the value is accepted and not weak.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}
