//! The site file's records: the site, its extensions, each item's status and answer, and the
//! public facts of the handover. None of these types can hold a secret.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::checklist::{ExtensionFilter, Facts, SiteFact};
use crate::nec::Model;
use crate::probe::ProbeReport;
use crate::site::calls::SiteCalls;
use crate::timestamp::Timestamp;

/// A saved checklist run for one site (`SITE.toml`). Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Who, where and when.
    pub site: SiteInfo,
    /// The site's extensions, in the order they were entered.
    pub extensions: Vec<Extension>,
    /// Each item's record, by item id.
    pub items: BTreeMap<String, ItemRecord>,
    /// The public facts of the sealed handover file, once there is one.
    pub handover: Option<HandoverFacts>,
    /// The last exposure probe (`[probe]`): ports, states, findings; never a secret.
    pub probe: Option<ProbeReport>,
    /// Call-audit settings and the last audit's summary (`[calls]`); never a phone number.
    pub calls: Option<SiteCalls>,
}

/// The site header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    /// Site name ("Harbour Dental, Main St").
    pub name: String,
    /// Customer name.
    pub customer: String,
    /// The phone system model.
    pub model: Model,
    /// The installer who ran the checklist.
    pub installer: String,
    /// When the site file was created.
    pub created: Timestamp,
    /// When the site file last changed.
    pub updated: Timestamp,
    /// A dealer checklist used instead of the shipped one (path relative to the site file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<String>,
}

/// An extension number: 1 to 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExtensionNumber(String);

/// The error for an extension number that is not 1 to 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("extension number `{0}` must be 1 to 8 digits")]
pub struct BadExtensionNumber(pub String);

impl ExtensionNumber {
    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ExtensionNumber {
    type Error = BadExtensionNumber;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if (1..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(ExtensionNumber(text))
        } else {
            Err(BadExtensionNumber(text))
        }
    }
}

impl std::str::FromStr for ExtensionNumber {
    type Err = BadExtensionNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExtensionNumber::try_from(s.to_owned())
    }
}

impl From<ExtensionNumber> for String {
    fn from(n: ExtensionNumber) -> String {
        n.0
    }
}

impl fmt::Display for ExtensionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of terminal an extension is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtensionType {
    /// A wired (digital or analogue) phone.
    Physical,
    /// A virtual extension (no terminal).
    Virtual,
    /// An NEC SIP multiline phone (registers on 5080, logs on through 84-22).
    Sip,
    /// A third-party SIP phone or softphone (registers on 5070).
    SipThirdParty,
}

/// One extension of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The extension number.
    pub number: ExtensionNumber,
    /// Who or where it is ("Reception").
    #[serde(default)]
    pub label: String,
    /// Terminal type.
    #[serde(rename = "type")]
    pub kind: ExtensionType,
    /// Whether someone uses it.
    pub in_use: bool,
    /// Whether it has a personal mailbox (47-02-01 Personal).
    pub mailbox: bool,
    /// Whether it needs User Pro (90-28).
    #[serde(default)]
    pub user_pro: bool,
    /// Whether message notification is on for its mailbox, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification: Option<bool>,
}

impl Extension {
    /// Whether the extension is one the filter selects.
    pub fn matches(&self, filter: ExtensionFilter) -> bool {
        match filter {
            ExtensionFilter::InUse => self.in_use,
            ExtensionFilter::InUsePhysicalWithMailbox => {
                self.in_use && self.mailbox && self.kind == ExtensionType::Physical
            }
            ExtensionFilter::InUseWithMailbox => self.in_use && self.mailbox,
            ExtensionFilter::UnusedWithMailbox => !self.in_use && self.mailbox,
            ExtensionFilter::NeedsUserPro => self.user_pro,
            ExtensionFilter::WithoutUserPro => !self.user_pro,
            ExtensionFilter::NecSip => self.kind == ExtensionType::Sip,
            ExtensionFilter::ThirdPartySip => self.kind == ExtensionType::SipThirdParty,
        }
    }
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not handled yet.
    Pending,
    /// Applied on the system.
    Done,
    /// Does not apply to this site (a reason is required).
    NotApplicable,
    /// Postponed (a reason is required).
    Deferred,
}

impl Status {
    /// The name used in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Done => "done",
            Status::NotApplicable => "not-applicable",
            Status::Deferred => "deferred",
        }
    }

    /// Whether a reason must be given with this status.
    pub fn needs_reason(self) -> bool {
        matches!(self, Status::NotApplicable | Status::Deferred)
    }
}

/// One item's status and answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    /// The status.
    pub status: Status,
    /// When the status was last set.
    pub at: Timestamp,
    /// Why the item is not applicable or deferred (optional otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Why the failing findings of one probe run do not apply to this item, in the
    /// installer's words (see [`crate::coverage::status`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<Waiver>,
    /// Why the failing alerts of one call-record audit on this item are not fraud (the
    /// customer's own approved calls), in the installer's words (see
    /// [`crate::coverage::call_audit`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts_waived: Option<AlertWaiver>,
}

impl ItemRecord {
    /// A pending item with nothing recorded yet, as of `at`.
    pub fn pending(at: Timestamp) -> ItemRecord {
        ItemRecord {
            status: Status::Pending,
            at,
            reason: None,
            answer: None,
            waived: None,
            alerts_waived: None,
        }
    }
}

