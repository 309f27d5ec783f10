//! Site files for the fleet and diff tests, built from the shipped examples through the
//! library (so they are valid by construction) and changed one fact at a time.

use std::path::Path;

use nec_harden::checklist::Checklist;
use nec_harden::probe::{
    Finding, PortResult, PortState, ProbeReport, RegisterResult, RegisterVerdict, Role, Severity,
    Transport, Vantage,
};
use nec_harden::site::calls::{CallAudit, RuleCount};
use nec_harden::site::{Answer, SiteFile, Status, Timestamp};

/// A UTC time from its text.
pub fn t(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap_or_else(|| panic!("bad time {text}"))
}

/// A shipped example site and its checklist.
pub fn example(name: &str) -> (SiteFile, Checklist) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"))
}

/// The 128-extension example with every item done (nothing pending), renamed.
pub fn finished_site(name: &str) -> (SiteFile, Checklist) {
    let (mut site, list) = example("full-128.toml");
    name.clone_into(&mut site.site.name);
    for record in site.items.values_mut() {
        if record.status == Status::Deferred || record.status == Status::Pending {
            record.status = Status::Done;
            record.reason = None;
        }
    }
    (site, list)
}

/// Every credential record of `site` dated `at` (as if issued then).
pub fn date_credentials(site: &mut SiteFile, at: &str) {
    for record in site.items.values_mut() {
        if let Some(Answer::Credentials { issued }) = &mut record.answer {
            for entry in issued {
                entry.at = t(at);
            }
        }
    }
    if let Some(handover) = &mut site.handover {
        handover.sealed_at = Some(t(at));
    }
}

/// One probed port.
pub fn port(port: u16, role: Role, transport: Transport, state: PortState) -> PortResult {
    PortResult {
        port,
        system_port: None,
        role,
        transport,
        state,
        elapsed_ms: 3,
        sip: None,
        register: None,
    }
}

/// A SIP port that answered, with the verdict of its REGISTER without credentials.
pub fn sip_port(number: u16, verdict: RegisterVerdict) -> PortResult {
    let mut result = port(number, Role::Sip, Transport::Udp, PortState::Open);
    result.register = Some(RegisterResult {
        verdict,
        status: Some(if verdict == RegisterVerdict::Accepted {
            200
        } else {
            401
        }),
        extension: "999999".into(),
        transport: Transport::Udp,
        unregistered: true,
    });
    result
}

/// A probe from outside at `at` with these ports and findings (severity, item).
pub fn probe(at: &str, ports: Vec<PortResult>, findings: &[(Severity, &str)]) -> ProbeReport {
    ProbeReport {
        at: t(at),
        host: "pbx.example.net".into(),
        address: "192.0.2.10".into(),
        vantage: Vantage::Outside,
        timeout_ms: 800,
        ports,
        findings: findings
            .iter()
            .map(|(severity, item)| Finding {
                severity: *severity,
                item: (*item).into(),
                port: Some(80),
                text: format!("measured against {item}"),
            })
            .collect(),
    }
}

/// Records a call audit run at `at` on `site`, with these alerts (rule, severity, count), as
/// `calls audit --site` saves it: counts per rule, never a number.
pub fn record_call_audit(site: &mut SiteFile, at: &str, alerts: &[(&str, &str, u64)]) {
    site.calls.get_or_insert_default().last_audit = Some(CallAudit {
        at: t(at),
        source: "audit of 1 file".into(),
        period_from: Some("2026-11-01 08:02".into()),
        period_to: Some("2026-11-28 17:41".into()),
        period_note: "year from the file's date".into(),
        records: 4210,
        unreadable: 3,
        alerts: alerts
            .iter()
            .map(|(rule, severity, count)| RuleCount {
                rule: (*rule).into(),
                severity: (*severity).into(),
                item: "toll-class-extensions".into(),
                count: *count,
            })
            .collect(),
        not_applied: Vec::new(),
    });
}

/// Writes `site` as `dir/name`.
pub fn write(dir: &Path, name: &str, site: &SiteFile) {
    std::fs::write(dir.join(name), site.to_toml()).unwrap();
}

/// Runs the real binary in `dir`: exit code, standard output, standard error.
pub fn nec_harden(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = crate::support::command()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
