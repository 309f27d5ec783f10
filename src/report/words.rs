//! What the report says in words: times with their zone, answers by their labels, conditions by
//! item titles, credential kinds without program numbers, extension types, and who must act.

use std::fmt::Write as _;

use crate::checklist::{AnswerSpec, Checklist, Condition, Item, SiteFact};
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
                    per: crate::checklist::CredentialScope::LoginUser,
                    ..
                } => "users",
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
        (Answer::Text { value }, _) => value.clone(),
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
            "remote-maintenance" => Actor::Customer,
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
    fn lists_read_as_sentences() {
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
    }
}
