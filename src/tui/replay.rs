//! Replay's first screen: where the replayed site is saved. The site file never holds a secret,
//! so the default is to update it in place; another name starts "the next site" from it.

use std::path::{Path, PathBuf};

use super::app::Effect;
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
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

/// What a key does on replay's first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayKey {
    /// Typed text into the file name.
    Type,
    /// The last character off it.
    Erase,
    /// Save the replay there.
    Continue,
    /// Leave the wizard.
    Leave,
}

impl ReplayForm {
    /// The screen's keys.
    pub fn keys(&self) -> KeyMap<ReplayKey> {
        let mut map = KeyMap::new();
        map.bind(
            &[Key::Enter],
            Some(super::text::footer::CONTINUE),
            ReplayKey::Continue,
        )
        .bind(&[Key::Text], None, ReplayKey::Type)
        .bind(&[Key::Backspace], None, ReplayKey::Erase)
        .bind(&[Key::Esc], None, ReplayKey::Leave);
        map
    }

    /// Handles a key; Enter asks to save the replay to the file named, the site file at
    /// `current` unless changed (`base` is the folder names are relative to).
    pub fn update(&mut self, msg: &Msg, base: &Path, current: &Path) -> Effect {
        match self.keys().lookup(msg) {
            Some(ReplayKey::Type) => msg.text().for_each(|c| self.file.push(c)),
            Some(ReplayKey::Erase) => self.file.pop(),
            Some(ReplayKey::Continue) => return self.submit(base, current),
            Some(ReplayKey::Leave) => return Effect::Leave,
            None => return Effect::None,
        }
        // A changed name is asked about again.
        self.replace = false;
        self.problem = None;
        Effect::None
    }

    fn submit(&mut self, base: &Path, current: &Path) -> Effect {
        if self.file.is_blank() {
            self.problem = Some(t::REQUIRED.to_owned());
            return Effect::None;
        }
        let path: PathBuf = base.join(self.file.trimmed());
        let same = path == base.join(current);
        if !same && path.exists() && !self.replace {
            self.replace = true;
            self.problem = Some(format!("{} {}", self.file.trimmed(), t::EXISTS));
            return Effect::None;
        }
        Effect::ReplayTo(path)
    }
}
