//! What the report says in words: times with their zone, answers by their labels, conditions by
//! item titles, item statuses with their evidence, credential kinds without program numbers,
//! extension types, call-audit rules, and who must act.

use std::fmt::Write as _;

use crate::calls::rules::RuleId;
use crate::checklist::{AnswerSpec, Checklist, Condition, CredentialScope, Item, SiteFact};
use crate::coverage::ItemStatus;
use crate::secrets::CredentialKind;
use crate::site::{Answer, ExtensionType, Timestamp};

/// A non-breaking space: keeps a date and its time on one line in every renderer.
pub const NBSP: char = '\u{a0}';

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The parts of a timestamp (it is always `YYYY-MM-DDTHH:MM:SSZ`).
fn parts(at: &Timestamp) -> (&str, &'static str, u32, &str) {
    let s = at.as_str();
    let month = s[5..7].parse::<usize>().unwrap_or(1).clamp(1, 12);
    let day = s[8..10].parse::<u32>().unwrap_or(1);
    (&s[0..4], MONTHS[month - 1], day, &s[11..16])
}

/// The date for people: "20 November 2026", never broken across lines.
pub fn date(at: &Timestamp) -> String {
    let (year, month, day, _) = parts(at);
    format!("{day}{NBSP}{month}{NBSP}{year}")
}

/// The date and time with the zone: "20 November 2026, 09:05 UTC", never broken across lines.
pub fn date_time(at: &Timestamp) -> String {
    let (_, _, _, time) = parts(at);
    format!("{},{NBSP}{time}{NBSP}UTC", date(at))
}

/// The date and time with the month shortened, for narrow columns: "20 Nov 2026, 09:05 UTC".
pub fn date_time_short(at: &Timestamp) -> String {
    let (year, month, day, time) = parts(at);
    let month: String = month.chars().take(3).collect();
    format!("{day}{NBSP}{month}{NBSP}{year},{NBSP}{time}{NBSP}UTC")
}

/// A credential kind in plain words: its label without the leading program number
/// ("90-28 User Pro password" becomes "User Pro password").
pub fn credential_kind(kind: CredentialKind) -> &'static str {
    let label = kind.label();
    match label.split_once(' ') {
        Some((first, rest))
            if first.contains('-') && first.bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
        {
            rest
        }
        _ => label,
    }
}

/// Several credential kinds as one phrase: "login user name and login password".
pub fn credential_kinds(kinds: &[CredentialKind]) -> String {
    let words: Vec<&str> = kinds.iter().map(|k| credential_kind(*k)).collect();
    list(&words)
}

/// "a", "a and b", "a, b and c".
pub fn list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// An extension's terminal type for people.
pub fn extension_type(kind: ExtensionType) -> &'static str {
    match kind {
        ExtensionType::Physical => "wired phone",
        ExtensionType::Virtual => "virtual extension",
        ExtensionType::Sip => "NEC SIP phone",
        ExtensionType::SipThirdParty => "third-party SIP phone",
    }
}

/// An answer in words: choices by their labels, numbers with what they mean. Never a secret
/// (the site file holds none).
pub fn answer(item: &Item, answer: &Answer) -> String {
    match (answer, &item.answer) {
        (Answer::Confirm {}, _) => "confirmed".to_owned(),
        (Answer::Choice { selected }, spec) => {
            let labels: Vec<&str> = selected
                .iter()
                .map(|id| option_label(spec, id).unwrap_or(id))
                .collect();
            if labels.is_empty() {
                "none chosen".to_owned()
            } else {
                labels.join("; ")
            }
        }
        (Answer::Extensions { numbers }, _) => {
            let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            match numbers.len() {
                0 => "no extensions".to_owned(),
                1 => format!("extension {}", numbers[0]),
                n => format!(
                    "{n} extensions: {}",
                    super::text::compress_numbers(&numbers)
                ),
            }
        }
        (Answer::Credentials { issued }, spec) => {
            let targets: Vec<String> = issued.iter().map(|i| i.target.clone()).collect();
            let whom = match spec {
                AnswerSpec::Credentials {
                    per: CredentialScope::LoginUser,
                    ..
                } => "users",
                AnswerSpec::Credentials {
                    per: CredentialScope::DisaUser,
                    ..
                } => "DISA users",
                _ => "extensions",
            };
            let mut text = match targets.as_slice() {
                [] => "none issued yet".to_owned(),
                [only] if only == "system" => "issued once for the system".to_owned(),
                _ => format!(
                    "issued to {whom} {}",
                    super::text::compress_numbers(&targets)
                ),
            };
            if let Some(port) = issued.iter().find_map(|i| i.port) {
                let _ = write!(text, "; new port {port}");
            }
            text
        }
        (Answer::Port { value }, _) => format!("port {value}"),
        (
            Answer::Number { value },
            AnswerSpec::Number {
                unit: Some(unit), ..
            },
        ) => {
            format!("{unit} {value}")
        }
        (Answer::Number { value }, _) => value.to_string(),
        (Answer::NotUsed {}, spec) => spec.not_used_label().unwrap_or("not used").to_owned(),
        (Answer::Text { value }, _) => value.clone(),
    }
}

