//! The short SMDR watch from the walk: the form on the call-record items only, a fake run fed
//! through the worker's channel (no network), the verdict recorded in the site file and shown
//! beside the item, the item its alert points at failed, Esc, and snapshots at 80x24.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::{go_to, press, screen, type_text, walking};
use crate::calls::Audit;
use crate::calls::short_watch::{Progress, site_options};
use crate::coverage::ItemStatus;
use crate::site::SiteFile;
use crate::tui::smdr::{SmdrState, StopOnDrop, WorkerMsg};
use crate::tui::walk::Overlay;
use crate::tui::{App, Msg};

/// Puts the app into a running watch fed by the returned sender; the flag is the worker's.
fn fake_run(app: &mut App) -> (mpsc::Sender<WorkerMsg>, Arc<AtomicBool>) {
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    *app.overlay_mut().expect("on the walk") = Some(Overlay::Smdr(SmdrState::Running {
        address: "192.0.2.10:60010".into(),
        progress: None,
        beats: 0,
        rx,
        stop: StopOnDrop(Arc::clone(&stop)),
    }));
    (tx, stop)
}

/// The audit of a backlog with office calls and one call from InMail port 215 abroad.
fn backlog_audit(app: &App) -> Audit {
    let site = &app.session().unwrap().site;
    let mut audit = Audit::new(site_options(site, 2026).unwrap());
    audit.start_input(0);
    let line = |time: &str, station: &str, number: &str| {
        format!("POT  {time} 11/10 001  00:02:00 {station:<10} {number:<20}\n")
    };
    let mut text = line("10:52", "101", "0299998888");
    text.push_str(&line("11:03", "102", "0299997777"));
    text.push_str(&line("02:13", "215", "00882123456789"));
    audit.feed(text.as_bytes());
    audit.finish_input();
    audit
}

#[test]
fn w_on_an_item_the_call_audit_failed_records_why_the_calls_are_not_fraud() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    let (tx, _stop) = fake_run(&mut app);
    tx.send(WorkerMsg::Done(Box::new(Ok(backlog_audit(&app)))))
        .unwrap();
    assert!(app.tick());
    go_to(&mut app, "inmail-trunk-access");
    assert!(screen(&app, 120, 40).contains("or press w to record why"));
    press(&mut app, Msg::Char('w'));
    assert!(app.typing(), "w asks for the reason");
    assert!(screen(&app, 120, 40).contains("Why are these calls not fraud"));
    type_text(
        &mut app,
        "port 215 calls the on-call engineer abroad, approved",
    );
    press(&mut app, Msg::Enter);
    assert!(screen(&app, 120, 40).contains("Recorded why these calls are not fraud"));
    let s = app.session().unwrap();
    let i = (0..s.rows().len())
        .find(|&i| s.item(i).id == "inmail-trunk-access")
        .unwrap();
    assert!(!matches!(s.rows()[i].computed, ItemStatus::Failed { .. }));
    assert!(!app.flush());
    let (saved, _) = SiteFile::load(&app.session().unwrap().path, None).unwrap();
    let waiver = saved.items["inmail-trunk-access"]
        .alerts_waived
        .clone()
        .expect("the waiver is saved");
    assert_eq!(
        waiver.audit_at,
        saved.calls.unwrap().last_audit.unwrap().at,
        "tied to the audit it answers"
    );
}

#[test]
fn s_opens_the_form_only_on_the_call_record_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "router-upnp-off");
    assert!(!screen(&app, 120, 40).contains("s SMDR watch"));
    press(&mut app, Msg::Char('s'));
    assert!(app.smdr_state().is_none());
    for id in ["smdr-on", "smdr-watched"] {
        go_to(&mut app, id);
        assert!(screen(&app, 120, 40).contains("s SMDR watch"), "{id}");
        press(&mut app, Msg::Char('s'));
        assert!(
            matches!(app.smdr_state(), Some(SmdrState::Form { .. })),
            "{id}"
        );
        assert!(app.typing(), "the address is typed text");
        press(&mut app, Msg::Esc);
        assert!(app.smdr_state().is_none());
    }
}

#[test]
fn the_form_needs_an_address_that_parses() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    press(&mut app, Msg::Char('s'));
    press(&mut app, Msg::Enter);
    assert!(screen(&app, 120, 40).contains("Type the system's LAN address"));
    type_text(&mut app, "pbx:99999");
    press(&mut app, Msg::Enter);
    assert!(screen(&app, 120, 40).contains("expected HOST or HOST:PORT"));
    assert!(!app.waiting());
}

