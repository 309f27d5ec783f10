//! Unlocking on resume: the site's handover is reopened with its passphrase or a private key
//! file, so new credentials join the same record.

use std::path::Path;

use super::app::{App, Step};
use super::input::Input;
use super::keys::Msg;
use crate::atomic_file::Overwrite;
use crate::coverage::vault::Vault;
use crate::handover::resume::{ExpectedSite, Reseal, plan_reseal};
use crate::handover::{GuardOverride, HandoverRecord, Keys, Protection};

/// The unlock form (resume): the passphrase, or a private key file.
#[derive(Debug)]
pub struct UnlockForm {
    /// Whether the handover is sealed to a passphrase.
    pub passphrase: bool,
    /// The passphrase (masked) or the key file path.
    pub input: Input,
    /// What went wrong.
    pub problem: Option<String>,
    /// The site file's recipients shown for a confirmation (an older record that does not say
    /// who it is sealed to); a second Enter with the same list confirms them.
    pub confirming: Option<Vec<String>>,
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
            confirming: None,
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
        let site = &session.site.site;
        let mut notice = super::text::unlock::OPENED.to_owned();
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
            let record =
                HandoverRecord::from_toml(&opened.text, &path).map_err(|e| e.to_string())?;
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
            .map_err(|e| e.to_string())?;
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
        match result {
            Ok(vault) => {
                self.vault = Some(vault);
                self.go(Step::Walk);
                self.info(notice);
            }
            Err(e) => form.problem = Some(e),
        }
    }
}
