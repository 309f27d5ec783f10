//! The example site files load from disk, and carry every answer a headless replay needs.

use std::path::Path;

use nec_harden::checklist::Facts;
use nec_harden::site::{SiteFile, Status};

fn load(name: &str) -> (SiteFile, nec_harden::checklist::Checklist) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"))
}

/// The ids of the answers a headless replay would miss.
fn missing_replay_answers(name: &str) -> Vec<String> {
    let (site, list) = load(name);
    site.missing_answers(&list)
        .iter()
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

#[test]
fn a_site_can_name_its_own_dealer_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let dealer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/checklists/good-minimal.toml");
    std::fs::copy(dealer, dir.path().join("dealer.toml")).unwrap();
    let site_path = dir.path().join("SITE.toml");
    std::fs::write(
        &site_path,
        "format = 1\n[site]\nname = \"n\"\ncustomer = \"c\"\nmodel = \"sl2100\"\ninstaller = \"i\"\n\
         created = \"2026-11-20T09:00:00Z\"\nupdated = \"2026-11-20T09:00:00Z\"\nchecklist = \"dealer.toml\"\n\
         [items.sip-ports]\nstatus = \"done\"\nat = \"2026-11-20T09:00:00Z\"\n\
         answer = { kind = \"choice\", selected = [\"5080\"] }\n",
    )
    .unwrap();
    let (site, list) = SiteFile::load(&site_path, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.title, "Dealer test checklist");
    let report = nec_harden::report::build(&list, &site);
    assert_eq!(report.customer.score.percent, 100);
    // The risk rules need the shipped item ids; a checklist without them gets none.
    assert!(report.customer.risks.is_empty());

    // The same site against the shipped checklist: `sip-ports` is not one of its items.
    let shipped = nec_harden::checklist::builtin(nec_harden::nec::Model::Sl2100);
    let err = SiteFile::load(&site_path, Some(&shipped))
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("SITE.toml:10:8: the checklist has no item `sip-ports`"),
        "{err}"
    );
}
