//! `calls watch` against a fake SMDR server on loopback: the backlog, alerts printed as they
//! happen, a slow drip, a dropped link and the reconnection, garbage and oversized lines, a
//! server that never sends, nothing listening, `--save` and `--site`.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::generator::{GenRecord, Generator, MANUAL, file};
use crate::support::{self, example_site};

/// What the server does on one connection.
pub(super) enum Step {
    /// Send these bytes at once.
    Send(Vec<u8>),
    /// Send these bytes one at a time, with a pause between them.
    Drip(Vec<u8>),
    /// Wait for the test's go-ahead (or give up after a while).
    Wait(mpsc::Receiver<()>),
    /// Read until the client hangs up.
    HoldUntilClosed,
}

/// A fake SMDR server: one list of steps per connection, in order; the listener closes after
/// the last one.
pub(super) struct FakeSmdr {
    pub(super) port: u16,
    pub(super) done: thread::JoinHandle<()>,
}

pub(super) fn serve(connections: Vec<Vec<Step>>) -> FakeSmdr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let done = thread::spawn(move || {
        for steps in connections {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            for step in steps {
                if run_step(&mut stream, step).is_err() {
                    break;
                }
            }
        }
    });
    FakeSmdr { port, done }
}

fn run_step(stream: &mut TcpStream, step: Step) -> std::io::Result<()> {
    match step {
        Step::Send(bytes) => stream.write_all(&bytes),
        Step::Drip(bytes) => {
            for b in bytes {
                stream.write_all(&[b])?;
                thread::sleep(Duration::from_micros(300));
            }
            Ok(())
        }
        Step::Wait(go) => {
            let _ = go.recv_timeout(Duration::from_secs(20));
            Ok(())
        }
        Step::HoldUntilClosed => {
            let mut sink = [0u8; 64];
            while stream.read(&mut sink)? > 0 {}
            Ok(())
        }
    }
}

