//! Replay on the shipped example sites.

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use secrecy::ExposeSecret;

use super::{issue, missing_answers};
use crate::checklist::{AnswerSpec, Checklist, CredentialScope, builtin};
use crate::nec::Model;
use crate::secrets::{Context, CredentialKind, Status as Verdict, check};
use crate::site::{SiteFile, Status, Timestamp};

fn example(name: &str) -> (SiteFile, Checklist) {
    let checklist = builtin(Model::Sl2100);
    let path = format!("{}/checklists/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    (
        SiteFile::parse(&text, &path, &checklist).unwrap(),
        checklist,
    )
}

fn now() -> Timestamp {
    Timestamp::from_unix_seconds(1_795_000_000)
}

#[test]
fn the_full_example_has_every_answer_a_headless_replay_needs() {
    let (site, checklist) = example("full-128.toml");
    assert_eq!(missing_answers(&checklist, &site), vec![]);
}

#[test]
fn a_removed_answer_is_reported_missing_with_its_item() {
    let (mut site, checklist) = example("full-128.toml");
    let number_item = checklist
        .items()
        .find(|i| matches!(i.answer, AnswerSpec::Number { .. }) && checklist.applies(i, &site))
        .unwrap()
        .id
        .clone();
    site.items.get_mut(&number_item).unwrap().answer = None;
    let missing = missing_answers(&checklist, &site);
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].item.as_str(), missing[0].needs),
        (number_item.as_str(), "number")
    );
}

#[test]
fn every_credential_the_checklist_calls_for_is_issued_and_ok() {
    let (site, checklist) = example("full-128.toml");
    let fresh = issue(
        &checklist,
        &site,
        &now(),
        &mut ChaCha20Rng::seed_from_u64(1),
    )
    .unwrap();
    // One issue list per applicable credential item, one target per scope member.
    for item in checklist.items() {
        let AnswerSpec::Credentials { kinds, per } = &item.answer else {
            continue;
        };
        if !checklist.applies(item, &site) || site.status(&item.id) == Status::NotApplicable {
            continue;
        }
        let expected = match per {
            CredentialScope::LoginUser => site.site.model.editable_login_users().count(),
            CredentialScope::Extension { filter } => site.extensions_matching(*filter).count(),
            CredentialScope::Once => 1,
            CredentialScope::DisaUser => crate::coverage::targets::disa_users(&site).into(),
            CredentialScope::ChosenExtension { from } => {
                crate::coverage::targets::chosen_extensions(&site, from).len()
            }
            CredentialScope::Count { from } => crate::coverage::targets::counted(&site, from)
                .unwrap_or(0)
                .into(),
        };
        let (_, issued) = fresh.issued.iter().find(|(id, _)| *id == item.id).unwrap();
        assert_eq!(issued.len(), expected, "{}", item.id);
        assert!(
            expected > 0,
            "{} issues nothing on the full example",
            item.id
        );
        let _ = kinds;
    }
    let mut seen = std::collections::HashSet::new();
    for c in &fresh.credentials {
        let ext = c.subject.strip_prefix("extension ");
        let ctx = Context {
            extension: ext,
            ..Context::default()
        };
        let v = check(c.kind, c.secret.expose_secret(), &ctx);
        assert_eq!(v.status, Verdict::Ok, "{c:?}: {:?}", v.findings);
        assert!(
            seen.insert(c.secret.expose_secret().to_owned()),
            "{c:?} repeats a value"
        );
        // One value per entry: a user name is its own 90-02-01 entry, never folded in.
        assert!(c.user.is_none(), "{c:?} folds a user name in");
        if c.kind == CredentialKind::Password {
            assert_eq!(c.program, "90-02-02");
            assert!(
                fresh
                    .credentials
                    .iter()
                    .any(|u| u.kind == CredentialKind::Username
                        && u.program == "90-02-01"
                        && u.subject == c.subject),
                "{c:?} has no user name entry"
            );
        }
    }
    let logins = fresh
        .credentials
        .iter()
        .filter(|c| c.kind == CredentialKind::Password)
        .count();
    assert_eq!(logins, 7, "SL2100 users 2 to 8");
    assert!(fresh.admin_ports.webpro.is_some() || fresh.admin_ports.pcpro.is_some());
}

