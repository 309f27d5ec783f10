//! The reader: every generated layout reads back field for field, junk never panics and is
//! counted with its line numbers, and a stream read in drips reads like one read whole.

use nec_harden::calls::layout::Layout;
use nec_harden::calls::parse::{Parsed, parse_line, parse_text, parse_tolerant, read_fixed};
use nec_harden::calls::record::{Account, Record};
use nec_harden::calls::{Audit, AuditOptions, Rules, SiteSettings, audit_reader};
use proptest::prelude::*;

use super::generator::{GenAccount, GenLayout, GenRecord, Generator, MANUAL, file};

fn options(layout: Layout) -> AuditOptions {
    AuditOptions {
        settings: SiteSettings::resolve(None, None).unwrap(),
        rules: Rules::defaults(),
        layout,
        since: None,
        assumed_year: 2026,
        show_numbers: false,
    }
}

/// Checks that `parsed` holds exactly the fields of `made`.
fn same(made: &GenRecord, layout: GenLayout, parsed: &Record<'_>) {
    assert_eq!(parsed.class.name(), made.class, "{made:?}");
    assert_eq!(
        (parsed.time.hour(), parsed.time.minute()),
        (made.hour, made.minute)
    );
    if layout.date {
        let d = parsed.date.expect("date");
        assert_eq!((d.month, d.day), (made.month, made.day));
    } else {
        assert_eq!(parsed.date, None);
    }
    assert_eq!(parsed.trunk, made.trunk, "{made:?}");
    assert_eq!(parsed.duration_secs, made.duration);
    assert_eq!(parsed.station, made.station);
    assert_eq!(parsed.number, made.number, "{made:?} in {layout:?}");
    let account = match &made.account {
        GenAccount::None => Account::None,
        GenAccount::Code(c) => Account::Code(c),
        GenAccount::NoAnswer => Account::NoAnswer,
    };
    assert_eq!(parsed.account, account, "{made:?} in {layout:?}");
    assert_eq!(parsed.cost, made.cost.as_deref(), "{made:?}");
}

fn read_back(seed: u64, layout: GenLayout, n: usize) {
    let mut g = Generator::new(seed);
    let forced: Layout = layout.flag().parse().unwrap();
    for _ in 0..n {
        let made = g.any(layout);
        let text = made.line(layout);
        let mut lines = text.split("\r\n");
        let first = lines.next().unwrap();
        for layout_used in [Layout::default(), forced] {
            match parse_line(first.as_bytes(), layout_used) {
                Parsed::Record(r) => same(&made, layout, &r),
                other => panic!("{first:?} in {layout:?} read as {other:?}"),
            }
        }
        if made.next_name.is_some() {
            assert_eq!(
                parse_line(lines.next().unwrap().as_bytes(), forced),
                Parsed::Next
            );
        }
    }
}

#[test]
fn every_layout_reads_back_field_for_field() {
    for (i, layout) in GenLayout::all().into_iter().enumerate() {
        read_back(100 + i as u64, layout, 300);
    }
}

/// Whether the fixed-column reader reads `line`; when it does, its record must be the tolerant
/// reader's. A line known to be text reads as its bytes do.
fn fixed_agrees(line: &[u8], layout: Layout) -> bool {
    if let Ok(text) = std::str::from_utf8(line) {
        assert_eq!(
            parse_text(text, layout),
            parse_line(line, layout),
            "{text:?}"
        );
    }
    match read_fixed(line, layout) {
        Some(fixed) => {
            assert_eq!(
                parse_tolerant(line, layout),
                Parsed::Record(fixed),
                "{:?} in {layout:?}",
                String::from_utf8_lossy(line)
            );
            true
        }
        None => false,
    }
}

/// Every layout `--layout` can force, and detection.
fn every_forced_layout() -> Vec<Layout> {
    let mut out = vec![Layout::default()];
    out.extend(
        GenLayout::all()[..8]
            .iter()
            .map(|l| l.flag().parse::<Layout>().unwrap()),
    );
    out
}

#[test]
fn the_fixed_columns_give_the_tolerant_readers_record_in_every_layout() {
    for (i, layout) in GenLayout::all().into_iter().enumerate() {
        let mut g = Generator::new(700 + i as u64);
        let mut fast = 0;
        for _ in 0..400 {
            let text = g.any(layout).line(layout);
            let first = text.split("\r\n").next().unwrap();
            if fixed_agrees(first.as_bytes(), Layout::default()) {
                fast += 1;
            }
            for forced in every_forced_layout() {
                for line in text.split("\r\n") {
                    fixed_agrees(line.as_bytes(), forced);
                }
            }
        }
        // The manual's columns with trunk numbers are all read by the fast path, and some
        // with trunk names (those that fit their column, without spaces). Collapsed spaces
        // reach it only when a short line happens to fall on the columns.
        match (layout.columns, layout.trunk_names) {
            (true, false) => assert_eq!(fast, 400, "{layout:?}"),
            (true, true) => assert!(fast > 0, "{layout:?}"),
            (false, _) => assert!(fast < 40, "{layout:?}: {fast}"),
        }
    }
}

