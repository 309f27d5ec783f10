//! The walk: moving between items, marking them done / not applicable / deferred (with a
//! reason), and handing other keys to the answer editor.

use super::answer::{Editor, EditorKey};
use super::app::{App, Effect, Step};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::probe::{ProbeKey, ProbeState, offers_probe};
use super::session::Session;
use super::smdr::{SmdrKey, SmdrState, offers_watch};
use super::text::walk as t;
use crate::coverage::Measured;
use crate::coverage::vault::Vault;
use crate::site::{Status, Timestamp};

/// What a typed reason is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// Marking the item not applicable or deferred.
    Mark(Status),
    /// Recording why the last probe's failing findings do not apply to the item.
    Waive,
    /// Recording why the last call audit's alerts on the item are not fraud.
    WaiveAlerts,
}

/// What a key does on the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkKey {
    /// The probe: open it, or a key of its box.
    Probe(ProbeKey),
    /// The short SMDR watch: open it, or a key of its box.
    Smdr(SmdrKey),
    /// Typed text into the reason.
    TypeReason,
    /// The last character off the reason.
    EraseReason,
    /// Save the reason (and the mark or the waiver it is for).
    SaveReason,
    /// Drop the reason.
    CancelReason,
    /// A key of the current item's answer editor.
    Editor(EditorKey),
    /// The next or previous item.
    Item,
    /// Scroll the item's text.
    Scroll,
    /// Mark the item done.
    Done,
    /// Mark it not applicable (with a reason).
    NotApplicable,
    /// Defer it (with a reason).
    Defer,
    /// Waive the last probe's findings on it, or else the last call audit's alerts (with a
    /// reason).
    Waive,
    /// Edit the extensions.
    Extensions,
    /// The review.
    Review,
    /// Leave the wizard.
    Leave,
}

/// A box open over the walk.
#[derive(Debug)]
pub enum Overlay {
    /// The exposure probe: its form, or a run being waited for.
    Probe(ProbeState),
    /// The short SMDR watch: its form, or a watch being waited for.
    Smdr(SmdrState),
}

/// What an overlay made of a key: whether it closes, and what else the key asks for.
#[derive(Debug)]
pub struct OverlayStep {
    /// The overlay closes.
    pub close: bool,
    /// What the key asks for beyond that.
    pub effect: Effect,
}

impl OverlayStep {
    /// The overlay stays; nothing else.
    pub fn stay() -> Self {
        Self {
            close: false,
            effect: Effect::None,
        }
    }

    /// The overlay stays and asks for `effect`.
    pub fn ask(effect: Effect) -> Self {
        Self {
            close: false,
            effect,
        }
    }

    /// The overlay closes, with `effect`.
    pub fn close(effect: Effect) -> Self {
        Self {
            close: true,
            effect,
        }
    }
}

/// What the walk's keys work with beyond the walk itself: the site, the sealed handover.
pub struct Cx<'a> {
    /// The site being walked.
    pub session: &'a mut Session,
    /// The sealed handover (the walk exists only once it is sealed).
    pub vault: &'a Vault,
    /// The clock's time for this key.
    pub now: Timestamp,
    /// The terminal's size.
    pub size: (u16, u16),
    /// Whether this is an interactive replay (earlier credentials are not shown).
    pub replaying: bool,
}

/// The walk's state.
#[derive(Debug)]
pub struct Walk {
    /// The current item (index into the session's rows).
    pub cursor: usize,
    /// The current item's answer editor.
    pub editor: Editor,
    /// The reason being typed: for not applicable, deferred, or a probe finding waived.
    pub reason: Option<(Because, Input)>,
    /// How far the item's text is scrolled.
    pub scroll: u16,
    /// The probe or SMDR-watch box open over the walk.
    pub overlay: Option<Overlay>,
}

impl Walk {
    /// The walk at `start`, or at the first item that is not complete (resume lands there).
    pub fn start(app: &App, start: Option<usize>) -> Walk {
        let cursor = start
            .or_else(|| app.session.as_ref().and_then(Session::resume_point))
            .unwrap_or(0);
        let editor = match app.session.as_ref() {
            Some(s) => editor_at(s, app.vault.as_ref(), app.replaying, cursor),
            None => Editor::Inapplicable,
        };
        Walk {
            cursor,
            editor,
            reason: None,
            scroll: 0,
            overlay: None,
        }
    }

    /// Whether letters are typed text.
    pub fn is_typing(&self) -> bool {
        self.reason.is_some()
            || self.editor.is_typing()
            || matches!(
                self.overlay,
                Some(
                    Overlay::Probe(ProbeState::Form { .. }) | Overlay::Smdr(SmdrState::Form { .. })
                )
            )
    }

    /// Whether typed text would be lost.
    pub fn has_typed_text(&self) -> bool {
        self.reason.as_ref().is_some_and(|(_, i)| !i.is_blank()) || self.editor.has_typed_text()
    }

