//! The wizard at 80x24 without losing a word: the item list, help, the footer, tables, forms;
//! and the polish of the first installer trials (prompts, pastes, extension numbers, messages).

use super::{go_to, launch, press, screen, type_text, walking};
use crate::tui::{Msg, Step};

/// The text of the screen's rows, without the quotes of the test backend's display.
fn rows(app: &crate::tui::App, w: u16, h: u16) -> Vec<String> {
    screen(app, w, h)
        .lines()
        .map(|l| l.trim_matches('"').to_owned())
        .collect()
}

/// Columns `from..to` of a row.
fn cols(row: &str, from: usize, to: usize) -> String {
    row.chars().skip(from).take(to - from).collect()
}

/// Where the sidebar's right border is on the first body row.
fn sidebar_edge(app: &crate::tui::App, w: u16, h: u16) -> usize {
    let top = &rows(app, w, h)[1];
    top.chars().position(|c| c == '┐').expect("a sidebar")
}

#[test]
fn the_item_list_takes_the_width_it_needs_and_never_cuts_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "mailbox-codes");
    let narrow = sidebar_edge(&app, 80, 24);
    let wide = sidebar_edge(&app, 120, 40);
    assert!((26..=32).contains(&narrow), "{narrow}");
    assert!(wide > narrow, "the list grows with the screen: {wide}");
    let session = app.session().unwrap();
    let titles: Vec<String> = session.checklist.items().map(|i| i.title.clone()).collect();
    let sidebar: Vec<String> = rows(&app, 80, 24)[2..21]
        .iter()
        .map(|r| cols(r, 1, narrow).trim_end().to_owned())
        .collect();
    // The focused title is there whole, wrapped at spaces.
    let joined = sidebar.join(" ");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squash(&joined).contains("A security code on every in-use extension's mailbox"),
        "{sidebar:#?}"
    );
    // Every other title is whole or stops after a whole word.
    for line in &sidebar {
        let Some(shown) = line
            .strip_prefix(" · ")
            .or_else(|| line.strip_prefix(" – "))
        else {
            continue;
        };
        if let Some(head) = shown.strip_suffix('…') {
            let title = titles
                .iter()
                .find(|t| t.starts_with(head))
                .unwrap_or_else(|| panic!("`{head}` is no title's start"));
            let next = title[head.len()..].chars().next();
            assert!(
                matches!(next, Some(' ' | ',' | ':' | '(')),
                "`{shown}` cuts a word of `{title}`"
            );
        } else if !titles.iter().any(|t| t == shown) {
            // A wrapped line of the focused title, checked above.
            assert!(titles.iter().any(|t| t.contains(shown.trim())), "{shown}");
        }
    }
}

#[test]
fn help_scrolls_inside_its_frame_and_wraps_long_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    press(&mut app, Msg::Resize(80, 24));
    press(&mut app, Msg::Char('?'));
    let first = rows(&app, 80, 24);
    assert!(first[1].contains("Keys 1-18 of"), "{}", first[1]);
    assert!(!first.iter().any(|r| r.contains("back to the walk")));
    // The frame leaves the footer, which says how to scroll.
    assert!(
        first[22].starts_with("↑↓ scroll  Esc close"),
        "{}",
        first[22]
    );
    let text = first.join("\n");
    assert!(text.contains("90-02-03 level of the"), "{text}");
    press(&mut app, Msg::End);
    let last = rows(&app, 80, 24).join("\n");
    assert!(last.contains("back to the walk"), "{last}");
    assert!(last.contains("final seal and report"));
    // Scrolling stops at the end: one step up shows the line before again.
    for _ in 0..50 {
        press(&mut app, Msg::Down);
    }
    press(&mut app, Msg::Up);
    assert_ne!(rows(&app, 80, 24).join("\n"), last);
    press(&mut app, Msg::Esc);
    assert!(!app.help);
}

