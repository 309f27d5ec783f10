//! Checklists as data: the shipped SL2100/SL1100 checklists, a dealer's own, their validation.
//!
//! A checklist is a TOML file (see `checklists/FORMAT.md`) of sections and items; each item has
//! NEC program references, guidance, the answer it needs, when it applies and a weight. Parsing
//! keeps positions so every problem names `FILE:LINE:COLUMN`. No drawing here.

pub mod model;
pub mod problem;
mod schema;
mod validate;

use std::path::Path;

pub use model::{
    AnswerSpec, Checklist, ChoiceOption, Condition, CredentialScope, ExtensionFilter, Facts, Item,
    Section, SiteFact,
};
pub use problem::{Position, Problem, Problems};
pub use validate::{CHECKLIST_FORMAT, site_fact_name};

use crate::nec::Model;

/// The shipped SL2100 checklist source.
pub const SL2100_TOML: &str = include_str!("../../checklists/sl2100.toml");
/// The shipped SL1100 checklist source.
pub const SL1100_TOML: &str = include_str!("../../checklists/sl1100.toml");

/// Why a checklist could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ChecklistError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file name.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file was read but is not a valid checklist.
    #[error(transparent)]
    Invalid(#[from] Problems),
}

/// Parses and validates checklist `text`; `file` names it in problems.
///
/// # Errors
/// Every problem found: a TOML syntax or type error (only the first, as parsing stops there), or
/// all the semantic ones (duplicate ids, unknown kinds, conditions naming unknown items...).
pub fn parse(text: &str, file: &str) -> Result<Checklist, Problems> {
    let toml_problem = |e: &toml::de::Error| Problems::new(file, vec![Problem::from_toml(text, e)]);
    // The format first, so a newer file is named as such rather than as a list of odd keys.
    let head: schema::FormatOnly = toml::from_str(text).map_err(|e| toml_problem(&e))?;
    if let Some(format) = head.format
        && *format.get_ref() != CHECKLIST_FORMAT
    {
        let message = format!(
            "format {} found; this version reads format {CHECKLIST_FORMAT}",
            format.get_ref()
        );
        return Err(Problems::new(
            file,
            vec![Problem::at(text, &format.span(), message)],
        ));
    }
    let raw: schema::RawChecklist = toml::from_str(text).map_err(|e| toml_problem(&e))?;
    validate::check(text, raw).map_err(|problems| Problems::new(file, problems))
}

/// Loads a dealer's checklist file (`--checklist FILE`).
///
/// # Errors
/// [`ChecklistError::Read`] if the file cannot be read, [`ChecklistError::Invalid`] otherwise.
pub fn load(path: &Path) -> Result<Checklist, ChecklistError> {
    let file = path.display().to_string();
    let text = crate::input_file::read_text(
        path,
        crate::input_file::InputKind::Checklist,
        &mut std::io::empty(),
    )
    .map_err(|source| ChecklistError::Read {
        file: file.clone(),
        source,
    })?;
    Ok(parse(&text, &file)?)
}

/// The checklist shipped in the binary for `model`.
pub fn builtin(model: Model) -> Checklist {
    let (text, name) = match model {
        Model::Sl2100 => (SL2100_TOML, "checklists/sl2100.toml"),
        Model::Sl1100 => (SL1100_TOML, "checklists/sl1100.toml"),
    };
    // The shipped files are checked by the tests below; a failure here is a build defect.
    parse(text, name).unwrap_or_else(|e| panic!("shipped checklist is invalid: {e}"))
}

#[cfg(test)]
mod content_tests;
#[cfg(test)]
mod tests;
