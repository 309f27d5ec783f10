//! The wizard's first screen when it starts without a site file: the site files of the
//! current folder with their score and what is due, to open one or start a new site.
//!
//! The rows are the fleet view's ([`crate::fleet`]), so the screen and `nec-harden fleet`
//! agree on every score and due date; this file only keeps the cursor and turns keys into a
//! [`Pick`]. Drawing is in `screens/site_list.rs`. Its strings live in [`strings`] here, so the
//! change stays in new files (to be folded into `text.rs` when convenient).

use std::path::{Path, PathBuf};

use super::keys::Msg;
use super::theme::Theme;
use crate::fleet::{self, DEFAULT_ROTATE_MONTHS, Fleet, Rotation, Row};
use crate::site::Timestamp;

/// The screen's strings.
pub mod strings {
    /// The header.
    pub const TITLE: &str = "Site files in this folder";
    /// The header when the profile's sites folder is listed too.
    pub const TITLE_WITH_SITES: &str = "Site files here and in the profile's sites folder";
    /// The first row.
    pub const NEW_SITE: &str = "+ Start a new site";
    /// Column headings.
    pub const COLUMNS: [&str; 5] = ["Site", "Score", "Status", "Credentials due", "File"];
    /// The site column of a file that cannot be read as a site file.
    pub const UNREADABLE: &str = "(cannot be read)";
    /// The line under the table for a broken file.
    pub const CANNOT_OPEN: &str = "Cannot be opened:";
    /// The due column of a site with no credential on record.
    pub const NONE_DUE: &str = "none on record";
    /// Keys.
    pub const KEYS: [(&str, &str); 4] = [
        ("↑↓", "choose"),
        ("Enter", "open"),
        ("n", "new site"),
        ("Esc", "quit"),
    ];
    /// Below the table: what the rotation rule is.
    pub fn rule(months: u32) -> String {
        format!(
            "Credentials are due {months} months after issue; `nec-harden fleet .` prints the same table."
        )
    }
    /// The feedback when Enter is pressed on a broken file.
    pub fn broken(file: &str) -> String {
        format!("{file} is not a site file this version can open (see the line above).")
    }
}

/// What the installer chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Resume this site file.
    Open(PathBuf),
    /// Begin a new site.
    New,
    /// Leave the wizard.
    Quit,
}

/// The list of site files, the cursor (0 is "start a new site") and a feedback line.
pub struct SiteList {
    pub(crate) fleet: Fleet,
    pub(crate) cursor: usize,
    pub(crate) theme: Theme,
    pub(crate) notice: Option<String>,
    /// The header: this folder, or this folder and the profile's sites folder.
    pub(crate) title: &'static str,
}

impl SiteList {
    /// The site files of `folder` judged at `now`; `None` when it holds none (the wizard then
    /// starts a new site directly, as before) or cannot be read.
    pub fn scan(folder: &Path, now: Timestamp, theme: Theme) -> Option<SiteList> {
        Self::scan_with(folder, None, DEFAULT_ROTATE_MONTHS, now, theme)
    }

    /// [`SiteList::scan`] of `folder` and the profile's `sites` folder (when it is another
    /// folder that exists), with the profile's rotation period.
    pub fn scan_with(
        folder: &Path,
        sites: Option<&Path>,
        months: u32,
        now: Timestamp,
        theme: Theme,
    ) -> Option<SiteList> {
        let rotation = Rotation { months, now };
        let mut folders = vec![folder.to_path_buf()];
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if let Some(sites) = sites
            && sites.is_dir()
            && !same(sites, folder)
        {
            folders.push(sites.to_path_buf());
        }
        let title = if folders.len() > 1 {
            strings::TITLE_WITH_SITES
        } else {
            strings::TITLE
        };
        let fleet = fleet::scan(&folders, false, rotation).ok()?;
        (!fleet.rows.is_empty()).then_some(SiteList {
            fleet,
            cursor: 0,
            theme,
            notice: None,
            title,
        })
    }

    /// The rows below "start a new site", most urgent first.
    pub fn rows(&self) -> &[Row] {
        &self.fleet.rows
    }

    /// The row under the cursor (`None` on "start a new site").
    pub fn selected(&self) -> Option<&Row> {
        self.cursor
            .checked_sub(1)
            .and_then(|i| self.fleet.rows.get(i))
    }

    /// Handles one message; `Some` when the installer chose.
    pub fn update(&mut self, msg: &Msg) -> Option<Pick> {
        let last = self.fleet.rows.len();
        self.notice = None;
        match msg {
            Msg::Up => self.cursor = self.cursor.saturating_sub(1),
            Msg::Down => self.cursor = (self.cursor + 1).min(last),
            Msg::Home | Msg::PageUp => self.cursor = 0,
            Msg::End | Msg::PageDown => self.cursor = last,
            Msg::Char('n') => return Some(Pick::New),
            Msg::Esc | Msg::Quit | Msg::Char('q') => return Some(Pick::Quit),
            Msg::Enter => {
                return match self.selected() {
                    None => Some(Pick::New),
                    Some(Row::Site(row)) => Some(Pick::Open(PathBuf::from(&row.file))),
                    Some(Row::Broken { file, .. }) => {
                        self.notice = Some(strings::broken(&file_name(file)));
                        None
                    }
                };
            }
            _ => {}
        }
        None
    }
}

/// The last component of a path, for a narrow column.
pub(crate) fn file_name(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
#[path = "site_list_tests.rs"]
mod tests;
