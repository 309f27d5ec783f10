//! `nec-harden handover export`: the customer's KeePass file, opened by KeePassXC's own CLI
//! with the password, every entry listed and every password equal to the handover's; and for
//! every refusal (a handover that does not open, an existing output, an input as output) one
//! line, a non-zero exit and nothing written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::{fixture_identity, record, run, snapshot};
use nec_harden::handover::{Armor, HandoverRecord, Protection, parse_recipient, seal};
use nec_harden::kdbx::database::read_entries;
use nec_harden::secrets::kind::CredentialKind;
use secrecy::{ExposeSecret, SecretString};

const KDBX_PASSWORD: &str = "kilo echo 7 lima";

struct Case {
    dir: tempfile::TempDir,
    handover: PathBuf,
    key: PathBuf,
    password_file: PathBuf,
    record: HandoverRecord,
}

/// A handover of a one-extension site sealed to the fixture key, a copy of the key and a
/// KeePass password file, all in a fresh folder.
fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let (identity, public) = fixture_identity();
    let key = dir.path().join("key.txt");
    fs::copy(identity, &key).unwrap();
    let record = record(1);
    let handover = dir.path().join("acme.age");
    let prot = Protection::Recipients(vec![parse_recipient(&public).unwrap()]);
    fs::write(
        &handover,
        seal(record.to_toml().as_bytes(), &prot, Armor::Ascii).unwrap(),
    )
    .unwrap();
    let password_file = dir.path().join("kdbx-password.txt");
    fs::write(&password_file, format!("{KDBX_PASSWORD}\n")).unwrap();
    Case {
        dir,
        handover,
        key,
        password_file,
        record,
    }
}

impl Case {
    fn out(&self) -> PathBuf {
        self.dir.path().join("acme.kdbx")
    }

    /// Exports with the password file; asserts success.
    fn export(&self, extra: &[&str]) -> Output {
        let mut args = vec![
            "handover".into(),
            "export".into(),
            self.handover.clone().into_os_string(),
            "-i".into(),
            self.key.clone().into_os_string(),
            "--kdbx".into(),
            self.out().into_os_string(),
            "--kdbx-password-file".into(),
            self.password_file.clone().into_os_string(),
        ];
        args.extend(extra.iter().map(Into::into));
        let args: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
        let out = run(&args, b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // What it says holds no credential of the handover.
        let secrets = crate::support::record_values(&self.record.to_toml());
        for text in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(text);
            assert_eq!(
                crate::support::leaks(&text, &secrets),
                Vec::<&str>::new(),
                "{text}"
            );
        }
        out
    }
}

/// Runs `keepassxc-cli` with `password` on its standard input (it reads it from there when
/// that is not a terminal).
fn keepassxc(args: &[&std::ffi::OsStr], password: &str) -> Output {
    let mut child = Command::new("keepassxc-cli")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("keepassxc-cli");
    {
        use std::io::Write;
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes());
    }
    child.wait_with_output().unwrap()
}

/// `keepassxc-cli ls -R` as (group path, title) pairs; it indents two spaces per level and
/// ends a group's line with `/`.
fn listed(db: &Path, password: &str) -> Vec<(String, String)> {
    let out = keepassxc(args!["ls", "-R", db], password);
    assert!(
        out.status.success(),
        "ls: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut path: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let name = line.trim_start_matches(' ');
        let depth = (line.len() - name.len()) / 2;
        path.truncate(depth);
        if let Some(group) = name.strip_suffix('/') {
            path.push(group.to_owned());
        } else {
            assert_eq!(path.len(), 2, "{line:?} is not in a site's kind group");
            rows.push((path.join("/"), name.to_owned()));
        }
    }
    rows
}

