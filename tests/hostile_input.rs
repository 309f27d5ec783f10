//! Hostile input: a corpus of malformed checklists, site files, handover records and age files
//! (`tests/data/hostile/`, each case with its expected one-line error beside it), and property
//! tests that feed arbitrary bytes and mutated valid files to every reader: no panic, one line
//! that names the file, a non-zero exit, nothing written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{run, snapshot};
use nec_harden::checklist::{self, builtin};
use nec_harden::handover::{HandoverRecord, Keys, open_bytes};
use nec_harden::nec::model::Model;
use nec_harden::site::SiteFile;
use proptest::prelude::*;

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile")
}

fn identity() -> PathBuf {
    hostile_dir().join("age/identity.key")
}

/// The public key of the committed test identity (a fixture made for these tests only).
fn identity_public() -> String {
    let text = fs::read_to_string(identity()).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned()
}

/// What one run of the binary on a hostile file did.
struct Failure {
    code: Option<i32>,
    /// The error, with the scratch folder's path replaced by `FILE`.
    line: String,
}

/// Runs `args` (built around the case copied into a fresh folder), feeding `stdin`; checks
/// the failure contract and returns the error.
fn fail_cleanly(
    case: &Path,
    make_args: impl Fn(&Path, &Path) -> Vec<std::ffi::OsString>,
    stdin: &[u8],
) -> Failure {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(case.file_name().unwrap());
    fs::copy(case, &file).unwrap();
    let before = snapshot(dir.path());
    let args = make_args(&file, dir.path());
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsString::as_os_str).collect();
    let out = run(&args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let name = case.display();
    assert!(
        !stderr.contains("panicked"),
        "{name}: panic in {args:?}:\n{stderr}"
    );
    assert_ne!(out.status.code(), Some(0), "{name}: {args:?} succeeded");
    assert!(out.stdout.is_empty(), "{name}: {args:?} printed a result");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty(), "{name}: {args:?} gave no error");
    assert_eq!(lines.len(), 1, "{name}: {args:?}: not one line:\n{stderr}");
    assert!(
        lines[0].len() <= 400,
        "{name}: {args:?}: a {}-character error line",
        lines[0].len()
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "{name}: {args:?} wrote or changed a file"
    );
    let folder = dir.path().display().to_string();
    Failure {
        code: out.status.code(),
        line: lines[0].replace(&folder, "DIR"),
    }
}

fn os(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<std::ffi::OsString> {
    args.iter().map(|a| a.as_ref().to_owned()).collect()
}

/// Runs every command that reads a case of `kind`; returns the failure of the first, after
/// checking the others fail the same way.
fn run_case(kind: &str, case: &Path) -> Failure {
    let public = identity_public();
    let key = identity();
    match kind {
        "checklists" => fail_cleanly(case, |f, _| os(&[&"checklist", &"validate", &f]), b""),
        "sites" => {
            let report = fail_cleanly(case, |f, _| os(&[&"report", &f]), b"");
            let replay = fail_cleanly(
                case,
                |f, _| {
                    os(&[
                        &"replay",
                        &f,
                        &"--headless",
                        &"-r",
                        &public,
                        &"--no-verify-identity",
                    ])
                },
                b"",
            );
            assert_eq!(
                (report.code, &report.line),
                (replay.code, &replay.line),
                "{}: report and replay disagree",
                case.display()
            );
            report
        }
        "records" => fail_cleanly(
            case,
            |_, dir| {
                os(&[
                    &"handover",
                    &"seal",
                    &"-r",
                    &public,
                    &"--no-verify-identity",
                    &"-o",
                    &dir.join("out.age"),
                ])
            },
            &fs::read(case).unwrap(),
        ),
        "age" => {
            let verify = fail_cleanly(
                case,
                |f, _| os(&[&"handover", &"verify", &f, &"-i", &key]),
                b"",
            );
            let show = fail_cleanly(
                case,
                |f, _| os(&[&"handover", &"show", &f, &"-i", &key]),
                b"",
            );
            assert_eq!(
                (verify.code, &verify.line),
                (show.code, &show.line),
                "{}: verify and show disagree",
                case.display()
            );
            verify
        }
        _ => unreachable!("unknown corpus folder {kind}"),
    }
}

/// The corpus: every `CASE.expected` names a malformed `CASE` beside it and holds
/// `exit: N` and `error: LINE` (the scratch folder written as `DIR`; the error must start with
/// LINE, so a list of valid keys that grows with the format is cut off). With
/// `NEC_HARDEN_BLESS=1` the expected files are rewritten from what the binary says (review
/// the diff before committing).
#[test]
fn every_malformed_file_gets_its_one_line_error_and_changes_nothing() {
    let bless = std::env::var_os("NEC_HARDEN_BLESS").is_some();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for kind in ["checklists", "sites", "records", "age"] {
        let mut cases: Vec<PathBuf> = fs::read_dir(hostile_dir().join(kind))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "age"))
            .collect();
        cases.sort();
        for case in cases {
            let failure = run_case(kind, &case);
            let got = format!(
                "exit: {}\nerror: {}\n",
                failure.code.unwrap_or(-1),
                failure.line
            );
            let expected_path = PathBuf::from(format!("{}.expected", case.display()));
            if bless {
                fs::write(&expected_path, &got).unwrap();
            }
            let expected = fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has no .expected file", case.display()));
            // The expected line may stop early (before a list of valid keys that grows
            // with the format): the error must start with it.
            let matches = expected
                .strip_suffix('\n')
                .is_some_and(|e| got.starts_with(e) && got.lines().count() == e.lines().count());
            if !matches {
                mismatches.push(format!(
                    "{}:\n  expected {expected:?}\n  got      {got:?}",
                    case.display()
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} hostile files");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The base files the mutations start from.
fn valid_checklist() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/checklists/good-minimal.toml"),
    )
    .unwrap()
}

fn valid_site() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml"),
    )
    .unwrap()
}

