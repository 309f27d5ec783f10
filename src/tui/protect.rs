//! Handover protection, chosen before any credential exists (a typed or generated passphrase,
//! or public keys), and the unlock form that reopens a site's handover on resume.

use std::path::{Path, PathBuf};

use secrecy::ExposeSecret;

use super::app::{App, Effect, Job, Screen, Step};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::launch::SecretRng;
use super::text::protection as t;
use crate::atomic_file::Overwrite;
use crate::coverage::vault::Vault;
use crate::handover::{
    GeneratedPassphrase, GuardOverride, HandoverRecord, Keys, Protection, Recipient, SiteInfo,
    parse_recipient,
};
use crate::site::{AddendumFacts, HandoverFacts};

/// How the handover is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A passphrase typed twice.
    Typed,
    /// A generated passphrase, shown once.
    Generated,
    /// Public keys (age X25519 or SSH).
    Recipients,
}

impl Mode {
    fn index(self) -> usize {
        self as usize
    }

    fn cycle(self, forward: bool) -> Mode {
        let all = [Mode::Typed, Mode::Generated, Mode::Recipients];
        let i = self.index() + if forward { 1 } else { 2 };
        all[i % 3]
    }
}

/// A field of the protection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The mode choice.
    Mode,
    /// The passphrase.
    Pass,
    /// The passphrase again.
    Repeat,
    /// The generated passphrase.
    Generated,
    /// Pasted public key lines.
    Recipients,
    /// A recipients file.
    KeysFile,
    /// The installer's private key file.
    Identity,
    /// Whether the dealer's keys (from the profile) are sealed to as well.
    Dealer,
    /// The explicit confirmation without a key.
    Confirm,
    /// Where the handover is written.
    File,
}

/// The protection form.
pub struct ProtectForm {
    /// The chosen mode.
    pub mode: Mode,
    /// The focused field.
    pub focus: Field,
    /// The passphrase.
    pub pass: Input,
    /// The passphrase again.
    pub repeat: Input,
    /// The generated passphrase, made when that mode is first chosen.
    pub generated: Option<GeneratedPassphrase>,
    /// Whether the generated passphrase is revealed.
    pub reveal: bool,
    /// Public key lines entered so far.
    pub lines: Vec<String>,
    /// The public key line being typed.
    pub line: Input,
    /// A recipients file.
    pub keys_file: Input,
    /// The installer's private key file.
    pub identity: Input,
    /// The confirmation that the customer holds a key.
    pub confirmed: bool,
    /// The handover file.
    pub file: Input,
    /// Whether an existing handover file may be replaced (asked once).
    pub replace: bool,
    /// What is wrong with the form.
    pub problem: Option<String>,
    /// The public keys proposed from the site file (nothing typed, nothing lost on leaving).
    proposed: Vec<String>,
    /// The dealer's public keys from the profile (shown on the form before sealing).
    pub dealer: Vec<String>,
    /// Whether the dealer's keys are sealed to as well (the customer's choice: space turns
    /// it off for this handover).
    pub dealer_on: bool,
}

impl ProtectForm {
    /// The form, with the handover file preset to `file`.
    pub fn new(file: &str) -> Self {
        Self {
            mode: Mode::Typed,
            focus: Field::Mode,
            pass: Input::masked(),
            repeat: Input::masked(),
            generated: None,
            reveal: false,
            lines: Vec::new(),
            line: Input::plain(),
            keys_file: Input::plain(),
            identity: Input::plain(),
            confirmed: false,
            file: Input::with_text(file),
            replace: false,
            problem: None,
            proposed: Vec::new(),
            dealer: Vec::new(),
            dealer_on: false,
        }
    }

    /// Adds the dealer's keys from the profile (sealed to as well, unless turned off on the
    /// form) and proposes the profile's identity file to prove the seal.
    pub fn add_dealer(&mut self, keys: Vec<String>, identity: Option<String>) {
        self.dealer_on = !keys.is_empty();
        self.dealer = keys;
        if let Some(id) = identity
            && self.identity.is_blank()
        {
            self.identity = Input::with_text(&id);
        }
    }

    /// Proposes the protection `last` used: its recipients (public keys, shown on the form
    /// before anything is sealed to them), or a typed passphrase.
    pub fn propose(&mut self, last: Option<&HandoverFacts>) {
        if let Some(facts) = last
            && !facts.passphrase
            && !facts.recipients.is_empty()
        {
            self.mode = Mode::Recipients;
            self.lines.clone_from(&facts.recipients);
            self.proposed.clone_from(&facts.recipients);
        }
    }