/// (user name, password) of every credential of the handover, straight from the record: a
/// login name held as its own credential goes with the password that names it.
fn handover_pairs(r: &HandoverRecord) -> Vec<(String, String)> {
    let names = [CredentialKind::Username, CredentialKind::SipId];
    let mut pairs: Vec<(String, String)> = r
        .credentials
        .iter()
        .filter(|c| !names.contains(&c.kind))
        .map(|c| {
            (
                c.user.clone().unwrap_or_default(),
                c.secret.expose_secret().to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn keepassxc_opens_the_export_lists_every_entry_and_each_password_is_the_handovers() {
    if !crate::support::tools_available(&["keepassxc-cli"]) {
        return;
    }
    let c = case();
    let out = c.export(&[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("reopened with the password and compared entry by entry"),
        "{stdout}"
    );
    let rows = listed(&c.out(), KDBX_PASSWORD);
    let groups: Vec<&str> = rows
        .iter()
        .map(|(g, _)| g.strip_prefix("Acme Dental North/").unwrap())
        .collect();
    for g in [
        "System logins (90-02)",
        "SIP phones (84-22)",
        "Voicemail codes",
        "User Pro (90-28)",
        "Admin ports (90-54)",
    ] {
        assert!(groups.contains(&g), "{g} missing from {rows:?}");
    }
    // Every credential of the handover has its entry: the 3 logins (name and password in one
    // entry), a voicemail code, a User Pro and a SIP password, and the WebPro port.
    assert_eq!(rows.len(), 7, "{rows:?}");
    let mut shown = Vec::new();
    for (group, title) in &rows {
        assert!(title.starts_with("Acme Dental North - "), "{title}");
        let entry = format!("{group}/{title}");
        let out = keepassxc(
            args![
                "show",
                "-s",
                "-a",
                "UserName",
                "-a",
                "Password",
                c.out(),
                entry
            ],
            KDBX_PASSWORD,
        );
        assert!(
            out.status.success(),
            "show {entry}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let user = lines.next().unwrap_or_default().to_owned();
        let password = lines.next().unwrap_or_default().to_owned();
        shown.push((user, password));
    }
    shown.sort();
    assert_eq!(shown, handover_pairs(&c.record));
    // And the notes say where it goes and when it was sealed.
    let out = keepassxc(
        args![
            "show",
            "-a",
            "Notes",
            c.out(),
            "Acme Dental North/System logins (90-02)/Acme Dental North - user 2 (IN)"
        ],
        KDBX_PASSWORD,
    );
    let notes = String::from_utf8(out.stdout).unwrap();
    assert!(notes.contains("Program item: 90-02."), "{notes}");
    assert!(notes.contains("2026-11-22T01:30:00Z"), "{notes}");
}

#[test]
fn keepassxc_merges_the_export_into_the_customers_own_database_under_the_site_folder() {
    if !crate::support::tools_available(&["keepassxc-cli"]) {
        return;
    }
    let c = case();
    c.export(&[]);
    let own = c.dir.path().join("own.kdbx");
    let out = keepassxc(
        args!["db-create", "-p", "-t", "100", own],
        "own-secret-1\nown-secret-1",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = keepassxc(
        args!["merge", own, c.out()],
        &format!("own-secret-1\n{KDBX_PASSWORD}"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = listed(&own, "own-secret-1");
    assert_eq!(rows.len(), 7, "{rows:?}");
    assert!(
        rows.iter()
            .all(|(g, _)| g.starts_with("Acme Dental North/")),
        "{rows:?}"
    );
}

#[test]
fn keepassxc_refuses_a_wrong_password() {
    if !crate::support::tools_available(&["keepassxc-cli"]) {
        return;
    }
    let c = case();
    c.export(&[]);
    let out = keepassxc(args!["ls", "-R", c.out()], "kilo echo 7 lima!");
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Acme"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Invalid credentials"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_generated_password_is_printed_once_and_opens_the_export() {
    let c = case();
    let out = run(
        args![
            "handover",
            "export",
            c.handover,
            "-i",
            c.key,
            "--kdbx",
            c.out(),
            "--generate-kdbx-password"
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout
        .lines()
        .find(|l| {
            l.starts_with(
                "KeePass password (give it to the customer, it is shown only once; 79.3 bits): ",
            )
        })
        .unwrap_or_else(|| panic!("{stdout}"));
    let password = line.rsplit(' ').next().unwrap();
    assert_eq!(password.len(), 19, "{password}");
    let bytes = fs::read(c.out()).unwrap();
    let (_, entries) = read_entries(&bytes, &SecretString::from(password)).unwrap();
    assert_eq!(entries.len(), 7);
    if crate::support::tools_available(&["keepassxc-cli"]) {
        assert_eq!(listed(&c.out(), password).len(), 7);
    }
}

/// Asserts a refusal: exit `code`, one stderr line naming `names` and saying `says`, nothing
/// on stdout, and the folder exactly as before.
fn assert_refused(out: &Output, code: i32, names: &Path, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    let name = names.file_name().unwrap().to_string_lossy();
    assert!(
        stderr.contains(name.as_ref()),
        "{stderr} does not name {name}"
    );
    assert!(stderr.contains(says), "{stderr} does not say {says}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_handover_that_does_not_open_changes_nothing() {
    let c = case();
    let other = c.dir.path().join("other.key");
    let id = age::x25519::Identity::generate();
    fs::write(&other, format!("{}\n", id.to_string().expose_secret())).unwrap();
    let truncated = c.dir.path().join("truncated.age");
    let bytes = fs::read(&c.handover).unwrap();
    fs::write(&truncated, &bytes[..bytes.len() - 40]).unwrap();
    let before = snapshot(c.dir.path());
    for (file, key, says) in [
        (&c.handover, &other, "no identity matches"),
        (&truncated, &c.key, "truncated or damaged"),
    ] {
        let out = run(
            args![
                "handover",
                "export",
                file,
                "-i",
                key,
                "--kdbx",
                c.out(),
                "--kdbx-password-file",
                c.password_file
            ],
            b"",
        );
        assert_refused(&out, 3, file, says);
        assert!(!c.out().exists());
        assert_eq!(snapshot(c.dir.path()), before);
    }
    // A passphrase handover with the wrong passphrase.
    let pass = c.dir.path().join("pass.age");
    let prot = Protection::passphrase_with_work_factor(
        SecretString::from("right-one"),
        crate::support::TEST_WORK_FACTOR,
    );
    fs::write(
        &pass,
        seal(c.record.to_toml().as_bytes(), &prot, Armor::Ascii).unwrap(),
    )
    .unwrap();
    let before = snapshot(c.dir.path());
    let out = run(
        args![
            "handover",
            "export",
            pass,
            "--passphrase-file",
            "-",
            "--kdbx",
            c.out(),
            "--kdbx-password-file",
            c.password_file
        ],
        b"wrong-one\n",
    );
    assert_refused(&out, 3, &pass, "wrong passphrase");
    assert_eq!(snapshot(c.dir.path()), before);
}

#[test]
fn an_existing_output_is_kept_without_force_and_replaced_with_it() {
    let c = case();
    fs::write(c.out(), b"the customer's own passwords").unwrap();
    let before = snapshot(c.dir.path());
    let out = run(
        args![
            "handover",
            "export",
            c.handover,
            "-i",
            c.key,
            "--kdbx",
            c.out(),
            "--kdbx-password-file",
            c.password_file
        ],
        b"",
    );
    assert_refused(&out, 3, &c.out(), "file exists; use --force");
    assert_eq!(snapshot(c.dir.path()), before);
    c.export(&["--force"]);
    let (_, entries) = read_entries(
        &fs::read(c.out()).unwrap(),
        &SecretString::from(KDBX_PASSWORD),
    )
    .unwrap();
    assert_eq!(entries.len(), 7);
}

#[test]
fn an_input_is_never_the_output_even_with_force() {
    let c = case();
    let before = snapshot(c.dir.path());
    for input in [&c.handover, &c.key, &c.password_file] {
        let out = run(
            args![
                "handover",
                "export",
                c.handover,
                "-i",
                c.key,
                "--kdbx",
                input,
                "--kdbx-password-file",
                c.password_file,
                "--force"
            ],
            b"",
        );
        assert_refused(&out, 2, input, "is also an input of this command");
        assert_eq!(snapshot(c.dir.path()), before);
    }
}

#[cfg(unix)]
#[test]
fn the_export_has_mode_0600_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let c = case();
    for umask in ["000", "022", "077"] {
        let _ = fs::remove_file(c.out());
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$@\""))
            .arg("sh")
            .arg(crate::support::bin())
            .args(args![
                "handover",
                "export",
                c.handover,
                "-i",
                c.key,
                "--kdbx",
                c.out(),
                "--kdbx-password-file",
                c.password_file
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "umask {umask}");
        let mode = fs::metadata(c.out()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "umask {umask}");
    }
}

#[test]
fn usage_errors_ask_nothing_and_write_nothing() {
    let c = case();
    let before = snapshot(c.dir.path());
    // No terminal to type the password on, and no password option.
    let out = run(
        args![
            "handover",
            "export",
            c.handover,
            "-i",
            c.key,
            "--kdbx",
            c.out()
        ],
        b"",
    );
    assert_refused(
        &out,
        2,
        &c.out(),
        "no terminal to type the KeePass password on",
    );
    // Both secrets from standard input.
    let out = run(
        args![
            "handover",
            "export",
            c.handover,
            "--passphrase-file",
            "-",
            "--kdbx",
            c.out(),
            "--kdbx-password-file",
            "-"
        ],
        b"x\ny\n",
    );
    assert_refused(&out, 2, &c.out(), "cannot both come from standard input");
    // A folder that does not exist: said before any password is asked for.
    let missing = c.dir.path().join("no-such-folder").join("acme.kdbx");
    let out = run(
        args![
            "handover", "export", c.handover, "-i", c.key, "--kdbx", missing
        ],
        b"",
    );
    assert_refused(&out, 3, &missing, "cannot write: no such folder");
    // No key for the handover.
    let out = run(
        args![
            "handover",
            "export",
            c.handover,
            "--kdbx",
            c.out(),
            "--generate-kdbx-password"
        ],
        b"",
    );
    assert_refused(&out, 2, &c.handover, "give a key to open it");
    assert_eq!(snapshot(c.dir.path()), before);
}

#[test]
fn the_password_is_typed_twice_on_a_terminal_without_echo() {
    if !crate::support::tools_available(&["tmux"]) {
        return;
    }
    let c = case();
    let command = format!(
        "'{}' handover export '{}' -i '{}' --kdbx '{}'",
        crate::support::bin().display(),
        c.handover.display(),
        c.key.display(),
        c.out().display()
    );
    // Two different passwords: refused, nothing written.
    let t = crate::support::Tmux::start(&command);
    t.wait_for_text("KeePass password for", 1);
    t.type_line("first-try-77");
    t.wait_for_text("The same password again", 1);
    t.type_line("first-try-78");
    let screen = t.wait_for_exit();
    assert!(
        screen.contains("the two KeePass passwords typed differ"),
        "{screen}"
    );
    assert!(screen.contains("EXIT=2"), "{screen}");
    assert!(!c.out().exists());
    drop(t);
    // The same twice: exported, and the password never appeared on the screen.
    let t = crate::support::Tmux::start(&command);
    t.wait_for_text("KeePass password for", 1);
    t.type_line("typed-pass-91");
    t.wait_for_text("The same password again", 1);
    t.type_line("typed-pass-91");
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("exported 10 credentials"), "{screen}");
    assert!(!t.history().contains("typed-pass-91"), "{screen}");
    let (_, entries) = read_entries(
        &fs::read(c.out()).unwrap(),
        &SecretString::from("typed-pass-91"),
    )
    .unwrap();
    assert_eq!(entries.len(), 7);
}

#[cfg(unix)]
#[test]
fn ctrl_c_at_the_password_prompt_gives_the_terminal_its_echo_back() {
    if !crate::support::tools_available(&["tmux", "stty"]) {
        return;
    }
    let c = case();
    let stty = c.dir.path().join("stty.txt");
    // A plain shell restores nothing itself: what `stty` sees is what the program left.
    let t = crate::support::Tmux::start(&format!(
        "'{}' handover export '{}' -i '{}' --kdbx '{}'; stty -a > '{}'",
        crate::support::bin().display(),
        c.handover.display(),
        c.key.display(),
        c.out().display(),
        stty.display()
    ));
    t.wait_for_text("KeePass password for", 1);
    t.send(&["first-half"], true);
    t.send(&["C-c"], false);
    t.wait_for_exit();
    let modes = fs::read_to_string(&stty).unwrap();
    let modes: Vec<&str> = modes.split_whitespace().collect();
    for mode in ["echo", "icanon", "isig"] {
        assert!(modes.contains(&mode), "{mode} is off: {modes:?}");
    }
    assert!(!c.out().exists());
}

#[test]
fn handover_show_tells_the_customer_about_the_export() {
    let c = case();
    let out = run(args!["handover", "show", c.handover, "-i", c.key], b"");
    assert!(out.status.success());
    // Standard output stays exactly the record; the hint is on stderr.
    assert_eq!(out.stdout, c.record.to_toml().as_bytes());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("nec-harden handover export"), "{stderr}");
    assert!(stderr.contains("--kdbx OUT.kdbx"), "{stderr}");
}
