//! The shipped checklists' content, one test per toll-fraud path added and per correction made
//! after the second review of the manuals (nec-facts §12 to §14).

use super::*;

fn both() -> [Checklist; 2] {
    [builtin(Model::Sl2100), builtin(Model::Sl1100)]
}

fn item<'a>(c: &'a Checklist, id: &str) -> &'a Item {
    c.item(id)
        .unwrap_or_else(|| panic!("{}: no item {id}", c.model))
}

fn text(i: &Item) -> String {
    format!(
        "{} {} {} {}",
        i.title,
        i.why,
        i.procedure.join(" "),
        i.verify.as_deref().unwrap_or("")
    )
}

fn chosen_when(i: &Item) -> Option<(&str, &str)> {
    match &i.when {
        Some(Condition::Chosen { item, option }) => Some((item.as_str(), option.as_str())),
        _ => None,
    }
}

struct Answers(Vec<(&'static str, &'static str)>);

impl Facts for Answers {
    fn chosen(&self, item: &str) -> Option<Vec<String>> {
        let found: Vec<String> = self
            .0
            .iter()
            .filter(|(i, _)| *i == item)
            .map(|(_, o)| (*o).to_owned())
            .collect();
        (!found.is_empty()).then_some(found)
    }
    fn holds(&self, _: SiteFact) -> bool {
        false
    }
}

#[test]
fn override_codes_are_audited_and_their_holders_listed() {
    for c in both() {
        let codes = item(&c, "toll-override-codes");
        assert!(codes.programs.contains(&"21-07-01".to_owned()));
        assert_eq!(codes.answer.option_ids(), ["none", "kept"]);
        assert!(codes.verify.as_deref().unwrap().contains("sibling"));
        let holders = item(&c, "toll-override-holders");
        assert_eq!(
            holders.answer,
            AnswerSpec::Extensions {
                filter: ExtensionFilter::InUse
            }
        );
        assert_eq!(chosen_when(holders), Some(("toll-override-codes", "kept")));
        assert!(!c.applies(holders, &Answers(vec![("toll-override-codes", "none")])));
        assert!(c.applies(holders, &Answers(vec![("toll-override-codes", "kept")])));
    }
}

#[test]
fn walking_ids_take_a_count_or_none() {
    for c in both() {
        let walking = item(&c, "walking-toll-ids");
        assert!(walking.programs.iter().any(|p| p.starts_with("21-14")));
        assert_eq!(
            walking.answer,
            AnswerSpec::Number {
                min: 1,
                max: 500,
                none: Some("none left: every walking ID removed".into()),
                unit: Some("walking IDs left".into()),
            }
        );
    }
}

#[test]
fn trunk_classes_say_the_higher_class_applies_and_never_class_2() {
    for c in both() {
        let trunks = item(&c, "trunk-toll-classes");
        assert_eq!(trunks.programs, ["21-21"]);
        let all = text(trunks);
        assert!(all.contains("higher one"), "{all}");
        assert!(all.contains("Never put a trunk in class 2"), "{all}");
        assert!(trunks.verify.is_none(), "21-21 is confirmed");
    }
}

#[test]
fn inmail_ports_get_their_own_class_then_lose_trunk_access() {
    for c in both() {
        let own = item(&c, "inmail-ports-own-class");
        assert!(own.programs.contains(&"20-06-01".to_owned()));
        assert!(own.why.contains("class 1"), "{}", own.why);
        assert_eq!(
            own.answer,
            AnswerSpec::Number {
                min: 1,
                max: 15,
                none: None,
                unit: Some("class of service".into()),
            }
        );
        let access = item(&c, "inmail-trunk-access");
        assert_eq!(access.programs, ["14-07", "15-06"]);
        assert_eq!(access.answer.option_ids(), ["denied", "needed"]);
        assert!(access.verify.as_deref().unwrap().contains("SV9100"));
        // The order of the walk: own class, its toll class, then trunk access.
        let ids: Vec<&str> = c.items().map(|i| i.id.as_str()).collect();
        let at = |id| ids.iter().position(|i| *i == id).unwrap();
        assert!(at("inmail-ports-own-class") < at("inmail-ports-restricted"));
        assert!(at("inmail-ports-restricted") < at("inmail-trunk-access"));
    }
    let sl2100 = builtin(Model::Sl2100);
    assert!(
        item(&sl2100, "inmail-ports-own-class")
            .why
            .contains("101 starts in class 15")
    );
    let sl1100 = builtin(Model::Sl1100);
    assert!(
        item(&sl1100, "inmail-ports-own-class")
            .verify
            .as_deref()
            .unwrap()
            .contains("disagree")
    );
}

#[test]
fn smdr_records_everything_and_someone_watches() {
    for c in both() {
        let smdr = item(&c, "smdr-on");
        for p in [
            "35-01-01", "35-01-05", "35-01-06", "35-02-01", "14-01-06", "15-01-03",
        ] {
            assert!(smdr.programs.contains(&p.to_owned()), "{p}");
        }
        assert!(smdr.procedure.iter().any(|s| s.contains("to 0")));
        assert!(smdr.procedure.iter().any(|s| s.contains("blocked")));
        let watched = item(&c, "smdr-watched");
        assert_eq!(watched.answer, AnswerSpec::Text);
        assert!(text(watched).contains("Never forward"));
    }
}