/// An item's status for people, with the evidence behind it: "failed: the exposure check of
/// 1 December 2026, 06:45 UTC found: …", "incomplete: marked done, but extensions 105-106
/// still have no credentials". A reason recorded with the status is shown beside it, not here.
pub fn status(outcome: &ItemStatus) -> String {
    match outcome {
        ItemStatus::DoesNotApply => "does not apply to this site".to_owned(),
        ItemStatus::Done => "done".to_owned(),
        ItemStatus::NotApplicable { .. } => "not applicable".to_owned(),
        ItemStatus::Deferred { .. } => "deferred".to_owned(),
        ItemStatus::Pending { missing } if missing.is_empty() => "pending".to_owned(),
        ItemStatus::Pending { missing } => {
            format!("pending: no credentials yet for {}", subjects(missing))
        }
        ItemStatus::Incomplete { missing } => format!(
            "incomplete: marked done, but {} still without credentials",
            subjects(missing)
        ),
        ItemStatus::Failed { findings } => {
            let Some(first) = findings.first() else {
                return "failed: an exposure check contradicts it".to_owned();
            };
            let mut text = format!(
                "failed: the exposure check of {} found: {}",
                date_time(&first.at),
                first.text.trim_end_matches('.')
            );
            match findings.len() {
                1 => {}
                2 => text.push_str(" (and one more finding)"),
                n => {
                    let _ = write!(text, " (and {} more findings)", n - 1);
                }
            }
            text
        }
    }
}

/// Credential targets as a short phrase: "extension 105", "extensions 101-103 and user 2".
pub fn subjects(subjects: &[String]) -> String {
    // Group "extension 101", "extension 102" under "extension", keeping first-seen order.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for subject in subjects {
        let (head, number) = match subject.rsplit_once(' ') {
            Some((head, n)) if n.bytes().all(|b| b.is_ascii_digit()) => (head, n),
            _ => (subject.as_str(), ""),
        };
        let at = groups
            .iter()
            .position(|(h, _)| *h == head)
            .unwrap_or_else(|| {
                groups.push((head, Vec::new()));
                groups.len() - 1
            });
        if !number.is_empty() {
            groups[at].1.push(number.to_owned());
        }
    }
    let phrases: Vec<String> = groups
        .into_iter()
        .map(|(head, numbers)| match numbers.len() {
            0 => head.to_owned(),
            1 => format!("{head} {}", numbers[0]),
            _ => format!("{head}s {}", super::text::compress_numbers(&numbers)),
        })
        .collect();
    let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
    list(&phrases)
}

/// What a call-audit rule's alerts are, for people ("calls placed by the voicemail ports"); an
/// unknown rule by its id.
pub fn call_rule(rule: &str) -> &str {
    let Some(id) = RuleId::ALL.into_iter().find(|r| r.name() == rule) else {
        return rule;
    };
    match id {
        RuleId::International => "calls abroad to countries the site does not call on purpose",
        RuleId::Premium => "calls to premium-rate or high-risk numbers",
        RuleId::OutOfHours => "outside calls out of business hours",
        RuleId::LongCall => "unusually long outside calls",
        RuleId::Burst => "bursts of outside calls in a few minutes",
        RuleId::Concurrency => "more outside calls at once than the site has lines",
        RuleId::VoicemailPort => "outside calls placed by the voicemail ports",
        RuleId::TransferOut => "outside calls transferred out to another outside line",
        RuleId::Override => "calls made with a toll-restriction override code or walking ID",
        RuleId::BlockedSpike => "a spike of calls the system blocked",
        RuleId::NewDestination => "calls to countries never called before",
    }
}

fn option_label<'a>(spec: &'a AnswerSpec, id: &str) -> Option<&'a str> {
    match spec {
        AnswerSpec::Choice { options, .. } => options
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.as_str()),
        _ => None,
    }
}

/// When an item applies, by item titles and option labels: "“Forward only the SIP ports the
/// site needs” includes “NEC SIP phones (5080)”".
pub fn condition(checklist: &Checklist, when: &Condition) -> String {
    match when {
        Condition::Chosen { item, option } => match checklist.item(item) {
            Some(other) => format!(
                "“{}” includes “{}”",
                other.title,
                option_label(&other.answer, option).unwrap_or(option)
            ),
            None => format!("“{item}” includes “{option}”"),
        },
        Condition::Site(fact) => site_fact(*fact).to_owned(),
        Condition::Any(any) => any
            .iter()
            .map(|c| condition(checklist, c))
            .collect::<Vec<_>>()
            .join(", or "),
    }
}

