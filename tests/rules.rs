//! The credential rules engine, rule by rule, as an installer would meet it.

use nec_harden::secrets::{
    self, Context, CredentialKind as K, Generator, Status, UsernameCharset, check,
    pattern_free_size, policy, set_size,
};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use secrecy::ExposeSecret;

fn verdict(kind: K, value: &str) -> (Status, Vec<String>) {
    verdict_in(kind, value, &Context::default())
}

fn verdict_in(kind: K, value: &str, ctx: &Context<'_>) -> (Status, Vec<String>) {
    let v = check(kind, value, ctx);
    (
        v.status,
        v.findings.iter().map(|f| f.rule.to_string()).collect(),
    )
}

fn assert_rule(kind: K, value: &str, status: Status, rule: &str) {
    let (s, rules) = verdict(kind, value);
    assert_eq!(s, status, "{kind} {value:?}: {rules:?}");
    assert!(
        rules.iter().any(|r| r == rule),
        "{kind} {value:?} lacks {rule}: {rules:?}"
    );
}

// The dealer bulletins' example credentials (shared/seeds): which would the system refuse?

#[test]
fn bulletin_password_star_538_is_accepted_and_strong() {
    assert_eq!(verdict(K::Password, "*538#*47").0, Status::Ok);
}

#[test]
fn bulletin_password_with_a_dollar_sign_is_refused() {
    // "$381#*89": 90-02-02 takes only 0-9, * and #.
    assert_rule(
        K::Password,
        "$381#*89",
        Status::Rejected,
        "password.charset",
    );
}

#[test]
fn bulletin_username_of_twelve_characters_is_refused() {
    // "TeSt91%K#*#*" has 12 characters; 90-02-01 holds at most 10, whatever the charset.
    for charset in [UsernameCharset::Alnum, UsernameCharset::Extended] {
        let ctx = Context {
            charset,
            ..Context::default()
        };
        let (s, rules) = verdict_in(K::Username, "TeSt91%K#*#*", &ctx);
        assert_eq!(s, Status::Rejected);
        assert!(rules.contains(&"username.length".to_owned()));
    }
}

#[test]
fn bulletin_username_with_specials_needs_the_extended_charset() {
    // "tESt23#Z%!" fits 10 characters but uses # % !, which NEC's manual does not list.
    assert_rule(
        K::Username,
        "tESt23#Z%!",
        Status::Rejected,
        "username.charset",
    );
    let ctx = Context {
        charset: UsernameCharset::Extended,
        ..Context::default()
    };
    let (s, rules) = verdict_in(K::Username, "tESt23#Z%!", &ctx);
    assert_eq!(s, Status::Ok);
    assert!(
        rules.contains(&"username.manual-disagrees".to_owned()),
        "{rules:?}"
    );
}

// 90-02-01 user names.

#[test]
fn factory_user_names_are_weak_in_any_case() {
    for name in [
        "tech", "TECH", "sltech", "admin1", "ADMIN2", "User1", "necam", "nec-i",
    ] {
        let ctx = Context {
            charset: UsernameCharset::Extended,
            ..Context::default()
        };
        let (_, rules) = verdict_in(K::Username, name, &ctx);
        assert!(
            rules.contains(&"username.factory".to_owned()),
            "{name}: {rules:?}"
        );
    }
}

#[test]
fn a_name_shared_with_another_user_is_weak() {
    let others = ["Kq7Rt2mX9p"];
    let ctx = Context {
        others: &others,
        ..Context::default()
    };
    let (s, rules) = verdict_in(K::Username, "kq7rt2mx9p", &ctx);
    assert_eq!(s, Status::Weak);
    assert_eq!(rules, vec!["username.duplicate"]);
}

#[test]
fn short_and_empty_user_names() {
    assert_rule(K::Username, "ab12", Status::Weak, "username.short");
    assert_rule(K::Username, "", Status::Rejected, "username.length");
}

// 90-02-02 passwords.

