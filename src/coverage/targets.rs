//! Credential targets: who or what must receive a credential for a site and its checklist.
//!
//! One list drives the wizard's credential tables, headless replay, the handover record and
//! the computed status of credential items (nec-facts.md §1, §7, §12):
//! - each 90-02 user the installer sets (users 2 to 8 on both models; SL1100 user 1, the
//!   manufacturer login, is left untouched and explained by [`crate::nec::Model::untouched_login_users`]),
//!   with its user name (90-02-01), password (90-02-02) and level (90-02-03);
//! - each NEC SIP phone: logon ID (84-22-01, digits only) and password (84-22-02);
//! - each third-party SIP extension: its registration password, in a program nobody has
//!   confirmed, so the target carries a "verify on the system" note;
//! - each in-use extension with a mailbox, whatever its type: its voicemail code;
//! - each extension with User Pro (90-28);
//! - each DISA user when DISA is used (6-digit password);
//! - each extension the installer chose in `toll-override-holders`: its toll-restriction
//!   override code (21-07-01 on sibling systems, 4 digits), so a holder added later reopens the
//!   item and a holder removed needs no code;
//! - each walking toll-restriction ID the `walking-toll-ids` answer counts (21-14-01 on
//!   sibling systems, 6 digits); "not used" counts none;
//! - the 90-54-01 / 90-54-02 port when WebPro / PCPro is forwarded for remote maintenance.

use std::collections::HashSet;
use std::sync::Arc;

use crate::checklist::{AnswerSpec, Checklist, CredentialScope, Item};
use crate::secrets::CredentialKind;
use crate::site::{Answer, SiteFile, Status};

/// The item that says whether the site uses DISA (`none` or `used`).
pub const DISA_USED_ITEM: &str = "disa-used";
/// The option of [`DISA_USED_ITEM`] that means DISA is used.
pub const DISA_USED_OPTION: &str = "used";
/// The item that says how many DISA users there are (1 to 15).
pub const DISA_USERS_ITEM: &str = "disa-users";

/// The program item a voicemail code is keyed into: the mailbox itself, from the phone.
pub const MAILBOX_PROGRAM: &str = "mailbox";
/// The program label of a DISA user password (its program number was not found).
pub const DISA_PROGRAM: &str = "DISA";
/// The program label of a third-party SIP registration password (not found either).
pub const THIRD_PARTY_SIP_PROGRAM: &str = "SIP extension";

/// Where a third-party SIP extension's password goes, for the installer and the record.
pub const THIRD_PARTY_SIP_NOTE: &str = "verify on the system: the program holding a standard SIP extension's registration password was not found in NEC's manuals; dealers set it with the extension's SIP registration settings in PCPro or WebPro";

/// One value a target receives: its kind and the exact program item it is keyed into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The credential kind.
    pub kind: CredentialKind,
    /// The program item exactly (`90-02-01`, `84-22-02`, `90-54-01`, `mailbox`, ...).
    pub program: String,
}

/// One target of a credential item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The credential item it belongs to.
    pub item: String,
    /// The site file's name for it: the 90-02 user number, the extension number, the DISA user
    /// number, or `system`.
    pub id: String,
    /// Who or what it is for, as the handover says it ("user 2", "extension 101", "DISA user 1").
    pub subject: String,
    /// The 90-02-03 level of a login user.
    pub level: Option<u8>,
    /// The extension number, for the rules that forbid it inside the value.
    pub extension: Option<String>,
    /// The values it receives, in the item's kind order.
    pub slots: Vec<Slot>,
    /// What the installer must check first, when the program is not confirmed.
    pub note: Option<&'static str>,
    /// The site's extension numbers, for a code dialled at a phone (an override code, a
    /// walking ID), which must not equal any of them; empty for other targets.
    pub site_extensions: Arc<[String]>,
}

/// The program item a value of `kind` for `item` is keyed into, exactly (a label where no
/// program number is confirmed: `mailbox`, `DISA`, `SIP extension`).
pub fn program_item(item: &Item, kind: CredentialKind, third_party_sip: bool) -> String {
    let listed = |prefix: &str| {
        item.programs
            .iter()
            .find(|p| p.starts_with(prefix))
            .cloned()
    };
    match kind {
        CredentialKind::Username => "90-02-01".to_owned(),
        CredentialKind::Password => "90-02-02".to_owned(),
        CredentialKind::SipId => "84-22-01".to_owned(),
        CredentialKind::SipPassword if third_party_sip => THIRD_PARTY_SIP_PROGRAM.to_owned(),
        CredentialKind::SipPassword => "84-22-02".to_owned(),
        CredentialKind::Userpro => "90-28".to_owned(),
        CredentialKind::Code => MAILBOX_PROGRAM.to_owned(),
        CredentialKind::Disa => DISA_PROGRAM.to_owned(),
        CredentialKind::Port => listed("90-54").unwrap_or_else(|| "90-54".to_owned()),
        // Inferred from sibling systems (nec-facts section 13): the item names it.
        CredentialKind::Override => listed("21-07").unwrap_or_else(|| "21-07".to_owned()),
        CredentialKind::WalkingId => listed("21-14-01").unwrap_or_else(|| "21-14-01".to_owned()),
    }
}

/// The number of DISA users the site records: the `disa-users` answer when `disa-used` is
/// `used`, else none.
pub fn disa_users(site: &SiteFile) -> u8 {
    let used = matches!(
        site.answer(DISA_USED_ITEM),
        Some(Answer::Choice { selected }) if selected.iter().any(|s| s == DISA_USED_OPTION)
    );
    match site.answer(DISA_USERS_ITEM) {
        Some(Answer::Number { value }) if used => u8::try_from((*value).clamp(0, 15)).unwrap_or(0),
        _ => 0,
    }
}

