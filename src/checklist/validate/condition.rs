//! Checks of an item's `when` condition: one form, and only items and options that exist.

use std::collections::HashMap;

use toml::Spanned;

use super::super::model::Condition;
use super::super::schema::RawCondition;
use super::{Checker, SITE_FACTS};

pub(super) fn check_condition(
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
