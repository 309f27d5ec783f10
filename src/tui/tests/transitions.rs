//! The wizard as data: the transition rules walked as a table, the effects a key asks for seen
//! before they run, and the forms that hold secrets dropped when their screen is left.

use secrecy::SecretString;

use super::{PASS, go_to, launch, press, type_text, walking};
use crate::tui::app::{Facts, Refused, allowed, next};
use crate::tui::{Effect, Job, Msg, Screen, Step};

const STEPS: [Step; 8] = [
    Step::Site,
    Step::Extensions,
    Step::Protection,
    Step::Unlock,
    Step::Replay,
    Step::Walk,
    Step::Review,
    Step::Finished,
];

/// What may follow what, whatever the facts: one row per screen (launch first), one column
/// per target in the order of [`STEPS`]; `x` follows, `.` never does.
const FOLLOWS: [(Option<Step>, &str); 9] = [
    //                       Site Ext Prot Unl Rep Walk Rev Fin
    (None, "x x x x x . . ."),
    (Some(Step::Site), ". x . . . . . ."),
    (Some(Step::Extensions), ". . x . . x . ."),
    (Some(Step::Protection), ". . . x . x . ."),
    (Some(Step::Unlock), ". . x . . x . ."),
    (Some(Step::Replay), ". . x . . . . ."),
    (Some(Step::Walk), ". x . . . . x ."),
    (Some(Step::Review), ". . . . . x . x"),
    (Some(Step::Finished), ". . . . . . . ."),
];

/// Facts under which every precondition holds for the target (so only the order decides).
fn all_true_for(to: Step) -> Facts {
    Facts {
        session: to != Step::Site,
        vault: matches!(to, Step::Walk | Step::Review | Step::Finished),
        sealed: matches!(to, Step::Walk | Step::Review | Step::Finished),
        replaying: to == Step::Replay,
        handover: true,
        complete: true,
    }
}

#[test]
fn the_transition_table_says_what_may_follow_what() {
    for (from, row) in FOLLOWS {
        let marks: Vec<&str> = row.split(' ').collect();
        assert_eq!(marks.len(), STEPS.len(), "{from:?}");
        for (to, mark) in STEPS.iter().zip(marks) {
            let got = allowed(from, *to, all_true_for(*to));
            match mark {
                "x" => assert_eq!(got, Ok(()), "{from:?} -> {to:?}"),
                _ => assert_eq!(got, Err(Refused::NotAfter), "{from:?} -> {to:?}"),
            }
        }
    }
}

/// A move, the facts, and the rules' answer.
type Case = (Option<Step>, Step, Facts, Result<(), Refused>);

/// What must be true first: (from, to, facts, the rules' answer).
#[test]
fn the_transition_table_says_what_must_be_true_first() {
    let none = Facts::default();
    let site = Facts {
        session: true,
        ..none
    };
    let sealed = Facts {
        vault: true,
        sealed: true,
        ..site
    };
    let opened_unsealed = Facts {
        vault: true,
        ..site
    };
    let done = Facts {
        complete: true,
        ..sealed
    };
    let on_record = Facts {
        handover: true,
        ..site
    };
    let replay = Facts {
        replaying: true,
        ..site
    };
    let cases: &[Case] = &[
        // The lock-out guard: no walk, review or end before the handover is sealed.
        (
            Some(Step::Protection),
            Step::Walk,
            site,
            Err(Refused::NotSealed),
        ),
        (
            Some(Step::Protection),
            Step::Walk,
            opened_unsealed,
            Err(Refused::NotSealed),
        ),
        (Some(Step::Protection), Step::Walk, sealed, Ok(())),
        (
            Some(Step::Unlock),
            Step::Walk,
            on_record,
            Err(Refused::NotSealed),
        ),
        (Some(Step::Unlock), Step::Walk, sealed, Ok(())),
        (
            Some(Step::Extensions),
            Step::Walk,
            site,
            Err(Refused::NotSealed),
        ),
        (Some(Step::Extensions), Step::Walk, sealed, Ok(())),
        (Some(Step::Walk), Step::Review, sealed, Ok(())),
        (Some(Step::Review), Step::Walk, sealed, Ok(())),
        // The end only once every item is handled (the final seal is the job that gets there).
        (
            Some(Step::Review),
            Step::Finished,
            sealed,
            Err(Refused::Incomplete),
        ),
        (Some(Step::Review), Step::Finished, done, Ok(())),
        // Protection, unlocking and replay's first screen come before any vault.
        (Some(Step::Extensions), Step::Protection, site, Ok(())),
        (
            Some(Step::Extensions),
            Step::Protection,
            sealed,
            Err(Refused::AlreadySealed),
        ),
        (Some(Step::Protection), Step::Unlock, on_record, Ok(())),
        (
            Some(Step::Protection),
            Step::Unlock,
            site,
            Err(Refused::NoHandover),
        ),
        (
            Some(Step::Protection),
            Step::Unlock,
            Facts {
                handover: true,
                ..sealed
            },
            Err(Refused::AlreadySealed),
        ),
        (None, Step::Unlock, on_record, Ok(())),
        // Replay's first screen: at launch, on a replay, before anything is sealed.
        (None, Step::Replay, replay, Ok(())),
        (None, Step::Replay, site, Err(Refused::NotReplaying)),
        (None, Step::Replay, none, Err(Refused::Site)),
        // The new-site form is only for a new site; everything else needs one.
        (None, Step::Site, none, Ok(())),
        (None, Step::Site, site, Err(Refused::Site)),
        (None, Step::Extensions, none, Err(Refused::Site)),
        (Some(Step::Site), Step::Extensions, site, Ok(())),
    ];
    for (from, to, facts, want) in cases {
        assert_eq!(
            allowed(*from, *to, *facts),
            *want,
            "{from:?} -> {to:?} with {facts:?}"
        );
    }
}

