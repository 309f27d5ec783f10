//! Issuing credentials: drawing fresh values with the rules engine's generator, then sealing
//! them (or a typed value) through the vault before any screen may show them.

use std::collections::HashSet;

use secrecy::{ExposeSecret, SecretString};

use super::answer::Editor;
use super::app::App;
use super::creds::others;
use super::vault::Change;
use crate::handover::{Credential, Level};
use crate::secrets::{Context, CredentialKind, Generator};
use crate::site::Answer;

/// Draws before giving up on finding a value not already in the record.
const MAX_DRAWS: usize = 100_000;

impl App {
    /// Generates the missing values of `rows` (every value with `regenerate`), then seals.
    pub(super) fn generate(&mut self, rows: &[usize], regenerate: bool) {
        let (Some(vault), Some(walk)) = (self.vault.as_ref(), self.walk.as_ref()) else {
            return;
        };
        let Editor::Credentials(ed) = &walk.editor else {
            return;
        };
        // Reuse is excluded by redrawing rather than through the generator's context: counting
        // the set with a thousand values to avoid is slow, and rejection keeps the draw uniform
        // over what is left.
        let sealed: Vec<HashSet<&str>> = ed
            .kinds
            .iter()
            .map(|k| others(vault, *k, None).into_iter().collect())
            .collect();
        let mut cells: Vec<(usize, usize, SecretString)> = Vec::new();
        for &r in rows {
            let row = &ed.rows[r];
            for (c, kind) in ed.kinds.iter().enumerate() {
                if row.slots[c].is_some() && !regenerate {
                    continue;
                }
                let ctx = Context {
                    extension: row.extension.as_deref(),
                    ..Context::default()
                };
                let generator = match Generator::new(*kind, None, &ctx) {
                    Ok(g) => g,
                    Err(e) => {
                        let msg = e.to_string();
                        self.error(msg);
                        return;
                    }
                };
                let mut value = None;
                for _ in 0..MAX_DRAWS {
                    let v = self.rng.draw(&generator);
                    let s = v.expose_secret();
                    let fresh_reuse = cells
                        .iter()
                        .any(|(_, cc, o)| ed.kinds[*cc] == *kind && o.expose_secret() == s);
                    if !sealed[c].contains(s) && !fresh_reuse {
                        value = Some(v);
                        break;
                    }
                }
                let Some(value) = value else {
                    self.error(super::text::walk::none_left(kind.name()));
                    return;
                };
                cells.push((r, c, value));
            }
        }
        self.seal_cells(&cells);
    }

    /// Seals the row's sealed values again (its level changed).
    pub(super) fn reseal_row(&mut self, r: usize) {
        let (Some(vault), Some(walk)) = (self.vault.as_ref(), self.walk.as_ref()) else {
            return;
        };
        let Editor::Credentials(ed) = &walk.editor else {
            return;
        };
        let cells: Vec<(usize, usize, SecretString)> = ed.rows[r]
            .slots
            .iter()
            .enumerate()
            .filter_map(|(c, slot)| Some((r, c, vault.secret((*slot)?)?.clone())))
            .collect();
        self.seal_cells(&cells);
    }

    /// Seals new values for `(row, column)` cells; on success the rows point at them and the
    /// site file records who got credentials.
    pub(super) fn seal_cells(&mut self, cells: &[(usize, usize, SecretString)]) {
        let now = self.now();
        let (Some(vault), Some(walk), Some(session)) = (
            self.vault.as_mut(),
            self.walk.as_mut(),
            self.session.as_mut(),
        ) else {
            return;
        };
        let Editor::Credentials(ed) = &mut walk.editor else {
            return;
        };
        let mut changes = Vec::with_capacity(cells.len());
        let mut renamed_users = Vec::new();
        let mut ports = Vec::new();
        for (r, c, value) in cells {
            let row = &ed.rows[*r];
            let kind = ed.kinds[*c];
            let mut cred = Credential::new(
                ed.program_for(kind),
                kind,
                row.subject.clone(),
                value.clone(),
            );
            if let Some(l) = row.level.and_then(Level::from_number) {
                cred = cred.with_level(l);
            }
            if kind != CredentialKind::Username
                && let Some(u) = ed.kinds.iter().position(|k| *k == CredentialKind::Username)
            {
                let user = cells
                    .iter()
                    .find(|(rr, cc, _)| rr == r && *cc == u)
                    .map(|(_, _, v)| v.expose_secret().to_owned())
                    .or_else(|| {
                        row.slots[u]
                            .and_then(|i| vault.secret(i))
                            .map(|s| s.expose_secret().to_owned())
                    });
                if let Some(user) = user {
                    cred = cred.with_user(user);
                }
            }
            if kind == CredentialKind::Port {
                ports.push((
                    ed.program.clone(),
                    value.expose_secret().parse::<u16>().ok(),
                ));
            }
            changes.push(match row.slots[*c] {
                Some(i) => Change::Replace(i, cred),
                None => Change::Add(cred),
            });
            // A new user name: the row's other sealed values name it too.
            if kind == CredentialKind::Username {
                for (oc, slot) in row.slots.iter().enumerate() {
                    let untouched = !cells.iter().any(|(rr, cc, _)| rr == r && *cc == oc);
                    if let (Some(i), true) = (slot, oc != *c && untouched)
                        && let Some(old) = vault.credentials().get(*i)
                    {
                        let renamed = old.clone().with_user(value.expose_secret());
                        renamed_users.push(Change::Replace(*i, renamed));
                    }
                }
            }
        }
        // After the cells' own changes, so the indices returned line up with `cells`.
        changes.extend(renamed_users);
        let result = vault.commit_with(changes, |record| {
            for (program, port) in ports {
                if program.starts_with("90-54-01") {
                    record.admin_ports.webpro = port;
                } else if program.starts_with("90-54-02") {
                    record.admin_ports.pcpro = port;
                }
            }
        });
        match result {
            Ok(indices) => {
                for ((r, c, _), i) in cells.iter().zip(indices) {
                    ed.rows[*r].slots[*c] = Some(i);
                }
                let issued = ed.issued(vault, &now);
                if let Some(h) = session.site.handover.as_mut() {
                    h.sealed_at = Some(now.clone());
                    h.verified_at = vault.is_verified().then(|| now.clone());
                }
                let item = session.item(walk.cursor).id.clone();
                let saved = session.answer(&item, Answer::Credentials { issued }, &now);
                match saved {
                    Ok(()) => self.info(super::text::protection::SEALED),
                    Err(e) => self.error(e),
                }
            }
            Err(e) => self.fail(super::text::HANDOVER, super::text::handover_problem(&e)),
        }
    }
}
