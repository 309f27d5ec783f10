//! Site file tests: examples, rejection messages with positions, edits, round trips.

use proptest::prelude::*;

use super::*;
use crate::checklist::{self, ExtensionFilter, Facts, SiteFact};
use crate::nec::Model;

const SMALL: &str = include_str!("../../checklists/examples/small-office.toml");
const FULL: &str = include_str!("../../checklists/examples/full-128.toml");

fn sl2100() -> Checklist {
    checklist::builtin(Model::Sl2100)
}

fn t(secs: u64) -> Timestamp {
    Timestamp::from_unix_seconds(1_795_000_000 + secs)
}

fn error_of(text: &str) -> String {
    SiteFile::parse(text, "S.toml", &sl2100())
        .unwrap_err()
        .to_string()
}

#[test]
fn examples_load_and_round_trip() {
    for (name, text) in [("small", SMALL), ("full", FULL)] {
        let site = SiteFile::parse(text, name, &sl2100()).unwrap_or_else(|e| panic!("{e}"));
        let again = SiteFile::parse(&site.to_toml(), name, &sl2100()).unwrap();
        assert_eq!(site, again, "{name}");
    }
    let full = SiteFile::parse(FULL, "full", &sl2100()).unwrap();
    assert_eq!(full.extensions.len(), 128);
    assert_eq!(full.items.len(), sl2100().item_count());
    assert!(full.holds(SiteFact::HasNecSipPhones));
    assert_eq!(
        full.chosen("remote-maintenance"),
        Some(vec!["webpro".to_owned()])
    );
    assert_eq!(
        full.extensions_matching(ExtensionFilter::InUsePhysicalWithMailbox)
            .count(),
        80
    );
}

#[test]
fn other_format_versions_are_refused() {
    assert_eq!(
        error_of("format = 2\n[site]\nwhatever = 1\n"),
        "S.toml:1:10: format 2 found; this version reads format 1"
    );
    assert_eq!(
        error_of("[site]\nname = \"x\"\n"),
        "S.toml:1:1: missing `format = 1` at the top"
    );
}

const HEADER: &str = "format = 1\n[site]\nname = \"n\"\ncustomer = \"c\"\nmodel = \"sl2100\"\ninstaller = \"i\"\ncreated = \"2026-11-20T09:00:00Z\"\nupdated = \"2026-11-20T09:00:00Z\"\n";

#[test]
fn unknown_keys_models_and_times_are_refused_with_positions() {
    let unknown_key = format!("{HEADER}colour = \"red\"\n");
    assert!(
        error_of(&unknown_key).starts_with("S.toml:9:1: unknown field `colour`"),
        "{}",
        error_of(&unknown_key)
    );
    let bad_model = HEADER.replace("sl2100", "sl9999");
    assert!(error_of(&bad_model).starts_with("S.toml:5:9: unknown variant `sl9999`"));
    let bad_time = HEADER.replace(
        "created = \"2026-11-20T09:00:00Z\"",
        "created = \"yesterday\"",
    );
    assert!(error_of(&bad_time).starts_with("S.toml:7:11: `yesterday` is not a UTC time"));
}

#[test]
fn a_checklist_for_the_other_model_is_refused() {
    let sl1100 = checklist::builtin(Model::Sl1100);
    let err = SiteFile::parse(HEADER, "S.toml", &sl1100).unwrap_err();
    assert_eq!(
        err.to_string(),
        "S.toml:5:9: the site is an SL2100 but the checklist is for an SL1100"
    );
}

#[test]
fn inconsistent_data_is_refused_with_positions() {
    let ext =
        "[[extension]]\nnumber = \"101\"\ntype = \"physical\"\nin_use = true\nmailbox = true\n";
    let twice = format!("{HEADER}{ext}{ext}");
    assert_eq!(
        error_of(&twice),
        "S.toml:14:1: extension 101 is listed twice"
    );

    let unknown_item =
        format!("{HEADER}[items.fax-off]\nstatus = \"done\"\nat = \"2026-11-20T09:00:00Z\"\n");
    assert_eq!(
        error_of(&unknown_item),
        "S.toml:9:8: the checklist has no item `fax-off`"
    );

    let no_reason = format!(
        "{HEADER}[items.router-upnp-off]\nstatus = \"deferred\"\nat = \"2026-11-20T09:00:00Z\"\n"
    );
    assert_eq!(
        error_of(&no_reason),
        "S.toml:9:1: item `router-upnp-off` is deferred and needs a `reason`"
    );

    let wrong_kind = format!(
        "{HEADER}[items.sip-ports-forwarded]\nstatus = \"done\"\nat = \"2026-11-20T09:00:00Z\"\nanswer = {{ kind = \"number\", value = 5080 }}\n"
    );
    assert_eq!(
        error_of(&wrong_kind),
        "S.toml:9:1: item `sip-ports-forwarded` needs a `choice` answer, found `number`"
    );

    let both =
        format!("{wrong_kind}[items.fax-off]\nstatus = \"done\"\nat = \"2026-11-20T09:00:00Z\"\n");
    assert!(error_of(&both).ends_with("(and 1 more problems)"));
}

