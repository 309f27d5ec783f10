//! Unit tests of the record: TOML round trip, layout, masking, refusal of bad documents.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use super::HandoverError;
use super::record::{AdminPorts, Credential, HandoverRecord, Level, SiteInfo};
use crate::nec::model::Model;
use crate::secrets::kind::CredentialKind;
use crate::timestamp::Timestamp;

pub(crate) fn sample_record() -> HandoverRecord {
    let mut r = HandoverRecord::new(SiteInfo {
        name: "Acme Dental \"North\"".into(),
        customer: "Acme Dental Ltd".into(),
        model: Model::Sl2100,
        installer: "J. Smith".into(),
    });
    r.sealed_at = Timestamp::parse("2026-11-22T01:30:00Z").unwrap();
    r.credentials = vec![
        Credential::new(
            "90-02",
            CredentialKind::Password,
            "user 2",
            SecretString::from("8#2*9134"),
        )
        .with_level(Level::Installer)
        .with_user("inst7"),
        Credential::new(
            "90-02",
            CredentialKind::Username,
            "user 2",
            SecretString::from("inst7"),
        )
        .with_level(Level::Installer),
        Credential::new(
            "VM",
            CredentialKind::Code,
            "extension 101",
            SecretString::from("4821"),
        ),
        Credential::new(
            "VM",
            CredentialKind::Code,
            "extension 1024",
            SecretString::from("9306"),
        ),
        Credential::new(
            "90-54-01",
            CredentialKind::Port,
            "WebPro",
            SecretString::from("8443"),
        ),
    ];
    r.admin_ports = AdminPorts {
        webpro: Some(8443),
        pcpro: Some(8100),
    };
    r.forwarded_ports = vec![5060, 5080];
    r.checklist_done = vec!["router-upnp-off".into(), "90-02-logins".into()];
    r
}

fn origin() -> &'static Path {
    Path::new("test.age")
}

#[test]
fn debug_never_prints_secrets() {
    let r = sample_record();
    let dbg = format!("{r:?}");
    for secret in ["8#2*9134", "4821", "9306"] {
        assert!(!dbg.contains(secret), "{secret} leaked in {dbg}");
    }
    assert!(dbg.contains("[REDACTED]"));
    assert!(dbg.contains("extension 101"));
}

#[test]
fn toml_round_trip_keeps_everything() {
    let r = sample_record();
    let text = r.to_toml();
    let back = HandoverRecord::from_toml(&text, origin()).unwrap();
    assert_eq!(back.site, r.site);
    assert_eq!(back.sealed_at, r.sealed_at);
    assert_eq!(back.admin_ports, r.admin_ports);
    assert_eq!(back.forwarded_ports, r.forwarded_ports);
    assert_eq!(back.checklist_done, r.checklist_done);
    assert_eq!(back.credentials.len(), r.credentials.len());
    // Written grouped by kind; writing the parsed record again gives the same text.
    assert_eq!(*back.to_toml(), *text);
    let pw = back
        .credentials
        .iter()
        .find(|c| c.kind == CredentialKind::Password)
        .unwrap();
    assert_eq!(pw.secret.expose_secret(), "8#2*9134");
    assert_eq!(pw.level, Some(Level::Installer));
    assert_eq!(pw.user.as_deref(), Some("inst7"));
}

#[test]
fn layout_is_readable() {
    let text = sample_record().to_toml();
    assert!(text.starts_with("# nec-harden handover record\n"));
    assert!(text.contains("age -d -i KEY FILE"));
    assert!(text.contains("nec-harden handover show"));
    assert!(text.contains("format = 1\n"));
    assert!(text.contains("name      = \"Acme Dental \\\"North\\\"\"\n"));
    // Codes of one group are aligned: the `secret` column starts at the same offset.
    let code_lines: Vec<&str> = text.lines().filter(|l| l.contains("\"VM\"")).collect();
    assert_eq!(code_lines.len(), 2);
    let cols: Vec<usize> = code_lines
        .iter()
        .map(|l| l.find("secret").unwrap())
        .collect();
    assert_eq!(cols[0], cols[1]);
    assert_eq!(code_lines[0].len(), code_lines[1].len());
    assert!(text.contains("# voicemail security code (2)\ncode = [\n"));
}

