//! One record shape whichever path made it: the same site issued through the wizard (driven
//! with messages on its state machine) and through `replay --headless` (the real binary) gives
//! records whose entries match one by one, values aside; the headless record's
//! `[checklist] done` matches the site file it writes; SL1100 sites replay without touching
//! user 1; override codes and walking IDs are sealed where the reference `age` and
//! `handover show` read them.

use std::fs;
use std::path::Path;

use nec_harden::checklist::AnswerSpec;
use nec_harden::coverage::done_items;
use nec_harden::handover::{HandoverRecord, Keys, open_file};
use nec_harden::site::{SiteFile, Timestamp};
use nec_harden::tui::{App, Launch, Msg, Step, Theme};
use rand::SeedableRng;

use crate::support::{example_site, run};

const PASS: &str = "correct horse battery";

fn press(app: &mut App, msg: Msg) {
    app.update(msg);
    app.run_pending();
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, Msg::Char(c));
    }
}

fn open(file: &Path) -> HandoverRecord {
    let opened = open_file(file, &Keys::from_passphrase(PASS.into())).unwrap();
    HandoverRecord::from_toml(&opened.text, file).unwrap()
}

/// Each entry without its value: kind, program item, target, level, and whether a user name
/// is folded in.
fn shape(record: &HandoverRecord) -> Vec<String> {
    record
        .credentials
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {:?} user={}",
                c.kind,
                c.program,
                c.subject,
                c.level,
                c.user.is_some()
            )
        })
        .collect()
}

/// Replays `site` in the wizard: new handover to [`PASS`], then `G` on every credential item
/// that the walk offers. Returns the record the wizard sealed.
fn wizard_record(dir: &Path, site: &Path) -> HandoverRecord {
    let mut app = App::new(Launch {
        site: Some(site.to_path_buf()),
        checklist: None,
        checklist_file: None,
        work_factor: 2,
        display_base: dir.to_path_buf(),
        clock: Box::new(|| Timestamp::from_unix_seconds(1_795_000_000)),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(11)),
        theme: Theme { color: false },
        replay: true,
        handover: None,
        profile: nec_harden::tui::launch::ProfileState::None,
    })
    .unwrap();
    press(&mut app, Msg::Resize(120, 40));
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    // The form proposes the protection the site used last: a site sealed to public keys opens
    // on them, and one step to the right (the list wraps) is the typed passphrase.
    let sealed_to_keys = std::fs::read_to_string(site)
        .unwrap()
        .contains("\nrecipients = [");
    if sealed_to_keys {
        press(&mut app, Msg::Right);
    }
    press(&mut app, Msg::Down);
    type_text(&mut app, PASS);
    press(&mut app, Msg::Enter);
    type_text(&mut app, PASS);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    let len = app.session().unwrap().rows().len();
    for _ in 0..len {
        press(&mut app, Msg::BackTab);
    }
    for i in 0..len {
        assert_eq!(app.walk().unwrap().cursor, i);
        let session = app.session().unwrap();
        let item = session.item(i);
        if session.rows()[i].applies && matches!(item.answer, AnswerSpec::Credentials { .. }) {
            press(&mut app, Msg::Char('G'));
        }
        press(&mut app, Msg::Tab);
    }
    open(app.vault().unwrap().path())
}