#[test]
fn edits_are_checked_before_they_apply() {
    let list = sl2100();
    let mut site = SiteFile::new("n", "c", "i", &list, &t(0));
    assert_eq!(site.status("router-upnp-off"), Status::Pending);
    assert_eq!(
        site.set_status(
            &list,
            "router-upnp-off",
            Status::NotApplicable,
            Some("  "),
            &t(1)
        ),
        Err(EditError::ReasonRequired(
            "router-upnp-off".into(),
            "not-applicable"
        ))
    );
    site.set_status(&list, "router-upnp-off", Status::Done, None, &t(2))
        .unwrap();
    assert_eq!(site.status("router-upnp-off"), Status::Done);
    assert_eq!(site.site.updated, t(2));

    let bad = Answer::Choice {
        selected: vec!["5090".into()],
    };
    assert!(
        site.set_answer(&list, "sip-ports-forwarded", bad, &t(3))
            .is_err()
    );
    let bad_level = Answer::Credentials {
        issued: vec![IssuedCredential {
            target: "1".into(),
            at: t(3),
            level: Some(2),
            port: None,
        }],
    };
    // SL2100 users start at 2.
    assert!(
        site.set_answer(&list, "login-credentials", bad_level, &t(3))
            .is_err()
    );
    assert_eq!(site.answer("sip-ports-forwarded"), None);
    assert_eq!(site.site.updated, t(2));

    let template = Extension {
        number: "1".parse().unwrap(),
        label: String::new(),
        kind: ExtensionType::Physical,
        in_use: true,
        mailbox: true,
        user_pro: false,
        notification: None,
    };
    let numbers = parse_extension_ranges("101-103, 105").unwrap();
    assert_eq!(site.add_extensions(&numbers, &template, &t(4)), 4);
    assert_eq!(site.add_extensions(&numbers, &template, &t(4)), 0);
    let codes = Answer::Credentials {
        issued: vec![IssuedCredential {
            target: "105".into(),
            at: t(5),
            level: None,
            port: None,
        }],
    };
    site.set_answer(&list, "mailbox-codes", codes, &t(5))
        .unwrap();
    site.remove_extension(&list, "105", &t(6)).unwrap();
    assert!(site.remove_extension(&list, "105", &t(6)).is_err());
    // The code issued to 105 went with it, so the file still loads.
    assert_eq!(
        site.answer("mailbox-codes"),
        Some(&Answer::Credentials { issued: vec![] })
    );
    assert!(SiteFile::parse(&site.to_toml(), "s", &list).is_ok());
}

#[test]
fn extension_ranges() {
    let numbers = |s: &str| -> Vec<String> {
        parse_extension_ranges(s)
            .unwrap()
            .into_iter()
            .map(String::from)
            .collect()
    };
    assert_eq!(
        numbers("101-103,140, 150-151"),
        ["101", "102", "103", "140", "150", "151"]
    );
    assert_eq!(numbers("0098-0100"), ["0098", "0099", "0100"]);
    assert_eq!(numbers("101,101-102"), ["101", "102"]);
    for bad in [
        "",
        "101-",
        "103-101",
        "1a",
        "1-99999",
        "99999999-100000000",
        "123456789",
    ] {
        assert!(parse_extension_ranges(bad).is_err(), "{bad}");
    }
    for zero in ["0", "000", "0-5"] {
        assert_eq!(
            parse_extension_ranges(zero).unwrap_err().to_string(),
            format!("extension range `{zero}`: 0 is not an extension number")
        );
    }
}