#[test]
fn inguard_is_optional_with_a_not_licensed_choice() {
    for c in both() {
        let inguard = item(&c, "inguard-health-check");
        assert_eq!(inguard.answer.option_ids(), ["done", "not-licensed"]);
        assert_eq!(inguard.weight, 1);
        assert!(inguard.why.contains("3512"));
    }
}

#[test]
fn webpro_exposure_cites_the_cves_and_records_the_version() {
    for c in both() {
        let webpro = item(&c, "webpro-exposure");
        assert_eq!(webpro.answer, AnswerSpec::Text);
        assert!(
            webpro.when.is_none(),
            "WebPro exposure is checked on every site"
        );
        for cve in [
            "2019-20025",
            "2019-20026",
            "2019-20027",
            "2019-20028",
            "2019-20029",
        ] {
            assert!(webpro.why.contains(cve), "{cve}");
        }
        let all = text(webpro);
        assert!(all.contains("software version"));
        assert!(all.contains("empty user name or password"));
    }
}

#[test]
fn disa_is_asked_first_and_its_class_only_when_used() {
    for c in both() {
        let used = item(&c, "disa-used");
        assert_eq!(used.answer.option_ids(), ["none", "used"]);
        let AnswerSpec::Choice { options, multiple } = &used.answer else {
            panic!("disa-used is a choice");
        };
        assert!(!multiple);
        assert_eq!(options[0].label, "DISA not used");
        assert_eq!(options[1].label, "DISA used");
        let users = item(&c, "disa-users");
        assert_eq!(
            users.answer,
            AnswerSpec::Number {
                min: 1,
                max: 15,
                none: None,
                unit: Some("DISA users".into()),
            }
        );
        let restricted = item(&c, "disa-restricted");
        for i in [users, restricted] {
            assert_eq!(chosen_when(i), Some(("disa-used", "used")), "{}", i.id);
            assert!(!c.applies(i, &Answers(vec![("disa-used", "none")])));
            assert!(c.applies(i, &Answers(vec![("disa-used", "used")])));
        }
    }
}

#[test]
fn disa_class_names_its_default_and_what_21_05_still_does() {
    for c in both() {
        let restricted = item(&c, "disa-restricted");
        assert!(
            restricted.why.contains("class 2 in every"),
            "{}",
            restricted.why
        );
        let all = text(restricted);
        assert!(!all.contains("21-05 cannot restrict DISA"), "{all}");
        assert!(
            all.contains("still applies the tables 21-05 and 21-06"),
            "{all}"
        );
    }
}

#[test]
fn group_mailboxes_name_the_type_item_and_weigh_more() {
    for c in both() {
        let group = item(&c, "unused-group-mailboxes-off");
        assert_eq!(group.programs, ["47-03-03"]);
        assert!(
            group.weight >= 4,
            "default Subscriber: every group mailbox is live"
        );
        assert!(group.why.contains("Subscriber"));
        assert!(
            group
                .procedure
                .join(" ")
                .contains("47-03-02 is the mailbox number")
        );
    }
}

#[test]
fn voicemail_logon_cites_its_programs() {
    for c in both() {
        let logon = item(&c, "voicemail-logon-off");
        assert_eq!(logon.programs, ["47-02-13", "47-02-14"]);
    }
    // Confirmed in the SL1100 InMail manual; still to check on an SL2100.
    assert!(
        item(&builtin(Model::Sl1100), "voicemail-logon-off")
            .verify
            .is_none()
    );
    assert!(
        item(&builtin(Model::Sl2100), "voicemail-logon-off")
            .verify
            .is_some()
    );
}

#[test]
fn unused_mailboxes_are_matched_by_their_mailbox_number() {
    for c in both() {
        let unused = item(&c, "unused-mailboxes-off");
        assert!(unused.programs.contains(&"47-02-02".to_owned()));
        assert!(unused.why.contains("not per extension"));
        assert!(
            unused
                .procedure
                .join(" ")
                .contains("47-02-02 Mailbox Number is that extension number")
        );
    }
}

#[test]
fn trunk_to_trunk_keeps_off_premise_forwarding_trunks_enabled() {
    for c in both() {
        let t2t = item(&c, "trunk-to-trunk");
        assert!(t2t.why.contains("off-premise"));
        assert!(t2t.procedure[0].contains("must stay enabled"));
    }
}

#[test]
fn facts_verified_on_sl1000_sl1100_lose_their_unverified_mark() {
    let sl1100 = builtin(Model::Sl1100);
    let verify = item(&sl1100, "trunk-to-trunk").verify.clone().unwrap();
    assert!(
        verify.contains("default to 0 on the SL1000/SL1100 (confirmed)"),
        "{verify}"
    );
    assert!(!verify.contains("not found"), "{verify}");
    assert!(
        !verify.contains("20-11-14 is taken from sibling"),
        "{verify}"
    );
    // The SL2100 defaults are still unseen.
    let sl2100 = builtin(Model::Sl2100);
    assert!(
        item(&sl2100, "trunk-to-trunk")
            .verify
            .as_deref()
            .unwrap()
            .contains("not found")
    );
}

#[test]
fn the_inmail_restriction_no_longer_hides_trunk_access_in_a_step() {
    for c in both() {
        let restricted = item(&c, "inmail-ports-restricted");
        assert!(
            !restricted
                .procedure
                .join(" ")
                .contains("outgoing trunk access")
        );
    }
}