#[test]
fn the_fixed_columns_decline_what_they_cannot_settle() {
    let dated = GenRecord::call(11, 2, 10, 0, "101", "0201234567").line(MANUAL);
    let dated = dated.trim_end();
    assert!(read_fixed(dated.as_bytes(), Layout::default()).is_some());
    let undated = GenLayout {
        date: false,
        ..MANUAL
    };
    let mut named = GenRecord::call(11, 2, 10, 0, "101", "0201234567");
    for (trunk, fast) in [
        ("001", true),
        ("PSTN", true),
        ("LÍNEA", true),
        ("SIP TRK 2", false),
        ("12/09", false),
    ] {
        named.trunk = trunk.into();
        let line = named.line(undated);
        let line = line.trim_end().as_bytes();
        assert_eq!(
            read_fixed(line, Layout::default()).is_some(),
            fast,
            "{trunk}"
        );
        // Declined or not, the line reads as the tolerant reader reads it (a trunk named like
        // a date is taken for the date there, and the line is unreadable).
        assert_eq!(
            parse_line(line, Layout::default()),
            parse_tolerant(line, Layout::default())
        );
    }
    // A column overrun (a six-character trunk in the dated layout's four) and a tab in a gap.
    let mut long = GenRecord::call(11, 2, 10, 0, "101", "0201234567");
    long.trunk = "ISDN-1".into();
    assert!(read_fixed(long.line(MANUAL).trim_end().as_bytes(), Layout::default()).is_none());
    let tabbed = dated.replacen(' ', "\t", 1);
    assert!(fixed_agrees(tabbed.as_bytes(), Layout::default()));
    assert!(
        read_fixed(
            b"CLASS TIME  DATE  LINE DURATION STATION NUMBER DIALLED ACCOUNT CODE",
            Layout::default()
        )
        .is_none()
    );
}

#[test]
fn the_manuals_sample_line_reads() {
    let line = b"POT 10:52 12/09 002 00:00:10 2001 2142623801 08754";
    let Parsed::Record(r) = parse_line(line, Layout::default()) else {
        panic!("sample line unreadable");
    };
    assert_eq!(
        (r.trunk, r.duration_secs, r.station, r.number),
        ("002", 10, "2001", "2142623801")
    );
    assert_eq!(r.account, Account::Code("08754"));
}

#[test]
fn a_forced_layout_refuses_lines_of_another() {
    let dated = b"POT 10:52 12/09 002 00:00:10 2001 2142623801";
    assert_eq!(
        parse_line(dated, "date=off".parse().unwrap()),
        Parsed::Unreadable
    );
    let named = b"POT 10:52 12/09 SIP TRK 00:00:10 2001 2142623801";
    assert!(matches!(
        parse_line(named, Layout::default()),
        Parsed::Record(_)
    ));
    assert_eq!(
        parse_line(named, "trunk=number".parse().unwrap()),
        Parsed::Unreadable
    );
    let costed = b"POT 10:52 12/09 002 00:00:10 2001 2142623801 1.25";
    assert_eq!(
        parse_line(costed, "format=north-american".parse().unwrap()),
        Parsed::Unreadable
    );
}

#[test]
fn unreadable_lines_are_counted_with_their_numbers_and_junk_is_tolerated() {
    let mut text = String::new();
    text.push_str("CLASS TIME  DATE  LINE DURATION STATION NUMBER DIALLED ACCOUNT CODE\r\n");
    text.push_str(&GenRecord::call(11, 2, 10, 0, "101", "0201234567").line(MANUAL));
    text.push_str("POT 25:00 11/02 001 00:01:05 101 0201234567\r\n"); // hour 25
    text.push_str("\u{1b}[2J\u{7}garbage\r\n");
    text.push_str(&GenRecord::call(11, 2, 10, 5, "101", "0201234567").line(MANUAL));
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"\x00\xff\xfe binary \x80\n");
    bytes.extend_from_slice(
        GenRecord::call(11, 2, 10, 9, "101", "02")
            .line(MANUAL)
            .as_bytes(),
    );
    let mut audit = Audit::new(options(Layout::default()));
    audit_reader(&mut audit, 0, bytes.as_slice()).unwrap();
    assert_eq!(audit.records, 3);
    assert_eq!(audit.headers, 1);
    assert_eq!(audit.unreadable, 3);
    let numbers: Vec<u64> = audit.unreadable_lines.iter().map(|(_, n)| *n).collect();
    assert_eq!(numbers, vec![3, 4, 6]);
}

