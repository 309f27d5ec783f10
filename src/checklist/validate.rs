//! Semantic checks of a parsed checklist file, turning the raw form into a [`Checklist`].
//!
//! Every problem is collected (not just the first) with its position.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::model::{
    AnswerSpec, Checklist, ChoiceOption, Condition, CredentialScope, ExtensionFilter, Item,
    Section, SiteFact,
};
use super::problem::Problem;
use super::schema::{RawAnswer, RawChecklist, RawCondition, RawItem};
use crate::nec::Model;
use crate::secrets::CredentialKind;

/// The checklist format version this program reads.
pub const CHECKLIST_FORMAT: i64 = 1;

const ANSWER_KINDS: &str = "confirm, choice, extensions, credentials, port, number, text";
const FILTERS: [ExtensionFilter; 6] = [
    ExtensionFilter::InUse,
    ExtensionFilter::InUsePhysicalWithMailbox,
    ExtensionFilter::UnusedWithMailbox,
    ExtensionFilter::NeedsUserPro,
    ExtensionFilter::WithoutUserPro,
    ExtensionFilter::NecSip,
];
const SITE_FACTS: [(&str, SiteFact); 4] = [
    ("has-nec-sip-phones", SiteFact::HasNecSipPhones),
    ("has-third-party-sip", SiteFact::HasThirdPartySip),
    ("has-user-pro-extensions", SiteFact::HasUserProExtensions),
    ("has-message-notification", SiteFact::HasMessageNotification),
];

/// Collects problems while converting.
struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, span: &Range<usize>, message: impl Into<String>) {
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
        }
    }

    let mut sections = Vec::new();
    for raw_section in raw.section {
        let items = raw_section
            .item
            .into_iter()
            .filter_map(|raw_item| check_item(&mut checker, raw_item, &options_of))
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
    raw: RawItem,
    options_of: &HashMap<String, Vec<String>>,
) -> Option<Item> {
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
    let answer = check_answer(checker, raw.answer.get_ref(), &raw.answer.span());
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
        answer: answer?,
        when: match raw.when {
            Some(_) => Some(when?),
            None => None,
        },
        weight: u32::try_from(weight).ok()?,
    })
}

fn parse_filter(checker: &mut Checker<'_>, filter: &Spanned<String>) -> Option<ExtensionFilter> {
    let found = FILTERS.into_iter().find(|f| f.name() == filter.get_ref());
    if found.is_none() {
        let names: Vec<&str> = FILTERS.iter().map(|f| f.name()).collect();
        checker.report(
            &filter.span(),
            format!(
                "unknown extension filter `{}`, expected one of: {}",
                filter.get_ref(),
                names.join(", ")
            ),
        );
    }
    found
}

/// Reports each field given that the answer kind does not use.
fn reject_unused(checker: &mut Checker<'_>, raw: &RawAnswer, kind: &str, used: &[&str]) {
    let fields: [(&str, Option<Range<usize>>); 7] = [
        ("options", raw.options.as_ref().map(Spanned::span)),
        ("multiple", raw.multiple.as_ref().map(Spanned::span)),
        ("filter", raw.filter.as_ref().map(Spanned::span)),
        ("credentials", raw.credentials.as_ref().map(Spanned::span)),
        ("per", raw.per.as_ref().map(Spanned::span)),
        ("min", raw.min.as_ref().map(Spanned::span)),
        ("max", raw.max.as_ref().map(Spanned::span)),
    ];
    for (name, span) in fields {
        if let Some(span) = span
            && !used.contains(&name)
        {
            checker.report(
                &span,
                format!("`{name}` is not used by answer kind `{kind}`"),
            );
        }
    }
}

fn check_answer(
    checker: &mut Checker<'_>,
    raw: &RawAnswer,
    span: &Range<usize>,
) -> Option<AnswerSpec> {
    let kind = raw.kind.get_ref().as_str();
    match kind {
        "confirm" | "port" | "text" => {
            reject_unused(checker, raw, kind, &[]);
            Some(match kind {
                "confirm" => AnswerSpec::Confirm,
                "port" => AnswerSpec::Port,
                _ => AnswerSpec::Text,
            })
        }
        "choice" => {
            reject_unused(checker, raw, kind, &["options", "multiple"]);
            check_choice(checker, raw, span)
        }
        "extensions" => {
            reject_unused(checker, raw, kind, &["filter"]);
            let Some(filter) = &raw.filter else {
                checker.report(span, "answer kind `extensions` needs a `filter`");
                return None;
            };
            Some(AnswerSpec::Extensions {
                filter: parse_filter(checker, filter)?,
            })
        }
        "credentials" => {
            reject_unused(checker, raw, kind, &["credentials", "per", "filter"]);
            check_credentials(checker, raw, span)
        }
        "number" => {
            reject_unused(checker, raw, kind, &["min", "max"]);
            let (Some(min), Some(max)) = (&raw.min, &raw.max) else {
                checker.report(span, "answer kind `number` needs `min` and `max`");
                return None;
            };
            if min.get_ref() > max.get_ref() {
                checker.report(&max.span(), "`max` must not be below `min`");
                return None;
            }
            Some(AnswerSpec::Number {
                min: *min.get_ref(),
                max: *max.get_ref(),
            })
        }
        _ => {
            checker.report(
                &raw.kind.span(),
                format!("unknown answer kind `{kind}`, expected one of: {ANSWER_KINDS}"),
            );
            None
        }
    }
}

