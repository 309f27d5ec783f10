//! `nec-harden probe` end to end: the help note, bad input (one line, exit 2 or 3, nothing
//! sent or written), the vantage warning, and a probe recorded in a site file and its report.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use nec_harden::probe::{RegisterVerdict, Severity, Vantage};
use nec_harden::site::SiteFile;

use crate::fixtures::{Kamailio, bin, free_port, tool_available};

fn nec_harden(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example_site(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("site.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/examples/small-office.toml"),
        &path,
    )
    .unwrap();
    path
}

#[test]
fn help_tells_installers_to_probe_only_their_own_systems() {
    let out = nec_harden(&["probe", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Only probe systems you are responsible for"),
        "{help}"
    );
    assert!(
        help.contains("sip:15080=5080"),
        "--ports syntax is documented"
    );
}

#[test]
fn bad_input_gives_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path());
    let before = std::fs::read(&site).unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "format = 1\n[site\n").unwrap();
    let missing = dir.path().join("missing.toml");
    let (broken, missing, site_arg) = (
        broken.to_str().unwrap(),
        missing.to_str().unwrap(),
        site.to_str().unwrap(),
    );
    for (args, code, needle) in [
        (vec!["127.0.0.1:80"], 2, "host `127.0.0.1:80`"),
        (vec![""], 2, "host ``"),
        (vec!["a b"], 2, "host `a b`"),
        (
            vec!["127.0.0.1", "--ports", "80,sip:99999"],
            2,
            "--ports entry `sip:99999`",
        ),
        (
            vec!["127.0.0.1", "--ports", "udp:53"],
            2,
            "--ports entry `udp:53`",
        ),
        (vec!["127.0.0.1", "--ports", "+"], 2, "--ports entry `+`"),
        (
            vec!["127.0.0.1", "--site", missing],
            3,
            "missing.toml: cannot read",
        ),
        (vec!["127.0.0.1", "--site", broken], 3, "broken.toml:2:"),
        (
            vec!["127.0.0.1", "--site", site_arg, "--ports", "x"],
            2,
            "--ports entry `x`",
        ),
        (vec!["127.0.0.1", "--timeout-ms", "5"], 2, "--timeout-ms"),
        (vec!["127.0.0.1", "--from", "moon"], 2, "--from"),
    ] {
        let mut full = vec!["probe"];
        full.extend(&args);
        let out = nec_harden(&full);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        // clap reports its own errors (--timeout-ms, --from) with a usage hint; ours are one line.
        let ours = !needle.starts_with("--timeout") && !needle.starts_with("--from");
        if ours {
            assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
            assert!(err.starts_with("nec-harden: "), "{err}");
        }
        assert!(out.stdout.is_empty(), "{args:?}: nothing probed");
    }
    assert_eq!(
        std::fs::read(&site).unwrap(),
        before,
        "the site file is untouched"
    );
}

#[test]
fn without_a_terminal_or_from_the_vantage_is_unknown_with_a_warning() {
    let closed = free_port().to_string();
    let out = nec_harden(&[
        "probe",
        "127.0.0.1",
        "--ports",
        &closed,
        "--timeout-ms",
        "300",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: vantage point unknown"),
        "{}",
        stderr(&out)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("from unknown") && text.contains("Note: Vantage point unknown"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{closed}/tcp")) && text.contains("closed"),
        "{text}"
    );
    assert!(text.contains("Result: ok"), "{text}");
}

#[test]
fn a_probe_is_recorded_in_the_site_file_and_its_report() {
    if !tool_available("kamailio", "kamailio") {
        return;
    }
    let registrar = Kamailio::start(false);
    let dir = tempfile::tempdir().unwrap();
    let site = example_site(dir.path());
    let site_arg = site.to_str().unwrap();
    // The small office forwards 5060 and 5080; 5070 is not forwarded.
    let ports = format!("sip:{}=5070", registrar.port);
    let out = nec_harden(&[
        "probe",
        "127.0.0.1",
        "--ports",
        &ports,
        "--site",
        site_arg,
        "--from",
        "outside",
        "--format",
        "json",
        "--timeout-ms",
        "300",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["vantage"], "outside");
    assert_eq!(json["finding"][0]["severity"], "critical");

    let (saved, _) = SiteFile::load(&site, None).unwrap();
    let probe = saved.probe.expect("[probe] recorded");
    assert_eq!(
        (probe.vantage, probe.host.as_str()),
        (Vantage::Outside, "127.0.0.1")
    );
    assert!(probe.ports.iter().any(|p| {
        p.register
            .as_ref()
            .is_some_and(|r| r.verdict == RegisterVerdict::Accepted)
    }));
    let items: Vec<(Severity, &str)> = probe
        .findings
        .iter()
        .map(|f| (f.severity, f.item.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (Severity::Critical, "sip-register-mode"),
            (Severity::Failed, "sip-ports-forwarded")
        ]
    );

    for (format, needle) in [
        ("md", "### Exposure probe"),
        ("html", "<h3>Exposure probe</h3>"),
        ("json", "\"vantage\": \"outside\""),
    ] {
        let out = nec_harden(&["report", site_arg, "--format", format]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
        assert!(text.contains("sip-register-mode"), "{format}");
    }
}
