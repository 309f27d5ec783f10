//! What changed between two visits of a site (`nec-harden diff OLD.toml NEW.toml`).
//!
//! Items newly done, reopened, failed (measured) or passed; answers changed; extensions added,
//! removed or retyped; credentials re-issued (targets and dates only: a site file holds no
//! value); probe results that changed, with "a port closed at the last visit and open now" as
//! the headline. Item states come from [`crate::fleet::status`], the one seam for status.
//! [`render`] prints it as text or JSON. No drawing here.

pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::checklist::Checklist;
use crate::fleet::status::{ItemState, site_status};
use crate::probe::{PortResult, PortState, ProbeReport, RegisterVerdict, Transport};
use crate::report::text::answer_summary;
use crate::site::{Answer, ExtensionType, SiteFile, Timestamp};

/// The version of the diff JSON.
pub const DIFF_JSON_FORMAT: u32 = 1;

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// The file as given.
    pub file: String,
    /// The site name.
    pub name: String,
    /// The model for people.
    pub model: &'static str,
    /// When the site file last changed.
    pub updated: Timestamp,
    /// The score, failed items counted as not done.
    pub percent: u32,
}

/// How an item's state moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemMove {
    /// A probe finding now contradicts it.
    Failed,
    /// Done now, and not before.
    NewlyDone,
    /// Was done, is pending or deferred again.
    Reopened,
    /// Was failed (measured), is not any more.
    Passed,
}

impl ItemMove {
    /// The heading for people.
    pub fn heading(self) -> &'static str {
        match self {
            ItemMove::Failed => "Items failed (measured)",
            ItemMove::NewlyDone => "Items newly done",
            ItemMove::Reopened => "Items reopened",
            ItemMove::Passed => "Items passed (no longer failed)",
        }
    }
}

/// An item whose state moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// How.
    #[serde(rename = "change")]
    pub what: ItemMove,
    /// The item id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The state at the old visit (`None`: the old checklist had no such item).
    pub from: Option<ItemState>,
    /// The state now.
    pub to: Option<ItemState>,
}

/// A non-credential answer that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerChange {
    /// The item id.
    pub id: String,
    /// The old answer in one line.
    pub from: Option<String>,
    /// The new answer in one line.
    pub to: Option<String>,
}

/// An extension added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionRef {
    /// The number.
    pub number: String,
    /// Its label.
    pub label: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ExtensionType,
}

/// An extension whose type changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retype {
    /// The number.
    pub number: String,
    /// The old type.
    pub from: ExtensionType,
    /// The new type.
    pub to: ExtensionType,
}

/// A credential target whose record changed: issued, re-issued or no longer on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialChange {
    /// The credential item.
    pub item: String,
    /// The 90-02 user, extension or `system`.
    pub target: String,
    /// When the old one was issued (`None`: newly issued).
    pub from: Option<Timestamp>,
    /// When the new one was issued (`None`: no longer on record).
    pub to: Option<Timestamp>,
}

/// A probed port whose result changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortChange {
    /// The probed port.
    pub port: u16,
    /// TCP or UDP.
    pub transport: Transport,
    /// What it stands for ("WebPro", "SIP").
    pub role: &'static str,
    /// The old state (`None`: not probed then).
    pub from: Option<PortState>,
    /// The new state (`None`: not probed now).
    pub to: Option<PortState>,
    /// The old REGISTER verdict, when one was tried.
    pub register_from: Option<RegisterVerdict>,
    /// The new REGISTER verdict, when one was tried.
    pub register_to: Option<RegisterVerdict>,
}

impl PortChange {
    /// Closed (or silent) at the old visit and open now: the headline.
    pub fn newly_open(&self) -> bool {
        self.to == Some(PortState::Open)
            && matches!(self.from, Some(PortState::Closed | PortState::NoAnswer))
    }

    /// A REGISTER without credentials accepted now and not before: a headline too.
    pub fn newly_accepts_register(&self) -> bool {
        self.register_to == Some(RegisterVerdict::Accepted)
            && self.register_from != Some(RegisterVerdict::Accepted)
    }
}

/// When and from where a probe ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeRun {
    /// When.
    pub at: Timestamp,
    /// `outside`, `inside` or `unknown`.
    pub vantage: &'static str,
}

