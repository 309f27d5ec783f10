//! The new-site form: model, site name, customer, installer and the site file's name.

use std::path::{Path, PathBuf};

use super::app::{App, Effect, Step};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::session::Session;
use super::text;
use super::text::footer as key;
use crate::checklist::{self, Checklist};
use crate::nec::Model;
use crate::site::SiteFile;

/// A field of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteField {
    /// The model (chosen, not typed).
    Model,
    /// The site's name.
    Name,
    /// The customer.
    Customer,
    /// The installer.
    Installer,
    /// The site file's name.
    File,
}

impl SiteField {
    /// Every field, in order.
    pub const ALL: [SiteField; 5] = [
        SiteField::Model,
        SiteField::Name,
        SiteField::Customer,
        SiteField::Installer,
        SiteField::File,
    ];

    /// The typed fields, in the order of [`SiteForm::inputs`].
    pub const TYPED: [SiteField; 4] = [
        SiteField::Name,
        SiteField::Customer,
        SiteField::Installer,
        SiteField::File,
    ];

    fn position(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The field after this one (the last wraps to the first).
    #[must_use]
    pub fn next(self) -> SiteField {
        Self::ALL[(self.position() + 1) % Self::ALL.len()]
    }

    /// The field before this one (the first wraps to the last).
    #[must_use]
    pub fn prev(self) -> SiteField {
        Self::ALL[(self.position() + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    /// Where the field's text is in [`SiteForm::inputs`] (the model has none).
    pub fn input(self) -> Option<usize> {
        Self::TYPED.iter().position(|f| *f == self)
    }

    /// The field's label.
    pub fn label(self) -> &'static str {
        text::site::LABELS[self.position()]
    }
}

/// What a key does on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteKey {
    /// The next or previous field.
    Field,
    /// The other model.
    Model,
    /// Typed text into the field.
    Type,
    /// The last character off the field.
    Erase,
    /// The next field, or the site file from the last.
    Enter,
    /// Leave the wizard.
    Leave,
}

/// What the form gathered for a new site file, checked as far as the form can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSite {
    /// The model.
    pub model: Model,
    /// The site's name.
    pub name: String,
    /// The customer.
    pub customer: String,
    /// The installer.
    pub installer: String,
    /// The site file (not there yet).
    pub path: PathBuf,
}

/// The new-site form.
#[derive(Debug)]
pub struct SiteForm {
    /// The chosen model.
    pub model: Model,
    /// Whether the model is fixed by `--checklist`.
    pub model_fixed: bool,
    /// Site name, customer, installer, site file (the fields of [`SiteField::TYPED`]).
    pub inputs: [Input; 4],
    /// The focused field.
    pub focus: SiteField,
    /// The field with a problem, and the problem.
    pub problem: Option<(SiteField, String)>,
    /// The installer name pre-filled from the dealer profile (not typed: nothing to lose).
    prefilled: String,
}

impl SiteForm {
    /// An empty form; with a dealer checklist the model is its model, else the profile's;
    /// the installer's name comes from the profile.
    pub fn new(fixed: Option<&Checklist>, profile: Option<&crate::profile::Profile>) -> Self {
        let prefilled = profile.map(|p| p.installer.clone()).unwrap_or_default();
        let mut inputs: [Input; 4] = Default::default();
        inputs[2] = Input::with_text(&prefilled);
        Self {
            model: fixed
                .map(|c| c.model)
                .or_else(|| profile.and_then(|p| p.model))
                .unwrap_or(Model::Sl2100),
            model_fixed: fixed.is_some(),
            inputs,
            focus: SiteField::Name,
            problem: None,
            prefilled,
        }
    }

    /// Whether anything was typed (a pre-filled name left as it was is not).
    pub fn has_text(&self) -> bool {
        self.inputs
            .iter()
            .enumerate()
            .any(|(i, input)| !(input.is_blank() || i == 2 && input.value() == self.prefilled))
    }

