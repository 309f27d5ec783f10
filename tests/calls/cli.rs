//! `calls audit` end to end with the real binary: exit codes, the JSON shape, masked numbers,
//! standard input, inputs that are not SMDR, the site file's settings and summary, rules files.

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Stdio};

use super::generator::{GenRecord, Generator, MANUAL, file};
use crate::support::{self, example_site, run, snapshot};

/// Office traffic with planted fraud: an InMail port calling abroad on a Saturday night.
fn fraud_log() -> String {
    let mut records = Generator::new(3).office(10, 20);
    records.push(GenRecord::call(11, 14, 2, 10, "215", "00882123456789").lasting(7200));
    file(&records, MANUAL)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CALLS_SETTINGS: &str = "
[calls.settings]
business_hours = \"08:00-18:00\"
business_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]
time_zone = \"Australia/Sydney\"
trunks = 4
allowed_countries = [\"44\"]
international_prefix = \"00\"
inmail_ports = \"213-228\"
";

#[test]
fn planted_fraud_exits_1_and_names_rule_item_and_masked_number() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("smdr.log");
    fs::write(&log, fraud_log()).unwrap();
    let out = run(args!["calls", "audit", log, "--since", "2026-11-02"], b"");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("CRITICAL voicemail-port"), "{stdout}");
    assert!(stdout.contains("inmail-trunk-access"), "{stdout}");
    assert!(stdout.contains("+882...89"), "{stdout}");
    assert!(
        !stdout.contains("882123456789"),
        "a full number leaked: {stdout}"
    );
    assert!(stdout.contains("2026-11-14 02:10"), "{stdout}");
    let shown = run(
        args![
            "calls",
            "audit",
            log,
            "--since",
            "2026-11-02",
            "--show-numbers"
        ],
        b"",
    );
    assert!(text(&shown.stdout).contains("00882123456789"));
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("smdr.log");
    let mut body = fraud_log();
    body.push_str("this is not a record\n");
    fs::write(&log, body).unwrap();
    let out = run(
        args![
            "calls",
            "audit",
            log,
            "--format",
            "json",
            "--since",
            "2026-11-02"
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from(["records", "unreadable", "period", "alerts"])
    );
    assert_eq!(v["records"], 161);
    assert_eq!(v["unreadable"]["count"], 1);
    assert_eq!(v["unreadable"]["lines"], serde_json::json!([162]));
    assert_eq!(v["period"]["from"], "2026-11-02 09:00");
    assert!(v["period"]["note"].as_str().unwrap().contains("no year"));
    let alerts = v["alerts"].as_array().unwrap();
    for alert in alerts {
        let keys: BTreeSet<&str> = alert
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "rule", "severity", "line", "time", "station", "trunk", "number", "evidence",
                "item"
            ])
        );
    }
    let vm = alerts
        .iter()
        .find(|a| a["rule"] == "voicemail-port")
        .unwrap();
    assert_eq!(vm["severity"], "critical");
    assert_eq!(vm["line"], 161);
    assert_eq!(vm["station"], "215");
    assert_eq!(vm["number"], "+882...89");
    assert_eq!(vm["item"], "inmail-trunk-access");
}

#[test]
fn clean_traffic_from_standard_input_exits_0() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = example_site(site_dir.path(), "small-office.toml");
    let mut text_site = fs::read_to_string(&site).unwrap();
    text_site.push_str(CALLS_SETTINGS);
    fs::write(&site, text_site).unwrap();
    let log = file(&Generator::new(9).office(14, 30), MANUAL);
    let out = run(
        args![
            "calls",
            "audit",
            "-",
            "--site",
            site,
            "--since",
            "2026-11-02"
        ],
        log.as_bytes(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("No alert."), "{stdout}");
    assert!(stdout.contains("from (stdin)"), "{stdout}");
    assert!(
        !stdout.contains("Note: the site file sets no"),
        "all settings given: {stdout}"
    );
}

