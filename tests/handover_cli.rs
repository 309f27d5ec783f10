//! The `handover` commands as a technician meets them: summaries without secrets, the whole
//! record with `show`, and for every bad input one line on stderr naming the file, exit 3
//! (2 for usage errors) and nothing written.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::{TEST_WORK_FACTOR, USER2_PASSWORD, record, run, snapshot};
use nec_harden::handover::{Armor, Protection, parse_recipient, seal};
use secrecy::{ExposeSecret, SecretString};

/// Asserts a failed run: the exit code, and exactly one stderr line naming `names`.
fn assert_one_line_error(out: &Output, code: i32, names: &str, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("nec-harden: "), "{stderr}");
    assert!(stderr.contains(names), "{stderr} does not name {names}");
    assert!(stderr.contains(says), "{stderr} does not say {says}");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

struct Site {
    dir: tempfile::TempDir,
    key: std::path::PathBuf,
    public: String,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let id = age::x25519::Identity::generate();
    let key = dir.path().join("key.txt");
    fs::write(
        &key,
        format!(
            "# created: today\n# public key: {}\n{}\n",
            id.to_public(),
            id.to_string().expose_secret()
        ),
    )
    .unwrap();
    Site {
        public: id.to_public().to_string(),
        dir,
        key,
    }
}

fn sealed_to_key(s: &Site, armor: Armor) -> std::path::PathBuf {
    let prot = Protection::Recipients(vec![parse_recipient(&s.public).unwrap()]);
    let file = s.dir.path().join(if armor == Armor::Ascii {
        "h.age"
    } else {
        "h.bin.age"
    });
    fs::write(
        &file,
        seal(record(3).to_toml().as_bytes(), &prot, armor).unwrap(),
    )
    .unwrap();
    file
}

fn sealed_to_passphrase(s: &Site, pass: &str) -> std::path::PathBuf {
    let prot = Protection::passphrase_with_work_factor(SecretString::from(pass), TEST_WORK_FACTOR);
    let file = s.dir.path().join("p.age");
    fs::write(
        &file,
        seal(record(3).to_toml().as_bytes(), &prot, Armor::Ascii).unwrap(),
    )
    .unwrap();
    file
}