#[test]
fn password_rules_one_by_one() {
    assert_rule(K::Password, "*53#*4", Status::Weak, "password.short");
    assert_rule(K::Password, "53814729", Status::Weak, "password.required");
    assert_rule(K::Password, "*5#8123*", Status::Weak, "password.ascending");
    assert_rule(K::Password, "*5#8321*", Status::Weak, "password.descending");
    assert_rule(K::Password, "*5#8***1", Status::Weak, "password.repeat");
    assert_rule(K::Password, "12345678", Status::Weak, "password.factory");
    assert_rule(
        K::Password,
        "123456789",
        Status::Rejected,
        "password.length",
    );
    assert_rule(K::Password, "12a4", Status::Rejected, "password.charset");
    // Two equal in a row, two ascending: still strong.
    assert_eq!(verdict(K::Password, "*55#12#9").0, Status::Ok);
}

#[test]
fn a_reused_password_is_weak() {
    let others = ["*538#*47"];
    let ctx = Context {
        others: &others,
        ..Context::default()
    };
    assert_eq!(
        verdict_in(K::Password, "*538#*47", &ctx),
        (Status::Weak, vec!["password.reused".into()])
    );
}

// 90-28 User Pro: as 90-02, plus the extension, and always marked unverified.

#[test]
fn userpro_must_not_contain_the_extension_and_says_it_is_unverified() {
    let ctx = Context {
        extension: Some("101"),
        ..Context::default()
    };
    let (s, rules) = verdict_in(K::Userpro, "*#101*9#", &ctx);
    assert_eq!(s, Status::Weak);
    assert!(rules.contains(&"userpro.extension".to_owned()));
    assert!(rules.contains(&"userpro.unverified".to_owned()));
    let (s, rules) = verdict_in(K::Userpro, "*#171*9#", &ctx);
    assert_eq!(
        (s, rules),
        (Status::Ok, vec!["userpro.unverified".to_owned()])
    );
}

// Voicemail codes.

#[test]
fn voicemail_code_rules() {
    assert_rule(K::Code, "0000", Status::Weak, "code.repeat");
    assert_rule(K::Code, "1111", Status::Weak, "code.repeat");
    assert_rule(K::Code, "1234", Status::Weak, "code.ascending");
    assert_rule(K::Code, "9876", Status::Weak, "code.descending");
    assert_rule(K::Code, "4747", Status::Weak, "code.pair");
    assert_rule(K::Code, "123", Status::Rejected, "code.length");
    assert_rule(K::Code, "12*4", Status::Rejected, "code.charset");
    let ctx = Context {
        extension: Some("105"),
        ..Context::default()
    };
    assert_eq!(verdict_in(K::Code, "1057", &ctx).1, vec!["code.extension"]);
    assert_eq!(verdict(K::Code, "1057").0, Status::Ok);
    assert_eq!(
        verdict(K::Code, "1235").0,
        Status::Ok,
        "3 ascending digits are fine in a code"
    );
}

// 84-22 SIP phone logon.

#[test]
fn sip_logon_rules() {
    assert_rule(K::SipId, &"a".repeat(33), Status::Rejected, "sip-id.length");
    assert_rule(
        K::SipPassword,
        &"Zq7".repeat(6),
        Status::Rejected,
        "sip-password.length",
    );
    assert_rule(K::SipPassword, "Zq7Rt2", Status::Weak, "sip-password.short");
    assert_rule(
        K::SipPassword,
        "xAbcq7Rt2m",
        Status::Weak,
        "sip-password.ascending",
    );
    assert_rule(
        K::SipPassword,
        "Zq7Rt2mmm9",
        Status::Weak,
        "sip-password.repeat",
    );
    assert_rule(
        K::SipPassword,
        "has space1",
        Status::Rejected,
        "sip-password.charset",
    );
    let ctx = Context {
        extension: Some("2001"),
        ..Context::default()
    };
    assert_eq!(
        verdict_in(K::SipId, "4920019375", &ctx).1,
        vec!["sip-id.extension", "sip-id.unverified"]
    );
    let (s, rules) = verdict(K::SipPassword, "Zq7R-t2m9x");
    assert_eq!(s, Status::Ok);
    assert_eq!(rules, vec!["sip-password.charset-unverified"]);
}