#[test]
fn an_input_that_is_not_smdr_gets_one_line_and_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("site.toml");
    fs::write(&toml, "[site]\nname = \"x\"\n").unwrap();
    let junk = dir.path().join("junk.bin");
    fs::write(
        &junk,
        (0..=255u8).cycle().take(100_000).collect::<Vec<u8>>(),
    )
    .unwrap();
    let empty = dir.path().join("empty.log");
    fs::write(&empty, "").unwrap();
    for (input, what) in [
        (toml, "not SMDR output"),
        (junk, "not SMDR output"),
        (empty, "empty"),
        ("/dev/zero".into(), "not SMDR output"),
        (dir.path().join("missing.log"), "cannot read"),
    ] {
        let out = run(args!["calls", "audit", input], b"");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{input:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("nec-harden: {}: {what}", input.display())),
            "{stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "no report for a file that is not SMDR"
        );
    }
}

/// `calls audit -` with `extra` arguments under `/usr/bin/time`, its standard input written
/// by `feed` on a thread of its own: its standard output and its peak memory in KiB, once it
/// has exited 0.
fn audit_stdin_peak(
    extra: &[&std::ffi::OsStr],
    feed: impl FnOnce(&mut dyn std::io::Write) + Send + 'static,
) -> (String, u64) {
    let mut child = Command::new("/usr/bin/time")
        .args(["-f", "MAXRSS=%M"])
        .arg(support::bin())
        .args(["calls", "audit", "-"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut out = std::io::BufWriter::new(&mut stdin);
        feed(&mut out);
        std::io::Write::flush(&mut out).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let kib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("MAXRSS="))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (stdout, kib)
}

#[test]
fn a_100_mb_line_costs_no_memory() {
    if !std::path::Path::new("/usr/bin/time").exists() {
        println!("SKIPPED: /usr/bin/time is not installed");
        return;
    }
    let (stdout, kib) = audit_stdin_peak(&[], |stdin| {
        stdin
            .write_all(
                GenRecord::call(11, 2, 10, 0, "101", "0201")
                    .line(MANUAL)
                    .as_bytes(),
            )
            .unwrap();
        let block = vec![b'9'; 1 << 20];
        for _ in 0..100 {
            stdin.write_all(&block).unwrap();
        }
        stdin.write_all(b"\n").unwrap();
        stdin
            .write_all(
                GenRecord::call(11, 2, 11, 0, "101", "0201")
                    .line(MANUAL)
                    .as_bytes(),
            )
            .unwrap();
    });
    assert!(
        stdout.contains("Read 2 call records from (stdin) (1 unreadable line: 2)"),
        "{stdout}"
    );
    assert!(kib < 20 * 1024, "peak memory {kib} KiB for a 100 MB line");
}

/// `calls audit -` on `minutes` minutes of calls from every station in `stations`, half of
/// them each minute: its standard output and its peak memory in KiB.
fn audit_every_station(
    stations: &[String],
    minutes: u16,
    rules: &std::path::Path,
) -> (String, u64) {
    let stations = stations.to_vec();
    audit_stdin_peak(&["--rules".as_ref(), rules.as_os_str()], move |out| {
        for minute in 0..minutes {
            for station in stations.iter().skip(usize::from(minute % 2)).step_by(2) {
                let line = GenRecord::call(11, 2, 10 + minute / 60, minute % 60, station, "0201")
                    .line(MANUAL);
                out.write_all(line.as_bytes()).unwrap();
            }
        }
    })
}

#[test]
fn the_largest_burst_count_fills_every_window_in_bounded_memory() {
    if !std::path::Path::new("/usr/bin/time").exists() {
        println!("SKIPPED: /usr/bin/time is not installed");
        return;
    }
    // The most a rules file may ask: 50 call times in every burst window, and as many windows
    // as the audit keeps (every station of one to four digits, and 4,096 others). The calls
    // of a station are two minutes apart and no minute has 10,000 calls, so no window fires
    // and after 100 minutes every one of them is full.
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    fs::write(
        &rules,
        "[burst]\ncalls = 50\nminutes = 1\noverall_calls = 10000\noverall_minutes = 1\n\
         [out-of-hours]\nenabled = false\n[international]\nenabled = false\n\
         [new-destination]\nenabled = false\n[long-call]\nenabled = false\n\
         [voicemail-port]\nenabled = false\n",
    )
    .unwrap();
    let stations: Vec<String> = (1..=4)
        .flat_map(|len| (0..10u32.pow(len)).map(move |n| format!("{n:0len$}", len = len as usize)))
        .chain((10_000..14_096).map(|n| n.to_string()))
        .collect();
    assert_eq!(stations.len(), 15_206);
    let (stdout, empty) = audit_every_station(&stations, 2, &rules);
    assert!(
        stdout.contains("Read 15206 call records from (stdin)"),
        "{stdout}"
    );
    let (stdout, full) = audit_every_station(&stations, 100, &rules);
    assert!(
        stdout.contains("Read 760300 call records from (stdin)"),
        "{stdout}"
    );
    assert!(stdout.contains("No alert."), "{stdout}");
    // Full windows cost about 8 MB over windows of one call each (a release build peaks at
    // 16.5 MB on this input, under the 20 MB of the target; this test runs the debug build,
    // whose own pages are about 9 MB more).
    assert!(
        full.saturating_sub(empty) < 10 * 1024,
        "peak memory {full} KiB with every burst window full, {empty} KiB with one call each"
    );
}

#[test]
fn the_site_file_gives_settings_and_records_a_summary_without_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let mut body = fs::read_to_string(&site).unwrap();
    body.push_str(CALLS_SETTINGS);
    fs::write(&site, &body).unwrap();
    let log = dir.path().join("smdr.log");
    fs::write(&log, fraud_log()).unwrap();
    let out = run(
        args![
            "calls",
            "audit",
            log,
            "--site",
            site,
            "--since",
            "2026-11-02"
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // 44 is allowed in this site: only the 882 call is international.
    assert!(stdout.contains("international 1,"), "{stdout}");
    assert!(stdout.contains("(Australia/Sydney)"), "{stdout}");
    let saved = fs::read_to_string(&site).unwrap();
    assert!(saved.contains("[calls.last_audit]"), "{saved}");
    assert!(saved.contains("records = 161"), "{saved}");
    assert!(saved.contains("rule = \"voicemail-port\""), "{saved}");
    assert!(
        saved.contains("business_hours = \"08:00-18:00\""),
        "settings kept: {saved}"
    );
    for number in ["882123456789", "+882", "0882"] {
        assert!(
            !saved.contains(number),
            "a number in the site file: {saved}"
        );
    }
    // The report shows the last audit.
    let report = run(args!["report", site, "--format", "md"], b"");
    let md = text(&report.stdout);
    assert!(md.contains("## Call-record audit"), "{md}");
    assert!(md.contains("voicemail-port"), "{md}");
    assert!(!md.contains("882123456789"));
    // The alerts fail the items they point at, through the one status: the report lists
    // the InMail item as failed (measured) and the audit as a risk.
    let json = run(args!["report", site, "--format", "json"], b"");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let failed: Vec<&str> = json["customer"]["still_open"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["state"]["key"] == "failed")
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(failed.contains(&"inmail-trunk-access"), "{failed:?}");
    assert!(
        md.contains("The call-record audit of")
            && md.contains("outside calls placed by the voicemail ports: 1 alert (critical)"),
        "{md}"
    );
    assert!(md.contains("failed: the call-record check of"), "{md}");
}

#[test]
fn a_site_file_without_the_calls_table_loads_and_the_defaults_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let log = dir.path().join("smdr.log");
    fs::write(&log, file(&Generator::new(2).office(3, 10), MANUAL)).unwrap();
    let out = run(args!["calls", "audit", log, "--site", site], b"");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Note: the site file sets no business_hours, business_days, trunks, allowed_countries, international_prefix, inmail_ports in [calls.settings]"),
        "{stdout}"
    );
    assert!(stdout.contains("Not applied: concurrency"), "{stdout}");
    assert!(
        fs::read_to_string(&site)
            .unwrap()
            .contains("[calls.last_audit]")
    );
}