    /// The fields of the current mode, in order.
    pub fn fields(&self) -> &'static [Field] {
        match self.mode {
            Mode::Typed => &[Field::Mode, Field::Pass, Field::Repeat, Field::File],
            Mode::Generated => &[Field::Mode, Field::Generated, Field::Repeat, Field::File],
            Mode::Recipients if self.dealer.is_empty() => &[
                Field::Mode,
                Field::Recipients,
                Field::KeysFile,
                Field::Identity,
                Field::Confirm,
                Field::File,
            ],
            Mode::Recipients => &[
                Field::Mode,
                Field::Recipients,
                Field::KeysFile,
                Field::Dealer,
                Field::Identity,
                Field::Confirm,
                Field::File,
            ],
        }
    }

    /// Whether a passphrase or key was typed that sealing would keep.
    pub fn has_text(&self) -> bool {
        !self.pass.is_blank() || self.lines != self.proposed || !self.line.is_blank()
    }

    fn input(&mut self, field: Field) -> Option<&mut Input> {
        match field {
            Field::Pass => Some(&mut self.pass),
            Field::Repeat => Some(&mut self.repeat),
            Field::Recipients => Some(&mut self.line),
            Field::KeysFile => Some(&mut self.keys_file),
            Field::Identity => Some(&mut self.identity),
            Field::File => Some(&mut self.file),
            Field::Mode | Field::Generated | Field::Dealer | Field::Confirm => None,
        }
    }

    fn step_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        self.focus = fields[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// Builds what to seal to, or says what is missing.
    fn resolve(&self, work_factor: u8, base: &Path) -> Result<Resolved, String> {
        match self.mode {
            Mode::Typed => {
                if self.pass.value().chars().count() < crate::handover::MIN_PASSPHRASE_CHARS {
                    return Err(t::SHORT.into());
                }
                if self.pass.value() != self.repeat.value() {
                    return Err(t::MISMATCH.into());
                }
                let p = self.pass.to_secret();
                Ok(Resolved::passphrase(p, work_factor))
            }
            Mode::Generated => {
                let g = self.generated.as_ref().ok_or(t::SHORT)?;
                // Typed back from the installer's note: what the customer will be told is
                // exactly what seals the file.
                if g.passphrase.expose_secret() != self.repeat.trimmed() {
                    return Err(t::TYPE_BACK.into());
                }
                Ok(Resolved::passphrase(g.passphrase.clone(), work_factor))
            }
            Mode::Recipients => self.resolve_recipients(base),
        }
    }

    /// Paths typed on the form are relative to the wizard's folder.
    fn resolve_recipients(&self, base: &Path) -> Result<Resolved, String> {
        let mut lines: Vec<String> = self.lines.clone();
        if !self.line.is_blank() {
            lines.push(self.line.trimmed().to_owned());
        }
        if !self.keys_file.is_blank() {
            let path = &base.join(self.keys_file.trimmed());
            let text = crate::input_file::read_text(
                path,
                crate::input_file::InputKind::Recipients,
                &mut std::io::empty(),
            )
            .map_err(|e| format!("{}: cannot read: {e}", self.keys_file.trimmed()))?;
            lines.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned),
            );
        }
        if lines.is_empty() {
            return Err(t::NO_RECIPIENTS.into());
        }
        if self.dealer_on {
            for key in &self.dealer {
                if !lines.contains(key) {
                    lines.push(key.clone());
                }
            }
        }
        let recipients: Vec<Recipient> = lines
            .iter()
            .map(|l| parse_recipient(l).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        let mut keys = Keys::none();
        let mut confirm = GuardOverride::None;
        if self.identity.is_blank() {
            if !self.confirmed {
                return Err(t::UNPROVEN.into());
            }
            confirm = GuardOverride::RecipientsOnlyConfirmed;
        } else {
            keys.add_identity_file(&base.join(self.identity.trimmed()))
                .map_err(|e| e.to_string())?;
        }
        Ok(Resolved {
            protection: Protection::Recipients(recipients),
            keys,
            confirm,
            recipients: lines,
        })
    }
}

/// What the form resolved to.
struct Resolved {
    protection: Protection,
    keys: Keys,
    confirm: GuardOverride,
    recipients: Vec<String>,
}

impl Resolved {
    fn passphrase(p: secrecy::SecretString, work_factor: u8) -> Self {
        Self {
            protection: Protection::passphrase_with_work_factor(p, work_factor),
            keys: Keys::none(),
            confirm: GuardOverride::None,
            recipients: Vec::new(),
        }
    }
}

