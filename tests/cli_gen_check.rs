//! `nec-harden gen` and `nec-harden check` as scripts see them: output lines and exit codes.

use std::process::{Output, Stdio};

use nec_harden::secrets::{Context, CredentialKind, Status, check};

fn run(args: &[&str]) -> Output {
    crate::support::command().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn gen_prints_count_values_of_the_kind_and_the_entropy_line() {
    for kind in CredentialKind::ALL {
        let o = run(&["gen", kind.name(), "--count", "5", "--entropy"]);
        assert_eq!(o.status.code(), Some(0), "{kind}");
        let text = stdout(&o);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{kind}: {text}");
        for v in &lines[..5] {
            assert_eq!(
                check(kind, v, &Context::default()).status,
                Status::Ok,
                "{kind} {v}"
            );
        }
        assert!(
            lines[5].starts_with("entropy: ") && lines[5].ends_with(" values"),
            "{}",
            lines[5]
        );
    }
}

/// 84-22-01 IDs are digits only (nec-facts §12), 12 by default; a typed ID with letters is
/// refused with the digits-only finding.
#[test]
fn gen_sip_id_draws_digits_and_check_refuses_letters() {
    let o = run(&["gen", "sip-id", "--count", "20", "--entropy"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    for id in &lines[..20] {
        assert!(
            id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
    }
    assert_eq!(lines[20], "entropy: 39.51 bits over 780476147080 values");
    let o = run(&["check", "sip-id", "Zq7Rt2mX9k"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.starts_with("rejected\n"), "{text}");
    assert!(text.contains("sip-id.charset"), "{text}");
    assert!(text.contains("numeric logon IDs only"), "{text}");
}

#[test]
fn gen_override_codes_are_four_digits_and_say_they_are_unverified() {
    let o = run(&["gen", "override", "--entropy"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let code = text.lines().next().unwrap();
    assert!(
        code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(
        text.lines().last(),
        Some("entropy: 13.27 bits over 9886 values")
    );
    let o = run(&["check", "override", "1234"]);
    let text = stdout(&o);
    assert!(text.starts_with("weak\n"), "{text}");
    assert!(text.contains("override.unverified"), "{text}");
}

#[test]
fn gen_password_entropy_line_is_exact() {
    let o = run(&["gen", "password", "--entropy"]);
    assert_eq!(
        stdout(&o).lines().last(),
        Some("entropy: 28.19 bits over 305654884 values")
    );
}

#[test]
fn gen_honours_length_and_refuses_lengths_the_kind_does_not_allow() {
    let o = run(&["gen", "sip-password", "--length", "16"]);
    assert_eq!(stdout(&o).trim().len(), 16);
    for (kind, len) in [
        ("password", "4"),
        ("code", "6"),
        ("sip-password", "17"),
        ("port", "5"),
    ] {
        let o = run(&["gen", kind, "--length", len]);
        assert_eq!(o.status.code(), Some(2), "{kind} {len}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(kind), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn gen_extended_usernames_draw_from_the_extended_set() {
    let o = run(&[
        "gen",
        "username",
        "--username-charset",
        "extended",
        "--count",
        "200",
    ]);
    let text = stdout(&o);
    assert!(text.lines().all(|l| l.len() == 10));
    assert!(
        text.bytes().any(|c| b"!#%*".contains(&c)),
        "200 values of 10 never drew a special"
    );
}

#[test]
fn check_prints_the_status_first_then_one_line_per_finding() {
    let o = run(&["check", "password", "*538#*47"]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), "ok\n".to_owned()));

    let o = run(&["check", "password", "12345678"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "weak");
    assert!(
        lines[1..].iter().any(|l| l.contains("[password.factory]")),
        "{text}"
    );

    let o = run(&["check", "code", "12a4"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("rejected\n"));
}

#[test]
fn check_uses_the_extension_and_reads_standard_input() {
    let o = run(&["check", "code", "1019", "--extension", "101"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[code.extension]"));

    let mut child = crate::support::command()
        .args(["check", "password", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"*538#*47\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), "ok\n".to_owned()));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check", "pin", "1234"][..],
        &["gen", "password", "--count", "0"],
        &["check", "code", "1234", "--extension", "10a"],
        &["gen"],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn every_command_has_help() {
    for args in [&["--help"][..], &["gen", "--help"], &["check", "--help"]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Usage:"));
    }
}
