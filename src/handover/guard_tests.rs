//! Unit tests of sealing, opening and the lock-out guard.

use std::fs;
use std::path::Path;

use secrecy::SecretString;

use super::guard::prove_file;
use super::record_tests::sample_record;
use super::*;
use crate::atomic_file::Overwrite;

/// A low scrypt work factor, for speed; the program always uses [`SCRYPT_WORK_FACTOR`].
const TEST_WORK_FACTOR: u8 = 2;

fn pass(p: &str) -> Protection {
    Protection::passphrase_with_work_factor(SecretString::from(p), TEST_WORK_FACTOR)
}

fn x25519_pair() -> (age::x25519::Identity, Protection) {
    let id = age::x25519::Identity::generate();
    let r = Recipient::X25519(id.to_public());
    (id, Protection::Recipients(vec![r]))
}

#[test]
fn seal_open_round_trip_armored_and_binary() {
    let (id, prot) = x25519_pair();
    let mut keys = Keys::none();
    keys.add_x25519(id);
    for armor in [Armor::Ascii, Armor::Binary] {
        let text = sample_record().to_toml();
        let sealed = seal(text.as_bytes(), &prot, armor).unwrap();
        assert_eq!(
            sealed.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"),
            armor == Armor::Ascii
        );
        let opened = open_bytes(&sealed, &keys, Path::new("f.age")).unwrap();
        assert_eq!(*opened.text, *text);
        assert_eq!(opened.header.stanza_types, ["X25519"]);
        assert_eq!(opened.header.armored, armor == Armor::Ascii);
    }
}

