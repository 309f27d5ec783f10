//! Verdict rules, one per checklist item, from each vantage point.

use super::*;
use crate::probe::model::{RegisterResult, SipAnswer, Transport};

fn admin(port: u16, role: Role, state: PortState) -> PortResult {
    PortResult {
        port,
        system_port: None,
        role,
        transport: Transport::Tcp,
        state,
        elapsed_ms: 1,
        sip: None,
        register: None,
    }
}

fn sip(port: u16, system_port: Option<u16>, register: Option<RegisterVerdict>) -> PortResult {
    PortResult {
        port,
        system_port,
        role: Role::Sip,
        transport: Transport::Udp,
        state: PortState::Open,
        elapsed_ms: 1,
        sip: Some(SipAnswer {
            status: 200,
            reason: "OK".into(),
            server: None,
            user_agent: None,
        }),
        register: register.map(|verdict| RegisterResult {
            verdict,
            status: Some(200),
            extension: "91234567".into(),
            transport: Transport::Udp,
            unregistered: true,
        }),
    }
}

fn summary(findings: &[Finding]) -> Vec<(Severity, &str, Option<u16>)> {
    findings
        .iter()
        .map(|f| (f.severity, f.item.as_str(), f.port))
        .collect()
}

#[test]
fn open_admin_ports_fail_and_closed_or_silent_ones_pass() {
    let results = [
        admin(80, Role::Webpro, PortState::Open),
        admin(8000, Role::Pcpro, PortState::Closed),
        admin(5963, Role::Dimm, PortState::NoAnswer),
    ];
    let findings = judge(&results, Vantage::Outside, &SiteContext::default());
    assert_eq!(
        summary(&findings),
        [(Severity::Failed, ADMIN_ITEM, Some(80))]
    );
    assert!(
        findings[0].text.contains("80/tcp (WebPro)"),
        "{}",
        findings[0].text
    );
}

#[test]
fn inside_reachability_is_info_and_unknown_reads_strictly() {
    let results = [
        admin(80, Role::Webpro, PortState::Open),
        sip(5080, None, None),
    ];
    let inside = judge(&results, Vantage::Inside, &SiteContext::default());
    assert!(
        inside.iter().all(|f| f.severity == Severity::Info),
        "{inside:?}"
    );
    let unknown = judge(&results, Vantage::Unknown, &SiteContext::default());
    assert_eq!(
        summary(&unknown),
        [
            (Severity::Failed, ADMIN_ITEM, Some(80)),
            (Severity::Warning, SIP_FORWARD_ITEM, Some(5080))
        ]
    );
}

#[test]
fn moved_admin_ports_follow_the_remote_maintenance_choice() {
    let results = [
        admin(18080, Role::WebproMoved, PortState::Open),
        admin(28000, Role::PcproMoved, PortState::Open),
    ];
    let site = SiteContext {
        webpro_port: Some(18080),
        pcpro_port: Some(28000),
        remote_maintenance: Some(vec!["webpro".into()]),
        sip_forwarded: None,
    };
    let findings = judge(&results, Vantage::Outside, &site);
    assert_eq!(
        summary(&findings),
        [
            (Severity::Failed, "pcpro-port", Some(28000)),
            (Severity::Info, ADMIN_ITEM, Some(18080))
        ]
    );
}

#[test]
fn sip_ports_are_checked_against_the_forwarded_answer_through_port_mappings() {
    let site = SiteContext {
        sip_forwarded: Some(vec![5060]),
        ..SiteContext::default()
    };
    let results = [sip(15060, Some(5060), None), sip(15080, Some(5080), None)];
    let findings = judge(&results, Vantage::Outside, &site);
    assert_eq!(
        summary(&findings),
        [
            (Severity::Failed, SIP_FORWARD_ITEM, Some(15080)),
            (Severity::Info, SIP_FORWARD_ITEM, Some(15060))
        ]
    );
    assert!(
        findings[0].text.contains("5080 is not forwarded"),
        "{}",
        findings[0].text
    );
}

#[test]
fn an_accepted_register_is_critical_from_anywhere_and_a_challenge_is_info() {
    for vantage in [Vantage::Outside, Vantage::Inside, Vantage::Unknown] {
        let findings = judge(
            &[sip(5080, None, Some(RegisterVerdict::Accepted))],
            vantage,
            &SiteContext::default(),
        );
        assert_eq!(findings[0].severity, Severity::Critical, "{vantage}");
        assert_eq!(findings[0].item, REGISTER_ITEM);
        assert!(findings[0].text.contains("10-46-01"));
    }
    let findings = judge(
        &[sip(5080, None, Some(RegisterVerdict::Challenged))],
        Vantage::Outside,
        &SiteContext {
            sip_forwarded: Some(vec![5080]),
            ..SiteContext::default()
        },
    );
    assert!(findings.iter().all(|f| !f.severity.fails()), "{findings:?}");
}

#[test]
fn nothing_answering_gives_no_finding() {
    let mut silent = sip(5060, None, None);
    silent.state = PortState::NoAnswer;
    silent.sip = None;
    let results = [admin(80, Role::Webpro, PortState::NoAnswer), silent];
    assert!(judge(&results, Vantage::Outside, &SiteContext::default()).is_empty());
}
