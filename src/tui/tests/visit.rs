//! Issue 11: the next visit of a sealed site without the customer's key (an addendum), the
//! dealer profile's keys, and Esc on every screen.

use std::path::{Path, PathBuf};

use rand::SeedableRng;

use super::{go_to, launch, press, screen, type_text, walking};
use crate::handover::{HandoverRecord, Keys, open_file};
use crate::profile::Profile;
use crate::site::{Answer, Timestamp};
use crate::tui::launch::ProfileState;
use crate::tui::unlock::UnlockField;
use crate::tui::{App, Launch, Msg, Step, Theme};

/// The customer's key: the test seals to its public half and never hands the wizard the
/// private one (fixed, so snapshots are stable).
const CUSTOMER: &str = "age1kf6ulrw8s6gqc988ee4nuc4mhzxpp67kwuqhgr07j9p7tzxprdgsjsw6hn";
const CUSTOMER_SECRET: &str =
    "AGE-SECRET-KEY-1S4U57PXDXR3HLFTHZ0XQCNM0F24Z34DUJAWC6CD72ZPGCCGXNWJSNWTFLN";
/// The dealer's key, whose private half the profile names.
const DEALER: &str = "age1uatptv6ufpjhhvyvuqsfx8uqng3mmz72r3tsc8qqy7hjlgcra9cqlhpwl3";
const DEALER_SECRET: &str =
    "AGE-SECRET-KEY-1Q2UCG5NZ54YMKNT3EJLSM3KKUW7LVU0PLKNFQGEF2R98NYYRH40S8UQTHE";

fn launch_profiled(dir: &Path, site: Option<PathBuf>, profile: ProfileState) -> App {
    let mut app = App::new(Launch {
        site,
        checklist: None,
        checklist_file: None,
        work_factor: 2,
        display_base: dir.to_path_buf(),
        clock: Box::new(|| Timestamp::from_unix_seconds(1_795_000_000)),
        rng: Box::new(rand_chacha::ChaCha20Rng::seed_from_u64(7)),
        theme: Theme { color: false },
        replay: false,
        handover: None,
        profile,
    })
    .expect("launch");
    app.update(Msg::Resize(120, 40));
    app
}

/// A profile with the dealer's key and its identity file in `dir`.
fn dealer_profile(dir: &Path) -> ProfileState {
    let identity = dir.join("dealer-key.txt");
    std::fs::write(&identity, format!("{DEALER_SECRET}\n")).unwrap();
    let path = dir.join("profile.toml");
    let profile = Profile {
        dealer: "Example Comms".into(),
        installer: "Sam".into(),
        dealer_recipients: vec![DEALER.into()],
        dealer_identity: Some(identity),
        ..Profile::default()
    };
    ProfileState::Loaded { path, profile }
}

/// Last year's visit: a site "Acme" (101-104) sealed to the customer's key only (confirmed
/// without an identity), voicemail codes issued. Returns the site file.
fn sealed_to_customer(dir: &Path) -> PathBuf {
    let mut app = launch(dir, None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101-104", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Protection);
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Right);
    press(&mut app, Msg::Down);
    type_text(&mut app, CUSTOMER);
    press(&mut app, Msg::Enter);
    for _ in 0..3 {
        press(&mut app, Msg::Down);
    }
    press(&mut app, Msg::Char(' '));
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    go_to(&mut app, "mailbox-codes");
    press(&mut app, Msg::Char('G'));
    assert!(app.focused_secret().is_some());
    app.session().unwrap().path.clone()
}