/// The two probes compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeDiff {
    /// The old probe, if the old visit had one.
    pub from: Option<ProbeRun>,
    /// The new probe, if the new visit had one.
    pub to: Option<ProbeRun>,
    /// The ports whose result changed.
    pub ports: Vec<PortChange>,
}

/// Everything that changed between two visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteDiff {
    /// Always [`DIFF_JSON_FORMAT`].
    pub format: u32,
    /// The earlier visit.
    pub old: Visit,
    /// The later visit.
    pub new: Visit,
    /// Item state moves, grouped by kind of move, in checklist order within a group.
    pub items: Vec<ItemChange>,
    /// Answers changed.
    pub answers: Vec<AnswerChange>,
    /// Extensions added.
    pub extensions_added: Vec<ExtensionRef>,
    /// Extensions removed.
    pub extensions_removed: Vec<ExtensionRef>,
    /// Extensions retyped.
    pub extensions_retyped: Vec<Retype>,
    /// Credential records changed (targets and dates only).
    pub credentials: Vec<CredentialChange>,
    /// Probe results changed.
    pub probe: ProbeDiff,
}

impl SiteDiff {
    /// The ports closed at the old visit and open now, and REGISTERs newly accepted.
    pub fn headlines(&self) -> impl Iterator<Item = &PortChange> {
        self.probe
            .ports
            .iter()
            .filter(|p| p.newly_open() || p.newly_accepts_register())
    }

    /// Whether nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
            && self.answers.is_empty()
            && self.extensions_added.is_empty()
            && self.extensions_removed.is_empty()
            && self.extensions_retyped.is_empty()
            && self.credentials.is_empty()
            && self.probe.ports.is_empty()
    }

    /// The items that moved in one way.
    pub fn items_moved(&self, what: ItemMove) -> impl Iterator<Item = &ItemChange> {
        self.items.iter().filter(move |i| i.what == what)
    }
}

/// A site file with its checklist and where it came from.
pub struct Side<'a> {
    /// The file as given.
    pub file: &'a str,
    /// The site.
    pub site: &'a SiteFile,
    /// Its checklist.
    pub checklist: &'a Checklist,
}

fn visit(side: &Side<'_>, percent: u32) -> Visit {
    Visit {
        file: side.file.to_owned(),
        name: side.site.site.name.clone(),
        model: side.site.site.model.display_name(),
        updated: side.site.site.updated.clone(),
        percent,
    }
}

fn item_move(from: Option<ItemState>, to: Option<ItemState>) -> Option<ItemMove> {
    let was = |s: ItemState| from == Some(s);
    let is = |s: ItemState| to == Some(s);
    if is(ItemState::Failed) && !was(ItemState::Failed) {
        Some(ItemMove::Failed)
    } else if was(ItemState::Failed) && !is(ItemState::Failed) {
        Some(ItemMove::Passed)
    } else if is(ItemState::Done) && !was(ItemState::Done) {
        Some(ItemMove::NewlyDone)
    } else if was(ItemState::Done) && to.is_some_and(ItemState::is_open) {
        Some(ItemMove::Reopened)
    } else {
        None
    }
}

/// Every item id of both checklists: the new one's order, then items only the old one had.
fn item_ids<'a>(old: &'a Checklist, new: &'a Checklist) -> Vec<&'a str> {
    let mut ids: Vec<&str> = new.items().map(|i| i.id.as_str()).collect();
    let known: BTreeSet<&str> = ids.iter().copied().collect();
    ids.extend(
        old.items()
            .map(|i| i.id.as_str())
            .filter(|id| !known.contains(id)),
    );
    ids
}

fn credential_map(site: &SiteFile) -> BTreeMap<(&str, &str), &Timestamp> {
    let mut map = BTreeMap::new();
    for (id, record) in &site.items {
        if let Some(Answer::Credentials { issued }) = &record.answer {
            for entry in issued {
                map.insert((id.as_str(), entry.target.as_str()), &entry.at);
            }
        }
    }
    map
}

fn credential_changes(old: &SiteFile, new: &SiteFile) -> Vec<CredentialChange> {
    let (before, after) = (credential_map(old), credential_map(new));
    let keys: BTreeSet<&(&str, &str)> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (from, to) = (before.get(key), after.get(key));
            (from != to).then(|| CredentialChange {
                item: key.0.to_owned(),
                target: key.1.to_owned(),
                from: from.map(|t| (*t).clone()),
                to: to.map(|t| (*t).clone()),
            })
        })
        .collect()
}

