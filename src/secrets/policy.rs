//! One policy per credential kind: what the system accepts, what is weak, where the rule comes
//! from, and whether it is verified.
//!
//! Sources are sections of `nec-facts.md` (kept beside the product brief).

use std::ops::RangeInclusive;

use crate::nec::model::{FACTORY_PASSWORDS, FACTORY_USER_NAMES};

use super::finding::RuleId;
use super::kind::CredentialKind;
use super::shape::{self, Alphabet, Forbidden, Shape};

/// Which characters a 90-02 user name may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UsernameCharset {
    /// Letters and digits, as NEC's programming manual says.
    #[default]
    Alnum,
    /// Letters, digits and `! # % *`, which the dealer bulletins report working.
    Extended,
}

/// The special characters the dealer bulletins show in working user names.
pub const EXTENDED_USERNAME_SPECIALS: &[u8] = b"!#%*";

/// Whether a rule is confirmed by NEC's documents or must be checked on the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// Stated in a cited NEC or dealer source.
    Confirmed,
    /// Inferred or not found: the installer must verify on the system before relying on it.
    VerifyOnSystem(&'static str),
}

/// The description of one kind's rules, for people and for the engine.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The kind.
    pub kind: CredentialKind,
    /// NEC program(s) that hold it.
    pub program: &'static str,
    /// What the system accepts, in one sentence.
    pub accepts: &'static str,
    /// What the engine treats as weak, in one sentence.
    pub weak: &'static str,
    /// Where the rule comes from (a section of nec-facts.md and the NEC source).
    pub source: &'static str,
    /// Confirmed, or to be verified on the system.
    pub verification: Verification,
    /// The length the generator uses when none is given.
    pub default_length: Option<usize>,
    /// The lengths the generator can produce (strong and countable).
    pub generator_lengths: Option<RangeInclusive<usize>>,
}

/// What the rules need to know beyond the value itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// User-name character set.
    pub charset: UsernameCharset,
    /// The extension the credential belongs to, if any (its number must not appear in it).
    pub extension: Option<&'a str>,
    /// Values of the same record already in use elsewhere (reusing one is weak).
    pub others: &'a [&'a str],
    /// The site's extension numbers: a code dialled at a phone (an override code, a walking
    /// ID) must not be one of them, the first numbers a caller tries.
    pub site_extensions: &'a [&'a str],
}

/// Ports the SL2100/SL1100 or common admin services use, which scanners try first
/// (nec-facts.md §2 and the brief's table).
pub const BUSY_PORTS: &[u16] = &[
    80, 443, 5060, 5061, 5070, 5080, 5963, 8000, 8080, 8443, 8888,
];

