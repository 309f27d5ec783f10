//! The site being worked on: its file, its checklist, and the figures derived from them.
//!
//! The derived figures (which items apply, each status, progress, score) are recomputed only when
//! the site changes, never per frame. Every change is saved at once, atomically.

use std::path::{Path, PathBuf};

use crate::checklist::{Checklist, Item};
use crate::coverage::{ItemStatus, item_status};
use crate::report::{self, Risk};
use crate::site::{Answer, EditError, SiteFile, Status, Timestamp};

/// One item as the sidebar and the review see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    /// Index of its section in the checklist.
    pub section: usize,
    /// Index of the item within its section.
    pub index: usize,
    /// Whether it counts for this site (its condition holds, or a probe failed it).
    pub applies: bool,
    /// The recorded status closest to the computed one (for the sidebar's marks).
    pub status: Status,
    /// Its status from the evidence ([`crate::coverage::item_status`]).
    pub computed: ItemStatus,
}

impl ItemRow {
    /// Whether the item still needs the installer: pending, incomplete or failed.
    pub fn is_open(&self) -> bool {
        self.computed.is_open()
    }
}

/// Progress and score, kept up to date on each change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items that apply.
    pub applicable: usize,
    /// Of those, the ones handled (done, not applicable or deferred).
    pub handled: usize,
    /// Of those, the ones done.
    pub done: usize,
    /// The report's weighted score in percent.
    pub score: u32,
    /// The report's band letter for that score.
    pub band: &'static str,
}

/// The site file, its checklist and where it is saved.
#[derive(Debug)]
pub struct Session {
    /// The site file in memory (always one that would load again).
    pub site: SiteFile,
    /// Its checklist.
    pub checklist: Checklist,
    /// Where it is saved.
    pub path: PathBuf,
    rows: Vec<ItemRow>,
    progress: Progress,
    risks: Vec<Risk>,
    dirty: bool,
}

impl Session {
    /// A session for a loaded or new site file.
    pub fn new(site: SiteFile, checklist: Checklist, path: PathBuf) -> Self {
        let mut s = Self {
            site,
            checklist,
            path,
            rows: Vec::new(),
            progress: Progress::default(),
            risks: Vec::new(),
            dirty: false,
        };
        s.refresh();
        s
    }

    /// Recomputes the derived figures.
    pub fn refresh(&mut self) {
        let mut rows = Vec::with_capacity(self.checklist.item_count());
        let mut p = Progress::default();
        for (si, section) in self.checklist.sections.iter().enumerate() {
            for (ii, item) in section.items.iter().enumerate() {
                let computed = item_status(&self.checklist, &self.site, item);
                let applies = !matches!(computed, ItemStatus::DoesNotApply);
                if applies {
                    p.applicable += 1;
                    if !computed.is_open() {
                        p.handled += 1;
                    }
                    if computed.is_done() {
                        p.done += 1;
                    }
                }
                rows.push(ItemRow {
                    section: si,
                    index: ii,
                    applies,
                    status: computed.recorded(),
                    computed,
                });
            }
        }
        let score = report::score(&self.checklist, &self.site);
        p.score = score.percent;
        p.band = score.band.letter();
        self.risks = report::risks(&self.checklist, &self.site);
        self.rows = rows;
        self.progress = p;
    }

    /// Every item, in checklist order.
    pub fn rows(&self) -> &[ItemRow] {
        &self.rows
    }

    /// Progress and score.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// The risky combinations the report would list.
    pub fn risks(&self) -> &[Risk] {
        &self.risks
    }

    /// The checklist item of row `i`.
    pub fn item(&self, i: usize) -> &Item {
        let r = &self.rows[i];
        &self.checklist.sections[r.section].items[r.index]
    }

    /// The first item that applies and is pending.
    pub fn first_open(&self) -> Option<usize> {
        self.rows.iter().position(ItemRow::is_open)
    }

    /// Where a resumed walk lands: the first open item, else the first that applies and is
    /// not complete (deferred), else none (every item is done or does not apply).
    pub fn resume_point(&self) -> Option<usize> {
        self.first_open().or_else(|| {
            self.rows
                .iter()
                .position(|r| r.applies && r.status == Status::Deferred)
        })
    }

    /// The next open item after `i`, wrapping around.
    pub fn next_open(&self, i: usize) -> Option<usize> {
        let n = self.rows.len();
        (1..=n)
            .map(|k| (i + k) % n)
            .find(|&j| self.rows[j].is_open())
    }

    /// Saves the site file atomically, now.
    ///
    /// # Errors
    /// A one-line message naming the file.
    pub fn save(&mut self) -> Result<(), String> {
        self.refresh();
        self.dirty = false;
        self.site.save(&self.path).map_err(|e| e.to_string())
    }

    /// Records that the site changed: the figures are refreshed at once, the file is written by
    /// [`Session::flush`], which the loop calls right after drawing the frame (so the frame does
    /// not wait for the disk) and before reading the next key.
    pub fn changed(&mut self) {
        self.refresh();
        self.dirty = true;
    }

    /// Whether a change is not written yet.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Writes the site file if it changed.
    ///
    /// # Errors
    /// As [`Session::save`]; the change stays marked unsaved.
    pub fn flush(&mut self) -> Result<(), String> {
        if !self.dirty {
            return Ok(());
        }
        self.site.save(&self.path).map_err(|e| e.to_string())?;
        self.dirty = false;
        Ok(())
    }

    /// Sets an item's answer (saved by the next flush).
    ///
    /// # Errors
    /// The edit or save error, as one line.
    pub fn answer(&mut self, item: &str, answer: Answer, now: &Timestamp) -> Result<(), String> {
        let checklist = &self.checklist;
        self.site
            .set_answer(checklist, item, answer, now)
            .map_err(|e: EditError| e.to_string())?;
        self.changed();
        Ok(())
    }

    /// Sets an item's status, with a reason where needed (saved by the next flush).
    ///
    /// # Errors
    /// The edit or save error, as one line.
    pub fn mark(
        &mut self,
        item: &str,
        status: Status,
        reason: Option<&str>,
        now: &Timestamp,
    ) -> Result<(), String> {
        let checklist = &self.checklist;
        self.site
            .set_status(checklist, item, status, reason, now)
            .map_err(|e| e.to_string())?;
        self.changed();
        Ok(())
    }

    /// The folder of the site file (reports and the handover go beside it by default).
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// `SITE.EXT` beside the site file, e.g. `SITE.handover.age`.
    pub fn beside(&self, ext: &str) -> PathBuf {
        let stem = self
            .path
            .file_stem()
            .map_or_else(|| "site".into(), |s| s.to_string_lossy().into_owned());
        self.folder().join(format!("{stem}.{ext}"))
    }
}