fn valid_record() -> String {
    fs::read_to_string(hostile_dir().join("base-record.toml")).unwrap()
}

/// One structural change to a valid file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Flip bit `bit` of the byte at `at` (an index scaled to the length).
    FlipBit { at: usize, bit: u8 },
    /// Keep only the first `keep` bytes (scaled).
    Truncate { keep: usize },
    /// Repeat line `line` (scaled to the line count).
    DuplicateLine { line: usize },
    /// Remove line `line`.
    RemoveLine { line: usize },
    /// Swap the values of two `key = value` lines.
    SwapValues { a: usize, b: usize },
    /// Insert bytes at `at`.
    Insert { at: usize, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        any::<usize>().prop_map(|keep| Mutation::Truncate { keep }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|line| Mutation::RemoveLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues { a, b }),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..16),
                Just(b"\n[site]\n".to_vec()),
                Just(b"\"".to_vec()),
                Just(b" = ".to_vec()),
                Just(b"\x00".to_vec()),
            ]
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

fn apply(base: &[u8], m: &Mutation) -> Vec<u8> {
    let mut out = base.to_vec();
    let lines =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    match m {
        Mutation::FlipBit { at, bit } => {
            if !out.is_empty() {
                let i = at % out.len();
                out[i] ^= 1 << bit;
            }
        }
        Mutation::Truncate { keep } => out.truncate(keep % (base.len() + 1)),
        Mutation::DuplicateLine { line } => {
            let mut ls = lines(base);
            let i = line % ls.len();
            let l = ls[i].clone();
            ls.insert(i, l);
            out = ls.join(&b'\n');
        }
        Mutation::RemoveLine { line } => {
            let mut ls = lines(base);
            ls.remove(line % ls.len());
            out = ls.join(&b'\n');
        }
        Mutation::SwapValues { a, b } => {
            let mut ls = lines(base);
            let assignments: Vec<usize> = (0..ls.len())
                .filter(|&i| ls[i].windows(3).any(|w| w == b" = "))
                .collect();
            if assignments.len() >= 2 {
                let (i, j) = (
                    assignments[a % assignments.len()],
                    assignments[b % assignments.len()],
                );
                let split = |l: &[u8]| {
                    let p = l.windows(3).position(|w| w == b" = ").unwrap();
                    (l[..p + 3].to_vec(), l[p + 3..].to_vec())
                };
                let ((ki, vi), (kj, vj)) = (split(&ls[i]), split(&ls[j]));
                ls[i] = [ki, vj].concat();
                ls[j] = [kj, vi].concat();
            }
            out = ls.join(&b'\n');
        }
        Mutation::Insert { at, bytes } => {
            let i = at % (out.len() + 1);
            out.splice(i..i, bytes.iter().copied());
        }
    }
    out
}

/// An error message as the user sees it: one line, naming the file.
fn assert_one_line(message: &str, file: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.contains('\n'), "several lines: {message}");
    prop_assert!(message.contains(file), "{message} does not name {file}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_checklists_give_positioned_problems(m in mutation()) {
        let bytes = apply(valid_checklist().as_bytes(), &m);
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problems) = checklist::parse(&text, "dealer.toml") {
            prop_assert!(!problems.problems.is_empty());
            for line in problems.lines() {
                prop_assert!(line.starts_with("dealer.toml:"), "{line}");
                prop_assert!(!line.contains('\n'), "{line}");
            }
        }
    }

    #[test]
    fn mutated_site_files_give_one_line(m in mutation()) {
        let list = builtin(Model::Sl2100);
        let bytes = apply(valid_site().as_bytes(), &m);
        let text = String::from_utf8_lossy(&bytes);
        match SiteFile::parse(&text, "site.toml", &list) {
            Err(e) => assert_one_line(&e.to_string(), "site.toml")?,
            // A change that keeps the file valid must survive a save and load unchanged.
            Ok(site) => {
                let again = SiteFile::parse(&site.to_toml(), "site.toml", &list);
                prop_assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
                prop_assert_eq!(again.unwrap().to_toml(), site.to_toml());
            }
        }
    }

    #[test]
    fn mutated_records_give_one_line(m in mutation()) {
        let bytes = apply(valid_record().as_bytes(), &m);
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = HandoverRecord::from_toml(&text, Path::new("rec.toml")) {
            assert_one_line(&e.to_string(), "rec.toml")?;
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_reader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let list = builtin(Model::Sl2100);
        if let Err(e) = SiteFile::parse(&text, "site.toml", &list) {
            assert_one_line(&e.to_string(), "site.toml")?;
        }
        if let Err(e) = HandoverRecord::from_toml(&text, Path::new("rec.toml")) {
            assert_one_line(&e.to_string(), "rec.toml")?;
        }
        let mut keys = Keys::none();
        keys.add_identity_file(&identity()).unwrap();
        let err = open_bytes(&bytes, &keys, Path::new("h.age")).err();
        prop_assert!(err.is_some(), "random bytes decrypted");
        assert_one_line(&err.unwrap().to_string(), "h.age")?;
    }
}

