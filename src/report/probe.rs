//! The exposure probe's section of a report: where it ran from, each port, the findings.
//!
//! Everything shown comes from the site file's `[probe]` table (no secret); text the far end
//! sent (`Server`, reason phrases) is escaped like any other text.

use std::fmt::Write as _;

use super::html::escape;
use super::markdown::cell;
use crate::probe::{ProbeReport, output};

fn intro(probe: &ProbeReport) -> String {
    format!(
        "Probed {} ({}) from {} on {}, timeout {} ms.",
        probe.host,
        probe.address,
        probe.vantage,
        super::words::date_time(&probe.at),
        probe.timeout_ms
    )
}

fn result_line(probe: &ProbeReport) -> &'static str {
    if probe.failed() {
        "The probe failed: see the findings."
    } else {
        "Nothing the probe measured contradicts the checklist."
    }
}

/// Appends the Markdown section.
pub(super) fn markdown(out: &mut String, probe: &ProbeReport) {
    let _ = writeln!(out, "\n### Exposure probe\n\n{}", cell(&intro(probe)));
    if let Some(note) = output::vantage_note(probe.vantage) {
        let _ = writeln!(out, "\n**Note:** {note}");
    }
    out.push_str("\n| Port | What | State | Time | SIP |\n|---|---|---|---|---|\n");
    for port in &probe.ports {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ms | {} |",
            cell(&port.name()),
            port.role.label(),
            port.state.label(),
            port.elapsed_ms,
            cell(&output::sip_column(port))
        );
    }
    out.push('\n');
    if probe.findings.is_empty() {
        out.push_str("No finding.\n");
    }
    for finding in &probe.findings {
        let _ = writeln!(
            out,
            "- **{}** `{}` {}",
            finding.severity.name().to_ascii_uppercase(),
            finding.item,
            cell(&finding.text)
        );
    }
    let _ = writeln!(out, "\n{}", result_line(probe));
}

/// Appends the HTML section.
pub(super) fn html(out: &mut String, probe: &ProbeReport) {
    let _ = writeln!(
        out,
        "<h3>Exposure probe</h3>\n<p>{}</p>",
        escape(&intro(probe))
    );
    if let Some(note) = output::vantage_note(probe.vantage) {
        let _ = writeln!(out, "<p><strong>Note:</strong> {}</p>", escape(note));
    }
    out.push_str(
        "<table>\n<thead><tr><th>Port</th><th>What</th><th>State</th><th>Time</th><th>SIP</th></tr></thead>\n<tbody>\n",
    );
    for port in &probe.ports {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} ms</td><td>{}</td></tr>",
            escape(&port.name()),
            escape(port.role.label()),
            port.state.label(),
            port.elapsed_ms,
            escape(&output::sip_column(port))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if probe.findings.is_empty() {
        out.push_str("<p>No finding.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for finding in &probe.findings {
            let class = if finding.severity.fails() {
                "high"
            } else {
                "muted"
            };
            let _ = writeln!(
                out,
                "<li><span class=\"{class}\">{}</span> <code>{}</code> {}</li>",
                finding.severity.name().to_ascii_uppercase(),
                escape(&finding.item),
                escape(&finding.text)
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<p>{}</p>", result_line(probe));
}

#[cfg(test)]
mod tests {
    use crate::checklist;
    use crate::nec::Model;
    use crate::probe::{
        Finding, PortResult, PortState, ProbeReport, Role, Severity, SipAnswer, Transport, Vantage,
    };
    use crate::report::{Format, build};
    use crate::site::{SiteFile, Timestamp};

    fn probed_site(server: &str) -> (checklist::Checklist, SiteFile) {
        let list = checklist::builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(1_795_000_000);
        let mut site = SiteFile::new("Harbour", "C", "I", &list, &now);
        site.probe = Some(ProbeReport {
            at: now,
            host: "pbx.example.net".into(),
            address: "203.0.113.7".into(),
            vantage: Vantage::Inside,
            timeout_ms: 1500,
            ports: vec![PortResult {
                port: 5080,
                system_port: None,
                role: Role::Sip,
                transport: Transport::Udp,
                state: PortState::Open,
                elapsed_ms: 12,
                sip: Some(SipAnswer {
                    status: 200,
                    reason: "OK".into(),
                    server: Some(server.into()),
                    user_agent: None,
                }),
                register: None,
            }],
            findings: vec![Finding {
                severity: Severity::Critical,
                item: "sip-register-mode".into(),
                port: Some(5080),
                text: "accepted | <b>".into(),
            }],
        });
        (list, site)
    }

    #[test]
    fn every_format_shows_the_probe_and_its_vantage_point() {
        let (list, site) = probed_site("<script>x</script>");
        let report = build(&list, &site);
        let md = report.render(Format::Markdown);
        assert!(md.contains("### Exposure probe"), "{md}");
        assert!(md.contains("from inside") && md.contains("**Note:**"));
        assert!(
            md.contains("**CRITICAL** `sip-register-mode` accepted \\| &lt;b&gt;"),
            "{md}"
        );
        let html = report.render(Format::Html);
        assert!(html.contains("<h3>Exposure probe</h3>"));
        assert!(
            html.contains("&lt;script&gt;") && !html.contains("<script>"),
            "{html}"
        );
        let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
        assert_eq!(json["technical"]["probe"]["vantage"], "inside");
        assert_eq!(
            json["technical"]["probe"]["finding"][0]["item"],
            "sip-register-mode"
        );
    }

    #[test]
    fn a_site_never_probed_has_no_probe_section() {
        let (list, mut site) = probed_site("x");
        site.probe = None;
        let report = build(&list, &site);
        assert!(!report.render(Format::Markdown).contains("Exposure probe"));
        assert!(!report.render(Format::Json).contains("\"probe\""));
    }
}