#[test]
fn two_replays_share_no_secret() {
    let (site, checklist) = example("full-128.toml");
    let a = issue(
        &checklist,
        &site,
        &now(),
        &mut ChaCha20Rng::seed_from_u64(1),
    )
    .unwrap();
    let b = issue(
        &checklist,
        &site,
        &now(),
        &mut ChaCha20Rng::seed_from_u64(2),
    )
    .unwrap();
    // A 4-digit code has 9,886 strong values: two replays of 80 mailboxes share one by chance
    // most of the time, which is not a copy. Compare the values long enough to tell.
    let long = |c: &&crate::handover::Credential| {
        c.kind != CredentialKind::Port && c.secret.expose_secret().len() >= 6
    };
    let a: std::collections::HashSet<_> = a
        .credentials
        .iter()
        .filter(long)
        .map(|c| c.secret.expose_secret().to_owned())
        .collect();
    for c in b.credentials.iter().filter(long) {
        assert!(
            !a.contains(c.secret.expose_secret()),
            "{c:?} repeats across replays"
        );
    }
}

/// The secret values of a replay, in record order.
fn values(fresh: &super::FreshCredentials) -> Vec<String> {
    fresh
        .credentials
        .iter()
        .map(|c| c.secret.expose_secret().to_owned())
        .collect()
}

#[test]
fn a_replay_draws_only_from_the_generator_it_is_given() {
    // The same seed gives the same record: nothing else (no thread-local or OS generator
    // behind the caller's back) feeds the values, so tests can seed them and the program's
    // OS-keyed generator is the one that decides them.
    let (site, checklist) = example("full-128.toml");
    let seeded = |seed| {
        let fresh = issue(
            &checklist,
            &site,
            &now(),
            &mut crate::csprng::Csprng::seed_from_u64(seed),
        )
        .unwrap();
        values(&fresh)
    };
    assert_eq!(seeded(5), seeded(5));
    assert_ne!(seeded(5), seeded(6));
}

#[test]
fn the_program_generator_is_keyed_anew_from_the_os_for_each_replay() {
    let (site, checklist) = example("full-128.toml");
    let from_os = || {
        let mut rng = crate::csprng::from_os().unwrap();
        values(&issue(&checklist, &site, &now(), &mut rng).unwrap())
    };
    let (a, b) = (from_os(), from_os());
    // 7 user names of 10 letters and digits alone leave no room for chance.
    assert_ne!(a, b);
}

#[test]
fn applying_records_the_issue_without_any_secret() {
    let (mut site, checklist) = example("full-128.toml");
    let fresh = issue(
        &checklist,
        &site,
        &now(),
        &mut ChaCha20Rng::seed_from_u64(3),
    )
    .unwrap();
    fresh.apply(&checklist, &mut site, &now()).unwrap();
    let text = site.to_toml();
    for c in fresh.credentials.iter().filter(|c| c.kind.is_secret()) {
        assert!(
            !text.contains(c.secret.expose_secret()),
            "{c:?} leaked into the site file"
        );
        if let Some(user) = &c.user {
            assert!(!text.contains(user.as_str()), "user name of {c:?} leaked");
        }
    }
    for (item, _) in &fresh.issued {
        assert_eq!(
            site.status(item),
            Status::Pending,
            "{item} awaits keying in"
        );
    }
    // The file still loads.
    SiteFile::parse(&text, "replayed.toml", &checklist).unwrap();
}

#[test]
fn login_levels_follow_the_previous_visit_and_survive_the_record() {
    use crate::handover::Level as L;
    let (site, checklist) = example("full-128.toml");
    let fresh = issue(
        &checklist,
        &site,
        &now(),
        &mut ChaCha20Rng::seed_from_u64(4),
    )
    .unwrap();
    let record = fresh.record(&checklist, &site).unwrap();
    let text = record.to_toml();
    let back =
        crate::handover::HandoverRecord::from_toml(&text, std::path::Path::new("r.toml")).unwrap();
    let levels: Vec<_> = back
        .credentials
        .iter()
        .filter(|c| c.kind == CredentialKind::Password)
        .map(|c| (c.subject.clone(), c.level))
        .collect();
    assert_eq!(
        levels,
        vec![
            ("user 2".into(), Some(L::Installer)),
            ("user 3".into(), Some(L::SystemAdmin)),
            ("user 4".into(), Some(L::SystemAdmin2)),
            ("user 5".into(), Some(L::User)),
            ("user 6".into(), Some(L::Prohibited)),
            ("user 7".into(), Some(L::Prohibited)),
            ("user 8".into(), Some(L::Prohibited)),
        ]
    );
}