/// A non-credential answer in one line (credentials are compared by target and date).
fn plain_answer(site: &SiteFile, id: &str) -> Option<String> {
    match site.answer(id)? {
        Answer::Credentials { .. } => None,
        answer => Some(answer_summary(answer)),
    }
}

fn port_key(p: &PortResult) -> (u16, Transport) {
    (p.port, p.transport)
}

fn probe_diff(old: Option<&ProbeReport>, new: Option<&ProbeReport>) -> ProbeDiff {
    let ports_of = |probe: Option<&ProbeReport>| -> BTreeMap<(u16, Transport), PortResult> {
        probe
            .iter()
            .flat_map(|p| p.ports.iter())
            .map(|p| (port_key(p), p.clone()))
            .collect()
    };
    let (before, after) = (ports_of(old), ports_of(new));
    let keys: BTreeSet<&(u16, Transport)> = before.keys().chain(after.keys()).collect();
    let ports = keys
        .into_iter()
        .filter_map(|key| {
            let (from, to) = (before.get(key), after.get(key));
            let change = PortChange {
                port: key.0,
                transport: key.1,
                role: to.or(from).map_or("", |p| p.role.label()),
                from: from.map(|p| p.state),
                to: to.map(|p| p.state),
                register_from: from.and_then(|p| p.register.as_ref()).map(|r| r.verdict),
                register_to: to.and_then(|p| p.register.as_ref()).map(|r| r.verdict),
            };
            // Only one of two probes ran: nothing is "changed" for a port it did not try.
            let both = old.is_some() && new.is_some();
            let moved = change.from != change.to || change.register_from != change.register_to;
            (both && moved).then_some(change)
        })
        .collect();
    let run = |p: &ProbeReport| ProbeRun {
        at: p.at.clone(),
        vantage: p.vantage.name(),
    };
    ProbeDiff {
        from: old.map(run),
        to: new.map(run),
        ports,
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> SiteDiff {
    let (old_status, new_status) = (
        site_status(old.checklist, old.site),
        site_status(new.checklist, new.site),
    );
    let title = |id: &str| {
        new.checklist
            .item(id)
            .or_else(|| old.checklist.item(id))
            .map_or_else(String::new, |i| i.title.clone())
    };
    let mut items = Vec::new();
    let mut answers = Vec::new();
    for id in item_ids(old.checklist, new.checklist) {
        let (from, to) = (old_status.state_of(id), new_status.state_of(id));
        if let Some(what) = item_move(from, to) {
            items.push(ItemChange {
                what,
                id: id.to_owned(),
                title: title(id),
                from,
                to,
            });
        }
        let (a, b) = (plain_answer(old.site, id), plain_answer(new.site, id));
        if a != b {
            answers.push(AnswerChange {
                id: id.to_owned(),
                from: a,
                to: b,
            });
        }
    }
    items.sort_by_key(|i| i.what);
    let ext_ref = |e: &crate::site::Extension| ExtensionRef {
        number: e.number.to_string(),
        label: e.label.clone(),
        kind: e.kind,
    };
    let extensions_added = new
        .site
        .extensions
        .iter()
        .filter(|e| old.site.extension(e.number.as_str()).is_none())
        .map(ext_ref)
        .collect();
    let extensions_removed = old
        .site
        .extensions
        .iter()
        .filter(|e| new.site.extension(e.number.as_str()).is_none())
        .map(ext_ref)
        .collect();
    let extensions_retyped = new
        .site
        .extensions
        .iter()
        .filter_map(|e| {
            let before = old.site.extension(e.number.as_str())?;
            (before.kind != e.kind).then(|| Retype {
                number: e.number.to_string(),
                from: before.kind,
                to: e.kind,
            })
        })
        .collect();
    SiteDiff {
        format: DIFF_JSON_FORMAT,
        old: visit(old, old_status.score.percent),
        new: visit(new, new_status.score.percent),
        items,
        answers,
        extensions_added,
        extensions_removed,
        extensions_retyped,
        credentials: credential_changes(old.site, new.site),
        probe: probe_diff(old.site.probe.as_ref(), new.site.probe.as_ref()),
    }
}