/// A valid handover sealed to the fixture identity, and its plaintext.
fn sealed_fixture() -> (Vec<u8>, String) {
    let record = HandoverRecord::from_toml(&valid_record(), Path::new("base")).unwrap();
    let sealed = nec_harden::handover::seal(
        record.to_toml().as_bytes(),
        &nec_harden::handover::Protection::Recipients(vec![
            nec_harden::handover::parse_recipient(&identity_public()).unwrap(),
        ]),
        nec_harden::handover::Armor::Ascii,
    )
    .unwrap();
    (sealed, record.to_toml().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Authenticated encryption: a damaged file either fails with one line or (a change the
    /// format ignores, such as armor line breaks) opens to exactly the sealed text.
    #[test]
    fn corrupted_age_files_fail_or_open_unchanged(m in mutation()) {
        let (sealed, plain) = sealed_fixture();
        let bytes = apply(&sealed, &m);
        let mut keys = Keys::none();
        keys.add_identity_file(&identity()).unwrap();
        match open_bytes(&bytes, &keys, Path::new("h.age")) {
            Err(e) => assert_one_line(&e.to_string(), "h.age")?,
            Ok(opened) => prop_assert_eq!(opened.text.as_str(), plain.as_str()),
        }
    }
}

proptest! {
    // Each case runs the binary twice: few cases, the library test above covers breadth.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn handover_show_and_verify_on_corrupted_files_exit_cleanly(m in mutation()) {
        let (sealed, plain) = sealed_fixture();
        let bytes = apply(&sealed, &m);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("h.age");
        fs::write(&file, &bytes).unwrap();
        let before = snapshot(dir.path());
        for action in ["show", "verify"] {
            let out = run(args!["handover", action, file, "-i", identity()], b"");
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert!(!stderr.contains("panicked"), "{stderr}");
            match out.status.code() {
                Some(0) => {
                    if action == "show" {
                        prop_assert_eq!(String::from_utf8_lossy(&out.stdout), plain.as_str());
                    }
                }
                Some(3) => {
                    prop_assert_eq!(stderr.lines().count(), 1, "{}", stderr);
                    prop_assert!(out.stdout.is_empty());
                }
                other => prop_assert!(false, "exit {other:?}: {stderr}"),
            }
        }
        prop_assert_eq!(snapshot(dir.path()), before);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The age header reader (run before the age crate sees a byte): arbitrary bytes and
    /// mutated real headers never panic, and every refusal is one line naming the file.
    #[test]
    fn age_headers_never_panic_and_stay_within_the_caps(m in mutation(), raw in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let (sealed, _) = sealed_fixture();
        for bytes in [apply(&sealed, &m), raw.clone(), [b"age-encryption.org/v1\n".as_slice(), &raw].concat()] {
            match nec_harden::handover::inspect(&bytes, Path::new("h.age")) {
                Ok(h) => prop_assert!(h.stanza_types.len() <= nec_harden::handover::header::MAX_STANZAS),
                Err(e) => assert_one_line(&e.to_string(), "h.age")?,
            }
        }
    }

    /// Headers built to sit around the caps: the stanza count decides, never the time.
    #[test]
    fn generated_headers_are_refused_exactly_past_the_stanza_cap(stanzas in 0usize..300, grease in 0usize..4) {
        let mut file = b"age-encryption.org/v1\n".to_vec();
        for i in 0..stanzas {
            if i < grease {
                file.extend_from_slice(b"-> x-grease a\nAAAA\n");
            } else {
                file.extend_from_slice(b"-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nEmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n");
            }
        }
        file.extend_from_slice(b"--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n");
        let got = nec_harden::handover::inspect(&file, Path::new("h.age"));
        if stanzas > nec_harden::handover::header::MAX_STANZAS {
            let refused = matches!(got, Err(nec_harden::handover::HandoverError::HostileHeader { .. }));
            prop_assert!(refused, "{stanzas} stanzas were not refused");
        } else {
            prop_assert_eq!(got.unwrap().stanza_types.len(), stanzas - grease.min(stanzas));
        }
    }
}