/// nec-facts §12: NEC IP multiline phones take numeric 84-22-01 user IDs only, so an ID with
/// letters (which the old rules generated and accepted) is refused with a finding that says so.
#[test]
fn sip_logon_ids_are_digits_only() {
    let v = check(K::SipId, "Zq7Rt2mX9k", &Context::default());
    assert_eq!(v.status, Status::Rejected);
    let charset = v
        .findings
        .iter()
        .find(|f| f.rule.to_string() == "sip-id.charset")
        .expect("a charset finding");
    assert!(charset.message.contains("numeric"), "{}", charset.message);
    assert!(charset.message.contains("letters"), "{}", charset.message);
    assert_rule(K::SipId, "49203817", Status::Ok, "sip-id.unverified");
    assert_rule(K::SipId, "4920381", Status::Weak, "sip-id.short");
    assert_rule(K::SipId, "49203456", Status::Weak, "sip-id.ascending");
    assert_rule(K::SipId, &"4".repeat(33), Status::Rejected, "sip-id.length");
    let mut rng = ChaCha20Rng::seed_from_u64(8422);
    let g = Generator::new(K::SipId, None, &Context::default()).unwrap();
    for _ in 0..1000 {
        let id = g.draw(&mut rng);
        assert_eq!(id.expose_secret().len(), 12);
        assert!(id.expose_secret().bytes().all(|b| b.is_ascii_digit()));
    }
}

/// nec-facts §13: a 4-digit override code per extension on sibling systems (inferred for SL).
#[test]
fn override_code_rules() {
    assert_rule(K::Override, "12345", Status::Rejected, "override.length");
    assert_rule(K::Override, "12a4", Status::Rejected, "override.charset");
    // The IPK II takes * and # too: accepted, with a note that digits alone are safe.
    assert_eq!(
        verdict(K::Override, "58#9"),
        (
            Status::Ok,
            vec![
                "override.unverified".to_owned(),
                "override.symbol".to_owned()
            ]
        )
    );
    assert_rule(K::Override, "7777", Status::Weak, "override.repeat");
    assert_rule(K::Override, "3434", Status::Weak, "override.pair");
    assert_rule(K::Override, "6789", Status::Weak, "override.ascending");
    let ctx = Context {
        extension: Some("105"),
        ..Context::default()
    };
    assert_eq!(
        verdict_in(K::Override, "1058", &ctx).1,
        vec!["override.extension", "override.unverified"]
    );
    assert_rule(K::Override, "5829", Status::Ok, "override.unverified");
    // The same count as voicemail codes: 10^4 less repeats, pairs and 4-digit runs.
    assert_eq!(
        set_size(K::Override, None, &Context::default())
            .unwrap()
            .size,
        10_000 - 10 - 90 - 14
    );
}

/// A code dialled at a phone that equals an extension number of the site is the first a
/// caller tries, whoever holds it.
#[test]
fn an_override_code_equal_to_an_extension_of_the_site_is_weak() {
    let numbers = ["101", "2047", "3310"];
    let ctx = Context {
        extension: Some("101"),
        site_extensions: &numbers,
        ..Context::default()
    };
    assert_eq!(
        verdict_in(K::Override, "2047", &ctx),
        (
            Status::Weak,
            vec![
                "override.site-extension".to_owned(),
                "override.unverified".to_owned()
            ]
        )
    );
    assert_eq!(verdict_in(K::Override, "2048", &ctx).0, Status::Ok);
    // Without the site's numbers the same code passes: the rule is the site's list.
    assert_eq!(verdict(K::Override, "2047").0, Status::Ok);
    // The generator never draws one: the set shrinks by exactly the two 4-digit numbers.
    let own = Context {
        extension: Some("101"),
        ..Context::default()
    };
    assert_eq!(
        set_size(K::Override, None, &ctx).unwrap().size,
        set_size(K::Override, None, &own).unwrap().size - 2
    );
}