fn headless(site: &Path, out: &Path, pass_file: &Path) {
    let o = run(
        args![
            "replay",
            site,
            "--headless",
            "--passphrase-file",
            pass_file,
            "-o",
            out
        ],
        b"",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn the_wizard_and_headless_replay_write_records_of_one_shape() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    for name in ["small-office.toml", "full-128.toml"] {
        let wizard_dir = dir.path().join("wizard");
        let headless_dir = dir.path().join("headless");
        for d in [&wizard_dir, &headless_dir] {
            let _ = fs::remove_dir_all(d);
            fs::create_dir_all(d).unwrap();
        }
        let from_wizard = wizard_record(&wizard_dir, &example_site(&wizard_dir, name));
        let site = example_site(&headless_dir, name);
        let out = headless_dir.join("out.age");
        headless(&site, &out, &pass);
        let from_replay = open(&out);

        let (w, h) = (shape(&from_wizard), shape(&from_replay));
        assert!(!w.is_empty(), "{name}: the wizard issued nothing");
        for (i, (a, b)) in w.iter().zip(&h).enumerate() {
            assert_eq!(a, b, "{name}: entry {i} differs");
        }
        assert_eq!(w.len(), h.len(), "{name}: entry counts differ");
        assert!(
            h.iter().any(|e| e.starts_with("username 90-02-01 user 2")),
            "{name}: {h:?}"
        );
        assert!(h.iter().all(|e| e.ends_with("user=false")));
        if name == "full-128.toml" {
            // The holders chosen in toll-override-holders and the walking IDs counted.
            for e in [
                "override 21-07-01 extension 101 None",
                "override 21-07-01 extension 102 None",
                "walking-id 21-14-01 walking ID 1 None",
                "walking-id 21-14-01 walking ID 2 None",
            ] {
                assert!(h.iter().any(|x| x.starts_with(e)), "{name}: no {e}: {h:?}");
            }
            let holders = h.iter().filter(|x| x.starts_with("override ")).count();
            assert_eq!(holders, 2, "{name}: one code per holder, nobody else");
        }
        assert_eq!(
            from_wizard.admin_ports.webpro.is_some(),
            from_replay.admin_ports.webpro.is_some(),
            "{name}"
        );
        assert_eq!(
            from_wizard.forwarded_ports.len(),
            from_replay.forwarded_ports.len(),
            "{name}"
        );
    }
}

#[test]
fn the_headless_record_lists_as_done_what_the_written_site_file_says_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    let site = example_site(dir.path(), "full-128.toml");
    let out = dir.path().join("out.age");
    headless(&site, &out, &pass);
    let record = open(&out);
    let (written, checklist) = SiteFile::load(&site, None).unwrap();
    assert_eq!(record.checklist_done, done_items(&checklist, &written));
    // The credential items went back to pending: the new values are not keyed in yet.
    assert!(
        !record
            .checklist_done
            .contains(&"login-credentials".to_owned())
    );
    assert!(
        record
            .checklist_done
            .contains(&"router-upnp-off".to_owned())
    );
}

#[test]
fn sl1100_example_sites_replay_headless_and_leave_user_1_alone() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    for name in ["small-office.toml", "full-128.toml"] {
        let site = example_site(dir.path(), name);
        let text = fs::read_to_string(&site)
            .unwrap()
            .replace("model = \"sl2100\"", "model = \"sl1100\"");
        fs::write(&site, text).unwrap();
        let out = dir.path().join(name.replace(".toml", ".age"));
        headless(&site, &out, &pass);
        let record = open(&out);
        let users: Vec<&str> = record
            .credentials
            .iter()
            .filter(|c| c.program.starts_with("90-02"))
            .map(|c| c.subject.as_str())
            .collect();
        assert_eq!(users.len(), 14, "{name}: users 2 to 8, name and password");
        assert!(!users.contains(&"user 1"), "{name}: user 1 touched");
        let (written, _) = SiteFile::load(&site, None).unwrap();
        assert!(written.handover.is_some(), "{name}: site file updated");
    }
}

