//! The probe's output: a table and the findings as text, or the whole report as JSON.

use std::fmt::Write as _;

use super::model::{PortResult, ProbeReport, RegisterVerdict, Vantage};

/// What to say about the vantage point, or nothing when the probe ran from outside.
pub fn vantage_note(vantage: Vantage) -> Option<&'static str> {
    match vantage {
        Vantage::Outside => None,
        Vantage::Inside => Some(
            "Run from inside the customer's LAN: this shows what the LAN reaches, not what the internet reaches. Probe again from outside (e.g. a phone hotspot).",
        ),
        Vantage::Unknown => Some(
            "Vantage point unknown (give --from outside|inside): verdicts read as if from outside. Only a probe from outside (e.g. a phone hotspot) shows what the internet reaches.",
        ),
    }
}

/// The SIP column of a port line: the OPTIONS answer and the REGISTER outcome.
pub fn sip_column(result: &PortResult) -> String {
    let mut text = String::new();
    if let Some(answer) = &result.sip {
        let _ = write!(text, "{} {}", answer.status, answer.reason);
        if let Some(product) = answer.product() {
            let _ = write!(text, ", {product}");
        }
    }
    if let Some(register) = &result.register {
        let verdict = match register.verdict {
            RegisterVerdict::Challenged => "challenged",
            RegisterVerdict::Accepted => "ACCEPTED without credentials",
            RegisterVerdict::Refused => "refused",
            RegisterVerdict::NoAnswer => "no answer",
        };
        let status = register
            .status
            .map_or_else(String::new, |s| format!(" ({s})"));
        let _ = write!(text, "; REGISTER {}: {verdict}{status}", register.extension);
    }
    text
}

/// The report as text for a terminal.
pub fn text(report: &ProbeReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Probe of {} ({}) from {} at {}, timeout {} ms",
        report.host, report.address, report.vantage, report.at, report.timeout_ms
    );
    if let Some(note) = vantage_note(report.vantage) {
        let _ = writeln!(out, "Note: {note}");
    }
    let _ = writeln!(
        out,
        "\n{:<22} {:<18} {:<9} {:>7}  SIP",
        "PORT", "WHAT", "STATE", "TIME"
    );
    for result in &report.ports {
        let _ = writeln!(
            out,
            "{:<22} {:<18} {:<9} {:>4} ms  {}",
            result.name(),
            result.role.label(),
            result.state.label(),
            result.elapsed_ms,
            sip_column(result)
        );
        // Trailing spaces after an empty SIP column are noise.
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("\nFindings:\n");
    if report.findings.is_empty() {
        out.push_str("  none\n");
    }
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "  {:<8} {:<20} {}",
            finding.severity.name().to_ascii_uppercase(),
            finding.item,
            finding.text
        );
    }
    let failing = report
        .findings
        .iter()
        .filter(|f| f.severity.fails())
        .count();
    if failing == 0 {
        out.push_str("\nResult: ok: nothing measured contradicts the checklist.\n");
    } else {
        let _ = writeln!(
            out,
            "\nResult: FAILED: {failing} finding(s) failed or critical."
        );
    }
    out
}

/// The report as pretty-printed JSON with stable field names, ending with a newline.
pub fn json(report: &ProbeReport) -> String {
    // Strings, numbers, lists and enums only: serialization cannot fail.
    let mut text = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| panic!("probe report serialization failed: {e}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::model::{
        Finding, PortState, RegisterResult, Role, Severity, SipAnswer, Transport,
    };
    use crate::site::Timestamp;

    fn report(vantage: Vantage, severity: Severity) -> ProbeReport {
        ProbeReport {
            at: Timestamp::from_unix_seconds(1_795_000_000),
            host: "pbx.example.net".into(),
            address: "203.0.113.7".into(),
            vantage,
            timeout_ms: 1500,
            ports: vec![PortResult {
                port: 15080,
                system_port: Some(5080),
                role: Role::Sip,
                transport: Transport::Udp,
                state: PortState::Open,
                elapsed_ms: 42,
                sip: Some(SipAnswer {
                    status: 200,
                    reason: "OK".into(),
                    server: None,
                    user_agent: Some("NEC SL2100".into()),
                }),
                register: Some(RegisterResult {
                    verdict: RegisterVerdict::Challenged,
                    status: Some(401),
                    extension: "91234567".into(),
                    transport: Transport::Udp,
                    unregistered: false,
                }),
            }],
            findings: vec![Finding {
                severity,
                item: "sip-ports-forwarded".into(),
                port: Some(15080),
                text: "SIP port 15080 answers.".into(),
            }],
        }
    }

    #[test]
    fn text_shows_vantage_ports_sip_answers_and_the_result() {
        let text = text(&report(Vantage::Outside, Severity::Failed));
        assert!(text.starts_with("Probe of pbx.example.net (203.0.113.7) from outside at 2026-"));
        assert!(!text.contains("Note:"));
        assert!(text.contains("15080/udp (-> 5080)"), "{text}");
        assert!(
            text.contains("42 ms  200 OK, NEC SL2100; REGISTER 91234567: challenged (401)"),
            "{text}"
        );
        assert!(
            text.contains("  FAILED   sip-ports-forwarded  SIP port 15080 answers."),
            "{text}"
        );
        assert!(text.ends_with("Result: FAILED: 1 finding(s) failed or critical.\n"));
        assert!(
            !text.lines().any(|l| l.ends_with(' ')),
            "no trailing spaces"
        );
    }

    #[test]
    fn inside_and_unknown_say_so_and_warnings_do_not_fail() {
        let inside = text(&report(Vantage::Inside, Severity::Warning));
        assert!(inside.contains("from inside") && inside.contains("Note: Run from inside"));
        assert!(inside.ends_with("Result: ok: nothing measured contradicts the checklist.\n"));
        let unknown = text(&report(Vantage::Unknown, Severity::Info));
        assert!(unknown.contains("Note: Vantage point unknown"));
    }

    #[test]
    fn json_has_stable_names() {
        let value: serde_json::Value =
            serde_json::from_str(&json(&report(Vantage::Outside, Severity::Info))).unwrap();
        assert_eq!(value["vantage"], "outside");
        assert_eq!(value["port"][0]["system_port"], 5080);
        assert_eq!(value["port"][0]["register"]["verdict"], "challenged");
        assert_eq!(value["finding"][0]["severity"], "info");
    }
}