    /// The walk's keys in its current state: the open overlay's, the reason's, the typing
    /// editor's, or the walk's own around the editor's.
    pub fn keys(&self, session: &Session) -> KeyMap<WalkKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        match &self.overlay {
            Some(Overlay::Probe(p)) => {
                map.extend(p.keys(), WalkKey::Probe);
                return map;
            }
            Some(Overlay::Smdr(s)) => {
                map.extend(s.keys(), WalkKey::Smdr);
                return map;
            }
            None => {}
        }
        if self.reason.is_some() {
            map.bind(&[Key::Enter], Some(key::SAVE_REASON), WalkKey::SaveReason)
                .bind(&[Key::Esc], Some(key::CANCEL), WalkKey::CancelReason)
                .bind(&[Key::Text], None, WalkKey::TypeReason)
                .bind(&[Key::Backspace], None, WalkKey::EraseReason);
            return map;
        }
        if self.editor.is_typing() {
            map.extend(self.editor.keys(), WalkKey::Editor);
            return map;
        }
        let cursor = self.cursor;
        let applies = !matches!(self.editor, Editor::Inapplicable);
        let id = &session.item(cursor).id;
        map.bind(&[Key::Tab, Key::BackTab], Some(key::ITEM), WalkKey::Item)
            .extend(self.editor.keys(), WalkKey::Editor)
            .bind_if(applies, &[Key::Char('d')], Some(key::DONE), WalkKey::Done)
            .bind_if(
                applies,
                &[Key::Char('n')],
                Some(key::N_A),
                WalkKey::NotApplicable,
            )
            .bind_if(applies, &[Key::Char('f')], Some(key::DEFER), WalkKey::Defer)
            .bind_if(
                applies && offers_probe(id),
                &[Key::Char('p')],
                Some(key::PROBE),
                WalkKey::Probe(ProbeKey::Open),
            )
            .bind_if(
                applies && offers_watch(id),
                &[Key::Char('s')],
                Some(key::SMDR),
                WalkKey::Smdr(SmdrKey::Open),
            )
            .bind_if(
                waivable(session, cursor).is_some(),
                &[Key::Char('w')],
                None,
                WalkKey::Waive,
            )
            .bind(&[Key::PageUp, Key::PageDown], None, WalkKey::Scroll)
            .bind(
                &[Key::Char('E')],
                Some(key::EXTENSIONS),
                WalkKey::Extensions,
            )
            .bind(&[Key::Char('R')], Some(key::REVIEW), WalkKey::Review)
            .bind(&[Key::Esc], None, WalkKey::Leave);
        map
    }

    /// Handles a key through [`Walk::keys`].
    pub fn update(&mut self, msg: &Msg, cx: &mut Cx) -> Effect {
        let Some(action) = self.keys(cx.session).lookup(msg) else {
            return Effect::None;
        };
        let cursor = self.cursor;
        match action {
            WalkKey::Probe(ProbeKey::Open) => self.open_probe(),
            WalkKey::Smdr(SmdrKey::Open) => self.open_smdr(cx),
            WalkKey::Probe(k) => {
                if let Some(Overlay::Probe(p)) = self.overlay.as_mut() {
                    let step = p.update(k, msg);
                    return self.close_if(step);
                }
            }
            WalkKey::Smdr(k) => {
                if let Some(Overlay::Smdr(s)) = self.overlay.as_mut() {
                    let step = s.update(k, msg);
                    return self.close_if(step);
                }
            }
            WalkKey::TypeReason | WalkKey::EraseReason | WalkKey::CancelReason => {
                match (&mut self.reason, action) {
                    (Some((_, input)), WalkKey::TypeReason) => {
                        msg.text().for_each(|c| input.push(c));
                    }
                    (Some((_, input)), WalkKey::EraseReason) => input.pop(),
                    _ => self.reason = None,
                }
            }
            WalkKey::SaveReason => {
                let Some((because, input)) = self.reason.take() else {
                    return Effect::None;
                };
                if input.is_blank() {
                    self.reason = Some((because, input));
                    return Effect::Error(t::REASON_REQUIRED.into());
                }
                let reason = input.trimmed().to_owned();
                return match because {
                    Because::Mark(status) => self.mark(status, Some(&reason), cx),
                    Because::Waive => waive(cursor, &reason, cx),
                    Because::WaiveAlerts => waive_alerts(cursor, &reason, cx),
                };
            }
            WalkKey::Editor(k) => return self.update_editor(k, msg, cx),
            WalkKey::Item if *msg == Msg::BackTab => self.move_to(cursor.wrapping_sub(1), cx),
            WalkKey::Item => self.move_to(cursor + 1, cx),
            WalkKey::Scroll if *msg == Msg::PageUp => self.scroll = self.scroll.saturating_sub(5),
            WalkKey::Scroll => self.scroll = self.scroll.saturating_add(5),
            WalkKey::Leave => return Effect::Leave,
            WalkKey::Review => return Effect::Go(Step::Review),
            WalkKey::Extensions => return Effect::Go(Step::Extensions),
            WalkKey::Done => return self.mark_done(cx),
            WalkKey::NotApplicable => {
                self.reason = Some((Because::Mark(Status::NotApplicable), Input::plain()));
            }
            WalkKey::Defer => {
                self.reason = Some((Because::Mark(Status::Deferred), Input::plain()));
            }
            WalkKey::Waive => {
                self.reason = waivable(cx.session, cursor).map(|b| (b, Input::plain()));
            }
        }
        Effect::None
    }

    /// What an overlay's key asked for, closing the overlay when it said so.
    fn close_if(&mut self, step: OverlayStep) -> Effect {
        if step.close {
            self.overlay = None;
        }
        step.effect
    }

    /// Moves to item `i` (ignored past either end) and builds its editor.
    pub(crate) fn move_to(&mut self, i: usize, cx: &Cx) {
        if i >= cx.session.rows().len() {
            return;
        }
        self.cursor = i;
        self.editor = editor_at(cx.session, Some(cx.vault), cx.replaying, i);
        self.reason = None;
        self.scroll = 0;
    }

    fn mark_done(&mut self, cx: &mut Cx) -> Effect {
        let session = &*cx.session;
        let item = session.item(self.cursor);
        if let Some(answer) =
            crate::coverage::status::unanswered_source(&session.checklist, &session.site, item)
        {
            return Effect::Error(format!("{} {answer}", t::SOURCE_FIRST));
        }
        let missing = match &self.editor {
            Editor::Choice { selected, .. } if !selected.contains(&true) => Some(t::CHOOSE_ONE),
            Editor::Credentials(c) if !c.complete() => Some(t::CREDENTIALS_MISSING),
            Editor::Value { .. } if session.site.answer(&item.id).is_none() => {
                Some(t::VALUE_MISSING)
            }
            _ => None,
        };
        if let Some(m) = missing {
            return Effect::Error(m.into());
        }
        let answer = self.editor.answer(item, &session.site);
        let id = item.id.clone();
        if let Some(answer) = answer
            && let Err(e) = cx.session.answer(&id, answer, &cx.now)
        {
            return Effect::Error(e);
        }
        self.mark(Status::Done, None, cx)
    }

    /// Sets the current item's status, saves, and moves to the next pending item (the review
    /// follows the last).
    fn mark(&mut self, status: Status, reason: Option<&str>, cx: &mut Cx) -> Effect {
        let cursor = self.cursor;
        let id = cx.session.item(cursor).id.clone();
        if let Err(e) = cx.session.mark(&id, status, reason, &cx.now) {
            return Effect::Error(e);
        }
        if let Some(n) = cx.session.next_open(cursor) {
            self.move_to(n, cx);
            Effect::None
        } else {
            self.move_to(cursor, cx);
            Effect::Next
        }
    }
}

