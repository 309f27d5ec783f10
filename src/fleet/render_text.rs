//! The fleet as a text table for a terminal or a cron mail, then the details of what needs
//! action and the files skipped.
//!
//! Every text from a file (site names, file names, errors) passes through [`shown`] first, the
//! one place control characters are escaped, so a hostile site name cannot drive the terminal.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::call_audit::{AlertCounts, CallAuditState, CallAuditSummary};
use super::row::{Row, SiteRow};
use super::{Fleet, ProbeSummary};

/// Untrusted text made safe for a terminal (control characters escaped). The fleet, the diff
/// and the wizard's site list all call this one function, so switching to another escaping
/// helper is a one-line change here.
pub fn shown(text: &str) -> String {
    crate::terminal_text::escape_controls(text).into_owned()
}

/// `text` cut or padded to `width` terminal columns.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if text.width() > width {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('~');
        used += 1;
    } else {
        out.push_str(text);
        used = text.width();
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

const SITE_WIDTH: usize = 26;
const PROBE_WIDTH: usize = 29;

fn probe_cell(probe: Option<&ProbeSummary>) -> String {
    probe.map_or_else(
        || "-".to_owned(),
        |p| {
            let failing = if p.failing > 0 {
                format!(" ({})", p.failing)
            } else {
                String::new()
            };
            format!("{} {} {}{failing}", p.at.date(), p.vantage, p.result())
        },
    )
}

/// The alerts by severity, most severe first: `critical 2, warning 1`.
fn alert_counts(counts: &AlertCounts) -> String {
    let parts = counts.listed();
    if parts.is_empty() {
        "clean".to_owned()
    } else {
        parts.join(", ")
    }
}

fn calls_cell(calls: &CallAuditState) -> String {
    match calls {
        CallAuditState::None => "-".to_owned(),
        CallAuditState::NeverAudited => "never audited".to_owned(),
        CallAuditState::Audited(audit) => {
            let stale = if audit.stale { ", stale" } else { "" };
            format!("{} {}{stale}", audit.at.date(), alert_counts(&audit.alerts))
        }
    }
}

/// The alerting audit's line under "Needs action": counts per rule, the period and records.
fn alert_details(audit: &CallAuditSummary) -> String {
    let rules: Vec<String> = audit
        .rules
        .iter()
        .map(|r| {
            format!(
                "{} {} ({} {})",
                shown(&r.severity),
                r.count,
                shown(&r.rule),
                shown(&r.item)
            )
        })
        .collect();
    format!(
        "call alerts: {} in {} records from {} to {}, {} unreadable lines ({}, {})",
        rules.join(", "),
        audit.records,
        shown(audit.period_from.as_deref().unwrap_or("-")),
        shown(audit.period_to.as_deref().unwrap_or("-")),
        audit.unreadable,
        shown(&audit.source),
        audit.at.date()
    )
}

fn due_cell(row: &SiteRow) -> String {
    match row.next_due() {
        None => "-".to_owned(),
        Some(due) if row.overdue().next().is_some() => format!("{} overdue", due.date()),
        Some(due) => due.date().to_owned(),
    }
}

fn table_line(out: &mut String, row: &Row) {
    let status = row.attention().name();
    match row {
        Row::Site(site) => {
            let _ = writeln!(
                out,
                "{status:<8} {} {:<6} {:>4}% {}  {:>6}  {:>7}  {}  {:<18}  {}  {}",
                fit(&shown(&site.name), SITE_WIDTH),
                site.model,
                site.score.percent,
                site.score.band.letter(),
                site.failed.len(),
                site.pending,
                site.last_visit.date(),
                due_cell(site),
                fit(&probe_cell(site.probe.as_ref()), PROBE_WIDTH),
                calls_cell(&site.calls),
            );
        }
        Row::Broken { file, .. } => {
            // The table names the file; the error, with the whole path, is under "Needs action".
            let name = std::path::Path::new(file)
                .file_name()
                .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
            let _ = writeln!(
                out,
                "{status:<8} {} {:<6} {:>7}  {:>6}  {:>7}  {:<10}  {:<18}  {}  -",
                fit(&shown(&name), SITE_WIDTH),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                fit("-", PROBE_WIDTH),
            );
        }
    }
}

fn details(out: &mut String, row: &Row) {
    match row {
        Row::Broken { error, .. } => {
            let _ = writeln!(out, "  {}", shown(error));
        }
        Row::Site(site) => {
            let who = format!("{} ({})", shown(&site.name), shown(&site.file));
            if !site.failed.is_empty() {
                let _ = writeln!(
                    out,
                    "  {who}: failed (measured): {}",
                    shown(&site.failed.join(", "))
                );
            }
            if let Some(audit) = site.calls.last().filter(|a| a.alerting()) {
                let _ = writeln!(out, "  {who}: {}", alert_details(audit));
            }
            // One line per issue date: a replay re-issues every kind at once.
            let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
            for age in site.overdue() {
                let (since, due) = (age.oldest.date(), age.due.date());
                match groups.iter_mut().find(|g| g.0 == since && g.1 == due) {
                    Some(group) => group.2.push(age.kind),
                    None => groups.push((since, due, vec![age.kind])),
                }
            }
            for (since, due, kinds) in groups {
                let _ = writeln!(
                    out,
                    "  {who}: overdue: {} since {since}, due {due}",
                    kinds.join(", ")
                );
            }
        }
    }
}

/// Renders the fleet as text.
pub fn render(fleet: &Fleet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Fleet: {} site file(s), {} need action (credentials due {} months after issue; as of {})",
        fleet.rows.len(),
        fleet.action_count(),
        fleet.rotation.months,
        fleet.rotation.now.date()
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "{:<8} {} {:<6} {:>7}  {:>6}  {:>7}  {:<10}  {:<18}  {}  LAST CALL AUDIT",
        "STATUS",
        fit("SITE", SITE_WIDTH),
        "MODEL",
        "SCORE",
        "FAILED",
        "PENDING",
        "LAST VISIT",
        "CREDENTIALS DUE",
        fit("LAST PROBE", PROBE_WIDTH),
    );
    for row in &fleet.rows {
        table_line(&mut out, row);
    }
    if fleet.needs_action() {
        out.push_str("\nNeeds action:\n");
        for row in fleet.rows.iter().filter(|r| r.attention().fails()) {
            details(&mut out, row);
        }
    }
    if !fleet.skipped.is_empty() {
        out.push_str("\nSkipped:\n");
        for skip in &fleet.skipped {
            let _ = writeln!(out, "  {}: {}", shown(&skip.file), shown(&skip.reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_and_pads_by_terminal_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 5), "abcd~");
        // Wide characters take two columns each.
        assert_eq!(fit("日本語の名前", 7), "日本語~");
        assert_eq!(fit("日本語の名前", 7).width(), 7);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shown("Evil\u{1b}[2J"), "Evil\\u{1b}[2J");
    }
}