fn issued_targets(app: &App, item: &str) -> Vec<String> {
    match app.session().unwrap().site.answer(item) {
        Some(Answer::Credentials { issued }) => issued.iter().map(|i| i.target.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

/// Issue 11, Why: a sealed site demanded the handover and a private key the installer never
/// had. Now it continues without: the earlier credentials stay unseen, a new extension's
/// credentials go to a dated addendum sealed to the customer's recorded key and the dealer's,
/// proven with the dealer's identity from the profile.
#[test]
fn a_second_visit_without_the_customer_key_issues_into_an_addendum() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_to_customer(dir.path());
    let original = std::fs::read(dir.path().join("acme.handover.age")).unwrap();
    let mut app = launch_profiled(dir.path(), Some(site.clone()), dealer_profile(dir.path()));
    assert_eq!(app.step(), Step::Unlock);
    press(&mut app, Msg::Down);
    assert_eq!(app.unlock().unwrap().focus, UnlockField::Without);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Addendum to acme.handover.age"), "{shown}");
    assert!(
        shown.contains(&CUSTOMER[..40]),
        "the recorded key is shown: {shown}"
    );
    assert!(shown.contains("also Example Comms's 1 key(s)"), "{shown}");
    let form = app.protect().unwrap();
    assert_eq!(form.lines, vec![CUSTOMER.to_owned()]);
    assert!(
        form.file.value().starts_with("acme.handover-2026"),
        "{}",
        form.file.value()
    );
    // The dealer's identity (from the profile) proves the addendum opens.
    while app.protect().unwrap().focus != crate::tui::protect::Field::File {
        press(&mut app, Msg::Down);
    }
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.step(),
        Step::Walk,
        "{:?} {}",
        app.protect().and_then(|p| p.problem.clone()),
        screen(&app, 120, 40)
    );
    assert!(app.vault().unwrap().is_verified());

    // Last year's codes are issued, with their date, and never readable.
    go_to(&mut app, "mailbox-codes");
    assert!(app.focused_secret().is_none());
    let walk = screen(&app, 120, 40);
    assert!(walk.contains("issued 2026-11-18"), "{walk}");
    // `g` on a target issued earlier issues nothing; `r` would rotate it.
    press(&mut app, Msg::Char('g'));
    assert!(app.vault().unwrap().credentials().is_empty());
    // A new extension reopens the item; only its code is issued, into the addendum.
    press(&mut app, Msg::Char('E'));
    type_text(&mut app, "105");
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    go_to(&mut app, "mailbox-codes");
    press(&mut app, Msg::Char('G'));
    assert_eq!(
        issued_targets(&app, "mailbox-codes"),
        ["101", "102", "103", "104", "105"],
        "the earlier record is kept beside the new one"
    );
    let addendum = app.vault().unwrap().path().to_path_buf();
    let keys = keys_of(dir.path(), DEALER_SECRET);
    let opened = open_file(&addendum, &keys).unwrap();
    let record = HandoverRecord::from_toml(&opened.text, &addendum).unwrap();
    assert_eq!(record.targets(), ["extension 105"]);
    let adds_to = record.adds_to.as_ref().expect("an addendum");
    assert_eq!(adds_to.file, "acme.handover.age");
    assert_eq!(record.sealed_to, [CUSTOMER, DEALER]);
    let customer = keys_of(dir.path(), CUSTOMER_SECRET);
    assert!(
        open_file(&addendum, &customer).is_ok(),
        "the customer opens it too"
    );
    // The customer's handover is untouched; the site file records the addendum beside it.
    assert_eq!(
        std::fs::read(dir.path().join("acme.handover.age")).unwrap(),
        original
    );
    let facts = app.session().unwrap().site.handover.clone().unwrap();
    assert_eq!(facts.file, "acme.handover.age");
    assert_eq!(facts.addenda.len(), 1);
    assert_eq!(
        dir.path().join(&facts.addenda[0].file),
        addendum,
        "{facts:?}"
    );
    assert_eq!(facts.addenda[0].recipients, [CUSTOMER, DEALER]);
}

/// Issue 11, Bad input: a missing handover file only said "cannot read" and Ctrl+C was the one
/// way out. Now the first screen says it is missing and offers to continue without it.
#[test]
fn a_missing_or_foreign_handover_is_said_and_the_visit_continues_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_to_customer(dir.path());
    let handover = dir.path().join("acme.handover.age");
    std::fs::remove_file(&handover).unwrap();
    let mut app = launch(dir.path(), Some(site.clone()));
    assert_eq!(app.unlock().unwrap().focus, UnlockField::Without);
    assert!(screen(&app, 120, 40).contains("missing: no file at this path"));
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    drop(app);
    std::fs::write(&handover, "[site]\nname = \"not sealed\"\n").unwrap();
    let app = launch(dir.path(), Some(site));
    assert_eq!(app.unlock().unwrap().focus, UnlockField::Without);
    assert!(screen(&app, 120, 40).contains("not a handover"));
}

