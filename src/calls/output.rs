//! What an audit tells the user: the text listing, the JSON object, one alert per line for
//! `watch --format json`, and the summary recorded in the site file (counts only, no number).

use std::fmt::Write as _;

use serde::Serialize;

use super::audit::{Alert, Audit, MAX_KEPT_ALERTS};
use super::rules::{RuleId, Severity};
use crate::checklist::problem::escape_controls;
use crate::site::Timestamp;
use crate::site::calls::{CallAudit, RuleCount};

#[derive(Serialize)]
struct AlertJson<'a> {
    rule: &'static str,
    severity: &'static str,
    line: u64,
    time: &'a str,
    station: &'a str,
    trunk: &'a str,
    number: &'a str,
    evidence: &'a str,
    item: &'static str,
}

impl<'a> From<&'a Alert> for AlertJson<'a> {
    fn from(a: &'a Alert) -> Self {
        AlertJson {
            rule: a.rule.name(),
            severity: a.severity.name(),
            line: a.line,
            time: &a.time,
            station: &a.station,
            trunk: &a.trunk,
            number: &a.number,
            evidence: &a.evidence,
            item: a.item,
        }
    }
}

#[derive(Serialize)]
struct Unreadable {
    count: u64,
    lines: Vec<u64>,
}

#[derive(Serialize)]
struct Period {
    from: Option<String>,
    to: Option<String>,
    note: String,
}

#[derive(Serialize)]
struct AuditJson<'a> {
    records: u64,
    unreadable: Unreadable,
    period: Period,
    alerts: Vec<AlertJson<'a>>,
}

fn period(audit: &Audit) -> Period {
    Period {
        from: audit.first.map(|p| p.label()),
        to: audit.last.map(|p| p.label()),
        note: audit.period_note(),
    }
}

/// The whole audit as one JSON object.
pub fn json(audit: &Audit) -> String {
    let out = AuditJson {
        records: audit.records,
        unreadable: Unreadable {
            count: audit.unreadable,
            lines: audit.unreadable_lines.iter().map(|(_, n)| *n).collect(),
        },
        period: period(audit),
        alerts: audit.alerts().iter().map(AlertJson::from).collect(),
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// One alert as one line of JSON (`watch --format json`).
pub fn json_line(alert: &Alert) -> String {
    let mut text = serde_json::to_string(&AlertJson::from(alert)).unwrap_or_default();
    text.push('\n');
    text
}

/// One alert as two text lines; `input` names where it was read.
pub fn alert_text(alert: &Alert, input: &str) -> String {
    format!(
        "{:<8} {:<15} {}:{}  {}  station {}  trunk {}  {}\n         {} (checklist item: {})\n",
        alert.severity.name().to_ascii_uppercase(),
        alert.rule.name(),
        escape_controls(input),
        alert.line,
        alert.time,
        alert.station,
        escape_controls(&alert.trunk),
        if alert.number.is_empty() {
            "-"
        } else {
            &alert.number
        },
        escape_controls(&alert.evidence),
        alert.item
    )
}

/// The head of the text listing: what was read, the period, the layout, the settings.
pub fn text_head(audit: &Audit, inputs: &[String]) -> String {
    let mut out = String::new();
    let unreadable = if audit.unreadable == 0 {
        "no unreadable line".to_owned()
    } else {
        let lines: Vec<String> = audit
            .unreadable_lines
            .iter()
            .map(|(src, n)| {
                if inputs.len() > 1 {
                    format!("{}:{n}", escape_controls(&inputs[*src]))
                } else {
                    n.to_string()
                }
            })
            .collect();
        let more = if audit.unreadable > lines.len() as u64 {
            ", ..."
        } else {
            ""
        };
        format!(
            "{} unreadable {}: {}{more}",
            audit.unreadable,
            if audit.unreadable == 1 {
                "line"
            } else {
                "lines"
            },
            lines.join(", ")
        )
    };
    let names: Vec<String> = inputs
        .iter()
        .map(|i| escape_controls(i).into_owned())
        .collect();
    let _ = writeln!(
        out,
        "Read {} call records from {} ({unreadable})",
        audit.records,
        names.join(", ")
    );
    let p = period(audit);
    let _ = writeln!(
        out,
        "Period: {} to {} ({})",
        p.from.as_deref().unwrap_or("-"),
        p.to.as_deref().unwrap_or("-"),
        p.note
    );
    let _ = writeln!(
        out,
        "Layout: {}",
        audit.seen.describe(&audit.options().layout)
    );
    let _ = writeln!(out, "Settings: {}", audit.options().settings.describe());
    if let Some(note) = audit.options().settings.defaults_note() {
        let _ = writeln!(out, "Note: {note}");
    }
    for line in audit.not_applied() {
        let _ = writeln!(out, "Not applied: {line}");
    }
    out
}

/// The tail: counts per rule and the verdict.
pub fn text_tail(audit: &Audit) -> String {
    let mut out = String::new();
    let total = audit.total_alerts();
    if total > audit.alerts().len() as u64 {
        let _ = writeln!(
            out,
            "({} more alerts not listed: only the first {MAX_KEPT_ALERTS} are kept)",
            total - audit.alerts().len() as u64
        );
    }
    let counts: Vec<String> = RuleId::ALL
        .iter()
        .filter(|r| audit.count(**r) > 0)
        .map(|r| format!("{} {}", r.name(), audit.count(*r)))
        .collect();
    if counts.is_empty() {
        out.push_str("No alert.\n");
    } else {
        let _ = writeln!(out, "Alerts per rule: {}", counts.join(", "));
    }
    let by = |sev: Severity| {
        RuleId::ALL
            .iter()
            .filter(|r| audit.options().rules.get(**r).severity == sev)
            .map(|r| audit.count(*r))
            .sum::<u64>()
    };
    let _ = writeln!(
        out,
        "Result: {} critical, {} warning, {} info{}",
        by(Severity::Critical),
        by(Severity::Warning),
        by(Severity::Info),
        if audit.failed() {
            ": check the checklist items named above"
        } else {
            ""
        }
    );
    out
}

/// The whole text listing.
pub fn text(audit: &Audit, inputs: &[String]) -> String {
    let mut out = text_head(audit, inputs);
    out.push('\n');
    for alert in audit.alerts() {
        out.push_str(&alert_text(alert, &inputs[alert.source]));
    }
    if !audit.alerts().is_empty() {
        out.push('\n');
    }
    out.push_str(&text_tail(audit));
    out
}

/// The summary recorded in the site file: period, counts per rule, unreadable lines; never a
/// number or anything else a record line said.
pub fn summary(audit: &Audit, source: &str, at: Timestamp) -> CallAudit {
    let mut alerts: Vec<RuleCount> = RuleId::ALL
        .iter()
        .filter(|r| audit.count(**r) > 0)
        .map(|r| RuleCount {
            rule: r.name().to_owned(),
            severity: audit.options().rules.get(*r).severity.name().to_owned(),
            item: r.item().to_owned(),
            count: audit.count(*r),
        })
        .collect();
    alerts.sort_by_key(|c| {
        std::cmp::Reverse(match c.severity.as_str() {
            "critical" => 2,
            "warning" => 1,
            _ => 0,
        })
    });
    CallAudit {
        at,
        source: source.to_owned(),
        period_from: audit.first.map(|p| p.label()),
        period_to: audit.last.map(|p| p.label()),
        period_note: audit.period_note(),
        records: audit.records,
        unreadable: audit.unreadable,
        alerts,
        not_applied: audit.not_applied(),
    }
}
