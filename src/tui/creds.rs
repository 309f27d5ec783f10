//! The credentials editor: one row per target (login user, extension or the system), one column
//! per credential kind; generate, regenerate or type a value in, reveal and copy one at a time.
//!
//! Values reach the screen only through the vault, which holds nothing that is not sealed and
//! proven on disk (the lock-out guard); see [`super::vault`].

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::answer::{Editor, answer_rows};
use super::app::{App, follow};
use super::input::Input;
use super::keys::Msg;
use super::text::walk as t;
use crate::checklist::{CredentialScope, Item};
use crate::coverage::issuer;
use crate::coverage::vault::Vault;
use crate::coverage::{Target, item_targets};
use crate::handover::Level;
use crate::secrets::{Context, CredentialKind, Generator, Status, Verdict, check};
use crate::site::{IssuedCredential, SiteFile};

/// One target of the item's credentials and where its sealed values are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredRow {
    /// The target, as the domain lists it ([`crate::coverage::targets`]); its level changes
    /// when the installer cycles it.
    pub target: Target,
    /// Per kind, the index of its sealed credential in the vault.
    pub slots: Vec<Option<usize>>,
    /// The site file's record of credentials this target got on an earlier visit, sealed in
    /// a handover this session did not open (shown as issued, with the date, never a value).
    pub earlier: Option<IssuedCredential>,
}

impl CredRow {
    /// Whether every kind of the row has a sealed value.
    pub fn complete(&self) -> bool {
        self.slots.iter().all(Option::is_some)
    }

    /// Whether the target has its credentials: sealed in this session, or issued earlier.
    pub fn covered(&self) -> bool {
        self.complete() || (self.earlier.is_some() && self.slots.iter().all(Option::is_none))
    }
}

/// A value being typed in for the focused cell.
pub struct TypeIn {
    /// The value (masked until Ctrl+R).
    pub input: Input,
    /// The rules engine's verdict on it, updated on each key.
    pub verdict: Option<Verdict>,
    /// Whether the installer confirmed a weak value.
    pub weak_ok: bool,
}

impl std::fmt::Debug for TypeIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeIn")
            .field("input", &self.input)
            .field("verdict", &self.verdict.as_ref().map(|v| v.status))
            .field("weak_ok", &self.weak_ok)
            .finish()
    }
}

/// The credentials editor.
#[derive(Debug)]
pub struct CredEditor {
    /// The kinds, one column each.
    pub kinds: Vec<CredentialKind>,
    /// The targets.
    pub rows: Vec<CredRow>,
    /// The focused row.
    pub row: usize,
    /// The focused column.
    pub col: usize,
    /// The first visible row.
    pub offset: usize,
    /// Whether the focused value is revealed; any move hides it again.
    pub revealed: bool,
    /// A value being typed for the focused cell.
    pub typing: Option<TypeIn>,
    /// Per kind, the exact entropy of the generator's set in bits.
    pub bits: Vec<f64>,
    /// The 90-02 users the model shows but the installer leaves alone, with the reason.
    pub untouched: &'static [(u8, &'static str)],
}

/// The level after `level` when the installer cycles it; the installer level (2) stays, so
/// the system always keeps an installer login.
pub fn next_level(level: u8) -> u8 {
    match level {
        2 => 2,
        3 => 4,
        4 => 5,
        5 => 0,
        _ => 3,
    }
}

/// The short name of a level for the table (`IN`, `SA`, `SB`, `UA`, `off`).
pub fn level_name(level: u8) -> &'static str {
    match Level::from_number(level) {
        Some(Level::Prohibited) | None => super::text::walk::LEVEL_OFF,
        Some(l) => l.name(),
    }
}

/// The entropy in bits of `kind`'s generated values with no context, shown in the table's
/// heading: a constant of the rules, so it is counted once per kind and process rather than
/// on every visit to a credentials item (counting the set was most of the cost of a Tab onto
/// one).
fn heading_bits(kind: CredentialKind) -> f64 {
    static BITS: Mutex<BTreeMap<CredentialKind, f64>> = Mutex::new(BTreeMap::new());
    let mut known = BITS.lock().unwrap_or_else(PoisonError::into_inner);
    *known.entry(kind).or_insert_with(|| {
        Generator::new(kind, None, &Context::default()).map_or(0.0, |g| g.set_size().bits())
    })
}

