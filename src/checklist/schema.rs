//! The checklist file as written: serde structs that keep the position of every value that a
//! semantic check may need to point at.
//!
//! Names that must come from a fixed list (answer kinds, credential kinds, filters) are read as
//! strings and checked in [`super::validate`], so one pass reports all of them, not just the first.

use serde::Deserialize;
use toml::Spanned;

/// Only the format number, read before the rest.
#[derive(Debug, Deserialize)]
pub(super) struct FormatOnly {
    pub format: Option<Spanned<i64>>,
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChecklist {
    pub format: Spanned<i64>,
    pub model: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub section: Vec<RawSection>,
}

/// One `[[section]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub item: Vec<RawItem>,
}

/// One `[[section.item]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub programs: Vec<Spanned<String>>,
    pub why: String,
    pub procedure: Vec<String>,
    pub verify: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub answer: Spanned<RawAnswer>,
    pub when: Option<Spanned<RawCondition>>,
    pub weight: Spanned<i64>,
}

/// An item's `answer = { kind = ..., ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswer {
    pub kind: Spanned<String>,
    pub options: Option<Spanned<Vec<RawOption>>>,
    pub multiple: Option<Spanned<bool>>,
    pub filter: Option<Spanned<String>>,
    pub credentials: Option<Spanned<Vec<Spanned<String>>>>,
    pub per: Option<Spanned<String>>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
    pub unit: Option<Spanned<String>>,
    pub none: Option<Spanned<String>>,
}

/// One option of a choice.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub id: Spanned<String>,
    pub label: String,
}

/// An item's `when = { ... }`: exactly one of `item` (with `includes`), `site` or `any`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    pub item: Option<Spanned<String>>,
    pub includes: Option<Spanned<String>>,
    pub site: Option<Spanned<String>>,
    pub any: Option<Vec<Spanned<RawCondition>>>,
}
