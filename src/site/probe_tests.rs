//! The site file's optional `[probe]` table: round trips, and refusal of unknown keys.

use proptest::prelude::*;

use super::*;
use crate::checklist;
use crate::nec::Model;
use crate::probe::{
    Finding, PortResult, PortState, ProbeReport, RegisterResult, RegisterVerdict, Role, Severity,
    SipAnswer, Transport, Vantage,
};

const SMALL: &str = include_str!("../../checklists/examples/small-office.toml");

fn report(server: &str, text: &str) -> ProbeReport {
    ProbeReport {
        at: Timestamp::from_unix_seconds(1_795_000_000),
        host: "pbx.example.net".into(),
        address: "203.0.113.7".into(),
        vantage: Vantage::Outside,
        timeout_ms: 1500,
        ports: vec![
            PortResult {
                port: 80,
                system_port: None,
                role: Role::Webpro,
                transport: Transport::Tcp,
                state: PortState::Closed,
                elapsed_ms: 3,
                sip: None,
                register: None,
            },
            PortResult {
                port: 15080,
                system_port: Some(5080),
                role: Role::Sip,
                transport: Transport::Udp,
                state: PortState::Open,
                elapsed_ms: 40,
                sip: Some(SipAnswer {
                    status: 200,
                    reason: "OK".into(),
                    server: Some(server.to_owned()),
                    user_agent: None,
                }),
                register: Some(RegisterResult {
                    verdict: RegisterVerdict::Accepted,
                    status: Some(200),
                    extension: "91234567".into(),
                    transport: Transport::Udp,
                    unregistered: true,
                }),
            },
        ],
        findings: vec![Finding {
            severity: Severity::Critical,
            item: "sip-register-mode".into(),
            port: Some(15080),
            text: text.to_owned(),
        }],
    }
}

fn sl2100() -> Checklist {
    checklist::builtin(Model::Sl2100)
}

#[test]
fn a_probe_table_round_trips_and_files_without_one_still_load() {
    let mut site = SiteFile::parse(SMALL, "small", &sl2100()).unwrap();
    assert_eq!(site.probe, None);
    assert!(!site.to_toml().contains("[probe]"));
    site.probe = Some(report("NEC SL2100", "accepted"));
    let text = site.to_toml();
    assert!(
        text.contains("[probe]") && text.contains("[[probe.port]]"),
        "{text}"
    );
    assert!(text.starts_with("format = 1\n"));
    let again = SiteFile::parse(&text, "small", &sl2100()).unwrap();
    assert_eq!(again, site);
}

#[test]
fn unknown_keys_in_the_probe_table_are_refused() {
    let mut site = SiteFile::parse(SMALL, "small", &sl2100()).unwrap();
    site.probe = Some(report("x", "y"));
    let text = site.to_toml().replace(
        "vantage = \"outside\"",
        "vantage = \"outside\"\npassword = \"x\"",
    );
    let err = SiteFile::parse(&text, "S.toml", &sl2100())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("S.toml:") && err.contains("password"),
        "{err}"
    );
    let text = site
        .to_toml()
        .replace("vantage = \"outside\"", "vantage = \"moon\"");
    let err = SiteFile::parse(&text, "S.toml", &sl2100())
        .unwrap_err()
        .to_string();
    assert!(err.contains("moon") || err.contains("variant"), "{err}");
}

proptest! {
    #[test]
    fn arbitrary_probe_text_round_trips(server in "\\PC{0,40}", text in "\\PC{0,80}") {
        let mut site = SiteFile::parse(SMALL, "small", &sl2100()).unwrap();
        site.probe = Some(report(&server, &text));
        let loaded = SiteFile::parse(&site.to_toml(), "p.toml", &sl2100());
        prop_assert_eq!(loaded.map_err(|e| e.to_string()), Ok(site));
    }
}