impl CredEditor {
    /// The editor for `item`, one row per target ([`crate::coverage::item_targets`]), matched
    /// to the sealed credentials already in `vault`; with `earlier`, a target whose
    /// credentials are sealed elsewhere shows the site file's record of them (a replay, whose
    /// credentials are all fresh, passes false).
    pub fn build(
        site: &SiteFile,
        item: &Item,
        kinds: &[CredentialKind],
        vault: Option<&Vault>,
        earlier: bool,
    ) -> Self {
        let sealed = vault.map_or(&[][..], Vault::credentials);
        // Only records that count for the item's status (a replay's fresh start drops them).
        let recorded = if earlier {
            crate::coverage::status::counted_issues(item, site)
        } else {
            Vec::new()
        };
        let rows: Vec<CredRow> = item_targets(item, site)
            .into_iter()
            .map(|target| {
                let slots: Vec<Option<usize>> = target
                    .slots
                    .iter()
                    .map(|s| {
                        sealed.iter().rposition(|c| {
                            c.kind == s.kind
                                && c.program == s.program
                                && c.subject == target.subject
                        })
                    })
                    .collect();
                let earlier = if slots.iter().all(Option::is_none) {
                    recorded
                        .iter()
                        .rfind(|i| i.target == target.id)
                        .map(|i| (*i).clone())
                } else {
                    None
                };
                CredRow {
                    target,
                    slots,
                    earlier,
                }
            })
            .collect();
        let untouched = match item.answer {
            crate::checklist::AnswerSpec::Credentials {
                per: CredentialScope::LoginUser,
                ..
            } => site.site.model.untouched_login_users(),
            _ => &[],
        };
        let bits = kinds.iter().map(|k| heading_bits(*k)).collect();
        Self {
            kinds: kinds.to_vec(),
            rows,
            row: 0,
            col: 0,
            offset: 0,
            revealed: false,
            typing: None,
            bits,
            untouched,
        }
    }

    /// Whether every row has every credential (this session's, or issued earlier).
    pub fn complete(&self) -> bool {
        self.rows.iter().all(CredRow::covered)
    }

    /// The site file's record of who got credentials: complete rows of this session, and the
    /// earlier record of rows whose credentials are sealed elsewhere (kept, so a visit without
    /// the customer's handover never forgets them).
    pub fn issued(&self, vault: &Vault, now: &crate::site::Timestamp) -> Vec<IssuedCredential> {
        self.rows
            .iter()
            .filter_map(|r| {
                if r.complete() {
                    let entries: Vec<_> = r
                        .slots
                        .iter()
                        .filter_map(|s| vault.credentials().get((*s)?).cloned())
                        .collect();
                    Some(issuer::issued(&r.target, &entries, now))
                } else {
                    r.earlier.clone()
                }
            })
            .collect()
    }
}

/// Values of `kind` already in the record, except at `skip` (reusing one is weak).
pub(super) fn others(vault: &Vault, kind: CredentialKind, skip: Option<usize>) -> Vec<&str> {
    vault
        .credentials()
        .iter()
        .enumerate()
        .filter(|(i, c)| c.kind == kind && Some(*i) != skip)
        .map(|(_, c)| c.secret.expose_secret())
        .collect()
}

impl App {
    fn cred_editor(&mut self) -> Option<&mut CredEditor> {
        match self.walk.as_mut().map(|w| &mut w.editor) {
            Some(Editor::Credentials(c)) => Some(c),
            _ => None,
        }
    }