#[test]
fn a_bad_setting_is_one_line_and_changes_nothing() {
    for (table, what) in [
        (
            "business_hours = \"9 to 5\"",
            "[calls.settings] business_hours `9 to 5`",
        ),
        (
            "business_hour = \"09:00-17:00\"",
            "unknown field `business_hour`",
        ),
        ("trunks = -1", "invalid value: integer `-1`"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let site = example_site(dir.path(), "small-office.toml");
        let mut body = fs::read_to_string(&site).unwrap();
        body.push_str("\n[calls.settings]\n");
        body.push_str(table);
        body.push('\n');
        fs::write(&site, &body).unwrap();
        let log = dir.path().join("smdr.log");
        fs::write(&log, fraud_log()).unwrap();
        let before = snapshot(dir.path());
        let out = run(args!["calls", "audit", log, "--site", site], b"");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stderr.lines().count(), 1);
        assert!(stderr.contains(what), "{stderr}");
        assert!(stderr.contains(&site.display().to_string()), "{stderr}");
        assert_eq!(snapshot(dir.path()), before);
    }
}

#[test]
fn a_rules_file_with_an_unknown_rule_or_a_wrong_type_is_refused_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("smdr.log");
    fs::write(&log, fraud_log()).unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    for (body, position, what) in [
        (
            "[burst]\ncalls = 3\n\n[toll-fraud]\nenabled = true\n",
            ":4:",
            "toll-fraud",
        ),
        (
            "[long-call]\nminutes = \"sixty\"\n",
            ":2:11:",
            "invalid type",
        ),
        ("[premium]\nprefixes = [\"882\"]\n", ":2:", "source"),
    ] {
        let rules = dir.path().join("rules.toml");
        fs::write(&rules, body).unwrap();
        let before = snapshot(dir.path());
        let out = run(
            args!["calls", "audit", log, "--rules", rules, "--site", site],
            b"",
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let expected = format!("nec-harden: {}{position}", rules.display());
        assert!(stderr.starts_with(&expected), "{stderr}");
        assert!(stderr.contains(what), "{stderr}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            snapshot(dir.path()),
            before,
            "a refused rules file changes nothing"
        );
    }
}

