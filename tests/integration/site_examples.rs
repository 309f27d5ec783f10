//! The example site files load from disk, and carry every answer a headless replay needs.

use std::path::Path;

use nec_harden::checklist::{AnswerSpec, Facts};
use nec_harden::site::{SiteFile, Status};

fn load(name: &str) -> (SiteFile, nec_harden::checklist::Checklist) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"))
}

/// Replay generates credentials from the model and the extension list; every other applicable
/// item needs its answer recorded.
fn missing_replay_answers(name: &str) -> Vec<String> {
    let (site, list) = load(name);
    list.items()
        .filter(|item| list.applies(item, &site))
        .filter(|item| site.status(&item.id) != Status::NotApplicable)
        .filter(|item| !matches!(item.answer, AnswerSpec::Credentials { .. }))
        .filter(|item| site.answer(&item.id).is_none())
        .map(|item| item.id.clone())
        .collect()
}

#[test]
fn small_office_has_the_documented_mix() {
    let (site, list) = load("small-office.toml");
    assert_eq!(site.extensions.len(), 10);
    let count = |s: Status| list.items().filter(|i| site.status(&i.id) == s).count();
    assert!(count(Status::Done) >= 3);
    assert_eq!(count(Status::NotApplicable), 1);
    assert_eq!(count(Status::Deferred), 1);
    assert!(count(Status::Pending) > 10);
    assert!(site.chosen("sip-ports-forwarded").is_some());
    assert_eq!(
        missing_replay_answers("small-office.toml"),
        Vec::<String>::new()
    );
}

#[test]
fn full_site_has_128_extensions_and_every_answer() {
    let (site, list) = load("full-128.toml");
    assert_eq!(site.extensions.len(), 128);
    assert_eq!(site.items.len(), list.item_count());
    assert_eq!(
        missing_replay_answers("full-128.toml"),
        Vec::<String>::new()
    );
    let done = list
        .items()
        .filter(|i| site.status(&i.id) == Status::Done)
        .count();
    assert!(done * 10 >= list.item_count() * 9, "most items done");
}