fn site_fact(fact: SiteFact) -> &'static str {
    match fact {
        SiteFact::HasNecSipPhones => "the site has NEC SIP phones",
        SiteFact::HasThirdPartySip => "the site has third-party SIP phones",
        SiteFact::HasUserProExtensions => "some extensions need User Pro",
        SiteFact::HasMessageNotification => "some mailboxes notify an outside number",
    }
}

/// Who must act on an open item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The dealer's installer.
    Installer,
    /// Whoever runs the site's router and firewall, with the installer.
    Network,
    /// The customer, deciding with the dealer.
    Customer,
    /// The customer, with their phone carrier.
    Carrier,
    /// The dealer's office.
    Dealer,
}

impl Actor {
    /// Who must act, for an item of the shipped checklists; the installer for any other item.
    pub fn of(item: &Item) -> Actor {
        match item.id.as_str() {
            "router-upnp-off"
            | "firewall-no-dmz"
            | "admin-ports-blocked"
            | "sip-ports-forwarded" => Actor::Network,
            "remote-maintenance" | "disa-used" | "smdr-watched" => Actor::Customer,
            "carrier-country-block" => Actor::Carrier,
            "dealer-record-stored" => Actor::Dealer,
            _ => Actor::Installer,
        }
    }

    /// For people.
    pub fn words(self) -> &'static str {
        match self {
            Actor::Installer => "the installer",
            Actor::Network => "whoever manages the site's router and firewall, with the installer",
            Actor::Customer => "the customer, with the dealer",
            Actor::Carrier => "the customer, with their phone carrier",
            Actor::Dealer => "the dealer's office",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_words_with_their_zone_and_never_break() {
        let at = Timestamp::parse("2026-12-01T06:45:34Z").unwrap();
        assert_eq!(date(&at), "1\u{a0}December\u{a0}2026");
        assert_eq!(
            date_time(&at),
            "1\u{a0}December\u{a0}2026,\u{a0}06:45\u{a0}UTC"
        );
        assert!(!date_time(&at).contains(' '));
        assert_eq!(
            date_time_short(&at),
            "1\u{a0}Dec\u{a0}2026,\u{a0}06:45\u{a0}UTC"
        );
    }

    #[test]
    fn credential_kinds_lose_their_program_number() {
        assert_eq!(
            credential_kind(CredentialKind::Userpro),
            "User Pro password"
        );
        assert_eq!(
            credential_kind(CredentialKind::Code),
            "voicemail security code"
        );
        assert_eq!(
            credential_kinds(&[CredentialKind::Username, CredentialKind::Password]),
            "login user name and login password"
        );
    }

    #[test]
    fn statuses_read_in_words_with_their_evidence() {
        let at = Timestamp::parse("2026-12-01T06:45:34Z").unwrap();
        let missing = vec!["extension 105".to_owned(), "extension 106".to_owned()];
        assert_eq!(
            status(&ItemStatus::Incomplete { missing }),
            "incomplete: marked done, but extensions 105-106 still without credentials"
        );
        let finding = |text: &str| crate::coverage::FailedFinding {
            text: text.to_owned(),
            port: Some(8000),
            at: at.clone(),
        };
        assert_eq!(
            status(&ItemStatus::Failed {
                findings: vec![finding("8000/tcp answers."), finding("80/tcp answers")]
            }),
            "failed: the exposure check of 1\u{a0}December\u{a0}2026,\u{a0}06:45\u{a0}UTC found: \
             8000/tcp answers (and one more finding)"
        );
        assert_eq!(
            status(&ItemStatus::Deferred {
                reason: "next week".into()
            }),
            "deferred"
        );
        assert_eq!(
            status(&ItemStatus::Pending {
                missing: vec!["user 2".into()]
            }),
            "pending: no credentials yet for user 2"
        );
    }

    #[test]
    fn targets_group_by_kind_with_their_numbers_compressed() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            subjects(&s(&[
                "extension 101",
                "extension 102",
                "extension 103",
                "user 2",
                "WebPro"
            ])),
            "extensions 101-103, user 2 and WebPro"
        );
        assert_eq!(
            subjects(&s(&["DISA user 1", "DISA user 3"])),
            "DISA users 1, 3"
        );
    }

    #[test]
    fn every_call_rule_has_words_and_an_unknown_one_keeps_its_id() {
        for rule in RuleId::ALL {
            assert_ne!(call_rule(rule.name()), rule.name(), "{rule}");
        }
        assert_eq!(call_rule("from-the-future"), "from-the-future");
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
    }
}