/// Two holders with the same code: the second is reused.
#[test]
fn two_holders_with_the_same_override_code_are_weak() {
    let others = ["5829"];
    let ctx = Context {
        extension: Some("102"),
        others: &others,
        ..Context::default()
    };
    assert_eq!(
        verdict_in(K::Override, "5829", &ctx),
        (
            Status::Weak,
            vec![
                "override.reused".to_owned(),
                "override.unverified".to_owned()
            ]
        )
    );
}

/// nec-facts §13: walking toll-restriction IDs of 6 digits on the SL1000 (inferred for SL).
#[test]
fn walking_id_rules() {
    assert_rule(K::WalkingId, "12345", Status::Rejected, "walking-id.length");
    assert_rule(
        K::WalkingId,
        "1234567",
        Status::Rejected,
        "walking-id.length",
    );
    assert_rule(
        K::WalkingId,
        "81a399",
        Status::Rejected,
        "walking-id.charset",
    );
    assert_rule(K::WalkingId, "812399", Status::Weak, "walking-id.ascending");
    assert_rule(
        K::WalkingId,
        "819874",
        Status::Weak,
        "walking-id.descending",
    );
    assert_rule(K::WalkingId, "815559", Status::Weak, "walking-id.repeat");
    let numbers = ["813399"];
    let others = ["904152"];
    let ctx = Context {
        site_extensions: &numbers,
        others: &others,
        ..Context::default()
    };
    assert_rule_in(K::WalkingId, "813399", &ctx, "walking-id.site-extension");
    assert_rule_in(K::WalkingId, "904152", &ctx, "walking-id.reused");
    assert_eq!(
        verdict(K::WalkingId, "813399"),
        (Status::Ok, vec!["walking-id.unverified".to_owned()])
    );
}

fn assert_rule_in(kind: K, value: &str, ctx: &Context<'_>, rule: &str) {
    let (s, rules) = verdict_in(kind, value, ctx);
    assert_eq!(s, Status::Weak, "{kind} {value:?}: {rules:?}");
    assert!(
        rules.iter().any(|r| r == rule),
        "{kind} {value:?}: {rules:?}"
    );
}

// 90-54 ports.

#[test]
fn port_rules() {
    for bad in ["0", "65536", "08080", "80a", "", "-1"] {
        assert_rule(K::Port, bad, Status::Rejected, "port.range");
    }
    assert_rule(K::Port, "80", Status::Weak, "port.well-known");
    assert_rule(K::Port, "8000", Status::Weak, "port.busy");
    assert_rule(K::Port, "5963", Status::Weak, "port.busy");
    let others = ["41234"];
    let ctx = Context {
        others: &others,
        ..Context::default()
    };
    assert_eq!(verdict_in(K::Port, "41234", &ctx).0, Status::Weak);
    let (s, rules) = verdict(K::Port, "41234");
    assert_eq!((s, rules), (Status::Ok, vec!["port.unverified".to_owned()]));
}

#[test]
fn disa_rules() {
    assert_rule(K::Disa, "12345", Status::Rejected, "disa.length");
    assert_rule(K::Disa, "812399", Status::Weak, "disa.ascending");
    assert_eq!(verdict(K::Disa, "813399").0, Status::Ok);
}

#[test]
fn unverified_kinds_say_so_in_their_policy() {
    for k in [
        K::Userpro,
        K::Port,
        K::Disa,
        K::SipId,
        K::Override,
        K::WalkingId,
    ] {
        assert!(
            matches!(
                policy(k).verification,
                secrets::Verification::VerifyOnSystem(_)
            ),
            "{k}"
        );
    }
    for k in [K::Username, K::Password, K::Code, K::SipPassword] {
        assert_eq!(
            policy(k).verification,
            secrets::Verification::Confirmed,
            "{k}"
        );
    }
}

// The generator.

