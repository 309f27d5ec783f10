//! The dealer's fleet: every site file of one or more folders in one view (`nec-harden fleet`).
//!
//! - [`scan`]: the folder walk and capped, non-blocking reads (untrusted files).
//! - [`status`]: **the seam** where each item's state and the score are read (failed (measured)
//!   from probe findings included); the one file to switch to a status-from-evidence model.
//! - [`credentials`]: credential ages per kind and their due dates.
//! - [`call_audit`]: the last call-record audit in brief, or why one is missing.
//! - [`row`]: one summarised row per file, what it needs, the sort order.
//! - [`render_text`], [`render_json`], [`render_html`]: the three outputs.
//!
//! Each file is read, summarised into a [`Row`] and dropped, on a few worker threads: memory is
//! bounded by the largest file (times the workers) plus the small rows. A broken site file is a row with its error, never an abort;
//! other TOML files (checklists, notes) are skipped with a note. No drawing here.

pub mod call_audit;
pub mod credentials;
pub mod render_html;
pub mod render_json;
pub mod render_text;
pub mod row;
pub mod scan;
pub mod status;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use call_audit::{AlertCounts, CallAuditState, CallAuditSummary};
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
    /// Whether any site has a failed item, call alerts, an overdue credential or a broken
    /// file (exit 1).
    pub fn needs_action(&self) -> bool {
        self.rows.iter().any(|r| r.attention().fails())
    }

    /// How many rows need action.
    pub fn action_count(&self) -> usize {
        self.rows.iter().filter(|r| r.attention().fails()).count()
    }
}

/// The shipped checklist of `model`, parsed once per process and shared by every worker (a
/// fleet is mostly sites on the shipped checklists).
fn shipped(model: Model) -> &'static Checklist {
    static SL2100: OnceLock<Checklist> = OnceLock::new();
    static SL1100: OnceLock<Checklist> = OnceLock::new();
    let cell = match model {
        Model::Sl2100 => &SL2100,
        Model::Sl1100 => &SL1100,
    };
    cell.get_or_init(|| checklist::builtin(model))
}

/// Parsed checklists, shared by every site file of the fleet: the shipped one per model is
/// parsed once per process, a dealer's checklist file once per path (per worker).
#[derive(Default)]
pub struct Checklists {
    files: HashMap<PathBuf, Checklist>,
}

impl Checklists {
    /// The checklist a site file uses: its own `checklist` file (relative to the site file),
    /// else the shipped one for its model. The own file is read with the same caps as a site
    /// file, and each is parsed once.
    ///
    /// # Errors
    /// [`SiteError::Checklist`] when the site's own checklist cannot be read or is invalid.
    pub fn for_site(&mut self, site_path: &Path, info: &SiteInfo) -> Result<&Checklist, SiteError> {
        let Some(own) = &info.checklist else {
            return Ok(shipped(info.model));
        };
        let base = site_path.parent().unwrap_or_else(|| Path::new("."));
        let path = base.join(own);
        if !self.files.contains_key(&path) {
            let file = path.display().to_string();
            let text = scan::read_capped(&path).map_err(|why| {
                SiteError::Checklist(ChecklistError::Read {
                    file: file.clone(),
                    source: std::io::Error::other(why),
                })
            })?;
            let list = checklist::parse(&text, &file)
                .map_err(|p| SiteError::Checklist(ChecklistError::Invalid(p)))?;
            self.files.insert(path.clone(), list);
        }
        Ok(&self.files[&path])
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
    /// A valid site file (its checklist is in the [`Checklists`] it was read with).
    Site(Box<SiteFile>),
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
    match SiteFile::parse_picking(&text, &file, |info| checklists.for_site(path, info)) {
        Ok(site) => SiteRead::Site(Box::new(site)),
        Err(_) if !claims_to_be_a_site(&text) => SiteRead::NotASite,
        Err(e) => SiteRead::Broken(e.to_string().replace('\n', " ")),
    }
}

/// Reads and summarises one file: a row, or a skip note.
pub fn summarise(path: &Path, checklists: &mut Checklists, rotation: &Rotation) -> FileOutcome {
    let file = path.display().to_string();
    match read_site(path, checklists) {
        SiteRead::Site(site) => match checklists.for_site(path, &site.site) {
            Ok(list) => FileOutcome::Row(Row::Site(Box::new(SiteRow::of(
                file, &site, list, rotation,
            )))),
            Err(e) => FileOutcome::Row(Row::Broken {
                file,
                error: e.to_string().replace('\n', " "),
            }),
        },
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

/// The most files read at once: each worker holds one file, so memory stays bounded by this
/// many times the largest file.
const MAX_WORKERS: usize = 4;

/// Summarises `paths` on a few threads (each with its own checklists); outcomes in input order.
fn summarise_all(paths: &[PathBuf], rotation: &Rotation) -> Vec<FileOutcome> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_WORKERS)
        .min(paths.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, FileOutcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut checklists = Checklists::default();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else {
                            return out;
                        };
                        out.push((i, summarise(path, &mut checklists, rotation)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, outcome)| outcome).collect()
}

/// The fleet of the site files in `dirs` (and their subfolders with `recursive`).
///
/// # Errors
/// [`ScanError`] when a folder named cannot be read; a bad file inside one is a row or a note.
pub fn scan(dirs: &[PathBuf], recursive: bool, rotation: Rotation) -> Result<Fleet, ScanError> {
    let mut found = Vec::new();
    for dir in dirs {
        found.extend(scan::walk(dir, recursive)?);
    }
    let mut skipped = Vec::new();
    let mut paths = Vec::new();
    for entry in found {
        match entry {
            Found::Skipped(skip) => skipped.push(skip),
            Found::File(path) => paths.push(path),
        }
    }
    let mut rows = Vec::with_capacity(paths.len());
    for outcome in summarise_all(&paths, &rotation) {
        match outcome {
            FileOutcome::Row(row) => rows.push(row),
            FileOutcome::Skipped(skip) => skipped.push(skip),
        }
    }
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    rows.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Fleet {
        rows,
        skipped,
        rotation,
    })
}
