//! The site file (`SITE.toml`, format 1): a saved checklist run for one site.
//!
//! It holds the site, the model, the extensions, each item's status with time and reason, the
//! non-secret answers and the handover's public facts, and never a secret: credential answers
//! record only who got one and when. Saved atomically with mode 0600. No drawing here.

pub mod calls;
mod check;
pub mod edit;
mod layout;
mod load;
pub mod model;
mod replay_facts;

use std::path::Path;

pub use crate::timestamp::Timestamp;
pub use edit::{EditError, parse_extension_ranges};
pub use model::{
    AddendumFacts, AlertWaiver, Answer, Extension, ExtensionNumber, ExtensionType, HandoverFacts,
    IssuedCredential, ItemRecord, SiteFile, SiteInfo, Status, Waiver,
};

use crate::atomic_file::{self, Overwrite};
use crate::checklist::{Checklist, ChecklistError, Problems};

/// The site file format version this program reads and writes.
pub const SITE_FORMAT: i64 = 1;

/// Why a site file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file name.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("{file}: cannot write: {source}")]
    Write {
        /// The file name.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid format-1 site file; the first problem is shown.
    #[error("{}{}", .0.lines()[0], more(.0))]
    Invalid(Problems),
    /// The checklist named by the site file could not be loaded.
    #[error("{}", one_line(.0))]
    Checklist(#[from] ChecklistError),
}

fn more(problems: &Problems) -> String {
    match problems.problems.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more problems)", n - 1),
    }
}

fn one_line(err: &ChecklistError) -> String {
    let text = err.to_string();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    match lines.count() {
        0 => first,
        n => format!("{first} (and {n} more problems)"),
    }
}

impl SiteFile {
    /// A new site file for `checklist`'s model with every item pending at `now`.
    pub fn new(
        name: &str,
        customer: &str,
        installer: &str,
        checklist: &Checklist,
        now: &Timestamp,
    ) -> SiteFile {
        SiteFile {
            site: SiteInfo {
                name: name.to_owned(),
                customer: customer.to_owned(),
                model: checklist.model,
                installer: installer.to_owned(),
                created: now.clone(),
                updated: now.clone(),
                checklist: None,
            },
            extensions: Vec::new(),
            items: checklist
                .items()
                .map(|item| (item.id.clone(), ItemRecord::pending(now.clone())))
                .collect(),
            handover: None,
            probe: None,
            calls: None,
        }
    }

    /// Parses site file `text` against a known checklist; `file` names it in errors.
    ///
    /// # Errors
    /// [`SiteError::Invalid`] for a syntax error, an unknown key, another format version, an
    /// unknown model, or data that does not fit together or with the checklist.
    pub fn parse(text: &str, file: &str, checklist: &Checklist) -> Result<SiteFile, SiteError> {
        load::parse_with(text, file, |_| Ok(checklist)).map(|(site, _)| site)
    }

    /// Parses site file `text` (named `file` in errors), asking `pick` for the checklist once
    /// the header is read: the fleet view lends one parsed checklist to many files.
    ///
    /// # Errors
    /// As [`SiteFile::parse`], and whatever `pick` returns.
    pub fn parse_picking<'c>(
        text: &str,
        file: &str,
        pick: impl FnOnce(&SiteInfo) -> Result<&'c Checklist, SiteError>,
    ) -> Result<SiteFile, SiteError> {
        load::parse_with(text, file, pick).map(|(site, _)| site)
    }

    /// Reads a site file and its checklist: `override_checklist` (`--checklist`), else the
    /// file's own `checklist` (relative to the site file), else the shipped one for its model.
    ///
    /// # Errors
    /// [`SiteError::Read`], [`SiteError::Invalid`] or [`SiteError::Checklist`].
    pub fn load(
        path: &Path,
        override_checklist: Option<&Checklist>,
    ) -> Result<(SiteFile, Checklist), SiteError> {
        load::load(path, override_checklist)
    }

    /// The file's TOML text (format 1).
    pub fn to_toml(&self) -> String {
        load::to_toml(self)
    }

    /// Writes the file atomically (mode 0600 on unix), replacing an existing one.
    ///
    /// An existing site file is edited in place: its comments and layout stay, changed values
    /// are replaced and new tables appended (see `layout`).
    ///
    /// # Errors
    /// [`SiteError::Write`] when the folder is not writable; the old file is then untouched.
    pub fn save(&self, path: &Path) -> Result<(), SiteError> {
        let fresh = self.to_toml();
        let text = match read_existing(path) {
            Some(existing) => layout::keep_layout(&existing, &fresh),
            None => fresh,
        };
        atomic_file::write(path, text.as_bytes(), Overwrite::Replace).map_err(|source| {
            SiteError::Write {
                file: path.display().to_string(),
                source,
            }
        })
    }
}

/// The largest existing site file whose layout is kept (a 1,000-extension site is ~200 KiB).
const MAX_LAYOUT_BYTES: u64 = 8 * 1024 * 1024;

/// The current text of the site file at `path`, if it is a readable regular file of sane size.
fn read_existing(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_LAYOUT_BYTES + 1)
        .read_to_string(&mut text)
        .ok()?;
    (text.len() as u64 <= MAX_LAYOUT_BYTES).then_some(text)
}

#[cfg(test)]
mod probe_tests;
#[cfg(test)]
mod tests;