#[test]
fn a_finished_watch_is_recorded_shown_beside_the_item_and_fails_the_item_it_points_at() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    let (tx, _stop) = fake_run(&mut app);
    assert!(app.waiting());
    tx.send(WorkerMsg::Progress(Progress::Received {
        records: 40,
        alerts: 1,
    }))
    .unwrap();
    assert!(app.tick());
    assert!(screen(&app, 80, 24).contains("40 records, 1 alerts so far"));
    let audit = backlog_audit(&app);
    tx.send(WorkerMsg::Done(Box::new(Ok(audit)))).unwrap();
    assert!(app.tick());
    assert!(!app.waiting());
    assert!(!app.flush());
    let path = app.session().unwrap().path.clone();
    let (saved, list) = SiteFile::load(&path, None).unwrap();
    let calls = saved.calls.clone().expect("[calls]");
    let recorded = calls.last_audit.expect("[calls.last_audit]");
    assert_eq!(recorded.source, "watch of 192.0.2.10:60010");
    assert_eq!(recorded.records, 3);
    assert!(
        recorded
            .alerts
            .iter()
            .any(|a| a.rule == "voicemail-port" && a.item == "inmail-trunk-access")
    );
    assert_eq!(
        calls.settings.and_then(|s| s.smdr_address).as_deref(),
        Some("192.0.2.10:60010")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("882123456789"), "a number in the site file");
    // The verdict beside the item, the failure on the item the alert points at.
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("critical 1: voicemail-port → inmail-trunk-access"),
        "{shown}"
    );
    let item = list.item("inmail-trunk-access").unwrap();
    assert!(matches!(
        crate::coverage::item_status(&list, &saved, item),
        ItemStatus::Failed { .. }
    ));
    go_to(&mut app, "inmail-trunk-access");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("failed (measured)"), "{shown}");
    assert!(
        shown.contains("The call records show this door used"),
        "{shown}"
    );
}

#[test]
fn the_next_watch_offers_the_address_that_worked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-on");
    let (tx, _stop) = fake_run(&mut app);
    let audit = backlog_audit(&app);
    tx.send(WorkerMsg::Done(Box::new(Ok(audit)))).unwrap();
    app.tick();
    press(&mut app, Msg::Char('s'));
    let Some(SmdrState::Form { address, .. }) = app.smdr_state() else {
        panic!("form");
    };
    assert_eq!(address.value(), "192.0.2.10:60010");
}

#[test]
fn esc_stops_the_worker_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    let (tx, stop) = fake_run(&mut app);
    press(&mut app, Msg::Char('d'));
    assert!(app.waiting(), "keys other than Esc wait");
    press(&mut app, Msg::Esc);
    assert!(!app.waiting());
    assert!(stop.load(Ordering::Relaxed), "the worker is told to stop");
    let audit = backlog_audit(&app);
    assert!(tx.send(WorkerMsg::Done(Box::new(Ok(audit)))).is_err());
    assert!(!app.tick());
    assert_eq!(app.session().unwrap().site.calls, None);
}

#[test]
fn a_watch_without_verdict_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    let (tx, _stop) = fake_run(&mut app);
    tx.send(WorkerMsg::Done(Box::new(Err(
        "192.0.2.10:60010: could not connect in 20 s: refused".into(),
    ))))
    .unwrap();
    app.tick();
    let notice = app.notice().unwrap();
    assert!(notice.error && notice.text.contains("could not connect"));
    assert_eq!(app.session().unwrap().site.calls, None);
}

#[test]
fn snapshots_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "smdr-watched");
    insta::assert_snapshot!("smdr_item_80x24", screen(&app, 80, 24));
    press(&mut app, Msg::Char('s'));
    type_text(&mut app, "192.0.2.10");
    insta::assert_snapshot!("smdr_form_80x24", screen(&app, 80, 24));
    let (tx, _stop) = fake_run(&mut app);
    tx.send(WorkerMsg::Progress(Progress::Received {
        records: 812,
        alerts: 2,
    }))
    .unwrap();
    app.tick();
    insta::assert_snapshot!("smdr_running_80x24", screen(&app, 80, 24));
    let audit = backlog_audit(&app);
    tx.send(WorkerMsg::Done(Box::new(Ok(audit)))).unwrap();
    app.tick();
    insta::assert_snapshot!("smdr_verdict_80x24", screen(&app, 80, 24));
    go_to(&mut app, "inmail-trunk-access");
    insta::assert_snapshot!("smdr_failed_item_80x24", screen(&app, 80, 24));
}
