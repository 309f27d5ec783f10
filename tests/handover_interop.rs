//! Interoperability with the reference `age` CLI (Go): our files open with `age -d`, and files
//! made by `age -r`, `age -a -r` and `age -p` open with `nec-harden handover show`.
//!
//! The Go `age` reads passphrases only from a terminal, so those runs happen inside tmux.
//! Without `age`/`tmux` the tests print "SKIPPED" and pass, except under `CI`, where they fail.

use std::fs;

use crate::support::{TEST_WORK_FACTOR, USER2_PASSWORD, age_keygen, record, run, sh, ssh_keygen};
use nec_harden::handover::{Armor, Protection, parse_recipient, seal};
use secrecy::SecretString;

#[test]
fn our_x25519_and_ssh_files_open_with_age_cli() {
    if !crate::support::tools_available(&["age", "age-keygen", "ssh-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (age_key, age_pub) = age_keygen(dir.path(), "key.txt");
    let (ed_key, ed_pub) = ssh_keygen(dir.path(), "ed25519");
    let (rsa_key, rsa_pub) = ssh_keygen(dir.path(), "rsa");
    let text = record(4).to_toml();
    for (key, public) in [
        (&age_key, &age_pub),
        (&ed_key, &ed_pub),
        (&rsa_key, &rsa_pub),
    ] {
        let prot = Protection::Recipients(vec![parse_recipient(public).unwrap()]);
        for armor in [Armor::Ascii, Armor::Binary] {
            let file = dir.path().join("h.age");
            fs::write(&file, seal(text.as_bytes(), &prot, armor).unwrap()).unwrap();
            let out = sh("age", args!["-d", "-i", key, file]);
            assert_eq!(
                String::from_utf8(out.stdout).unwrap(),
                *text,
                "{public} {armor:?}"
            );
        }
    }
}

#[test]
fn our_passphrase_files_open_with_age_cli() {
    if !crate::support::tools_available(&["age", "tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = record(2).to_toml();
    let prot = Protection::passphrase_with_work_factor(
        SecretString::from("tango-lima-42"),
        TEST_WORK_FACTOR,
    );
    for (armor, name) in [(Armor::Ascii, "a"), (Armor::Binary, "b")] {
        let file = dir.path().join(format!("{name}.age"));
        fs::write(&file, seal(text.as_bytes(), &prot, armor).unwrap()).unwrap();
        let out = dir.path().join(format!("{name}.txt"));
        let plain = crate::support::age_decrypt_with_passphrase(&file, &out, "tango-lima-42");
        assert_eq!(String::from_utf8(plain).unwrap(), *text);
    }
}

/// The program's own passphrase files use work factor 18; the Go `age` refuses above 22.
#[test]
fn program_made_work_factor_18_file_opens_with_age_cli() {
    if !crate::support::tools_available(&["age", "tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass_file = dir.path().join("pass.txt");
    fs::write(&pass_file, "Correct horse 18\n").unwrap();
    let file = dir.path().join("h.age");
    let text = record(2).to_toml();
    let out = run(
        args![
            "handover",
            "seal",
            "--passphrase-file",
            pass_file,
            "-o",
            file
        ],
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = nec_harden::handover::header::inspect(&fs::read(&file).unwrap(), &file).unwrap();
    assert_eq!(bin.stanza_types, ["scrypt"]);
    let ascii = fs::read(&file).unwrap();
    let binary = dearmored(&ascii);
    assert!(
        contains(&binary, b"-> scrypt ") && header_line(&binary).ends_with(" 18"),
        "work factor is not 18: {}",
        header_line(&binary)
    );
    let plain = crate::support::age_decrypt_with_passphrase(
        &file,
        &dir.path().join("out"),
        "Correct horse 18",
    );
    let plain = String::from_utf8(plain).unwrap();
    assert!(plain.contains(USER2_PASSWORD));
    assert!(plain.contains("name      = \"Acme Dental North\""));
}

fn dearmored(ascii: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    age::armor::ArmoredReader::new(ascii)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn header_line(bin: &[u8]) -> String {
    let text = String::from_utf8_lossy(bin);
    text.lines()
        .find(|l| l.starts_with("-> scrypt "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn age_cli_recipient_files_open_with_show() {
    if !crate::support::tools_available(&["age", "age-keygen", "ssh-keygen"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("record.toml");
    fs::write(&plain, record(3).to_toml().as_bytes()).unwrap();
    let (age_key, age_pub) = age_keygen(dir.path(), "key.txt");
    let (ed_key, ed_pub) = ssh_keygen(dir.path(), "ed25519");
    for (key, public) in [(&age_key, &age_pub), (&ed_key, &ed_pub)] {
        for armor in [false, true] {
            let file = dir.path().join(format!("age-made-{armor}.age"));
            let _ = fs::remove_file(&file);
            if armor {
                sh("age", args!["-a", "-r", public, "-o", file, plain]);
            } else {
                sh("age", args!["-r", public, "-o", file, plain]);
            }
            let out = run(args!["handover", "show", file, "-i", key], b"");
            assert!(
                out.status.success(),
                "{public} armor={armor}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.stdout, fs::read(&plain).unwrap());
        }
    }
}

#[test]
fn age_cli_passphrase_files_open_with_show() {
    if !crate::support::tools_available(&["age", "tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("record.toml");
    fs::write(&plain, record(1).to_toml().as_bytes()).unwrap();
    for armor in [false, true] {
        let file = dir.path().join(format!("p-{armor}.age"));
        crate::support::age_encrypt_with_passphrase(&plain, &file, "kilo-echo-7", armor);
        let out = run(
            args!["handover", "show", file, "--passphrase-file", "-"],
            b"kilo-echo-7\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, fs::read(&plain).unwrap());
        // And verify reports the header without a key.
        let out = run(args!["handover", "verify", file], b"");
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("scrypt (passphrase)") && stdout.contains("not checked"));
    }
}
