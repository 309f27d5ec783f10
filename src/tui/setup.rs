//! The new-site form: model, site name, customer, installer and the site file's name.

use std::path::PathBuf;

use super::app::{App, Step};
use super::input::Input;
use super::keys::Msg;
use super::session::Session;
use super::text;
use crate::checklist::{self, Checklist};
use crate::nec::Model;
use crate::site::SiteFile;

/// The form's fields, in order.
pub const FIELDS: usize = 5;

/// The new-site form.
#[derive(Debug)]
pub struct SiteForm {
    /// The chosen model.
    pub model: Model,
    /// Whether the model is fixed by `--checklist`.
    pub model_fixed: bool,
    /// Site name, customer, installer, site file (fields 1 to 4).
    pub inputs: [Input; 4],
    /// The focused field (0 is the model).
    pub focus: usize,
    /// The field with a problem, and the problem.
    pub problem: Option<(usize, String)>,
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
            focus: 1,
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

impl App {
    pub(crate) fn update_site(&mut self, msg: Msg) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match msg {
            Msg::Up | Msg::BackTab => form.focus = (form.focus + FIELDS - 1) % FIELDS,
            Msg::Down | Msg::Tab => form.focus = (form.focus + 1) % FIELDS,
            Msg::Left | Msg::Right | Msg::Char(' ') if form.focus == 0 && !form.model_fixed => {
                form.model = match form.model {
                    Model::Sl2100 => Model::Sl1100,
                    Model::Sl1100 => Model::Sl2100,
                };
            }
            Msg::Left | Msg::Right | Msg::Char(' ') if form.focus == 0 => {}
            Msg::Char(c) if form.focus > 0 => form.inputs[form.focus - 1].push(c),
            Msg::Paste(t) if form.focus > 0 => {
                t.chars().for_each(|c| form.inputs[form.focus - 1].push(c));
            }
            Msg::Backspace if form.focus > 0 => form.inputs[form.focus - 1].pop(),
            Msg::Enter if form.focus + 1 < FIELDS => form.focus += 1,
            Msg::Enter => self.create_site(),
            _ => {}
        }
    }

    fn create_site(&mut self) {
        let now = self.now();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        form.problem = None;
        for (i, label) in text::site::LABELS.iter().enumerate().skip(1).take(3) {
            if form.inputs[i - 1].is_blank() {
                form.problem = Some((i, format!("{label} {}", text::site::REQUIRED)));
                form.focus = i;
                return;
            }
        }
        let name = form.file_name();
        let path = self.base.join(PathBuf::from(&name));
        if path.exists() {
            let shown = self.shown(&path);
            if let Some(form) = self.form.as_mut() {
                form.problem = Some((4, format!("{shown} {}", text::site::EXISTS)));
                form.focus = 4;
            }
            return;
        }
        let checklist = self
            .override_checklist
            .clone()
            .unwrap_or_else(|| checklist::builtin(form.model));
        let mut site = SiteFile::new(
            form.inputs[0].trimmed(),
            form.inputs[1].trimmed(),
            form.inputs[2].trimmed(),
            &checklist,
            &now,
        );
        site.site.checklist = self
            .checklist_file
            .as_ref()
            .map(|p| p.display().to_string());
        let mut session = Session::new(site, checklist, path);
        if let Err(e) = session.save() {
            self.error(e);
            return;
        }
        let shown = self.shown(&session.path);
        self.session = Some(session);
        self.go(Step::Extensions);
        self.info(format!("{} {shown}", text::site::SAVED));
    }
}
