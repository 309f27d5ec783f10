//! The README's examples, run as written (issue 11), so the README cannot drift from the
//! program again.
//!
//! Which blocks run: every fenced `sh` block of README.md right after a line starting with
//! `<!-- tested` (other blocks, such as `cargo` set-up commands or ones that need a person at a
//! terminal, are left alone, so new sections never break this test). Each block runs as one
//! `sh -e` script in a temporary folder holding the files the README presumes: `site.toml`
//! (the shipped small-office example), `my-sl2100.toml` (the shipped SL2100 checklist), and
//! the keys `customer-key.txt`, `my-key.txt` and `new-key.txt` made by `age-keygen`, with
//! `dealer-keys.txt` listing `my-key.txt`'s public key. Only placeholders are substituted:
//! `age1customerkey...` and `age1newkey...` by those public keys and `YYYYMMDD` by today's
//! date (the name the replay gives the new handover). The dealer profile lives in the temporary
//! folder too (`XDG_CONFIG_HOME`), never in the user's own config folder.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{age_keygen, bin, example_site, tools_available};

/// The tested blocks of `readme`, in order.
fn tested_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with("<!-- tested") {
            continue;
        }
        let fence = lines.by_ref().find(|l| !l.trim().is_empty());
        assert_eq!(
            fence.map(str::trim),
            Some("```sh"),
            "a `<!-- tested` marker must come right before a ```sh block"
        );
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        blocks.push(body.join("\n"));
    }
    blocks
}

fn today() -> String {
    nec_harden::timestamp::Timestamp::now()
        .as_str()
        .chars()
        .take(10)
        .filter(char::is_ascii_digit)
        .collect()
}

#[test]
fn every_tested_readme_block_runs_as_written() {
    if !tools_available(&["age", "age-keygen"]) {
        return;
    }
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let blocks = tested_blocks(&readme);
    assert!(blocks.len() >= 2, "the README marks its examples as tested");

    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    fs::rename(&site, dir.path().join("site.toml")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/sl2100.toml"),
        dir.path().join("my-sl2100.toml"),
    )
    .unwrap();
    let (_, customer) = age_keygen(dir.path(), "customer-key.txt");
    let (_, mine) = age_keygen(dir.path(), "my-key.txt");
    let (_, new) = age_keygen(dir.path(), "new-key.txt");
    fs::write(dir.path().join("dealer-keys.txt"), format!("{mine}\n")).unwrap();

    let bin_dir = bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let date = today();
    for block in &blocks {
        let script = block
            .replace("age1customerkey...", &customer)
            .replace("age1newkey...", &new)
            .replace("YYYYMMDD", &date);
        let o = Command::new("sh")
            .args(["-e", "-c", &script])
            .current_dir(dir.path())
            .env("PATH", &path)
            // The profile blocks write a profile: never the user's own.
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "README block failed ({}):\n{block}\n--- stdout\n{}\n--- stderr\n{}",
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // What the blocks promise was made.
    for made in [
        format!("site.handover-{date}.age"),
        "site.kdbx".into(),
        "site-report.html".into(),
        "site-moved.age".into(),
    ] {
        assert!(dir.path().join(&made).is_file(), "{made} was not written");
    }
}

#[test]
fn markers_pick_only_the_marked_blocks() {
    let text = "```sh\nnot me\n```\n<!-- tested -->\n\n```sh\na\nb\n```\n```sh\nno\n```\n";
    assert_eq!(tested_blocks(text), vec!["a\nb".to_owned()]);
}
