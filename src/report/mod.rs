//! Reports of a site, in two parts. The customer part is for the customer and their manager:
//! the score and what it means, what the checks found, what is still open and who must act,
//! which credentials each extension received (never a value), where the handover is and how
//! to open it, and a sign-off. The technical part is the dealer's record of every item.
//! Rendered as Markdown, JSON (machine-shaped, versioned by [`REPORT_FORMAT`]) or a printable
//! HTML page, all three from the same [`Report`].
//!
//! A report reads only the site file and its checklist, which hold no secret, so no secret can
//! reach a report. Statuses, the score and the risks come from [`crate::coverage`], read
//! through [`status`] only. No drawing here: the wizard reuses [`score`] and [`risks`].
//! A site probed with `nec-harden probe --site` shows the probe, and one audited with
//! `nec-harden calls audit --site` the call-record audit beside it: in words in the customer
//! part, in full in the technical part. `report --since` adds [`since`].

mod calls;
mod customer;
mod html;
mod markdown;
mod probe;
pub mod risks;
pub mod since;
pub mod status;
mod technical;
pub mod text;
pub mod words;

use serde::Serialize;

pub use crate::coverage::score::{BAND_RULE, Band, Score, score};
pub use customer::{
    CheckSummary, CustomerPart, ExtensionSummary, FindingSummary, HandoverSummary, OpenItem,
    Received, RiskSummary, SignOff, SystemCredentials,
};
pub use risks::{Risk, Severity, risks};
pub use status::ItemState;
pub use technical::{ItemReport, SectionReport, TechnicalPart};

use crate::checklist::Checklist;
use crate::site::{SiteFile, Timestamp};

/// The version of the JSON report's shape; raised when a field changes meaning or goes away.
pub const REPORT_FORMAT: u32 = 2;

/// Everything a report shows, in the order it shows it. Field names are stable (JSON output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The version of this shape ([`REPORT_FORMAT`]).
    pub report_format: u32,
    /// The site header.
    pub site: SiteSummary,
    /// The part for the customer and their manager.
    pub customer: CustomerPart,
    /// The dealer's technical record.
    pub technical: TechnicalPart,
}

/// The site header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteSummary {
    /// Site name.
    pub name: String,
    /// Customer.
    pub customer: String,
    /// Model for people ("SL2100").
    pub model: String,
    /// Installer.
    pub installer: String,
    /// Created.
    pub created: Timestamp,
    /// Last change: the date the report speaks for.
    pub updated: Timestamp,
    /// The checklist's title.
    pub checklist: String,
    /// The number of extensions.
    pub extensions: usize,
}

/// Builds the report of `site` against `checklist`.
pub fn build(checklist: &Checklist, site: &SiteFile) -> Report {
    Report {
        report_format: REPORT_FORMAT,
        site: SiteSummary {
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model.display_name().to_owned(),
            installer: site.site.installer.clone(),
            created: site.site.created.clone(),
            updated: site.site.updated.clone(),
            checklist: checklist.title.clone(),
            extensions: site.extensions.len(),
        },
        customer: customer::build(checklist, site),
        technical: technical::build(checklist, site),
    }
}

/// An output format of `nec-harden report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown (the default).
    Markdown,
    /// JSON with stable field names.
    Json,
    /// One self-contained printable HTML page.
    Html,
}

impl Report {
    /// Renders the report.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => markdown::render(self),
            Format::Json => self.to_json(),
            Format::Html => html::render(self),
        }
    }

    /// The report as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        // A tree of strings, numbers and lists always serializes.
        let mut json = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| panic!("report serialization failed: {e}"));
        json.push('\n');
        json
    }
}