/// The override codes and walking IDs of a site are issued like every other credential: one
/// code per holder chosen in `toll-override-holders` and one per walking ID the
/// `walking-toll-ids` answer counts, sealed in the handover file, which the reference `age`
/// opens and `handover show` prints.
#[test]
fn override_codes_and_walking_ids_are_sealed_and_open_with_age_and_handover_show() {
    if !crate::support::tools_available(&["age", "tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    let site = example_site(dir.path(), "full-128.toml");
    let out = dir.path().join("out.age");
    headless(&site, &out, &pass);

    let plain =
        crate::support::age_decrypt_with_passphrase(&out, &dir.path().join("plain.toml"), PASS);
    let text = String::from_utf8(plain).unwrap();
    let record = HandoverRecord::from_toml(&text, &out).unwrap();
    let of = |kind: nec_harden::secrets::CredentialKind| -> Vec<(String, String, String)> {
        record
            .credentials
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| {
                use secrecy::ExposeSecret as _;
                (
                    c.program.clone(),
                    c.subject.clone(),
                    c.secret.expose_secret().to_owned(),
                )
            })
            .collect()
    };
    let overrides = of(nec_harden::secrets::CredentialKind::Override);
    let walking = of(nec_harden::secrets::CredentialKind::WalkingId);
    let targets = |v: &[(String, String, String)]| -> Vec<(String, String)> {
        v.iter().map(|(p, s, _)| (p.clone(), s.clone())).collect()
    };
    assert_eq!(
        targets(&overrides),
        [
            ("21-07-01".to_owned(), "extension 101".to_owned()),
            ("21-07-01".to_owned(), "extension 102".to_owned())
        ]
    );
    assert_eq!(
        targets(&walking),
        [
            ("21-14-01".to_owned(), "walking ID 1".to_owned()),
            ("21-14-01".to_owned(), "walking ID 2".to_owned())
        ]
    );
    // Each value is one the rules engine accepts as ok, with the site's extension numbers.
    let (written, _) = SiteFile::load(&site, None).unwrap();
    let numbers: Vec<String> = written
        .extensions
        .iter()
        .map(|e| e.number.to_string())
        .collect();
    let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
    for (kind, list) in [
        (nec_harden::secrets::CredentialKind::Override, &overrides),
        (nec_harden::secrets::CredentialKind::WalkingId, &walking),
    ] {
        for (_, subject, value) in list {
            let ctx = nec_harden::secrets::Context {
                extension: subject.strip_prefix("extension "),
                site_extensions: &numbers,
                ..Default::default()
            };
            let verdict = nec_harden::secrets::check(kind, value, &ctx);
            assert_eq!(verdict.status, nec_harden::secrets::Status::Ok, "{subject}");
        }
    }
    assert_ne!(overrides[0].2, overrides[1].2, "two holders share a code");
    assert_ne!(walking[0].2, walking[1].2, "two walking IDs share a code");

    let shown = run(
        args!["handover", "show", out, "--passphrase-file", "-"],
        format!("{PASS}\n").as_bytes(),
    );
    assert_eq!(
        shown.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert_eq!(shown, text, "handover show prints the record age decrypts");
    for (program, subject, value) in overrides.iter().chain(&walking) {
        let line = shown
            .lines()
            .find(|l| {
                l.contains(&format!("program = \"{program}\""))
                    && l.contains(&format!("subject = \"{subject}\""))
            })
            .unwrap_or_else(|| panic!("{subject} not shown:\n{shown}"));
        assert!(line.contains(&format!("secret = \"{value}\"")), "{line}");
    }
}

/// In the customer's KeePass file, read back by KeePassXC, the override codes are in
/// "Toll-restriction overrides (21-07)" and the walking IDs in their own group.
#[test]
fn keepassxc_lists_override_codes_and_walking_ids_in_their_groups() {
    if !crate::support::tools_available(&["keepassxc-cli"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    let site = example_site(dir.path(), "full-128.toml");
    let out = dir.path().join("out.age");
    headless(&site, &out, &pass);
    let kdbx = dir.path().join("out.kdbx");
    let exported = run(
        args![
            "handover",
            "export",
            out,
            "--passphrase-file",
            pass,
            "--kdbx",
            kdbx,
            "--kdbx-password-file",
            pass
        ],
        b"",
    );
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let mut child = std::process::Command::new("keepassxc-cli")
        .args([std::ffi::OsStr::new("ls"), "-R".as_ref(), kdbx.as_os_str()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{PASS}\n").as_bytes());
    }
    let listed = child.wait_with_output().unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let listed = String::from_utf8(listed.stdout).unwrap();
    // `ls -R` indents each level by two spaces and ends a group's line with `/`.
    let mut group = String::new();
    let mut in_group: Vec<(String, String)> = Vec::new();
    for line in listed.lines() {
        let name = line.trim_start();
        if let Some(g) = name.strip_suffix('/') {
            group = g.to_owned();
        } else {
            in_group.push((group.clone(), name.to_owned()));
        }
    }
    let titles = |g: &str| -> Vec<&str> {
        in_group
            .iter()
            .filter(|(group, _)| group == g)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(
        titles("Toll-restriction overrides (21-07)"),
        [
            "Northwind Logistics, Depot 3 - extension 101",
            "Northwind Logistics, Depot 3 - extension 102"
        ],
        "{listed}"
    );
    assert_eq!(
        titles("Walking toll-restriction IDs (21-14)"),
        [
            "Northwind Logistics, Depot 3 - walking ID 1",
            "Northwind Logistics, Depot 3 - walking ID 2"
        ],
        "{listed}"
    );
}
