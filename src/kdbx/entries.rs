//! What the customer's KeePass file holds: one group per kind of credential and one entry per
//! credential, mapped from the handover record in one place ([`entries`]).

use std::fmt::{self, Write as _};

use secrecy::{ExposeSecret, SecretString};

use crate::handover::{Credential, HandoverRecord, SiteInfo};
use crate::secrets::kind::CredentialKind;
use crate::terminal_text::escape_controls;

/// The groups of the export, in the order they appear in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryGroup {
    /// 90-02 programming logins (user name and password).
    SystemLogins,
    /// 84-22 SIP multiline phone logons.
    SipPhones,
    /// Voicemail mailbox security codes.
    VoicemailCodes,
    /// 90-28 User Pro passwords.
    UserPro,
    /// 90-54 WebPro / PCPro ports.
    AdminPorts,
    /// DISA caller passwords.
    Disa,
    /// Toll-restriction override codes (21-07).
    Overrides,
    /// Walking toll-restriction ID codes (21-14).
    WalkingIds,
}

impl EntryGroup {
    /// Every group, in file order.
    pub const ALL: [EntryGroup; 8] = [
        EntryGroup::SystemLogins,
        EntryGroup::SipPhones,
        EntryGroup::VoicemailCodes,
        EntryGroup::UserPro,
        EntryGroup::AdminPorts,
        EntryGroup::Disa,
        EntryGroup::Overrides,
        EntryGroup::WalkingIds,
    ];

    /// The group's name in the file (no `/`: KeePassXC uses it to separate path parts).
    pub fn name(self) -> &'static str {
        match self {
            EntryGroup::SystemLogins => "System logins (90-02)",
            EntryGroup::SipPhones => "SIP phones (84-22)",
            EntryGroup::VoicemailCodes => "Voicemail codes",
            EntryGroup::UserPro => "User Pro (90-28)",
            EntryGroup::AdminPorts => "Admin ports (90-54)",
            EntryGroup::Disa => "DISA",
            EntryGroup::Overrides => "Toll-restriction overrides (21-07)",
            EntryGroup::WalkingIds => "Walking toll-restriction IDs (21-14)",
        }
    }

    /// The group with this name in the file.
    pub fn from_name(name: &str) -> Option<EntryGroup> {
        EntryGroup::ALL.into_iter().find(|g| g.name() == name)
    }

    /// The group a credential of `kind` goes to.
    pub fn of(kind: CredentialKind) -> EntryGroup {
        match kind {
            CredentialKind::Username | CredentialKind::Password => EntryGroup::SystemLogins,
            CredentialKind::SipId | CredentialKind::SipPassword => EntryGroup::SipPhones,
            CredentialKind::Code => EntryGroup::VoicemailCodes,
            CredentialKind::Userpro => EntryGroup::UserPro,
            CredentialKind::Port => EntryGroup::AdminPorts,
            CredentialKind::Disa => EntryGroup::Disa,
            CredentialKind::Override => EntryGroup::Overrides,
            CredentialKind::WalkingId => EntryGroup::WalkingIds,
        }
    }
}

impl fmt::Display for EntryGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One KeePass entry: a credential as the customer's password manager shows it.
///
/// # Security
/// The user name and password are [`SecretString`]s; `Debug` masks them.
pub struct ExportEntry {
    /// The group it belongs to.
    pub group: EntryGroup,
    /// Site and target, e.g. `Acme Dental North - user 2 (IN)`.
    pub title: String,
    /// The login name that goes with the password (90-02-01, 84-22-01), if any.
    pub username: Option<SecretString>,
    /// The value keyed into the system: a password, a code or a port number.
    pub password: SecretString,
    /// The program item, where and how to key it in, and when it was sealed.
    pub notes: String,
}

impl ExportEntry {
    /// Whether both entries hold the same group, title, user name, password and notes.
    pub fn same_as(&self, other: &ExportEntry) -> bool {
        self.group == other.group
            && self.title == other.title
            && self.notes == other.notes
            && self.password.expose_secret() == other.password.expose_secret()
            && self.username.as_ref().map(ExposeSecret::expose_secret)
                == other.username.as_ref().map(ExposeSecret::expose_secret)
    }
}

