//! The fleet as one self-contained HTML page (inline CSS, no script, nothing fetched).
//!
//! Site names, customers, file names and errors are hostile input: every one goes through
//! [`e`] (the `html-escape` crate), in element content and attributes alike.

use std::fmt::Write as _;

use super::Fleet;
use super::call_audit::CallAuditState;
use super::row::{Row, SiteRow};

/// Escapes untrusted text for HTML content and quoted attributes.
fn e(text: &str) -> String {
    html_escape::encode_safe(text).into_owned()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#111}\
h1{font-size:1.5em}table{border-collapse:collapse;width:100%;font-size:.9em}\
td,th{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}\
.failed,.alerts,.overdue,.broken{color:#a00;font-weight:bold}.pending{color:#a60}.ok{color:#060}\
.muted{color:#666}@media print{body{margin:0}tr{break-inside:avoid}}";

fn credentials_cell(site: &SiteRow) -> String {
    if site.credentials.is_empty() {
        return "<span class=\"muted\">none recorded</span>".to_owned();
    }
    let lines: Vec<String> = site
        .credentials
        .iter()
        .map(|c| {
            let class = if c.overdue { " class=\"overdue\"" } else { "" };
            format!(
                "<span{class}>{} since {}, due {}{}</span>",
                c.kind,
                c.oldest.date(),
                c.due.date(),
                if c.overdue { " (overdue)" } else { "" }
            )
        })
        .collect();
    lines.join("<br>")
}

fn calls_cell(calls: &CallAuditState) -> String {
    let audit = match calls {
        CallAuditState::None => return "<span class=\"muted\">none</span>".to_owned(),
        CallAuditState::NeverAudited => {
            return "<span class=\"pending\">never audited (SMDR is on)</span>".to_owned();
        }
        CallAuditState::Audited(audit) => audit,
    };
    let alerts = audit.alerts.listed();
    let verdict = if alerts.is_empty() {
        "no alert".to_owned()
    } else if audit.alerting() {
        let rules: Vec<String> = audit
            .rules
            .iter()
            .map(|r| format!("{} {} ({})", e(&r.rule), r.count, e(&r.item)))
            .collect();
        format!(
            "<span class=\"alerts\">{}</span><br>{}",
            alerts.join(", "),
            rules.join("<br>")
        )
    } else {
        alerts.join(", ")
    };
    let stale = if audit.stale {
        "<br><span class=\"pending\">older than the rotation period</span>"
    } else {
        ""
    };
    format!(
        "{} ({}): {}<br><span class=\"muted\">{} records from {} to {}, {} unreadable lines</span>{stale}",
        audit.at.date(),
        e(&audit.source),
        verdict,
        audit.records,
        e(audit.period_from.as_deref().unwrap_or("-")),
        e(audit.period_to.as_deref().unwrap_or("-")),
        audit.unreadable,
    )
}

fn site_line(out: &mut String, row: &Row) {
    let status = row.attention().name();
    match row {
        Row::Broken { file, error } => {
            let _ = writeln!(
                out,
                "<tr><td class=\"{status}\">{status}</td><td>{}</td><td colspan=\"8\">{}</td></tr>",
                e(file),
                e(error)
            );
        }
        Row::Site(site) => {
            let failed = if site.failed.is_empty() {
                "0".to_owned()
            } else {
                format!("{}: {}", site.failed.len(), e(&site.failed.join(", ")))
            };
            let probe = site.probe.as_ref().map_or_else(
                || "<span class=\"muted\">none</span>".to_owned(),
                |p| {
                    format!(
                        "{} from {} ({}): {}",
                        p.at.date(),
                        p.vantage,
                        e(&p.host),
                        p.result()
                    )
                },
            );
            let _ = writeln!(
                out,
                "<tr><td class=\"{status}\">{status}</td><td>{}<br><span class=\"muted\">{} &middot; {}</span></td><td>{}</td><td>{}% {}</td><td>{failed}</td><td>{}</td><td>{}</td><td>{}</td><td>{probe}</td><td>{}</td></tr>",
                e(&site.name),
                e(&site.customer),
                e(&site.file),
                site.model,
                site.score.percent,
                site.score.band.letter(),
                site.pending,
                site.last_visit.date(),
                credentials_cell(site),
                calls_cell(&site.calls),
            );
        }
    }
}

/// Renders the fleet as one HTML page.
pub fn render(fleet: &Fleet) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Fleet</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Fleet</h1>\n<p>{} site file(s), {} need action. Credentials are due {} months after issue; judged as of {}.</p>\n",
        fleet.rows.len(),
        fleet.action_count(),
        fleet.rotation.months,
        fleet.rotation.now
    );
    out.push_str("<table>\n<tr><th>Status</th><th>Site</th><th>Model</th><th>Score</th><th>Failed (measured)</th><th>Pending</th><th>Last visit</th><th>Credentials</th><th>Last probe</th><th>Last call audit</th></tr>\n");
    for row in &fleet.rows {
        site_line(&mut out, row);
    }
    out.push_str("</table>\n");
    if !fleet.skipped.is_empty() {
        out.push_str("<h2>Skipped</h2>\n<ul>\n");
        for skip in &fleet.skipped {
            let _ = writeln!(out, "<li>{}: {}</li>", e(&skip.file), e(&skip.reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