#[test]
fn refuses_unknown_keys_and_other_versions() {
    let text = sample_record().to_toml();
    let extra = text.replace("[site]\n", "[site]\ncolour = \"red\"\n");
    let err = HandoverRecord::from_toml(&extra, origin()).unwrap_err();
    assert!(
        matches!(&err, HandoverError::BadRecord { reason, .. } if reason.contains("colour")),
        "{err}"
    );
    let v2 = text.replace("format = 1\n", "format = 2\n");
    assert!(matches!(
        HandoverRecord::from_toml(&v2, origin()),
        Err(HandoverError::UnsupportedFormat { found: 2, .. })
    ));
    let none = text.replace("format = 1\n", "");
    assert!(HandoverRecord::from_toml(&none, origin()).is_err());
    let bad_kind = text.replace("code = [", "pin = [");
    assert!(HandoverRecord::from_toml(&bad_kind, origin()).is_err());
}

#[test]
fn parse_errors_name_the_line_not_the_secret() {
    let text = sample_record().to_toml();
    let broken = text.replace("secret = \"4821\"", "secret = 4821");
    let err = HandoverRecord::from_toml(&broken, origin())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("test.age: not a valid handover record: line "),
        "{err}"
    );
    assert!(!err.contains('\n'));
}

#[test]
fn a_malformed_secret_is_not_echoed_in_the_error() {
    let text = sample_record().to_toml().to_string();
    let at = text.find("secret = \"").unwrap() + "secret = ".len();
    let (head, tail) = text.split_at(at);
    let value_end = tail[1..].find('"').unwrap() + 2;
    let hostile = format!("{head}25117272{}", &tail[value_end..]);
    let err = HandoverRecord::from_toml(&hostile, Path::new("rec.toml"))
        .unwrap_err()
        .to_string();
    assert!(!err.contains("25117272"), "{err}");
    assert!(
        err.contains("(`secret`): invalid type: integer, expected a quoted string"),
        "{err}"
    );
    let float = format!("{head}2511.7272{}", &tail[value_end..]);
    let err = HandoverRecord::from_toml(&float, Path::new("rec.toml"))
        .unwrap_err()
        .to_string();
    assert!(!err.contains("7272"), "{err}");
}

#[test]
fn an_addendum_says_what_it_adds_to_and_which_targets_it_covers() {
    let mut r = sample_record();
    r.adds_to = Some(super::record::AddsTo {
        file: "north.handover.age".into(),
        sealed_at: Timestamp::parse("2025-11-02T09:00:00Z"),
    });
    let text = r.to_toml();
    assert!(text.contains("[addendum]"), "{}", text.as_str());
    assert!(text.contains("adds_to   = \"north.handover.age\""));
    assert!(text.contains("adds_to_sealed_at = \"2025-11-02T09:00:00Z\""));
    assert!(
        text.contains("targets = [\"user 2\", \"extension 101\""),
        "{}",
        text.as_str()
    );
    let back = HandoverRecord::from_toml(&text, Path::new("a.age")).unwrap();
    assert_eq!(back.adds_to, r.adds_to);
    assert_eq!(back.site, r.site);
    assert_eq!(back.credentials.len(), r.credentials.len());
    // A plain handover has no addendum table.
    let plain = sample_record().to_toml();
    assert!(!plain.contains("[addendum]"));
    let back = HandoverRecord::from_toml(&plain, Path::new("h.age")).unwrap();
    assert!(back.adds_to.is_none());
}

#[test]
fn an_addendum_with_a_bad_time_or_unknown_key_is_refused() {
    let mut r = sample_record();
    r.adds_to = Some(super::record::AddsTo {
        file: "north.handover.age".into(),
        sealed_at: None,
    });
    let text = r.to_toml();
    let bad_time = text.replace(
        "adds_to   = \"north.handover.age\"",
        "adds_to = \"north.handover.age\"\nadds_to_sealed_at = \"yesterday\"",
    );
    let err = HandoverRecord::from_toml(&bad_time, Path::new("a.age")).unwrap_err();
    assert!(err.to_string().contains("adds_to_sealed_at"), "{err}");
    let unknown = text.replace("[addendum]\n", "[addendum]\nsite_key = 1\n");
    assert!(HandoverRecord::from_toml(&unknown, Path::new("a.age")).is_err());
}