fn check_choice(
    checker: &mut Checker<'_>,
    raw: &RawAnswer,
    span: &Range<usize>,
) -> Option<AnswerSpec> {
    let Some(options) = &raw.options else {
        checker.report(span, "answer kind `choice` needs `options`");
        return None;
    };
    if options.get_ref().len() < 2 {
        checker.report(&options.span(), "a choice needs at least two options");
    }
    let mut seen: Vec<&str> = Vec::new();
    for option in options.get_ref() {
        if seen.contains(&option.id.get_ref().as_str()) {
            checker.report(
                &option.id.span(),
                format!("duplicate option `{}`", option.id.get_ref()),
            );
        }
        seen.push(option.id.get_ref());
    }
    Some(AnswerSpec::Choice {
        options: options
            .get_ref()
            .iter()
            .map(|o| ChoiceOption {
                id: o.id.get_ref().clone(),
                label: o.label.clone(),
            })
            .collect(),
        multiple: raw.multiple.as_ref().is_some_and(|m| *m.get_ref()),
    })
}

fn check_credentials(
    checker: &mut Checker<'_>,
    raw: &RawAnswer,
    span: &Range<usize>,
) -> Option<AnswerSpec> {
    let (Some(credentials), Some(per)) = (&raw.credentials, &raw.per) else {
        checker.report(
            span,
            "answer kind `credentials` needs `credentials` and `per`",
        );
        return None;
    };
    let mut kinds = Vec::new();
    for name in credentials.get_ref() {
        match name.get_ref().parse::<CredentialKind>() {
            Ok(kind) => kinds.push(kind),
            Err(err) => checker.report(&name.span(), err.to_string()),
        }
    }
    if credentials.get_ref().is_empty() {
        checker.report(&credentials.span(), "expected at least one credential kind");
    }
    let scope = match per.get_ref().as_str() {
        "login-user" | "once" if raw.filter.is_some() => {
            checker.report(
                &raw.filter.as_ref().map_or(0..0, Spanned::span),
                format!("`filter` is only used with per = \"extension\", not \"{per}\""),
            );
            None
        }
        "login-user" => Some(CredentialScope::LoginUser),
        "once" => Some(CredentialScope::Once),
        "extension" => {
            if let Some(filter) = &raw.filter {
                parse_filter(checker, filter).map(|filter| CredentialScope::Extension { filter })
            } else {
                checker.report(&per.span(), "per = \"extension\" needs a `filter`");
                None
            }
        }
        other => {
            checker.report(
                &per.span(),
                format!("unknown `per` value `{other}`, expected login-user, extension or once"),
            );
            None
        }
    };
    if kinds.len() != credentials.get_ref().len() {
        return None;
    }
    Some(AnswerSpec::Credentials { kinds, per: scope? })
}

fn check_condition(
    checker: &mut Checker<'_>,
    raw: &Spanned<RawCondition>,
    options_of: &HashMap<String, Vec<String>>,
) -> Option<Condition> {
    let cond = raw.get_ref();
    let forms = usize::from(cond.item.is_some())
        + usize::from(cond.site.is_some())
        + usize::from(cond.any.is_some());
    if forms != 1 {
        checker.report(
            &raw.span(),
            "a condition needs exactly one of `item` (with `includes`), `site` or `any`",
        );
        return None;
    }
    if cond.includes.is_some() && cond.item.is_none() {
        checker.report(&raw.span(), "`includes` is only used with `item`");
        return None;
    }
    if let Some(item) = &cond.item {
        let Some(options) = options_of.get(item.get_ref()) else {
            checker.report(
                &item.span(),
                format!("condition names unknown item `{}`", item.get_ref()),
            );
            return None;
        };
        let Some(option) = &cond.includes else {
            checker.report(&raw.span(), "a condition on `item` needs `includes`");
            return None;
        };
        if !options.contains(option.get_ref()) {
            let hint = if options.is_empty() {
                "it is not a choice".to_owned()
            } else {
                format!("it has: {}", options.join(", "))
            };
            checker.report(
                &option.span(),
                format!(
                    "item `{}` has no option `{}` ({hint})",
                    item.get_ref(),
                    option.get_ref()
                ),
            );
            return None;
        }
        return Some(Condition::Chosen {
            item: item.get_ref().clone(),
            option: option.get_ref().clone(),
        });
    }
    if let Some(site) = &cond.site {
        let found = SITE_FACTS.iter().find(|(n, _)| n == site.get_ref());
        if found.is_none() {
            let names: Vec<&str> = SITE_FACTS.iter().map(|(n, _)| *n).collect();
            checker.report(
                &site.span(),
                format!(
                    "unknown site fact `{}`, expected one of: {}",
                    site.get_ref(),
                    names.join(", ")
                ),
            );
        }
        return found.map(|(_, fact)| Condition::Site(*fact));
    }
    let any = cond.any.as_ref()?;
    if any.is_empty() {
        checker.report(&raw.span(), "`any` needs at least one condition");
        return None;
    }
    let each: Vec<Option<Condition>> = any
        .iter()
        .map(|c| check_condition(checker, c, options_of))
        .collect();
    each.into_iter()
        .collect::<Option<Vec<_>>>()
        .map(Condition::Any)
}

/// The site fact names accepted in `when = { site = ... }`.
pub fn site_fact_name(fact: SiteFact) -> &'static str {
    SITE_FACTS
        .iter()
        .find(|(_, f)| *f == fact)
        .map_or("", |(n, _)| n)
}
