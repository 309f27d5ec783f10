//! Shared helpers of the integration tests: sample records, example sites, the fixture key,
//! the secrets of a record, running the binary,
//! folder snapshots, and driving the reference `age` CLI inside tmux.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nec_harden::handover::{AdminPorts, Credential, HandoverRecord, Level, SiteInfo, Timestamp};
use nec_harden::nec::model::Model;
use nec_harden::secrets::kind::CredentialKind;
use secrecy::SecretString;

/// A low scrypt work factor for tests (the program always uses 18).
pub const TEST_WORK_FACTOR: u8 = 2;

/// A record with logins, and per extension a voicemail code, a User Pro password and a SIP
/// logon; `extensions` extensions starting at 101. The secrets are fake but unique.
pub fn record(extensions: u16) -> HandoverRecord {
    let mut r = HandoverRecord::new(SiteInfo {
        name: "Acme Dental North".into(),
        customer: "Acme Dental Ltd".into(),
        model: Model::Sl2100,
        installer: "J. Smith".into(),
    });
    // Fixed, so records made a second apart compare equal.
    r.sealed_at = Timestamp::parse("2026-11-22T01:30:00Z").unwrap();
    for (user, level) in [
        (2, Level::Installer),
        (3, Level::SystemAdmin),
        (4, Level::SystemAdmin2),
    ] {
        let name = format!("op{user}x");
        r.credentials.push(
            Credential::new(
                "90-02",
                CredentialKind::Username,
                format!("user {user}"),
                SecretString::from(name.as_str()),
            )
            .with_level(level),
        );
        r.credentials.push(
            Credential::new(
                "90-02",
                CredentialKind::Password,
                format!("user {user}"),
                SecretString::from(format!("9#{user}*7{user}4#")),
            )
            .with_level(level)
            .with_user(name),
        );
    }
    for i in 0..extensions {
        let ext = 101 + i;
        let code = format!("{:04}", (u32::from(i) * 7919 + 3571) % 10_000);
        r.credentials.push(Credential::new(
            "VM",
            CredentialKind::Code,
            format!("extension {ext}"),
            SecretString::from(code),
        ));
        r.credentials.push(Credential::new(
            "90-28",
            CredentialKind::Userpro,
            format!("extension {ext}"),
            SecretString::from(format!("{:06}*#", u32::from(i) * 104_729 % 1_000_000)),
        ));
        r.credentials.push(Credential::new(
            "84-22-02",
            CredentialKind::SipPassword,
            format!("extension {ext}"),
            SecretString::from(format!("s{i}p#Q{ext}z")),
        ));
    }
    r.credentials.push(Credential::new(
        "90-54-01",
        CredentialKind::Port,
        "WebPro",
        SecretString::from("8443"),
    ));
    r.admin_ports = AdminPorts {
        webpro: Some(8443),
        pcpro: Some(8100),
    };
    r.forwarded_ports = vec![5060, 5080];
    r.checklist_done = vec!["router-upnp-off".into(), "90-02-logins".into()];
    r
}

/// The secret the sample record gives user 2.
pub const USER2_PASSWORD: &str = "9#2*724#";

/// The built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nec-harden"))
}

/// A command that runs the binary: the one way the tests start it.
pub fn command() -> Command {
    Command::new(bin())
}

/// Runs the binary with `args`, feeding `stdin`.
pub fn run(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Output {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nec-harden");
    // The program may exit before reading (usage errors): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

/// Builds an argument list from strings and paths.
#[macro_export]
macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new(&$a)),*][..] };
}

/// Every file under `dir` with its content, to assert that nothing changed.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            out.insert(p.clone(), fs::read(&p).unwrap());
        }
    }
    out
}

