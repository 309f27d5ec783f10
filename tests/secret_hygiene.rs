//! Secret hygiene: no secret type prints a value through `Debug`, and after a headless replay
//! no generated secret (nor a login name) is in any file the run wrote or touched, its temp
//! folder, its output or the reports: only in the `.age` file.
//!
//! Short values (4-digit voicemail codes) also occur by chance in ordinary text (a port, a
//! year), so text is compared by whole tokens; values of 6 characters or more also as
//! substrings.

use std::fs;
use std::path::Path;

use nec_harden::handover::{
    GeneratedPassphrase, HandoverRecord, Keys, Protection, open_file, passphrase,
};
use nec_harden::site::{SiteFile, Timestamp};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use secrecy::{ExposeSecret, SecretString};

fn base_record_text() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/base-record.toml"),
    )
    .unwrap()
}

#[test]
fn no_secret_type_prints_its_value_through_debug() {
    let text = base_record_text();
    let secrets = crate::support::record_values(&text);
    let record = HandoverRecord::from_toml(&text, Path::new("r.toml")).unwrap();
    for shown in [
        format!("{record:?}"),
        format!("{record:#?}"),
        format!("{:?}", record.credentials),
    ] {
        assert!(shown.contains("REDACTED"), "{shown}");
        assert_eq!(
            crate::support::leaks(&shown, &secrets),
            Vec::<&str>::new(),
            "{shown}"
        );
    }

    // A generated passphrase, and the types that carry one.
    let g: GeneratedPassphrase = passphrase::generate_with(&mut ChaCha8Rng::seed_from_u64(6));
    let words: Vec<String> = g
        .passphrase
        .expose_secret()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(str::to_owned)
        .collect();
    assert!(!words.is_empty());
    let pass = || SecretString::from(g.passphrase.expose_secret().to_owned());
    for shown in [
        format!("{g:?}"),
        format!("{:?}", Keys::from_passphrase(pass())),
        format!("{:?}", Protection::passphrase(pass())),
        format!("{:?}", pass()),
    ] {
        assert!(
            !shown.contains(g.passphrase.expose_secret()),
            "passphrase in {shown}"
        );
        for w in &words {
            assert!(
                !crate::support::tokens(&shown).contains(&w.as_str()),
                "{w} in {shown}"
            );
        }
    }

    // Fresh credentials from a replay, before they are sealed.
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml");
    let (site, checklist) = SiteFile::load(&example, None).unwrap();
    let fresh = nec_harden::replay::issue(
        &checklist,
        &site,
        &Timestamp::now(),
        &mut ChaCha8Rng::seed_from_u64(7),
    )
    .unwrap();
    let record = fresh.record(&checklist, &site).unwrap();
    let secrets = crate::support::record_values(&record.to_toml());
    let shown = format!("{fresh:?} {record:?}");
    assert_eq!(
        crate::support::leaks(&shown, &secrets),
        Vec::<&str>::new(),
        "{shown}"
    );
}

#[test]
fn after_a_headless_replay_secrets_are_only_in_the_age_file() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("site");
    let tmp = dir.path().join("tmp");
    fs::create_dir_all(&work).unwrap();
    fs::create_dir_all(&tmp).unwrap();
    let site = work.join("site.toml");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/full-128.toml"),
        &site,
    )
    .unwrap();
    let (identity, public) = crate::support::fixture_identity();

    // The program's temp folder is one we can search afterwards.
    let out = crate::support::command()
        .args(["replay", "--headless", "-r", &public, "-i"])
        .arg(&identity)
        .arg(&site)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The dated name the replay chose, as the site file records it.
    let (replayed, _) = nec_harden::site::SiteFile::load(&site, None).unwrap();
    let handover = work.join(replayed.handover.unwrap().file);
    let mut keys = Keys::none();
    keys.add_identity_file(&identity).unwrap();
    let secrets = crate::support::record_values(&open_file(&handover, &keys).unwrap().text);
    assert!(secrets.len() > 100, "{} values", secrets.len());

    // The reports the service manager keeps, in every format.
    for format in ["md", "json", "html"] {
        let report = work.join(format!("report.{format}"));
        let o = crate::support::run(args!["report", site, "--format", format, "-o", report], b"");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    let mut scanned = 0;
    for file in crate::support::files_under(dir.path()) {
        if file == handover {
            continue;
        }
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).into_owned();
        assert_eq!(
            crate::support::leaks(&text, &secrets),
            Vec::<&str>::new(),
            "secrets in {}",
            file.display()
        );
        scanned += 1;
    }
    assert!(scanned >= 4, "only {scanned} files scanned");
    for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert_eq!(
            crate::support::leaks(&text, &secrets),
            Vec::<&str>::new(),
            "secrets on {what}"
        );
    }
}

#[test]
fn the_leak_check_finds_planted_secrets_and_ignores_natural_words() {
    let secrets = vec![
        "4821".to_owned(),
        "5070".to_owned(),
        "Zq7Rt2mX9p".to_owned(),
    ];
    let text = "code 4821 on port 5070, user xZq7Rt2mX9py";
    assert_eq!(
        crate::support::leaks(text, &secrets),
        vec!["4821", "Zq7Rt2mX9p"]
    );
    assert_eq!(
        crate::support::leaks("48211 and 14821", &secrets),
        Vec::<&str>::new()
    );
}
