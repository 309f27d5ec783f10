//! Fleet benchmark: `nec-harden fleet` over generated folders of 128-extension site files
//! (the target: 1,000 files in at most 1 s), and its peak memory for 100 and 1,000 files and
//! for a folder holding one 1,000-extension site (memory follows the largest file, not the
//! count).
//!
//! Each run of the binary is timed by GNU time (`/usr/bin/time`): wall clock and CPU (user +
//! system), with the load average read before and after, because on a shared machine the wall
//! time says more about the neighbours than about the program. With `FLEET_BASELINE=BIN` (an
//! older build of the binary) each run of it is interleaved with one of this build, so the two
//! see the same load and the ratio is fair. A single-threaded pass in this process then splits
//! the work into its phases (read, parse and check, item statuses and score, credential ages
//! and call audit, rendering), to say where the time goes.
//!
//! Run with `cargo bench --bench fleet`; it prints a Markdown section for BENCHMARKS.md.
//! Figures are printed (median of several runs), never asserted: the machines are shared.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nec_harden::fleet::{self, CallAuditState, Checklists, Rotation, credentials, site_status};
use nec_harden::site::{SiteFile, Timestamp};

const RUNS: usize = 9;
const AS_OF: &str = "2026-12-01T00:00:00Z";

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The 1-minute load average.
fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "n/a".to_owned())
}

/// Writes `count` site files made from the 128-extension example: names differ, every tenth
/// has credentials 14 months old (overdue), every seventh a deferred item left pending.
fn generate(dir: &Path, count: usize, template: &str) {
    fs::create_dir_all(dir).expect("fleet folder");
    for i in 0..count {
        let mut text = template.replace(
            "name = \"Northwind Logistics, Depot 3\"",
            &format!("name = \"Generated site {i:04}\""),
        );
        if i % 10 == 3 {
            text = text.replace("2026-11-21T10:05:00Z", "2025-09-21T10:05:00Z");
        }
        if i % 7 == 5 {
            text = text.replace("status = \"done\"", "status = \"pending\"");
        }
        fs::write(dir.join(format!("site-{i:04}.toml")), text).expect("site file");
    }
    // A checklist and a notes file, skipped with a note, as in a real folder.
    fs::write(dir.join("notes.toml"), "title = \"not a site\"\n").expect("notes");
}

/// The 128-extension example grown to `total` extensions (extra virtual extensions).
fn grown(template: &str, total: usize) -> String {
    let mut extra = String::new();
    for n in 0..total.saturating_sub(128) {
        let _ = writeln!(
            extra,
            "  {{ number = \"{}\", label = \"Extra {n}\", type = \"virtual\", in_use = false, mailbox = false }},",
            5000 + n
        );
    }
    template.replacen("extension = [\n", &format!("extension = [\n{extra}"), 1)
}

/// One timed run: wall seconds, CPU seconds (user + system) and peak RSS in MB, from GNU time.
struct Run {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
}

fn run_fleet(bin: &str, dir: &Path, format: &str) -> Run {
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "%e %U %S %M",
            bin,
            "fleet",
            "--format",
            format,
            "--as-of",
            AS_OF,
        ])
        .arg(dir)
        .stdout(Stdio::null())
        .output()
        .expect("/usr/bin/time (Debian package `time`)");
    // Exit 1 (sites need action) is the expected outcome here.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stderr);
    let figures: Vec<f64> = text
        .lines()
        .last()
        .expect("GNU time line")
        .split_whitespace()
        .map(|f| f.parse().expect("GNU time figure"))
        .collect();
    Run {
        wall: figures[0],
        cpu: figures[1] + figures[2],
        rss_mb: figures[3] / 1024.0,
    }
}

/// Median wall and CPU of [`RUNS`] runs of each binary, interleaved (this build first).
fn time_fleet(bins: &[&str], dir: &Path, format: &str) -> Vec<(f64, f64)> {
    for bin in bins {
        run_fleet(bin, dir, format); // warm the page cache
    }
    let mut runs: Vec<Vec<Run>> = bins.iter().map(|_| Vec::new()).collect();
    for _ in 0..RUNS {
        for (bin, runs) in bins.iter().zip(&mut runs) {
            runs.push(run_fleet(bin, dir, format));
        }
    }
    runs.into_iter()
        .map(|runs| {
            (
                median(runs.iter().map(|r| r.wall).collect()),
                median(runs.iter().map(|r| r.cpu).collect()),
            )
        })
        .collect()
}

/// The site files of `dir`, sorted.
fn site_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("site-"))
        })
        .collect();
    paths.sort();
    paths
}