impl fmt::Debug for ExportEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportEntry")
            .field("group", &self.group)
            .field("title", &self.title)
            .field("username", &self.username.as_ref().map(|_| "[REDACTED]"))
            .field("password", &"[REDACTED]")
            .field("notes", &self.notes)
            .finish()
    }
}

/// The entries of the export for `record`, grouped in [`EntryGroup::ALL`] order and in record
/// order within a group.
///
/// This is the one place that decides how a record entry becomes a KeePass entry. A login
/// name held as its own credential (90-02-01, 84-22-01) is folded into the entry of the
/// password that names it as its user; one that no password names gets an entry of its own,
/// with the name as user name and an empty password. Every other credential gets one entry.
pub fn entries(record: &HandoverRecord) -> Vec<ExportEntry> {
    let mut out = Vec::with_capacity(record.credentials.len());
    for group in EntryGroup::ALL {
        for c in record
            .credentials
            .iter()
            .filter(|c| EntryGroup::of(c.kind) == group)
        {
            if is_name(c.kind) && named_by_another(record, c) {
                continue;
            }
            out.push(entry(record, group, c));
        }
    }
    out
}

/// The name of the site's folder, which holds the kind groups: the site name, with `/` (the
/// path separator of KeePassXC) replaced. A customer who merges several exports into one
/// database gets one folder per site.
pub fn folder(site: &SiteInfo) -> String {
    escape_controls(&site.name).replace('/', "-")
}

/// Whether `kind` is a login name rather than the secret that goes with it.
fn is_name(kind: CredentialKind) -> bool {
    matches!(kind, CredentialKind::Username | CredentialKind::SipId)
}

/// Whether another credential of the same group and target names `name` as its user.
fn named_by_another(record: &HandoverRecord, name: &Credential) -> bool {
    record.credentials.iter().any(|c| {
        !is_name(c.kind)
            && EntryGroup::of(c.kind) == EntryGroup::of(name.kind)
            && c.subject == name.subject
            && c.user.as_deref() == Some(name.secret.expose_secret())
    })
}

fn entry(record: &HandoverRecord, group: EntryGroup, c: &Credential) -> ExportEntry {
    // Text from the record is shown by the customer's password manager and written as XML
    // inside the file, where control characters are not allowed: escape them.
    let site = SiteInfo {
        name: escape_controls(&record.site.name).into_owned(),
        customer: escape_controls(&record.site.customer).into_owned(),
        model: record.site.model,
        installer: escape_controls(&record.site.installer).into_owned(),
    };
    let subject = escape_controls(&c.subject);
    let program = escape_controls(&c.program);
    let level = c
        .level
        .map(|l| format!(" ({})", l.name()))
        .unwrap_or_default();
    let title = match c.kind {
        CredentialKind::Username | CredentialKind::SipId => {
            format!("{} - {subject}{level} login name", site.name)
        }
        // The subject of a port may be its checklist item's title: the program says which.
        CredentialKind::Port if program.starts_with("90-54-01") => {
            format!("{} - WebPro port", site.name)
        }
        CredentialKind::Port if program.starts_with("90-54-02") => {
            format!("{} - PCPro port", site.name)
        }
        _ => format!("{} - {subject}{level}", site.name),
    };
    let (username, password) = if is_name(c.kind) {
        (Some(c.secret.clone()), SecretString::from(""))
    } else {
        (c.user.as_deref().map(SecretString::from), c.secret.clone())
    };
    let mut notes = format!(
        "{} for {subject} at {} ({}, NEC {}).\nProgram item: {program}.\n",
        c.kind.label(),
        site.name,
        site.customer,
        site.model.display_name(),
    );
    if let Some(l) = c.level {
        let _ = writeln!(notes, "Login level: {}.", l.name());
    }
    let _ = write!(
        notes,
        "Key it in: {}\nSealed in the handover file on {} by {}.",
        how_to_key_in(c.kind),
        record.sealed_at.as_str(),
        site.installer,
    );
    ExportEntry {
        group,
        title,
        username,
        password,
        notes,
    }
}