#[test]
fn a_finished_screen_says_what_follows_it() {
    let sealed = Facts {
        session: true,
        vault: true,
        sealed: true,
        ..Facts::default()
    };
    let unsealed = Facts {
        session: true,
        ..Facts::default()
    };
    assert_eq!(next(Step::Site, unsealed), Some(Step::Extensions));
    assert_eq!(next(Step::Extensions, unsealed), Some(Step::Protection));
    assert_eq!(next(Step::Extensions, sealed), Some(Step::Walk));
    assert_eq!(next(Step::Replay, unsealed), Some(Step::Protection));
    assert_eq!(next(Step::Walk, sealed), Some(Step::Review));
    assert_eq!(next(Step::Finished, sealed), None);
    // What `next` proposes is always a move the rules know (never a jump they refuse as such).
    for from in STEPS {
        if let Some(to) = next(from, sealed) {
            assert_ne!(allowed(Some(from), to, sealed), Err(Refused::NotAfter));
        }
    }
}

#[test]
fn an_effect_the_rules_refuse_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Protection);
    type_text(&mut app, "x");
    for step in [Step::Walk, Step::Review, Step::Finished, Step::Site] {
        app.apply(Effect::Go(step));
        assert_eq!(app.step(), Step::Protection, "{step:?} refused");
    }
    app.apply(Effect::Finish);
    assert!(app.pending().is_none(), "no final seal before the first");
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some(crate::tui::text::review::NOT_SEALED)
    );
}

#[test]
fn a_key_that_asks_for_slow_work_queues_it_as_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101-102", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    press(&mut app, Msg::Down);
    type_text(&mut app, PASS);
    press(&mut app, Msg::Enter);
    type_text(&mut app, PASS);
    press(&mut app, Msg::Enter);
    app.update(Msg::Enter);
    assert!(matches!(app.pending(), Some(Job::Protect(_))));
    assert_eq!(
        app.step(),
        Step::Protection,
        "nothing sealed before it runs"
    );
    app.run_pending();
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());

    go_to(&mut app, "mailbox-codes");
    app.update(Msg::Char('g'));
    assert!(
        matches!(app.pending(), Some(Job::Generate { rows, regenerate: false }) if rows == &[0]),
        "{:?}",
        app.pending()
    );
    app.run_pending();
    assert!(app.focused_secret().is_some());
    app.update(Msg::Char('G'));
    assert!(
        matches!(app.pending(), Some(Job::Generate { rows, regenerate: false }) if rows == &[1]),
        "the one row left: {:?}",
        app.pending()
    );
    app.run_pending();
    app.update(Msg::Char('r'));
    assert!(matches!(
        app.pending(),
        Some(Job::Generate {
            regenerate: true,
            ..
        })
    ));
}

#[test]
fn neither_a_job_nor_a_screen_prints_a_secret() {
    let job = Job::SealCells(vec![(0, 1, SecretString::from("4711-secret"))]);
    let shown = format!("{job:?}");
    assert_eq!(shown, "SealCells([(0, 1)])");
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    type_text(&mut app, "Acme-secret");
    assert_eq!(format!("{:?}", app.screen()), "Screen(Site)");
}

/// Part of the Why: `go()` had to remember to clear the forms that hold typed secrets.
/// Now the form lives in its screen: once the handover is sealed no screen holds the
/// passphrase, whatever the walk does next.
#[test]
fn the_typed_passphrase_is_dropped_with_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert!(!app.screen().holds_secret());
    press(&mut app, Msg::Down);
    type_text(&mut app, PASS);
    assert!(app.screen().holds_secret(), "the form holds it while typed");
    press(&mut app, Msg::Enter);
    type_text(&mut app, PASS);
    press(&mut app, Msg::Enter);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Walk);
    assert!(app.protect().is_none());
    for msg in [
        Msg::Char('E'),
        Msg::Enter,
        Msg::Char('R'),
        Msg::Esc,
        Msg::Tab,
    ] {
        press(&mut app, msg);
        assert!(app.protect().is_none() && app.unlock().is_none());
        assert!(!app.screen().holds_secret(), "after {:?}", app.step());
        assert!(!matches!(app.screen(), Screen::Protection(_)));
    }
}

/// The unlock passphrase goes with the unlock screen, whichever way it is left.
#[test]
fn the_unlock_passphrase_is_dropped_when_the_visit_continues_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = walking(dir.path()).session().unwrap().path.clone();
    let mut app = launch(dir.path(), Some(path));
    assert_eq!(app.step(), Step::Unlock);
    type_text(&mut app, "not the passphrase");
    assert!(app.screen().holds_secret());
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Enter);
    assert_eq!(app.step(), Step::Protection, "{:?}", app.notice());
    assert!(app.unlock().is_none());
    assert!(!app.screen().holds_secret());
}
