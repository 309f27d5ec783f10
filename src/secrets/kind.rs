//! The kinds of credential the rules engine knows, with their stable command-line names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One kind of credential (or credential-like value) an installer sets on the system.
///
/// The names (`username`, `password`, ...) are stable: checklists, scripts and the command line
/// use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// 90-02-01 login user name.
    Username,
    /// 90-02-02 login password.
    Password,
    /// 90-28 User Pro password (per extension).
    Userpro,
    /// Voicemail (InMail) mailbox security code.
    Code,
    /// 84-22-01 SIP multiline phone logon ID.
    SipId,
    /// 84-22-02 SIP multiline phone logon password.
    SipPassword,
    /// 90-54-01/02 WebPro / PCPro port.
    Port,
    /// DISA caller password (6 digits).
    Disa,
    /// Toll-restriction override code (4 digits on sibling systems, 21-07-01).
    Override,
    /// Walking toll-restriction ID code (6 digits on sibling systems, 21-14-01).
    WalkingId,
}

impl CredentialKind {
    /// Every kind, in the order the brief lists them.
    pub const ALL: [CredentialKind; 10] = [
        CredentialKind::Username,
        CredentialKind::Password,
        CredentialKind::Userpro,
        CredentialKind::Code,
        CredentialKind::SipId,
        CredentialKind::SipPassword,
        CredentialKind::Port,
        CredentialKind::Disa,
        CredentialKind::Override,
        CredentialKind::WalkingId,
    ];

    /// The stable name used on the command line and in checklist files.
    pub fn name(self) -> &'static str {
        match self {
            CredentialKind::Username => "username",
            CredentialKind::Password => "password",
            CredentialKind::Userpro => "userpro",
            CredentialKind::Code => "code",
            CredentialKind::SipId => "sip-id",
            CredentialKind::SipPassword => "sip-password",
            CredentialKind::Port => "port",
            CredentialKind::Disa => "disa",
            CredentialKind::Override => "override",
            CredentialKind::WalkingId => "walking-id",
        }
    }

    /// A short label for people ("90-02 login password").
    pub fn label(self) -> &'static str {
        match self {
            CredentialKind::Username => "90-02-01 login user name",
            CredentialKind::Password => "90-02-02 login password",
            CredentialKind::Userpro => "90-28 User Pro password",
            CredentialKind::Code => "voicemail security code",
            CredentialKind::SipId => "84-22-01 SIP phone logon ID",
            CredentialKind::SipPassword => "84-22-02 SIP phone logon password",
            CredentialKind::Port => "90-54 WebPro/PCPro port",
            CredentialKind::Disa => "DISA password",
            CredentialKind::Override => "toll-restriction override code",
            CredentialKind::WalkingId => "walking toll-restriction ID",
        }
    }

    /// Whether the value is a code dialled at a phone before a call (an override code, a
    /// walking ID): one equal to an extension number is the first a caller tries.
    pub fn is_dialled_code(self) -> bool {
        matches!(self, CredentialKind::Override | CredentialKind::WalkingId)
    }

    /// Whether the value is a secret (a port number is not: it goes in the site file too).
    pub fn is_secret(self) -> bool {
        !matches!(self, CredentialKind::Port)
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a credential kind name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown credential kind `{0}` (expected one of: username, password, userpro, code, sip-id, sip-password, port, disa, override, walking-id)"
)]
pub struct UnknownKind(pub String);

impl FromStr for CredentialKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CredentialKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in CredentialKind::ALL {
            assert_eq!(k.name().parse::<CredentialKind>().unwrap(), k);
        }
        assert!("pin".parse::<CredentialKind>().is_err());
    }
}
