//! Age header benchmark: how long a hostile header of N X25519 stanzas takes to read, in the
//! age crate's own reader (which the program called directly before the header caps) and in
//! the program's reader (which refuses past 128 stanzas before age sees a byte).
//!
//! Run with `cargo bench --bench age_header`; `AGE_HEADER_MAX=N` sets the largest stanza count
//! given to the age crate (default 10000). Figures are printed, never asserted.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn armored_file(stanzas: usize) -> Vec<u8> {
    let mut bin = b"age-encryption.org/v1\n".to_vec();
    for _ in 0..stanzas {
        bin.extend_from_slice(b"-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n");
        bin.extend_from_slice(b"EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n");
    }
    bin.extend_from_slice(b"--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n");
    bin.extend_from_slice(&[0u8; 64]);
    let mut out = Vec::new();
    let mut w = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .expect("armor");
    std::io::Write::write_all(&mut w, &bin).expect("armor");
    w.finish().expect("armor");
    out
}

fn main() {
    let max: usize = std::env::var("AGE_HEADER_MAX")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    println!("| stanzas | file bytes | age crate header read | nec-harden header check |");
    println!("|---:|---:|---:|---:|");
    for stanzas in [128, 1_000, 2_500, 5_000, 10_000] {
        let file = armored_file(stanzas);
        let start = Instant::now();
        let checked = nec_harden::handover::inspect(&file, Path::new("h.age"));
        let ours = start.elapsed();
        let theirs = if stanzas <= max {
            let start = Instant::now();
            let parsed =
                age::Decryptor::new_buffered(age::armor::ArmoredReader::new(&file[..])).is_ok();
            black_box(parsed);
            format!("{:.2} s", start.elapsed().as_secs_f64())
        } else {
            "skipped".into()
        };
        println!(
            "| {stanzas} | {} | {theirs} | {:.2} ms ({}) |",
            file.len(),
            ours.as_secs_f64() * 1e3,
            if checked.is_ok() { "read" } else { "refused" }
        );
    }
}
