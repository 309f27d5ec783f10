//! The first screen of a sealed site: reopen the handover with its passphrase or a private key
//! file (new credentials join the same record), or continue without it (new credentials go to
//! a dated addendum, see [`crate::handover::AddsTo`]). The handover's path can be changed, and
//! a missing, unreadable or foreign file is said at once, with the way on without it.

use std::path::{Path, PathBuf};

use super::app::{App, Effect, Job, Screen, Step};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use crate::atomic_file::Overwrite;
use crate::coverage::vault::Vault;
use crate::handover::presence::{Presence, presence};
use crate::handover::resume::{ExpectedSite, Reseal, plan_reseal};
use crate::handover::{AddsTo, GuardOverride, HandoverRecord, Keys, Protection};

/// A field of the unlock screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockField {
    /// The handover file's path (relative to the site file's folder).
    File,
    /// The passphrase or the key file.
    Secret,
    /// Continue without the handover.
    Without,
}

impl UnlockField {
    fn next(self, forward: bool) -> Self {
        let all = [UnlockField::File, UnlockField::Secret, UnlockField::Without];
        let i = all.iter().position(|f| *f == self).unwrap_or(0);
        all[(i + if forward { 1 } else { 2 }) % 3]
    }
}

/// The unlock form (resume): the passphrase, or a private key file; or continue without.
#[derive(Debug)]
pub struct UnlockForm {
    /// Whether the handover is sealed to a passphrase.
    pub passphrase: bool,
    /// The handover file (as the site file names it, editable).
    pub file: Input,
    /// The site file's folder, which `file` is relative to.
    pub folder: PathBuf,
    /// What is at `file`, looked at without a key.
    pub presence: Presence,
    /// The focused field.
    pub focus: UnlockField,
    /// The passphrase (masked) or the key file path.
    pub input: Input,
    /// What went wrong.
    pub problem: Option<String>,
    /// The site file's recipients shown for a confirmation (an older record that does not say
    /// who it is sealed to); a second Enter with the same list confirms them.
    pub confirming: Option<Vec<String>>,
}

impl UnlockForm {
    /// The form for a passphrase or a key file, for the handover `file` in `folder`; a file
    /// that is not there to open puts the focus on continuing without it.
    pub fn new(passphrase: bool, file: &str, folder: &Path) -> Self {
        let presence = presence(&folder.join(file));
        Self {
            passphrase,
            file: Input::with_text(file),
            folder: folder.to_path_buf(),
            focus: if presence.is_present() {
                UnlockField::Secret
            } else {
                UnlockField::Without
            },
            presence,
            input: if passphrase {
                Input::masked()
            } else {
                Input::plain()
            },
            problem: None,
            confirming: None,
        }
    }

    /// The handover file's path.
    pub fn path(&self) -> PathBuf {
        self.folder.join(self.file.trimmed())
    }

    fn field_mut(&mut self) -> Option<&mut Input> {
        match self.focus {
            UnlockField::File => Some(&mut self.file),
            UnlockField::Secret => Some(&mut self.input),
            UnlockField::Without => None,
        }
    }

    /// Looks at the file again (after its path was changed).
    fn look_again(&mut self) {
        self.presence = presence(&self.path());
    }
}

/// What a key does on the unlock screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockKey {
    /// The next or previous field.
    Field,
    /// Open, look at the path again, or continue without (the focused field says which).
    Enter,
    /// Show or hide the passphrase.
    Mask,
    /// Typed text into the field.
    Type,
    /// The last character off the field.
    Erase,
    /// Leave the wizard.
    Leave,
}

impl UnlockForm {
    /// The screen's keys in its current state.
    pub fn keys(&self) -> KeyMap<UnlockKey> {
        use super::text::footer as key;
        let typed = self.focus != UnlockField::Without;
        let mut map = KeyMap::new();
        map.bind(
            &[Key::Up, Key::Down, Key::Tab, Key::BackTab],
            Some(key::FIELD),
            UnlockKey::Field,
        )
        .bind(&[Key::Enter], Some(key::OPEN), UnlockKey::Enter)
        .bind_if(
            self.passphrase && self.focus == UnlockField::Secret,
            &[Key::ToggleMask],
            Some(key::SHOW_2),
            UnlockKey::Mask,
        )
        .bind_if(typed, &[Key::Text], None, UnlockKey::Type)
        .bind_if(typed, &[Key::Backspace], None, UnlockKey::Erase)
        .bind(
            &[Key::Esc],
            Some(super::text::visit::LEAVE),
            UnlockKey::Leave,
        );
        map
    }

