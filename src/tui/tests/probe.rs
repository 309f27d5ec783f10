//! The probe from the walk: the form, a fake run fed through the worker's channel (no network),
//! the findings beside their items, and one real run against listeners on 127.0.0.1 only.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{go_to, press, screen, type_text, walking};
use crate::probe::{Finding, ProbeReport, Progress, Severity, Vantage};
use crate::site::{SiteFile, Timestamp};
use crate::tui::probe::{ProbeState, WorkerMsg};
use crate::tui::walk::Overlay;
use crate::tui::{App, Msg};

/// A recorded run: 8000 open from outside, 5080 accepting a REGISTER.
pub fn fake_report() -> ProbeReport {
    ProbeReport {
        at: Timestamp::from_unix_seconds(1_795_000_000),
        host: "pbx.example.net".into(),
        address: "203.0.113.7".into(),
        vantage: Vantage::Outside,
        timeout_ms: 1500,
        ports: Vec::new(),
        findings: vec![
            Finding {
                severity: Severity::Critical,
                item: "sip-register-mode".into(),
                port: Some(5080),
                text: "5080 accepted a REGISTER without credentials: set 10-46-01 to manual."
                    .into(),
            },
            Finding {
                severity: Severity::Failed,
                item: "admin-ports-blocked".into(),
                port: Some(8000),
                text: "PCPro answers on 8000 from the internet: block it on the router.".into(),
            },
        ],
    }
}

/// Puts the app into a running probe fed by the returned sender.
pub fn fake_run(app: &mut App) -> mpsc::Sender<WorkerMsg> {
    let (tx, rx) = mpsc::channel();
    *app.overlay_mut().expect("on the walk") = Some(Overlay::Probe(ProbeState::Running {
        host: "pbx.example.net".into(),
        progress: None,
        rx,
    }));
    tx
}

fn progress(done: usize) -> WorkerMsg {
    WorkerMsg::Progress(Progress {
        done,
        total: 12,
        step: "5080/udp OPTIONS".into(),
    })
}

#[test]
fn p_opens_the_form_only_on_the_network_items_it_measures() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "router-upnp-off");
    assert!(!screen(&app, 120, 40).contains("p probe"));
    press(&mut app, Msg::Char('p'));
    assert!(app.probe_state().is_none());
    for id in [
        "admin-ports-blocked",
        "sip-ports-forwarded",
        "sip-register-mode",
    ] {
        go_to(&mut app, id);
        assert!(screen(&app, 120, 40).contains("p probe"), "{id}");
        press(&mut app, Msg::Char('p'));
        assert!(
            matches!(app.probe_state(), Some(ProbeState::Form { .. })),
            "{id}"
        );
        assert!(app.typing(), "the host is typed text");
        press(&mut app, Msg::Esc);
        assert!(app.probe_state().is_none());
    }
}

#[test]
fn the_form_needs_a_host_and_recommends_outside() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    press(&mut app, Msg::Char('p'));
    press(&mut app, Msg::Enter);
    assert!(screen(&app, 120, 40).contains("Type the customer's public address"));
    let Some(ProbeState::Form { vantage, .. }) = app.probe_state() else {
        panic!("form");
    };
    assert_eq!(*vantage, Vantage::Outside);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Right);
    let Some(ProbeState::Form { vantage, .. }) = app.probe_state() else {
        panic!("form");
    };
    assert_eq!(*vantage, Vantage::Inside);
}

#[test]
fn a_finished_run_is_recorded_saved_and_shown_beside_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    let tx = fake_run(&mut app);
    assert!(app.waiting());
    tx.send(progress(3)).unwrap();
    assert!(app.tick());
    assert!(screen(&app, 80, 24).contains("3/12 5080/udp OPTIONS"));
    assert!(!app.tick(), "nothing new");
    tx.send(WorkerMsg::Done(Ok(fake_report()))).unwrap();
    assert!(app.tick());
    assert!(!app.waiting());
    assert!(!app.flush());
    let path = app.session().unwrap().path.clone();
    let (saved, _) = SiteFile::load(&path, None).unwrap();
    assert_eq!(saved.probe, Some(fake_report()));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("PCPro answers on 8000"), "{shown}");
    assert!(!shown.contains("REGISTER without credentials"), "{shown}");
    go_to(&mut app, "sip-register-mode");
    assert!(screen(&app, 120, 40).contains("REGISTER without"));
    go_to(&mut app, "sip-ports-forwarded");
    assert!(screen(&app, 120, 40).contains("no finding for this item"));
}

#[test]
fn esc_stops_waiting_and_the_late_result_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    let tx = fake_run(&mut app);
    press(&mut app, Msg::Char('d'));
    assert!(app.waiting(), "keys other than Esc wait");
    press(&mut app, Msg::Esc);
    assert!(!app.waiting());
    assert!(tx.send(WorkerMsg::Done(Ok(fake_report()))).is_err());
    assert!(!app.tick());
    assert_eq!(app.session().unwrap().site.probe, None);
}

#[test]
fn a_failed_start_or_a_vanished_worker_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "admin-ports-blocked");
    let tx = fake_run(&mut app);
    tx.send(WorkerMsg::Done(Err("no.such.host: cannot resolve".into())))
        .unwrap();
    app.tick();
    assert!(app.notice().unwrap().error);
    assert!(app.notice().unwrap().text.contains("cannot resolve"));
    let tx = fake_run(&mut app);
    drop(tx);
    app.tick();
    assert!(!app.waiting());
    assert!(app.notice().unwrap().error);
}

/// A real run on the worker thread, against 127.0.0.1 only: one admin port a listener of this
/// test holds open, one it has just closed.
#[test]
fn a_real_run_on_the_loopback_finds_the_open_admin_port() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    let open = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let open_port = open.local_addr().unwrap().port();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    app.probe_ports = Some(format!("tcp:{open_port},tcp:{closed_port}"));
    go_to(&mut app, "admin-ports-blocked");
    press(&mut app, Msg::Char('p'));
    type_text(&mut app, "127.0.0.1");
    press(&mut app, Msg::Enter);
    assert!(app.waiting());
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.waiting() {
        assert!(Instant::now() < deadline, "the probe did not finish");
        app.tick();
        std::thread::sleep(Duration::from_millis(10));
    }
    let report = app.session().unwrap().site.probe.clone().expect("recorded");
    assert_eq!(report.address, "127.0.0.1");
    let state = |port: u16| report.ports.iter().find(|p| p.port == port).unwrap().state;
    assert_eq!(state(open_port), crate::probe::PortState::Open);
    assert_ne!(state(closed_port), crate::probe::PortState::Open);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.item == "admin-ports-blocked" && f.port == Some(open_port)),
        "{:?}",
        report.findings
    );
}
