//! The credentials editor: one row per target (login user, extension or the system), one column
//! per credential kind; generate, regenerate or type a value in, reveal and copy one at a time.
//!
//! Values reach the screen only through the vault, which holds nothing that is not sealed and
//! proven on disk (the lock-out guard); see [`super::vault`].

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::answer::Editor;
use super::app::{App, Effect, Job, follow};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::screen::Clip;
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

/// What a key does in the credentials editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredKey {
    /// Move between cells.
    Cell,
    /// Generate the row's missing values (`g`), or every empty row's (`G`).
    Generate,
    /// Generate the row's values again.
    Regenerate,
    /// Type a value in.
    TypeIn,
    /// Reveal or hide the focused value.
    Reveal,
    /// Copy the focused value.
    Copy,
    /// The next login level of the row.
    Level,
    /// Seal the typed value.
    Seal,
    /// Show or hide the typed value.
    Mask,
    /// Typed text into the value.
    Type,
    /// The last character off it.
    Erase,
    /// Drop the typed value.
    Cancel,
}

impl CredEditor {
    /// The editor's keys in its current state.
    pub fn keys(&self) -> KeyMap<CredKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        if self.typing.is_some() {
            map.bind(&[Key::Enter], Some(key::SEAL), CredKey::Seal)
                .bind(&[Key::ToggleMask], Some(key::SHOW_2), CredKey::Mask)
                .bind(&[Key::Esc], Some(key::CANCEL), CredKey::Cancel)
                .bind(&[Key::Text], None, CredKey::Type)
                .bind(&[Key::Backspace], None, CredKey::Erase);
        } else if !self.rows.is_empty() {
            let level = self
                .rows
                .get(self.row)
                .is_some_and(|r| r.target.level.is_some());
            map.bind(
                &[
                    Key::Up,
                    Key::Down,
                    Key::Left,
                    Key::Right,
                    Key::Home,
                    Key::End,
                ],
                Some(key::CELL),
                CredKey::Cell,
            )
            .bind(
                &[Key::Char('g'), Key::Char('G')],
                Some(key::GEN),
                CredKey::Generate,
            )
            .bind(&[Key::Char('r')], Some(key::REGEN), CredKey::Regenerate)
            .bind(&[Key::Char('e')], Some(key::TYPE_2), CredKey::TypeIn)
            .bind(&[Key::Char('v')], Some(key::REVEAL), CredKey::Reveal)
            .bind(&[Key::Char('c')], Some(key::COPY), CredKey::Copy)
            .bind_if(level, &[Key::Char('l')], Some(key::LEVEL), CredKey::Level);
        }
        map
    }

    /// Handles a key of [`CredEditor::keys`]; `rows` is how many rows the table shows.
    /// Generating and sealing are queued [`Job`]s: nothing shows a value before it is sealed.
    pub fn update(&mut self, action: CredKey, msg: &Msg, vault: &Vault, rows: usize) -> Effect {
        if self.typing.is_some() {
            return self.update_type_in(action, msg, vault);
        }
        let last = self.rows.len().saturating_sub(1);
        let (before_row, before_col) = (self.row, self.col);
        let mut effect = Effect::None;
        match action {
            CredKey::Cell => match msg {
                Msg::Up => self.row = self.row.saturating_sub(1),
                Msg::Down => self.row = (self.row + 1).min(last),
                Msg::Home => self.row = 0,
                Msg::End => self.row = last,
                Msg::Left => self.col = self.col.saturating_sub(1),
                _ => self.col = (self.col + 1).min(self.kinds.len().saturating_sub(1)),
            },
            CredKey::Reveal => self.revealed = !self.revealed,
            CredKey::TypeIn => {
                self.revealed = false;
                self.typing = Some(TypeIn {
                    input: Input::masked(),
                    verdict: None,
                    weak_ok: false,
                });
            }
            CredKey::Copy => {
                if let Some(s) = self.focused_secret(vault) {
                    effect = Effect::Copy(Clip(Zeroizing::new(s.expose_secret().to_owned())));
                }
            }
            CredKey::Level => {
                let r = self.row;
                let row = &mut self.rows[r];
                let level = next_level(row.target.level.unwrap_or(5));
                row.target.level = Some(level);
                if row.slots.iter().any(Option::is_some) {
                    effect = Effect::Queue(Job::Reseal(r));
                }
            }
            CredKey::Generate | CredKey::Regenerate if *msg != Msg::Char('G') => {
                effect = Effect::Queue(Job::Generate {
                    rows: vec![self.row],
                    regenerate: action == CredKey::Regenerate,
                });
            }
            CredKey::Generate => {
                let todo: Vec<usize> = (0..self.rows.len())
                    .filter(|&i| !self.rows[i].covered())
                    .collect();
                if !todo.is_empty() {
                    effect = Effect::Queue(Job::Generate {
                        rows: todo,
                        regenerate: false,
                    });
                }
            }
            CredKey::Regenerate
            | CredKey::Seal
            | CredKey::Mask
            | CredKey::Type
            | CredKey::Erase
            | CredKey::Cancel => {}
        }
        if (self.row, self.col) != (before_row, before_col) {
            self.revealed = false;
        }
        self.offset = follow(self.offset, self.row, rows);
        effect
    }

    /// The focused cell's value, only if it is sealed in `vault` (`None` otherwise).
    pub fn focused_secret<'v>(&self, vault: &'v Vault) -> Option<&'v SecretString> {
        let slot = self
            .rows
            .get(self.row)?
            .slots
            .get(self.col)
            .copied()
            .flatten()?;
        vault.secret(slot)
    }

    /// A key while a value is typed in: checked by the rules engine on each key, sealed on
    /// Enter (a weak value only on a second Enter).
    fn update_type_in(&mut self, action: CredKey, msg: &Msg, vault: &Vault) -> Effect {
        let kind = self.kinds[self.col];
        let (r, c) = (self.row, self.col);
        let row = &self.rows[r];
        let slot = row.slots[c];
        let Some(ti) = self.typing.as_mut() else {
            return Effect::None;
        };
        let mut changed = false;
        match action {
            CredKey::Cancel => {
                self.typing = None;
                return Effect::None;
            }
            CredKey::Mask => ti.input.masked = !ti.input.masked,
            CredKey::Type => {
                msg.text().for_each(|ch| ti.input.push(ch));
                changed = true;
            }
            CredKey::Erase => {
                ti.input.pop();
                changed = true;
            }
            CredKey::Seal => {
                let Some(verdict) = ti.verdict.as_ref() else {
                    return Effect::None;
                };
                match verdict.status {
                    Status::Rejected => return Effect::Error(t::REJECTED.into()),
                    Status::Weak if !ti.weak_ok => {
                        ti.weak_ok = true;
                        return Effect::Error(t::WEAK_AGAIN.into());
                    }
                    _ => {}
                }
                let value = ti.input.to_secret();
                self.typing = None;
                return Effect::Queue(Job::SealCells(vec![(r, c, value)]));
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
        Effect::None
    }
}

impl App {
    /// The focused cell's value, only if it is sealed (`None` otherwise).
    pub fn focused_secret(&self) -> Option<&SecretString> {
        let Some(Editor::Credentials(ed)) = self.walk().map(|w| &w.editor) else {
            return None;
        };
        ed.focused_secret(self.vault.as_ref()?)
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
