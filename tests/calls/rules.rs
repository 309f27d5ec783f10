//! Each rule on planted records, at its boundaries, through the library's streaming audit.

use nec_harden::calls::{Audit, AuditOptions, Layout, RuleId, Rules, SiteSettings};
use nec_harden::nec::Model;
use nec_harden::site::calls::CallSettings;

use super::generator::{GenRecord, Generator, MANUAL, file};

/// Site settings of a test office: 08:00-18:00 Mon-Fri, prefix 00, country 44 allowed, 4 trunks.
pub fn office_settings() -> CallSettings {
    CallSettings {
        business_hours: Some("08:00-18:00".into()),
        business_days: Some(
            ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
        ),
        time_zone: Some("Europe/London".into()),
        trunks: Some(4),
        allowed_countries: Some(vec!["44".into()]),
        international_prefix: Some("00".into()),
        inmail_ports: None,
        smdr_address: None,
    }
}

fn audit_with(records: &[GenRecord], rules: &str) -> Audit {
    let options = AuditOptions {
        settings: SiteSettings::resolve(Some(&office_settings()), Some(Model::Sl2100)).unwrap(),
        rules: Rules::parse(rules, "test-rules.toml").unwrap(),
        layout: Layout::default(),
        since: Some("2026-11-02".parse().unwrap()),
        assumed_year: 2026,
        show_numbers: false,
    };
    let mut audit = Audit::new(options);
    nec_harden::calls::audit_reader(&mut audit, 0, file(records, MANUAL).as_bytes()).unwrap();
    audit
}

fn audit(records: &[GenRecord]) -> Audit {
    audit_with(records, "")
}

/// The rules that fired, with how often.
fn fired(audit: &Audit) -> Vec<(RuleId, u64)> {
    RuleId::ALL
        .into_iter()
        .filter(|r| audit.count(*r) > 0)
        .map(|r| (r, audit.count(r)))
        .collect()
}

/// Monday 2026-11-02, 10:00, from station 101 to a national number: raises nothing.
fn ok_call(minute: u16) -> GenRecord {
    GenRecord::call(11, 2, 10 + minute / 60, minute % 60, "101", "0201234567")
}

#[test]
fn ordinary_office_traffic_raises_no_alert() {
    let records = Generator::new(11).office(21, 60);
    let audit = audit(&records);
    assert!(audit.records > 800, "{}", audit.records);
    assert_eq!(fired(&audit), vec![]);
    assert!(!audit.failed());
}

#[test]
fn international_calls_outside_the_allowed_list_alert() {
    let a = audit(&[
        GenRecord::call(11, 2, 10, 0, "101", "00442071234567"),
        GenRecord::call(11, 2, 10, 20, "102", "00882123456789"),
    ]);
    assert_eq!(fired(&a), vec![(RuleId::International, 1)]);
    let alert = &a.alerts()[0];
    assert_eq!(alert.line, 2);
    assert_eq!(alert.number, "+882...89");
    assert_eq!(alert.item, "toll-class-extensions");
    assert!(a.failed());
}

#[test]
fn premium_ranges_come_only_from_a_named_list() {
    let calls = [GenRecord::call(11, 2, 10, 0, "101", "00447000123456")];
    assert_eq!(
        fired(&audit(&calls)),
        vec![],
        "no shipped list, no premium alert"
    );
    let a = audit_with(
        &calls,
        "[premium]\nprefixes = [\"4470\"]\nsource = \"test carrier list\"\n",
    );
    assert_eq!(fired(&a), vec![(RuleId::Premium, 1)]);
    assert!(a.alerts()[0].evidence.contains("test carrier list"));
}

