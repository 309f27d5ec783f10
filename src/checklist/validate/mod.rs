//! Semantic checks of a parsed checklist file, turning the raw form into a [`Checklist`].
//!
//! Every problem is collected (not just the first) with its position.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

mod answer;
mod condition;

use super::model::{Checklist, ExtensionFilter, Item, Section, SiteFact};
use super::problem::Problem;
use super::schema::{RawChecklist, RawItem};
use crate::nec::Model;
use answer::check_answer;
use condition::check_condition;

/// The checklist format version this program reads.
pub const CHECKLIST_FORMAT: i64 = 1;

pub(super) const ANSWER_KINDS: &str =
    "confirm, choice, extensions, credentials, port, number, text";
pub(super) const FILTERS: [ExtensionFilter; 8] = [
    ExtensionFilter::InUse,
    ExtensionFilter::InUsePhysicalWithMailbox,
    ExtensionFilter::InUseWithMailbox,
    ExtensionFilter::UnusedWithMailbox,
    ExtensionFilter::NeedsUserPro,
    ExtensionFilter::WithoutUserPro,
    ExtensionFilter::NecSip,
    ExtensionFilter::ThirdPartySip,
];
pub(super) const SITE_FACTS: [(&str, SiteFact); 4] = [
    ("has-nec-sip-phones", SiteFact::HasNecSipPhones),
    ("has-third-party-sip", SiteFact::HasThirdPartySip),
    ("has-user-pro-extensions", SiteFact::HasUserProExtensions),
    ("has-message-notification", SiteFact::HasMessageNotification),
];

/// Collects problems while converting.
pub(super) struct Checker<'a> {
    pub(super) text: &'a str,
    pub(super) problems: Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn report(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem::at(self.text, span, message));
    }
}

/// Checks `raw` (parsed from `text`) and builds the checklist, or returns every problem found.
pub(super) fn check(text: &str, raw: RawChecklist) -> Result<Checklist, Vec<Problem>> {
    let mut checker = Checker {
        text,
        problems: Vec::new(),
    };
    if *raw.format.get_ref() != CHECKLIST_FORMAT {
        checker.report(
            &raw.format.span(),
            format!(
                "format {} found; this version reads format {CHECKLIST_FORMAT}",
                raw.format.get_ref()
            ),
        );
    }
    let model = raw.model.get_ref().parse::<Model>().ok();
    if model.is_none() {
        checker.report(
            &raw.model.span(),
            format!(
                "unknown model `{}`, expected sl2100 or sl1100",
                raw.model.get_ref()
            ),
        );
    }
    if raw.section.is_empty() {
        checker.report(&(0..0), "expected at least one [[section]]");
    }

    // First pass: ids and choice options, so conditions can refer to later items too.
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut options_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut kinds_of: HashMap<String, String> = HashMap::new();
    for section in &raw.section {
        check_id(&mut checker, &section.id, "section", &mut seen);
        if section.item.is_empty() {
            checker.report(&section.id.span(), "expected at least one [[section.item]]");
        }
        for item in &section.item {
            check_id(&mut checker, &item.id, "item", &mut seen);
            let options = item
                .answer
                .get_ref()
                .options
                .as_ref()
                .map(|o| o.get_ref().iter().map(|o| o.id.get_ref().clone()).collect())
                .unwrap_or_default();
            options_of.insert(item.id.get_ref().clone(), options);
            kinds_of.insert(
                item.id.get_ref().clone(),
                item.answer.get_ref().kind.get_ref().clone(),
            );
        }
    }

    let mut sections = Vec::new();
    let mut warnings = Vec::new();
    for raw_section in raw.section {
        let items = raw_section
            .item
            .into_iter()
            .filter_map(|raw_item| {
                check_item(
                    &mut checker,
                    &mut warnings,
                    raw_item,
                    &options_of,
                    &kinds_of,
                )
            })
            .collect();
        sections.push(Section {
            id: raw_section.id.into_inner(),
            title: raw_section.title,
            items,
        });
    }

    match model {
        Some(model) if checker.problems.is_empty() => Ok(Checklist {
            model,
            title: raw.title,
            sections,
            warnings,
        }),
        _ => Err(checker.problems),
    }
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_id(
    checker: &mut Checker<'_>,
    id: &Spanned<String>,
    what: &str,
    seen: &mut HashMap<String, Range<usize>>,
) {
    if !is_kebab_id(id.get_ref()) {
        checker.report(
            &id.span(),
            format!(
                "{what} id `{}` must be kebab-case (a-z, 0-9 and single dashes)",
                id.get_ref()
            ),
        );
    }
    if let Some(first) = seen.get(id.get_ref()) {
        let first = super::problem::Position::of_offset(checker.text, first.start);
        checker.report(
            &id.span(),
            format!("duplicate id `{}` (first used at {first})", id.get_ref()),
        );
    } else {
        seen.insert(id.get_ref().clone(), id.span());
    }
}

/// `NN-NN` or `NN-NN-NN` (program, or program and item).
fn is_program_reference(reference: &str) -> bool {
    let parts: Vec<&str> = reference.split('-').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
}

fn check_item(
    checker: &mut Checker<'_>,
    warnings: &mut Vec<Problem>,
    raw: RawItem,
    options_of: &HashMap<String, Vec<String>>,
    kinds_of: &HashMap<String, String>,
) -> Option<Item> {
    for source in &raw.sources {
        if source.get_ref().trim().is_empty() {
            checker.report(
                &source.span(),
                "a source must name an nec-facts section or a manual page",
            );
        }
    }
    if raw.sources.is_empty() && raw.verify.is_none() {
        warnings.push(Problem::at(
            checker.text,
            &raw.id.span(),
            format!(
                "warning: item `{}` has neither `sources` nor a `verify` note: say where its facts come from",
                raw.id.get_ref()
            ),
        ));
    }
    for program in &raw.programs {
        if !is_program_reference(program.get_ref()) {
            checker.report(
                &program.span(),
                format!(
                    "program reference `{}` should look like 90-02 or 90-02-01",
                    program.get_ref()
                ),
            );
        }
    }
    if raw.procedure.is_empty() {
        checker.report(&raw.id.span(), "expected at least one procedure step");
    }
    let weight = *raw.weight.get_ref();
    if !(1..=100).contains(&weight) {
        checker.report(
            &raw.weight.span(),
            "weight must be an integer from 1 to 100",
        );
    }
    let answer = check_answer(checker, raw.answer.get_ref(), &raw.answer.span(), kinds_of);
    let when = raw
        .when
        .as_ref()
        .and_then(|w| check_condition(checker, w, options_of));
    Some(Item {
        id: raw.id.into_inner(),
        title: raw.title,
        programs: raw.programs.into_iter().map(Spanned::into_inner).collect(),
        why: raw.why,
        procedure: raw.procedure,
        verify: raw.verify,
        sources: raw.sources.into_iter().map(Spanned::into_inner).collect(),
        answer: answer?,
        when: match raw.when {
            Some(_) => Some(when?),
            None => None,
        },
        weight: u32::try_from(weight).ok()?,
    })
}

/// The site fact names accepted in `when = { site = ... }`.
pub fn site_fact_name(fact: SiteFact) -> &'static str {
    SITE_FACTS
        .iter()
        .find(|(_, f)| *f == fact)
        .map_or("", |(n, _)| n)
}