#[test]
fn the_footer_lists_what_fits_and_help_the_rest() {
    use crate::tui::screens::footer_lines;
    let keys = [
        ("Tab", "item"),
        ("↑↓←→", "cell"),
        ("g/G", "gen"),
        ("r", "regen"),
        ("e", "type"),
        ("v", "reveal"),
        ("c", "copy"),
        ("l", "level"),
        ("d", "done"),
        ("n", "n/a"),
        ("f", "defer"),
        ("E", "extensions"),
        ("R", "review"),
        ("?", "help"),
        ("q", "quit"),
    ];
    let all = footer_lines(&keys, 200, 2);
    assert_eq!(all.len(), 1);
    assert!(all[0].iter().any(|(k, w)| *k == "?" && w.trim() == "help"));
    let narrow = footer_lines(&keys, 40, 2);
    assert!(narrow.len() <= 2);
    for line in &narrow {
        let width: usize = line
            .iter()
            .map(|(k, w)| k.chars().count() + w.chars().count())
            .sum();
        assert!(width <= 42, "{line:?}");
    }
    let flat: Vec<(&str, String)> = narrow.into_iter().flatten().collect();
    let last = &flat[flat.len() - 2..];
    assert_eq!(last[0].0, "?");
    assert_eq!(last[0].1.trim(), "more keys");
    assert_eq!(last[1].0, "q");
    assert_eq!(flat[0].0, "Tab", "the first keys stay");
}

#[test]
fn credential_headers_keep_their_names_and_the_entropy_its_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "sip-phone-logons");
    press(&mut app, Msg::Char('G'));
    let screen = rows(&app, 80, 24);
    let names = screen
        .iter()
        .find(|r| r.contains("sip-id"))
        .expect("the header");
    assert!(
        names.contains("sip-id") && names.contains("sip-password"),
        "{names}"
    );
    assert!(!names.contains("sip-idsip"), "{names}");
    let bits = screen
        .iter()
        .find(|r| r.contains(" bits"))
        .expect("the entropy line");
    assert_eq!(bits.matches(" bits").count(), 2, "{bits}");
}

#[test]
fn a_generated_port_is_masked_until_revealed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "remote-maintenance");
    press(&mut app, Msg::Char(' '));
    go_to(&mut app, "webpro-port");
    press(&mut app, Msg::Char('G'));
    let masked = screen(&app, 80, 24);
    assert!(masked.contains(crate::tui::text::walk::MASK), "{masked}");
    let port = match app.session().unwrap().site.answer("webpro-port") {
        Some(crate::site::Answer::Credentials { issued }) => issued[0].port.expect("a port"),
        other => panic!("{other:?}"),
    };
    assert!(!masked.contains(&port.to_string()), "{masked}");
    press(&mut app, Msg::Char('v'));
    assert!(screen(&app, 80, 24).contains(&port.to_string()));
}

#[test]
fn the_toll_class_prompt_says_what_the_number_is_and_a_digit_starts_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "toll-class-extensions");
    let before = screen(&app, 80, 24);
    assert!(
        before.contains("toll restriction class (1-15):"),
        "{before}"
    );
    press(&mut app, Msg::Char('3'));
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.session().unwrap().site.answer("toll-class-extensions"),
        Some(&crate::site::Answer::Number { value: 3 })
    );
}

#[test]
fn items_that_are_not_system_settings_do_not_say_apply_it_on_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    for id in ["handover-sealed", "dealer-record-stored", "router-upnp-off"] {
        go_to(&mut app, id);
        let shown = screen(&app, 120, 40);
        assert!(!shown.contains("Apply the setting on the system"), "{id}");
        assert!(
            shown.contains("When the steps above are done, press d"),
            "{id}"
        );
    }
    go_to(&mut app, "system-upnp-off");
    assert!(screen(&app, 120, 40).contains("Apply the setting on the system"));
}

#[test]
fn a_long_carrier_note_is_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walking(dir.path());
    go_to(&mut app, "carrier-country-block");
    press(&mut app, Msg::Char('e'));
    let note = "All international destinations blocked at the carrier except the United Kingdom and Ireland, ticket 4471 confirmed by phone";
    type_text(&mut app, note);
    press(&mut app, Msg::Enter);
    let shown = rows(&app, 80, 24)
        .iter()
        .map(|r| cols(r, 33, 79).trim().to_owned())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains(note), "{shown}");
}