/// Issue 11, Bad input: a handover of another site (its record names a different site) is
/// refused with a clear message, and continuing without it is offered; nothing is re-sealed.
#[test]
fn another_sites_handover_is_refused_and_continuing_without_it_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_to_customer(dir.path());
    let handover = dir.path().join("acme.handover.age");
    let record = HandoverRecord::new(crate::handover::SiteInfo {
        name: "South".into(),
        customer: "Acme Ltd".into(),
        model: crate::nec::Model::Sl2100,
        installer: "Jo".into(),
    });
    let protection = crate::handover::Protection::Recipients(vec![
        crate::handover::parse_recipient(DEALER).unwrap(),
    ]);
    let sealed = crate::handover::seal(
        record.to_toml().as_bytes(),
        &protection,
        crate::handover::Armor::Ascii,
    )
    .unwrap();
    std::fs::write(&handover, &sealed).unwrap();
    let key = dir.path().join("dealer-key.txt");
    std::fs::write(&key, format!("{DEALER_SECRET}\n")).unwrap();
    let mut app = launch(dir.path(), Some(site));
    assert_eq!(app.unlock().unwrap().focus, UnlockField::Secret);
    type_text(&mut app, key.to_str().unwrap());
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Unlock);
    let form = app.unlock().unwrap();
    let problem = form.problem.clone().unwrap_or_default();
    assert!(problem.contains("South (Acme Ltd)"), "{problem}");
    assert!(problem.contains("continue without it"), "{problem}");
    assert_eq!(form.focus, UnlockField::Without);
    assert_eq!(
        std::fs::read(&handover).unwrap(),
        sealed,
        "nothing re-sealed"
    );
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
}

fn keys_of(dir: &Path, secret: &str) -> Keys {
    let file = dir.join(format!("{}.key", &secret[15..25]));
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    let mut keys = Keys::none();
    keys.add_identity_file(&file).unwrap();
    keys
}

fn snap(app: &App, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

/// The new and changed screens of a second visit, at 80x24 and 120x40.
#[test]
fn second_visit_screens() {
    let dir = tempfile::tempdir().unwrap();
    let site = sealed_to_customer(dir.path());
    let mut app = launch_profiled(dir.path(), Some(site.clone()), dealer_profile(dir.path()));
    snap(&app, "visit_unlock_present");
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Enter);
    snap(&app, "visit_addendum_protection");
    while app.protect().unwrap().focus != crate::tui::protect::Field::File {
        press(&mut app, Msg::Down);
    }
    press(&mut app, Msg::Enter);
    go_to(&mut app, "mailbox-codes");
    snap(&app, "visit_walk_issued_earlier");
    drop(app);
    std::fs::remove_file(dir.path().join("acme.handover.age")).unwrap();
    let app = launch(dir.path(), Some(site));
    snap(&app, "visit_unlock_missing");
    let bad = launch_profiled(
        dir.path(),
        None,
        ProfileState::Bad(
            "cfg/profile.toml: line 2: invalid type: integer, expected a string".into(),
        ),
    );
    snap(&bad, "visit_bad_profile");
}

