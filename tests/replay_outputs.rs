//! Where the headless replay (and `handover seal`) may write (issue 11): a dated new handover by
//! default, never over one of the command's inputs, never over the handover the site file
//! records as current without naming it, and nothing at all when a file it must write cannot be
//! written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{example_site, fixture_identity, run};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The README's headless replay, in `dir`, with extra arguments.
fn replay(site: &Path, extra: &[&str]) -> Output {
    let (identity, public) = fixture_identity();
    let mut args: Vec<std::ffi::OsString> = vec![
        "replay".into(),
        site.into(),
        "--headless".into(),
        "-r".into(),
        public.into(),
        "-i".into(),
        identity.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsString::as_os_str).collect();
    run(&args, b"")
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn current_handover(site: &Path) -> PathBuf {
    let (loaded, _) = nec_harden::site::SiteFile::load(site, None).unwrap();
    site.with_file_name(loaded.handover.unwrap().file)
}

/// Why: the README's replay run in last visit's folder stopped with "file exists"; following
/// the hint (`--force`) destroyed the handover whose credentials are live on the system.
#[test]
fn a_second_replay_in_the_same_folder_gets_a_new_dated_name_and_keeps_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let first = replay(&site, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let h1 = current_handover(&site);
    let name = h1.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("small-office.handover-20") && h1.extension() == Some("age".as_ref()),
        "{name}"
    );
    let kept = fs::read(&h1).unwrap();

    let second = replay(&site, &[]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let h2 = current_handover(&site);
    assert_eq!(
        h2.file_name().unwrap().to_string_lossy(),
        name.replace(".age", "-2.age")
    );
    assert_eq!(
        fs::read(&h1).unwrap(),
        kept,
        "the first handover is untouched"
    );
}

/// Why: `--force` replaced the handover the site file records as current without a word.
#[test]
fn force_never_replaces_the_current_handover_unless_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let handover = dir.path().join("site.handover.age");
    let h = handover.to_str().unwrap();
    let first = replay(&site, &["-o", h]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = listing(dir.path());

    let forced = replay(&site, &["-o", h, "--force"]);
    assert_eq!(forced.status.code(), Some(2), "{}", stderr(&forced));
    let err = stderr(&forced);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("records as current"), "{err}");
    assert!(err.contains(&format!("--replace-current {h}")), "{err}");
    assert_eq!(listing(dir.path()), before, "nothing changed");

    // A different path does not count as naming it.
    let other = replay(
        &site,
        &["-o", h, "--force", "--replace-current", "other.age"],
    );
    assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
    assert_eq!(listing(dir.path()), before);

    let named = replay(&site, &["-o", h, "--force", "--replace-current", h]);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
    assert_ne!(fs::read(&handover).unwrap(), before[0].1);
}

/// Why: `-o only.key --force` overwrote the installer's only private key, and `-o SITE.toml
/// --force` sealed the handover into the site file and then overwrote it with the site.
#[test]
fn no_output_is_written_over_one_of_the_commands_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let (identity, _) = fixture_identity();
    let key = dir.path().join("only.key");
    fs::copy(&identity, &key).unwrap();
    let hard = dir.path().join("hard-link.key");
    fs::hard_link(&key, &hard).unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, "a long enough passphrase\n").unwrap();
    let recipients = dir.path().join("keys.txt");
    fs::write(&recipients, format!("{}\n", fixture_identity().1)).unwrap();
    let before = listing(dir.path());

    let cases: Vec<(Vec<&str>, &Path)> = vec![
        (
            vec![
                "-i",
                key.to_str().unwrap(),
                "-o",
                key.to_str().unwrap(),
                "--force",
            ],
            &key,
        ),
        (
            vec![
                "-i",
                key.to_str().unwrap(),
                "-o",
                hard.to_str().unwrap(),
                "--force",
            ],
            &key,
        ),
        (vec!["-o", site.to_str().unwrap(), "--force"], &site),
        (
            vec![
                "-R",
                recipients.to_str().unwrap(),
                "-o",
                recipients.to_str().unwrap(),
                "--force",
            ],
            &recipients,
        ),
    ];
    for (extra, input) in cases {
        let o = replay(&site, &extra);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("is also this command's input"), "{err}");
        assert!(
            err.contains(&input.file_name().unwrap().to_string_lossy().into_owned()),
            "{err}"
        );
        assert_eq!(listing(dir.path()), before, "{extra:?}: nothing changed");
    }

    // A passphrase file, through `handover seal` too.
    let o = run(
        args![
            "handover",
            "seal",
            "--passphrase-file",
            pass,
            "-o",
            pass,
            "--force"
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is also this command's input"));
    assert_eq!(listing(dir.path()), before);
}

/// Why: a replay that failed on the site file had already sealed a new handover; the retry
/// then said "file exists". The site file here is one whose folder cannot take its temp copy
/// (a name near the file system's limit), which fails for root too.
#[test]
fn a_site_file_that_cannot_be_written_stops_the_replay_before_anything_is_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.toml", "s".repeat(240));
    let site = dir.path().join(&name);
    fs::copy(example_site(dir.path(), "small-office.toml"), &site).unwrap();
    fs::remove_file(dir.path().join("small-office.toml")).unwrap();
    let handover = dir.path().join("new.age");
    let before = listing(dir.path());
    for attempt in 0..2 {
        let o = replay(&site, &["-o", handover.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "attempt {attempt}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("cannot write") && err.contains("nothing written"),
            "{err}"
        );
        assert!(!err.contains("file exists"), "{err}");
        assert_eq!(
            listing(dir.path()),
            before,
            "attempt {attempt}: nothing changed"
        );
    }
}

/// A handover folder that is a regular file (unwritable for root too) is found before sealing.
#[test]
fn a_handover_folder_that_is_a_file_is_found_before_sealing() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path(), "small-office.toml");
    let plain = dir.path().join("plain");
    fs::write(&plain, "x").unwrap();
    let before = listing(dir.path());
    let out = plain.join("h.age");
    let o = replay(&site, &["-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing written"), "{}", stderr(&o));
    assert_eq!(listing(dir.path()), before);
}
