//! The dealer's fleet: every site file of one or more folders in one view (`nec-harden fleet`).
//!
//! - [`scan`]: the folder walk and capped, non-blocking reads (untrusted files).
//! - [`status`]: **the seam** where each item's state and the score are read (failed (measured)
//!   from probe findings included); the one file to switch to a status-from-evidence model.
//! - [`credentials`]: credential ages per kind and their due dates.
//! - [`row`]: one summarised row per file, what it needs, the sort order.
//! - [`render_text`], [`render_json`], [`render_html`]: the three outputs.
//!
//! Files are read one at a time, summarised into a [`Row`] and dropped: memory is bounded by the
//! largest file plus the rows. A broken site file is a row with its error, never an abort;
//! other TOML files (checklists, notes) are skipped with a note. No drawing here.

pub mod credentials;
pub mod render_html;
pub mod render_json;
pub mod render_text;
pub mod row;
pub mod scan;
pub mod status;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use credentials::{CredentialAge, DEFAULT_ROTATE_MONTHS, Rotation};
pub use row::{Attention, ProbeSummary, Row, SiteRow};
pub use scan::{Found, ScanError, Skip};
pub use status::{ItemState, SiteStatus, site_status};

use crate::checklist::{self, Checklist, ChecklistError};
use crate::nec::Model;
use crate::site::{SiteError, SiteFile, SiteInfo};

/// The fleet view: one row per site file, most urgent first, and the files skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fleet {
    /// The rows, sorted with what needs action first.
    pub rows: Vec<Row>,
    /// The `.toml` files that are not site files, with why.
    pub skipped: Vec<Skip>,
    /// The rule due dates were judged by.
    pub rotation: Rotation,
}

impl Fleet {
    /// Whether any site has a failed item, an overdue credential or a broken file (exit 1).
    pub fn needs_action(&self) -> bool {
        self.rows.iter().any(|r| r.attention().fails())
    }

    /// How many rows need action.
    pub fn action_count(&self) -> usize {
        self.rows.iter().filter(|r| r.attention().fails()).count()
    }
}

/// Parsed checklists, shared by every site file of the fleet: the shipped one per model is
/// parsed once, a dealer's checklist file once per path.
#[derive(Default)]
pub struct Checklists {
    shipped: Vec<(Model, Checklist)>,
    files: HashMap<PathBuf, Checklist>,
}

impl Checklists {
    /// The checklist a site file uses: its own `checklist` file (relative to the site file),
    /// else the shipped one for its model. The own file is read with the same caps as a site
    /// file.
    fn pick(&mut self, site_path: &Path, info: &SiteInfo) -> Result<Checklist, SiteError> {
        let Some(own) = &info.checklist else {
            if let Some((_, list)) = self.shipped.iter().find(|(m, _)| *m == info.model) {
                return Ok(list.clone());
            }
            let list = checklist::builtin(info.model);
            self.shipped.push((info.model, list.clone()));
            return Ok(list);
        };
        let base = site_path.parent().unwrap_or_else(|| Path::new("."));
        let path = base.join(own);
        if let Some(list) = self.files.get(&path) {
            return Ok(list.clone());
        }
        let file = path.display().to_string();
        let text = scan::read_capped(&path).map_err(|why| {
            SiteError::Checklist(ChecklistError::Read {
                file: file.clone(),
                source: std::io::Error::other(why),
            })
        })?;
        let list = checklist::parse(&text, &file)
            .map_err(|p| SiteError::Checklist(ChecklistError::Invalid(p)))?;
        self.files.insert(path, list.clone());
        Ok(list)
    }
}

/// Whether TOML `text` is meant as a site file (it has a `[site]` table); text that is not
/// TOML at all is treated as a broken site file, so it is shown rather than hidden.
fn claims_to_be_a_site(text: &str) -> bool {
    text.parse::<toml::Table>()
        .map_or(true, |table| table.contains_key("site"))
}

/// What reading one `.toml` file gave.
#[derive(Debug)]
pub enum SiteRead {
    /// A site file and its checklist.
    Site(Box<(SiteFile, Checklist)>),
    /// A TOML file without a `[site]` table (a checklist, notes): not a site file.
    NotASite,
    /// Not a regular file (a FIFO, a device): left unread.
    NotRegular,
    /// Meant as a site file but unreadable or invalid: the one-line error, naming the file.
    Broken(String),
}

/// Reads one site file with capped, non-blocking reads, taking its checklist from
/// `checklists`; never panics, never blocks on a FIFO.
pub fn read_site(path: &Path, checklists: &mut Checklists) -> SiteRead {
    let file = path.display().to_string();
    let text = match scan::read_capped(path) {
        Ok(text) => text,
        Err(why) if why == scan::NOT_REGULAR => return SiteRead::NotRegular,
        Err(why) => return SiteRead::Broken(format!("{file}: {why}")),
    };
    match SiteFile::parse_picking(&text, &file, |info| checklists.pick(path, info)) {
        Ok(read) => SiteRead::Site(Box::new(read)),
        Err(_) if !claims_to_be_a_site(&text) => SiteRead::NotASite,
        Err(e) => SiteRead::Broken(e.to_string().replace('\n', " ")),
    }
}

/// Reads and summarises one file: a row, or a skip note.
pub fn summarise(path: &Path, checklists: &mut Checklists, rotation: &Rotation) -> FileOutcome {
    let file = path.display().to_string();
    match read_site(path, checklists) {
        SiteRead::Site(read) => {
            let (site, list) = *read;
            FileOutcome::Row(Row::Site(Box::new(SiteRow::of(
                file, &site, &list, rotation,
            ))))
        }
        SiteRead::NotASite => {
            FileOutcome::Skipped(Skip::new(path, "not a site file (no [site] table)"))
        }
        SiteRead::NotRegular => FileOutcome::Skipped(Skip::new(path, scan::NOT_REGULAR)),
        SiteRead::Broken(error) => FileOutcome::Row(Row::Broken { file, error }),
    }
}

/// What one file became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// A row of the fleet.
    Row(Row),
    /// Left out, with a note.
    Skipped(Skip),
}

/// The fleet of the site files in `dirs` (and their subfolders with `recursive`).
///
/// # Errors
/// [`ScanError`] when a folder named cannot be read; a bad file inside one is a row or a note.
pub fn scan(dirs: &[PathBuf], recursive: bool, rotation: Rotation) -> Result<Fleet, ScanError> {
    let mut checklists = Checklists::default();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for dir in dirs {
        for found in scan::walk(dir, recursive)? {
            match found {
                Found::Skipped(skip) => skipped.push(skip),
                Found::File(path) => match summarise(&path, &mut checklists, &rotation) {
                    FileOutcome::Row(row) => rows.push(row),
                    FileOutcome::Skipped(skip) => skipped.push(skip),
                },
            }
        }
    }
    rows.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Fleet {
        rows,
        skipped,
        rotation,
    })
}