#[test]
fn wrong_key_wrong_passphrase_and_missing_key_are_named() {
    let p = Path::new("f.age");
    let (_, prot) = x25519_pair();
    let sealed = seal(b"format = 1\n", &prot, Armor::Ascii).unwrap();
    let mut other = Keys::none();
    other.add_x25519(age::x25519::Identity::generate());
    let err = open_bytes(&sealed, &other, p).unwrap_err();
    assert!(
        matches!(err, HandoverError::NoMatchingIdentity { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("no identity matches"));
    assert!(matches!(
        open_bytes(&sealed, &Keys::from_passphrase("x".into()), p),
        Err(HandoverError::IdentityNeeded { .. })
    ));

    let sealed = seal(b"format = 1\n", &pass("right"), Armor::Binary).unwrap();
    assert!(matches!(
        open_bytes(&sealed, &Keys::from_passphrase("wrong".into()), p),
        Err(HandoverError::WrongPassphrase { .. })
    ));
    assert!(matches!(
        open_bytes(&sealed, &Keys::none(), p),
        Err(HandoverError::PassphraseNeeded { .. })
    ));
}

#[test]
fn truncated_and_foreign_files_are_named() {
    let p = Path::new("f.age");
    let (id, prot) = x25519_pair();
    let mut keys = Keys::none();
    keys.add_x25519(id);
    let text = sample_record().to_toml();
    for armor in [Armor::Ascii, Armor::Binary] {
        let sealed = seal(text.as_bytes(), &prot, armor).unwrap();
        for cut in [sealed.len() - 40, sealed.len() / 2, 60] {
            let err = open_bytes(&sealed[..cut], &keys, p).unwrap_err();
            assert!(
                matches!(err, HandoverError::Truncated { .. }),
                "{armor:?} cut at {cut}: {err}"
            );
        }
    }
    assert!(matches!(
        open_bytes(b"just some text\n", &keys, p),
        Err(HandoverError::NotAgeFile { .. })
    ));
}

#[test]
fn mixing_passphrase_and_recipients_is_refused() {
    let opts = SealOptions {
        recipients: vec![age::x25519::Identity::generate().to_public().to_string()],
        generate_passphrase: true,
        output: Some("out.age".into()),
        ..SealOptions::default()
    };
    let err = opts.resolve(None, &mut &b""[..]).unwrap_err();
    assert!(matches!(err, HandoverError::MixedPassphraseAndRecipients));
    assert!(err.is_usage());
}

#[test]
fn bad_recipient_names_itself() {
    let err = parse_recipient("age1notakey").unwrap_err();
    assert!(
        err.to_string().starts_with("bad recipient `age1notakey`: "),
        "{err}"
    );
    assert!(parse_recipient("hello").is_err());
    assert!(parse_recipient("ssh-ed25519 AAAAnotbase64").is_err());
}

#[test]
fn a_private_key_given_as_recipient_is_not_echoed() {
    let id = age::x25519::Identity::generate();
    let private = secrecy::ExposeSecret::expose_secret(&id.to_string()).to_owned();
    let err = parse_recipient(&private).unwrap_err().to_string();
    assert!(err.contains("private key"), "{err}");
    // Not even a part of it: the message keeps nothing past the common prefix.
    let body = &private["AGE-SECRET-KEY-1".len()..];
    for window in body.as_bytes().windows(6) {
        let piece = std::str::from_utf8(window).unwrap();
        assert!(!err.contains(piece), "{err} echoes {piece}");
    }
    let typed_passphrase = parse_recipient("hunter2 correct horse").unwrap_err();
    assert!(!typed_passphrase.to_string().contains("hunter2"));
}

#[test]
fn guard_refuses_recipients_without_identity_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.age");
    let (_, prot) = x25519_pair();
    let target = SealTarget {
        protection: &prot,
        armor: Armor::Ascii,
        path: &path,
        overwrite: Overwrite::Refuse,
    };
    let err = seal_and_prove(
        &mut sample_record(),
        &target,
        &Keys::none(),
        GuardOverride::None,
    )
    .unwrap_err();
    assert!(matches!(err, HandoverError::UnprovenRecipients { .. }));
    let msg = err.to_string();
    // Neutral words: the command line and the wizard add their own advice.
    assert!(msg.contains("no identity was given"), "{msg}");
    assert!(!msg.contains("--") && !msg.contains("::"), "{msg}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);

    // With the explicit override it seals and checks the header only.
    let proof = seal_and_prove(
        &mut sample_record(),
        &target,
        &Keys::none(),
        GuardOverride::RecipientsOnlyConfirmed,
    )
    .unwrap();
    assert_eq!(proof.method(), ProofMethod::RecipientsOnlyConfirmed);
}

#[test]
fn guard_refuses_a_wrong_identity_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.age");
    fs::write(&path, b"previous handover").unwrap();
    let (_, prot) = x25519_pair();
    let mut keys = Keys::none();
    keys.add_x25519(age::x25519::Identity::generate());
    let target = SealTarget {
        protection: &prot,
        armor: Armor::Ascii,
        path: &path,
        overwrite: Overwrite::Replace,
    };
    let err =
        seal_and_prove(&mut sample_record(), &target, &keys, GuardOverride::None).unwrap_err();
    assert!(
        matches!(err, HandoverError::NoMatchingIdentity { .. }),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), b"previous handover");
}

#[test]
fn guard_succeeds_with_passphrase_and_with_identity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.age");
    let prot = pass("correct horse");
    let mut record = sample_record();
    let target = SealTarget {
        protection: &prot,
        armor: Armor::Ascii,
        path: &path,
        overwrite: Overwrite::Refuse,
    };
    let proof = seal_and_prove(&mut record, &target, &Keys::none(), GuardOverride::None).unwrap();
    assert_eq!(proof.method(), ProofMethod::Passphrase);
    assert_eq!(proof.credential_count(), record.credentials.len());
    assert_eq!(proof.path(), path);
    let opened = open_file(&path, &Keys::from_passphrase("correct horse".into())).unwrap();
    assert_eq!(*opened.text, *record.to_toml());

    // A second seal of the session replaces the first.
    let (id, prot) = x25519_pair();
    let mut keys = Keys::none();
    keys.add_x25519(id);
    let target = SealTarget {
        protection: &prot,
        armor: Armor::Binary,
        path: &path,
        overwrite: Overwrite::Replace,
    };
    let proof = seal_and_prove(&mut record, &target, &keys, GuardOverride::None).unwrap();
    assert_eq!(proof.method(), ProofMethod::Identity);
    assert_eq!(
        inspect(&fs::read(&path).unwrap(), &path)
            .unwrap()
            .stanza_types,
        ["X25519"]
    );
}

