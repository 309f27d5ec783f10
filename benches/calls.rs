//! Call-record audit benchmark: `nec-harden calls audit` on generated SMDR files of 100,000
//! and 1,000,000 records (the test generator's office traffic with planted fraud), side by side
//! in the same run with `grep -c POT` on the same file, and the peak memory of each size under
//! `/usr/bin/time`. Run with `cargo bench --bench calls`. Figures are printed, never asserted.

#[path = "../tests/calls/generator.rs"]
mod generator;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use generator::{GenRecord, Generator, MANUAL};

const RUNS: usize = 3;

/// Writes `records` records: office traffic, and every 10,000th record a planted fraud call.
fn write_log(path: &Path, records: usize) {
    let mut out = BufWriter::new(fs::File::create(path).expect("create log"));
    let mut g = Generator::new(42);
    let mut written = 0;
    let mut day = generator::FIRST_DAY;
    // 1,000 calls a weekday, five weeks at a time, one continuous calendar.
    while written < records {
        let (batch, next) = g.office_from(day, 35, 1000);
        day = next;
        for (i, r) in batch.into_iter().enumerate() {
            if written == records {
                break;
            }
            let r = if i % 10_000 == 9_999 {
                GenRecord::call(r.month, r.day, 2, 10, "215", "00882123456789").lasting(7200)
            } else {
                r
            };
            out.write_all(r.line(MANUAL).as_bytes()).expect("write");
            written += 1;
        }
    }
    out.flush().expect("flush");
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Median wall time of `RUNS` runs and the peak RSS (KiB) of the last, via `/usr/bin/time`.
fn measure(program: &str, args: &[&str]) -> (Duration, Option<u64>) {
    let mut times = Vec::new();
    let mut rss = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "MAXRSS=%M", program])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        times.push(start.elapsed());
        rss = String::from_utf8_lossy(&out.stderr).lines().find_map(|l| {
            l.strip_prefix("MAXRSS=")
                .and_then(|v| v.trim().parse().ok())
        });
    }
    (median(times), rss)
}

fn main() {
    if !Path::new("/usr/bin/time").exists() {
        println!("SKIPPED: /usr/bin/time is not installed (apt-get install time)");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_nec-harden");
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site.toml");
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml");
    let mut text = fs::read_to_string(example).expect("example site");
    text.push_str(
        "\n[calls.settings]\nbusiness_hours = \"08:00-18:00\"\ntrunks = 30\nallowed_countries = [\"44\"]\ninternational_prefix = \"00\"\ninmail_ports = \"213-228\"\n",
    );
    fs::write(&site, text).expect("site");
    println!("## Call-record audit (`cargo bench --bench calls`), median of {RUNS}\n");
    println!(
        "| records | file | nec-harden calls audit | records/s | grep -c POT | ratio audit / grep | peak RSS: audit | grep |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for records in [100_000usize, 1_000_000] {
        let log = dir.path().join(format!("smdr-{records}.log"));
        write_log(&log, records);
        let bytes = fs::metadata(&log).map_or(0, |m| m.len());
        let log_s = log.to_str().expect("utf-8 path");
        let site_s = site.to_str().expect("utf-8 path");
        let (audit, audit_rss) = measure(
            bin,
            &[
                "calls",
                "audit",
                log_s,
                "--since",
                "2026-11-02",
                "--site",
                site_s,
                "--format",
                "json",
            ],
        );
        let (grep, grep_rss) = measure("grep", &["-c", "POT", log_s]);
        let kib = |k: Option<u64>| k.map_or("-".into(), |k| format!("{:.1} MB", k as f64 / 1024.0));
        println!(
            "| {records} | {:.1} MB | {:.0} ms | {:.2} M | {:.0} ms | {:.2} | {} | {} |",
            bytes as f64 / 1e6,
            audit.as_secs_f64() * 1e3,
            records as f64 / audit.as_secs_f64() / 1e6,
            grep.as_secs_f64() * 1e3,
            audit.as_secs_f64() / grep.as_secs_f64(),
            kib(audit_rss),
            kib(grep_rss)
        );
        fs::remove_file(&log).ok();
    }
    println!(
        "\nratio targets: at least 1,000,000 records/s, within 4x of grep -c POT, peak memory flat and <= 20 MB"
    );
}
