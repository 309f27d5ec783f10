//! Checks of an item's `answer` table: a known kind, the keys that kind uses, known names.

use std::ops::Range;

use toml::Spanned;

use super::super::model::{AnswerSpec, ChoiceOption, CredentialScope, ExtensionFilter};
use super::super::schema::RawAnswer;
use super::{ANSWER_KINDS, Checker, FILTERS};
use crate::secrets::CredentialKind;

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
    let fields: [(&str, Option<Range<usize>>); 9] = [
        ("options", raw.options.as_ref().map(Spanned::span)),
        ("multiple", raw.multiple.as_ref().map(Spanned::span)),
        ("filter", raw.filter.as_ref().map(Spanned::span)),
        ("credentials", raw.credentials.as_ref().map(Spanned::span)),
        ("per", raw.per.as_ref().map(Spanned::span)),
        ("min", raw.min.as_ref().map(Spanned::span)),
        ("max", raw.max.as_ref().map(Spanned::span)),
        ("unit", raw.unit.as_ref().map(Spanned::span)),
        ("none", raw.none.as_ref().map(Spanned::span)),
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

pub(super) fn check_answer(
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
            reject_unused(checker, raw, kind, &["min", "max", "unit", "none"]);
            let (Some(min), Some(max)) = (&raw.min, &raw.max) else {
                checker.report(span, "answer kind `number` needs `min` and `max`");
                return None;
            };
            if min.get_ref() > max.get_ref() {
                checker.report(&max.span(), "`max` must not be below `min`");
                return None;
            }
            if let Some(none) = &raw.none
                && none.get_ref().trim().is_empty()
            {
                checker.report(&none.span(), "`none` needs a label (e.g. \"none kept\")");
                return None;
            }
            Some(AnswerSpec::Number {
                min: *min.get_ref(),
                max: *max.get_ref(),
                unit: raw.unit.as_ref().map(|u| u.get_ref().trim().to_owned()),
                none: raw.none.as_ref().map(|n| n.get_ref().clone()),
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
        "login-user" | "once" | "disa-user" if raw.filter.is_some() => {
            checker.report(
                &raw.filter.as_ref().map_or(0..0, Spanned::span),
                format!("`filter` is only used with per = \"extension\", not \"{per}\""),
            );
            None
        }
        "login-user" => Some(CredentialScope::LoginUser),
        "once" => Some(CredentialScope::Once),
        "disa-user" => Some(CredentialScope::DisaUser),
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
                format!("unknown `per` value `{other}`, expected login-user, extension, once or disa-user"),
            );
            None
        }
    };
    if kinds.len() != credentials.get_ref().len() {
        return None;
    }
    Some(AnswerSpec::Credentials { kinds, per: scope? })
}