#[test]
fn guard_detects_a_file_that_does_not_decrypt_to_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.age");
    let prot = pass("pw");
    let record = sample_record();
    let mut other = sample_record();
    other.credentials.pop();
    // The file on disk holds another record than the one the guard is asked about.
    let sealed = seal(other.to_toml().as_bytes(), &prot, Armor::Ascii).unwrap();
    fs::write(&path, sealed).unwrap();
    let err = prove_file(
        &path,
        &record.to_toml(),
        &Keys::from_passphrase("pw".into()),
    )
    .unwrap_err();
    assert!(matches!(err, HandoverError::ProofMismatch { .. }), "{err}");
    // And the same file proves the record it does hold.
    prove_file(&path, &other.to_toml(), &Keys::from_passphrase("pw".into())).unwrap();
}

#[test]
fn existing_output_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.age");
    fs::write(&path, b"keep me").unwrap();
    let opts = SealOptions {
        passphrase_file: Some("-".into()),
        output: Some(path.clone()),
        work_factor: Some(TEST_WORK_FACTOR),
        ..SealOptions::default()
    };
    let err = opts
        .resolve(None, &mut &b"a long enough pw\n"[..])
        .and_then(|resolved| resolved.seal(&mut sample_record()))
        .unwrap_err();
    assert!(matches!(err, HandoverError::OutputExists { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"keep me");
    let opts = SealOptions {
        force: true,
        ..opts
    };
    let resolved = opts.resolve(None, &mut &b"a long enough pw\n"[..]).unwrap();
    assert!(resolved.generated.is_none());
    let proof = resolved.seal(&mut sample_record()).unwrap();
    assert_eq!(proof.method(), ProofMethod::Passphrase);
}

#[test]
fn protection_debug_masks_the_passphrase() {
    let dbg = format!("{:?}", pass("hunter2-secret"));
    assert!(!dbg.contains("hunter2"));
    let dbg = format!("{:?}", Keys::from_passphrase("hunter2-secret".into()));
    assert!(!dbg.contains("hunter2"));
}

#[test]
fn read_to_end_wiped_grows_and_stops_at_the_limit() {
    let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    let got = read_to_end_wiped(&mut &data[..], 1 << 20).unwrap();
    assert_eq!(&got[..], &data[..]);
    let err = read_to_end_wiped(&mut &data[..], 20_000).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(read_to_end_wiped(&mut &b""[..], 10).unwrap().is_empty());
}

#[test]
fn a_work_factor_above_20_is_refused_before_any_scrypt_work() {
    let sealed = seal(b"x", &pass("correct horse battery"), Armor::Binary).unwrap();
    let text = String::from_utf8_lossy(&sealed).into_owned();
    let line = text.lines().find(|l| l.starts_with("-> scrypt ")).unwrap();
    let hostile_line = format!("{} 21", line.rsplit_once(' ').unwrap().0);
    let mut hostile = sealed.clone();
    let at = text.find(line).unwrap();
    hostile.splice(at..at + line.len(), hostile_line.bytes());
    let keys = Keys::from_passphrase("correct horse battery".into());
    let err = open_bytes(&hostile, &keys, Path::new("h.age")).unwrap_err();
    assert!(
        matches!(
            err,
            HandoverError::ExcessiveWork {
                required: 21,
                limit: 20,
                ..
            }
        ),
        "{err}"
    );
}
