//! `nec-harden checklist validate`: valid files, and one malformed file per kind of mistake.

fn validate(name: &str) -> (i32, String, String) {
    let path = format!("tests/data/checklists/{name}");
    let out = crate::support::command()
        .args(["checklist", "validate", &path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run nec-harden");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assert_problems(name: &str, expected: &[&str]) {
    let (code, stdout, stderr) = validate(name);
    assert_eq!(code, 1, "{name}: exit code");
    assert_eq!(stdout, "", "{name}: nothing on stdout");
    let prefix = format!("tests/data/checklists/{name}:");
    let lines: Vec<&str> = stderr.lines().collect();
    let wanted: Vec<String> = expected.iter().map(|e| format!("{prefix}{e}")).collect();
    assert_eq!(lines, wanted, "{name}");
}

#[test]
fn shipped_checklists_are_valid() {
    for model in ["sl2100", "sl1100"] {
        let out = crate::support::command()
            .args(["checklist", "validate", &format!("checklists/{model}.toml")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.starts_with(&format!("checklists/{model}.toml: valid, 9 sections, ")),
            "{stdout}"
        );
    }
}

#[test]
fn a_minimal_dealer_checklist_is_valid() {
    let (code, stdout, stderr) = validate("good-minimal.toml");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "tests/data/checklists/good-minimal.toml: valid, 1 sections, 1 items, 1 warning(s)\n"
    );
    // Its one item says neither where its facts come from nor what to verify: a warning only.
    assert_eq!(
        stderr,
        "tests/data/checklists/good-minimal.toml:10:6: warning: item `sip-ports` has neither `sources` nor a `verify` note: say where its facts come from\n"
    );
}

#[test]
fn toml_syntax_error() {
    assert_problems(
        "bad-syntax.toml",
        &["18:20: invalid basic string, expected `\"`"],
    );
}

#[test]
fn unknown_key() {
    assert_problems(
        "bad-unknown-key.toml",
        &[
            "22:1: unknown field `colour`, expected one of `id`, `title`, `programs`, `why`, `procedure`, `verify`, `sources`, `answer`, `when`, `weight`",
        ],
    );
}

#[test]
fn missing_field() {
    assert_problems("bad-missing-field.toml", &["17:1: missing field `why`"]);
}

#[test]
fn unknown_answer_kind() {
    assert_problems(
        "bad-answer-kind.toml",
        &[
            "22:19: unknown answer kind `yes-no`, expected one of: confirm, choice, extensions, credentials, port, number, text",
        ],
    );
}

#[test]
fn unknown_credential_kind() {
    assert_problems(
        "bad-credential-kind.toml",
        &[
            "22:59: unknown credential kind `pin` (expected one of: username, password, userpro, code, sip-id, sip-password, port, disa, override, walking-id)",
        ],
    );
}

#[test]
fn duplicate_id() {
    assert_problems(
        "bad-duplicate-id.toml",
        &["18:6: duplicate id `sip-ports` (first used at 10:6)"],
    );
}

#[test]
fn condition_naming_an_unknown_item() {
    assert_problems(
        "bad-condition-item.toml",
        &["23:17: condition names unknown item `sip-port`"],
    );
}

#[test]
fn condition_naming_an_option_the_item_lacks() {
    assert_problems(
        "bad-condition-option.toml",
        &["23:41: item `sip-ports` has no option `5070` (it has: 5060, 5080)"],
    );
}

#[test]
fn every_semantic_problem_is_reported_in_file_order() {
    assert_problems(
        "bad-several.toml",
        &[
            "18:6: item id `Register_Mode` must be kebab-case (a-z, 0-9 and single dashes)",
            "20:13: program reference `10-46-1` should look like 90-02 or 90-02-01",
            "23:42: unknown extension filter `everyone`, expected one of: in-use, in-use-physical-with-mailbox, in-use-with-mailbox, unused-with-mailbox, needs-user-pro, without-user-pro, nec-sip, third-party-sip",
            "24:17: unknown site fact `has-fax`, expected one of: has-nec-sip-phones, has-third-party-sip, has-user-pro-extensions, has-message-notification",
            "28:6: duplicate id `sip-ports` (first used at 10:6)",
            "32:10: answer kind `number` needs `min` and `max`",
        ],
    );
}

#[test]
fn unreadable_file_is_an_io_error() {
    let (code, _, stderr) = validate("does-not-exist.toml");
    assert_eq!(code, 3);
    assert!(
        stderr.starts_with("nec-harden: tests/data/checklists/does-not-exist.toml: cannot read:")
    );
    assert_eq!(stderr.lines().count(), 1);
}
