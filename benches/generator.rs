//! Generator benchmark: values per second for every kind (OS generator, as the program uses
//! it) and the exact entropy table for 90-02 passwords of length 4 to 8.
//!
//! Run with `cargo bench --bench generator`. Figures are printed, never asserted: machines
//! here are shared and noisy.

use std::hint::black_box;
use std::time::{Duration, Instant};

use nec_harden::secrets::{Context, CredentialKind, Generator, pattern_free_size};
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;

fn throughput(kind: CredentialKind) -> (f64, f64) {
    let ctx = Context::default();
    let g = Generator::new(kind, None, &ctx).expect("default generator");
    let mut rng = UnwrapErr(SysRng);
    // Warm up, then time whole batches for at least half a second.
    for _ in 0..1_000 {
        black_box(g.draw(&mut rng));
    }
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < Duration::from_millis(500) {
        for _ in 0..1_000 {
            black_box(g.draw(&mut rng));
        }
        n += 1_000;
    }
    let secs = start.elapsed().as_secs_f64();
    (n as f64 / secs, g.set_size().bits())
}

fn main() {
    println!("## Generation throughput (OS CSPRNG, one thread)\n");
    println!("| kind | values/s | entropy (bits) |");
    println!("|---|---:|---:|");
    for kind in CredentialKind::ALL {
        let (per_sec, bits) = throughput(kind);
        println!("| {kind} | {per_sec:.0} | {bits:.2} |");
    }
    println!("\n## 90-02-02 passwords: exact entropy by length\n");
    println!("Values of the length free of every weak pattern (no * or #, 3 ascending/descending");
    println!(
        "digits, 3 equal in a row, factory values); below 8 the length alone makes them weak.\n"
    );
    println!("| length | all values 12^n | pattern-free | bits | max bits | kept |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let ctx = Context::default();
    for n in 4..=8u32 {
        let all = 12u128.pow(n);
        let free = pattern_free_size(CredentialKind::Password, n as usize, &ctx).unwrap_or(0);
        let bits = (free as f64).log2();
        let max = (all as f64).log2();
        println!(
            "| {n} | {all} | {free} | {bits:.3} | {max:.3} | {:.2}% |",
            100.0 * bits / max
        );
    }
}