/// What a key does on the protection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectKey {
    /// The next or previous field.
    Field,
    /// The next field, a public key added, or (on the handover file) the seal.
    Enter,
    /// Another kind of protection.
    Mode,
    /// Show or hide the generated passphrase.
    Reveal,
    /// Tick or untick "the customer holds a key".
    Confirm,
    /// The dealer's keys on or off.
    Dealer,
    /// Show or hide the passphrase typed.
    Mask,
    /// Typed or pasted text into the field.
    Type,
    /// The last character (or, on an empty key line, the last key) off the field.
    Erase,
    /// Back to the first screen (an addendum) or leave the wizard.
    Leave,
}

/// A seal the protection form asked for: what to seal to, where, whether it may replace.
pub struct Sealing {
    resolved: Resolved,
    path: PathBuf,
    overwrite: Overwrite,
}

impl ProtectForm {
    /// Whether the form holds a passphrase (typed, typed back, or generated).
    pub fn holds_secret(&self) -> bool {
        !self.pass.is_blank() || !self.repeat.is_blank() || self.generated.is_some()
    }

    /// The form's keys in its current state; `addendum` when Esc goes back to the first
    /// screen of the sealed site.
    pub fn keys(&self, addendum: bool) -> KeyMap<ProtectKey> {
        use super::text::footer as key;
        let focus = self.focus;
        let mut map = KeyMap::new();
        map.bind(
            &[Key::Up, Key::Down, Key::Tab, Key::BackTab],
            Some(key::FIELD),
            ProtectKey::Field,
        );
        match focus {
            Field::Mode => {
                map.bind(
                    &[Key::Left, Key::Right],
                    Some(key::CHOOSE),
                    ProtectKey::Mode,
                );
            }
            Field::Generated => {
                map.bind(&[Key::Char('v')], Some(key::SHOW), ProtectKey::Reveal);
            }
            Field::Confirm => {
                map.bind(&[Key::Char(' ')], Some(key::CONFIRM), ProtectKey::Confirm);
            }
            Field::Dealer => {
                let toggle = super::text::visit::TOGGLE;
                map.bind(&[Key::Char(' ')], Some(toggle), ProtectKey::Dealer);
            }
            Field::Pass | Field::Repeat => {
                map.bind(&[Key::ToggleMask], Some(key::SHOW_2), ProtectKey::Mask);
            }
            Field::Recipients | Field::KeysFile | Field::Identity | Field::File => {}
        }
        let typed = !matches!(
            focus,
            Field::Mode | Field::Generated | Field::Dealer | Field::Confirm
        );
        map.bind_if(typed, &[Key::Text], None, ProtectKey::Type)
            .bind_if(typed, &[Key::Backspace], None, ProtectKey::Erase)
            .bind(&[Key::Enter], Some(key::NEXT_SEAL), ProtectKey::Enter)
            .bind(
                &[Key::Esc],
                addendum.then_some(key::BACK),
                ProtectKey::Leave,
            );
        map
    }

    /// Handles a key; Enter on the handover file, with the form complete, asks for the seal.
    pub fn update(
        &mut self,
        msg: &Msg,
        rng: &mut dyn SecretRng,
        work_factor: u8,
        base: &Path,
        addendum: bool,
    ) -> Effect {
        let Some(action) = self.keys(addendum).lookup(msg) else {
            return Effect::None;
        };
        let focus = self.focus;
        match action {
            ProtectKey::Leave => return Effect::Leave,
            ProtectKey::Field => self.step_focus(matches!(msg, Msg::Down | Msg::Tab)),
            ProtectKey::Enter if focus == Field::Recipients && !self.line.is_blank() => {
                let line = self.line.trimmed().to_owned();
                match parse_recipient(&line) {
                    Ok(_) => {
                        self.lines.push(line);
                        self.line.clear();
                        self.problem = None;
                    }
                    Err(e) => self.problem = Some(e.to_string()),
                }
            }
            ProtectKey::Enter if focus == Field::File => return self.submit(work_factor, base),
            ProtectKey::Enter => self.step_focus(true),
            ProtectKey::Mode => {
                self.mode = self.mode.cycle(*msg == Msg::Right);
                self.repeat.clear();
                if self.mode == Mode::Generated && self.generated.is_none() {
                    self.generated = Some(rng.passphrase());
                }
                self.problem = None;
            }
            ProtectKey::Reveal => self.reveal = !self.reveal,
            ProtectKey::Confirm => self.confirmed = !self.confirmed,
            ProtectKey::Dealer => self.dealer_on = !self.dealer_on,
            ProtectKey::Mask => {
                if let Some(i) = self.input(focus) {
                    i.masked = !i.masked;
                }
            }
            ProtectKey::Type => match msg {
                Msg::Paste(p) => self.paste(p),
                other => {
                    if let Some(i) = self.input(focus) {
                        other.text().for_each(|c| i.push(c));
                    }
                }
            },
            ProtectKey::Erase => match self.input(focus) {
                Some(i) if focus == Field::Recipients && i.is_blank() => {
                    self.lines.pop();
                }
                Some(i) => i.pop(),
                None => {}
            },
        }
        Effect::None
    }