    /// Handles a key in the credentials editor.
    pub(crate) fn update_credentials(&mut self, msg: Msg) {
        let rows = answer_rows(self.size.1);
        let Some(ed) = self.cred_editor() else {
            return;
        };
        if ed.typing.is_some() {
            self.update_type_in(msg);
            return;
        }
        let last = ed.rows.len().saturating_sub(1);
        let (before_row, before_col) = (ed.row, ed.col);
        match msg {
            Msg::Up => ed.row = ed.row.saturating_sub(1),
            Msg::Down => ed.row = (ed.row + 1).min(last),
            Msg::Home => ed.row = 0,
            Msg::End => ed.row = last,
            Msg::Left => ed.col = ed.col.saturating_sub(1),
            Msg::Right => ed.col = (ed.col + 1).min(ed.kinds.len().saturating_sub(1)),
            Msg::Char('v') => ed.revealed = !ed.revealed,
            Msg::Char('e') if !ed.rows.is_empty() => {
                ed.revealed = false;
                ed.typing = Some(TypeIn {
                    input: Input::masked(),
                    verdict: None,
                    weak_ok: false,
                });
            }
            Msg::Char('c') => self.copy_focused(),
            Msg::Char('l')
                if ed
                    .rows
                    .get(ed.row)
                    .is_some_and(|r| r.target.level.is_some()) =>
            {
                let r = ed.row;
                let row = &mut ed.rows[r];
                let level = next_level(row.target.level.unwrap_or(5));
                row.target.level = Some(level);
                if row.slots.iter().any(Option::is_some) {
                    self.queue(move |app| app.reseal_row(r));
                }
            }
            Msg::Char('g') if !ed.rows.is_empty() => {
                let r = ed.row;
                self.queue(move |app| app.generate(&[r], false));
            }
            Msg::Char('r') if !ed.rows.is_empty() => {
                let r = ed.row;
                self.queue(move |app| app.generate(&[r], true));
            }
            Msg::Char('G') => {
                let todo: Vec<usize> = (0..ed.rows.len())
                    .filter(|&i| !ed.rows[i].covered())
                    .collect();
                if !todo.is_empty() {
                    self.queue(move |app| app.generate(&todo, false));
                }
            }
            _ => {}
        }
        if let Some(ed) = self.cred_editor() {
            if (ed.row, ed.col) != (before_row, before_col) {
                ed.revealed = false;
            }
            ed.offset = follow(ed.offset, ed.row, rows);
        }
    }

    fn copy_focused(&mut self) {
        let value = self
            .focused_secret()
            .map(|s| Zeroizing::new(s.expose_secret().to_owned()));
        if let Some(v) = value {
            self.clipboard = Some(v);
            self.info(t::COPIED);
        }
    }

    /// The focused cell's value, only if it is sealed (`None` otherwise).
    pub fn focused_secret(&self) -> Option<&SecretString> {
        let Some(Editor::Credentials(ed)) = self.walk.as_ref().map(|w| &w.editor) else {
            return None;
        };
        let slot = ed.rows.get(ed.row)?.slots.get(ed.col).copied().flatten()?;
        self.vault.as_ref()?.secret(slot)
    }

    fn update_type_in(&mut self, msg: Msg) {
        let Some(vault) = self.vault.as_ref() else {
            return;
        };
        let Some(Editor::Credentials(ed)) = self.walk.as_mut().map(|w| &mut w.editor) else {
            return;
        };
        let kind = ed.kinds[ed.col];
        let row = &ed.rows[ed.row];
        let slot = row.slots[ed.col];
        let Some(ti) = ed.typing.as_mut() else {
            return;
        };
        let mut changed = false;
        match msg {
            Msg::Esc => {
                ed.typing = None;
                return;
            }
            Msg::ToggleMask => ti.input.masked = !ti.input.masked,
            Msg::Char(c) => {
                ti.input.push(c);
                changed = true;
            }
            Msg::Paste(p) => {
                p.chars().for_each(|c| ti.input.push(c));
                changed = true;
            }
            Msg::Backspace => {
                ti.input.pop();
                changed = true;
            }
            Msg::Enter => {
                let Some(verdict) = ti.verdict.as_ref() else {
                    return;
                };
                match verdict.status {
                    Status::Rejected => {
                        self.error(t::REJECTED);
                        return;
                    }
                    Status::Weak if !ti.weak_ok => {
                        ti.weak_ok = true;
                        self.error(t::WEAK_AGAIN);
                        return;
                    }
                    _ => {}
                }
                let value = ti.input.to_secret();
                let (r, c) = (ed.row, ed.col);
                ed.typing = None;
                self.queue(move |app| app.seal_cells(&[(r, c, value)]));
                return;
            }
            _ => {}
        }
        if changed {
            ti.weak_ok = false;
            let others = others(vault, kind, slot);
            let site_extensions: Vec<&str> = row
                .target
                .site_extensions
                .iter()
                .map(String::as_str)
                .collect();
            let ctx = Context {
                extension: row.target.extension.as_deref(),
                others: &others,
                site_extensions: &site_extensions,
                ..Context::default()
            };
            ti.verdict = Some(check(kind, ti.input.value(), &ctx));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::heading_bits;
    use crate::secrets::{Context, CredentialKind, Generator};

    #[test]
    fn the_heading_bits_are_the_counted_entropy_of_each_kind_every_time() {
        for _ in 0..2 {
            for kind in CredentialKind::ALL {
                let counted = Generator::new(kind, None, &Context::default())
                    .map_or(0.0, |g| g.set_size().bits());
                assert!(
                    (heading_bits(kind) - counted).abs() < f64::EPSILON,
                    "{kind:?}"
                );
            }
        }
    }
}