fn watch(port: u16, extra: &[&str]) -> Child {
    crate::support::command()
        .args(["calls", "watch", &format!("127.0.0.1:{port}")])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(super) fn fraud() -> GenRecord {
    GenRecord::call(11, 14, 2, 10, "215", "00882123456789").lasting(7200)
}

/// The alerts `calls audit --format json` finds in `bytes`, as JSON lines.
fn audited(bytes: &[u8]) -> Vec<serde_json::Value> {
    let out = support::run(
        crate::args!["calls", "audit", "-", "--format", "json"],
        bytes,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["alerts"].as_array().unwrap().clone()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn the_backlog_is_received_and_each_alert_is_one_json_line() {
    let mut records = Generator::new(4).office(10, 10);
    records.push(fraud());
    let backlog = file(&records, MANUAL).into_bytes();
    let server = serve(vec![vec![Step::Send(backlog.clone())]]);
    let out = watch(server.port, &["--format", "json", "--for", "3s"])
        .wait_with_output()
        .unwrap();
    server.done.join().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("connected to 127.0.0.1"), "{stderr}");
    assert!(
        stderr.contains("the system closed the connection"),
        "{stderr}"
    );
    let alerts = json_lines(&out);
    assert_eq!(alerts, audited(&backlog), "watch and audit agree");
    assert!(
        alerts
            .iter()
            .any(|a| a["rule"] == "voicemail-port" && a["number"] == "+882...89")
    );
}

#[test]
fn an_alert_is_printed_when_its_record_arrives_not_at_the_end() {
    let (go, wait) = mpsc::channel();
    let first = GenRecord::call(11, 2, 10, 0, "213", "0201234567").line(MANUAL);
    let second = GenRecord::call(11, 2, 10, 5, "214", "0201234567").line(MANUAL);
    let server = serve(vec![vec![
        Step::Send(first.into_bytes()),
        Step::Wait(wait),
        Step::Send(second.into_bytes()),
    ]]);
    let mut child = watch(server.port, &["--for", "8s"]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // The server still holds the second record back: this alert came from the first alone.
    assert!(line.starts_with("CRITICAL voicemail-port"), "{line}");
    assert!(line.contains("station 213"), "{line}");
    go.send(()).unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    server.done.join().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(rest.contains("station 214"), "{rest}");
    assert!(rest.contains("Read 2 call records"), "{rest}");
}

#[test]
fn a_slow_drip_reads_like_the_whole_and_save_keeps_the_bytes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw.log");
    let mut records: Vec<GenRecord> = Generator::new(8).office(1, 6);
    records.push(fraud());
    let mut bytes = file(&records, MANUAL).into_bytes();
    bytes.extend_from_slice(b"\x00\xffjunk\x1b[2J\r\n");
    let server = serve(vec![vec![Step::Drip(bytes.clone())]]);
    let out = watch(
        server.port,
        &[
            "--format",
            "json",
            "--for",
            "4s",
            "--save",
            raw.to_str().unwrap(),
        ],
    )
    .wait_with_output()
    .unwrap();
    server.done.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(json_lines(&out), audited(&bytes));
    assert_eq!(
        fs::read(&raw).unwrap(),
        bytes,
        "--save holds the stream exactly"
    );
    assert_eq!(
        fs::metadata(&raw).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_dropped_link_is_reconnected_and_a_cut_line_is_not_glued_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw.log");
    let before = GenRecord::call(11, 2, 10, 0, "213", "0201234567").line(MANUAL);
    let cut = "POT   10:30 11/02 001  00:01:05 101        0044207";
    let after = GenRecord::call(11, 2, 11, 0, "214", "0201234567").line(MANUAL);
    let server = serve(vec![
        vec![Step::Send(format!("{before}{cut}").into_bytes())],
        vec![Step::Send(after.clone().into_bytes())],
    ]);
    let out = watch(
        server.port,
        &["--for", "5s", "--save", raw.to_str().unwrap()],
    )
    .wait_with_output()
    .unwrap();
    server.done.join().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("connected to").count(), 2, "{stderr}");
    assert!(stderr.contains("trying again in 1 s"), "{stderr}");
    assert!(
        stdout.contains("station 213") && stdout.contains("station 214"),
        "{stdout}"
    );
    assert!(stdout.contains("Read 2 call records"), "{stdout}");
    assert!(
        stdout.contains("1 unreadable line: 2"),
        "the cut line is counted: {stdout}"
    );
    assert!(
        stdout.contains("Alerts per rule: voicemail-port 2\n"),
        "the cut number was not read as an international call: {stdout}"
    );
    assert_eq!(
        fs::read_to_string(&raw).unwrap(),
        format!("{before}{cut}{after}")
    );
}

#[test]
fn garbage_and_an_oversized_line_are_survived() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(50_000).collect();
    bytes.push(b'\n');
    bytes.extend(std::iter::repeat_n(b'A', 3_000_000));
    bytes.push(b'\n');
    bytes.extend_from_slice(
        GenRecord::call(11, 2, 10, 0, "213", "0201234567")
            .line(MANUAL)
            .as_bytes(),
    );
    let server = serve(vec![vec![Step::Send(bytes)]]);
    let out = watch(server.port, &["--for", "3s"])
        .wait_with_output()
        .unwrap();
    server.done.join().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(stdout.contains("station 213"), "{stdout}");
    assert!(stdout.contains("Read 1 call records"), "{stdout}");
}

#[test]
fn a_stream_that_is_not_smdr_exits_3() {
    let server = serve(vec![vec![Step::Send(
        b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec(),
    )]]);
    let out = watch(server.port, &["--for", "2s"])
        .wait_with_output()
        .unwrap();
    server.done.join().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.lines().last().unwrap().contains("not SMDR output"),
        "{stderr}"
    );
}