    /// A paste: on the public keys, each line a key; elsewhere, text.
    fn paste(&mut self, text: &str) {
        let focus = self.focus;
        for part in text.lines() {
            let line = part.trim();
            if focus == Field::Recipients && !line.is_empty() {
                match parse_recipient(line) {
                    Ok(_) => self.lines.push(line.to_owned()),
                    Err(e) => self.problem = Some(e.to_string()),
                }
            } else if let Some(i) = self.input(focus) {
                part.chars().for_each(|c| i.push(c));
            }
        }
    }

    /// Checks the form and asks for the seal, or says what is missing.
    fn submit(&mut self, work_factor: u8, base: &Path) -> Effect {
        let resolved = match self.resolve(work_factor, base) {
            Ok(r) => r,
            Err(e) => {
                self.problem = Some(e);
                return Effect::None;
            }
        };
        let path = base.join(self.file.trimmed());
        if path.exists() && !self.replace {
            self.replace = true;
            self.problem = Some(format!("{} {}", self.file.trimmed(), t::EXISTS));
            return Effect::None;
        }
        let overwrite = if self.replace {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        };
        self.problem = None;
        Effect::Queue(Job::Protect(Box::new(Sealing {
            resolved,
            path,
            overwrite,
        })))
    }
}

impl App {
    /// Seals the first, empty handover (or addendum), proves it, records it in the site file;
    /// the walk follows.
    pub(crate) fn seal_protection(&mut self, sealing: Sealing) {
        let Sealing {
            resolved: r,
            path,
            overwrite,
        } = sealing;
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let s = &session.site.site;
        let mut record = HandoverRecord::new(SiteInfo {
            name: s.name.clone(),
            customer: s.customer.clone(),
            model: s.model,
            installer: s.installer.clone(),
        });
        record.adds_to.clone_from(&self.addendum);
        let passphrase = matches!(r.protection, Protection::Passphrase { .. });
        let mut vault = Vault::new(record, r.protection, path, r.keys, r.confirm, overwrite);
        if let Err(e) = vault.commit(Vec::new()) {
            if let Screen::Protection(f) = &mut self.screen {
                f.problem = Some(super::text::handover_problem(&e));
            }
            return;
        }
        let file = self.file_beside_site(vault.path());
        let (sealed_at, verified_at) = (Some(self.now()), vault.is_verified().then(|| self.now()));
        let addendum = self.addendum.is_some();
        self.vault = Some(vault);
        if addendum {
            self.record_addendum(AddendumFacts {
                file,
                recipients: r.recipients,
                passphrase,
                sealed_at,
                verified_at,
            });
        } else {
            self.record_handover(HandoverFacts {
                file,
                recipients: r.recipients,
                passphrase,
                sealed_at,
                verified_at,
                addenda: Vec::new(),
            });
        }
        self.go(Step::Walk);
        self.info(if addendum {
            super::text::visit::ADDENDUM_SEALED
        } else {
            t::SEALED
        });
    }

    /// The handover file's name as the site file records it: relative to the site's folder.
    fn file_beside_site(&self, path: &Path) -> String {
        let folder = self.session.as_ref().map(|s| s.folder().to_path_buf());
        folder
            .and_then(|f| path.strip_prefix(f).ok().map(|p| p.display().to_string()))
            .unwrap_or_else(|| path.display().to_string())
    }

    /// Records a new addendum beside the site's handover (the handover itself stays).
    fn record_addendum(&mut self, facts: AddendumFacts) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(handover) = session.site.handover.as_mut() else {
            return;
        };
        handover.addenda.push(facts);
        if let Err(e) = session.save() {
            self.error(e);
        }
    }

    pub(crate) fn record_handover(&mut self, facts: HandoverFacts) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        session.site.handover = Some(facts);
        if let Err(e) = session.save() {
            self.error(e);
        }
    }
}
