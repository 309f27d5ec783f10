//! Verdicts: ties each measured port to its checklist item as a [`Finding`].
//!
//! - An admin port that answers fails `admin-ports-blocked`; a 90-54 port that answers while
//!   remote maintenance was not chosen for it fails `webpro-port` / `pcpro-port`.
//! - A SIP port that answers while the site file says it is not forwarded fails
//!   `sip-ports-forwarded`; with no answer recorded it is a warning.
//! - A REGISTER accepted without credentials is critical against `sip-register-mode`
//!   (10-46-01 Plug-and-Play), from any vantage point: it is a fact about the system.
//! - From inside the LAN, reachability proves nothing about the internet: those are info only.

use std::collections::BTreeMap;

use super::model::{Finding, PortResult, PortState, RegisterVerdict, Role, Severity, Vantage};
use super::plan::SiteContext;

/// The checklist item for the admin ports.
pub const ADMIN_ITEM: &str = "admin-ports-blocked";
/// The checklist item for forwarded SIP ports.
pub const SIP_FORWARD_ITEM: &str = "sip-ports-forwarded";
/// The checklist item for 10-46-01.
pub const REGISTER_ITEM: &str = "sip-register-mode";

fn finding(severity: Severity, item: &str, port: u16, text: String) -> Finding {
    Finding {
        severity,
        item: item.to_owned(),
        port: Some(port),
        text,
    }
}

fn judge_admin(result: &PortResult, vantage: Vantage, site: &SiteContext) -> Option<Finding> {
    if result.state != PortState::Open {
        return None;
    }
    let what = format!("TCP {} ({})", result.name(), result.role.label());
    let moved = match result.role {
        Role::WebproMoved => Some(("webpro", "webpro-port", "WebPro")),
        Role::PcproMoved => Some(("pcpro", "pcpro-port", "PCPro")),
        _ => None,
    };
    if !vantage.judges_exposure() {
        return Some(finding(
            Severity::Info,
            moved.map_or(ADMIN_ITEM, |(_, item, _)| item),
            result.port,
            format!(
                "{what} answers from inside the LAN; that says nothing about the internet: probe again from outside."
            ),
        ));
    }
    Some(match moved {
        Some((option, _, name)) if site.remote_maintenance_for(option) => finding(
            Severity::Info,
            ADMIN_ITEM,
            result.port,
            format!(
                "{what} answers, as agreed for {name} remote maintenance; only the 90-02 logins protect it."
            ),
        ),
        Some((_, item, name)) => finding(
            Severity::Failed,
            item,
            result.port,
            format!(
                "{what} answers from the internet, but remote maintenance was not chosen for {name}: remove the router forward."
            ),
        ),
        None => finding(
            Severity::Failed,
            ADMIN_ITEM,
            result.port,
            format!("{what} answers from the internet: remove the router forward of this port."),
        ),
    })
}

fn judge_sip_port(
    port: u16,
    results: &[&PortResult],
    vantage: Vantage,
    site: &SiteContext,
    out: &mut Vec<Finding>,
) {
    let reachable: Vec<&str> = results
        .iter()
        .filter(|r| r.state == PortState::Open)
        .map(|r| r.transport.name())
        .collect();
    if !reachable.is_empty() {
        let system = results[0].effective_port();
        let how = match results[0].system_port {
            Some(system) => format!("port {port} (-> {system}) over {}", reachable.join(" and ")),
            None => format!("port {port} over {}", reachable.join(" and ")),
        };
        let (severity, text) = match &site.sip_forwarded {
            _ if !vantage.judges_exposure() => (
                Severity::Info,
                format!(
                    "SIP {how} answers from inside the LAN; that says nothing about the internet: probe again from outside."
                ),
            ),
            Some(forwarded) if forwarded.contains(&system) => (
                Severity::Info,
                format!("SIP {how} answers; the site file says {system} is forwarded."),
            ),
            Some(_) => (
                Severity::Failed,
                format!(
                    "SIP {how} answers from the internet, but the site file says {system} is not forwarded: remove the forward, or correct the answer."
                ),
            ),
            None => (
                Severity::Warning,
                format!(
                    "SIP {how} answers from the internet: keep the forward only if the site needs {system}."
                ),
            ),
        };
        out.push(finding(severity, SIP_FORWARD_ITEM, port, text));
    }
    for result in results {
        let Some(register) = &result.register else {
            continue;
        };
        let status = register
            .status
            .map_or_else(String::new, |s| format!(" ({s})"));
        let (severity, text) = match register.verdict {
            RegisterVerdict::Accepted => {
                let cleanup = if register.unregistered {
                    "the probe removed its registration again"
                } else {
                    "the probe could not remove its registration; it expires within 60 seconds"
                };
                (
                    Severity::Critical,
                    format!(
                        "REGISTER for made-up extension {} without credentials was accepted{status} on {}: the system lets phones register with no authentication (10-46-01 Plug-and-Play). Set 10-46-01 to Automatic or Manual; {cleanup}.",
                        register.extension,
                        result.name()
                    ),
                )
            }
            RegisterVerdict::Challenged => (
                Severity::Info,
                format!(
                    "REGISTER without credentials on {} was challenged{status}: credentials are required.",
                    result.name()
                ),
            ),
            RegisterVerdict::Refused => (
                Severity::Info,
                format!(
                    "REGISTER without credentials on {} was refused{status} without a challenge.",
                    result.name()
                ),
            ),
            RegisterVerdict::NoAnswer => (
                Severity::Warning,
                format!(
                    "REGISTER on {} got no final answer in time: whether it needs credentials is unknown.",
                    result.name()
                ),
            ),
        };
        out.push(finding(severity, REGISTER_ITEM, port, text));
    }
}

/// The findings for a probe's results, most severe first (stable within a severity).
pub fn judge(results: &[PortResult], vantage: Vantage, site: &SiteContext) -> Vec<Finding> {
    let mut out: Vec<Finding> = results
        .iter()
        .filter(|r| r.role.is_admin())
        .filter_map(|r| judge_admin(r, vantage, site))
        .collect();
    let mut sip: BTreeMap<u16, Vec<&PortResult>> = BTreeMap::new();
    for result in results.iter().filter(|r| r.role == Role::Sip) {
        sip.entry(result.port).or_default().push(result);
    }
    for (port, group) in &sip {
        judge_sip_port(*port, group, vantage, site, &mut out);
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

#[cfg(test)]
mod tests;