#[test]
fn a_server_that_never_sends_ends_at_for_with_a_clear_line() {
    let server = serve(vec![vec![Step::HoldUntilClosed]]);
    let out = watch(server.port, &["--for", "2s"])
        .wait_with_output()
        .unwrap();
    server.done.join().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let last = stderr.lines().last().unwrap();
    assert!(
        last.contains("connected but nothing was received in 2 s"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn nothing_listening_is_retried_then_reported() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = watch(port, &["--for", "2s"]).wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("trying again"), "{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .contains("could not connect in 2 s"),
        "{stderr}"
    );
}

#[test]
fn a_watch_records_its_summary_in_the_site_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let bytes = file(&[fraud()], MANUAL).into_bytes();
    let server = serve(vec![vec![Step::Send(bytes)]]);
    let out = watch(
        server.port,
        &["--for", "2s", "--site", site.to_str().unwrap()],
    )
    .wait_with_output()
    .unwrap();
    server.done.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let saved = fs::read_to_string(&site).unwrap();
    assert!(
        saved.contains(&format!("source = \"watch of 127.0.0.1:{}\"", server.port)),
        "{saved}"
    );
    assert!(saved.contains("rule = \"voicemail-port\""), "{saved}");
    assert!(!saved.contains("882123456789"));
}

#[test]
fn ctrl_c_ends_a_watch_without_for_and_still_reports() {
    let bytes = file(&[fraud()], MANUAL).into_bytes();
    let server = serve(vec![vec![Step::Send(bytes), Step::HoldUntilClosed]]);
    let mut child = watch(server.port, &[]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with("CRITICAL voicemail-port"), "{line}");
    let kill = Command::new("kill")
        .args(["-s", "INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    server.done.join().unwrap();
    assert_eq!(status.code(), Some(1), "{rest}");
    assert!(rest.contains("Read 1 call records"), "{rest}");
}

/// The example site with `smdr_address` saved in `[calls.settings]`, as the wizard saves it.
fn site_with_address(dir: &std::path::Path, address: &str) -> std::path::PathBuf {
    let site = example_site(dir, "small-office.toml");
    let mut text = fs::read_to_string(&site).unwrap();
    text.push_str("\n[calls.settings]\nsmdr_address = \"");
    text.push_str(address);
    text.push_str("\"\n");
    fs::write(&site, text).unwrap();
    site
}

fn watch_args(args: &[&str]) -> Output {
    crate::support::command()
        .args(["calls", "watch"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn without_host_the_site_files_saved_address_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(vec![vec![Step::Send(
        file(&[fraud()], MANUAL).into_bytes(),
    )]]);
    let site = site_with_address(dir.path(), &format!("127.0.0.1:{}", server.port));
    let out = watch_args(&["--for", "3s", "--site", site.to_str().unwrap()]);
    server.done.join().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("connected to 127.0.0.1"), "{stderr}");
    assert!(stdout.contains("station 215"), "{stdout}");
    let saved = fs::read_to_string(&site).unwrap();
    assert!(
        saved.contains(&format!("source = \"watch of 127.0.0.1:{}\"", server.port)),
        "{saved}"
    );
}

#[test]
fn a_host_given_wins_over_the_saved_address() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(vec![vec![Step::Send(
        file(&[fraud()], MANUAL).into_bytes(),
    )]]);
    // The saved address is nothing that listens (port 9, discard, on a documentation address).
    let site = site_with_address(dir.path(), "192.0.2.1:9");
    let out = watch_args(&[
        &format!("127.0.0.1:{}", server.port),
        "--for",
        "3s",
        "--site",
        site.to_str().unwrap(),
    ]);
    server.done.join().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("connected to 127.0.0.1:{}", server.port)),
        "{stderr}"
    );
    assert!(!stderr.contains("192.0.2.1"), "{stderr}");
}

#[test]
fn neither_host_nor_a_saved_address_is_one_usage_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let before = fs::read(&site).unwrap();
    for args in [vec!["--for", "1s"], vec!["--site", site.to_str().unwrap()]] {
        let out = watch_args(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("smdr_address"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(
        fs::read(&site).unwrap(),
        before,
        "the site file is unchanged"
    );
    let site = site_with_address(dir.path(), "pbx.example:0");
    let out = watch_args(&["--site", site.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("small-office.toml: [calls.settings] smdr_address"),
        "{stderr}"
    );
}
