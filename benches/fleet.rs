//! Fleet benchmark: `nec-harden fleet` over generated folders of 128-extension site files
//! (the target: 1,000 files in at most 1 s), and its peak memory for 100 and 1,000 files and
//! for a folder holding one 1,000-extension site (memory follows the largest file, not the
//! count).
//!
//! Run with `cargo bench --bench fleet`; it prints a Markdown section for BENCHMARKS.md.
//! Figures are printed (median of several runs), never asserted: the machines are shared.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 9;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
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

fn fleet_command(bin: &str, dir: &Path, format: &str) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args([
        "fleet",
        "--format",
        format,
        "--as-of",
        "2026-12-01T00:00:00Z",
    ])
    .arg(dir)
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    cmd
}

fn time_fleet(bin: &str, dir: &Path, format: &str) -> Duration {
    let run = || {
        let t = Instant::now();
        let out = fleet_command(bin, dir, format).output().expect("spawn");
        // Exit 1 (sites need action) is the expected outcome here.
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        t.elapsed()
    };
    run(); // warm the page cache
    median((0..RUNS).map(|_| run()).collect())
}

/// Peak resident memory of one run, in MB, from GNU time (`None` without /usr/bin/time).
fn peak_rss(bin: &str, dir: &Path) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", bin, "fleet", "--format", "json"])
        .arg(dir)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
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

    let mut out = String::new();
    let _ = writeln!(
        out,
        "#### `nec-harden fleet`, generated folders of 128-extension SL2100 sites ({} bytes of TOML each), median of {RUNS}\n",
        bytes / 1000
    );
    let _ = writeln!(out, "| folder | format | time |\n|---|---|---:|");
    for (label, dir) in [("100 site files", &small), ("1,000 site files", &large)] {
        for format in ["text", "json", "html"] {
            let t = time_fleet(bin, dir, format);
            let _ = writeln!(
                out,
                "| {label} | {format} | {:.1} ms |",
                t.as_secs_f64() * 1000.0
            );
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
        let rss = peak_rss(bin, dir).map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.1} MB"));
        let _ = writeln!(out, "| {label} | {rss} |");
    }
    print!("{out}");
}
