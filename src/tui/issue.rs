//! Issuing credentials in the wizard: the domain's one issuer draws fresh values for the
//! focused rows, then the vault seals them before any screen may show them.

use secrecy::SecretString;

use super::answer::Editor;
use super::app::{App, Screen};
use crate::coverage::issuer::{self, Issuer};
use crate::coverage::vault::Change;
use crate::site::Answer;

impl App {
    /// Generates the missing values of `rows` (every value with `regenerate`), then seals.
    pub(super) fn generate(&mut self, rows: &[usize], regenerate: bool) {
        let (Some(vault), Screen::Walk(walk)) = (self.vault.as_ref(), &self.screen) else {
            return;
        };
        let Editor::Credentials(ed) = &walk.editor else {
            return;
        };
        // No value may repeat one already sealed in the record (the rules engine's reuse rule).
        let mut issuer = Issuer::avoiding(vault.credentials());
        let rng = &mut self.rng;
        let mut draw = |g: &crate::secrets::Generator<'_>| rng.draw(g);
        let mut cells: Vec<(usize, usize, SecretString)> = Vec::new();
        let mut failure = None;
        'rows: for &r in rows {
            let row = &ed.rows[r];
            // Issued on an earlier visit (sealed elsewhere): only `r` issues new ones.
            if !regenerate && row.covered() {
                continue;
            }
            for c in 0..row.target.slots.len() {
                if row.slots[c].is_some() && !regenerate {
                    continue;
                }
                match issuer.draw_for(&row.target, c, &mut draw) {
                    Ok(value) => cells.push((r, c, value)),
                    Err(e) => {
                        failure = Some(e.to_string());
                        break 'rows;
                    }
                }
            }
        }
        if let Some(msg) = failure {
            self.error(msg);
            return;
        }
        self.seal_cells(&cells);
    }

    /// Seals the row's sealed values again (its level changed).
    pub(super) fn reseal_row(&mut self, r: usize) {
        let (Some(vault), Screen::Walk(walk)) = (self.vault.as_ref(), &self.screen) else {
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

    /// Seals new values for `(row, column)` cells as the issuer's entries; on success the rows
    /// point at them and the site file records who got credentials.
    pub(super) fn seal_cells(&mut self, cells: &[(usize, usize, SecretString)]) {
        let now = self.now();
        let addendum = self.addendum.is_some();
        let (Some(vault), Screen::Walk(walk), Some(session)) =
            (self.vault.as_mut(), &mut self.screen, self.session.as_mut())
        else {
            return;
        };
        let Editor::Credentials(ed) = &mut walk.editor else {
            return;
        };
        let changes: Vec<Change> = cells
            .iter()
            .map(|(r, c, value)| {
                let row = &ed.rows[*r];
                let cred = issuer::entry(&row.target, *c, value.clone());
                match row.slots[*c] {
                    Some(i) => Change::Replace(i, cred),
                    None => Change::Add(cred),
                }
            })
            .collect();
        let site = &session.site;
        let checklist = &session.checklist;
        let result = vault.commit_with(changes, |record| {
            issuer::fill_facts(record, checklist, site);
        });
        match result {
            Ok(indices) => {
                for ((r, c, _), i) in cells.iter().zip(indices) {
                    ed.rows[*r].slots[*c] = Some(i);
                }
                let issued = ed.issued(vault, &now);
                if let Some(h) = session.site.handover.as_mut() {
                    h.note_sealed(addendum, &now, vault.is_verified());
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
