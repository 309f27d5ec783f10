//! One row of the fleet view: a site file summarised (score, failed and pending items, visit,
//! credential ages, last probe), or a broken file with its one-line error.
//!
//! A row keeps only these few figures; the parsed site file is dropped as soon as its row is
//! made, so memory grows with the number of rows, never with the size of the files.

use serde::Serialize;

use super::credentials::{CredentialAge, Rotation, credential_ages};
use super::status::{ItemState, site_status};
use crate::checklist::Checklist;
use crate::probe::ProbeReport;
use crate::report::Score;
use crate::site::{SiteFile, Timestamp};

/// What a row needs from the dealer, most urgent first (the fleet's sort order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attention {
    /// An item is failed (measured): the site is exposed now.
    Failed,
    /// A credential is past its due date.
    Overdue,
    /// The file could not be read as a site file: nothing is known.
    Broken,
    /// Items are still pending or deferred.
    Pending,
    /// Nothing to do.
    Ok,
}

impl Attention {
    /// The word shown in the status column.
    pub fn name(self) -> &'static str {
        match self {
            Attention::Failed => "failed",
            Attention::Overdue => "overdue",
            Attention::Broken => "broken",
            Attention::Pending => "pending",
            Attention::Ok => "ok",
        }
    }

    /// Whether this makes `nec-harden fleet` exit 1.
    pub fn fails(self) -> bool {
        self <= Attention::Broken
    }
}

/// The last probe, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeSummary {
    /// When it ran.
    pub at: Timestamp,
    /// The host probed.
    pub host: String,
    /// Where it ran from (`outside`, `inside`, `unknown`).
    pub vantage: &'static str,
    /// How many findings fail it.
    pub failing: usize,
}

impl ProbeSummary {
    fn of(probe: &ProbeReport) -> ProbeSummary {
        ProbeSummary {
            at: probe.at.clone(),
            host: probe.host.clone(),
            vantage: probe.vantage.name(),
            failing: probe.findings.iter().filter(|f| f.severity.fails()).count(),
        }
    }

    /// `passed` or `failed`.
    pub fn result(&self) -> &'static str {
        if self.failing > 0 { "failed" } else { "passed" }
    }
}

/// A readable site file, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteRow {
    /// The file as found.
    pub file: String,
    /// The site name (untrusted text: escape before showing).
    pub name: String,
    /// The customer.
    pub customer: String,
    /// The model for people.
    pub model: &'static str,
    /// The score, failed items counted as not done.
    pub score: Score,
    /// The ids of the failed (measured) items.
    pub failed: Vec<String>,
    /// How many applicable items are pending or deferred.
    pub pending: usize,
    /// When the site file last changed (the last visit).
    pub last_visit: Timestamp,
    /// The age of the credentials, per kind.
    pub credentials: Vec<CredentialAge>,
    /// The last probe, when there was one.
    pub probe: Option<ProbeSummary>,
}

impl SiteRow {
    /// Summarises `site` (read from `file`) against its checklist.
    pub fn of(file: String, site: &SiteFile, checklist: &Checklist, rotation: &Rotation) -> Self {
        let status = site_status(checklist, site);
        SiteRow {
            file,
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model.display_name(),
            score: status.score,
            failed: status
                .ids_in(ItemState::Failed)
                .map(str::to_owned)
                .collect(),
            pending: status.items.iter().filter(|(_, s)| s.is_open()).count(),
            last_visit: site.site.updated.clone(),
            credentials: credential_ages(checklist, site, rotation),
            probe: site.probe.as_ref().map(ProbeSummary::of),
        }
    }

    /// The credentials past their due date.
    pub fn overdue(&self) -> impl Iterator<Item = &CredentialAge> {
        self.credentials.iter().filter(|c| c.overdue)
    }

    /// The earliest due date of any kind.
    pub fn next_due(&self) -> Option<&Timestamp> {
        self.credentials.iter().map(|c| &c.due).min()
    }
}

/// One row of the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A site file.
    Site(Box<SiteRow>),
    /// A `.toml` file that claims to be a site file but cannot be read as one.
    Broken {
        /// The file as found.
        file: String,
        /// The one-line error.
        error: String,
    },
}

impl Row {
    /// What the row needs.
    pub fn attention(&self) -> Attention {
        match self {
            Row::Broken { .. } => Attention::Broken,
            Row::Site(row) if !row.failed.is_empty() => Attention::Failed,
            Row::Site(row) if row.overdue().next().is_some() => Attention::Overdue,
            Row::Site(row) if row.pending > 0 => Attention::Pending,
            Row::Site(_) => Attention::Ok,
        }
    }

    /// The file as found.
    pub fn file(&self) -> &str {
        match self {
            Row::Site(row) => &row.file,
            Row::Broken { file, .. } => file,
        }
    }

    /// The sort key: most urgent first, then the lowest score, then the file name.
    pub fn sort_key(&self) -> (Attention, u32, &str) {
        let percent = match self {
            Row::Site(row) => row.score.percent,
            Row::Broken { .. } => 0,
        };
        (self.attention(), percent, self.file())
    }
}
