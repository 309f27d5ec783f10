//! The review before finishing, and finishing itself: the final seal and proof, the report
//! beside the site file, and the facts the last screen shows.

use std::path::PathBuf;

use super::app::{App, Effect};
use super::keys::{Key, KeyMap, Msg};
use super::text::review as t;
use crate::atomic_file::{self, Overwrite};
use crate::report::{self, Format};

/// The review screen's state.
#[derive(Debug, Default)]
pub struct Review {
    /// The first visible line.
    pub scroll: u16,
}

/// What the last screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// The handover file.
    pub handover: PathBuf,
    /// The report.
    pub report: PathBuf,
    /// The site file.
    pub site: PathBuf,
    /// Whether the handover opens with a passphrase (else with the customer's key).
    pub passphrase: bool,
    /// How many credentials it holds.
    pub credentials: usize,
    /// Whether the last seal was proven by decrypting it.
    pub verified: bool,
}

/// What a key does on the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKey {
    /// Scroll.
    Scroll,
    /// The final seal and the report.
    Finish,
    /// Back to the walk.
    Back,
}

impl Review {
    /// The review's keys.
    pub fn keys(&self) -> KeyMap<ReviewKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        map.bind(
            &[Key::Up, Key::Down, Key::PageUp, Key::PageDown],
            Some(key::SCROLL),
            ReviewKey::Scroll,
        )
        .bind(&[Key::Enter], Some(key::FINISH), ReviewKey::Finish)
        .bind(&[Key::Esc], Some(key::BACK), ReviewKey::Back);
        map
    }

    /// Handles a key: scrolling, Esc back to the walk, Enter to finish.
    pub fn update(&mut self, msg: &Msg) -> Effect {
        match self.keys().lookup(msg) {
            Some(ReviewKey::Scroll) => {
                self.scroll = match msg {
                    Msg::Up => self.scroll.saturating_sub(1),
                    Msg::Down => self.scroll.saturating_add(1),
                    Msg::PageUp => self.scroll.saturating_sub(10),
                    _ => self.scroll.saturating_add(10),
                };
            }
            Some(ReviewKey::Back) => return Effect::Go(super::app::Step::Walk),
            Some(ReviewKey::Finish) => return Effect::Finish,
            None => {}
        }
        Effect::None
    }
}

impl App {
    /// Why finishing is not possible yet, if it is not.
    pub fn finish_blocker(&self) -> Option<&'static str> {
        if !self
            .vault
            .as_ref()
            .is_some_and(crate::coverage::vault::Vault::is_sealed)
        {
            return Some(t::NOT_SEALED);
        }
        if self
            .session
            .as_ref()
            .is_none_or(|s| s.first_open().is_some())
        {
            return Some(t::PENDING_BLOCKS);
        }
        None
    }

    /// The final seal and proof, the report, the last screen.
    pub(crate) fn finish(&mut self) {
        if self.finish_blocker().is_some() {
            return;
        }
        let now = self.now();
        let addendum = self.addendum.is_some();
        let (Some(vault), Some(session)) = (self.vault.as_mut(), self.session.as_mut()) else {
            return;
        };
        let (checklist, site) = (&session.checklist, &session.site);
        let sealed = vault.commit_with(Vec::new(), |r| {
            crate::coverage::issuer::fill_facts(r, checklist, site);
        });
        if let Err(e) = sealed {
            return self.fail(super::text::HANDOVER, e);
        }
        if let Some(h) = session.site.handover.as_mut() {
            h.note_sealed(addendum, &now, vault.is_verified());
        }
        if let Err(e) = session.save() {
            return self.error(e);
        }
        let report_path = session.beside("report.md");
        let text = report::build(&session.checklist, &session.site).render(Format::Markdown);
        if let Err(e) = atomic_file::write(&report_path, text.as_bytes(), Overwrite::Replace) {
            let shown = report_path.display().to_string();
            return self.error(format!("{shown}: cannot write: {e}"));
        }
        let vault_verified = vault.is_verified();
        let finished = Finished {
            handover: vault.path().to_path_buf(),
            report: report_path,
            site: session.path.clone(),
            passphrase: vault.is_passphrase(),
            credentials: vault.credentials().len(),
            verified: vault.is_verified(),
        };
        self.show_finished(finished);
        self.info(if vault_verified {
            t::VERIFIED
        } else {
            t::UNVERIFIED
        });
    }
}
