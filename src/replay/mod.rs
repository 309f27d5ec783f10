//! Replay of a saved checklist: which answers a headless run still needs, fresh credentials for
//! every credential item that applies, and the site-file update that records them (never a
//! secret).
//!
//! A replay never copies a secret from anywhere: every value is drawn anew from the rules
//! engine, so two replays of one file share nothing.

mod interactive;
mod issue;

pub use interactive::prepare_interactive;
pub use issue::{FreshCredentials, ReplayError, issue};

use crate::checklist::{AnswerSpec, Checklist};
use crate::site::{SiteFile, Status};

/// An answer a headless replay needs but the site file lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The item id.
    pub item: String,
    /// The item title.
    pub title: String,
    /// The kind of answer it needs (`choice`, `number`, ...).
    pub needs: &'static str,
}

/// Every item that applies to the site, is not marked not applicable, and needs a recorded
/// answer (a choice, list, port, number or text) that the site file does not hold.
///
/// Confirmations need no answer and credentials are generated, so neither is ever missing.
pub fn missing_answers(checklist: &Checklist, site: &SiteFile) -> Vec<Missing> {
    checklist
        .items()
        .filter(|item| checklist.applies(item, site))
        .filter(|item| site.status(&item.id) != Status::NotApplicable)
        .filter(|item| {
            !matches!(
                item.answer,
                AnswerSpec::Confirm | AnswerSpec::Credentials { .. }
            )
        })
        .filter(|item| site.answer(&item.id).is_none())
        .map(|item| Missing {
            item: item.id.clone(),
            title: item.title.clone(),
            needs: item.answer.kind_name(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