#[test]
fn a_hundred_thousand_generated_values_of_every_kind_are_ok() {
    let mut rng = ChaCha20Rng::seed_from_u64(2100);
    for kind in K::ALL {
        for ctx in [
            Context::default(),
            Context {
                extension: Some("101"),
                charset: UsernameCharset::Extended,
                ..Context::default()
            },
        ] {
            let g = Generator::new(kind, None, &ctx).unwrap();
            let n = if ctx.extension.is_some() {
                20_000
            } else {
                100_000
            };
            for _ in 0..n {
                let v = g.draw(&mut rng);
                let verdict = check(kind, v.expose_secret(), &ctx);
                assert_eq!(verdict.status, Status::Ok, "{kind}: {:?}", verdict.findings);
            }
        }
    }
}

#[test]
fn the_eight_digit_password_set_keeps_98_percent_of_the_maximum_entropy() {
    let s = set_size(K::Password, Some(8), &Context::default()).unwrap();
    let max = (12f64).powi(8).log2();
    assert!((max - 28.68).abs() < 0.01);
    assert_eq!(s.size, 305_654_884);
    assert!(s.bits() / max >= 0.98, "{} of {max}", s.bits());
}

#[test]
fn exact_sizes_that_can_be_checked_by_hand() {
    // 10^4 codes less 10 repeats, 90 repeated pairs, 7 ascending and 7 descending runs.
    assert_eq!(
        set_size(K::Code, None, &Context::default()).unwrap().size,
        10_000 - 10 - 90 - 14
    );
    // Ports 1024..=65535 less the busy ports in that range (5060 5061 5070 5080 5963 8000 8080 8443 8888).
    assert_eq!(
        set_size(K::Port, None, &Context::default()).unwrap().size,
        64_512 - 9
    );
    // The other admin port is taken too: once, however it is spelt, and not again when it is a
    // busy port already or outside the range.
    let others = ["20000", "020000", "8080", "80", "x"];
    let ctx = Context {
        others: &others,
        ..Context::default()
    };
    assert_eq!(set_size(K::Port, None, &ctx).unwrap().size, 64_512 - 9 - 1);
    // Alnum user names of 10: 62^10 (no factory name is 10 long).
    assert_eq!(
        set_size(K::Username, None, &Context::default())
            .unwrap()
            .size,
        62u128.pow(10)
    );
    // Of 6: 62^6 less every case spelling of the 6-letter factory names sltech, ADMIN1, ADMIN2.
    assert_eq!(
        set_size(K::Username, Some(6), &Context::default())
            .unwrap()
            .size,
        62u128.pow(6) - 64 - 32 - 32
    );
}

#[test]
fn pattern_free_sizes_for_short_passwords() {
    // One character: only * and # survive "needs * or #".
    assert_eq!(
        pattern_free_size(K::Password, 1, &Context::default()),
        Some(2)
    );
    // Two characters: 144 less the 100 digit-only pairs.
    assert_eq!(
        pattern_free_size(K::Password, 2, &Context::default()),
        Some(44)
    );
    assert_eq!(pattern_free_size(K::Password, 9, &Context::default()), None);
    assert_eq!(pattern_free_size(K::Port, 4, &Context::default()), None);
}

#[test]
fn lengths_outside_the_strong_range_are_refused() {
    let e = Generator::new(K::Password, Some(4), &Context::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "password cannot be generated with length 4: only length 8 is accepted and strong"
    );
    assert!(Generator::new(K::Port, Some(5), &Context::default()).is_err());
    assert!(Generator::new(K::SipPassword, Some(17), &Context::default()).is_err());
    assert!(Generator::new(K::SipId, Some(16), &Context::default()).is_ok());
}

#[test]
fn the_same_seed_gives_the_same_value_and_another_seed_another() {
    let draw = |seed| {
        let g = Generator::new(K::Password, None, &Context::default()).unwrap();
        g.draw(&mut ChaCha20Rng::seed_from_u64(seed))
            .expose_secret()
            .to_owned()
    };
    assert_eq!(draw(1), draw(1));
    assert_ne!(draw(1), draw(2));
}

#[test]
fn secrets_never_print_through_debug() {
    let g = Generator::new(K::Password, None, &Context::default()).unwrap();
    let v = g.draw(&mut ChaCha20Rng::seed_from_u64(9));
    let shown = format!("{v:?}");
    assert!(!shown.contains(v.expose_secret()), "{shown}");
}
