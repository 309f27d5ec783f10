//! Tests of the shipped checklists and of the parser's problem reports.

use super::*;

const KEY_PROGRAMS: [&str; 23] = [
    "90-02", "90-54", "90-28", "47-02", "47-03-03", "21-04", "21-05", "10-46-01", "84-22",
    "10-37-01", "20-11-12", "14-01-13", "25-11", "21-21", "21-07", "21-14", "20-06-01", "14-07",
    "15-06", "35-01-01", "35-02-01", "47-02-13", "47-02-14",
];
const KEY_PORTS: [&str; 6] = ["80", "8000", "5963", "5060", "5070", "5080"];

/// Whether `text` contains `number` as a whole number (so "80" is not found in "8000").
fn mentions_number(text: &str, number: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|n| n == number)
}

#[test]
fn whole_numbers_only() {
    assert!(mentions_number("ports 80, 8000", "80"));
    assert!(!mentions_number("port 8000", "80"));
}

fn shipped() -> [(Model, &'static str); 2] {
    [(Model::Sl2100, SL2100_TOML), (Model::Sl1100, SL1100_TOML)]
}

#[test]
fn shipped_checklists_parse_and_cover_the_brief() {
    for (model, text) in shipped() {
        let checklist = parse(text, model.name()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checklist.model, model);
        let programs: Vec<&str> = checklist
            .items()
            .flat_map(|i| i.programs.iter().map(String::as_str))
            .collect();
        for key in KEY_PROGRAMS {
            assert!(
                programs.iter().any(|p| p.starts_with(key)),
                "{model}: no item references {key}"
            );
        }
        for port in KEY_PORTS {
            assert!(
                checklist.items().any(|i| mentions_number(&i.title, port)
                    || mentions_number(&i.why, port)
                    || i.answer.option_ids().contains(&port)),
                "{model}: port {port} is not mentioned"
            );
        }
        for id in [
            "router-upnp-off",
            "firewall-no-dmz",
            "emergency-dialable",
            "carrier-country-block",
            "off-premise-forwarding",
            "mailbox-codes",
            "unused-mailboxes-off",
            "inmail-ports-restricted",
            "handover-sealed",
        ] {
            assert!(checklist.item(id).is_some(), "{model}: missing {id}");
        }
    }
}

#[test]
fn unconfirmed_facts_carry_a_verify_note() {
    for (model, text) in shipped() {
        let checklist = parse(text, model.name()).unwrap();
        for id in [
            "webpro-port",
            "pcpro-port",
            "userpro-passwords",
            "off-premise-forwarding",
            "trunk-to-trunk",
            "mailbox-codes",
            "toll-override-codes",
            "toll-override-holders",
            "walking-toll-ids",
            "inmail-trunk-access",
            "smdr-watched",
            "inguard-health-check",
            "webpro-exposure",
            "disa-used",
            "unused-group-mailboxes-off",
        ] {
            assert!(
                checklist.item(id).unwrap().verify.is_some(),
                "{model}: {id} should say what to verify"
            );
        }
    }
}

/// The credential items the coverage-model work owns: their texts change there, so their
/// `sources` are added there too.
const CREDENTIAL_ITEMS: [&str; 6] = [
    "login-credentials",
    "webpro-port",
    "pcpro-port",
    "userpro-passwords",
    "sip-phone-logons",
    "mailbox-codes",
];

#[test]
fn every_item_names_its_sources() {
    for (model, text) in shipped() {
        let checklist = parse(text, model.name()).unwrap();
        for item in checklist.items() {
            if CREDENTIAL_ITEMS.contains(&item.id.as_str()) {
                continue;
            }
            assert!(
                !item.sources.is_empty(),
                "{model}: {} has no sources",
                item.id
            );
            assert!(
                item.sources.iter().all(|s| !s.trim().is_empty()),
                "{model}: {}",
                item.id
            );
        }
        // Only a credential item may still be warned about.
        for w in &checklist.warnings {
            assert!(
                CREDENTIAL_ITEMS
                    .iter()
                    .any(|id| w.message.contains(&format!("`{id}`"))),
                "{model}: {}",
                w.message
            );
        }
    }
}

#[test]
fn an_item_without_source_or_verify_note_is_a_warning_not_an_error() {
    let text = r#"format = 1
model = "sl2100"
title = "t"
[[section]]
id = "a"
title = "A"
[[section.item]]
id = "bare"
title = "X"
why = "w"
procedure = ["p"]
answer = { kind = "confirm" }
weight = 1
[[section.item]]
id = "sourced"
title = "Y"
why = "w"
procedure = ["p"]
sources = ["nec-facts §5"]
answer = { kind = "confirm" }
weight = 1
[[section.item]]
id = "noted"
title = "Z"
why = "w"
procedure = ["p"]
verify = "check it"
answer = { kind = "confirm" }
weight = 1
"#;
    let checklist = parse(text, "w.toml").unwrap();
    let lines: Vec<String> = checklist
        .warnings
        .iter()
        .map(|w| w.display_in("w.toml"))
        .collect();
    assert_eq!(
        lines,
        [
            "w.toml:8:6: warning: item `bare` has neither `sources` nor a `verify` note: say where its facts come from"
        ]
    );
    assert_eq!(checklist.item("sourced").unwrap().sources, ["nec-facts §5"]);
    let blank = text.replace("[\"nec-facts §5\"]", "[\" \"]");
    let err = parse(&blank, "w.toml").unwrap_err();
    assert_eq!(
        err.lines(),
        ["w.toml:19:12: a source must name an nec-facts section or a manual page"]
    );
}

#[test]
fn a_number_answer_may_offer_not_used() {
    let item = |answer: &str| {
        format!(
            "format = 1\nmodel = \"sl2100\"\ntitle = \"t\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.item]]\nid = \"x\"\ntitle = \"X\"\nwhy = \"w\"\nprocedure = [\"p\"]\nverify = \"v\"\nanswer = {answer}\nweight = 1\n"
        )
    };
    let list = parse(
        &item(r#"{ kind = "number", min = 1, max = 500, none = "none left" }"#),
        "n.toml",
    )
    .unwrap();
    let answer = &list.item("x").unwrap().answer;
    assert_eq!(answer.not_used_label(), Some("none left"));
    let plain = parse(&item(r#"{ kind = "number", min = 1, max = 15 }"#), "n.toml").unwrap();
    assert_eq!(plain.item("x").unwrap().answer.not_used_label(), None);
    let err = parse(&item(r#"{ kind = "confirm", none = "x" }"#), "n.toml").unwrap_err();
    assert_eq!(
        err.lines(),
        ["n.toml:13:37: `none` is not used by answer kind `confirm`"]
    );
    let err = parse(
        &item(r#"{ kind = "number", min = 1, max = 2, none = " " }"#),
        "n.toml",
    )
    .unwrap_err();
    assert_eq!(
        err.lines(),
        ["n.toml:13:54: `none` needs a label (e.g. \"none kept\")"]
    );
}

#[test]
fn the_two_models_differ_where_the_systems_do() {
    let sl2100 = builtin(Model::Sl2100);
    let sl1100 = builtin(Model::Sl1100);
    let login = |c: &Checklist| c.item("login-credentials").unwrap().why.clone();
    assert!(login(&sl2100).contains("tech/12345678"));
    assert!(login(&sl1100).contains("sltech/12345678"));
    assert!(login(&sl1100).contains("necam"));
    let mailbox = |c: &Checklist| c.item("unused-mailboxes-off").unwrap().procedure.join(" ");
    assert!(mailbox(&sl2100).contains("0 = None"));
    assert!(mailbox(&sl1100).contains("0 = Undefined"));
}

struct FakeSite {
    chosen: Vec<(&'static str, &'static str)>,
    nec_sip: bool,
}

impl Facts for FakeSite {
    fn chosen(&self, item: &str) -> Option<Vec<String>> {
        let found: Vec<String> = self
            .chosen
            .iter()
            .filter(|(i, _)| *i == item)
            .map(|(_, o)| (*o).to_owned())
            .collect();
        (!found.is_empty()).then_some(found)
    }
    fn holds(&self, fact: SiteFact) -> bool {
        fact == SiteFact::HasNecSipPhones && self.nec_sip
    }
}

#[test]
fn conditions_follow_answers_and_site_facts() {
    let checklist = builtin(Model::Sl2100);
    let webpro_port = checklist.item("webpro-port").unwrap();
    let register = checklist.item("sip-register-mode").unwrap();
    let closed = FakeSite {
        chosen: vec![
            ("remote-maintenance", "none"),
            ("sip-ports-forwarded", "5060"),
        ],
        nec_sip: false,
    };
    assert!(!checklist.applies(webpro_port, &closed));
    assert!(!checklist.applies(register, &closed));
    let open = FakeSite {
        chosen: vec![
            ("remote-maintenance", "webpro"),
            ("sip-ports-forwarded", "5080"),
        ],
        nec_sip: false,
    };
    assert!(checklist.applies(webpro_port, &open));
    assert!(checklist.applies(register, &open));
    let sip_phones = FakeSite {
        chosen: vec![],
        nec_sip: true,
    };
    assert!(checklist.applies(register, &sip_phones));
    assert!(checklist.applies(checklist.item("router-upnp-off").unwrap(), &closed));
}

#[test]
fn semantic_problems_are_all_collected_with_positions() {
    let text = r#"format = 1
model = "sl2100"
title = "t"
[[section]]
id = "a"
title = "A"
[[section.item]]
id = "x"
title = "X"
why = "w"
procedure = ["p"]
answer = { kind = "magic" }
weight = 1
[[section.item]]
id = "x"
title = "X again"
why = "w"
procedure = ["p"]
answer = { kind = "credentials", credentials = ["pin"], per = "once" }
when = { item = "nowhere", includes = "y" }
weight = 0
"#;
    let err = parse(text, "d.toml").unwrap_err();
    assert_eq!(
        err.lines(),
        vec![
            "d.toml:12:19: unknown answer kind `magic`, expected one of: confirm, choice, extensions, credentials, port, number, text",
            "d.toml:15:6: duplicate id `x` (first used at 8:6)",
            "d.toml:19:49: unknown credential kind `pin` (expected one of: username, password, userpro, code, sip-id, sip-password, port, disa, override)",
            "d.toml:20:17: condition names unknown item `nowhere`",
            "d.toml:21:10: weight must be an integer from 1 to 100",
        ]
    );
}

#[test]
fn a_number_may_say_what_it_is_and_only_a_number() {
    let item = |answer: &str| {
        format!(
            "format = 1\nmodel = \"sl2100\"\ntitle = \"t\"\n[[section]]\nid = \"a\"\ntitle = \"A\"\n[[section.item]]\nid = \"x\"\ntitle = \"X\"\nwhy = \"w\"\nprocedure = [\"p\"]\nanswer = {answer}\nweight = 1\n"
        )
    };
    let list = parse(
        &item(r#"{ kind = "number", min = 1, max = 15, unit = "toll restriction class" }"#),
        "u.toml",
    )
    .unwrap();
    assert_eq!(
        list.item("x").unwrap().answer,
        AnswerSpec::Number {
            min: 1,
            max: 15,
            unit: Some("toll restriction class".into()),
            none: None,
        }
    );
    let err = parse(&item(r#"{ kind = "confirm", unit = "class" }"#), "u.toml").unwrap_err();
    assert_eq!(
        err.lines(),
        ["u.toml:12:37: `unit` is not used by answer kind `confirm`"]
    );
    let shipped = builtin(Model::Sl2100);
    let toll = shipped.item("toll-class-extensions").unwrap();
    assert!(
        matches!(&toll.answer, AnswerSpec::Number { unit: Some(u), .. } if u == "toll restriction class")
    );
}

#[test]
fn a_newer_format_is_named_before_anything_else() {
    let err = parse("format = 2\nmodel = \"sl2100\"\nshiny = true\n", "n.toml").unwrap_err();
    assert_eq!(
        err.lines(),
        ["n.toml:1:10: format 2 found; this version reads format 1"]
    );
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_give_problems_not_a_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let result = parse(&text, "p.toml");
        proptest::prop_assert!(result.is_err());
        let problems = result.unwrap_err();
        proptest::prop_assert!(!problems.problems.is_empty());
        proptest::prop_assert!(problems.lines().iter().all(|l| l.starts_with("p.toml:") && !l.contains('\n')));
    }

    #[test]
    fn edits_of_the_shipped_checklist_never_panic(at in 0usize..40_000, insert in "[\\[\\]{}=\",a-z0-9\n ]{0,10}") {
        let mut text = SL2100_TOML.to_owned();
        let at = at.min(text.len());
        if text.is_char_boundary(at) {
            text.insert_str(at, &insert);
        }
        if let Err(problems) = parse(&text, "p.toml") {
            proptest::prop_assert!(!problems.problems.is_empty());
        }
    }
}
