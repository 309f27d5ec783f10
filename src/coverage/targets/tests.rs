//! Which targets a site has, per kind, on the shipped checklists and example sites.

use super::*;
use crate::checklist::builtin;
use crate::nec::Model;
use crate::site::Timestamp;

const SMALL: &str = include_str!("../../../checklists/examples/small-office.toml");
const FULL: &str = include_str!("../../../checklists/examples/full-128.toml");

fn load(text: &str, model: Model) -> (Checklist, SiteFile) {
    let list = builtin(model);
    let text = text.replace(
        "model = \"sl2100\"",
        &format!("model = \"{}\"", model.name()),
    );
    let site = SiteFile::parse(&text, "example.toml", &list).unwrap();
    (list, site)
}

/// `item: subject subject ...` per credential item that wants credentials.
fn by_item(list: &Checklist, site: &SiteFile) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for t in site_targets(list, site) {
        match out.last_mut() {
            Some((item, subjects)) if *item == t.item => subjects.push(t.subject),
            _ => out.push((t.item.clone(), vec![t.subject])),
        }
    }
    out
}

fn subjects(list: &Checklist, site: &SiteFile, item: &str) -> Vec<String> {
    item_targets(list.item(item).unwrap(), site)
        .into_iter()
        .map(|t| t.subject)
        .collect()
}

#[test]
fn the_small_office_has_these_targets() {
    let (list, site) = load(SMALL, Model::Sl2100);
    let ext = |n: &[&str]| {
        n.iter()
            .map(|n| format!("extension {n}"))
            .collect::<Vec<_>>()
    };
    let users: Vec<String> = (2..=8).map(|u| format!("user {u}")).collect();
    assert_eq!(
        by_item(&list, &site),
        vec![
            ("login-credentials".to_owned(), users),
            ("webpro-port".to_owned(), vec!["WebPro".to_owned()]),
            ("userpro-passwords".to_owned(), ext(&["101", "102"])),
            ("sip-phone-logons".to_owned(), ext(&["201", "202"])),
            ("sip-third-party-passwords".to_owned(), ext(&["301"])),
            (
                "mailbox-codes".to_owned(),
                ext(&["101", "102", "103", "104", "105", "202"])
            ),
        ]
    );
}

#[test]
fn every_in_use_mailbox_gets_a_code_whatever_the_extension_type() {
    let (list, site) = load(SMALL, Model::Sl2100);
    let coded = subjects(&list, &site, "mailbox-codes");
    // 202 is an NEC SIP phone with a mailbox; 106 is not in use; 201 and 301 have none.
    assert!(coded.contains(&"extension 202".to_owned()));
    assert!(!coded.contains(&"extension 106".to_owned()));
    assert!(!coded.contains(&"extension 301".to_owned()));
    // A softphone given a mailbox gets a code too.
    let mut site = site;
    let mut soft = site.extension("301").unwrap().clone();
    soft.mailbox = true;
    site.put_extension(soft, &Timestamp::from_unix_seconds(0));
    assert!(subjects(&list, &site, "mailbox-codes").contains(&"extension 301".to_owned()));
}

#[test]
fn values_name_their_program_item_exactly() {
    let (list, site) = load(SMALL, Model::Sl2100);
    let programs = |item: &str| -> Vec<String> {
        item_targets(list.item(item).unwrap(), &site)[0]
            .slots
            .iter()
            .map(|s| s.program.clone())
            .collect()
    };
    assert_eq!(programs("login-credentials"), ["90-02-01", "90-02-02"]);
    assert_eq!(programs("sip-phone-logons"), ["84-22-01", "84-22-02"]);
    assert_eq!(programs("userpro-passwords"), ["90-28"]);
    assert_eq!(programs("webpro-port"), ["90-54-01"]);
    assert_eq!(programs("mailbox-codes"), [MAILBOX_PROGRAM]);
}

#[test]
fn a_third_party_sip_password_says_to_verify_on_the_system() {
    let (list, site) = load(SMALL, Model::Sl2100);
    let t = &item_targets(list.item("sip-third-party-passwords").unwrap(), &site)[0];
    assert_eq!(t.slots[0].program, THIRD_PARTY_SIP_PROGRAM);
    assert!(
        t.note
            .is_some_and(|n| n.starts_with("verify on the system"))
    );
}

#[test]
fn an_sl1100_leaves_user_1_the_manufacturer_login_untouched() {
    let (list, site) = load(SMALL, Model::Sl1100);
    let users = subjects(&list, &site, "login-credentials");
    assert_eq!(users.first().map(String::as_str), Some("user 2"));
    assert_eq!(users.len(), 7);
    let (user, why) = site.site.model.untouched_login_users()[0];
    assert_eq!(user, 1);
    assert!(why.contains("necam"));
}

#[test]
fn disa_users_are_targets_only_when_disa_is_used() {
    let (list, mut site) = load(FULL, Model::Sl2100);
    let item = list.item("disa-passwords").unwrap();
    assert!(list.applies(item, &site));
    assert_eq!(
        subjects(&list, &site, "disa-passwords"),
        ["DISA user 1", "DISA user 2", "DISA user 3"]
    );
    let now = Timestamp::from_unix_seconds(0);
    let none = Answer::Choice {
        selected: vec!["none".into()],
    };
    site.set_answer(&list, DISA_USED_ITEM, none, &now).unwrap();
    assert!(!list.applies(item, &site));
    assert!(item_targets(item, &site).is_empty());
    assert!(
        site_targets(&list, &site)
            .iter()
            .all(|t| t.item != "disa-passwords")
    );
}

