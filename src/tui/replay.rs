//! Replay's first screen: where the replayed site is saved. The site file never holds a secret,
//! so the default is to update it in place; another name starts "the next site" from it.

use std::path::PathBuf;

use super::app::{App, Step};
use super::input::Input;
use super::keys::Msg;
use super::text::replay as t;

/// The replay form: the site file the replay is saved to.
#[derive(Debug)]
pub struct ReplayForm {
    /// The site file, relative to the current folder.
    pub file: Input,
    /// Whether another existing file may be replaced (asked once).
    pub replace: bool,
    /// What is wrong with the form.
    pub problem: Option<String>,
}

impl ReplayForm {
    /// The form, with the site file preset to `file`.
    pub fn new(file: &str) -> Self {
        Self {
            file: Input::with_text(file),
            replace: false,
            problem: None,
        }
    }
}

impl App {
    pub(crate) fn update_replay(&mut self, msg: Msg) {
        let Some(form) = self.replay.as_mut() else {
            return;
        };
        match msg {
            Msg::Char(c) => form.file.push(c),
            Msg::Paste(p) => p.chars().for_each(|c| form.file.push(c)),
            Msg::Backspace => form.file.pop(),
            Msg::Enter => return self.choose_replay_target(),
            _ => return,
        }
        // A changed name is asked about again.
        form.replace = false;
        form.problem = None;
    }

    fn choose_replay_target(&mut self) {
        let base = self.base.clone();
        let (Some(form), Some(session)) = (self.replay.as_mut(), self.session.as_mut()) else {
            return;
        };
        if form.file.is_blank() {
            form.problem = Some(t::REQUIRED.to_owned());
            return;
        }
        let path: PathBuf = base.join(form.file.trimmed());
        let same = path == base.join(&session.path);
        if !same && path.exists() && !form.replace {
            form.replace = true;
            form.problem = Some(format!("{} {}", form.file.trimmed(), t::EXISTS));
            return;
        }
        // Written first when the new handover is sealed: quitting before that leaves the old
        // site file, and its link to the old handover, as they were.
        session.path = path;
        self.go(Step::Protection);
        self.info(t::SAVED);
    }
}
