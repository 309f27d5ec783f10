//! Risky combinations the answers reveal: an open door with the matching protection missing.
//!
//! The rules look for the shipped item ids (listed in `checklists/FORMAT.md`); a rule whose items
//! a dealer checklist lacks is skipped.

use serde::Serialize;

use crate::checklist::{Checklist, ExtensionFilter, Facts};
use crate::coverage::call_audit::unmatched_alerts;
use crate::coverage::score::is_open;
use crate::coverage::{Measured, statuses};
use crate::site::{Answer, SiteFile};

/// How bad a risk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Directly exploitable from the internet or known to be abused.
    High,
    /// Makes an attack easier or its damage larger.
    Medium,
}

/// One risky combination found on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// Stable id of the rule.
    pub id: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub summary: String,
    /// The items that would close it.
    pub items: Vec<String>,
}

/// Ports that must not carry a forwarded admin interface.
const WELL_KNOWN_ADMIN_PORTS: [u16; 2] = [80, 8000];

struct Rules<'a> {
    checklist: &'a Checklist,
    site: &'a SiteFile,
}

impl Rules<'_> {
    /// Whether the item exists and is open; `None` if the checklist lacks it.
    fn open(&self, id: &str) -> Option<bool> {
        let item = self.checklist.item(id)?;
        Some(is_open(self.checklist, self.site, item))
    }

    fn chosen(&self, id: &str, option: &str) -> bool {
        self.site
            .chosen(id)
            .is_some_and(|c| c.iter().any(|o| o == option))
    }

    fn generated_port(&self, id: &str) -> Option<u16> {
        match self.site.answer(id)? {
            Answer::Credentials { issued } => issued.iter().find_map(|i| i.port),
            Answer::Port { value } => Some(*value),
            _ => None,
        }
    }

    fn issued_targets(&self, id: &str) -> Vec<String> {
        match self.site.answer(id) {
            Some(Answer::Credentials { issued }) => {
                issued.iter().map(|i| i.target.clone()).collect()
            }
            _ => Vec::new(),
        }
    }
}