#[test]
fn the_full_example_has_a_target_of_every_kind() {
    let (list, site) = load(FULL, Model::Sl2100);
    let kinds: std::collections::BTreeSet<_> = site_targets(&list, &site)
        .iter()
        .flat_map(|t| t.slots.iter().map(|s| s.kind))
        .collect();
    assert_eq!(kinds.len(), CredentialKind::ALL.len(), "{kinds:?}");
}

#[test]
fn override_codes_go_to_exactly_the_holders_chosen() {
    let (list, mut site) = load(FULL, Model::Sl2100);
    let item = list.item("toll-override-new-codes").unwrap();
    let targets = item_targets(item, &site);
    let shape: Vec<_> = targets
        .iter()
        .map(|t| {
            (
                t.subject.as_str(),
                t.extension.as_deref(),
                t.slots[0].kind,
                t.slots[0].program.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "extension 101",
                Some("101"),
                CredentialKind::Override,
                "21-07-01"
            ),
            (
                "extension 102",
                Some("102"),
                CredentialKind::Override,
                "21-07-01"
            ),
        ]
    );
    // Every extension number of the site travels with the target: a code must equal none.
    assert_eq!(targets[0].site_extensions.len(), site.extensions.len());
    let now = Timestamp::from_unix_seconds(0);
    let numbers = ["110", "101"].iter().map(|n| n.parse().unwrap()).collect();
    site.set_answer(
        &list,
        "toll-override-holders",
        Answer::Extensions { numbers },
        &now,
    )
    .unwrap();
    assert_eq!(
        subjects(&list, &site, "toll-override-new-codes"),
        ["extension 110", "extension 101"]
    );
}

#[test]
fn walking_ids_are_as_many_as_the_walking_id_answer_counts() {
    let (list, mut site) = load(FULL, Model::Sl1100);
    assert_eq!(
        subjects(&list, &site, "walking-toll-id-codes"),
        ["walking ID 1", "walking ID 2"]
    );
    let t = &item_targets(list.item("walking-toll-id-codes").unwrap(), &site)[0];
    assert_eq!(t.slots[0].kind, CredentialKind::WalkingId);
    assert_eq!(t.slots[0].program, "21-14-01");
    assert_eq!(t.extension, None);
    let now = Timestamp::from_unix_seconds(0);
    site.set_answer(&list, "walking-toll-ids", Answer::NotUsed {}, &now)
        .unwrap();
    assert!(subjects(&list, &site, "walking-toll-id-codes").is_empty());
    site.set_answer(
        &list,
        "walking-toll-ids",
        Answer::Number { value: 500 },
        &now,
    )
    .unwrap();
    assert_eq!(subjects(&list, &site, "walking-toll-id-codes").len(), 500);
}

#[test]
fn other_targets_carry_no_extension_list() {
    let (list, site) = load(FULL, Model::Sl2100);
    assert!(
        site_targets(&list, &site)
            .iter()
            .filter(|t| !t.slots.iter().any(|s| s.kind.is_dialled_code()))
            .all(|t| t.site_extensions.is_empty())
    );
}

#[test]
fn an_sl1100_site_file_of_the_current_release_with_user_1_still_loads() {
    // The release before this one issued user 1 on an SL1100 (level 1 could not be kept).
    let text = SMALL.replace("model = \"sl2100\"", "model = \"sl1100\"").replace(
        r#"  { target = "2", at = "2026-11-20T09:20:00Z", level = 2 },"#,
        "  { target = \"1\", at = \"2026-11-20T09:20:00Z\" },\n  { target = \"2\", at = \"2026-11-20T09:20:00Z\", level = 2 },",
    );
    assert!(text.contains(r#"target = "1""#));
    let list = builtin(Model::Sl1100);
    let site = SiteFile::parse(&text, "old.toml", &list).unwrap();
    let Some(Answer::Credentials { issued }) = site.answer("login-credentials") else {
        panic!("no login answer");
    };
    assert_eq!(issued.first().map(|i| i.target.as_str()), Some("2"));
    assert_eq!(issued.len(), 7);
}

#[test]
fn a_site_file_naming_a_holder_or_walking_id_that_cannot_be_is_refused() {
    let list = builtin(Model::Sl2100);
    let cases = [
        (
            r#"{ target = "102", at = "2026-11-21T10:31:00Z" },"#,
            r#"{ target = "999", at = "2026-11-21T10:31:00Z" },"#,
            "credential target `999` should be an extension of the site",
        ),
        (
            r#"{ target = "2", at = "2026-11-21T10:32:00Z" },"#,
            r#"{ target = "501", at = "2026-11-21T10:32:00Z" },"#,
            "credential target `501` should be a number 1 to 500",
        ),
        (
            r#"{ target = "2", at = "2026-11-21T10:32:00Z" },"#,
            r#"{ target = "02", at = "2026-11-21T10:32:00Z" },"#,
            "credential target `02` should be a number 1 to 500",
        ),
    ];
    for (from, to, why) in cases {
        assert!(FULL.contains(from), "{from}");
        let text = FULL.replace(from, to);
        let err = SiteFile::parse(&text, "bad.toml", &list)
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{err}");
    }
}
