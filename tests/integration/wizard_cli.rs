//! `nec-harden [SITE.toml] [--checklist FILE]`: bad input is refused in one line, before the
//! terminal is touched, and the other commands still work beside the optional SITE argument.

use std::process::Command;

fn bin() -> Command {
    crate::support::command()
}

fn one_line_error(out: &std::process::Output, code: i32, names: &str) {
    assert_eq!(out.status.code(), Some(code));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(names), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_site_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("nowhere.toml");
    let out = bin().arg(&site).output().unwrap();
    one_line_error(&out, 3, "nowhere.toml");
}

#[test]
fn a_malformed_site_file_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("bad.toml");
    std::fs::write(&site, "format = 1\n[site\n").unwrap();
    let out = bin().arg(&site).output().unwrap();
    one_line_error(&out, 3, "bad.toml");
    assert_eq!(
        std::fs::read_to_string(&site).unwrap(),
        "format = 1\n[site\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn a_bad_dealer_checklist_is_named() {
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/checklists/bad-syntax.toml"
    );
    let out = bin().args(["--checklist", bad]).output().unwrap();
    one_line_error(&out, 3, "bad-syntax.toml");
}

#[test]
fn help_names_the_site_argument_and_the_commands() {
    let out = bin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "SITE.toml",
        "--checklist",
        "gen",
        "check",
        "report",
        "handover",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    let gen_out = bin()
        .args(["gen", "code", "--count", "2"])
        .output()
        .unwrap();
    assert!(gen_out.status.success(), "subcommands still parse");
}