/// Whether the external tools exist; prints a visible notice when not, and fails under CI.
pub fn tools_available(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| {
            Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let notice = format!(
        "SKIPPED: external tools not installed (missing: {})",
        missing.join(", ")
    );
    assert!(std::env::var_os("CI").is_none(), "{notice}, and CI is set");
    // Straight to the process's stderr: libtest hides `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "{notice}");
    false
}

/// Runs a command, panicking with its stderr when it fails.
pub fn sh(program: &str, args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(program).args(args).output().expect(program);
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Makes an age X25519 key file with `age-keygen`; returns (key file, public key).
pub fn age_keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    sh("age-keygen", args!["-o", key]);
    let out = sh("age-keygen", args!["-y", key]);
    (
        key,
        String::from_utf8(out.stdout).unwrap().trim().to_owned(),
    )
}

/// Makes an unencrypted OpenSSH key pair; returns (private key file, public key line).
pub fn ssh_keygen(dir: &Path, kind: &str) -> (PathBuf, String) {
    let key = dir.join(format!("id_{kind}"));
    let mut args = vec!["-q", "-t", kind, "-N", "", "-C", "test@nec-harden", "-f"];
    let k = key.to_str().unwrap().to_owned();
    args.push(&k);
    if kind == "rsa" {
        args.extend(["-b", "2048"]);
    }
    let out = Command::new("ssh-keygen").args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = fs::read_to_string(format!("{k}.pub")).unwrap();
    (key, public.trim().to_owned())
}

/// A tmux server of its own (its own socket in a temp folder), killed when dropped.
pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `command` in a detached 100x30 session.
    pub fn start(command: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t = Self {
            socket: dir.path().join("tmux.sock"),
            _dir: dir,
        };
        // Keep the pane open after the command ends so its last words can be read.
        let wrapped = format!("{command}; echo \"EXIT=$?\"; sleep 60");
        t.tmux(&["new-session", "-d", "-x", "100", "-y", "30", &wrapped]);
        t
    }

    /// Starts `command` in a detached `width`x`height` session as it is (no exit line after
    /// it: the pane keeps whatever the program drew last).
    pub fn start_raw(command: &str, width: u16, height: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t = Self {
            socket: dir.path().join("tmux.sock"),
            _dir: dir,
        };
        let (w, h) = (width.to_string(), height.to_string());
        t.tmux(&["new-session", "-d", "-x", &w, "-y", &h, command]);
        t
    }

    /// Starts `command` in a detached `width`x`height` session whose shell starts in `dir`,
    /// as it is (no exit line after it).
    pub fn start_in(dir: &Path, command: &str, width: u16, height: u16) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let t = Self {
            socket: tmp.path().join("tmux.sock"),
            _dir: tmp,
        };
        let (w, h) = (width.to_string(), height.to_string());
        let d = dir.display().to_string();
        let out = t.tmux(&["new-session", "-d", "-x", &w, "-y", &h, "-c", &d, command]);
        assert!(out.status.success(), "tmux new-session failed");
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux")
    }

    /// The visible text of the pane.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Polls until the pane shows `text` `count` times (bounded by a deadline).
    pub fn wait_for_text(&self, text: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= count {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The value of a tmux format variable of the pane (`#{alternate_on}`, `#{cursor_flag}`).
    pub fn format(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The whole pane: scrollback history and screen, as the pty saw it.
    pub fn history(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-S", "-"]).stdout).into_owned()
    }

    /// Sends tmux key names (`Down`, `C-c`, `Enter`) or, with `literal`, the text itself.
    pub fn send(&self, keys: &[&str], literal: bool) {
        let mut args = vec!["send-keys"];
        if literal {
            args.push("-l");
        }
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(out.status.success(), "tmux send-keys {keys:?} failed");
    }

    /// Pastes `text` as a terminal does (bracketed, when the program asked for it).
    pub fn paste(&self, text: &str) {
        let file = self.socket.with_file_name("paste.txt");
        fs::write(&file, text).unwrap();
        let f = file.display().to_string();
        assert!(self.tmux(&["load-buffer", &f]).status.success());
        assert!(self.tmux(&["paste-buffer", "-p", "-d"]).status.success());
    }

    /// Resizes the window (and so the pane).
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.tmux(&["resize-window", "-x", &w, "-y", &h]);
    }

    /// The process id of the pane's shell.
    pub fn pane_pid(&self) -> u32 {
        self.format("#{pane_pid}").parse().expect("pane pid")
    }

    /// Polls until `pred` holds for the screen (bounded by a deadline); returns the screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `text` and Enter.
    pub fn type_line(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
        self.tmux(&["send-keys", "Enter"]);
    }

    /// Polls until the command has ended (bounded by a deadline); returns the screen.
    pub fn wait_for_exit(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains("EXIT=") {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for the command to end; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The child processes of `pid` (Linux), to signal a program its wrapping shell started.
pub fn children(pid: u32) -> Vec<u32> {
    fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Decrypts `file` with the reference `age -d` inside tmux, typing `passphrase` at its
/// prompt; returns the plaintext.
pub fn age_decrypt_with_passphrase(file: &Path, out: &Path, passphrase: &str) -> Vec<u8> {
    let t = Tmux::start(&format!(
        "age -d -o '{}' '{}'",
        out.display(),
        file.display()
    ));
    t.wait_for_text("passphrase", 1);
    t.type_line(passphrase);
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "age -d failed:\n{screen}");
    fs::read(out).unwrap()
}

/// Encrypts `input` with the reference `age -p` (asks twice) inside tmux.
pub fn age_encrypt_with_passphrase(input: &Path, out: &Path, passphrase: &str, armor: bool) {
    let t = Tmux::start(&format!(
        "age -p {} -o '{}' '{}'",
        if armor { "-a" } else { "" },
        out.display(),
        input.display()
    ));
    t.wait_for_text("passphrase", 1);
    t.type_line(passphrase);
    t.wait_for_text("onfirm", 1);
    t.type_line(passphrase);
    let screen = t.wait_for_exit();
    assert!(screen.contains("EXIT=0"), "age -p failed:\n{screen}");
    assert!(out.exists());
}

/// A copy of the shipped example site `name` (`small-office.toml`, `full-128.toml`) in `dir`.
pub fn example_site(dir: &Path, name: &str) -> PathBuf {
    let dst = dir.join(name);
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("checklists/examples")
            .join(name),
        &dst,
    )
    .unwrap();
    dst
}

/// The fixture age identity of the tests and its public key.
pub fn fixture_identity() -> (PathBuf, String) {
    let identity =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/age/identity.key");
    let public = fs::read_to_string(&identity)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    (identity, public)
}

/// The secret values and login names of a decrypted handover record, ports excluded (a port is
/// not a secret: the site file and the report name it on purpose).
pub fn record_values(record: &str) -> Vec<String> {
    let doc: toml::Table = record.parse().unwrap();
    let mut out = Vec::new();
    for (kind, entries) in doc["credentials"].as_table().unwrap() {
        if kind == "port" {
            continue;
        }
        for e in entries.as_array().unwrap() {
            for key in ["secret", "user"] {
                if let Some(v) = e.get(key).and_then(toml::Value::as_str) {
                    out.push(v.to_owned());
                }
            }
        }
    }
    out
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The words of a text, as a credential could stand in it (letters, digits, `*`, `#`).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '*' || c == '#'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Words the project's own texts hold whatever a run generates: the shipped checklists, the
/// example sites and their reports in every format (port numbers like `5070`, the year, toll
/// classes...). A 4-digit code equal to one of them proves nothing when found in a file.
pub fn natural_tokens() -> &'static std::collections::HashSet<String> {
    static NATURAL: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NATURAL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = ["checklists/sl2100.toml", "checklists/sl1100.toml"]
            .iter()
            .map(|p| fs::read_to_string(root.join(p)).unwrap())
            .collect();
        for example in ["small-office.toml", "full-128.toml"] {
            let site = root.join("checklists/examples").join(example);
            texts.push(fs::read_to_string(&site).unwrap());
            for format in ["md", "json", "html"] {
                let o = run(args!["report", site, "--format", format], b"");
                texts.push(String::from_utf8(o.stdout).unwrap());
            }
        }
        texts
            .iter()
            .flat_map(|t| tokens(t))
            .map(str::to_owned)
            .collect()
    })
}

/// The secrets of `secrets` that `text` holds: a long one anywhere, a short one (a 4-digit
/// code) as a whole word that the project's own texts do not hold anyway.
pub fn leaks<'a>(text: &str, secrets: &'a [String]) -> Vec<&'a str> {
    let words = tokens(text);
    let natural = natural_tokens();
    secrets
        .iter()
        .filter(|s| {
            if s.len() >= 6 {
                text.contains(s.as_str())
            } else {
                words.contains(&s.as_str()) && !natural.contains(s.as_str())
            }
        })
        .map(String::as_str)
        .collect()
}

/// Seals `site` with a headless replay to the fixture key, proven with its identity.
pub fn seal_to_fixture(site: &Path) {
    let (identity, public) = fixture_identity();
    // The undated name the tests open (a replay's own default is dated).
    let stem = site.file_stem().unwrap().to_string_lossy().into_owned();
    let handover = site.with_file_name(format!("{stem}.handover.age"));
    let o = run(
        args![
            "replay",
            site,
            "--headless",
            "-r",
            public,
            "-i",
            identity,
            "-o",
            handover
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

/// The seed of a crash campaign: `NEC_HARDEN_CRASH_SEED` to repeat one, else the clock.
pub fn campaign_seed() -> u64 {
    std::env::var("NEC_HARDEN_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}