#[test]
fn a_line_beyond_the_cap_is_unreadable_and_reading_goes_on() {
    let mut bytes = GenRecord::call(11, 2, 10, 0, "101", "0201")
        .line(MANUAL)
        .into_bytes();
    bytes.extend(std::iter::repeat_n(b'7', 5_000_000));
    bytes.push(b'\n');
    bytes.extend_from_slice(
        GenRecord::call(11, 2, 11, 0, "101", "0201")
            .line(MANUAL)
            .as_bytes(),
    );
    let mut audit = Audit::new(options(Layout::default()));
    audit_reader(&mut audit, 0, bytes.as_slice()).unwrap();
    assert_eq!((audit.records, audit.unreadable), (2, 1));
    assert_eq!(audit.unreadable_lines, vec![(0, 2)]);
}

#[test]
fn a_file_that_is_not_smdr_is_refused_not_reported_clean() {
    let mut audit = Audit::new(options(Layout::default()));
    let err = audit_reader(&mut audit, 0, &b"[site]\nname = \"x\"\n"[..]).unwrap_err();
    assert!(err.to_string().starts_with("not SMDR output"), "{err}");
    let mut audit = Audit::new(options(Layout::default()));
    let err = audit_reader(&mut audit, 0, &b""[..]).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    // An endless input without records ends early instead of hanging.
    let mut audit = Audit::new(options(Layout::default()));
    let zeros = std::io::Read::take(std::io::repeat(0), 1 << 40);
    assert!(audit_reader(&mut audit, 0, zeros).is_err());
}

/// Records, unreadable count, unreadable line numbers, (rule, line) of each alert.
type Summary = (u64, u64, Vec<(usize, u64)>, Vec<(String, u64)>);

fn summary(audit: &Audit) -> Summary {
    (
        audit.records,
        audit.unreadable,
        audit.unreadable_lines.clone(),
        audit
            .alerts()
            .iter()
            .map(|a| (a.rule.name().to_owned(), a.line))
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for line in bytes.split(|b| *b == b'\n') {
            let _ = parse_line(line, Layout::default());
        }
        let mut audit = Audit::new(options(Layout::default()));
        let _ = audit_reader(&mut audit, 0, bytes.as_slice());
    }

    #[test]
    fn record_shaped_junk_never_panics(
        fields in proptest::collection::vec("[A-Z0-9:/ .#*]{0,12}", 0..14)
    ) {
        let line = format!("POT {}", fields.join(" "));
        let _ = parse_line(line.as_bytes(), Layout::default());
    }

    #[test]
    fn generated_records_read_back(seed in any::<u64>(), layout in 0usize..16) {
        read_back(seed, GenLayout::all()[layout], 20);
    }

    #[test]
    fn mutated_fixed_lines_read_the_same_or_are_declined(
        seed in any::<u64>(),
        layout in 0usize..16,
        edits in proptest::collection::vec(
            (
                0usize..130,
                prop_oneof![
                    proptest::sample::select(b" \t:/.,0123456789AENORSTW#*\xc3\xa9\xff".to_vec()),
                    any::<u8>(),
                ],
                0u8..3,
            ),
            1..4,
        ),
    ) {
        let layout = GenLayout { columns: true, ..GenLayout::all()[layout] };
        let text = Generator::new(seed).any(layout).line(layout);
        let mut line = text.split("\r\n").next().unwrap().as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let at = at % (line.len() + 1);
            match kind {
                0 if at < line.len() => line[at] = byte,
                1 => line.insert(at, byte),
                _ if at < line.len() => { line.remove(at); }
                _ => {}
            }
        }
        for forced in every_forced_layout() {
            fixed_agrees(&line, forced);
        }
    }

    #[test]
    fn a_dripped_stream_reads_like_a_whole_one(seed in any::<u64>(), cut in 1usize..97) {
        let mut g = Generator::new(seed);
        let records: Vec<GenRecord> = (0..40).map(|_| g.any(MANUAL)).collect();
        let mut bytes = file(&records, MANUAL).into_bytes();
        bytes.extend_from_slice(b"\xff junk\r\nPOT 99:99\n");
        let mut whole = Audit::new(options(Layout::default()));
        audit_reader(&mut whole, 0, bytes.as_slice()).unwrap();
        let mut dripped = Audit::new(options(Layout::default()));
        dripped.start_input(0);
        for chunk in bytes.chunks(cut) {
            dripped.feed(chunk);
        }
        dripped.finish_input();
        prop_assert_eq!(summary(&whole), summary(&dripped));
    }
}
