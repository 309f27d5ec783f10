//! Reads a handover record back from its TOML text (for `show`, `verify` and the guard):
//! unknown keys and other format versions are refused.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use secrecy::SecretString;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use zeroize::Zeroizing;

use super::error::HandoverError;
use super::record::{
    AddsTo, AdminPorts, Credential, FORMAT_VERSION, HandoverRecord, Level, SiteInfo,
};
use crate::nec::model::Model;
use crate::secrets::kind::CredentialKind;
use crate::timestamp::Timestamp;

/// Only the version, read first so a newer format gets "unsupported format", not
/// "unknown key".
#[derive(Deserialize)]
struct FormatProbe {
    format: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    /// Already checked by [`FormatProbe`]; listed so `deny_unknown_fields` accepts it.
    #[serde(rename = "format")]
    _format: i64,
    site: RawSite,
    #[serde(default)]
    ports: RawPorts,
    #[serde(default)]
    checklist: RawChecklist,
    #[serde(default)]
    credentials: BTreeMap<String, Vec<RawCredential>>,
    /// Absent in records written before the recipients were kept.
    #[serde(default)]
    sealed_to: RawSealedTo,
    /// Present only in an addendum.
    addendum: Option<RawAddendum>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddendum {
    adds_to: String,
    adds_to_sealed_at: Option<String>,
    /// Written for the reader; the credentials themselves say whose they are.
    #[serde(default, rename = "targets")]
    _targets: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSealedTo {
    #[serde(default)]
    recipients: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: String,
    customer: String,
    model: String,
    installer: String,
    sealed_at: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPorts {
    webpro: Option<u16>,
    pcpro: Option<u16>,
    #[serde(default)]
    forwarded: Vec<u16>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    #[serde(default)]
    done: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredential {
    program: String,
    subject: String,
    level: Option<String>,
    user: Option<String>,
    secret: SecretField,
}

/// A secret read straight into a [`SecretString`].
struct SecretField(SecretString);

impl<'de> Deserialize<'de> for SecretField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SecretVisitor;
        impl Visitor<'_> for SecretVisitor {
            type Value = SecretField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quoted string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SecretField, E> {
                Ok(SecretField(SecretString::from(v)))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<SecretField, E> {
                // Copy, then wipe the parser's buffer (boxing it could reallocate un-wiped).
                let v = Zeroizing::new(v);
                Ok(SecretField(SecretString::from(v.as_str())))
            }
        }
        d.deserialize_string(SecretVisitor)
    }
}

impl HandoverRecord {
    /// Parses a record from its TOML text; `origin` names the file in errors.
    ///
    /// # Errors
    /// [`HandoverError::UnsupportedFormat`] for another `format`, [`HandoverError::BadRecord`]
    /// for malformed TOML, unknown keys, a bad model, kind, level or time stamp. The message
    /// gives the line, never the text of the line (it could be a secret).
    pub fn from_toml(text: &str, origin: &Path) -> Result<Self, HandoverError> {
        let bad = |reason: String| HandoverError::BadRecord {
            path: origin.to_path_buf(),
            reason,
        };
        let probe: FormatProbe =
            toml::from_str(text).map_err(|e| bad(describe_toml_error(&e, text)))?;
        match probe.format {
            None => return Err(bad("no `format` key".into())),
            Some(FORMAT_VERSION) => {}
            Some(found) => {
                return Err(HandoverError::UnsupportedFormat {
                    path: origin.to_path_buf(),
                    found,
                });
            }
        }
        let raw: RawRecord =
            toml::from_str(text).map_err(|e| bad(describe_toml_error(&e, text)))?;
        let model: Model = raw
            .site
            .model
            .parse()
            .map_err(|e: crate::nec::model::UnknownModel| bad(e.to_string()))?;
        let sealed_at = Timestamp::parse(&raw.site.sealed_at).ok_or_else(|| {
            bad("site.sealed_at is not an RFC 3339 UTC time like 2026-11-22T01:30:00Z".into())
        })?;
        let adds_to = match raw.addendum {
            None => None,
            Some(a) => Some(AddsTo {
                file: a.adds_to,
                sealed_at: match a.adds_to_sealed_at {
                    None => None,
                    Some(t) => Some(Timestamp::parse(&t).ok_or_else(|| {
                        bad("addendum.adds_to_sealed_at is not an RFC 3339 UTC time".into())
                    })?),
                },
            }),
        };
        let mut credentials = Vec::new();
        // Keep the writer's order (kinds in CredentialKind::ALL order) for stable output.
        let mut groups: Vec<(CredentialKind, Vec<RawCredential>)> = Vec::new();
        for (key, list) in raw.credentials {
            let kind: CredentialKind = key
                .parse()
                .map_err(|e: crate::secrets::kind::UnknownKind| bad(format!("credentials: {e}")))?;
            groups.push((kind, list));
        }
        groups.sort_by_key(|(k, _)| *k);
        for (kind, list) in groups {
            for c in list {
                let level = c
                    .level
                    .as_deref()
                    .map(str::parse::<Level>)
                    .transpose()
                    .map_err(|e| bad(format!("credentials.{kind}: {e}")))?;
                credentials.push(Credential {
                    program: c.program,
                    kind,
                    subject: c.subject,
                    level,
                    user: c.user,
                    secret: c.secret.0,
                });
            }
        }
        Ok(HandoverRecord {
            site: SiteInfo {
                name: raw.site.name,
                customer: raw.site.customer,
                model,
                installer: raw.site.installer,
            },
            sealed_at,
            credentials,
            admin_ports: AdminPorts {
                webpro: raw.ports.webpro,
                pcpro: raw.ports.pcpro,
            },
            forwarded_ports: raw.ports.forwarded,
            checklist_done: raw.checklist.done,
            sealed_to: raw.sealed_to.recipients,
            adds_to,
        })
    }
}

/// The TOML error as "line N (`key`): message", without echoing the line or the value (either
/// may be a secret: `secret = 25117272` is a number the type check would quote).
fn describe_toml_error(e: &toml::de::Error, text: &str) -> String {
    let message = e
        .message()
        .lines()
        .next()
        .unwrap_or("malformed TOML")
        .trim();
    let message = without_value(message);
    match e.span() {
        Some(span) => {
            let end = span.start.min(text.len());
            let before = text.get(..end).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            match key_before(&before[before.rfind('\n').map_or(0, |i| i + 1)..]) {
                Some(key) => format!("line {line} (`{key}`): {message}"),
                None => format!("line {line}: {message}"),
            }
        }
        None => message,
    }
}

/// serde's "invalid type: integer `9503`, expected ..." with the value left out: "invalid
/// type: integer, expected ...".
fn without_value(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_at(rest.find(", expected").unwrap_or(rest.len()));
            let kind = found.split(['`', '"']).next().unwrap_or_default().trim();
            return format!("{prefix}{kind}{expected}");
        }
    }
    message.to_owned()
}

/// The key just before the bad value (`secret` in `{ program = "90-02", secret = 42 }`), read
/// from the text of the line up to the value; keys are never secret, the value is not read.
fn key_before(line_before_value: &str) -> Option<&str> {
    let head = line_before_value.trim_end().strip_suffix('=')?.trim_end();
    let is_key = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let start = head.bytes().rposition(|b| !is_key(b)).map_or(0, |i| i + 1);
    let key = &head[start..];
    (!key.is_empty() && key.len() <= 64).then_some(key)
}