fn risk(id: &'static str, severity: Severity, summary: String, items: &[&str]) -> Risk {
    Risk {
        id,
        severity,
        summary,
        items: items.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// Every risky combination on the site, most severe first.
pub fn risks(checklist: &Checklist, site: &SiteFile) -> Vec<Risk> {
    let rules = Rules { checklist, site };
    let mut found = Vec::new();

    // What a probe or a call audit measured outranks what was recorded: each failed item is
    // a risk.
    for (item, status) in statuses(checklist, site) {
        if let Some(f) = status.findings().first() {
            let (id, by) = match f.measured {
                Measured::Probe => ("probe-failed", "exposure probe"),
                Measured::CallAudit => ("calls-failed", "call-record audit"),
            };
            found.push(risk(
                id,
                Severity::High,
                format!(
                    "The {by} of {} contradicts \"{}\": {}",
                    f.at, item.title, f.text
                ),
                &[item.id.as_str()],
            ));
        }
    }
    // A hand-edited site file (or a dealer checklist without the item): said, not dropped.
    for a in unmatched_alerts(checklist, site) {
        found.push(risk(
            "calls-unknown-item",
            Severity::Medium,
            format!(
                "The call-record audit of {} points its `{}` alerts at item `{}`, which this checklist does not have: they fail no item.",
                a.at, a.rule, a.item
            ),
            &[],
        ));
    }

    if rules.chosen("sip-ports-forwarded", "5080") && rules.open("sip-register-mode") == Some(true)
    {
        found.push(risk(
            "sip-plug-and-play",
            Severity::High,
            "5080 is forwarded while 10-46-01 may still be Plug and Play: anyone reaching it can register an NEC SIP phone without credentials.".into(),
            &["sip-register-mode", "sip-phone-logons"],
        ));
    }

    for (option, item, name, program) in [
        ("webpro", "webpro-port", "WebPro", "90-54-01"),
        ("pcpro", "pcpro-port", "PCPro", "90-54-02"),
    ] {
        if !rules.chosen("remote-maintenance", option) {
            continue;
        }
        let port = rules.generated_port(item);
        if rules.open(item) == Some(true) {
            found.push(risk(
                "admin-port-default",
                Severity::High,
                format!("{name} is forwarded for remote maintenance but its port change ({program}) is not done."),
                &[item],
            ));
        } else if let Some(port) = port.filter(|p| WELL_KNOWN_ADMIN_PORTS.contains(p)) {
            found.push(risk(
                "admin-port-default",
                Severity::High,
                format!("{name} is forwarded on the well-known port {port}."),
                &[item],
            ));
        }
    }

    if rules.open("login-credentials") == Some(true) {
        found.push(risk(
            "factory-logins",
            Severity::High,
            "The 90-02 logins are not all replaced: factory user names and passwords may still work.".into(),
            &["login-credentials"],
        ));
    }

    if rules.open("admin-ports-blocked") == Some(true) {
        found.push(risk(
            "admin-ports-exposed",
            Severity::High,
            "Blocking 80, 8000 and 5963 from the internet is not confirmed.".into(),
            &["admin-ports-blocked"],
        ));
    }

    if checklist.item("mailbox-codes").is_some() {
        let coded = if rules.open("mailbox-codes") == Some(false) {
            rules.issued_targets("mailbox-codes")
        } else {
            Vec::new()
        };
        let missing: Vec<String> = site
            .extensions_matching(ExtensionFilter::InUseWithMailbox)
            .filter(|e| e.notification == Some(true) && !coded.contains(&e.number.to_string()))
            .map(|e| e.number.to_string())
            .collect();
        if !missing.is_empty() {
            found.push(risk(
                "notification-without-code",
                Severity::High,
                format!(
                    "Message notification is on without a recorded voicemail code on extension(s) {}.",
                    super::text::compress_numbers(&missing)
                ),
                &["mailbox-codes"],
            ));
        }
    }

    let restriction_open = rules.open("toll-class-extensions") == Some(true)
        || rules.open("inmail-ports-restricted") == Some(true);
    let paths_open = rules.open("inmail-ports-restricted") == Some(true)
        || rules.open("off-premise-forwarding") == Some(true)
        || rules.open("trunk-to-trunk") == Some(true)
        || rules.open("notification-no-international") == Some(true);
    if restriction_open && paths_open {
        found.push(risk(
            "international-open",
            Severity::High,
            "International toll restriction is not done while voicemail ports or forwarding can still place outside calls.".into(),
            &["toll-class-extensions", "inmail-ports-restricted", "off-premise-forwarding", "trunk-to-trunk"],
        ));
    }

    if rules.open("router-upnp-off") == Some(true) || rules.open("system-upnp-off") == Some(true) {
        found.push(risk(
            "upnp-on",
            Severity::Medium,
            "UPnP is not confirmed off: devices can open ports to the system on their own.".into(),
            &["router-upnp-off", "system-upnp-off"],
        ));
    }

    // Until the site says whether DISA is used, its restriction cannot be taken as done.
    if rules.open("disa-used") == Some(true) || rules.open("disa-restricted") == Some(true) {
        found.push(risk(
            "disa-open",
            Severity::Medium,
            "DISA callers are not confirmed restricted (25-11): a guessed DISA password could dial abroad.".into(),
            &["disa-used", "disa-restricted"],
        ));
    }

    found.sort_by_key(|r| r.severity);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::nec::Model;
    use crate::site::{Extension, ExtensionType, IssuedCredential, SiteFile, Status, Timestamp};

    fn ids(list: &Checklist, site: &SiteFile) -> Vec<&'static str> {
        risks(list, site).iter().map(|r| r.id).collect()
    }

    /// A site where every item is done, every credential target covered: no risk at all.
    fn all_done(list: &Checklist) -> SiteFile {
        let now = Timestamp::from_unix_seconds(0);
        let mut site = SiteFile::new("n", "c", "i", list, &now);
        crate::coverage::status::tests::finish(list, &mut site, &now);
        for item in list.items() {
            site.set_status(list, &item.id, Status::Done, None, &now)
                .unwrap();
        }
        site
    }

    #[test]
    fn a_forwarded_admin_port_left_on_80_is_a_risk() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = all_done(&list);
        assert!(ids(&list, &site).is_empty());
        let webpro = Answer::Choice {
            selected: vec!["webpro".into()],
        };
        site.set_answer(&list, "remote-maintenance", webpro, &now)
            .unwrap();
        let port = |p| Answer::Credentials {
            issued: vec![IssuedCredential {
                target: "system".into(),
                at: now.clone(),
                level: None,
                port: Some(p),
            }],
        };
        site.set_answer(&list, "webpro-port", port(80), &now)
            .unwrap();
        assert_eq!(ids(&list, &site), ["admin-port-default"]);
        site.set_answer(&list, "webpro-port", port(28_417), &now)
            .unwrap();
        assert!(ids(&list, &site).is_empty());
        site.set_status(&list, "webpro-port", Status::Deferred, Some("later"), &now)
            .unwrap();
        assert_eq!(ids(&list, &site), ["admin-port-default"]);
    }

    #[test]
    fn notification_needs_a_recorded_code() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = all_done(&list);
        site.put_extension(
            Extension {
                number: "101".parse().unwrap(),
                label: String::new(),
                kind: ExtensionType::Physical,
                in_use: true,
                mailbox: true,
                user_pro: false,
                notification: Some(true),
            },
            &now,
        );
        assert_eq!(ids(&list, &site), ["notification-without-code"]);
        let code = Answer::Credentials {
            issued: vec![IssuedCredential {
                target: "101".into(),
                at: now.clone(),
                level: None,
                port: None,
            }],
        };
        site.set_answer(&list, "mailbox-codes", code, &now).unwrap();
        assert!(ids(&list, &site).is_empty());
    }

    #[test]
    fn upnp_and_disa_are_medium_and_not_applicable_disa_is_no_risk() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = all_done(&list);
        let disa = |option: &str| Answer::Choice {
            selected: vec![option.to_owned()],
        };
        site.set_answer(&list, "disa-used", disa("used"), &now)
            .unwrap();
        site.set_status(&list, "system-upnp-off", Status::Pending, None, &now)
            .unwrap();
        site.set_status(&list, "disa-restricted", Status::Pending, None, &now)
            .unwrap();
        let found = risks(&list, &site);
        assert_eq!(
            found.iter().map(|r| r.id).collect::<Vec<_>>(),
            ["upnp-on", "disa-open"]
        );
        assert!(found.iter().all(|r| r.severity == Severity::Medium));
        site.set_status(
            &list,
            "disa-restricted",
            Status::NotApplicable,
            Some("no DISA"),
            &now,
        )
        .unwrap();
        assert_eq!(ids(&list, &site), ["upnp-on"]);
    }

    #[test]
    fn disa_is_a_risk_until_the_site_says_it_is_not_used() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = all_done(&list);
        site.set_status(&list, "disa-used", Status::Pending, None, &now)
            .unwrap();
        assert_eq!(ids(&list, &site), ["disa-open"]);
        let none = Answer::Choice {
            selected: vec!["none".into()],
        };
        site.set_answer(&list, "disa-used", none, &now).unwrap();
        site.set_status(&list, "disa-used", Status::Done, None, &now)
            .unwrap();
        // Not used: disa-restricted does not apply, so a pending record of it is no risk.
        site.set_status(&list, "disa-restricted", Status::Pending, None, &now)
            .unwrap();
        assert!(ids(&list, &site).is_empty());
    }

    #[test]
    fn international_restriction_open_with_forwarding_open() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let mut site = all_done(&list);
        site.set_status(&list, "toll-class-extensions", Status::Pending, None, &now)
            .unwrap();
        assert!(
            ids(&list, &site).is_empty(),
            "forwarding and InMail ports are closed"
        );
        site.set_status(&list, "off-premise-forwarding", Status::Pending, None, &now)
            .unwrap();
        assert_eq!(ids(&list, &site), ["international-open"]);
    }
}