/// Where and how a credential of `kind` is keyed into the system, in the checklist's words.
fn how_to_key_in(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::Username | CredentialKind::Password => {
            "PCPro or WebPro, program 90-02 (Programming Password Setup), this user's row: user \
             name in 90-02-01, password in 90-02-02, level in 90-02-03. Log in with the new \
             installer login in a second session before closing the first: a lost installer \
             password means a full system default."
        }
        CredentialKind::SipId | CredentialKind::SipPassword => {
            "PCPro or WebPro, program 84-22 (Multiline Logon Information): User ID in 84-22-01, \
             password in 84-22-02; link the phone to its entry in 15-05-27, and enter the same \
             ID and password in the phone's own logon settings."
        }
        CredentialKind::Code => {
            "On the extension's phone: VM soft key, Setup, Code, then the 4 digits (some phones \
             show a More step first); or by voice menu: log in to the mailbox, 6 7 for options, \
             7 for the security code, 2 to accept. The code is personal to the mailbox's user."
        }
        CredentialKind::Userpro => {
            "PCPro or WebPro, program 90-28, this extension's User Pro password: its user logs \
             in to WebPro with it. Delete User Pro access on extensions that do not need it."
        }
        CredentialKind::Port => {
            "PCPro or WebPro, program 90-54 (90-54-01 WebPro, 90-54-02 PCPro). Not a secret: \
             change the router's forward to this port, and forward it only for remote \
             maintenance."
        }
        CredentialKind::Disa => {
            "The DISA user's password (6 digits), in the system's DISA settings; keep every DISA \
             user in a restricted toll class (25-11)."
        }
        CredentialKind::Override => {
            "The extension's toll-restriction override code (4 digits; 21-07 on sibling \
             systems: verify the program on this system). Anyone who knows it dials past every \
             toll class: keep it personal to the extension's user."
        }
        CredentialKind::WalkingId => {
            "A walking toll-restriction ID (6 digits; 21-14-01 on sibling systems, its class in \
             21-14-02: verify the program on this system). Whoever dials it at any phone calls \
             with its class: give it to one person and a class that still blocks international \
             calls unless they need them."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handover::{Level, Timestamp};
    use crate::nec::model::Model;

    fn record() -> HandoverRecord {
        let mut r = HandoverRecord::new(SiteInfo {
            name: "Acme".into(),
            customer: "Acme Ltd".into(),
            model: Model::Sl2100,
            installer: "J. Smith".into(),
        });
        r.sealed_at = Timestamp::parse("2026-11-22T01:30:00Z").unwrap();
        let s = SecretString::from;
        // The wizard's shape: the name is its own credential and the password names it.
        r.credentials.push(
            Credential::new("90-02-01", CredentialKind::Username, "user 2", s("op2x"))
                .with_level(Level::Installer),
        );
        r.credentials.push(
            Credential::new(
                "90-02-02",
                CredentialKind::Password,
                "user 2",
                s("9#2*724#"),
            )
            .with_level(Level::Installer)
            .with_user("op2x"),
        );
        // Replay's shape for SIP: the ID only as the password's user.
        r.credentials.push(
            Credential::new(
                "84-22-02",
                CredentialKind::SipPassword,
                "extension 101",
                s("sip#1"),
            )
            .with_user("10101"),
        );
        // A name no password names.
        r.credentials.push(Credential::new(
            "90-02-01",
            CredentialKind::Username,
            "user 3",
            s("op3x"),
        ));
        r.credentials.push(Credential::new(
            "VM",
            CredentialKind::Code,
            "extension 101",
            s("4821"),
        ));
        r.credentials.push(Credential::new(
            "90-54-01",
            CredentialKind::Port,
            "Move WebPro off port 80",
            s("8443"),
        ));
        r.credentials.push(Credential::new(
            "DISA",
            CredentialKind::Disa,
            "DISA user 1",
            s("582931"),
        ));
        r.credentials.push(Credential::new(
            "90-28",
            CredentialKind::Userpro,
            "extension 101",
            s("48#*1937"),
        ));
        // Issued to an override-code holder and to a walking ID counted by the checklist.
        r.credentials.push(Credential::new(
            "21-07-01",
            CredentialKind::Override,
            "extension 101",
            s("5829"),
        ));
        r.credentials.push(Credential::new(
            "21-14-01",
            CredentialKind::WalkingId,
            "walking ID 1",
            s("813399"),
        ));
        r
    }

    fn row(e: &ExportEntry) -> (EntryGroup, &str, Option<&str>, &str) {
        (
            e.group,
            e.title.as_str(),
            e.username.as_ref().map(ExposeSecret::expose_secret),
            e.password.expose_secret(),
        )
    }

    #[test]
    fn one_group_per_kind_and_one_entry_per_credential() {
        let es = entries(&record());
        let rows: Vec<_> = es.iter().map(row).collect();
        let want = [
            (
                EntryGroup::SystemLogins,
                "Acme - user 2 (IN)",
                Some("op2x"),
                "9#2*724#",
            ),
            (
                EntryGroup::SystemLogins,
                "Acme - user 3 login name",
                Some("op3x"),
                "",
            ),
            (
                EntryGroup::SipPhones,
                "Acme - extension 101",
                Some("10101"),
                "sip#1",
            ),
            (
                EntryGroup::VoicemailCodes,
                "Acme - extension 101",
                None,
                "4821",
            ),
            (
                EntryGroup::UserPro,
                "Acme - extension 101",
                None,
                "48#*1937",
            ),
            (EntryGroup::AdminPorts, "Acme - WebPro port", None, "8443"),
            (EntryGroup::Disa, "Acme - DISA user 1", None, "582931"),
            (EntryGroup::Overrides, "Acme - extension 101", None, "5829"),
            (
                EntryGroup::WalkingIds,
                "Acme - walking ID 1",
                None,
                "813399",
            ),
        ];
        assert_eq!(rows, want);
    }

    #[test]
    fn every_secret_of_the_record_is_in_an_entry() {
        let r = record();
        let es = entries(&r);
        for c in &r.credentials {
            let v = c.secret.expose_secret();
            assert!(
                es.iter().any(|e| e.password.expose_secret() == v
                    || e.username.as_ref().map(ExposeSecret::expose_secret) == Some(v)),
                "{c:?} is in no entry"
            );
        }
    }

    #[test]
    fn notes_name_the_program_item_how_to_key_it_in_and_the_sealing_date() {
        let es = entries(&record());
        let login = &es[0];
        assert!(
            login.notes.contains("Program item: 90-02-02."),
            "{}",
            login.notes
        );
        assert!(login.notes.contains("Login level: IN."), "{}", login.notes);
        assert!(login.notes.contains("90-02-01"), "{}", login.notes);
        assert!(
            login
                .notes
                .contains("Sealed in the handover file on 2026-11-22T01:30:00Z by J. Smith."),
            "{}",
            login.notes
        );
        let code = es
            .iter()
            .find(|e| e.group == EntryGroup::VoicemailCodes)
            .unwrap();
        assert!(code.notes.contains("VM soft key"), "{}", code.notes);
        // The secret is in the password field only.
        for e in es.iter().filter(|e| !e.password.expose_secret().is_empty()) {
            assert!(!e.notes.contains(e.password.expose_secret()), "{e:?}");
        }
    }

    #[test]
    fn the_site_folder_is_the_site_name_without_slashes() {
        let mut site = record().site;
        assert_eq!(folder(&site), "Acme");
        site.name = "Acme / North".into();
        assert_eq!(folder(&site), "Acme - North");
    }

    #[test]
    fn control_characters_of_the_record_are_escaped_in_titles_notes_and_folder() {
        let mut r = record();
        r.site.name = "Acme\u{1b}]0;pwned\u{7}".into();
        r.site.installer = "J.\u{0} Smith".into();
        r.credentials[4].subject = "extension\u{8}101".into();
        for e in entries(&r) {
            let all = format!("{}{}", e.title, e.notes);
            assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
        }
        assert!(!folder(&r.site).chars().any(char::is_control));
        assert!(entries(&r)[0].title.starts_with("Acme\\u{1b}]0;pwned"));
    }

    #[test]
    fn group_names_round_trip_and_hold_no_slash() {
        for g in EntryGroup::ALL {
            assert_eq!(EntryGroup::from_name(g.name()), Some(g));
            assert!(!g.name().contains('/'));
        }
        assert_eq!(EntryGroup::from_name("Root"), None);
    }

    #[test]
    fn debug_masks_the_secrets() {
        for e in entries(&record()) {
            let d = format!("{e:?}");
            let p = e.password.expose_secret();
            assert!(p.is_empty() || !d.contains(p), "{d}");
            if let Some(u) = &e.username {
                assert!(!d.contains(u.expose_secret()), "{d}");
            }
        }
    }
}
