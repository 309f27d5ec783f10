//! Fresh credentials for a replay, and the site-file records of their issue.

use std::collections::HashSet;

use rand::CryptoRng;
use secrecy::ExposeSecret;

use crate::checklist::{AnswerSpec, Checklist, CredentialScope, Item};
use crate::handover::{AdminPorts, Credential, HandoverRecord, Level, SiteInfo};
use crate::secrets::{Context, CredentialKind, GenError, Generator};
use crate::site::{Answer, EditError, IssuedCredential, SiteFile, Status, Timestamp};

/// Why a replay could not issue or record credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The rules engine could not generate a value (a context that leaves none).
    #[error("item `{item}`: {source}")]
    Generate {
        /// The item id.
        item: String,
        /// The generator's reason.
        source: GenError,
    },
    /// The site file refused the update.
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// Freshly generated credentials: the handover record's entries and, per item, the
/// non-secret facts of their issue for the site file.
#[derive(Debug)]
pub struct FreshCredentials {
    /// Every credential, in checklist order.
    pub credentials: Vec<Credential>,
    /// Per credential item: which targets got a credential (no secret).
    pub issued: Vec<(String, Vec<IssuedCredential>)>,
    /// The new 90-54 ports, when the items apply.
    pub admin_ports: AdminPorts,
}

/// One target of a credential item: who gets it, its level, and its extension.
struct Target {
    id: String,
    subject: String,
    level: Option<u8>,
    extension: Option<String>,
}

fn targets(item: &Item, scope: CredentialScope, site: &SiteFile) -> Vec<Target> {
    match scope {
        CredentialScope::LoginUser => {
            let model = site.site.model;
            let previous = previous_levels(site, &item.id);
            model
                .editable_login_users()
                .map(|user| {
                    // Keep the level a previous visit gave, else the model's default.
                    let level = previous
                        .iter()
                        .find(|(t, _)| *t == user.to_string())
                        .map_or_else(|| model.default_login_level(user), |(_, l)| *l);
                    Target {
                        id: user.to_string(),
                        subject: format!("user {user}"),
                        level: Some(level),
                        extension: None,
                    }
                })
                .collect()
        }
        CredentialScope::Extension { filter } => site
            .extensions_matching(filter)
            .map(|e| Target {
                id: e.number.to_string(),
                subject: format!("extension {}", e.number),
                level: None,
                extension: Some(e.number.to_string()),
            })
            .collect(),
        CredentialScope::Once => vec![Target {
            id: "system".into(),
            subject: item.title.clone(),
            level: None,
            extension: None,
        }],
    }
}

