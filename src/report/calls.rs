//! The call-record audit's section of a report's technical part: the last `calls audit` or
//! `calls watch` recorded in the site file (`[calls.last_audit]`): period, records, unreadable
//! lines and the alerts per rule with the checklist item each points to. Counts only: never a
//! number. The customer part says the same in words.

use std::fmt::Write as _;

use super::html::escape;
use super::markdown::cell;
use crate::site::calls::CallAudit;

fn intro(audit: &CallAudit) -> String {
    format!(
        "Last audit: {} on {}: {} call records from {} to {}, {} unreadable lines ({}).",
        audit.source,
        super::words::date_time(&audit.at),
        audit.records,
        audit.period_from.as_deref().unwrap_or("-"),
        audit.period_to.as_deref().unwrap_or("-"),
        audit.unreadable,
        audit.period_note
    )
}

fn result_line(audit: &CallAudit) -> &'static str {
    if audit
        .alerts
        .iter()
        .any(|a| matches!(a.severity.as_str(), "warning" | "critical"))
    {
        "The call records show alerts: check the items named in the table."
    } else {
        "No alert at warning or above in the call records."
    }
}

/// Appends the Markdown section.
pub(super) fn markdown(out: &mut String, audit: &CallAudit) {
    let _ = writeln!(out, "\n### Call-record audit\n\n{}", cell(&intro(audit)));
    if audit.alerts.is_empty() {
        out.push_str("\nNo alert.\n");
    } else {
        out.push_str("\n| Rule | Severity | Alerts | Checklist item |\n|---|---|---|---|\n");
        for a in &audit.alerts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&a.rule),
                cell(&a.severity),
                a.count,
                cell(&a.item)
            );
        }
    }
    for line in &audit.not_applied {
        let _ = writeln!(out, "\n*Not applied:* {}", cell(line));
    }
    let _ = writeln!(out, "\n{}", result_line(audit));
}

/// Appends the HTML section.
pub(super) fn html(out: &mut String, audit: &CallAudit) {
    let _ = writeln!(
        out,
        "<h3>Call-record audit</h3>\n<p>{}</p>",
        escape(&intro(audit))
    );
    if audit.alerts.is_empty() {
        out.push_str("<p>No alert.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>Rule</th><th>Severity</th><th>Alerts</th><th>Checklist item</th></tr></thead>\n<tbody>\n",
        );
        for a in &audit.alerts {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&a.rule),
                escape(&a.severity),
                a.count,
                escape(&a.item)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for line in &audit.not_applied {
        let _ = writeln!(out, "<p class=\"muted\">Not applied: {}</p>", escape(line));
    }
    let _ = writeln!(out, "<p>{}</p>", result_line(audit));
}
