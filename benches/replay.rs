//! Headless replay benchmark: `nec-harden replay --headless` on the 128-extension example,
//! sealing to an X25519 recipient and proving the file opens, side by side in the same run
//! with the reference `age` CLI encrypting the same plaintext.
//!
//! Run with `cargo bench --bench replay`. Figures are printed (median of many runs), never
//! asserted: machines here are shared and noisy, so read the ratio.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 40;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time_runs(mut run: impl FnMut()) -> Duration {
    run(); // warm the page cache
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                run();
                t.elapsed()
            })
            .collect(),
    )
}

fn ok(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.stderr(Stdio::piped()).output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn main() {
    if Command::new("age").arg("--version").output().is_err() {
        println!("SKIPPED: the age CLI is not installed (apt-get install age)");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_nec-harden");
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("key.txt");
    ok(Command::new("age-keygen").arg("-o").arg(&key));
    let public = fs::read_to_string(&key)
        .expect("key")
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(str::to_owned))
        .expect("public key line");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/full-128.toml");
    let site = dir.path().join("site.toml");
    let out = dir.path().join("site.handover.age");

    let replay = time_runs(|| {
        fs::copy(&example, &site).expect("copy site");
        ok(Command::new(bin)
            .args(["replay", "--headless", "--force", "-r", &public, "-i"])
            .arg(&key)
            .arg(&site)
            .arg("-o")
            .arg(&out));
    });
    let plaintext = dir.path().join("plain.toml");
    fs::write(
        &plaintext,
        ok(Command::new("age").arg("-d").arg("-i").arg(&key).arg(&out)),
    )
    .expect("plaintext");
    let age_out = dir.path().join("age.age");
    let age = time_runs(|| {
        ok(Command::new("age")
            .args(["-a", "-r", &public, "-o"])
            .arg(&age_out)
            .arg(&plaintext));
    });
    let age_round = time_runs(|| {
        ok(Command::new("age")
            .args(["-a", "-r", &public, "-o"])
            .arg(&age_out)
            .arg(&plaintext));
        ok(Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&key)
            .arg(&age_out));
    });
    let bytes = fs::metadata(&plaintext).map_or(0, |m| m.len());
    println!(
        "## Headless replay, 128-extension SL2100 site ({bytes} bytes of record), median of {RUNS}\n"
    );
    println!("| command | median |");
    println!("|---|---:|");
    println!(
        "| nec-harden replay --headless (load, generate, seal to X25519, write, read back, decrypt, save site) | {:.1} ms |",
        replay.as_secs_f64() * 1e3
    );
    println!(
        "| age -a -r (encrypt the same plaintext) | {:.1} ms |",
        age.as_secs_f64() * 1e3
    );
    println!(
        "| age -a -r then age -d (encrypt + decrypt, two processes) | {:.1} ms |",
        age_round.as_secs_f64() * 1e3
    );
    println!(
        "\nratio replay / age encrypt: {:.2}; replay / age encrypt+decrypt: {:.2}; target: replay <= 50 ms",
        replay.as_secs_f64() / age.as_secs_f64(),
        replay.as_secs_f64() / age_round.as_secs_f64()
    );
}
