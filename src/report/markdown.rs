//! The Markdown report (the default of `nec-harden report`).

use std::fmt::Write as _;

use super::{Report, status_label};

/// Makes text safe inside a Markdown table cell (and inert if the Markdown becomes HTML).
pub(super) fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Renders the report as Markdown.
pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let site = &report.site;
    let _ = writeln!(out, "# Hardening report: {}\n", cell(&site.name));
    if let Some(failed) = &report.probe_failed {
        let _ = writeln!(out, "**PROBE FAILED.** {}\n", cell(failed));
    }
    out.push_str("| | |\n|---|---|\n");
    for (key, value) in report.header_rows() {
        let _ = writeln!(out, "| {key} | {} |", cell(&value));
    }
    if let Some(text) = report.handover_text() {
        let _ = writeln!(out, "| Handover | {} |", cell(&text));
    }

    let score = &report.score;
    let _ = writeln!(
        out,
        "\n## Score\n\n**{}%, band {}**: {} of {} weight points done. Not-applicable items are left out; deferred and pending items count as not done. Bands: {}.",
        score.percent,
        score.band.letter(),
        score.done_weight,
        score.applicable_weight,
        report.band_rule
    );

    out.push_str("\n## Risks\n\n");
    if report.risks.is_empty() {
        out.push_str("No risky combination found.\n");
    }
    for risk in &report.risks {
        let severity = match risk.severity {
            super::Severity::High => "HIGH",
            super::Severity::Medium => "MEDIUM",
        };
        let _ = writeln!(
            out,
            "- **{severity}** {} (closed by: {})",
            risk.summary,
            risk.items.join(", ")
        );
    }

    if let Some(probe) = &report.probe {
        super::probe::markdown(&mut out, probe);
    }
    if let Some(audit) = &report.calls_audit {
        super::calls::markdown(&mut out, audit);
    }

    out.push_str("\n## Still to do\n\n");
    if report.still_open.is_empty() {
        out.push_str("Nothing: every applicable item is done.\n");
    }
    for open in &report.still_open {
        let _ = write!(
            out,
            "- `{}` {} ({}",
            open.id,
            open.title,
            cell(&open.state_text())
        );
        if let Some(reason) = &open.reason {
            let _ = write!(out, ": {}", cell(reason));
        }
        out.push_str(")\n");
    }

    for section in &report.sections {
        let _ = writeln!(
            out,
            "\n## {}\n\n| Item | Programs | Weight | Status | Answer | Notes |\n|---|---|---|---|---|---|",
            cell(&section.title)
        );
        for item in &section.items {
            let mut notes: Vec<String> = Vec::new();
            if let Some(reason) = &item.reason {
                notes.push(format!("Reason: {reason}"));
            }
            if let Some(condition) = &item.condition {
                notes.push(format!("Applies if {condition}."));
            }
            if let Some(verify) = &item.verify {
                notes.push(format!("Verify on the system: {verify}"));
            }
            let at = item
                .at
                .as_ref()
                .filter(|_| item.status != crate::site::Status::Pending)
                .map(|at| format!(" {at}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| **{}** `{}` | {} | {} | {}{} | {} | {} |",
                cell(&item.title),
                item.id,
                cell(&item.programs.join(", ")),
                item.weight,
                status_label(item),
                at,
                cell(item.answer.as_deref().unwrap_or("")),
                cell(&notes.join(" "))
            );
        }
    }
    super::sources::markdown(&mut out, report);
    out
}