#[cfg(unix)]
#[test]
fn save_is_private_and_loads_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("SITE.toml");
    let site = SiteFile::parse(SMALL, "small", &sl2100()).unwrap();
    site.save(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let (loaded, list) = SiteFile::load(&path, None).unwrap();
    assert_eq!(loaded, site);
    assert_eq!(list.model, Model::Sl2100);
}

/// Issue 11: saving a resumed, hand-commented site file (the shipped examples) kept neither
/// its comments nor its layout.
#[test]
fn resume_and_change_keeps_the_dealers_comments_and_layout() {
    for (name, text) in [("small", SMALL), ("full", FULL)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("SITE.toml");
        // A dealer's own notes, beside the shipped header comment.
        let commented = text.replacen(
            "[site]\n",
            "# Customer asked for no changes on Fridays.\n[site]\n",
            1,
        );
        std::fs::write(&path, &commented).unwrap();
        let (mut site, list) = SiteFile::load(&path, None).unwrap();
        let now = Timestamp::parse("2026-12-01T10:00:00Z").unwrap();
        let item = list.items().next().unwrap().id.clone();
        site.set_status(&list, &item, Status::Deferred, Some("customer away"), &now)
            .unwrap();
        site.save(&path).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        for line in commented
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
        {
            assert!(
                saved.contains(line),
                "{name}: lost comment {line:?}:\n{saved}"
            );
        }
        assert!(
            saved.contains("extension = [\n  { number ="),
            "{name}: the inline extension list stays inline:\n{saved}"
        );
        let (loaded, _) = SiteFile::load(&path, None).unwrap();
        assert_eq!(loaded, site, "{name}");
        assert_eq!(loaded.status(&item), Status::Deferred);
    }
}

// ---- property tests ----

fn arb_extensions() -> impl Strategy<Value = Vec<Extension>> {
    prop::collection::btree_map(
        1u32..99_999_999,
        (
            0u8..4,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(any::<bool>()),
            "[ -~]{0,12}",
        ),
        0..20,
    )
    .prop_map(|map| {
        map.into_iter()
            .map(
                |(n, (kind, in_use, mailbox, user_pro, notification, label))| Extension {
                    number: n.to_string().parse().unwrap(),
                    label,
                    kind: [
                        ExtensionType::Physical,
                        ExtensionType::Virtual,
                        ExtensionType::Sip,
                        ExtensionType::SipThirdParty,
                    ][usize::from(kind)],
                    in_use,
                    mailbox,
                    user_pro,
                    notification,
                },
            )
            .collect()
    })
}

/// A valid answer for `item`, chosen by `seed`.
fn answer_for(item: &checklist::Item, seed: u64, text: &str, site: &SiteFile) -> Option<Answer> {
    use crate::checklist::{AnswerSpec, CredentialScope};
    let pick = |n: usize| usize::try_from(seed % n as u64).unwrap_or(0);
    Some(match &item.answer {
        AnswerSpec::Confirm => Answer::Confirm {},
        AnswerSpec::Choice { options, .. } => Answer::Choice {
            selected: vec![options[pick(options.len())].id.clone()],
        },
        AnswerSpec::Extensions { filter } => Answer::Extensions {
            numbers: site
                .extensions_matching(*filter)
                .map(|e| e.number.clone())
                .collect(),
        },
        AnswerSpec::Credentials { kinds, per } => {
            let port = kinds
                .contains(&crate::secrets::CredentialKind::Port)
                .then_some(1 + (seed % 65_535) as u16);
            let targets: Vec<(String, Option<u8>)> = match per {
                CredentialScope::LoginUser => site
                    .site
                    .model
                    .editable_login_users()
                    .map(|u| (u.to_string(), Some(2)))
                    .collect(),
                CredentialScope::Extension { filter } => site
                    .extensions_matching(*filter)
                    .map(|e| (e.number.to_string(), None))
                    .collect(),
                CredentialScope::Once => vec![("system".to_owned(), None)],
                CredentialScope::DisaUser => (1..=crate::coverage::targets::disa_users(site))
                    .map(|n| (n.to_string(), None))
                    .collect(),
            };
            Answer::Credentials {
                issued: targets
                    .into_iter()
                    .map(|(target, level)| IssuedCredential {
                        target,
                        at: t(seed % 1000),
                        level,
                        port,
                    })
                    .collect(),
            }
        }
        AnswerSpec::Port => Answer::Port {
            value: 1 + (seed % 65_535) as u16,
        },
        AnswerSpec::Number { none: Some(_), .. } if seed.is_multiple_of(3) => Answer::NotUsed {},
        AnswerSpec::Number { min, max, .. } => Answer::Number {
            value: min + i64::try_from(seed % u64::try_from(max - min + 1).ok()?).ok()?,
        },
        AnswerSpec::Text => Answer::Text {
            value: text.to_owned(),
        },
    })
}