#[test]
fn a_call_at_the_end_of_business_hours_is_out_of_hours() {
    let a = audit(&[
        GenRecord::call(11, 2, 8, 0, "101", "0201234567"), // opening minute: inside
        GenRecord::call(11, 2, 17, 59, "102", "0201234567"), // last minute: inside
        GenRecord::call(11, 2, 18, 0, "103", "0201234567"), // closing minute: outside
        GenRecord::call(11, 2, 7, 59, "104", "0201234567"), // before opening
        GenRecord::call(11, 7, 12, 0, "105", "0201234567"), // Saturday noon
        GenRecord::call(11, 7, 12, 5, "105", "0201234567").class("PIN"), // incoming: fine
    ]);
    assert_eq!(fired(&a), vec![(RuleId::OutOfHours, 3)]);
    let lines: Vec<u64> = a.alerts().iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(
        a.alerts()[2]
            .evidence
            .contains("on a Saturday, outside business hours (08:00-18:00 mon,tue,wed,thu,fri)"),
        "{}",
        a.alerts()[2].evidence
    );
}

#[test]
fn a_call_longer_than_the_limit_alerts_and_one_at_the_limit_does_not() {
    let a = audit(&[
        ok_call(0).lasting(3600),
        GenRecord::call(11, 2, 11, 0, "102", "0201234567").lasting(3601),
    ]);
    assert_eq!(fired(&a), vec![(RuleId::LongCall, 1)]);
    assert_eq!(a.alerts()[0].line, 2);
    assert_eq!(a.alerts()[0].item, "off-premise-forwarding");
}

#[test]
fn a_burst_alerts_and_one_call_short_does_not() {
    // Default: 5 calls from one station within 10 minutes.
    let short: Vec<GenRecord> = (0..4).map(|i| ok_call(i * 2)).collect();
    assert_eq!(fired(&audit(&short)), vec![]);
    let mut burst = short.clone();
    burst.push(ok_call(9)); // the 5th call, 9 minutes after the first
    assert_eq!(fired(&audit(&burst)), vec![(RuleId::Burst, 1)]);
    // Spread over exactly 10 minutes (0 .. 10): outside the window.
    let mut spread = short;
    spread.push(ok_call(10));
    assert_eq!(fired(&audit(&spread)), vec![]);
}

#[test]
fn a_burst_over_all_stations_alerts() {
    let rules = "[burst]\noverall_calls = 6\noverall_minutes = 5\n";
    let calls: Vec<GenRecord> = (0..6u16)
        .map(|i| GenRecord::call(11, 2, 10, i / 2, &format!("{}", 110 + i), "0201234567"))
        .collect();
    assert_eq!(fired(&audit_with(&calls[..5], rules)), vec![]);
    let a = audit_with(&calls, rules);
    assert_eq!(fired(&a), vec![(RuleId::Burst, 1)]);
    assert!(a.alerts()[0].evidence.contains("all stations"));
}

#[test]
fn more_calls_at_once_than_trunks_alert_as_an_estimate() {
    // Four trunks: four calls overlapping are fine, a fifth is one too many.
    let four: Vec<GenRecord> = (0..4u16)
        .map(|i| GenRecord::call(11, 2, 10, i, &format!("{}", 120 + i), "0201234567").lasting(600))
        .collect();
    assert_eq!(fired(&audit(&four)), vec![]);
    let mut five = four;
    five.push(GenRecord::call(11, 2, 10, 4, "125", "0201234567").lasting(600));
    let a = audit(&five);
    assert_eq!(fired(&a), vec![(RuleId::Concurrency, 1)]);
    assert!(
        a.alerts()[0].evidence.contains("estimated 5"),
        "{}",
        a.alerts()[0].evidence
    );
}

#[test]
fn concurrency_is_not_applied_without_a_trunk_count_and_says_so() {
    let mut settings = office_settings();
    settings.trunks = None;
    let options = AuditOptions {
        settings: SiteSettings::resolve(Some(&settings), None).unwrap(),
        rules: Rules::defaults(),
        layout: Layout::default(),
        since: None,
        assumed_year: 2026,
        show_numbers: false,
    };
    let audit = Audit::new(options);
    assert!(
        audit
            .not_applied()
            .iter()
            .any(|l| l.starts_with("concurrency"))
    );
}

