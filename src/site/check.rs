//! Whether an answer fits the item it answers: the same kind, and values the item allows.
//!
//! Shared by the loader (which reports a position) and the edit API (which refuses the change).

use std::collections::HashSet;

use super::model::{Answer, SiteFile};
use crate::checklist::{AnswerSpec, CredentialScope, Item};
use crate::secrets::CredentialKind;

/// The site's extension numbers, for lookups that a linear search made quadratic.
fn extension_numbers(site: &SiteFile) -> HashSet<&str> {
    site.extensions.iter().map(|e| e.number.as_str()).collect()
}

/// Checks `answer` against `item`'s answer spec for `site`; the error says what is wrong.
pub(super) fn answer_fits(item: &Item, answer: &Answer, site: &SiteFile) -> Result<(), String> {
    let spec = &item.answer;
    if let Answer::NotUsed {} = answer {
        return match spec.not_used_label() {
            Some(_) => Ok(()),
            None => Err(format!(
                "item `{}` needs a `{}` answer and offers no `not-used` one",
                item.id,
                spec.kind_name()
            )),
        };
    }
    if spec.kind_name() != answer.kind_name() {
        return Err(format!(
            "item `{}` needs a `{}` answer, found `{}`",
            item.id,
            spec.kind_name(),
            answer.kind_name()
        ));
    }
    match (spec, answer) {
        (AnswerSpec::Choice { options, multiple }, Answer::Choice { selected }) => {
            if let Some(why) = crate::coverage::consistency::contradiction(item, answer) {
                return Err(why);
            }
            if selected.is_empty() || (!multiple && selected.len() > 1) {
                let want = if *multiple {
                    "at least one option"
                } else {
                    "exactly one option"
                };
                return Err(format!("item `{}` needs {want}", item.id));
            }
            for (i, chosen) in selected.iter().enumerate() {
                if !options.iter().any(|o| &o.id == chosen) {
                    return Err(format!("item `{}` has no option `{chosen}`", item.id));
                }
                if selected[..i].contains(chosen) {
                    return Err(format!("option `{chosen}` is chosen twice"));
                }
            }
            Ok(())
        }
        (AnswerSpec::Number { min, max, .. }, Answer::Number { value }) => {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "item `{}` needs a number from {min} to {max}, found {value}",
                    item.id
                ))
            }
        }
        (AnswerSpec::Port, Answer::Port { value }) if *value == 0 => {
            Err("a port must be from 1 to 65535".to_owned())
        }
        (AnswerSpec::Extensions { .. }, Answer::Extensions { numbers }) => {
            let known = extension_numbers(site);
            match numbers.iter().find(|n| !known.contains(n.as_str())) {
                Some(missing) => Err(format!("extension {missing} is not in the site's list")),
                None => Ok(()),
            }
        }
        (AnswerSpec::Credentials { kinds, per }, Answer::Credentials { issued }) => {
            let wants_port = kinds.contains(&CredentialKind::Port);
            let known = extension_numbers(site);
            let mut seen = HashSet::with_capacity(issued.len());
            for entry in issued {
                let target = entry.target.as_str();
                let target_ok = match per {
                    CredentialScope::LoginUser => target
                        .parse::<u8>()
                        .is_ok_and(|u| site.site.model.editable_login_users().contains(&u)),
                    CredentialScope::Extension { .. } | CredentialScope::ChosenExtension { .. } => {
                        known.contains(target)
                    }
                    CredentialScope::Count { .. } => target.parse::<u16>().is_ok_and(|n| {
                        (1..=crate::coverage::targets::MAX_COUNT).contains(&n)
                            && target == n.to_string()
                    }),
                    CredentialScope::Once => target == "system",
                    CredentialScope::DisaUser => target
                        .parse::<u8>()
                        .is_ok_and(|n| (1..=15).contains(&n) && target == n.to_string()),
                };
                if !target_ok {
                    let expected = match per {
                        CredentialScope::LoginUser => {
                            let users = site.site.model.editable_login_users();
                            format!("a 90-02 user {} to {}", users.start(), users.end())
                        }
                        CredentialScope::Extension { .. }
                        | CredentialScope::ChosenExtension { .. } => {
                            "an extension of the site".to_owned()
                        }
                        CredentialScope::Count { .. } => {
                            format!("a number 1 to {}", crate::coverage::targets::MAX_COUNT)
                        }
                        CredentialScope::Once => "`system`".to_owned(),
                        CredentialScope::DisaUser => "a DISA user 1 to 15".to_owned(),
                    };
                    return Err(format!("credential target `{target}` should be {expected}"));
                }
                if !seen.insert(target) {
                    return Err(format!("credential target `{target}` is listed twice"));
                }
                if entry.port.is_some() != wants_port || entry.port == Some(0) {
                    return Err(if wants_port {
                        format!("credential target `{target}` needs its `port` (1 to 65535)")
                    } else {
                        format!(
                            "credential target `{target}` has a `port` the item does not generate"
                        )
                    });
                }
                if entry.level.is_some() && *per != CredentialScope::LoginUser {
                    return Err(format!(
                        "`level` is only for 90-02 login users (target `{target}`)"
                    ));
                }
                if entry.level.is_some_and(|l| !matches!(l, 0 | 2..=5)) {
                    return Err(format!(
                        "90-02-03 level of user {target} must be 0, 2, 3, 4 or 5"
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