fn arb_site() -> impl Strategy<Value = SiteFile> {
    let list = sl2100();
    let n = list.item_count();
    (
        "[ -~]{0,20}",
        "\\PC{0,20}",
        arb_extensions(),
        prop::collection::vec((0u8..4, any::<u64>(), any::<bool>(), "\\PC{1,16}"), n),
        prop::option::of(any::<bool>()),
    )
        .prop_map(move |(name, customer, extensions, records, handover)| {
            let mut site = SiteFile::new(&name, &customer, "installer", &list, &t(0));
            site.extensions = extensions;
            for (item, (status, seed, answered, text)) in list.items().zip(records) {
                let status = [
                    Status::Pending,
                    Status::Done,
                    Status::NotApplicable,
                    Status::Deferred,
                ][usize::from(status)];
                let reason = format!("r{text}");
                let reason = status.needs_reason().then_some(reason.as_str());
                site.set_status(&list, &item.id, status, reason, &t(seed % 5000))
                    .unwrap();
                if answered && let Some(answer) = answer_for(item, seed, &text, &site) {
                    site.set_answer(&list, &item.id, answer, &t(seed % 7000))
                        .unwrap();
                }
            }
            site.handover = handover.map(|passphrase| HandoverFacts {
                file: "h.age".into(),
                recipients: if passphrase {
                    vec![]
                } else {
                    vec!["age1example".into()]
                },
                passphrase,
                sealed_at: Some(t(9)),
                verified_at: None,
            });
            site
        })
}

proptest! {
    #[test]
    fn arbitrary_valid_sites_round_trip(site in arb_site()) {
        let text = site.to_toml();
        let loaded = SiteFile::parse(&text, "p.toml", &sl2100());
        prop_assert_eq!(loaded.map_err(|e| e.to_string()), Ok(site));
    }

    #[test]
    fn arbitrary_bytes_give_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(SiteFile::parse(&text, "p.toml", &sl2100()).is_err());
    }

    #[test]
    fn mutated_examples_never_panic(cut in 0usize..5000, insert in "[\\[\\]=\"a-z0-9\n ]{0,8}") {
        let mut text = SMALL.to_owned();
        let at = cut.min(text.len());
        if text.is_char_boundary(at) {
            text.insert_str(at, &insert);
        }
        let _ = SiteFile::parse(&text, "p.toml", &sl2100());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_valid_sites_survive_save_and_load(site in arb_site()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("SITE.toml");
        site.save(&path).unwrap();
        let (loaded, _) = SiteFile::load(&path, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(loaded, site);
    }
}

/// A number answer that may not apply ("no walking ID left") records `not-used` instead of a
/// forced number; an item without that option refuses it.
#[test]
fn not_used_answers_fit_only_items_that_offer_them() {
    let list = sl2100();
    let mut site = SiteFile::new("n", "c", "i", &list, &t(0));
    site.set_answer(&list, "walking-toll-ids", Answer::NotUsed {}, &t(1))
        .unwrap();
    assert_eq!(site.answer("walking-toll-ids"), Some(&Answer::NotUsed {}));
    let err = site
        .set_answer(&list, "inmail-ports-own-class", Answer::NotUsed {}, &t(2))
        .unwrap_err();
    assert!(
        err.to_string().contains("offers no `not-used` one"),
        "{err}"
    );
    let text = site.to_toml();
    assert!(text.contains("kind = \"not-used\""), "{text}");
    let again = SiteFile::parse(&text, "s", &list).unwrap();
    assert_eq!(again.answer("walking-toll-ids"), Some(&Answer::NotUsed {}));
    let refused = format!("{text}\n[items.inmail-ports-own-class.answer]\nkind = \"not-used\"\n");
    let err = SiteFile::parse(&refused, "s", &list)
        .unwrap_err()
        .to_string();
    assert!(err.contains("inmail-ports-own-class"), "{err}");
}
