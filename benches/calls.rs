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

/// One measured program: median wall time, median CPU time (user + system) and peak RSS.
struct Measured {
    wall: Duration,
    cpu: Duration,
    rss_kib: Option<u64>,
}

/// `RUNS` runs of `program` under `/usr/bin/time`: the machine is shared, so the CPU time
/// (what the program itself spent) is reported beside the wall time.
fn measure(program: &str, args: &[&str]) -> Measured {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut rss_kib = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "TIME=%U %S %M", program])
            .args(args)
            // A pipe, not /dev/null: GNU grep stops at the first match when its output is
            // /dev/null, which would time nothing.
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        walls.push(start.elapsed());
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if let Some(line) = stderr.lines().find_map(|l| l.strip_prefix("TIME=")) {
            let v: Vec<f64> = line
                .split(' ')
                .filter_map(|x| x.trim().parse().ok())
                .collect();
            if let [user, sys, rss] = v[..] {
                cpus.push(Duration::from_secs_f64(user + sys));
                rss_kib = Some(rss as u64);
            }
        }
    }
    Measured {
        wall: median(walls),
        cpu: if cpus.is_empty() {
            Duration::ZERO
        } else {
            median(cpus)
        },
        rss_kib,
    }
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
        "| records | file | calls audit: wall | CPU | records/s (wall, CPU) | grep -c POT: wall | CPU | ratio audit / grep (wall) | peak RSS: audit | grep |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for records in [100_000usize, 1_000_000] {
        let log = dir.path().join(format!("smdr-{records}.log"));
        write_log(&log, records);
        let bytes = fs::metadata(&log).map_or(0, |m| m.len());
        let log_s = log.to_str().expect("utf-8 path");
        let site_s = site.to_str().expect("utf-8 path");
        let audit = measure(
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
        let grep = measure("grep", &["-c", "POT", log_s]);
        let mb = |k: Option<u64>| k.map_or("-".into(), |k| format!("{:.1} MB", k as f64 / 1024.0));
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        let rate = |d: Duration| records as f64 / d.as_secs_f64().max(1e-3) / 1e6;
        println!(
            "| {records} | {:.1} MB | {} | {} | {:.2} M, {:.2} M | {} | {} | {:.1} | {} | {} |",
            bytes as f64 / 1e6,
            ms(audit.wall),
            ms(audit.cpu),
            rate(audit.wall),
            rate(audit.cpu),
            ms(grep.wall),
            ms(grep.cpu),
            audit.wall.as_secs_f64() / grep.wall.as_secs_f64(),
            mb(audit.rss_kib),
            mb(grep.rss_kib)
        );
        // `NEC_HARDEN_BENCH_KEEP=DIR` keeps the generated logs there (to profile the audit).
        if let Some(keep) = std::env::var_os("NEC_HARDEN_BENCH_KEEP") {
            fs::copy(&log, Path::new(&keep).join(format!("smdr-{records}.log")))
                .expect("keep the log");
            fs::copy(&site, Path::new(&keep).join("site.toml")).expect("keep the site");
        }
        fs::remove_file(&log).ok();
    }
    println!(
        "\nratio targets: at least 1,000,000 records/s, within 4x of grep -c POT, peak memory flat and <= 20 MB"
    );
}