/// The policy of `kind`.
pub fn policy(kind: CredentialKind) -> Policy {
    use CredentialKind as K;
    match kind {
        K::Username => Policy {
            kind,
            program: "90-02-01",
            accepts: "1 to 10 letters and digits (NEC); the extended character set adds ! # % *",
            weak: "a factory name in any case, shorter than 6, or the name of another user",
            source: "nec-facts.md §1: SL2100 Programming Manual 90-02-01, SL1100 Programming Manual 90-02",
            verification: Verification::Confirmed,
            default_length: Some(10),
            generator_lengths: Some(6..=10),
        },
        K::Password => Policy {
            kind,
            program: "90-02-02",
            accepts: "1 to 8 of the digits 0-9, * and #",
            weak: "shorter than 8, no * or #, 3 ascending or descending digits, 3 equal characters in a row, a factory password, or reused",
            source: "nec-facts.md §1: SL2100 Programming Manual 90-02-02 (up to eight digits, 0-9 # *)",
            verification: Verification::Confirmed,
            default_length: Some(8),
            generator_lengths: Some(8..=8),
        },
        K::Userpro => Policy {
            kind,
            program: "90-28",
            accepts: "assumed as 90-02-02: 1 to 8 of the digits 0-9, * and #",
            weak: "as a 90-02 password, or containing the extension number",
            source: "nec-facts.md §3: 90-28 not found in the manuals consulted; format assumed",
            verification: Verification::VerifyOnSystem(
                "90-28 is not in the NEC manuals consulted: key one value in and confirm the system accepts it before relying on this rule",
            ),
            default_length: Some(8),
            generator_lengths: Some(8..=8),
        },
        K::Code => Policy {
            kind,
            program: "InMail mailbox (VM > Setup > Code, or mailbox menu 6 7 7)",
            accepts: "exactly 4 digits",
            weak: "one digit repeated, a repeated pair, 4 ascending or descending digits, or containing the extension number",
            source: "nec-facts.md §4: SL2100 Quick Install Manual (4 digit code), dealer bulletin",
            verification: Verification::Confirmed,
            default_length: Some(4),
            generator_lengths: Some(4..=4),
        },
        K::SipId => Policy {
            kind,
            program: "84-22-01",
            accepts: "1 to 32 digits: NEC IP multiline phones take numeric logon IDs only",
            weak: "shorter than 8, 3 sequential or equal digits in a row, containing the extension number, or reused",
            source: "nec-facts.md §7 and §12: SL2100 Networking Manual 84-22-01 (up to 32 characters); SV9100 Programming Manual 84-22 (IP multiline phones take numeric user IDs only)",
            verification: Verification::VerifyOnSystem(
                "the digits-only rule comes from the SV9100 manual for the same phones: check one SL phone logs on with a numeric 84-22-01 ID before keying in the rest",
            ),
            default_length: Some(12),
            generator_lengths: Some(8..=32),
        },
        K::SipPassword => Policy {
            kind,
            program: "84-22-02",
            accepts: "1 to 16 printable characters (letters and digits are safest)",
            weak: "shorter than 8, 3 sequential or equal characters in a row, containing the extension number, or reused",
            source: "nec-facts.md §7: SL2100 Networking Manual 84-22-02 (up to 16 characters)",
            verification: Verification::Confirmed,
            default_length: Some(12),
            generator_lengths: Some(8..=16),
        },
        K::Port => Policy {
            kind,
            program: "90-54-01 / 90-54-02",
            accepts: "a port number from 1 to 65535 (assumed)",
            weak: "below 1024, used by the system or common admin services (80, 443, 5060, 5061, 5070, 5080, 5963, 8000, 8080, 8443, 8888), or the other admin port",
            source: "nec-facts.md §2: 90-54 named by the dealer bulletins; its range was not found",
            verification: Verification::VerifyOnSystem(
                "Program 90-54 is not in the NEC manuals consulted: confirm the item numbers and the accepted range on the system",
            ),
            default_length: None,
            generator_lengths: None,
        },
        K::Disa => Policy {
            kind,
            program: "DISA user password (25-xx)",
            accepts: "exactly 6 digits",
            weak: "3 ascending or descending digits, 3 equal digits in a row, or reused",
            source: "nec-facts.md §6: SL1000/SL1100 Features & Specifications (6-digit DISA password)",
            verification: Verification::VerifyOnSystem(
                "the 6-digit DISA password is documented for SL1000/SL1100; the program that stores it was not found: verify on the system",
            ),
            default_length: Some(6),
            generator_lengths: Some(6..=6),
        },
        K::Override => Policy {
            kind,
            program: "21-07-01 (sibling systems)",
            accepts: "exactly 4 of 0-9, * and # (IPK II 21-07; generated codes are digits only)",
            weak: "one digit repeated, a repeated pair, 4 ascending or descending digits, containing the holder's extension number, the number of any extension of the site, or the code of another holder",
            source: "nec-facts.md §13: SL2100 Features & Specifications p.1-197 (Toll Restriction Override exists, a code per extension or shared); IPK II Programming Manual 21-07-01 (4 digits fixed, 0-9 # *, per extension)",
            verification: Verification::VerifyOnSystem(
                "the 4-digit override code and program 21-07-01 come from sibling systems: check on this system where override codes are kept and what length they take",
            ),
            default_length: Some(4),
            generator_lengths: Some(4..=4),
        },
        K::WalkingId => Policy {
            kind,
            program: "21-14-01 (sibling systems; its class in 21-14-02)",
            accepts: "exactly 6 digits (assumed from sibling systems)",
            weak: "3 ascending or descending digits, 3 equal digits in a row, an extension number of the site, or reused",
            source: "nec-facts.md §13: SL2100 Features & Specifications (Walking Toll Restriction exists); up to 500 IDs of 6 digits in 21-14-01, class in 21-14-02, service code 763 on the SL1000",
            verification: Verification::VerifyOnSystem(
                "the 6-digit walking ID and program 21-14 come from the SL1000: check on this system where walking IDs are kept and what length they take",
            ),
            default_length: Some(6),
            generator_lengths: Some(6..=6),
        },
    }
}

fn rid(kind: CredentialKind, name: &'static str) -> RuleId {
    RuleId {
        kind: kind.name(),
        name,
    }
}

fn printable() -> Alphabet {
    (0x21u8..=0x7e).collect()
}