/// What `w` answers on the item at `cursor`: the last probe's findings first, then the last
/// call audit's alerts; `None` when it has neither.
fn waivable(session: &Session, cursor: usize) -> Option<Because> {
    let findings = session.rows()[cursor].computed.findings();
    let from = |m: Measured| findings.iter().any(|f| f.measured == m);
    if from(Measured::Probe) {
        Some(Because::Waive)
    } else if from(Measured::CallAudit) {
        Some(Because::WaiveAlerts)
    } else {
        None
    }
}

/// Records why the last call audit's alerts on the item at `cursor` are not fraud.
fn waive_alerts(cursor: usize, reason: &str, cx: &mut Cx) -> Effect {
    let session = &mut *cx.session;
    let id = session.item(cursor).id.clone();
    let checklist = &session.checklist;
    match session.site.waive_alerts(checklist, &id, reason, &cx.now) {
        Ok(()) => {
            session.changed();
            Effect::Info(t::ALERTS_WAIVED.into())
        }
        Err(e) => Effect::Error(e.to_string()),
    }
}

/// Records why the last probe's failing findings do not apply to the item at `cursor`.
fn waive(cursor: usize, reason: &str, cx: &mut Cx) -> Effect {
    let session = &mut *cx.session;
    let id = session.item(cursor).id.clone();
    let checklist = &session.checklist;
    match session.site.waive_findings(checklist, &id, reason, &cx.now) {
        Ok(()) => {
            session.changed();
            Effect::Info(t::WAIVED.into())
        }
        Err(e) => Effect::Error(e.to_string()),
    }
}

fn editor_at(session: &Session, vault: Option<&Vault>, replaying: bool, cursor: usize) -> Editor {
    if cursor < session.rows().len() {
        Editor::build(
            session,
            vault,
            replaying,
            session.item(cursor),
            session.rows()[cursor].applies,
        )
    } else {
        Editor::Inapplicable
    }
}

impl App {
    /// Moves the walk to item `i` (ignored past either end, or off the walk).
    #[cfg(test)]
    pub(crate) fn move_to(&mut self, i: usize) {
        let now = self.now();
        let size = self.size;
        if let (super::app::Screen::Walk(walk), Some(session), Some(vault)) =
            (&mut self.screen, self.session.as_mut(), self.vault.as_ref())
        {
            let cx = Cx {
                session,
                vault,
                now,
                size,
                replaying: self.replaying,
            };
            walk.move_to(i, &cx);
        }
    }
}
