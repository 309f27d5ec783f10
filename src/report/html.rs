//! The HTML report: one self-contained printable page (inline CSS, no script, nothing fetched).

use std::fmt::Write as _;

use super::{Report, Severity, status_label};

/// Escapes text for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#111}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em;border-bottom:1px solid #999}\
table{border-collapse:collapse;width:100%;font-size:.9em}\
td,th{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}\
.score{font-size:1.3em;font-weight:bold}.high{color:#a00;font-weight:bold}.medium{color:#a60;font-weight:bold}\
.done{color:#060}.pending,.deferred{color:#a00}.muted{color:#666}\
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}";

/// Renders the report as one HTML page.
pub(super) fn render(report: &Report) -> String {
    let e = escape;
    let site = &report.site;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Hardening report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Hardening report: {}</h1>\n",
        e(&site.name),
        e(&site.name)
    );
    if let Some(failed) = &report.probe_failed {
        let _ = writeln!(out, "<p class=\"high\">PROBE FAILED. {}</p>", e(failed));
    }
    out.push_str("<table>\n");
    for (key, value) in report.header_rows() {
        let _ = writeln!(out, "<tr><th>{key}</th><td>{}</td></tr>", e(&value));
    }
    if let Some(text) = report.handover_text() {
        let _ = writeln!(out, "<tr><th>Handover</th><td>{}</td></tr>", e(&text));
    }
    out.push_str("</table>\n");

    let score = &report.score;
    let _ = writeln!(
        out,
        "<h2>Score</h2>\n<p class=\"score\">{}%, band {}</p>\n<p>{} of {} weight points done. Not-applicable items are left out; deferred and pending items count as not done. Bands: {}.</p>",
        score.percent,
        score.band.letter(),
        score.done_weight,
        score.applicable_weight,
        e(report.band_rule)
    );

    out.push_str("<h2>Risks</h2>\n");
    if report.risks.is_empty() {
        out.push_str("<p>No risky combination found.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for risk in &report.risks {
            let (class, label) = match risk.severity {
                Severity::High => ("high", "HIGH"),
                Severity::Medium => ("medium", "MEDIUM"),
            };
            let _ = writeln!(
                out,
                "<li><span class=\"{class}\">{label}</span> {} <span class=\"muted\">(closed by: {})</span></li>",
                e(&risk.summary),
                e(&risk.items.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }

    if let Some(probe) = &report.probe {
        super::probe::html(&mut out, probe);
    }
    if let Some(audit) = &report.calls_audit {
        super::calls::html(&mut out, audit);
    }

    out.push_str("<h2>Still to do</h2>\n");
    if report.still_open.is_empty() {
        out.push_str("<p>Nothing: every applicable item is done.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for open in &report.still_open {
            let reason = open
                .reason
                .as_ref()
                .map(|r| format!(": {}", e(r)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><code>{}</code> {} ({}{reason})</li>",
                e(&open.id),
                e(&open.title),
                e(&open.state_text())
            );
        }
        out.push_str("</ul>\n");
    }

    for section in &report.sections {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<table>\n<tr><th>Item</th><th>Programs</th><th>Weight</th><th>Status</th><th>Answer</th><th>Notes</th></tr>",
            e(&section.title)
        );
        for item in &section.items {
            let label = status_label(item);
            let class = label.replace(' ', "-");
            let at = item
                .at
                .as_ref()
                .filter(|_| item.status != crate::site::Status::Pending)
                .map(|at| format!("<br><span class=\"muted\">{at}</span>"))
                .unwrap_or_default();
            let mut notes = Vec::new();
            if let Some(reason) = &item.reason {
                notes.push(format!("Reason: {}", e(reason)));
            }
            if let Some(condition) = &item.condition {
                notes.push(format!("Applies if {}.", e(condition)));
            }
            if let Some(verify) = &item.verify {
                notes.push(format!("<em>Verify on the system:</em> {}", e(verify)));
            }
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong><br><code>{}</code></td><td>{}</td><td>{}</td><td class=\"{class}\">{label}{at}</td><td>{}</td><td>{}</td></tr>",
                e(&item.title),
                e(&item.id),
                e(&item.programs.join(", ")),
                item.weight,
                e(item.answer.as_deref().unwrap_or("")),
                notes.join("<br>")
            );
        }
        out.push_str("</table>\n");
    }
    super::sources::html(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }
}
