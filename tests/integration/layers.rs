//! Which layer may use which crate: clap only in the command line (`src/cli/`, `src/main.rs`),
//! ratatui and crossterm only in the wizard (`src/tui/`); the domain uses neither.
//!
//! Why: `UsernameCharset`, a rules-engine type, derived `clap::ValueEnum`, so the domain
//! depended on the command line's parser.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library files (relative to `src/`) outside `allowed` that name `krate` in code.
fn users_outside(krate: &str, allowed: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let needles = [format!("{krate}::"), format!("use {krate}")];
    let mut found = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if allowed.iter().any(|a| rel.starts_with(a)) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if needles.iter().any(|k| code.contains(k.as_str())) {
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn clap_stays_in_the_command_line() {
    let found = users_outside("clap", &["cli/", "main.rs"]);
    assert!(
        found.is_empty(),
        "clap outside the CLI:\n{}",
        found.join("\n")
    );
}

#[test]
fn ratatui_and_crossterm_stay_in_the_wizard() {
    for krate in ["ratatui", "crossterm"] {
        let found = users_outside(krate, &["tui/"]);
        assert!(
            found.is_empty(),
            "{krate} outside the wizard:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_scan_sees_the_layers_it_allows() {
    // Without the allowance the CLI's own clap use is found: the scan reads real code.
    assert!(!users_outside("clap", &[]).is_empty());
    assert!(!users_outside("ratatui", &[]).is_empty());
}
