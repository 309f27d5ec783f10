//! The export round trip through the `keepass` crate, the refusals that change nothing, and
//! the proof that catches a file that does not hold the record.

use std::fs;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

use super::*;
use crate::handover::{Credential, Level, SiteInfo, Timestamp};
use crate::nec::model::Model;
use crate::secrets::kind::CredentialKind;

fn record() -> HandoverRecord {
    let mut r = HandoverRecord::new(SiteInfo {
        name: "Acme Dental North".into(),
        customer: "Acme Dental Ltd".into(),
        model: Model::Sl1100,
        installer: "J. Smith".into(),
    });
    r.sealed_at = Timestamp::parse("2026-11-22T01:30:00Z").unwrap();
    let s = SecretString::from;
    r.credentials.push(
        Credential::new(
            "90-02-02",
            CredentialKind::Password,
            "user 2",
            s("9#2*724#"),
        )
        .with_level(Level::Installer)
        .with_user("op2x"),
    );
    r.credentials.push(
        Credential::new(
            "84-22-02",
            CredentialKind::SipPassword,
            "extension 101",
            s("Zq7#sip81"),
        )
        .with_user("7730101"),
    );
    r.credentials.push(Credential::new(
        "VM",
        CredentialKind::Code,
        "extension 101",
        s("4821"),
    ));
    r
}

fn password() -> SecretString {
    SecretString::from("correct horse battery")
}

fn target<'a>(path: &'a std::path::Path, inputs: &'a [PathBuf]) -> ExportTarget<'a> {
    ExportTarget {
        path,
        overwrite: Overwrite::Refuse,
        inputs,
        kdf: Kdf::TEST,
    }
}

#[test]
fn export_reopens_with_the_password_to_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    let proof = export(&record(), &password(), &target(&out, &[])).unwrap();
    assert_eq!(proof.entries, 3);
    assert_eq!(proof.groups, 3);
    let bytes = fs::read(&out).unwrap();
    let (folder, found) = database::read_entries(&bytes, &password()).unwrap();
    assert_eq!(folder, "Acme Dental North");
    let wanted = entries(&record());
    assert_eq!(found.len(), wanted.len());
    for (w, f) in wanted.iter().zip(&found) {
        assert!(w.same_as(f), "{w:?} != {f:?}");
    }
    assert_eq!(found[0].password.expose_secret(), "9#2*724#");
    assert_eq!(
        found[1].username.as_ref().map(ExposeSecret::expose_secret),
        Some("7730101")
    );
}

#[test]
fn the_file_on_disk_is_encrypted_and_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    export(&record(), &password(), &target(&out, &[])).unwrap();
    let bytes = fs::read(&out).unwrap();
    // KDBX signature, then version 4.
    assert_eq!(
        &bytes[..8],
        &[0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]
    );
    assert_eq!(u16::from_le_bytes([bytes[10], bytes[11]]), 4);
    for needle in ["9#2*724#", "Zq7#sip81", "7730101", "op2x", "Acme Dental"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} in plain text"
        );
    }
    // No temporary file left beside it.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_wrong_password_does_not_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    export(&record(), &password(), &target(&out, &[])).unwrap();
    let bytes = fs::read(&out).unwrap();
    assert!(database::read_entries(&bytes, &SecretString::from("wrong")).is_err());
}

#[cfg(unix)]
#[test]
fn mode_is_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    export(&record(), &password(), &target(&out, &[])).unwrap();
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn an_existing_file_is_kept_without_overwrite_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    fs::write(&out, b"the customer's own database").unwrap();
    let err = export(&record(), &password(), &target(&out, &[])).unwrap_err();
    assert!(matches!(err, ExportError::OutputExists { .. }), "{err}");
    assert_eq!(fs::read(&out).unwrap(), b"the customer's own database");
    let mut t = target(&out, &[]);
    t.overwrite = Overwrite::Replace;
    export(&record(), &password(), &t).unwrap();
    assert!(database::read_entries(&fs::read(&out).unwrap(), &password()).is_ok());
}

#[test]
fn an_input_is_never_the_output_even_with_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let handover = dir.path().join("acme.age");
    fs::write(&handover, b"age file").unwrap();
    let inputs = [handover.clone()];
    let mut links = vec![handover.clone()];
    #[cfg(unix)]
    {
        let sym = dir.path().join("sym.kdbx");
        std::os::unix::fs::symlink(&handover, &sym).unwrap();
        let hard = dir.path().join("hard.kdbx");
        fs::hard_link(&handover, &hard).unwrap();
        links.extend([sym, hard]);
    }
    for out in &links {
        let mut t = target(out, &inputs);
        t.overwrite = Overwrite::Replace;
        let err = export(&record(), &password(), &t).unwrap_err();
        assert!(matches!(err, ExportError::OwnInput { .. }), "{err}");
        assert!(err.is_usage());
        assert_eq!(fs::read(&handover).unwrap(), b"age file");
    }
}

#[test]
fn the_proof_catches_a_file_that_holds_other_entries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme.kdbx");
    export(&record(), &password(), &target(&out, &[])).unwrap();
    let mut other = record();
    other.credentials[0].secret = SecretString::from("5#8*316#");
    let err = prove(&out, &password(), "Acme Dental North", &entries(&other)).unwrap_err();
    assert!(
        err.contains("System logins (90-02) / Acme Dental North - user 2 (IN)"),
        "{err}"
    );
    assert!(
        !err.contains("5#8*316#") && !err.contains("9#2*724#"),
        "{err}"
    );
    let mut fewer = record();
    fewer.credentials.pop();
    let err = prove(&out, &password(), "Acme Dental North", &entries(&fewer)).unwrap_err();
    assert!(err.contains("3 entries instead of 2"), "{err}");
    let err = prove(&out, &password(), "Acme", &entries(&record())).unwrap_err();
    assert!(err.contains("site folder"), "{err}");
    let err = prove(
        &out,
        &SecretString::from("wrong"),
        "Acme Dental North",
        &entries(&record()),
    )
    .unwrap_err();
    assert!(err.contains("does not open with the password"), "{err}");
}

#[test]
fn the_program_kdf_is_argon2id_at_keepassxc_memory() {
    let db = database::build("x", &[], Kdf::PROGRAM);
    assert!(matches!(
        db.config.kdf_config,
        keepass::config::KdfConfig::Argon2id { memory, .. } if memory == 64 * 1024 * 1024
    ));
}