fn name(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn verify_prints_a_summary_without_secrets() {
    let s = site();
    let file = sealed_to_key(&s, Armor::Ascii);
    let out = run(args!["handover", "verify", file, "-i", s.key], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Acme Dental North (SL2100)"), "{text}");
    assert!(text.contains("sealed to:   X25519"), "{text}");
    assert!(
        text.contains(
            "credentials: 16 (username 3, password 3, userpro 3, code 3, sip-password 3, port 1)"
        ),
        "{text}"
    );
    assert!(text.contains("checked: decrypts to a valid handover record"));
    assert!(!text.contains(USER2_PASSWORD));
    assert!(!text.contains("s0p#Q101z"));
}

#[test]
fn verify_without_a_key_reports_recipient_types() {
    let s = site();
    let file = sealed_to_key(&s, Armor::Binary);
    let out = run(args!["handover", "verify", file], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("(binary)") && text.contains("sealed to:   X25519"),
        "{text}"
    );
    assert!(text.contains("content:     not checked"), "{text}");
}

#[test]
fn show_prints_the_whole_record_with_passphrase_from_stdin() {
    let s = site();
    let file = sealed_to_passphrase(&s, "golf-hotel");
    let out = run(
        args!["handover", "show", file, "--passphrase-file", "-"],
        b"golf-hotel\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, record(3).to_toml().as_bytes());
}

#[test]
fn wrong_identity() {
    let s = site();
    let file = sealed_to_key(&s, Armor::Ascii);
    let other = s.dir.path().join("other.txt");
    let other_id = age::x25519::Identity::generate().to_string();
    fs::write(&other, other_id.expose_secret()).unwrap();
    let before = snapshot(s.dir.path());
    let out = run(args!["handover", "show", file, "-i", other], b"");
    assert_one_line_error(&out, 3, &name(&file), "no identity matches");
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn wrong_passphrase() {
    let s = site();
    let file = sealed_to_passphrase(&s, "right-one");
    let before = snapshot(s.dir.path());
    let out = run(
        args!["handover", "show", file, "--passphrase-file", "-"],
        b"wrong-one\n",
    );
    assert_one_line_error(&out, 3, &name(&file), "wrong passphrase");
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn truncated_files() {
    let s = site();
    for armor in [Armor::Ascii, Armor::Binary] {
        let file = sealed_to_key(&s, armor);
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() - 30]).unwrap();
        let before = snapshot(s.dir.path());
        let out = run(args!["handover", "show", file, "-i", s.key], b"");
        assert_one_line_error(&out, 3, &name(&file), "truncated or damaged");
        assert_eq!(snapshot(s.dir.path()), before);
    }
}

#[test]
fn a_file_that_is_not_age() {
    let s = site();
    let file = s.dir.path().join("notes.txt");
    fs::write(&file, "format = 1\n").unwrap();
    let out = run(args!["handover", "verify", file, "-i", s.key], b"");
    assert_one_line_error(&out, 3, &name(&file), "not an age file");
    let out = run(args!["handover", "verify", file], b"");
    assert_one_line_error(&out, 3, &name(&file), "not an age file");
}

#[test]
fn a_missing_file_and_a_bad_identity_file() {
    let s = site();
    let missing = s.dir.path().join("missing.age");
    let out = run(args!["handover", "show", missing, "-i", s.key], b"");
    assert_one_line_error(&out, 3, &name(&missing), "cannot read");
    let file = sealed_to_key(&s, Armor::Ascii);
    let bad_id = s.dir.path().join("bad-id.txt");
    fs::write(&bad_id, "AGE-SECRET-KEY-1NOPE\n").unwrap();
    let out = run(args!["handover", "show", file, "-i", bad_id], b"");
    assert_one_line_error(&out, 3, &name(&bad_id), "not an identity file");
}

fn seal_args<'a>(extra: &'a [&'a std::ffi::OsStr]) -> Vec<&'a std::ffi::OsStr> {
    let mut v: Vec<&std::ffi::OsStr> = vec!["handover".as_ref(), "seal".as_ref()];
    v.extend_from_slice(extra);
    v
}

#[test]
fn a_bad_recipient_string() {
    let s = site();
    let out_file = s.dir.path().join("new.age");
    let before = snapshot(s.dir.path());
    let out = run(
        &seal_args(args!["-r", "age1notakey", "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(&out, 2, "age1notakey", "bad recipient");
    assert!(String::from_utf8_lossy(&out.stderr).contains(&name(&out_file)));
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn a_bad_recipients_file_names_the_line() {
    let s = site();
    let rfile = s.dir.path().join("recipients.txt");
    fs::write(
        &rfile,
        format!("# customer keys\n\n{}\nnot-a-key\n", s.public),
    )
    .unwrap();
    let out_file = s.dir.path().join("new.age");
    let before = snapshot(s.dir.path());
    let out = run(
        &seal_args(args!["-R", rfile, "-i", s.key, "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(
        &out,
        3,
        &format!("{}: line 4", name(&rfile)),
        "bad recipient",
    );
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn passphrase_mixed_with_recipients() {
    let s = site();
    let pass = s.dir.path().join("pass.txt");
    fs::write(&pass, "pw\n").unwrap();
    let out_file = s.dir.path().join("new.age");
    let before = snapshot(s.dir.path());
    let out = run(
        &seal_args(args![
            "-r",
            s.public,
            "--passphrase-file",
            pass,
            "-o",
            out_file
        ]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(&out, 2, &name(&out_file), "not both");
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn an_existing_output() {
    let s = site();
    let out_file = s.dir.path().join("existing.age");
    fs::write(&out_file, "previous handover").unwrap();
    let before = snapshot(s.dir.path());
    let out = run(
        &seal_args(args!["-r", s.public, "-i", s.key, "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(&out, 3, &name(&out_file), "file exists; use --force");
    assert_eq!(snapshot(s.dir.path()), before);

    // With --force it is replaced, and the new file opens.
    let out = run(
        &seal_args(args![
            "-r", s.public, "-i", s.key, "-o", out_file, "--force"
        ]),
        record(1).to_toml().as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(args!["handover", "show", out_file, "-i", s.key], b"");
    assert!(out.status.success());
}

#[test]
fn an_unwritable_folder() {
    let s = site();
    let out_file = s.dir.path().join("no-such-folder").join("h.age");
    let out = run(
        &seal_args(args!["-r", s.public, "-i", s.key, "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(&out, 3, &name(&out_file), "cannot write");
    assert!(!out_file.parent().unwrap().exists());
}

#[test]
fn recipients_only_needs_an_identity_or_the_explicit_override() {
    let s = site();
    let out_file = s.dir.path().join("new.age");
    let before = snapshot(s.dir.path());
    let out = run(
        &seal_args(args!["-r", s.public, "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert_one_line_error(&out, 2, &name(&out_file), "--no-verify-identity");
    assert_eq!(snapshot(s.dir.path()), before);

    let out = run(
        &seal_args(args![
            "-r",
            s.public,
            "--no-verify-identity",
            "--binary",
            "-o",
            out_file
        ]),
        record(1).to_toml().as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!fs::read(&out_file).unwrap().starts_with(b"-----BEGIN"));
}

#[test]
fn a_bad_record_on_stdin_writes_nothing() {
    let s = site();
    let out_file = s.dir.path().join("new.age");
    let before = snapshot(s.dir.path());
    let text = record(1).to_toml().replace("format = 1", "format = 9");
    let out = run(
        &seal_args(args!["-r", s.public, "-i", s.key, "-o", out_file]),
        text.as_bytes(),
    );
    assert_one_line_error(&out, 3, "-: handover record format 9", "not supported");
    assert_eq!(snapshot(s.dir.path()), before);
}

#[test]
fn generate_passphrase_prints_it_once_and_it_opens_the_file() {
    let s = site();
    let out_file = s.dir.path().join("gen.age");
    let out = run(
        &seal_args(args!["--generate-passphrase", "-o", out_file]),
        record(1).to_toml().as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("79.3 bits"), "{stdout}");
    let pass = stdout
        .lines()
        .find(|l| l.starts_with("passphrase"))
        .and_then(|l| l.rsplit(' ').next())
        .unwrap();
    assert_eq!(pass.len(), 19);
    let out = run(
        args!["handover", "show", out_file, "--passphrase-file", "-"],
        format!("{pass}\n").as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
