//! The first screen's list of site files: what it shows (snapshots at 80x24 and 120x40, a
//! fixed clock), and the keys that open a site, start a new one or quit.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Pick, SiteList};
use crate::probe::{Finding, ProbeReport, Severity, Vantage};
use crate::site::{Answer, SiteFile, Status, Timestamp};
use crate::tui::{Msg, Theme};

fn now() -> Timestamp {
    Timestamp::parse("2026-12-01T09:00:00Z").unwrap()
}

fn example(name: &str) -> SiteFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    SiteFile::load(&path, None).unwrap().0
}

/// A folder with a site failed by its probe, one with year-old credentials, the small-office
/// example (pending items), a broken file and a checklist (not listed).
fn folder(dir: &Path) {
    let mut failing = example("full-128.toml");
    failing.site.name = "Bravo Freight".into();
    failing.probe = Some(ProbeReport {
        at: Timestamp::parse("2026-11-28T10:00:00Z").unwrap(),
        host: "pbx.bravo.example".into(),
        address: "192.0.2.20".into(),
        vantage: Vantage::Outside,
        timeout_ms: 800,
        ports: Vec::new(),
        findings: vec![Finding {
            severity: Severity::Failed,
            item: "admin-ports-blocked".into(),
            port: Some(80),
            text: "TCP 80/tcp (WebPro) answers from the internet".into(),
        }],
    });
    failing.save(&dir.join("bravo.toml")).unwrap();

    let mut overdue = example("full-128.toml");
    overdue.site.name = "Charlie Clinic".into();
    for record in overdue.items.values_mut() {
        if record.status == Status::Deferred {
            record.status = Status::Done;
            record.reason = None;
        }
        if let Some(Answer::Credentials { issued }) = &mut record.answer {
            for entry in issued {
                entry.at = Timestamp::parse("2025-10-02T08:00:00Z").unwrap();
            }
        }
    }
    overdue.save(&dir.join("charlie.toml")).unwrap();

    example("small-office.toml")
        .save(&dir.join("harbour.toml"))
        .unwrap();
    std::fs::write(dir.join("old-copy.toml"), "format = 1\n[site]\nname = 3\n").unwrap();
    std::fs::write(dir.join("dealer.toml"), crate::checklist::SL2100_TOML).unwrap();
}

fn screen(list: &SiteList, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(list, f.area())).unwrap();
    terminal.backend().to_string()
}

fn listed(dir: &Path) -> SiteList {
    SiteList::scan(dir, now(), Theme { color: false }).expect("site files listed")
}

#[test]
fn lists_the_folders_site_files_most_urgent_first() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let mut list = listed(dir.path());
    let order: Vec<String> = list
        .rows()
        .iter()
        .map(|r| super::file_name(r.file()))
        .collect();
    assert_eq!(
        order,
        [
            "bravo.toml",
            "charlie.toml",
            "old-copy.toml",
            "harbour.toml"
        ]
    );
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("site_list_{w}x{h}"), screen(&list, w, h));
    }
    // The failing site selected: its failed item and the probe under the table.
    list.update(&Msg::Down);
    let text = screen(&list, 80, 24);
    assert!(
        text.contains("Failed (measured): admin-ports-blocked"),
        "{text}"
    );
    insta::assert_snapshot!("site_list_failing_selected_80x24", text);
    list.update(&Msg::Down);
    assert!(screen(&list, 80, 24).contains("Overdue credentials: username, password"));
}

#[test]
fn enter_opens_the_selected_site_and_n_or_the_first_row_starts_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let mut list = listed(dir.path());
    assert_eq!(list.update(&Msg::Enter), Some(Pick::New));
    assert_eq!(list.update(&Msg::Char('n')), Some(Pick::New));
    list.update(&Msg::Down);
    list.update(&Msg::Down);
    let Some(Pick::Open(path)) = list.update(&Msg::Enter) else {
        panic!("no site opened");
    };
    assert_eq!(path.file_name().unwrap(), "charlie.toml");
    assert!(SiteFile::load(&path, None).is_ok());
    // The broken file cannot be opened: a feedback line, the list stays.
    list.update(&Msg::Down);
    assert_eq!(list.update(&Msg::Enter), None);
    assert!(screen(&list, 80, 24).contains("old-copy.toml is not a site file"));
    // The cursor stops at both ends.
    for _ in 0..10 {
        list.update(&Msg::Down);
    }
    assert_eq!(list.selected().unwrap().file(), list.rows()[3].file());
    list.update(&Msg::Home);
    assert!(list.selected().is_none());
    assert_eq!(list.update(&Msg::Esc), Some(Pick::Quit));
    assert_eq!(list.update(&Msg::Quit), Some(Pick::Quit));
}

#[test]
fn a_folder_without_site_files_shows_no_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dealer.toml"),
        crate::checklist::SL2100_TOML,
    )
    .unwrap();
    assert!(SiteList::scan(dir.path(), now(), Theme { color: false }).is_none());
}

#[test]
fn hostile_names_are_escaped_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut site = example("small-office.toml");
    site.site.name = "Evil\u{1b}[2J\u{7}Name".into();
    site.save(&dir.path().join("evil.toml")).unwrap();
    let mut list = listed(dir.path());
    list.update(&Msg::Down);
    let text = screen(&list, 120, 40);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    assert!(text.contains("Evil\\u{1b}[2J\\u{7}Name"), "{text}");
}

/// Issue 11, part 2: the first screen also lists the profile's sites folder (once, even when
/// it is the current folder), with the profile's rotation period.
#[test]
fn the_profiles_sites_folder_is_listed_too() {
    let here = tempfile::tempdir().unwrap();
    let sites = tempfile::tempdir().unwrap();
    example("small-office.toml")
        .save(&here.path().join("harbour.toml"))
        .unwrap();
    folder(sites.path());
    let theme = Theme { color: false };
    let alone = SiteList::scan(here.path(), now(), theme).unwrap();
    assert_eq!(alone.rows().len(), 1);
    let both = SiteList::scan_with(here.path(), Some(sites.path()), 7, now(), theme).unwrap();
    assert_eq!(
        both.rows().len(),
        5,
        "this folder's site and the sites folder's three and a broken file"
    );
    let text = screen(&both, 120, 40);
    assert!(text.contains("profile's sites folder"), "{text}");
    assert!(text.contains("due 7 months after issue"), "{text}");
    let same = SiteList::scan_with(here.path(), Some(here.path()), 12, now(), theme).unwrap();
    assert_eq!(same.rows().len(), 1, "listed once");
    // A sites folder that is gone is no error: the current folder alone.
    let gone = here.path().join("gone");
    let list = SiteList::scan_with(here.path(), Some(&gone), 12, now(), theme).unwrap();
    assert_eq!(list.rows().len(), 1);
}