/// The string shape of `kind` under `ctx`; `None` for `port`, which is a number.
pub(crate) fn shape(kind: CredentialKind, ctx: &Context<'_>) -> Option<Shape> {
    use CredentialKind as K;
    let reuse = |text: &str, ignore_case: bool| Forbidden {
        text: text.to_owned(),
        ignore_case,
        rule: rid(kind, "reused"),
        message: "already used elsewhere in this record: every credential must be unique".into(),
    };
    let extension = ctx.extension.filter(|e| !e.is_empty()).map(|e| Forbidden {
        text: e.to_owned(),
        ignore_case: false,
        rule: rid(kind, "extension"),
        message: "contains the extension number, the first thing an attacker tries".into(),
    });
    let site_extension = |text: &str| Forbidden {
        text: text.to_owned(),
        ignore_case: false,
        rule: rid(kind, "site-extension"),
        message: "the number of an extension of this site: the first code a caller tries".into(),
    };
    // Only numbers as long as the code can equal it; the rest would only slow the counter.
    let site_extensions = |length: usize| {
        ctx.site_extensions
            .iter()
            .filter(move |e| e.len() == length)
            .map(|e| site_extension(e))
    };
    let keypad_runs = |prefix| Shape {
        prefix,
        accepted: shape::keypad(),
        accepted_text: "the digits 0-9, * and #",
        generated: shape::keypad(),
        lengths: 1..=8,
        strong_min: 8,
        required: Some((
            b"*#".to_vec(),
            "no * or #: digits alone are the first thing guessed",
        )),
        max_equal_run: Some(2),
        max_sequence_run: Some(2),
        letter_sequences: false,
        forbidden_fragments: Vec::new(),
        forbidden_values: Vec::new(),
    };
    let factory_passwords = || {
        FACTORY_PASSWORDS.iter().map(|p| Forbidden {
            text: (*p).to_owned(),
            ignore_case: false,
            rule: rid(kind, "factory"),
            message: "a factory default password".into(),
        })
    };
    let phone_logon = |prefix, max_len| Shape {
        prefix,
        accepted: printable(),
        accepted_text: "printable characters without spaces",
        generated: shape::alnum(),
        lengths: 1..=max_len,
        strong_min: 8,
        required: None,
        max_equal_run: Some(2),
        max_sequence_run: Some(2),
        letter_sequences: true,
        forbidden_fragments: extension.clone().into_iter().collect(),
        forbidden_values: ctx.others.iter().map(|o| reuse(o, false)).collect(),
    };
    let s = match kind {
        K::Username => {
            let mut accepted = shape::alnum();
            if ctx.charset == UsernameCharset::Extended {
                accepted.extend_from_slice(EXTENDED_USERNAME_SPECIALS);
                accepted.sort_unstable();
            }
            let mut values: Vec<Forbidden> = FACTORY_USER_NAMES
                .iter()
                .map(|n| Forbidden {
                    text: (*n).to_owned(),
                    ignore_case: true,
                    rule: rid(kind, "factory"),
                    message: "a factory user name (in any case): attackers try these first".into(),
                })
                .collect();
            values.extend(ctx.others.iter().map(|o| Forbidden {
                rule: rid(kind, "duplicate"),
                message: "the same name as another user of this system".into(),
                ..reuse(o, true)
            }));
            Shape {
                prefix: "username",
                accepted_text: if ctx.charset == UsernameCharset::Extended {
                    "letters, digits and ! # % *"
                } else {
                    "letters and digits"
                },
                generated: accepted.clone(),
                accepted,
                lengths: 1..=10,
                strong_min: 6,
                required: None,
                max_equal_run: None,
                max_sequence_run: None,
                letter_sequences: false,
                forbidden_fragments: Vec::new(),
                forbidden_values: values,
            }
        }
        K::Password | K::Userpro => {
            let mut s = keypad_runs(kind.name());
            s.forbidden_values = factory_passwords().collect();
            s.forbidden_values
                .extend(ctx.others.iter().map(|o| reuse(o, false)));
            if kind == K::Userpro {
                s.forbidden_fragments.extend(extension.clone());
            }
            s
        }
        K::Code | K::Override => {
            let prefix = kind.name();
            let mut values: Vec<Forbidden> = Vec::new();
            for a in b'0'..=b'9' {
                for b in b'0'..=b'9' {
                    if a != b {
                        values.push(Forbidden {
                            text: String::from_utf8(vec![a, b, a, b]).unwrap_or_default(),
                            ignore_case: false,
                            rule: rid(kind, "pair"),
                            message: "a repeated pair of digits (like 1212)".into(),
                        });
                    }
                }
            }
            values.extend(ctx.others.iter().map(|o| reuse(o, false)));
            if kind == K::Override {
                values.extend(site_extensions(4));
            }
            // The IPK II takes 0-9, * and # in an override code; the generator keeps to digits,
            // which every sibling system takes.
            let (accepted, accepted_text) = if kind == K::Override {
                (shape::keypad(), "the digits 0-9, * and #")
            } else {
                (shape::digits(), "the digits 0-9")
            };
            Shape {
                prefix,
                accepted,
                accepted_text,
                generated: shape::digits(),
                lengths: 4..=4,
                strong_min: 4,
                required: None,
                max_equal_run: Some(3),
                max_sequence_run: Some(3),
                letter_sequences: false,
                forbidden_fragments: extension.clone().into_iter().collect(),
                forbidden_values: values,
            }
        }
        K::SipId => {
            let mut s = phone_logon("sip-id", 32);
            s.accepted = shape::digits();
            s.accepted_text =
                "the digits 0-9 (NEC IP multiline phones take numeric logon IDs only, no letters)";
            s.generated = shape::digits();
            s
        }
        K::SipPassword => phone_logon("sip-password", 16),
        K::Disa | K::WalkingId => {
            let mut s = keypad_runs(kind.name());
            s.accepted = shape::digits();
            s.accepted_text = "the digits 0-9";
            s.generated = shape::digits();
            s.lengths = 6..=6;
            s.strong_min = 6;
            s.required = None;
            s.forbidden_values = ctx.others.iter().map(|o| reuse(o, false)).collect();
            if kind == K::WalkingId {
                s.forbidden_values.extend(site_extensions(6));
            }
            s
        }
        K::Port => return None,
    };
    Some(s)
}