#[test]
fn usage_errors_exit_2_before_reading_anything() {
    for bad in [
        args!["calls", "audit", "x.log", "--since", "yesterday"],
        args!["calls", "audit", "x.log", "--layout", "date=sometimes"],
        args!["calls", "audit", "-", "-"],
        args!["calls", "audit"],
        args!["calls", "watch", "host:0"],
        args!["calls", "watch", "127.0.0.1:9", "--for", "1d"],
    ] {
        let out = run(bad, b"");
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out.stderr));
    }
}

#[test]
fn the_readme_example_is_the_real_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("$ nec-harden calls audit smdr.log --site site.toml --since 2026-11-01\n")
        .expect("README example");
    let body = &readme[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let shown = &body[..body.find("nec-harden: recorded").unwrap()];
    let settings_at = readme
        .find("```toml\n[calls.settings]")
        .expect("settings block")
        + 8;
    let settings = &readme[settings_at..settings_at + readme[settings_at..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root.join("tests/data/calls/sample.log"),
        dir.path().join("smdr.log"),
    )
    .unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let mut body = fs::read_to_string(&site).unwrap();
    body.push('\n');
    body.push_str(settings);
    fs::write(dir.path().join("site.toml"), body).unwrap();
    let out = crate::support::command()
        .args([
            "calls",
            "audit",
            "smdr.log",
            "--site",
            "site.toml",
            "--since",
            "2026-11-01",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), shown);
}
