//! The one credential issuer: fresh values for credential targets, the handover entries they
//! become, and the record's public facts. The wizard (one row or cell at a time) and headless
//! replay (every target at once) both call it, so their records have one shape:
//! one entry per value, naming its target ([`Target::subject`]), its program item exactly
//! (`90-02-01` user name, `90-02-02` password, `84-22-01`, `84-22-02`, `90-28`, `90-54-01`,
//! `mailbox`, ...) and the 90-02-03 level where one applies.
//!
//! Sealing stays with the caller, through the lock-out guard ([`crate::handover::seal_and_prove`]):
//! no value drawn here may be shown before it is sealed.

use std::collections::HashSet;

use secrecy::{ExposeSecret, SecretString};

use super::status::done_items;
use super::targets::Target;
use crate::checklist::Checklist;
use crate::handover::{AdminPorts, Credential, HandoverRecord, Level};
use crate::secrets::{Context, CredentialKind, GenError, Generator};
use crate::site::{Answer, IssuedCredential, SiteFile, Timestamp};

/// The item whose choice lists the SIP ports forwarded from the internet.
pub const SIP_PORTS_ITEM: &str = "sip-ports-forwarded";

/// How many draws in a row may hit values already used before the set counts as exhausted.
const MAX_COLLISIONS: u32 = 100_000;

/// A value already in the record, wiped when the issuer is dropped.
#[derive(PartialEq, Eq, Hash)]
struct Used(String);

impl std::borrow::Borrow<str> for Used {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Drop for Used {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// Draws fresh values that no other value of the record repeats (the rules engine's reuse
/// rule): names are compared with names ignoring case (the system may not tell `Abc` from
/// `abc`), secrets with secrets, ports with ports.
#[derive(Default)]
pub struct Issuer {
    names: HashSet<Used>,
    secrets: HashSet<Used>,
    ports: HashSet<Used>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field(
                "used",
                &(self.names.len() + self.secrets.len() + self.ports.len()),
            )
            .finish()
    }
}

/// Why values could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("item `{item}`, {subject}: {source}")]
pub struct IssueError {
    /// The item id.
    pub item: String,
    /// The target.
    pub subject: String,
    /// The generator's reason.
    pub source: GenError,
}

/// Whether `kind` names a login rather than proving it.
fn is_name_kind(kind: CredentialKind) -> bool {
    matches!(kind, CredentialKind::Username | CredentialKind::SipId)
}

impl Issuer {
    /// An issuer for a new, empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// An issuer that avoids every value already in `credentials` (the record so far).
    pub fn avoiding(credentials: &[Credential]) -> Self {
        let mut issuer = Self::new();
        for c in credentials {
            issuer.mark_used(c.kind, c.secret.expose_secret());
        }
        issuer
    }

    fn family(&mut self, kind: CredentialKind, value: &str) -> (&mut HashSet<Used>, Used) {
        match kind {
            CredentialKind::Port => (&mut self.ports, Used(value.to_owned())),
            k if is_name_kind(k) => (&mut self.names, Used(value.to_ascii_lowercase())),
            _ => (&mut self.secrets, Used(value.to_owned())),
        }
    }

    /// Records that `value` is in the record (a typed value, for instance).
    pub fn mark_used(&mut self, kind: CredentialKind, value: &str) {
        let (used, key) = self.family(kind, value);
        used.insert(key);
    }

