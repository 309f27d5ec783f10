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

/// Runs of each program, the audit and grep taking turns: the machine is shared and its speed
/// moves by half within minutes, so each audit is compared with the grep run beside it.
const RUNS: usize = 9;

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

fn median<T: PartialOrd + Copy>(mut xs: Vec<T>) -> T {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    xs[xs.len() / 2]
}

/// One run of a program: wall time, CPU time (user + system) and peak RSS.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    rss_kib: Option<u64>,
}

/// One run of `program` under `/usr/bin/time`: the CPU time (what the program itself spent)
/// is reported beside the wall time.
fn run(program: &str, args: &[&str]) -> Run {
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
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let figures: Vec<f64> = stderr
        .lines()
        .find_map(|l| l.strip_prefix("TIME="))
        .map(|line| {
            line.split(' ')
                .filter_map(|x| x.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    match figures[..] {
        [user, sys, rss] => Run {
            wall,
            cpu: Some(Duration::from_secs_f64(user + sys)),
            rss_kib: Some(rss as u64),
        },
        _ => Run {
            wall,
            cpu: None,
            rss_kib: None,
        },
    }
}

/// The medians of several runs of one program.
struct Measured {
    wall: Duration,
    cpu: Duration,
    rss_kib: Option<u64>,
}

fn summary(runs: &[Run]) -> Measured {
    let cpus: Vec<Duration> = runs.iter().filter_map(|r| r.cpu).collect();
    Measured {
        wall: median(runs.iter().map(|r| r.wall).collect()),
        cpu: if cpus.is_empty() {
            Duration::ZERO
        } else {
            median(cpus)
        },
        rss_kib: runs.iter().filter_map(|r| r.rss_kib).max(),
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
    println!(
        "## Call-record audit (`cargo bench --bench calls`), medians of {RUNS} runs, the audit and grep in turn\n"
    );
    println!(
        "| records | file | calls audit: wall | CPU | records/s (wall, CPU) | grep -c POT: wall | CPU | ratio audit / grep (wall; median of each run's, lowest to highest) | peak RSS: audit | grep |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for records in [100_000usize, 1_000_000] {
        let log = dir.path().join(format!("smdr-{records}.log"));
        write_log(&log, records);
        let bytes = fs::metadata(&log).map_or(0, |m| m.len());
        let log_s = log.to_str().expect("utf-8 path");
        let site_s = site.to_str().expect("utf-8 path");
        let audit_args = [
            "calls",
            "audit",
            log_s,
            "--since",
            "2026-11-02",
            "--site",
            site_s,
            "--format",
            "json",
        ];
        let (mut audits, mut greps) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            audits.push(run(bin, &audit_args));
            greps.push(run("grep", &["-c", "POT", log_s]));
        }
        // The ratio of each audit to the grep run beside it, then their median and range.
        let ratios: Vec<f64> = audits
            .iter()
            .zip(&greps)
            .map(|(a, g)| a.wall.as_secs_f64() / g.wall.as_secs_f64())
            .collect();
        let lowest = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = ratios.iter().copied().fold(0.0, f64::max);
        let ratio = median(ratios);
        let (audit, grep) = (summary(&audits), summary(&greps));
        let mb = |k: Option<u64>| k.map_or("-".into(), |k| format!("{:.1} MB", k as f64 / 1024.0));
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        let rate = |d: Duration| records as f64 / d.as_secs_f64().max(1e-3) / 1e6;
        println!(
            "| {records} | {:.1} MB | {} | {} | {:.2} M, {:.2} M | {} | {} | {ratio:.1} ({lowest:.1} to {highest:.1}) | {} | {} |",
            bytes as f64 / 1e6,
            ms(audit.wall),
            ms(audit.cpu),
            rate(audit.wall),
            rate(audit.cpu),
            ms(grep.wall),
            ms(grep.cpu),
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
