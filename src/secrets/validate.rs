//! The validator: explains why a typed value would be refused by the system or is weak.

use super::finding::{Finding, RuleId, Severity, Verdict};
use super::kind::CredentialKind;
use super::policy::{BUSY_PORTS, Context, UsernameCharset, Verification, policy, shape};

/// Checks `value` as a credential of `kind`.
///
/// Every finding is returned (most serious first); the status is `rejected` if the system
/// would refuse the value, `weak` if it would accept a guessable value, else `ok`. Notes about
/// unverified rules never change the status.
pub fn check(kind: CredentialKind, value: &str, ctx: &Context<'_>) -> Verdict {
    let mut findings = match shape(kind, ctx) {
        Some(s) => s.findings(value.as_bytes()),
        None => port_findings(value, ctx),
    };
    if let Verification::VerifyOnSystem(text) = policy(kind).verification {
        findings.push(Finding::new(Severity::Note, rid(kind, "unverified"), text));
    }
    let has_special = value.bytes().any(|c| !c.is_ascii_alphanumeric());
    match kind {
        CredentialKind::Username if ctx.charset == UsernameCharset::Extended && has_special => {
            findings.push(Finding::new(
                Severity::Note,
                rid(kind, "manual-disagrees"),
                "NEC's manual says letters and digits only; dealers report ! # % * working: log in with it once before you log out",
            ));
        }
        CredentialKind::Override if has_special => {
            findings.push(Finding::new(
                Severity::Note,
                rid(kind, "symbol"),
                "the IPK II takes * and # in an override code; this system's program was not seen: a code of digits alone is safe",
            ));
        }
        CredentialKind::SipPassword if has_special => {
            findings.push(Finding::new(
                Severity::Note,
                rid(kind, "charset-unverified"),
                "the characters 84-22 accepts beyond letters and digits are not documented: verify on the phone",
            ));
        }
        _ => {}
    }
    Verdict::from_findings(findings)
}

fn rid(kind: CredentialKind, name: &'static str) -> RuleId {
    RuleId {
        kind: kind.name(),
        name,
    }
}

fn port_findings(value: &str, ctx: &Context<'_>) -> Vec<Finding> {
    let k = CredentialKind::Port;
    let canonical = !value.is_empty()
        && value.len() <= 5
        && value.bytes().all(|c| c.is_ascii_digit())
        && !(value.len() > 1 && value.starts_with('0'));
    let port = value.parse::<u32>().ok().filter(|_| canonical);
    let Some(port) = port.filter(|p| (1..=65_535).contains(p)) else {
        return vec![Finding::new(
            Severity::Rejected,
            rid(k, "range"),
            "a port is a whole number from 1 to 65535, without leading zeros",
        )];
    };
    let mut out = Vec::new();
    if port < 1024 {
        out.push(Finding::new(
            Severity::Weak,
            rid(k, "well-known"),
            "below 1024: the well-known range every scanner tries first",
        ));
    }
    if BUSY_PORTS.iter().any(|&b| u32::from(b) == port) {
        out.push(Finding::new(
            Severity::Weak,
            rid(k, "busy"),
            "a port the system or common admin services use: scanners look for it",
        ));
    }
    if ctx
        .others
        .iter()
        .any(|o| o.parse::<u32>().ok() == Some(port))
    {
        out.push(Finding::new(
            Severity::Weak,
            rid(k, "reused"),
            "the same port as the other admin service",
        ));
    }
    out
}
