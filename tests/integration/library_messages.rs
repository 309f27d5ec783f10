//! The library's messages name no command-line flag and no Rust path: the command line and the
//! wizard each add their own advice, so the wizard never tells a technician to type `-i`.
//!
//! Why: `HandoverError::UnprovenRecipients` said "give the private key with -i, or confirm with
//! --no-verify-identity (GuardOverride::RecipientsOnlyConfirmed)", and the wizard showed the
//! same words. This scans every string literal of the library modules whose errors reach both
//! front ends, so a flag cannot drift back in.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules whose messages both the command line and the wizard show.
const LIBRARY: &[&str] = &[
    "src/handover",
    "src/secrets",
    "src/kdbx",
    "src/atomic_file.rs",
    "src/output_file.rs",
    "src/input_file.rs",
];

/// The handover record's own header comment tells the customer how to open the file with the
/// `age` CLI and this program: instructions in the file, not an error message.
const NOT_MESSAGES: &[&str] = &["src/handover/record_write.rs"];

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for entry in LIBRARY {
        let path = root.join(entry);
        if path.is_dir() {
            for f in fs::read_dir(&path).unwrap() {
                files.push(f.unwrap().path());
            }
        } else {
            files.push(path);
        }
    }
    files.retain(|f| {
        let name = f.file_name().unwrap().to_string_lossy();
        let test_file = name == "tests.rs" || name.ends_with("_tests.rs");
        let excluded = NOT_MESSAGES.iter().any(|n| f.ends_with(n));
        f.extension().is_some_and(|e| e == "rs") && !test_file && !excluded
    });
    files.sort();
    files
}

/// The string literals of Rust source `text` up to its test module, with their line numbers.
fn string_literals(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        match chars[i] {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' => {
                // A char literal ('"', '\n'); a lifetime ('a) has no closing quote.
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
            }
            '"' => {
                let start = line;
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        s.push(chars[i]);
                        i += 1;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    s.push(chars[i]);
                    i += 1;
                }
                out.push((start, s));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A command-line flag (`--force`, `-i`, `-r/-R`) or a Rust path (`GuardOverride::X`).
fn flag_or_path(s: &str) -> Option<String> {
    if s.contains("::") {
        return Some("a Rust path".into());
    }
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'-' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let after_word_start = i == 0 || b" (`/[".contains(&b[i - 1]);
        let long =
            b.get(i.wrapping_sub(1)) == Some(&b'-') && (i < 2 || b" (`/[".contains(&b[i - 2]));
        let single = after_word_start && !b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric);
        if long || single {
            let end = (i + 12).min(s.len());
            return Some(format!("a flag near `{}`", &s[i.saturating_sub(1)..end]));
        }
    }
    None
}

#[test]
fn the_detector_sees_flags_and_paths_and_passes_plain_words() {
    for bad in [
        "file exists; use --force to replace it",
        "give the private key with -i",
        "drop -r/-R or the passphrase option",
        "confirm with GuardOverride::RecipientsOnlyConfirmed",
        "(`--username-charset extended` adds ! # % *)",
    ] {
        assert!(flag_or_path(bad).is_some(), "{bad}");
    }
    for fine in [
        "90-02-01: the user name",
        "age-encryption.org/v1",
        "X25519, ssh-ed25519",
        "(or - for standard input)",
        "1 to 10 letters and digits",
        "a well-known value",
    ] {
        assert_eq!(flag_or_path(fine), None, "{fine}");
    }
    let lits =
        string_literals("let a = '\"'; // \"-i\"\nlet b = \"x --force\";\n#[cfg(test)]\n\"-i\"");
    assert_eq!(lits, vec![(2, "x --force".to_owned())]);
}

#[test]
fn library_messages_name_no_flag_and_no_rust_path() {
    let files = sources();
    assert!(files.len() > 20, "found only {files:?}");
    let mut found = Vec::new();
    let mut literals = 0;
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        for (line, lit) in string_literals(&text) {
            literals += 1;
            if let Some(what) = flag_or_path(&lit) {
                found.push(format!("{}:{line}: {what}: {lit}", file.display()));
            }
        }
    }
    assert!(literals > 200, "scanned only {literals} literals");
    assert!(
        found.is_empty(),
        "library messages naming flags:\n{}",
        found.join("\n")
    );
}
