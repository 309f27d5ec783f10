//! The fleet as JSON for scripts: stable field names, versioned by `"format": 2`.
//!
//! A change that removes or renames a field, or gives a field a value it could not have before
//! (a new `status`), raises [`FLEET_JSON_FORMAT`]: a script matching on the values it knows
//! must be told. New fields may be added within a format.
//!
//! Format 2 (from 1): the status `alerts` (the last call audit found alerts at warning or
//! above) and the fields `call_audit` (the last audit in brief) and `call_audit_gap`
//! (`never-audited`, `stale`).

use serde::Serialize;

use super::call_audit::CallAuditSummary;
use super::credentials::CredentialAge;
use super::row::{Attention, ProbeSummary, Row};
use super::{Fleet, Skip};
use crate::site::Timestamp;

/// The version of the fleet JSON.
pub const FLEET_JSON_FORMAT: u32 = 2;

#[derive(Serialize)]
struct FleetJson<'a> {
    format: u32,
    as_of: &'a Timestamp,
    rotate_months: u32,
    needs_action: bool,
    sites: Vec<SiteJson<'a>>,
    skipped: &'a [Skip],
}

#[derive(Serialize)]
struct ScoreJson {
    percent: u32,
    band: &'static str,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    file: &'a str,
    status: Attention,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<ScoreJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_items: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_visit: Option<&'a Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<&'a [CredentialAge]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    probe: Option<ProbeJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_audit: Option<CallAuditJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_audit_gap: Option<&'static str>,
}

#[derive(Serialize)]
struct CallAuditJson<'a> {
    #[serde(flatten)]
    summary: &'a CallAuditSummary,
    highest_severity: Option<&'static str>,
    alerting: bool,
}

#[derive(Serialize)]
struct ProbeJson<'a> {
    #[serde(flatten)]
    summary: &'a ProbeSummary,
    result: &'static str,
}

fn site_json(row: &Row) -> SiteJson<'_> {
    let mut json = SiteJson {
        file: row.file(),
        status: row.attention(),
        error: None,
        name: None,
        customer: None,
        model: None,
        score: None,
        failed_items: None,
        pending_items: None,
        last_visit: None,
        credentials: None,
        probe: None,
        call_audit: None,
        call_audit_gap: None,
    };
    match row {
        Row::Broken { error, .. } => json.error = Some(error),
        Row::Site(site) => {
            json.name = Some(&site.name);
            json.customer = Some(&site.customer);
            json.model = Some(site.model);
            json.score = Some(ScoreJson {
                percent: site.score.percent,
                band: site.score.band.letter(),
            });
            json.failed_items = Some(&site.failed);
            json.pending_items = Some(site.pending);
            json.last_visit = Some(&site.last_visit);
            json.credentials = Some(&site.credentials);
            json.probe = site.probe.as_ref().map(|summary| ProbeJson {
                summary,
                result: summary.result(),
            });
            json.call_audit = site.calls.last().map(|summary| CallAuditJson {
                summary,
                highest_severity: summary.alerts.highest().map(crate::calls::Severity::name),
                alerting: summary.alerting(),
            });
            json.call_audit_gap = site.calls.gap();
        }
    }
    json
}

/// Renders the fleet as pretty-printed JSON, ending with a newline.
pub fn render(fleet: &Fleet) -> String {
    let json = FleetJson {
        format: FLEET_JSON_FORMAT,
        as_of: &fleet.rotation.now,
        rotate_months: fleet.rotation.months,
        needs_action: fleet.needs_action(),
        sites: fleet.rows.iter().map(site_json).collect(),
        skipped: &fleet.skipped,
    };
    // Strings, numbers, booleans and lists always serialize.
    let mut text = serde_json::to_string_pretty(&json)
        .unwrap_or_else(|e| panic!("fleet serialization failed: {e}"));
    text.push('\n');
    text
}
