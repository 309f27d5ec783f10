//! The handover record in memory: the site, every credential and the key facts the customer
//! needs, with secret values held in [`SecretString`].

use std::fmt;
use std::str::FromStr;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::nec::model::Model;
use crate::secrets::kind::CredentialKind;
use crate::timestamp::Timestamp;

/// The record format this program writes and reads.
pub const FORMAT_VERSION: i64 = 1;

/// A 90-02-03 login level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Installer (level 2): no backdoor if lost.
    #[serde(rename = "IN")]
    Installer,
    /// System administrator 1 (level 3).
    #[serde(rename = "SA")]
    SystemAdmin,
    /// System administrator 2 (level 4).
    #[serde(rename = "SB")]
    SystemAdmin2,
    /// User (level 5).
    #[serde(rename = "UA")]
    User,
    /// Prohibited user (level 0): the slot exists but cannot log in.
    #[serde(rename = "prohibited")]
    Prohibited,
}

impl Level {
    /// The level with this 90-02-03 number (0 prohibited, 2 IN, 3 SA, 4 SB, 5 UA); `None` for
    /// a number the installer cannot set (1, the manufacturer level, or anything else).
    pub fn from_number(level: u8) -> Option<Level> {
        match level {
            0 => Some(Level::Prohibited),
            2 => Some(Level::Installer),
            3 => Some(Level::SystemAdmin),
            4 => Some(Level::SystemAdmin2),
            5 => Some(Level::User),
            _ => None,
        }
    }

    /// The two-letter name the manuals use.
    pub fn name(self) -> &'static str {
        match self {
            Level::Installer => "IN",
            Level::SystemAdmin => "SA",
            Level::SystemAdmin2 => "SB",
            Level::User => "UA",
            Level::Prohibited => "prohibited",
        }
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "IN" => Ok(Level::Installer),
            "SA" => Ok(Level::SystemAdmin),
            "SB" => Ok(Level::SystemAdmin2),
            "UA" => Ok(Level::User),
            "prohibited" => Ok(Level::Prohibited),
            other => Err(format!(
                "unknown level `{other}` (expected IN, SA, SB, UA or prohibited)"
            )),
        }
    }
}

/// One credential keyed into the system.
///
/// # Security
/// `secret` is a [`SecretString`]; the `Debug` output of this type masks it.
#[derive(Clone)]
pub struct Credential {
    /// The NEC program it is set in, e.g. `90-02`.
    pub program: String,
    /// What kind of credential it is.
    pub kind: CredentialKind,
    /// Whose or what it is, e.g. `user 2`, `extension 101`, `WebPro`.
    pub subject: String,
    /// The login level, for 90-02 logins.
    pub level: Option<Level>,
    /// The login user name that goes with a password, if any.
    pub user: Option<String>,
    /// The value keyed in: a password, a code or a port number.
    pub secret: SecretString,
}

impl Credential {
    /// A credential without level or user name.
    pub fn new(
        program: impl Into<String>,
        kind: CredentialKind,
        subject: impl Into<String>,
        secret: SecretString,
    ) -> Self {
        Self {
            program: program.into(),
            kind,
            subject: subject.into(),
            level: None,
            user: None,
            secret,
        }
    }

    /// Sets the login level.
    #[must_use]
    pub fn with_level(mut self, level: Level) -> Self {
        self.level = Some(level);
        self
    }

    /// Sets the user name that goes with this password.
    #[must_use]
    pub fn with_user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("program", &self.program)
            .field("kind", &self.kind)
            .field("subject", &self.subject)
            .field("level", &self.level)
            // The login name (90-02-01) or SIP logon ID (84-22-01) is half of the credential
            // and generated like its password: as secret in logs and panics.
            .field("user", &self.user.as_ref().map(|_| "[REDACTED]"))
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

/// The site the record is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// The site name.
    pub name: String,
    /// The customer.
    pub customer: String,
    /// The system model.
    pub model: Model,
    /// The installer who sealed the record.
    pub installer: String,
}

/// The 90-54 admin ports after hardening (`None` when left unchanged or not recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdminPorts {
    /// 90-54-01 WebPro port.
    pub webpro: Option<u16>,
    /// 90-54-02 PCPro port.
    pub pcpro: Option<u16>,
}

/// The whole handover record.
///
/// # Security
/// Holds secrets; its `Debug` output masks them. Serialise it with
/// [`HandoverRecord::to_toml`], which writes into a [`zeroize::Zeroizing`] buffer.
#[derive(Debug, Clone)]
pub struct HandoverRecord {
    /// The site.
    pub site: SiteInfo,
    /// When the record was sealed (set by the lock-out guard just before sealing).
    pub sealed_at: Timestamp,
    /// Every credential, in the order they were made.
    pub credentials: Vec<Credential>,
    /// The 90-54 ports.
    pub admin_ports: AdminPorts,
    /// The ports forwarded from the internet to the system.
    pub forwarded_ports: Vec<u16>,
    /// The checklist item ids done.
    pub checklist_done: Vec<String>,
    /// The public keys (age or SSH) the record is sealed to, set by the lock-out guard at each
    /// seal; empty for a passphrase, or in a record written before they were kept. A resume
    /// re-seals only to these: the site file, which anyone may edit, is no authority on them.
    pub sealed_to: Vec<String>,
    /// Set when this record is an addendum: the credentials of a later visit that could not
    /// join the customer's handover (the installer did not hold its key), and the earlier
    /// handover they add to.
    pub adds_to: Option<AddsTo>,
}

/// The earlier handover an addendum adds to, as the site file recorded it when the addendum
/// was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddsTo {
    /// The earlier handover's file name (relative to the site file).
    pub file: String,
    /// When the earlier handover was last sealed, when the site file says.
    pub sealed_at: Option<Timestamp>,
}

impl HandoverRecord {
    /// An empty record for a site, stamped now.
    pub fn new(site: SiteInfo) -> Self {
        Self {
            site,
            sealed_at: Timestamp::now(),
            credentials: Vec::new(),
            admin_ports: AdminPorts::default(),
            forwarded_ports: Vec::new(),
            checklist_done: Vec::new(),
            sealed_to: Vec::new(),
            adds_to: None,
        }
    }

    /// The targets this record holds credentials for (each subject once, in record order):
    /// what an addendum lists as the targets it covers.
    pub fn targets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.credentials {
            if !out.contains(&c.subject.as_str()) {
                out.push(&c.subject);
            }
        }
        out
    }

    /// How many credentials of each kind the record holds, in [`CredentialKind::ALL`] order,
    /// kinds with none left out.
    pub fn count_by_kind(&self) -> Vec<(CredentialKind, usize)> {
        CredentialKind::ALL
            .into_iter()
            .map(|k| (k, self.credentials.iter().filter(|c| c.kind == k).count()))
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}
