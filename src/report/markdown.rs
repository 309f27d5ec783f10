//! The Markdown report (the default of `nec-harden report`): the customer part, then the
//! technical record with one block per item.

use std::fmt::Write as _;

use super::words::{date, date_time};
use super::{Report, Severity};

/// Makes text safe inside a Markdown table cell or list line (and inert if the Markdown
/// becomes HTML).
pub(super) fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub(super) fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "High",
        Severity::Medium => "Medium",
    }
}

/// Renders the report as Markdown.
pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let site = &report.site;
    let _ = writeln!(out, "# Hardening report: {}\n", cell(&site.name));
    if let Some(failed) = &report.customer.probe_failed {
        let _ = writeln!(out, "**PROBE FAILED.** {}\n", cell(failed));
    }
    let _ = writeln!(
        out,
        "{} · {} · {} · installer {}",
        cell(&site.customer),
        cell(&site.model),
        date(&site.updated),
        cell(&site.installer)
    );
    customer(&mut out, report);
    technical(&mut out, report);
    out
}

fn customer(out: &mut String, report: &Report) {
    let c = &report.customer;
    out.push_str("\n## Part 1: for the customer\n");
    let _ = writeln!(
        out,
        "\n### Score\n\n**{}%, band {}.** {}\n\n{} of {} weight points done. Items that do not apply to this site are left out; deferred and pending items count as not done. Bands: {}.",
        c.score.percent,
        c.score.band.letter(),
        c.meaning,
        c.score.done_weight,
        c.score.applicable_weight,
        c.band_rule
    );

    out.push_str("\n### What the checks found\n\n");
    if c.checks.is_empty() {
        out.push_str("No check of the real system is recorded for this site.\n");
    }
    for check in &c.checks {
        let _ = writeln!(out, "**{}.** {}\n", check.title, cell(&check.summary));
        for f in &check.findings {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                f.severity,
                cell(&f.item),
                cell(&f.text)
            );
        }
    }

    out.push_str("\n### Risks\n\n");
    if c.risks.is_empty() {
        out.push_str("No risky combination found.\n");
    }
    for risk in &c.risks {
        let _ = writeln!(
            out,
            "- **{}** {} Closed by: {}.",
            severity(risk.severity),
            cell(&risk.summary),
            cell(&risk.closed_by.join("; "))
        );
    }

    out.push_str("\n### Still open, and who must act\n\n");
    if c.still_open.is_empty() {
        out.push_str("Nothing: every item that applies is done.\n");
    } else {
        out.push_str("| What | Where it stands | Who must act |\n|---|---|---|\n");
        for open in &c.still_open {
            let stands = match &open.reason {
                Some(reason) => format!("{}: {}", open.state.label, reason),
                None => open.state.label.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&open.title),
                cell(&stands),
                open.who_words
            );
        }
    }

    out.push_str("\n### Extensions and their credentials\n\n");
    out.push_str("The values are only in the sealed handover file, never in this report.\n\n");
    if c.extensions.is_empty() {
        out.push_str("The site has no extensions recorded.\n");
    } else {
        out.push_str(
            "| Extension | Who or where | Type | Credentials received |\n|---|---|---|---|\n",
        );
        for e in &c.extensions {
            let received: Vec<String> = e.received.iter().map(|r| r.what.clone()).collect();
            let received = if received.is_empty() {
                "none".to_owned()
            } else {
                received.join("; ")
            };
            let kind = if e.in_use {
                e.kind_words.to_owned()
            } else {
                format!("{} (not in use)", e.kind_words)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {kind} | {} |",
                e.number,
                cell(&e.label),
                cell(&received)
            );
        }
    }
    for s in &c.system_credentials {
        let _ = writeln!(
            out,
            "\n{}: {} for {}, sealed {}.",
            cell(&s.title),
            s.what,
            s.targets,
            date_time(&s.at)
        );
    }

    out.push_str("\n### The handover file\n\n");
    match &c.handover {
        None => out.push_str("No handover file has been sealed yet.\n"),
        Some(h) => {
            let _ = write!(out, "**{}**, sealed to {}", cell(&h.file), h.sealed_to);
            if let Some(at) = &h.sealed_at {
                let _ = write!(out, " on {}", date_time(at));
            }
            if let Some(at) = &h.verified_at {
                let _ = write!(out, "; the installer proved it opens on {}", date_time(at));
            }
            let _ = writeln!(out, ".\n\n{}", cell(&h.how_to_open));
        }
    }

    let _ = writeln!(
        out,
        "\n### Sign-off\n\n| | Name | Signature | Date |\n|---|---|---|---|\n| Installer | {} | | |\n| Customer | {} | | |",
        cell(&c.sign_off.installer),
        cell(&c.sign_off.customer)
    );
}

fn technical(out: &mut String, report: &Report) {
    let site = &report.site;
    let t = &report.technical;
    let _ = writeln!(
        out,
        "\n## Part 2: technical record for the dealer\n\n- Site: {}\n- Model: {}\n- Checklist: {}\n- Created: {}\n- Last change: {}\n- Extensions: {}",
        cell(&site.name),
        cell(&site.model),
        cell(&site.checklist),
        date_time(&site.created),
        date_time(&site.updated),
        site.extensions
    );
    if let Some(h) = &t.handover {
        let keys = if h.recipients.is_empty() {
            "a passphrase".to_owned()
        } else {
            h.recipients.join(", ")
        };
        let _ = writeln!(
            out,
            "- Handover: {}, sealed to {}",
            cell(&h.file),
            cell(&keys)
        );
    }
    for section in &t.sections {
        let _ = writeln!(out, "\n### {}", cell(&section.title));
        for item in &section.items {
            let _ = writeln!(out, "\n#### {}\n", cell(&item.title));
            let programs = if item.programs.is_empty() {
                "none".to_owned()
            } else {
                item.programs.join(", ")
            };
            let _ = writeln!(
                out,
                "- Item `{}`, programs: {}, weight {}",
                item.id,
                cell(&programs),
                item.weight
            );
            let _ = write!(out, "- Status: {}", item.state.label);
            if let Some(at) = &item.at {
                let _ = write!(out, ", {}", date_time(at));
            }
            out.push('\n');
            if let Some(reason) = &item.reason {
                let _ = writeln!(out, "- Reason: {}", cell(reason));
            }
            if let Some(answer) = &item.answer {
                let _ = writeln!(out, "- Answer: {}", cell(answer));
            }
            if let Some(condition) = &item.condition {
                let _ = writeln!(out, "- Applies when: {}", cell(condition));
            }
            if let Some(verify) = &item.verify {
                let _ = writeln!(out, "- To verify on the system: {}", cell(verify));
            }
            if !item.sources.is_empty() {
                let _ = writeln!(out, "- Sources: {}", cell(&item.sources.join("; ")));
            }
        }
    }
    if let Some(probe) = &t.probe {
        super::probe::markdown(out, probe);
    }
    if let Some(audit) = &t.calls_audit {
        super::calls::markdown(out, audit);
    }
}
