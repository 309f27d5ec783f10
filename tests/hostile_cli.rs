//! The binary against hostile files, peers and terminals (issue 13), one test per case: a
//! Notepad passphrase file, escape sequences in files, endless inputs, secrets in messages,
//! closed and full standard outputs, writes under a hostile umask or over links, core dumps,
//! and secrets typed on a terminal.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Tmux, bin, fixture_identity, record, run, snapshot};
use nec_harden::handover::{Armor, Protection, parse_recipient, seal};
use secrecy::SecretString;

/// Waits for `child`, killing it if it runs past a bound far above any normal run: a hang
/// fails the test instead of stalling the suite (nothing is measured).
fn finish(mut child: Child) -> Output {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nec-harden hung: {:?}", child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(args: &[&std::ffi::OsStr], stdout: Stdio) -> Child {
    crate::support::command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One error line, exit `code`, no panic.
fn assert_one_line(o: &Output, code: i32) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

fn site(dir: &Path) -> PathBuf {
    crate::support::example_site(dir, "small-office.toml")
}

/// Sets the site's name (in the site file) to `name`, written with TOML escapes.
fn rename_site(site: &Path, name: &str) {
    let mut doc: toml::Table = fs::read_to_string(site).unwrap().parse().unwrap();
    doc["site"]["name"] = name.into();
    fs::write(site, toml::to_string(&doc).unwrap()).unwrap();
}

const OSC_TITLE: &str = "Evil\x1b]0;owned\x07 \x1b]52;c;aGk=\x07Site";

// Case 4: the passphrase sealed is the one a customer types at `age -d`.
#[test]
fn a_notepad_passphrase_file_seals_what_the_customer_types() {
    if !crate::support::tools_available(&["age", "tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, b"\xEF\xBB\xBFCorrect horse 18\r\n").unwrap();
    let file = dir.path().join("h.age");
    let text = record(2).to_toml();
    let o = run(
        args!["handover", "seal", "--passphrase-file", pass, "-o", file],
        text.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let plain = crate::support::age_decrypt_with_passphrase(
        &file,
        &dir.path().join("out"),
        "Correct horse 18",
    );
    assert!(String::from_utf8(plain).unwrap().contains("[credentials]"));
}

#[test]
fn passphrase_files_nobody_could_type_or_too_short_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = record(1).to_toml();
    for (name, content, why) in [
        ("short", &b"x\n"[..], "shorter than 12 characters"),
        (
            "spaces",
            b"Correct horse 18  \n",
            "begins or ends with a space",
        ),
        ("lines", b"Correct horse 18\nsecond\n", "more than one line"),
    ] {
        let pass = dir.path().join(name);
        fs::write(&pass, content).unwrap();
        let out = dir.path().join(format!("{name}.age"));
        let before = snapshot(dir.path());
        let o = run(
            args!["handover", "seal", "--passphrase-file", pass, "-o", out],
            text.as_bytes(),
        );
        let err = assert_one_line(&o, 3);
        assert!(err.contains(why) && err.contains(name), "{err}");
        assert!(!err.contains("Correct horse"), "{err}");
        assert_eq!(snapshot(dir.path()), before, "{name}: wrote a file");
    }
}

// Case 5: bytes from files and the network are escaped before they reach a terminal.
#[test]
fn escape_sequences_in_a_record_or_a_header_never_reach_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = fixture_identity();
    let mut r = record(1);
    r.site.name = OSC_TITLE.into();
    let sealed = seal(
        r.to_toml().as_bytes(),
        &Protection::Recipients(vec![parse_recipient(&public).unwrap()]),
        Armor::Ascii,
    )
    .unwrap();
    let file = dir.path().join("h.age");
    fs::write(&file, sealed).unwrap();
    let o = run(args!["handover", "verify", file, "-i", key], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("Evil\\u{1b}]0;owned\\u{7}"), "{out}");
    assert!(!out.contains(['\x1b', '\x07']), "{out:?}");

    // An unauthenticated stanza type, read without any key.
    let hostile = dir.path().join("stanza.age");
    fs::write(
        &hostile,
        b"age-encryption.org/v1\n-> \x1b]52;c;aGk=\x07 x\nAAAA\n--- AAAA\n",
    )
    .unwrap();
    let o = run(args!["handover", "verify", hostile], b"");
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(out.contains("\\u{1b}]52"), "{out}");
    assert!(!out.contains('\x1b'), "{out:?}");
}

#[test]
fn a_report_to_standard_output_escapes_the_site_name() {
    let dir = tempfile::tempdir().unwrap();
    let site = site(dir.path());
    rename_site(&site, OSC_TITLE);
    for format in ["md", "html", "json"] {
        let o = run(args!["report", site, "--format", format], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(!out.contains(['\x1b', '\x07']), "{format}: {out:?}");
        assert!(out.contains("Evil"), "{format}");
    }
}

// Case 6: every input is capped and must be a regular file (or `-`).
#[test]
fn devices_and_fifos_are_refused_without_reading_or_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let site = site(dir.path());
    let mut doc: toml::Table = fs::read_to_string(&site).unwrap().parse().unwrap();
    doc["site"]
        .as_table_mut()
        .unwrap()
        .insert("checklist".into(), "/dev/zero".into());
    fs::write(&site, toml::to_string(&doc).unwrap()).unwrap();
    let o = finish(spawn(args!["report", site], Stdio::piped()));
    let err = assert_one_line(&o, 3);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );

    let fifo = dir.path().join("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = finish(spawn(args!["report", fifo], Stdio::piped()));
    let err = assert_one_line(&o, 3);
    assert!(err.contains("not a regular file"), "{err}");

    let (_, public) = fixture_identity();
    let handover = dir.path().join("h.age");
    fs::write(&handover, b"x").unwrap();
    for args in [
        args!["handover", "verify", handover, "-i", "/dev/zero"],
        args![
            "handover",
            "verify",
            handover,
            "--passphrase-file",
            "/dev/zero"
        ],
        args!["handover", "verify", fifo],
        args!["checklist", "validate", fifo],
        args![
            "handover",
            "seal",
            "-R",
            "/dev/zero",
            "-o",
            dir.path().join("o.age")
        ],
        args![
            "handover",
            "seal",
            "-r",
            public,
            "-R",
            fifo,
            "-o",
            dir.path().join("o.age")
        ],
    ] {
        let o = finish(spawn(args, Stdio::piped()));
        let err = assert_one_line(&o, 3);
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

#[test]
fn an_endless_standard_input_stops_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let handover = dir.path().join("h.age");
    fs::write(&handover, b"x").unwrap();
    let zero = fs::File::open("/dev/zero").unwrap();
    let child = crate::support::command()
        .args(["handover", "verify"])
        .arg(&handover)
        .args(["--passphrase-file", "-"])
        .stdin(zero)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = finish(child);
    let err = assert_one_line(&o, 3);
    assert!(err.contains("larger than 4 KiB"), "{err}");
}

// Case 7: a private key given where a public one belongs is not echoed.
#[test]
fn a_private_key_passed_as_recipient_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = fixture_identity();
    let private = fs::read_to_string(key)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap()
        .to_owned();
    let o = run(
        args![
            "handover",
            "seal",
            "-r",
            private,
            "-o",
            dir.path().join("o.age")
        ],
        record(1).to_toml().as_bytes(),
    );
    let err = assert_one_line(&o, 2);
    assert!(err.contains("private key"), "{err}");
    let body = &private["AGE-SECRET-KEY-1".len()..];
    for piece in body.as_bytes().windows(6) {
        let piece = std::str::from_utf8(piece).unwrap();
        assert!(!err.contains(piece), "{err} echoes {piece}");
    }
}

// Case 8: a closed or full standard output is no panic.
#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = site(dir.path());
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/sl2100.toml");
    let commands = [
        args!["report", site],
        args!["checklist", "validate", list],
        args!["gen", "password", "--count", "50000"],
        args![
            "probe",
            "127.0.0.1",
            "--ports",
            "1",
            "--from",
            "outside",
            "--timeout-ms",
            "50"
        ],
    ];
    for args in commands {
        // A pipe whose reader is gone before the program writes: `| true`, deterministically.
        let (reader, writer) = rustix::pipe::pipe().unwrap();
        drop(reader);
        let o = finish(spawn(args, Stdio::from(writer)));
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("standard output"),
            "{args:?}: {}",
            stderr(&o)
        );

        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = finish(spawn(args, Stdio::from(full)));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {err}");
        assert!(err.contains("standard output: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

// Case 9: writes are 0600 whatever the umask, never replace a link or a special file.
#[test]
fn files_are_0600_under_any_umask_and_links_are_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let site = site(dir.path());
    for umask in ["277", "577", "000"] {
        let out = dir.path().join(format!("report-{umask}.md"));
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(bin())
            .arg("report")
            .arg(&site)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "umask {umask}");
    }
    let real = dir.path().join("real.md");
    fs::write(&real, b"keep").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let fifo = dir.path().join("fifo.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for target in [&link, &fifo] {
        let o = run(args!["report", site, "-o", target, "--force"], b"");
        let err = assert_one_line(&o, 3);
        assert!(err.contains("not a regular file"), "{err}");
        assert!(!fs::symlink_metadata(target).unwrap().file_type().is_file());
    }
    assert_eq!(fs::read(&real).unwrap(), b"keep");
}

// Case 10: no core file can hold the secrets.
#[cfg(target_os = "linux")]
#[test]
fn core_dumps_are_off_before_any_secret_exists() {
    if Command::new("sh")
        .args(["-c", "ulimit -c unlimited"])
        .status()
        .map_or(true, |s| !s.success())
    {
        eprintln!("SKIPPED: the hard core limit here cannot be raised");
        return;
    }
    // Started with `ulimit -c unlimited`, waiting for a value on standard input.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -c unlimited && exec \"$0\" check password -")
        .arg(bin())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limits = format!("/proc/{}/limits", child.id());
    let deadline = Instant::now() + Duration::from_secs(60);
    let core_line = loop {
        let text = fs::read_to_string(&limits).unwrap_or_default();
        let line = text
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or_default()
            .to_owned();
        let fields: Vec<&str> = line.split_whitespace().collect();
        // `sh` itself shows "unlimited" until it execs nec-harden, whose main sets 0 first.
        if fields.get(4..6) == Some(&["0", "0"][..]) || Instant::now() > deadline {
            break line;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(child.stdin.take());
    let _ = child.wait();
    let fields: Vec<&str> = core_line.split_whitespace().collect();
    assert_eq!(fields.get(4..6), Some(&["0", "0"][..]), "{core_line}");
}

// Case 12: secrets typed on a terminal are not echoed.
#[test]
fn secrets_typed_on_a_terminal_are_not_echoed() {
    if !crate::support::tools_available(&["tmux"]) {
        return;
    }
    let bin = bin().display().to_string();
    let t = Tmux::start(&format!("{bin} check password -"));
    t.wait_for_text("(not shown)", 1);
    t.type_line("7#31*904");
    let screen = t.wait_for_exit();
    assert!(!screen.contains("7#31*904"), "{screen}");
    assert!(
        screen.lines().any(|l| ["ok", "weak"].contains(&l.trim())),
        "{screen}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.age");
    let prot = Protection::passphrase_with_work_factor(SecretString::from("Correct horse 18"), 2);
    fs::write(
        &file,
        seal(record(1).to_toml().as_bytes(), &prot, Armor::Ascii).unwrap(),
    )
    .unwrap();
    let t = Tmux::start(&format!(
        "{bin} handover verify {} --passphrase-file -",
        file.display()
    ));
    t.wait_for_text("passphrase (not shown)", 1);
    t.type_line("Correct horse 18");
    let screen = t.wait_for_exit();
    assert!(!screen.contains("Correct horse"), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
}