    /// Handles a key; Enter on the passphrase or key asks to open the handover, Enter on
    /// "continue without it" asks for the addendum.
    pub fn update(&mut self, msg: &Msg) -> Effect {
        let Some(action) = self.keys().lookup(msg) else {
            return Effect::None;
        };
        let focus = self.focus;
        match action {
            UnlockKey::Leave => return Effect::Leave,
            UnlockKey::Field if matches!(msg, Msg::Up | Msg::BackTab) => {
                self.focus = focus.next(false);
            }
            UnlockKey::Field => {
                if focus == UnlockField::File {
                    self.look_again();
                }
                self.focus = focus.next(true);
            }
            UnlockKey::Enter => match focus {
                UnlockField::Without => return Effect::ContinueWithout,
                UnlockField::File => {
                    self.look_again();
                    self.focus = UnlockField::Secret;
                }
                UnlockField::Secret if !self.input.is_blank() => {
                    return Effect::Queue(Job::OpenHandover);
                }
                UnlockField::Secret => {}
            },
            UnlockKey::Mask => self.input.masked = !self.input.masked,
            UnlockKey::Type => {
                if let Some(i) = self.field_mut() {
                    msg.text().for_each(|c| i.push(c));
                }
            }
            UnlockKey::Erase => {
                if let Some(i) = self.field_mut() {
                    i.pop();
                }
            }
        }
        Effect::None
    }
}

impl App {
    /// Continues the visit without the customer's handover: its credentials stay unseen, and
    /// the protection screen comes next for the addendum that will hold this visit's new ones,
    /// proposing the recipients the site file records (shown there before anything is sealed).
    pub(crate) fn continue_without(&mut self) {
        let Some(facts) = self.session.as_ref().and_then(|s| s.site.handover.as_ref()) else {
            return;
        };
        let adds_to = AddsTo {
            file: facts.file.clone(),
            sealed_at: facts.sealed_at.clone(),
        };
        // Set first: the protection form proposes the addendum's dated name and the keys.
        self.addendum = Some(adds_to);
        if !self.go(Step::Protection) {
            self.addendum = None;
        }
        self.info(super::text::visit::CONTINUING);
    }

    /// Opens the handover with what the unlock form holds; the walk follows.
    pub(crate) fn open_handover(&mut self) {
        let wf = self.work_factor;
        let (Screen::Unlock(form), Some(session)) = (&mut self.screen, self.session.as_ref())
        else {
            return;
        };
        let Some(facts) = session.site.handover.as_ref() else {
            return;
        };
        let path = form.path();
        let site = &session.site.site;
        let mut notice = super::text::unlock::OPENED.to_owned();
        // Set when the file opened but is not this site's handover: another key cannot help.
        let mut wrong_file = false;
        let result = (|| {
            let (keys, opened_with) = if form.passphrase {
                let p = form.input.to_secret();
                (
                    Keys::from_passphrase(p.clone()),
                    Some(Protection::passphrase_with_work_factor(p, wf)),
                )
            } else {
                let mut keys = Keys::none();
                keys.add_identity_file(Path::new(form.input.trimmed()))
                    .map_err(|e| e.to_string())?;
                (keys, None)
            };
            let opened = crate::handover::open_file(&path, &keys)
                .map_err(|e| super::text::handover_problem(&e))?;
            let record = HandoverRecord::from_toml(&opened.text, &path).map_err(|e| {
                wrong_file = true;
                e.to_string()
            })?;
            // The record, not the site file, decides where the new credentials go.
            let expected = ExpectedSite {
                name: &site.name,
                customer: &site.customer,
            };
            let plan = plan_reseal(
                &record,
                &path,
                expected,
                opened.header.is_passphrase(),
                &facts.recipients,
            )
            .map_err(|e| {
                wrong_file = true;
                e.to_string()
            })?;
            if let Some(lines) = plan.to_confirm()
                && form.confirming.as_ref() != Some(&lines)
            {
                let text = super::text::unlock::confirm_site_file_recipients(&lines);
                form.confirming = Some(lines);
                return Err(text);
            }
            if let Reseal::Recorded {
                recipients: Some(rs),
                site_file_differs: Some(listed),
            } = &plan
            {
                notice = super::text::unlock::kept_recorded_recipients(rs, listed);
            }
            let protection = plan
                .protection(opened_with, true)
                .ok_or_else(|| super::text::unlock::NO_PROTECTION.to_owned())?;
            let mut vault = Vault::new(
                record,
                protection,
                path.clone(),
                keys,
                GuardOverride::None,
                Overwrite::Replace,
            );
            vault
                .commit(Vec::new())
                .map_err(|e| super::text::handover_problem(&e))?;
            Ok::<_, String>(vault)
        })();
        let renamed = form.file.trimmed().to_owned();
        match result {
            Ok(vault) => {
                // The file was found under another name: the site file follows it.
                if let Some(h) = self.session.as_mut().and_then(|s| s.site.handover.as_mut())
                    && h.file != renamed
                {
                    h.file = renamed;
                    if let Some(s) = self.session.as_mut() {
                        s.changed();
                    }
                }
                self.vault = Some(vault);
                self.go(Step::Walk);
                self.info(notice);
            }
            Err(e) => {
                if let Screen::Unlock(form) = &mut self.screen {
                    form.problem = Some(super::text::visit::unlock_failed(&e));
                    form.look_again();
                    if wrong_file || !form.presence.is_present() {
                        form.focus = UnlockField::Without;
                    }
                }
            }
        }
    }
}
