//! The status of the items whose targets come from another item's answer: the override-code
//! holders chosen in `toll-override-holders`, and the walking IDs counted in
//! `walking-toll-ids`.

use super::*;
use crate::checklist::builtin;
use crate::nec::Model;
use crate::site::{ExtensionNumber, Status};

const FULL: &str = include_str!("../../../checklists/examples/full-128.toml");
const CODES: &str = "toll-override-new-codes";
const WALKING: &str = "walking-toll-id-codes";

fn t(secs: u64) -> Timestamp {
    Timestamp::from_unix_seconds(1_795_000_000 + secs)
}

fn full() -> (Checklist, SiteFile) {
    let list = builtin(Model::Sl2100);
    let site = SiteFile::parse(FULL, "full-128.toml", &list).unwrap();
    (list, site)
}

fn status_of(list: &Checklist, site: &SiteFile, id: &str) -> ItemStatus {
    item_status(list, site, list.item(id).unwrap())
}

fn holders(list: &Checklist, site: &mut SiteFile, numbers: &[&str], at: &Timestamp) {
    let numbers: Vec<ExtensionNumber> = numbers.iter().map(|n| n.parse().unwrap()).collect();
    site.set_answer(
        list,
        "toll-override-holders",
        Answer::Extensions { numbers },
        at,
    )
    .unwrap();
}

#[test]
fn the_full_example_has_its_holders_and_walking_ids_covered() {
    let (list, site) = full();
    assert_eq!(status_of(&list, &site, CODES), ItemStatus::Done);
    assert_eq!(status_of(&list, &site, WALKING), ItemStatus::Done);
}

#[test]
fn a_holder_added_later_reopens_the_override_codes_and_is_named() {
    let (list, mut site) = full();
    holders(&list, &mut site, &["101", "102", "107"], &t(100));
    let status = status_of(&list, &site, CODES);
    assert_eq!(
        status,
        ItemStatus::Incomplete {
            missing: vec!["extension 107".into()]
        }
    );
    assert!(!done_items(&list, &site).contains(&CODES.to_owned()));
}

#[test]
fn a_holder_removed_needs_no_code() {
    let (list, mut site) = full();
    holders(&list, &mut site, &["101"], &t(100));
    assert_eq!(status_of(&list, &site, CODES), ItemStatus::Done);
}

#[test]
fn a_holder_whose_extension_leaves_the_site_needs_no_code() {
    let (list, mut site) = full();
    site.remove_extension(&list, "102", &t(100)).unwrap();
    assert_eq!(status_of(&list, &site, CODES), ItemStatus::Done);
    let Some(Answer::Credentials { issued }) = site.answer(CODES) else {
        panic!("no issue list");
    };
    assert_eq!(issued.len(), 1, "the removed extension's issue is dropped");
}

#[test]
fn override_codes_do_not_apply_when_no_extension_keeps_one() {
    let (list, mut site) = full();
    let none = Answer::Choice {
        selected: vec!["none".into()],
    };
    site.set_answer(&list, "toll-override-codes", none, &t(100))
        .unwrap();
    assert_eq!(status_of(&list, &site, CODES), ItemStatus::DoesNotApply);
}

#[test]
fn override_codes_wait_for_the_list_of_holders() {
    let list = builtin(Model::Sl2100);
    let mut site = SiteFile::new("n", "c", "i", &list, &t(0));
    let kept = Answer::Choice {
        selected: vec!["kept".into()],
    };
    site.set_answer(&list, "toll-override-codes", kept, &t(1))
        .unwrap();
    let missing = vec!["the answer to \"List the extensions that keep an override code\"".into()];
    assert_eq!(
        status_of(&list, &site, CODES),
        ItemStatus::Pending {
            missing: missing.clone()
        }
    );
    // Marking it done before the holders are listed does not make it done.
    site.set_status(&list, CODES, Status::Done, None, &t(2))
        .unwrap();
    assert_eq!(
        status_of(&list, &site, CODES),
        ItemStatus::Incomplete { missing }
    );
}

#[test]
fn a_walking_id_counted_later_reopens_the_walking_codes_and_is_named() {
    let (list, mut site) = full();
    site.set_answer(
        &list,
        "walking-toll-ids",
        Answer::Number { value: 3 },
        &t(100),
    )
    .unwrap();
    assert_eq!(
        status_of(&list, &site, WALKING),
        ItemStatus::Incomplete {
            missing: vec!["walking ID 3".into()]
        }
    );
    site.set_answer(
        &list,
        "walking-toll-ids",
        Answer::Number { value: 1 },
        &t(200),
    )
    .unwrap();
    assert_eq!(status_of(&list, &site, WALKING), ItemStatus::Done);
}

#[test]
fn no_walking_id_left_issues_none_and_the_item_is_done_by_that_answer() {
    let list = builtin(Model::Sl2100);
    let mut site = SiteFile::new("n", "c", "i", &list, &t(0));
    assert_eq!(
        status_of(&list, &site, WALKING).missing(),
        ["the answer to \"Remove walking toll-restriction IDs nobody needs\""]
    );
    site.set_answer(&list, "walking-toll-ids", Answer::NotUsed {}, &t(1))
        .unwrap();
    assert_eq!(status_of(&list, &site, WALKING), ItemStatus::Done);
    assert!(item_targets(list.item(WALKING).unwrap(), &site).is_empty());
    assert!(done_items(&list, &site).contains(&WALKING.to_owned()));
}
