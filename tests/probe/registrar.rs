//! The probe against real Kamailio registrars on loopback: one that accepts any REGISTER (as
//! 10-46-01 Plug-and-Play does) and one that challenges it.

use nec_harden::probe::{
    Plan, PortState, Probe, ProbeOptions, RegisterVerdict, Severity, SiteContext, Transport,
    Vantage,
};

use super::fixtures::{Kamailio, TIMEOUT, tool_available};

fn probe(ports: &str, site: SiteContext, vantage: Vantage) -> nec_harden::probe::ProbeReport {
    let plan = Plan::with_ports(ports, site).unwrap();
    let options = ProbeOptions {
        timeout: TIMEOUT,
        vantage,
        avoid_extensions: Vec::new(),
    };
    let mut steps = Vec::new();
    let report = Probe::new("127.0.0.1", plan, options)
        .unwrap()
        .run(|p| steps.push((p.done, p.total)));
    // Progress reaches its total exactly once, counting up.
    assert_eq!(
        steps.last().map(|s| s.0),
        steps.last().map(|s| s.1),
        "{steps:?}"
    );
    assert!(steps.windows(2).all(|w| w[1].0 == w[0].0 + 1), "{steps:?}");
    report
}

#[test]
fn a_registrar_accepting_register_without_credentials_is_critical() {
    if !tool_available("kamailio", "kamailio") {
        return;
    }
    let open = Kamailio::start(false);
    let site = SiteContext {
        sip_forwarded: Some(vec![5060]),
        ..SiteContext::default()
    };
    let report = probe(&format!("sip:{}=5080", open.port), site, Vantage::Outside);
    assert_eq!(report.ports.len(), 2);
    for port in &report.ports {
        assert_eq!(port.state, PortState::Open, "{port:?}");
        let answer = port.sip.as_ref().expect("OPTIONS answered");
        assert_eq!(answer.status, 200);
        assert!(
            answer
                .server
                .as_deref()
                .unwrap_or("")
                .starts_with("kamailio"),
            "{answer:?}"
        );
    }
    let udp = report
        .ports
        .iter()
        .find(|p| p.transport == Transport::Udp)
        .unwrap();
    let register = udp.register.as_ref().expect("one REGISTER, over UDP");
    assert_eq!(
        (register.verdict, register.status),
        (RegisterVerdict::Accepted, Some(200))
    );
    assert!(register.unregistered, "the binding is removed again");
    let tcp = report
        .ports
        .iter()
        .find(|p| p.transport == Transport::Tcp)
        .unwrap();
    assert!(tcp.register.is_none(), "only one REGISTER per port");
    let verdicts: Vec<(Severity, &str)> = report
        .findings
        .iter()
        .map(|f| (f.severity, f.item.as_str()))
        .collect();
    assert_eq!(
        verdicts,
        [
            (Severity::Critical, "sip-register-mode"),
            (Severity::Failed, "sip-ports-forwarded")
        ]
    );
    assert!(report.failed());
}

#[test]
fn a_registrar_challenging_register_passes() {
    if !tool_available("kamailio", "kamailio") {
        return;
    }
    let challenging = Kamailio::start(true);
    let site = SiteContext {
        sip_forwarded: Some(vec![5080]),
        ..SiteContext::default()
    };
    let report = probe(
        &format!("sip:{}=5080", challenging.port),
        site,
        Vantage::Outside,
    );
    let register = report
        .ports
        .iter()
        .find_map(|p| p.register.as_ref())
        .expect("a REGISTER was sent");
    assert_eq!(
        (register.verdict, register.status),
        (RegisterVerdict::Challenged, Some(401))
    );
    assert!(!report.failed(), "{:?}", report.findings);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.item == "sip-register-mode" && f.severity == Severity::Info)
    );
}

#[test]
fn register_also_works_over_tcp() {
    if !tool_available("kamailio", "kamailio") {
        return;
    }
    let open = Kamailio::start(false);
    let result = nec_harden::probe::sip::register(open.addr(), Transport::Tcp, TIMEOUT, "91234567");
    assert_eq!(result.verdict, RegisterVerdict::Accepted);
    assert!(result.unregistered);
}