/// The installer's record that a probe's failing findings on an item do not apply.
///
/// It covers only the probe run it names: a later probe that finds the same again fails the
/// item again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The time of the probe run it answers (`[probe] at`).
    pub probe_at: Timestamp,
    /// Why the findings do not apply.
    pub reason: String,
}

/// The installer's record that a call-record audit's failing alerts on an item are not fraud.
///
/// It covers only the audit it names: a later audit that raises alerts on the item fails it
/// again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertWaiver {
    /// The time of the audit it answers (`[calls.last_audit] at`).
    pub audit_at: Timestamp,
    /// Why the alerts are not fraud.
    pub reason: String,
}

/// A non-secret answer to an item; its kind matches the item's answer kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Answer {
    /// The setting was confirmed. (A struct variant, so that unknown keys are refused.)
    Confirm {},
    /// The chosen option ids.
    Choice {
        /// Option ids, in the checklist's order.
        selected: Vec<String>,
    },
    /// A list of extensions.
    Extensions {
        /// The extension numbers.
        numbers: Vec<ExtensionNumber>,
    },
    /// Which targets got generated credentials and when; never the values.
    Credentials {
        /// One entry per target.
        issued: Vec<IssuedCredential>,
    },
    /// A port number.
    Port {
        /// 1 to 65535.
        value: u16,
    },
    /// An integer.
    Number {
        /// The value.
        value: i64,
    },
    /// Free text.
    Text {
        /// The text.
        value: String,
    },
    /// Nothing of the kind is in use (no DISA user, no walking ID kept): the answer a number
    /// item offers with `none = "..."` instead of forcing a number that would mean nothing.
    NotUsed {},
}

impl Answer {
    /// The kind name, as in the checklist (`confirm`, `choice`, ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Answer::Confirm {} => "confirm",
            Answer::Choice { .. } => "choice",
            Answer::Extensions { .. } => "extensions",
            Answer::Credentials { .. } => "credentials",
            Answer::Port { .. } => "port",
            Answer::Number { .. } => "number",
            Answer::Text { .. } => "text",
            Answer::NotUsed {} => "not-used",
        }
    }
}

/// The record that one target received generated credentials. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedCredential {
    /// The 90-02 user number, the extension number, or `system` for a once-per-system value.
    pub target: String,
    /// When the credentials were generated and sealed.
    pub at: Timestamp,
    /// The 90-02-03 level given to a login user (2 = IN ... 5 = UA, 0 = prohibited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// A generated port number (a port is not a secret, so it is kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// The public facts of the sealed handover file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverFacts {
    /// The handover file name.
    pub file: String,
    /// The age or SSH public keys it was sealed to (empty when sealed to a passphrase).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Whether it was sealed to a passphrase instead of keys.
    #[serde(default)]
    pub passphrase: bool,
    /// When it was sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_at: Option<Timestamp>,
    /// When the installer verified it opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<Timestamp>,
    /// The addenda of later visits made without this handover's key, oldest first
    /// (`[[handover.addenda]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addenda: Vec<AddendumFacts>,
}

/// The public facts of an addendum: a dated handover holding the credentials of a visit that
/// continued without the customer's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddendumFacts {
    /// The addendum's file name (relative to the site file).
    pub file: String,
    /// The public keys it was sealed to (empty when sealed to a passphrase).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Whether it was sealed to a passphrase instead of keys.
    #[serde(default)]
    pub passphrase: bool,
    /// When it was last sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_at: Option<Timestamp>,
    /// When the installer verified it opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<Timestamp>,
}

impl HandoverFacts {
    /// Records a new seal of the file this session writes: the newest addendum when
    /// `addendum`, else the handover itself.
    pub fn note_sealed(&mut self, addendum: bool, now: &Timestamp, verified: bool) {
        let (sealed_at, verified_at) = match self.addenda.last_mut() {
            Some(a) if addendum => (&mut a.sealed_at, &mut a.verified_at),
            _ => (&mut self.sealed_at, &mut self.verified_at),
        };
        *sealed_at = Some(now.clone());
        *verified_at = verified.then(|| now.clone());
    }
}

impl SiteFile {
    /// The extension with this number.
    pub fn extension(&self, number: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.number.as_str() == number)
    }

    /// The extensions the filter selects, in order.
    pub fn extensions_matching(&self, filter: ExtensionFilter) -> impl Iterator<Item = &Extension> {
        self.extensions.iter().filter(move |e| e.matches(filter))
    }

    /// The status of an item (pending when it has no record).
    pub fn status(&self, item: &str) -> Status {
        self.items.get(item).map_or(Status::Pending, |r| r.status)
    }

    /// The answer of an item, if any.
    pub fn answer(&self, item: &str) -> Option<&Answer> {
        self.items.get(item).and_then(|r| r.answer.as_ref())
    }
}

impl Facts for SiteFile {
    fn chosen(&self, item: &str) -> Option<Vec<String>> {
        match self.answer(item)? {
            Answer::Choice { selected } => Some(selected.clone()),
            _ => None,
        }
    }

    fn holds(&self, fact: SiteFact) -> bool {
        self.extensions.iter().any(|e| match fact {
            SiteFact::HasNecSipPhones => e.kind == ExtensionType::Sip,
            SiteFact::HasThirdPartySip => e.kind == ExtensionType::SipThirdParty,
            SiteFact::HasUserProExtensions => e.user_pro,
            SiteFact::HasMessageNotification => e.notification == Some(true),
        })
    }
}