/// The 90-02-03 level of a login user: as the site file last recorded it, else the model's
/// default (the factory level; 0, prohibited, for a slot the factory leaves empty).
pub fn login_level(site: &SiteFile, item: &str, user: u8) -> u8 {
    let recorded = match site.answer(item) {
        Some(Answer::Credentials { issued }) => issued
            .iter()
            .find(|i| i.target == user.to_string())
            .and_then(|i| i.level),
        _ => None,
    };
    recorded.unwrap_or_else(|| site.site.model.default_login_level(user))
}

/// Every target of `item` for `site`, in order (empty for an item that is not a credential
/// item). Whether the item applies is not looked at: see [`site_targets`].
pub fn item_targets(item: &Item, site: &SiteFile) -> Vec<Target> {
    let AnswerSpec::Credentials { kinds, per } = &item.answer else {
        return Vec::new();
    };
    let slots = |third_party: bool| -> Vec<Slot> {
        kinds
            .iter()
            .map(|&kind| Slot {
                kind,
                program: program_item(item, kind, third_party),
            })
            .collect()
    };
    // One list shared by every target of the item: a large site has many holders.
    let dialled: Arc<[String]> = if kinds.iter().any(|k| k.is_dialled_code()) {
        site.extensions
            .iter()
            .map(|e| e.number.to_string())
            .collect()
    } else {
        Arc::from([])
    };
    let target = |id: String, subject: String| Target {
        item: item.id.clone(),
        id,
        subject,
        level: None,
        extension: None,
        slots: slots(false),
        note: None,
        site_extensions: Arc::clone(&dialled),
    };
    match per {
        CredentialScope::LoginUser => site
            .site
            .model
            .editable_login_users()
            .map(|user| Target {
                level: Some(login_level(site, &item.id, user)),
                ..target(user.to_string(), format!("user {user}"))
            })
            .collect(),
        CredentialScope::Extension { filter } => site
            .extensions_matching(*filter)
            .map(|e| {
                let third_party = e.kind == crate::site::ExtensionType::SipThirdParty
                    && kinds.contains(&CredentialKind::SipPassword);
                Target {
                    extension: Some(e.number.to_string()),
                    slots: slots(third_party),
                    note: third_party.then_some(THIRD_PARTY_SIP_NOTE),
                    ..target(e.number.to_string(), format!("extension {}", e.number))
                }
            })
            .collect(),
        CredentialScope::DisaUser => (1..=disa_users(site))
            .map(|n| target(n.to_string(), format!("DISA user {n}")))
            .collect(),
        CredentialScope::Once => vec![target("system".to_owned(), once_subject(item))],
        CredentialScope::ChosenExtension { from } => chosen_extensions(site, from)
            .into_iter()
            .map(|number| Target {
                extension: Some(number.clone()),
                ..target(number.clone(), format!("extension {number}"))
            })
            .collect(),
        CredentialScope::Count { from } => (1..=counted(site, from).unwrap_or(0))
            .map(|n| target(n.to_string(), format!("{} {n}", count_noun(kinds))))
            .collect(),
    }
}

/// The most targets a count scope yields, whatever the site file says (the walking-ID item
/// accepts up to 500).
pub const MAX_COUNT: u16 = 500;

/// The extensions chosen in item `from`'s answer that are still on the site, in the order
/// chosen (none while it is unanswered).
pub fn chosen_extensions(site: &SiteFile, from: &str) -> Vec<String> {
    let Some(Answer::Extensions { numbers }) = site.answer(from) else {
        return Vec::new();
    };
    let known: HashSet<&str> = site.extensions.iter().map(|e| e.number.as_str()).collect();
    numbers
        .iter()
        .filter(|n| known.contains(n.as_str()))
        .map(ToString::to_string)
        .collect()
}

/// The number item `from` records: `Some(0)` for "not used", `None` while unanswered.
pub fn counted(site: &SiteFile, from: &str) -> Option<u16> {
    match site.answer(from)? {
        Answer::Number { value } => {
            Some(u16::try_from((*value).clamp(0, i64::from(MAX_COUNT))).unwrap_or(0))
        }
        Answer::NotUsed {} => Some(0),
        _ => None,
    }
}

/// What one counted target is called ("walking ID 3"), after the item's first kind.
fn count_noun(kinds: &[CredentialKind]) -> &'static str {
    match kinds.first() {
        Some(CredentialKind::WalkingId) => "walking ID",
        Some(CredentialKind::Disa) => "DISA user",
        _ => "number",
    }
}

/// The subject of a once-per-system value: the admin interface a 90-54 port belongs to, else
/// the item's title.
fn once_subject(item: &Item) -> String {
    if item.programs.iter().any(|p| p.starts_with("90-54-01")) {
        "WebPro".to_owned()
    } else if item.programs.iter().any(|p| p.starts_with("90-54-02")) {
        "PCPro".to_owned()
    } else {
        item.title.clone()
    }
}

/// Whether a credential item needs credentials for this site: it applies and is not marked
/// not applicable.
pub fn wants_credentials(checklist: &Checklist, site: &SiteFile, item: &Item) -> bool {
    matches!(item.answer, AnswerSpec::Credentials { .. })
        && checklist.applies(item, site)
        && site.status(&item.id) != Status::NotApplicable
}

/// Every target of every credential item that applies to `site` and is not marked not
/// applicable, in checklist order.
pub fn site_targets(checklist: &Checklist, site: &SiteFile) -> Vec<Target> {
    checklist
        .items()
        .filter(|item| wants_credentials(checklist, site, item))
        .flat_map(|item| item_targets(item, site))
        .collect()
}

#[cfg(test)]
mod tests;
