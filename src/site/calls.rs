//! The site file's `[calls]` table: the settings the call-record audit needs and the summary
//! of the last audit. Counts per rule only: never a phone number.

use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

/// `[calls]`: call-audit settings and the last audit's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteCalls {
    /// `[calls.settings]`: what the rules need to know about the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<CallSettings>,
    /// `[calls.last_audit]`: the summary of the last `calls audit` or `calls watch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_audit: Option<CallAudit>,
}

/// The site's call-audit settings; each is optional and has a default the audit names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallSettings {
    /// Business hours on the system's clock, `HH:MM-HH:MM` (the end is outside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours: Option<String>,
    /// Business days: `mon` ... `sun`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_days: Option<Vec<String>>,
    /// The system clock's time zone, for people reading the audit ("Europe/London").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// How many outside lines (trunks or SIP channels) the site has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trunks: Option<u16>,
    /// Country codes the customer calls on purpose ("44", "1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_countries: Option<Vec<String>>,
    /// The country's international prefix ("00", "011").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub international_prefix: Option<String>,
    /// The InMail port extensions, `FIRST-LAST` (213-228 on an SL2100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inmail_ports: Option<String>,
    /// The system's SMDR address on the LAN, `HOST[:PORT]` (10-20-05): the wizard's short
    /// watch offers it and records the one that worked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smdr_address: Option<String>,
}

/// The summary of one audit, as recorded in the site file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallAudit {
    /// When the audit ran.
    pub at: Timestamp,
    /// What was read: `audit of N files` or `watch of HOST:PORT`.
    pub source: String,
    /// The first record's time as the audit inferred it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_from: Option<String>,
    /// The last record's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_to: Option<String>,
    /// How the period was inferred (records carry no year).
    pub period_note: String,
    /// Call records read.
    pub records: u64,
    /// Lines that were not records in any known layout.
    pub unreadable: u64,
    /// Alerts per rule, most severe first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<RuleCount>,
    /// Rules that could not be applied, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applied: Vec<String>,
}

/// How often one rule fired in an audit, and the checklist item it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCount {
    /// The rule id (`international`, `burst`, ...).
    pub rule: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
    /// The checklist item whose failure the alerts suggest.
    pub item: String,
    /// The number of alerts.
    pub count: u64,
}
