//! Unlocking on resume: the site's handover is reopened with its passphrase or a private key
//! file, so new credentials join the same record.

use std::path::Path;

use super::app::{App, Step};
use super::input::Input;
use super::keys::Msg;
use crate::atomic_file::Overwrite;
use crate::coverage::vault::Vault;
use crate::handover::{GuardOverride, HandoverRecord, Keys, Protection, parse_recipient};

/// The unlock form (resume): the passphrase, or a private key file.
#[derive(Debug)]
pub struct UnlockForm {
    /// Whether the handover is sealed to a passphrase.
    pub passphrase: bool,
    /// The passphrase (masked) or the key file path.
    pub input: Input,
    /// What went wrong.
    pub problem: Option<String>,
}

impl UnlockForm {
    /// The form for a passphrase or a key file.
    pub fn new(passphrase: bool) -> Self {
        Self {
            passphrase,
            input: if passphrase {
                Input::masked()
            } else {
                Input::plain()
            },
            problem: None,
        }
    }
}

impl App {
    pub(crate) fn update_unlock(&mut self, msg: Msg) {
        let Some(form) = self.unlock.as_mut() else {
            return;
        };
        match msg {
            Msg::Char(c) => form.input.push(c),
            Msg::Paste(p) => p.chars().for_each(|c| form.input.push(c)),
            Msg::Backspace => form.input.pop(),
            Msg::ToggleMask if form.passphrase => form.input.masked = !form.input.masked,
            Msg::Enter if !form.input.is_blank() => self.queue(App::open_handover),
            _ => {}
        }
    }

    fn open_handover(&mut self) {
        let wf = self.work_factor;
        let (Some(form), Some(session)) = (self.unlock.as_mut(), self.session.as_ref()) else {
            return;
        };
        let Some(facts) = session.site.handover.as_ref() else {
            return;
        };
        let path = session.folder().join(&facts.file);
        let result = (|| {
            let (keys, protection) = if form.passphrase {
                let p = form.input.to_secret();
                (
                    Keys::from_passphrase(p.clone()),
                    Protection::passphrase_with_work_factor(p, wf),
                )
            } else {
                let mut keys = Keys::none();
                keys.add_identity_file(Path::new(form.input.trimmed()))
                    .map_err(|e| e.to_string())?;
                let rs = facts
                    .recipients
                    .iter()
                    .map(|l| parse_recipient(l).map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                (keys, Protection::Recipients(rs))
            };
            let opened = crate::handover::open_file(&path, &keys).map_err(|e| e.to_string())?;
            let record =
                HandoverRecord::from_toml(&opened.text, &path).map_err(|e| e.to_string())?;
            let mut vault = Vault::new(
                record,
                protection,
                path.clone(),
                keys,
                GuardOverride::None,
                Overwrite::Replace,
            );
            vault.commit(Vec::new()).map_err(|e| e.to_string())?;
            Ok::<_, String>(vault)
        })();
        match result {
            Ok(vault) => {
                self.vault = Some(vault);
                self.go(Step::Walk);
                self.info(super::text::unlock::OPENED);
            }
            Err(e) => form.problem = Some(e),
        }
    }
}