    /// Draws a value of `kind` for a target with this extension, not used yet in the record.
    ///
    /// `draw` takes one value from the generator (the OS CSPRNG in the program, a seeded one
    /// in tests). A value already used is drawn again, so the result is uniform over the
    /// accepted-and-strong set less the used values.
    ///
    /// # Errors
    /// [`GenError`] if the rules leave no value, or every draw repeats a used one.
    pub fn draw(
        &mut self,
        kind: CredentialKind,
        extension: Option<&str>,
        draw: &mut dyn FnMut(&Generator<'_>) -> SecretString,
    ) -> Result<SecretString, GenError> {
        let ctx = Context {
            extension,
            ..Context::default()
        };
        self.draw_in(kind, &ctx, draw)
    }

    /// Draws value `slot` of `target`: as [`Issuer::draw`], with the target's extension and,
    /// for a code dialled at a phone, none of the site's extension numbers.
    ///
    /// # Errors
    /// [`GenError`] if the rules leave no value, or every draw repeats a used one.
    ///
    /// # Panics
    /// If `slot` is not one of the target's slots.
    pub fn draw_for(
        &mut self,
        target: &Target,
        slot: usize,
        draw: &mut dyn FnMut(&Generator<'_>) -> SecretString,
    ) -> Result<SecretString, GenError> {
        let site_extensions: Vec<&str> =
            target.site_extensions.iter().map(String::as_str).collect();
        let ctx = Context {
            extension: target.extension.as_deref(),
            site_extensions: &site_extensions,
            ..Context::default()
        };
        self.draw_in(target.slots[slot].kind, &ctx, draw)
    }

    fn draw_in(
        &mut self,
        kind: CredentialKind,
        ctx: &Context<'_>,
        draw: &mut dyn FnMut(&Generator<'_>) -> SecretString,
    ) -> Result<SecretString, GenError> {
        let generator = Generator::new(kind, None, ctx)?;
        for _ in 0..MAX_COLLISIONS {
            let value = draw(&generator);
            let (used, key) = self.family(kind, value.expose_secret());
            if !used.contains(&key) {
                used.insert(key);
                return Ok(value);
            }
        }
        Err(GenError::Empty(kind))
    }

    /// Draws every value of `target` and returns its entries, in slot order.
    ///
    /// # Errors
    /// [`IssueError`] naming the item and target.
    pub fn issue(
        &mut self,
        target: &Target,
        draw: &mut dyn FnMut(&Generator<'_>) -> SecretString,
    ) -> Result<Vec<Credential>, IssueError> {
        (0..target.slots.len())
            .map(|slot| {
                self.draw_for(target, slot, draw)
                    .map(|value| entry(target, slot, value))
                    .map_err(|source| IssueError {
                        item: target.item.clone(),
                        subject: target.subject.clone(),
                        source,
                    })
            })
            .collect()
    }
}

/// The handover entry for value `slot` of `target`: its kind, exact program item, subject and
/// level. The one record shape, whichever path made the value.
///
/// # Panics
/// If `slot` is not one of the target's slots.
pub fn entry(target: &Target, slot: usize, value: SecretString) -> Credential {
    let s = &target.slots[slot];
    let mut c = Credential::new(s.program.clone(), s.kind, target.subject.clone(), value);
    if let Some(level) = target.level.and_then(Level::from_number) {
        c = c.with_level(level);
    }
    c
}

/// The site file's record that `target` received its credentials at `now` (no secret: a port
/// number is kept, it is not one).
pub fn issued(target: &Target, entries: &[Credential], now: &Timestamp) -> IssuedCredential {
    IssuedCredential {
        target: target.id.clone(),
        at: now.clone(),
        level: target.level,
        port: entries
            .iter()
            .find(|c| c.kind == CredentialKind::Port)
            .and_then(|c| c.secret.expose_secret().parse().ok()),
    }
}

/// The 90-54 ports the entries set, by their program item.
pub fn admin_ports(credentials: &[Credential]) -> AdminPorts {
    let port = |program: &str| {
        credentials
            .iter()
            .rev()
            .find(|c| c.kind == CredentialKind::Port && c.program.starts_with(program))
            .and_then(|c| c.secret.expose_secret().parse().ok())
    };
    AdminPorts {
        webpro: port("90-54-01"),
        pcpro: port("90-54-02"),
    }
}

/// The ports the router forwards to the system: the SIP ports recorded as forwarded, and the
/// moved WebPro / PCPro ports.
pub fn forwarded_ports(site: &SiteFile, admin: AdminPorts) -> Vec<u16> {
    let sip = match site.answer(SIP_PORTS_ITEM) {
        Some(Answer::Choice { selected }) => selected
            .iter()
            .filter_map(|id| id.parse::<u16>().ok())
            .collect(),
        _ => Vec::new(),
    };
    let mut ports: Vec<u16> = sip
        .into_iter()
        .chain(admin.webpro)
        .chain(admin.pcpro)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

/// Sets the record's public facts from its entries and the site: the 90-54 ports, the
/// forwarded ports and the items done (computed, as the site file stands now).
pub fn fill_facts(record: &mut HandoverRecord, checklist: &Checklist, site: &SiteFile) {
    record.admin_ports = admin_ports(&record.credentials);
    record.forwarded_ports = forwarded_ports(site, record.admin_ports);
    record.checklist_done = done_items(checklist, site);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;
    use crate::coverage::targets::item_targets;
    use crate::nec::Model;
    use rand::SeedableRng;

    #[test]
    fn a_login_user_gets_a_name_and_a_password_keyed_into_their_own_items() {
        let list = builtin(Model::Sl2100);
        let now = Timestamp::from_unix_seconds(0);
        let site = SiteFile::new("n", "c", "i", &list, &now);
        let targets = item_targets(list.item("login-credentials").unwrap(), &site);
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let mut draw = |g: &Generator<'_>| g.draw(&mut rng);
        let entries = Issuer::new().issue(&targets[0], &mut draw).unwrap();
        let shape: Vec<_> = entries
            .iter()
            .map(|c| {
                (
                    c.program.as_str(),
                    c.kind,
                    c.subject.as_str(),
                    c.level,
                    c.user.is_some(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (
                    "90-02-01",
                    CredentialKind::Username,
                    "user 2",
                    Some(Level::Installer),
                    false
                ),
                (
                    "90-02-02",
                    CredentialKind::Password,
                    "user 2",
                    Some(Level::Installer),
                    false
                ),
            ]
        );
    }

    #[test]
    fn no_value_repeats_one_already_in_the_record() {
        // A 1-digit set would be exhausted at once; the 4-digit code set is small enough to
        // show the rule: ask for more codes than half the set and none repeats.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2);
        let mut draw = |g: &Generator<'_>| g.draw(&mut rng);
        let mut issuer = Issuer::new();
        let mut seen = HashSet::new();
        for _ in 0..2000 {
            let v = issuer.draw(CredentialKind::Code, None, &mut draw).unwrap();
            assert!(seen.insert(v.expose_secret().to_owned()));
        }
    }

    /// A random site: model, extensions of every type, mailboxes, User Pro, remote
    /// maintenance, DISA.
    fn random_site(
        model: bool,
        exts: &[(u8, bool, bool, bool)],
        remote: u8,
        disa: Option<u8>,
    ) -> (Checklist, SiteFile) {
        use crate::site::{Extension, ExtensionType};
        let list = builtin(if model { Model::Sl1100 } else { Model::Sl2100 });
        let now = Timestamp::from_unix_seconds(0);
        let mut site = SiteFile::new("n", "c", "i", &list, &now);
        for (i, &(kind, in_use, mailbox, user_pro)) in exts.iter().enumerate() {
            let kind = [
                ExtensionType::Physical,
                ExtensionType::Virtual,
                ExtensionType::Sip,
                ExtensionType::SipThirdParty,
            ][usize::from(kind % 4)];
            let ext = Extension {
                number: format!("{}", 100 + i).parse().unwrap(),
                label: String::new(),
                kind,
                in_use,
                mailbox,
                user_pro,
                notification: None,
            };
            site.put_extension(ext, &now);
        }
        let choice = |ids: &[&str]| Answer::Choice {
            selected: ids.iter().map(|s| (*s).to_owned()).collect(),
        };
        let remote = match remote % 4 {
            0 => choice(&["none"]),
            1 => choice(&["webpro"]),
            2 => choice(&["pcpro"]),
            _ => choice(&["webpro", "pcpro"]),
        };
        site.set_answer(&list, "remote-maintenance", remote, &now)
            .unwrap();
        match disa {
            Some(n) => {
                site.set_answer(&list, "disa-used", choice(&["used"]), &now)
                    .unwrap();
                let users = Answer::Number {
                    value: i64::from(n),
                };
                site.set_answer(&list, "disa-users", users, &now).unwrap();
            }
            None => site
                .set_answer(&list, "disa-used", choice(&["none"]), &now)
                .unwrap(),
        }
        (list, site)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn every_target_gets_exactly_one_credential_per_value_and_nothing_else_does(
            model in proptest::bool::ANY,
            exts in proptest::collection::vec(
                (0u8..4, proptest::bool::ANY, proptest::bool::ANY, proptest::bool::ANY),
                0..12,
            ),
            remote in 0u8..4,
            disa in proptest::option::of(1u8..=15),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let (list, site) = random_site(model, &exts, remote, disa);
            let now = Timestamp::from_unix_seconds(1);
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let fresh = crate::replay::issue(&list, &site, &now, &mut rng).unwrap();
            let targets = crate::coverage::site_targets(&list, &site);
            let mut expected: Vec<(CredentialKind, String, String)> = targets
                .iter()
                .flat_map(|t| {
                    t.slots
                        .iter()
                        .map(|s| (s.kind, s.program.clone(), t.subject.clone()))
                })
                .collect();
            let mut got: Vec<(CredentialKind, String, String)> = fresh
                .credentials
                .iter()
                .map(|c| (c.kind, c.program.clone(), c.subject.clone()))
                .collect();
            expected.sort();
            got.sort();
            proptest::prop_assert_eq!(&got, &expected);
            // No target is listed twice, so each value above belongs to exactly one target.
            let mut ids: Vec<(&str, &str)> =
                targets.iter().map(|t| (t.item.as_str(), t.id.as_str())).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            proptest::prop_assert_eq!(ids.len(), n);
            // The DISA users and SL1100 user 1 follow the rules of the model and the answers.
            let disa_values = got.iter().filter(|g| g.0 == CredentialKind::Disa).count();
            proptest::prop_assert_eq!(disa_values, usize::from(disa.unwrap_or(0)));
            proptest::prop_assert!(!got.iter().any(|g| g.2 == "user 1"));
        }
    }
}