#[test]
fn a_long_customer_name_keeps_the_form_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    type_text(&mut app, "Acme");
    press(&mut app, Msg::Enter);
    type_text(&mut app, &"Harbour Dental Group ".repeat(6));
    let focused = rows(&app, 80, 24);
    let at = |rows: &[String], label: &str| {
        rows.iter()
            .position(|r| r.contains(&format!(" {label}  ")))
            .unwrap_or_else(|| panic!("{label}: {rows:#?}"))
    };
    assert_eq!(at(&focused, "Installer"), at(&focused, "Customer") + 1);
    assert!(focused[at(&focused, "Customer")].contains("…"));
    press(&mut app, Msg::Enter);
    let left = rows(&app, 80, 24);
    assert_eq!(at(&left, "Installer"), at(&left, "Customer") + 1);
}

#[test]
fn a_paste_turns_line_breaks_and_tabs_into_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    press(&mut app, Msg::Down);
    press(&mut app, Msg::Paste("Acme\nDental\tGroup".into()));
    assert!(screen(&app, 80, 24).contains("Acme Dental Group"));
}

#[test]
fn extension_numbers_are_checked_and_duplicates_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Extensions);
    type_text(&mut app, "0");
    press(&mut app, Msg::Enter);
    let n = app.notice().unwrap();
    assert!(
        n.error && n.text.contains("0 is not an extension number"),
        "{}",
        n.text
    );
    press(&mut app, Msg::Esc);
    for _ in 0..3 {
        press(&mut app, Msg::Backspace);
    }
    type_text(&mut app, "101-104");
    press(&mut app, Msg::Enter);
    assert_eq!(app.notice().unwrap().text, "4 extensions added");
    type_text(&mut app, "101-104");
    press(&mut app, Msg::Enter);
    let n = app.notice().unwrap();
    assert!(n.error);
    assert_eq!(n.text, "101-104 are already in the list: nothing added");
    type_text(&mut app, "104-105");
    press(&mut app, Msg::Enter);
    assert_eq!(
        app.notice().unwrap().text,
        "1 extension added; 104 is already in the list"
    );
}

#[test]
fn the_passphrase_length_shows_as_it_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    for t in ["Acme", "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    assert_eq!(app.step(), Step::Protection);
    press(&mut app, Msg::Down);
    type_text(&mut app, "short");
    assert!(screen(&app, 80, 24).contains("5 of at least 12 characters"));
    type_text(&mut app, " and long");
    assert!(screen(&app, 80, 24).contains("14 characters: long enough"));
}

#[test]
fn handover_problems_are_told_in_the_wizards_words() {
    use crate::handover::HandoverError;
    use crate::tui::text::handover_problem;
    let path = std::path::PathBuf::from("site/acme.handover.age");
    for e in [
        HandoverError::UnprovenRecipients { path: path.clone() },
        HandoverError::NoMatchingIdentity {
            path: path.clone(),
            stanzas: "X25519".into(),
        },
        HandoverError::IdentityNeeded {
            path: path.clone(),
            stanzas: "X25519".into(),
        },
        HandoverError::PassphraseNeeded { path: path.clone() },
        HandoverError::OutputExists { path: path.clone() },
    ] {
        let text = handover_problem(&e);
        for leak in ["-i", "--", "GuardOverride", "::", "identity"] {
            assert!(!text.contains(leak), "{text}");
        }
    }
}

#[test]
fn a_long_site_name_gives_way_to_the_figures_in_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = launch(dir.path(), None);
    let name = "Harbour Dental Group, Main Street Surgery and Orthodontics Wing";
    for t in [name, "Acme Ltd", "Jo", "", "101", ""] {
        type_text(&mut app, t);
        press(&mut app, Msg::Enter);
    }
    super::protect_with_passphrase(&mut app);
    assert_eq!(app.step(), Step::Walk, "{:?}", app.notice());
    let header = rows(&app, 80, 24)[0].clone();
    assert!(header.contains("score 0% (D)"), "{header}");
    assert!(header.contains("Harbour Dental Group…"), "{header}");
    assert!(header.contains('…'), "{header}");
}
