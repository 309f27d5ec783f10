//! The probe against plain loopback sockets: a listening TCP port, a closed port, a silent UDP
//! port, a TCP port that accepts but never answers SIP, a UDP port that answers only the
//! retransmission, and one that answers something other than SIP.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use nec_harden::probe::{
    Plan, PortState, Probe, ProbeOptions, ProbeReport, Role, Severity, SiteContext, Transport,
    Vantage, sip,
};

use super::fixtures::{LOOPBACK, TIMEOUT, free_port};

fn run(ports: &str) -> ProbeReport {
    let options = ProbeOptions {
        timeout: TIMEOUT,
        vantage: Vantage::Outside,
        avoid_extensions: Vec::new(),
    };
    let plan = Plan::with_ports(ports, SiteContext::default()).unwrap();
    Probe::new("127.0.0.1", plan, options).unwrap().run(|_| {})
}

/// A UDP socket on `port` that answers nothing and reports how many datagrams reached it
/// (until `quiet` passes without one).
fn silent_udp(socket: UdpSocket, quiet: Duration) -> mpsc::Receiver<usize> {
    let (tx, rx) = mpsc::channel();
    socket.set_read_timeout(Some(quiet)).unwrap();
    thread::spawn(move || {
        let mut buf = [0u8; 2048];
        let mut count = 0;
        while socket.recv(&mut buf).is_ok() {
            count += 1;
        }
        let _ = tx.send(count);
    });
    rx
}

#[test]
fn admin_ports_open_closed_and_silent() {
    let listener = TcpListener::bind((LOOPBACK, 0)).unwrap();
    let open = listener.local_addr().unwrap().port();
    let closed = free_port();
    let started = Instant::now();
    let report = run(&format!("tcp:{open}=80,{closed}"));
    assert!(started.elapsed() < TIMEOUT * 4, "{:?}", started.elapsed());
    let states: Vec<(u16, Role, PortState)> = report
        .ports
        .iter()
        .map(|p| (p.port, p.role, p.state))
        .collect();
    assert_eq!(
        states,
        [
            (open, Role::Webpro, PortState::Open),
            (closed, Role::OtherTcp, PortState::Closed)
        ]
    );
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].item, "admin-ports-blocked");
    assert_eq!(report.findings[0].severity, Severity::Failed);
    assert!(report.failed());
}

#[test]
fn a_silent_udp_port_gets_two_packets_and_no_answer() {
    let socket = UdpSocket::bind((LOOPBACK, 0)).unwrap();
    let port = socket.local_addr().unwrap().port();
    let received = silent_udp(socket, TIMEOUT * 3);
    let report = run(&format!("sip:{port}"));
    let udp = &report.ports[0];
    assert_eq!(
        (udp.transport, udp.state),
        (Transport::Udp, PortState::NoAnswer)
    );
    assert!(
        udp.elapsed_ms >= u64::try_from(TIMEOUT.as_millis()).unwrap(),
        "{udp:?}"
    );
    assert!(udp.register.is_none());
    assert_eq!(
        report.ports[1].state,
        PortState::Closed,
        "nothing listens on TCP"
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(!report.failed());
    assert_eq!(
        received.recv().unwrap(),
        2,
        "one OPTIONS and one retransmission"
    );
}

#[test]
fn a_tcp_port_that_never_answers_sip_times_out_as_open_without_sip() {
    let listener = TcpListener::bind((LOOPBACK, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and read, never answer, so the probe's read deadline is what ends the exchange.
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
            });
        }
    });
    let started = Instant::now();
    let found = sip::options(SocketAddr::from((LOOPBACK, port)), Transport::Tcp, TIMEOUT);
    assert!(started.elapsed() >= TIMEOUT, "waited for the answer");
    assert!(started.elapsed() < TIMEOUT * 3, "{:?}", started.elapsed());
    assert_eq!(found.state, PortState::Open);
    assert_eq!(found.answer, None);
    let report = run(&format!("sip:{port}"));
    let tcp = report
        .ports
        .iter()
        .find(|p| p.transport == Transport::Tcp)
        .unwrap();
    assert_eq!((tcp.state, tcp.sip.as_ref()), (PortState::Open, None));
    assert!(
        report.ports.iter().all(|p| p.register.is_none()),
        "no REGISTER without a SIP answer"
    );
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| (f.severity, f.item.as_str()))
            .collect::<Vec<_>>(),
        [(Severity::Warning, "sip-ports-forwarded")]
    );
}

/// The value of `name:` in a request (first match, case-insensitive).
fn header<'a>(request: &'a str, name: &str) -> &'a str {
    request
        .lines()
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
        .unwrap_or_default()
}

