//! Answers that contradict themselves, refused wherever an answer enters a site file (the
//! wizard's edits and the loader share [`contradiction`]).
//!
//! The rule: an option with the id `none` ("none", "neither", "DISA not used") means the
//! others are not the case, so it cannot be chosen together with any of them; for example
//! `none` with port 5080 on `sip-ports-forwarded`.

use crate::checklist::Item;
use crate::site::Answer;

/// The option id that excludes every other option of a choice.
pub const NONE_OPTION: &str = "none";

/// Why `answer` contradicts itself for `item`, in one sentence; `None` when it does not.
pub fn contradiction(item: &Item, answer: &Answer) -> Option<String> {
    let Answer::Choice { selected } = answer else {
        return None;
    };
    if !selected.iter().any(|s| s == NONE_OPTION) {
        return None;
    }
    let others: Vec<&str> = selected
        .iter()
        .map(String::as_str)
        .filter(|s| *s != NONE_OPTION)
        .collect();
    if others.is_empty() {
        return None;
    }
    Some(format!(
        "item `{}`: `none` contradicts {} chosen with it; choose `none` alone or only the others",
        item.id,
        others
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;

    fn choice(ids: &[&str]) -> Answer {
        Answer::Choice {
            selected: ids.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn none_with_a_forwarded_port_is_a_contradiction() {
        let list = builtin(Model::Sl2100);
        let item = list.item("sip-ports-forwarded").unwrap();
        let why = contradiction(item, &choice(&["none", "5080"])).unwrap();
        assert!(why.contains("`none` contradicts `5080`"), "{why}");
        assert_eq!(contradiction(item, &choice(&["none"])), None);
        assert_eq!(contradiction(item, &choice(&["5060", "5080"])), None);
    }

    #[test]
    fn a_site_file_with_none_and_a_port_is_refused_on_load_with_one_clear_line() {
        let list = builtin(Model::Sl2100);
        let text = include_str!("../../checklists/examples/small-office.toml").replace(
            r#"selected = ["5060", "5080"]"#,
            r#"selected = ["none", "5080"]"#,
        );
        let err = crate::site::SiteFile::parse(&text, "site.toml", &list)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("site.toml:"), "{err}");
        assert!(err.contains("`none` contradicts `5080`"), "{err}");
    }

    #[test]
    fn neither_with_webpro_is_a_contradiction() {
        let list = builtin(Model::Sl1100);
        let item = list.item("remote-maintenance").unwrap();
        assert!(contradiction(item, &choice(&["webpro", "none"])).is_some());
    }
}
