//! The HTML report: one self-contained printable page (inline CSS, no script, nothing fetched).
//!
//! The print style sheet fits A4 and Letter alike: the technical record starts on a new page,
//! table headers repeat on every page, rows, findings and the sign-off are never cut, headings
//! stay with what follows, and long words wrap instead of running off the page.

use std::fmt::Write as _;

use super::words::{date, date_time, date_time_short};
use super::{Report, Severity};
use crate::site::Timestamp;

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

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#111;line-height:1.35;overflow-wrap:break-word}\
h1{font-size:1.5em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:2px solid #333}\
h3{font-size:1.1em;margin-top:1.3em;border-bottom:1px solid #999}\
table{border-collapse:collapse;width:100%;font-size:.9em;table-layout:fixed}\
td,th{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:manual}\
td p{margin:0 0 .4em}\
thead th{background:#eee}\
.when,.program{white-space:nowrap}.score{font-size:1.3em;font-weight:bold}\
.high,.critical,.failed{color:#a00;font-weight:bold}.medium,.warning{color:#a60;font-weight:bold}\
.done{color:#060}.pending,.deferred{color:#a00}.incomplete{color:#a60;font-weight:bold}.muted,.does-not-apply,.not-applicable{color:#666}\
.signoff td{height:3em}.item-id{font-size:.85em;color:#555}\
@page{margin:16mm 14mm}\
@media print{body{margin:0;font-size:10pt}.technical{break-before:page}\
thead{display:table-header-group}tr,li,.signoff,.check{break-inside:avoid}\
h2,h3{break-after:avoid}}";

fn when(at: &Timestamp) -> String {
    format!("<span class=\"when\">{}</span>", escape(&date_time(at)))
}

/// A time in a narrow table cell: the month shortened, still one unbroken line.
fn when_short(at: &Timestamp) -> String {
    format!(
        "<span class=\"when\">{}</span>",
        escape(&date_time_short(at))
    )
}

fn severity(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::High => ("high", "High"),
        Severity::Medium => ("medium", "Medium"),
    }
}

/// Renders the report as one HTML page.
pub(super) fn render(report: &Report) -> String {
    let e = escape;
    let site = &report.site;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Hardening report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Hardening report: {}</h1>\n<p>{} · {} · <span class=\"when\">{}</span> · installer {}</p>\n",
        e(&site.name),
        e(&site.name),
        e(&site.customer),
        e(&site.model),
        e(&date(&site.updated)),
        e(&site.installer)
    );
    if let Some(failed) = &report.customer.probe_failed {
        let _ = writeln!(out, "<p class=\"high\">PROBE FAILED. {}</p>", e(failed));
    }
    customer(&mut out, report);
    technical(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

fn customer(out: &mut String, report: &Report) {
    let e = escape;
    let c = &report.customer;
    out.push_str("<section class=\"customer\">\n<h2>Part 1: for the customer</h2>\n");
    let _ = writeln!(
        out,
        "<h3>Score</h3>\n<p class=\"score\">{}%, band {}</p>\n<p>{}</p>\n<p class=\"muted\">{} of {} weight points done. Items that do not apply to this site are left out; deferred and pending items count as not done. Bands: {}.</p>",
        c.score.percent,
        c.score.band.letter(),
        e(&c.meaning),
        c.score.done_weight,
        c.score.applicable_weight,
        e(c.band_rule)
    );

    out.push_str("<h3>What the checks found</h3>\n");
    if c.checks.is_empty() {
        out.push_str("<p>No check of the real system is recorded for this site.</p>\n");
    }
    for check in &c.checks {
        let _ = writeln!(
            out,
            "<div class=\"check\"><p><strong>{}.</strong> {}</p>",
            e(check.title),
            e(&check.summary)
        );
        if !check.findings.is_empty() {
            out.push_str("<ul>\n");
            for f in &check.findings {
                let _ = writeln!(
                    out,
                    "<li><span class=\"{0}\">{0}</span> ({1}): {2}</li>",
                    f.severity,
                    e(&f.item),
                    e(&f.text)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</div>\n");
    }

    out.push_str("<h3>Risks</h3>\n");
    if c.risks.is_empty() {
        out.push_str("<p>No risky combination found.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for risk in &c.risks {
            let (class, label) = severity(risk.severity);
            let _ = writeln!(
                out,
                "<li><span class=\"{class}\">{label}</span> {} <span class=\"muted\">Closed by: {}.</span></li>",
                e(&risk.summary),
                e(&risk.closed_by.join("; "))
            );
        }
        out.push_str("</ul>\n");
    }

    out.push_str("<h3>Still open, and who must act</h3>\n");
    if c.still_open.is_empty() {
        out.push_str("<p>Nothing: every item that applies is done.</p>\n");
    } else {
        out.push_str("<table>\n<colgroup><col style=\"width:45%\"><col style=\"width:25%\"><col></colgroup>\n<thead><tr><th>What</th><th>Where it stands</th><th>Who must act</th></tr></thead>\n<tbody>\n");
        for open in &c.still_open {
            let reason = open
                .reason
                .as_ref()
                .map(|r| format!(": {}", e(r)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><span class=\"{}\">{}</span>{reason}</td><td>{}</td></tr>",
                e(&open.title),
                e(open.state.key),
                e(&open.state.label),
                e(open.who_words)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h3>Extensions and their credentials</h3>\n<p>The values are only in the sealed handover file, never in this report.</p>\n");
    if c.extensions.is_empty() {
        out.push_str("<p>The site has no extensions recorded.</p>\n");
    } else {
        out.push_str("<table>\n<colgroup><col style=\"width:13%\"><col style=\"width:29%\"><col style=\"width:22%\"><col></colgroup>\n<thead><tr><th>Extension</th><th>Who or where</th><th>Type</th><th>Credentials received</th></tr></thead>\n<tbody>\n");
        for x in &c.extensions {
            let received: Vec<String> = x.received.iter().map(|r| e(&r.what)).collect();
            let received = if received.is_empty() {
                "<span class=\"muted\">none</span>".to_owned()
            } else {
                received.join("; ")
            };
            let not_used = if x.in_use { "" } else { " (not in use)" };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}{not_used}</td><td>{received}</td></tr>",
                e(&x.number),
                e(&x.label),
                e(x.kind_words)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for s in &c.system_credentials {
        let _ = writeln!(
            out,
            "<p>{}: {} for {}, sealed {}.</p>",
            e(&s.title),
            e(&s.what),
            e(&s.targets),
            when(&s.at)
        );
    }

    out.push_str("<h3>The handover file</h3>\n");
    match &c.handover {
        None => out.push_str("<p>No handover file has been sealed yet.</p>\n"),
        Some(h) => {
            let _ = write!(
                out,
                "<p><strong>{}</strong>, sealed to {}",
                e(&h.file),
                e(&h.sealed_to)
            );
            if let Some(at) = &h.sealed_at {
                let _ = write!(out, " on {}", when(at));
            }
            if let Some(at) = &h.verified_at {
                let _ = write!(out, "; the installer proved it opens on {}", when(at));
            }
            let _ = writeln!(out, ".</p>\n<p>{}</p>", e(&h.how_to_open));
        }
    }

    let _ = writeln!(
        out,
        "<h3>Sign-off</h3>\n<table class=\"signoff\">\n<colgroup><col style=\"width:14%\"><col style=\"width:38%\"><col style=\"width:30%\"><col></colgroup>\n<thead><tr><th></th><th>Name</th><th>Signature</th><th>Date</th></tr></thead>\n<tbody>\n<tr><th>Installer</th><td>{}</td><td></td><td></td></tr>\n<tr><th>Customer</th><td>{}</td><td></td><td></td></tr>\n</tbody>\n</table>\n</section>",
        e(&c.sign_off.installer),
        e(&c.sign_off.customer)
    );
}

fn technical(out: &mut String, report: &Report) {
    let e = escape;
    let site = &report.site;
    let t = &report.technical;
    let _ = writeln!(
        out,
        "<section class=\"technical\">\n<h2>Part 2: technical record for the dealer</h2>\n<table>\n<colgroup><col style=\"width:18%\"><col></colgroup>\n<tbody>\n<tr><th>Site</th><td>{}</td></tr>\n<tr><th>Model</th><td>{}</td></tr>\n<tr><th>Checklist</th><td>{}</td></tr>\n<tr><th>Created</th><td>{}</td></tr>\n<tr><th>Last change</th><td>{}</td></tr>\n<tr><th>Extensions</th><td>{}</td></tr>",
        e(&site.name),
        e(&site.model),
        e(&site.checklist),
        when(&site.created),
        when(&site.updated),
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
            "<tr><th>Handover</th><td>{}, sealed to {}</td></tr>",
            e(&h.file),
            e(&keys)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for section in &t.sections {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table class=\"items\">\n<colgroup><col style=\"width:21%\"><col style=\"width:12%\"><col style=\"width:24%\"><col style=\"width:15%\"><col></colgroup>\n<thead><tr><th>Item</th><th>Programs</th><th>Status</th><th>Answer</th><th>Notes</th></tr></thead>\n<tbody>",
            e(&section.title)
        );
        for item in &section.items {
            let at = item
                .at
                .as_ref()
                .map(|at| format!("<br>{}", when_short(at)))
                .unwrap_or_default();
            let mut notes = Vec::new();
            if let Some(reason) = &item.reason {
                notes.push(format!("<strong>Reason:</strong> {}", e(reason)));
            }
            if let Some(condition) = &item.condition {
                notes.push(format!("<strong>Applies when:</strong> {}", e(condition)));
            }
            if let Some(verify) = &item.verify {
                notes.push(format!(
                    "<strong>To verify on the system:</strong> {}",
                    e(verify)
                ));
            }
            if !item.sources.is_empty() {
                notes.push(format!(
                    "<strong>Sources:</strong> {}",
                    e(&item.sources.join("; "))
                ));
            }
            let programs: Vec<String> = item
                .programs
                .iter()
                .map(|p| format!("<span class=\"program\">{}</span>", e(p)))
                .collect();
            let notes: Vec<String> = notes.into_iter().map(|n| format!("<p>{n}</p>")).collect();
            let _ = writeln!(
                out,
                "<tr><td><strong>{}</strong><br><span class=\"item-id\">{} · weight {}</span></td><td>{}</td><td><span class=\"{}\">{}</span>{at}</td><td>{}</td><td>{}</td></tr>",
                e(&item.title),
                e(&item.id),
                item.weight,
                programs.join(", "),
                e(item.state.key),
                e(&item.state.label),
                e(item.answer.as_deref().unwrap_or("")),
                notes.concat()
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if let Some(probe) = &t.probe {
        super::probe::html(out, probe);
    }
    if let Some(audit) = &t.calls_audit {
        super::calls::html(out, audit);
    }
    out.push_str("</section>\n");
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