/// Issue 11: every screen of the wizard can be left with Esc or q (Esc closes what is open on
/// a screen first: a reason, a typed value, the probe form; the review goes back to the walk).
#[test]
fn every_screen_is_left_with_esc_or_q() {
    let dir = tempfile::tempdir().unwrap();
    // The new-site form, the extensions, the protection form.
    let mut app = launch(dir.path(), None);
    press(&mut app, Msg::Esc);
    assert!(app.should_quit(), "site form");
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Extensions);
    type_text(&mut app, "10");
    press(&mut app, Msg::Esc);
    assert!(!app.should_quit(), "Esc clears a typed range first");
    press(&mut app, Msg::Esc);
    assert!(app.should_quit(), "extensions");
    let sealed = sub(dir.path(), "s");
    let site = sealed_to_customer(&sealed);
    // The first screen of a sealed site, with Esc; the addendum's protection goes back to it.
    let mut app = launch(&sealed, Some(site));
    assert_eq!(app.step(), Step::Unlock);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection);
    press(&mut app, Msg::Esc);
    assert_eq!(app.step(), Step::Unlock, "back to the first screen");
    assert!(app.addendum.is_none());
    press(&mut app, Msg::Esc);
    assert!(app.should_quit(), "unlock");
    // The walk (q and Esc), the review (Esc back), the probe form and a reason (Esc closes).
    let mut app = walking(&sub(dir.path(), "w"));
    press(&mut app, Msg::Char('n'));
    press(&mut app, Msg::Esc);
    assert!(!app.should_quit(), "Esc closes the reason first");
    press(&mut app, Msg::Char('R'));
    assert_eq!(app.step(), Step::Review);
    press(&mut app, Msg::Esc);
    assert_eq!(app.step(), Step::Walk);
    press(&mut app, Msg::Esc);
    assert!(app.should_quit(), "walk");
    let mut app = walking(&sub(dir.path(), "w2"));
    press(&mut app, Msg::Char('q'));
    assert!(app.should_quit(), "walk with q");
    // Replay's first screen.
    let mut app = super::replaying(&sub(dir.path(), "r"));
    assert_eq!(app.step(), Step::Replay);
    press(&mut app, Msg::Esc);
    assert!(app.should_quit(), "replay");
    // The protection form of a new site: Esc asks when a passphrase was typed.
    let mut app = launch(&sub(dir.path(), "p"), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Protection);
    press(&mut app, Msg::Down);
    type_text(&mut app, "half a passphrase");
    press(&mut app, Msg::Esc);
    assert!(!app.should_quit());
    assert!(
        screen(&app, 120, 40).contains("y/n") || app.confirm_quit,
        "asks first"
    );
    press(&mut app, Msg::Char('y'));
    assert!(app.should_quit(), "protection");
}

fn sub(dir: &Path, name: &str) -> PathBuf {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Issue 11, part 2: new sites are pre-filled from the profile (installer, model), and a
/// pre-filled name alone is nothing to lose on quitting.
#[test]
fn a_new_site_is_prefilled_from_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = dealer_profile(dir.path());
    if let ProfileState::Loaded { profile, .. } = &mut state {
        profile.model = Some(crate::nec::Model::Sl1100);
    }
    let mut app = launch_profiled(dir.path(), None, state);
    let form = app.form().unwrap();
    assert_eq!(form.inputs[2].value(), "Sam");
    assert_eq!(form.model, crate::nec::Model::Sl1100);
    assert!(!app.would_lose());
    for t in ["Acme", "Acme Ltd", "", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    let site = &app.session().expect("created").site.site;
    assert_eq!(site.installer, "Sam");
    assert_eq!(site.model, crate::nec::Model::Sl1100);
}

/// Issue 11, part 2: a new site's handover sealed to keys is sealed to the dealer's keys too
/// (said on screen), unless the installer turns them off for this handover (space).
#[test]
fn the_dealer_keys_join_a_new_handover_unless_turned_off() {
    for keep in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = launch_profiled(dir.path(), None, dealer_profile(dir.path()));
        for t in ["Acme", "Acme Ltd", "", "", "101", ""] {
            type_text(&mut app, t);
            press(&mut app, Msg::Enter);
        }
        assert_eq!(app.step(), Step::Protection);
        press(&mut app, Msg::Right);
        press(&mut app, Msg::Right);
        press(&mut app, Msg::Down);
        type_text(&mut app, CUSTOMER);
        press(&mut app, Msg::Enter);
        press(&mut app, Msg::Down);
        press(&mut app, Msg::Down);
        assert_eq!(
            app.protect().unwrap().focus,
            crate::tui::protect::Field::Dealer
        );
        assert!(screen(&app, 80, 24).contains("Dealer keys  [x]"));
        if !keep {
            press(&mut app, Msg::Char(' '));
            assert!(screen(&app, 80, 24).contains("Dealer keys  [ ]"));
        }
        while app.protect().unwrap().focus != crate::tui::protect::Field::File {
            press(&mut app, Msg::Down);
        }
        press(&mut app, Msg::Enter);
        if keep {
            // The dealer's identity from the profile proves it.
            assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
            assert!(app.vault().unwrap().is_verified());
            let facts = app.session().unwrap().site.handover.clone().unwrap();
            assert_eq!(facts.recipients, [CUSTOMER, DEALER]);
        } else {
            // Without the dealer's key the profile's identity cannot prove it: the guard asks.
            assert_eq!(app.step(), Step::Protection);
            assert!(!dir.path().join("acme.handover.age").exists());
        }
    }
}