#[test]
fn a_lost_first_packet_is_recovered_by_the_retransmission() {
    let socket = UdpSocket::bind((LOOPBACK, 0)).unwrap();
    let addr = socket.local_addr().unwrap();
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let _first = socket.recv_from(&mut buf).unwrap();
        let (n, from) = socket.recv_from(&mut buf).unwrap();
        let request = String::from_utf8_lossy(&buf[..n]).into_owned();
        let reply = format!(
            "SIP/2.0 200 OK\r\nVia: {}\r\nCall-ID: {}\r\nCSeq: {}\r\nUser-Agent: Test PBX\r\nContent-Length: 0\r\n\r\n",
            header(&request, "via"),
            header(&request, "call-id"),
            header(&request, "cseq")
        );
        socket.send_to(reply.as_bytes(), from).unwrap();
    });
    let found = sip::options(addr, Transport::Udp, TIMEOUT);
    assert_eq!(found.state, PortState::Open);
    let answer = found.answer.expect("answered the retransmission");
    assert_eq!(answer.user_agent.as_deref(), Some("Test PBX"));
    assert!(found.elapsed >= TIMEOUT / 2, "{:?}", found.elapsed);
}

#[test]
fn a_udp_port_answering_something_else_is_open_but_not_sip() {
    let socket = UdpSocket::bind((LOOPBACK, 0)).unwrap();
    let addr = socket.local_addr().unwrap();
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok((_, from)) = socket.recv_from(&mut buf) {
            let _ = socket.send_to(b"HTTP/1.1 400 Bad Request\r\n\r\n", from);
        }
    });
    let found = sip::options(addr, Transport::Udp, TIMEOUT);
    assert_eq!((found.state, found.answer), (PortState::Open, None));
}

#[test]
fn ipv6_loopback_in_brackets_or_bare() {
    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        eprintln!("SKIPPED: no IPv6 loopback on this machine");
        return;
    };
    let port = listener.local_addr().unwrap().port();
    for host in ["::1", "[::1]"] {
        let plan = Plan::with_ports(&format!("tcp:{port}=8000"), SiteContext::default()).unwrap();
        let options = ProbeOptions {
            timeout: TIMEOUT,
            vantage: Vantage::Outside,
            avoid_extensions: Vec::new(),
        };
        let report = Probe::new(host, plan, options).unwrap().run(|_| {});
        assert_eq!(report.address, "::1");
        assert_eq!(
            (report.ports[0].role, report.ports[0].state),
            (Role::Pcpro, PortState::Open)
        );
    }
}

/// A TCP SIP server that answers each request with `reply(request, first_request)`.
fn tcp_sip_server(reply: fn(&str, &str) -> String) -> SocketAddr {
    let listener = TcpListener::bind((LOOPBACK, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let mut first: Option<String> = None;
                let mut buf = [0u8; 8192];
                while let Ok(n) = stream.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let request = String::from_utf8_lossy(&buf[..n]).into_owned();
                    let first = first.get_or_insert_with(|| request.clone()).clone();
                    let answer = reply(&request, &first);
                    if std::io::Write::write_all(&mut stream, answer.as_bytes()).is_err() {
                        break;
                    }
                }
            });
        }
    });
    addr
}

/// Runs `f` on a thread and waits for it: a hang fails the test instead of stalling the run
/// (the bound is far above any deadline in these tests; it measures nothing).
fn finishes<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(120))
        .expect("the probe never returned (a loop that ignores its deadline)")
}

#[test]
fn a_content_length_near_u64_max_neither_wraps_nor_spins() {
    let addr = tcp_sip_server(|request, _| {
        format!(
            "SIP/2.0 200 OK\r\nVia: {}\r\nCall-ID: {}\r\nCSeq: {}\r\nContent-Length: 18446744073709551531\r\n\r\n",
            header(request, "via"),
            header(request, "call-id"),
            header(request, "cseq")
        )
    });
    let found = finishes(move || sip::options(addr, Transport::Tcp, TIMEOUT));
    assert_eq!(found.state, PortState::Open);
    assert_eq!(found.answer, None, "a hostile length is no SIP answer");
}

fn ok_to(request: &str, cseq: &str) -> String {
    format!(
        "SIP/2.0 200 OK\r\nVia: {}\r\nCall-ID: {}\r\nCSeq: {cseq}\r\nContact: <sip:x@127.0.0.1>;expires=60\r\nContent-Length: 0\r\n\r\n",
        header(request, "via"),
        header(request, "call-id"),
    )
}

#[test]
fn a_repeated_first_200_does_not_count_as_the_removal() {
    // Every answer repeats the 200 to the first REGISTER (CSeq 1), as a hostile or broken
    // server could: the removal (CSeq 2) is not confirmed by it.
    let repeating = tcp_sip_server(|request, first| ok_to(request, header(first, "cseq")));
    let result = finishes(move || sip::register(repeating, Transport::Tcp, TIMEOUT, "999"));
    assert_eq!(result.status, Some(200));
    assert!(!result.unregistered, "claimed a removal nobody confirmed");

    // A server that answers each request as asked confirms the removal.
    let honest = tcp_sip_server(|request, _| ok_to(request, header(request, "cseq")));
    let result = finishes(move || sip::register(honest, Transport::Tcp, TIMEOUT, "999"));
    assert!(result.unregistered);
}