#[test]
fn any_outgoing_call_from_an_inmail_port_is_critical() {
    let a = audit(&[
        GenRecord::call(11, 2, 10, 0, "212", "0201234567"),
        GenRecord::call(11, 2, 10, 1, "213", "0201234567"),
        GenRecord::call(11, 2, 10, 2, "228", "0201234567"),
        GenRecord::call(11, 2, 10, 3, "229", "0201234567"),
        GenRecord::call(11, 2, 10, 4, "214", "0201234567").class("PIN"),
    ]);
    assert_eq!(fired(&a), vec![(RuleId::VoicemailPort, 2)]);
    assert_eq!(a.alerts()[0].item, "inmail-trunk-access");
    assert_eq!(
        a.alerts()[0].severity,
        nec_harden::calls::Severity::Critical
    );
}

#[test]
fn transferred_trunk_calls_and_overrides_alert() {
    let a = audit(&[
        ok_call(0).class("PTRS"),
        ok_call(15).class("ITRS"),
        ok_call(30).class("POTA"),
        ok_call(45).class("POTW"),
    ]);
    assert_eq!(
        fired(&a),
        vec![(RuleId::TransferOut, 2), (RuleId::Override, 2)]
    );
    let items: Vec<&str> = a.alerts().iter().map(|x| x.item).collect();
    assert_eq!(
        items,
        [
            "trunk-to-trunk",
            "trunk-to-trunk",
            "toll-override-codes",
            "toll-override-codes"
        ]
    );
}

#[test]
fn a_spike_of_blocked_calls_alerts_and_one_short_does_not() {
    let blocked = |i: u16| GenRecord::call(11, 2, 3, i, "140", "00882123456789").class("BRD");
    let four: Vec<GenRecord> = (0..4).map(blocked).collect();
    assert_eq!(
        fired(&audit(&four)),
        vec![],
        "BRD calls are not outgoing calls"
    );
    let five: Vec<GenRecord> = (0..5).map(blocked).collect();
    let a = audit(&five);
    assert_eq!(fired(&a), vec![(RuleId::BlockedSpike, 1)]);
    assert_eq!(a.alerts()[0].item, "carrier-country-block");
}

#[test]
fn a_country_first_called_after_the_baseline_is_new() {
    let rules = "[new-destination]\nbaseline_days = 2\n";
    let a = audit_with(
        &[
            GenRecord::call(11, 2, 10, 0, "101", "00442071234567"), // baseline: 44
            GenRecord::call(11, 5, 10, 0, "101", "00442071234599"), // 44 again: known
            GenRecord::call(11, 5, 11, 0, "101", "00331234567890"), // 33: new
            GenRecord::call(11, 5, 12, 0, "101", "00331234567891"), // 33 again: once only
        ],
        rules,
    );
    assert_eq!(
        fired(&a),
        vec![(RuleId::International, 2), (RuleId::NewDestination, 1)]
    );
    let new = a
        .alerts()
        .iter()
        .find(|x| x.rule == RuleId::NewDestination)
        .unwrap();
    assert_eq!(new.line, 3);
}

#[test]
fn a_disabled_rule_stays_silent_and_severity_can_change() {
    let calls = [GenRecord::call(11, 2, 10, 0, "213", "0201234567")];
    let a = audit_with(&calls, "[voicemail-port]\nenabled = false\n");
    assert_eq!(fired(&a), vec![]);
    let a = audit_with(&calls, "[voicemail-port]\nseverity = \"info\"\n");
    assert_eq!(fired(&a), vec![(RuleId::VoicemailPort, 1)]);
    assert!(!a.failed(), "an info alert does not fail the audit");
}

#[test]
fn planted_fraud_in_office_traffic_is_found_and_nothing_else() {
    let mut records = Generator::new(5).office(10, 40);
    // A weekend night: voicemail dialling abroad, a long call, from an InMail port.
    records.push(GenRecord::call(11, 14, 2, 10, "215", "00882123456789").lasting(7200));
    let a = audit(&records);
    assert_eq!(
        fired(&a),
        vec![
            (RuleId::International, 1),
            (RuleId::OutOfHours, 1),
            (RuleId::LongCall, 1),
            (RuleId::VoicemailPort, 1),
            (RuleId::NewDestination, 1),
        ]
    );
    assert!(a.alerts().iter().all(|x| x.line == records.len() as u64));
}