    /// The site file name: as typed, or made from the site name.
    pub fn file_name(&self) -> String {
        let typed = self.inputs[3].trimmed();
        if !typed.is_empty() {
            let has_ext = std::path::Path::new(typed)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            return if has_ext {
                typed.to_owned()
            } else {
                format!("{typed}.toml")
            };
        }
        let slug: String = self.inputs[0]
            .trimmed()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if slug.is_empty() {
            String::new()
        } else {
            format!("{slug}.toml")
        }
    }
}

impl SiteForm {
    /// The form's keys in its current state.
    pub fn keys(&self) -> KeyMap<SiteKey> {
        let mut map = KeyMap::new();
        let typed = self.focus.input().is_some();
        map.bind(
            &[Key::Up, Key::Down, Key::Tab, Key::BackTab],
            Some(key::FIELD),
            SiteKey::Field,
        )
        // The model changes only on its own row, and only when no checklist fixes it.
        .bind_if(
            self.focus == SiteField::Model && !self.model_fixed,
            &[Key::Left, Key::Right, Key::Char(' ')],
            Some(key::MODEL),
            SiteKey::Model,
        )
        .bind_if(typed, &[Key::Text], None, SiteKey::Type)
        .bind_if(typed, &[Key::Backspace], None, SiteKey::Erase)
        .bind(&[Key::Enter], Some(key::NEXT), SiteKey::Enter)
        .bind(&[Key::Esc], None, SiteKey::Leave);
        map
    }

    /// Handles a key; Enter on the last field, with the form complete, asks for the site file.
    pub fn update(&mut self, msg: &Msg, base: &Path) -> Effect {
        let Some(action) = self.keys().lookup(msg) else {
            return Effect::None;
        };
        let typed = self.focus.input();
        match action {
            SiteKey::Field if matches!(msg, Msg::Up | Msg::BackTab) => {
                self.focus = self.focus.prev();
            }
            SiteKey::Field => self.focus = self.focus.next(),
            SiteKey::Model => {
                self.model = match self.model {
                    Model::Sl2100 => Model::Sl1100,
                    Model::Sl1100 => Model::Sl2100,
                };
            }
            SiteKey::Type => {
                if let Some(i) = typed {
                    msg.text().for_each(|c| self.inputs[i].push(c));
                }
            }
            SiteKey::Erase => {
                if let Some(i) = typed {
                    self.inputs[i].pop();
                }
            }
            SiteKey::Enter if self.focus != SiteField::File => self.focus = self.focus.next(),
            SiteKey::Enter => return self.submit(base),
            SiteKey::Leave => return Effect::Leave,
        }
        Effect::None
    }

    /// Checks the form: every name given, a site file that is not there yet.
    fn submit(&mut self, base: &Path) -> Effect {
        self.problem = None;
        for field in [SiteField::Name, SiteField::Customer, SiteField::Installer] {
            if field.input().is_some_and(|i| self.inputs[i].is_blank()) {
                self.problem = Some((field, format!("{} {}", field.label(), text::site::REQUIRED)));
                self.focus = field;
                return Effect::None;
            }
        }
        let name = self.file_name();
        let path = base.join(PathBuf::from(&name));
        if path.exists() {
            let shown = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .display()
                .to_string();
            self.problem = Some((SiteField::File, format!("{shown} {}", text::site::EXISTS)));
            self.focus = SiteField::File;
            return Effect::None;
        }
        let [name, customer, installer, _] = &self.inputs;
        Effect::CreateSite(NewSite {
            model: self.model,
            name: name.trimmed().to_owned(),
            customer: customer.trimmed().to_owned(),
            installer: installer.trimmed().to_owned(),
            path,
        })
    }
}

impl App {
    /// Creates and saves the new site file, then the extension list follows.
    pub(crate) fn create_site(&mut self, new: NewSite) {
        let now = self.now();
        let checklist = self
            .override_checklist
            .clone()
            .unwrap_or_else(|| checklist::builtin(new.model));
        let mut site = SiteFile::new(&new.name, &new.customer, &new.installer, &checklist, &now);
        site.site.checklist = self
            .checklist_file
            .as_ref()
            .map(|p| p.display().to_string());
        let mut session = Session::new(site, checklist, new.path);
        if let Err(e) = session.save() {
            self.error(e);
            return;
        }
        let shown = self.shown(&session.path);
        self.session = Some(session);
        if self.go(Step::Extensions) {
            self.info(format!("{} {shown}", text::site::SAVED));
        }
    }
}