fn previous_levels(site: &SiteFile, item: &str) -> Vec<(String, u8)> {
    match site.answer(item) {
        Some(Answer::Credentials { issued }) => issued
            .iter()
            .filter_map(|i| i.level.map(|l| (i.target.clone(), l)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Kinds that name a login rather than prove it; paired with the secret kind after them.
fn is_name_kind(kind: CredentialKind) -> bool {
    matches!(kind, CredentialKind::Username | CredentialKind::SipId)
}

/// The program a credential of `kind` is keyed into: the item's reference for that kind
/// (`90-02-02` for a password), the kind's program family (`90-02` for a user name and
/// password pair), or the item's first reference.
fn program_for(item: &Item, kind: CredentialKind, paired: bool) -> String {
    let (exact, family) = match kind {
        CredentialKind::Password => ("90-02-02", "90-02"),
        CredentialKind::SipPassword => ("84-22-02", "84-22"),
        CredentialKind::Userpro => ("90-28", "90-28"),
        CredentialKind::Port => ("90-54", "90-54"),
        CredentialKind::Username => ("90-02-01", "90-02"),
        CredentialKind::SipId => ("84-22-01", "84-22"),
        CredentialKind::Code | CredentialKind::Disa => ("", ""),
        CredentialKind::Override => ("21-07", "21-07"),
    };
    let has = |p: &str| !p.is_empty() && item.programs.iter().any(|r| r.starts_with(p));
    if paired && has(family) {
        family.to_owned()
    } else if let Some(r) = item
        .programs
        .iter()
        .find(|r| has(exact) && r.starts_with(exact))
    {
        r.clone()
    } else {
        item.programs
            .first()
            .cloned()
            .unwrap_or_else(|| kind.label().to_owned())
    }
}

/// A value already in the record, wiped when the record is done.
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

/// Values already drawn, by family: names are compared with names ignoring case (the system
/// may not tell `Abc` from `abc`), secrets with secrets, ports with ports.
#[derive(Default)]
struct Drawn {
    names: HashSet<Used>,
    secrets: HashSet<Used>,
    ports: HashSet<Used>,
}

impl Drawn {
    /// The family of `kind` and the form its values are compared in.
    fn family(&mut self, kind: CredentialKind, value: &str) -> (&mut HashSet<Used>, Used) {
        match kind {
            CredentialKind::Port => (&mut self.ports, Used(value.to_owned())),
            k if is_name_kind(k) => (&mut self.names, Used(value.to_ascii_lowercase())),
            _ => (&mut self.secrets, Used(value.to_owned())),
        }
    }
}

/// How many draws in a row may hit values already used before the set counts as exhausted.
const MAX_COLLISIONS: u32 = 10_000;

/// Generates fresh credentials for every credential item that applies to `site` and is not
/// marked not applicable. Every value is unique within the record and accepted as `ok` by the
/// rules engine for its kind and extension.
///
/// # Errors
/// [`ReplayError::Generate`] if an item's rules leave no value to draw.
pub fn issue<R: CryptoRng + ?Sized>(
    checklist: &Checklist,
    site: &SiteFile,
    now: &Timestamp,
    rng: &mut R,
) -> Result<FreshCredentials, ReplayError> {
    let mut out = FreshCredentials {
        credentials: Vec::new(),
        issued: Vec::new(),
        admin_ports: AdminPorts::default(),
    };
    let mut drawn = Drawn::default();
    for item in checklist.items() {
        let AnswerSpec::Credentials { kinds, per } = &item.answer else {
            continue;
        };
        if !checklist.applies(item, site) || site.status(&item.id) == Status::NotApplicable {
            continue;
        }
        let mut issued = Vec::new();
        for target in targets(item, *per, site) {
            let mut name: Option<String> = None;
            let mut port: Option<u16> = None;
            for &kind in kinds {
                let value =
                    draw(kind, target.extension.as_deref(), &mut drawn, rng).map_err(|source| {
                        ReplayError::Generate {
                            item: item.id.clone(),
                            source,
                        }
                    })?;
                if is_name_kind(kind) && kinds.len() > 1 {
                    name = Some(value.expose_secret().to_owned());
                    continue;
                }
                if kind == CredentialKind::Port {
                    port = value.expose_secret().parse().ok();
                    let program = program_for(item, kind, false);
                    if program.starts_with("90-54-02") {
                        out.admin_ports.pcpro = port;
                    } else {
                        out.admin_ports.webpro = port;
                    }
                }
                let program = program_for(item, kind, name.is_some());
                let mut c = Credential::new(program, kind, &target.subject, value);
                if let Some(level) = target.level.and_then(Level::from_number) {
                    c = c.with_level(level);
                }
                if let Some(n) = name.take() {
                    c = c.with_user(n);
                }
                out.credentials.push(c);
            }
            issued.push(IssuedCredential {
                target: target.id,
                at: now.clone(),
                level: target.level,
                port,
            });
        }
        out.issued.push((item.id.clone(), issued));
    }
    Ok(out)
}

/// Draws a value of `kind` that no earlier credential of its family has.
///
/// The generator draws uniformly from the accepted-and-strong set; a value already used is
/// drawn again, so the result is uniform over that set less the used values: the same set the
/// rules engine's reuse rule leaves.
fn draw<R: CryptoRng + ?Sized>(
    kind: CredentialKind,
    extension: Option<&str>,
    drawn: &mut Drawn,
    rng: &mut R,
) -> Result<secrecy::SecretString, GenError> {
    let ctx = Context {
        extension,
        ..Context::default()
    };
    let generator = Generator::new(kind, None, &ctx)?;
    for _ in 0..MAX_COLLISIONS {
        let value = generator.draw(rng);
        let (used, key) = drawn.family(kind, value.expose_secret());
        if !used.contains(&key) {
            used.insert(key);
            return Ok(value);
        }
    }
    Err(GenError::Empty(kind))
}

impl FreshCredentials {
    /// The handover record for `site` holding these credentials.
    pub fn record(&self, checklist: &Checklist, site: &SiteFile) -> HandoverRecord {
        let mut record = HandoverRecord::new(SiteInfo {
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model,
            installer: site.site.installer.clone(),
        });
        record.credentials.clone_from(&self.credentials);
        record.admin_ports = self.admin_ports;
        let mut forwarded: Vec<u16> = checklist
            .items()
            .filter(|i| checklist.applies(i, site))
            .filter_map(|i| match site.answer(&i.id) {
                Some(Answer::Choice { selected }) => Some(selected.clone()),
                _ => None,
            })
            .flatten()
            .filter_map(|id| id.parse::<u16>().ok())
            .chain(self.admin_ports.webpro)
            .chain(self.admin_ports.pcpro)
            .collect();
        forwarded.sort_unstable();
        forwarded.dedup();
        record.forwarded_ports = forwarded;
        record.checklist_done = checklist
            .items()
            .filter(|i| site.status(&i.id) == Status::Done)
            .map(|i| i.id.clone())
            .collect();
        record
    }

    /// Records the issue in the site file: each credential item gets its new issue list and
    /// goes back to pending (the new values still have to be keyed in). No secret is written.
    ///
    /// # Errors
    /// [`ReplayError::Edit`] if the site file refuses an update (it is then partly updated in
    /// memory only; the caller saves nothing).
    pub fn apply(
        &self,
        checklist: &Checklist,
        site: &mut SiteFile,
        now: &Timestamp,
    ) -> Result<(), ReplayError> {
        for (item, issued) in &self.issued {
            site.set_answer(
                checklist,
                item,
                Answer::Credentials {
                    issued: issued.clone(),
                },
                now,
            )?;
            site.set_status(checklist, item, Status::Pending, None, now)?;
        }
        Ok(())
    }
}
