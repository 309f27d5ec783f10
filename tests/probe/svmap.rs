//! Cross-check with SIPVicious `svmap`: on loopback it finds the same SIP servers, with the
//! same product names, as the probe's UDP OPTIONS, and nothing on a silent port.

use std::collections::BTreeSet;
use std::net::UdpSocket;
use std::process::Command;

use nec_harden::probe::{Plan, PortState, Probe, ProbeOptions, SiteContext, Transport, Vantage};

use super::fixtures::{Kamailio, LOOPBACK, TIMEOUT, tool_available};

/// svmap's table rows: `| 127.0.0.1:PORT | User Agent |`.
fn svmap_rows(output: &str) -> BTreeSet<(u16, String)> {
    output
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let port = cells.get(1)?.strip_prefix("127.0.0.1:")?.parse().ok()?;
            Some((port, (*cells.get(2)?).to_owned()))
        })
        .collect()
}

#[test]
fn svmap_sees_the_sip_servers_the_probe_sees() {
    if !tool_available("kamailio", "kamailio")
        || !tool_available("sipvicious_svmap", "SIPVicious (pip install sipvicious)")
    {
        return;
    }
    let open = Kamailio::start(false);
    let challenging = Kamailio::start(true);
    let silent = UdpSocket::bind((LOOPBACK, 0)).unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let ports = [open.port, challenging.port, silent_port];

    let list: Vec<String> = ports.iter().map(|p| format!("sip:{p}")).collect();
    let plan = Plan::with_ports(&list.join(","), SiteContext::default()).unwrap();
    let options = ProbeOptions {
        timeout: TIMEOUT,
        vantage: Vantage::Inside,
        avoid_extensions: Vec::new(),
    };
    let report = Probe::new("127.0.0.1", plan, options).unwrap().run(|_| {});
    let ours: BTreeSet<(u16, String)> = report
        .ports
        .iter()
        .filter(|p| p.transport == Transport::Udp && p.state == PortState::Open)
        .filter_map(|p| Some((p.port, p.sip.as_ref()?.product()?.to_owned())))
        .collect();

    let home = tempfile::tempdir().unwrap();
    let port_list: Vec<String> = ports.iter().map(u16::to_string).collect();
    let out = Command::new("sipvicious_svmap")
        .arg(format!("-p{}", port_list.join(",")))
        .arg("127.0.0.1")
        .env("HOME", home.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let theirs = svmap_rows(&text);

    assert_eq!(ours.len(), 2, "{:?}", report.ports);
    assert_eq!(
        ours,
        theirs,
        "svmap said:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!theirs.iter().any(|(p, _)| *p == silent_port));
}