/// Where the time goes: one thread summarising every site file of `dir` phase by phase (the
/// same calls `fleet` makes), then the three renderings of the whole fleet.
fn phases(dir: &Path) -> Vec<(&'static str, Duration)> {
    let rotation = Rotation {
        months: 12,
        now: Timestamp::parse(AS_OF).expect("time"),
    };
    let mut checklists = Checklists::default();
    let mut spent = [Duration::ZERO; 4];
    for path in site_files(dir) {
        let file = path.display().to_string();
        let t = Instant::now();
        let text = fleet::scan::read_capped(&path).expect("read");
        spent[0] += t.elapsed();
        let t = Instant::now();
        let site = SiteFile::parse_picking(&text, &file, |info| checklists.for_site(&path, info))
            .expect("site file");
        spent[1] += t.elapsed();
        let list = checklists.for_site(&path, &site.site).expect("checklist");
        let t = Instant::now();
        let status = site_status(list, &site);
        spent[2] += t.elapsed();
        let t = Instant::now();
        let ages = credentials::credential_ages(list, &site, &rotation);
        let calls = CallAuditState::of(list, &site, &status, &rotation);
        spent[3] += t.elapsed();
        std::hint::black_box((status, ages, calls));
    }
    let whole = fleet::scan(&[dir.to_path_buf()], false, rotation).expect("fleet");
    let render = |f: fn(&fleet::Fleet) -> String| {
        let t = Instant::now();
        std::hint::black_box(f(&whole));
        t.elapsed()
    };
    vec![
        ("read (capped, non-blocking)", spent[0]),
        (
            "parse the TOML and check it against the checklist",
            spent[1],
        ),
        ("item statuses and the score (coverage)", spent[2]),
        ("credential ages and the call audit", spent[3]),
        ("render text", render(fleet::render_text::render)),
        ("render JSON", render(fleet::render_json::render)),
        ("render HTML", render(fleet::render_html::render)),
    ]
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_nec-harden");
    let template = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/full-128.toml"),
    )
    .expect("example");
    let root = tempfile::tempdir().expect("temp dir");
    let small = root.path().join("fleet-100");
    let large = root.path().join("fleet-1000");
    let one_big = root.path().join("one-1000-extension-site");
    generate(&small, 100, &template);
    generate(&large, 1000, &template);
    fs::create_dir_all(&one_big).expect("folder");
    let big_text = grown(&template, 1000);
    fs::write(one_big.join("big.toml"), &big_text).expect("big site");
    let bytes: u64 = fs::read_dir(&large)
        .expect("list")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum();

    let baseline = std::env::var("FLEET_BASELINE").ok();
    let mut bins = vec![bin];
    bins.extend(baseline.as_deref());

    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### `nec-harden fleet`, generated folders of 128-extension SL2100 sites ({} bytes of TOML each), median of {RUNS}\n",
        bytes / 1000
    );
    let peer = if baseline.is_some() {
        " | baseline wall | baseline CPU | CPU ratio (this / baseline)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "| folder | format | load before / after | wall | CPU (user + sys){peer} |\n|---|---|---|---:|---:|{}",
        if baseline.is_some() {
            "---:|---:|---:|"
        } else {
            ""
        }
    );
    for (label, dir) in [("100 site files", &small), ("1,000 site files", &large)] {
        for format in ["text", "json", "html"] {
            let before = load();
            let timed = time_fleet(&bins, dir, format);
            let after = load();
            let (wall, cpu) = timed[0];
            let _ = write!(
                out,
                "| {label} | {format} | {before} / {after} | {:.0} ms | {:.0} ms |",
                wall * 1000.0,
                cpu * 1000.0
            );
            if let Some(&(base_wall, base_cpu)) = timed.get(1) {
                let _ = write!(
                    out,
                    " {:.0} ms | {:.0} ms | {:.2} |",
                    base_wall * 1000.0,
                    base_cpu * 1000.0,
                    cpu / base_cpu
                );
            }
            out.push('\n');
        }
    }
    out.push('\n');
    let _ = writeln!(out, "#### Peak memory (GNU time, `%M`)\n");
    let _ = writeln!(out, "| folder | peak RSS |\n|---|---:|");
    for (label, dir) in [
        ("100 site files of 128 extensions", &small),
        ("1,000 site files of 128 extensions", &large),
        ("1 site file of 1,000 extensions", &one_big),
    ] {
        let rss = run_fleet(bin, dir, "json").rss_mb;
        let _ = writeln!(out, "| {label} | {rss:.1} MB |");
    }
    out.push('\n');
    let before = load();
    let phases = phases(&large);
    let total: Duration = phases.iter().take(4).map(|(_, d)| *d).sum();
    let _ = writeln!(
        out,
        "#### Where the time goes: 1,000 files on one thread in the bench process (load {before} / {})\n",
        load()
    );
    let _ = writeln!(
        out,
        "| phase | time | share of the per-file work |\n|---|---:|---:|"
    );
    for (i, (phase, spent)) in phases.iter().enumerate() {
        let share = if i < 4 {
            format!("{:.0}%", spent.as_secs_f64() * 100.0 / total.as_secs_f64())
        } else {
            "-".to_owned()
        };
        let _ = writeln!(
            out,
            "| {phase} | {:.1} ms | {share} |",
            spent.as_secs_f64() * 1000.0
        );
    }
    print!("{out}");
}
