//! What a replay needs from a site file: who gets credentials, and which answers are missing.

use super::model::{SiteFile, Status};
use crate::checklist::{AnswerSpec, Checklist, Item};

impl SiteFile {
    /// Who gets a set of credentials for an item: the site-file names of its targets
    /// ([`crate::coverage::item_targets`]): 90-02 user numbers, extension numbers, DISA user
    /// numbers or `system`. Empty for other answer kinds.
    pub fn credential_targets(&self, item: &Item) -> Vec<String> {
        crate::coverage::item_targets(item, self)
            .into_iter()
            .map(|t| t.id)
            .collect()
    }

    /// The items a headless replay cannot answer on its own: they apply, are not marked not
    /// applicable, and have no recorded answer. Credential items are never missing: a replay
    /// generates fresh ones for [`SiteFile::credential_targets`].
    pub fn missing_answers<'a>(&self, checklist: &'a Checklist) -> Vec<&'a Item> {
        checklist
            .items()
            .filter(|item| checklist.applies(item, self))
            .filter(|item| self.status(&item.id) != Status::NotApplicable)
            .filter(|item| !matches!(item.answer, AnswerSpec::Credentials { .. }))
            .filter(|item| self.answer(&item.id).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::{Answer, SiteFile, Timestamp};

    #[test]
    fn targets_follow_the_model_and_the_extensions() {
        // SL1100 user 1 is the manufacturer login, left untouched (nec-facts.md §12).
        for (model, first_user) in [(Model::Sl2100, "2"), (Model::Sl1100, "2")] {
            let list = builtin(model);
            let site = SiteFile::new("n", "c", "i", &list, &Timestamp::from_unix_seconds(0));
            let logins = site.credential_targets(list.item("login-credentials").unwrap());
            assert_eq!(logins.first().map(String::as_str), Some(first_user));
            assert_eq!(logins.last().map(String::as_str), Some("8"));
            assert!(
                site.credential_targets(list.item("mailbox-codes").unwrap())
                    .is_empty()
            );
            assert!(
                site.credential_targets(list.item("router-upnp-off").unwrap())
                    .is_empty()
            );
        }
    }

    #[test]
    fn missing_answers_shrink_as_answers_arrive() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = SiteFile::new("n", "c", "i", &list, &now);
        let before = site.missing_answers(&list).len();
        assert!(
            site.missing_answers(&list)
                .iter()
                .any(|i| i.id == "router-upnp-off")
        );
        site.set_answer(&list, "router-upnp-off", Answer::Confirm {}, &now)
            .unwrap();
        assert_eq!(site.missing_answers(&list).len(), before - 1);
        // Choosing WebPro makes `userpro-removed` (an extensions answer) apply and be missing.
        let webpro = Answer::Choice {
            selected: vec!["webpro".into()],
        };
        site.set_answer(&list, "remote-maintenance", webpro, &now)
            .unwrap();
        assert!(
            site.missing_answers(&list)
                .iter()
                .any(|i| i.id == "userpro-removed")
        );
    }
}
