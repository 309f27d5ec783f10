//! The walk: moving between items, marking them done / not applicable / deferred (with a
//! reason), and handing other keys to the answer editor.

use super::answer::Editor;
use super::app::{App, Effect, Step};
use super::input::Input;
use super::keys::Msg;
use super::probe::ProbeState;
use super::session::Session;
use super::smdr::SmdrState;
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

    /// Handles a key: the open overlay's, the reason's, the editor's, or the walk's own.
    pub fn update(&mut self, msg: Msg, cx: &mut Cx) -> Effect {
        if let Some(overlay) = self.overlay.as_mut() {
            let step = match overlay {
                Overlay::Probe(p) => p.update(msg),
                Overlay::Smdr(s) => s.update(msg),
            };
            if step.close {
                self.overlay = None;
            }
            return step.effect;
        }
        let typing = self.is_typing();
        if msg == Msg::Char('s') && !typing && self.open_smdr(cx) {
            return Effect::None;
        }
        if msg == Msg::Char('p') && !typing && self.open_probe(cx) {
            return Effect::None;
        }
        if let Some((because, input)) = self.reason.as_mut() {
            match msg {
                Msg::Char(c) => input.push(c),
                Msg::Paste(p) => p.chars().for_each(|c| input.push(c)),
                Msg::Backspace => input.pop(),
                Msg::Esc => self.reason = None,
                Msg::Enter if input.is_blank() => return Effect::Error(t::REASON_REQUIRED.into()),
                Msg::Enter => {
                    let (because, reason) = (*because, input.trimmed().to_owned());
                    self.reason = None;
                    return match because {
                        Because::Mark(status) => self.mark(status, Some(&reason), cx),
                        Because::Waive => waive(self.cursor, &reason, cx),
                    };
                }
                _ => {}
            }
            return Effect::None;
        }
        if self.editor.is_typing() {
            return self.update_editor(msg, cx);
        }
        let applies = !matches!(self.editor, Editor::Inapplicable);
        let cursor = self.cursor;
        match msg {
            Msg::Tab => self.move_to(cursor + 1, cx),
            Msg::BackTab => self.move_to(cursor.wrapping_sub(1), cx),
            Msg::PageDown => self.scroll = self.scroll.saturating_add(5),
            Msg::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Msg::Esc => return Effect::Leave,
            Msg::Char('R') => return Effect::Go(Step::Review),
            Msg::Char('E') => return Effect::Go(Step::Extensions),
            Msg::Char('d') if applies => return self.mark_done(cx),
            Msg::Char('n') if applies => {
                self.reason = Some((Because::Mark(Status::NotApplicable), Input::plain()));
            }
            Msg::Char('f') if applies => {
                self.reason = Some((Because::Mark(Status::Deferred), Input::plain()));
            }
            Msg::Char('w') if has_probe_finding(cx.session, cursor) => {
                self.reason = Some((Because::Waive, Input::plain()));
            }
            other => return self.update_editor(other, cx),
        }
        Effect::None
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

/// Whether the item at `cursor` has a finding of the last probe (which `w` waives).
fn has_probe_finding(session: &Session, cursor: usize) -> bool {
    session.rows()[cursor]
        .computed
        .findings()
        .iter()
        .any(|f| f.measured == Measured::Probe)
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
