//! The walk: moving between items, marking them done / not applicable / deferred (with a
//! reason), and handing other keys to the answer editor.

use super::answer::Editor;
use super::app::{App, Step};
use super::input::Input;
use super::keys::Msg;
use super::text::walk as t;
use crate::coverage::Measured;
use crate::site::Status;

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
}

impl Walk {
    /// The walk at `start`, or at the first item that is not complete (resume lands there).
    pub fn start(app: &App, start: Option<usize>) -> Walk {
        let cursor = start
            .or_else(|| {
                app.session
                    .as_ref()
                    .and_then(super::session::Session::resume_point)
            })
            .unwrap_or(0);
        Walk {
            cursor,
            editor: editor_at(app, cursor),
            reason: None,
            scroll: 0,
        }
    }

    /// Whether letters are typed text.
    pub fn is_typing(&self) -> bool {
        self.reason.is_some() || self.editor.is_typing()
    }

    /// Whether typed text would be lost.
    pub fn has_typed_text(&self) -> bool {
        self.reason.as_ref().is_some_and(|(_, i)| !i.is_blank()) || self.editor.has_typed_text()
    }
}

fn editor_at(app: &App, cursor: usize) -> Editor {
    match app.session.as_ref() {
        Some(s) if cursor < s.rows().len() => {
            Editor::build(app, s.item(cursor), s.rows()[cursor].applies)
        }
        _ => Editor::Inapplicable,
    }
}

impl App {
    pub(crate) fn update_walk(&mut self, msg: Msg) {
        if self.probe.is_some() {
            self.update_probe(msg);
            return;
        }
        if self.smdr.is_some() {
            self.update_smdr(msg);
            return;
        }
        if msg == Msg::Char('s')
            && !self.walk.as_ref().is_some_and(Walk::is_typing)
            && self.open_smdr()
        {
            return;
        }
        if msg == Msg::Char('p')
            && !self.walk.as_ref().is_some_and(Walk::is_typing)
            && self.open_probe()
        {
            return;
        }
        let Some(walk) = self.walk.as_mut() else {
            return;
        };
        if let Some((status, input)) = walk.reason.as_mut() {
            match msg {
                Msg::Char(c) => input.push(c),
                Msg::Paste(p) => p.chars().for_each(|c| input.push(c)),
                Msg::Backspace => input.pop(),
                Msg::Esc => walk.reason = None,
                Msg::Enter if input.is_blank() => self.error(t::REASON_REQUIRED),
                Msg::Enter => {
                    let (because, reason) = (*status, input.trimmed().to_owned());
                    walk.reason = None;
                    match because {
                        Because::Mark(status) => self.mark(status, Some(&reason)),
                        Because::Waive => self.waive(&reason),
                        Because::WaiveAlerts => self.waive_alerts(&reason),
                    }
                }
                _ => {}
            }
            return;
        }
        if walk.editor.is_typing() {
            self.update_editor(msg);
            return;
        }
        let applies = !matches!(walk.editor, Editor::Inapplicable);
        let cursor = walk.cursor;
        match msg {
            Msg::Tab => self.move_to(cursor + 1),
            Msg::BackTab => self.move_to(cursor.wrapping_sub(1)),
            Msg::PageDown => walk.scroll = walk.scroll.saturating_add(5),
            Msg::PageUp => walk.scroll = walk.scroll.saturating_sub(5),
            Msg::Char('R') => {
                self.go(Step::Review);
            }
            Msg::Char('E') => {
                self.go(Step::Extensions);
            }
            Msg::Char('d') if applies => self.mark_done(),
            Msg::Char('n') if applies => {
                walk.reason = Some((Because::Mark(Status::NotApplicable), Input::plain()));
            }
            Msg::Char('f') if applies => {
                walk.reason = Some((Because::Mark(Status::Deferred), Input::plain()));
            }
            Msg::Char('w') if self.waivable(cursor).is_some() => {
                let because = self.waivable(cursor);
                if let (Some(walk), Some(because)) = (self.walk.as_mut(), because) {
                    walk.reason = Some((because, Input::plain()));
                }
            }
            other => self.update_editor(other),
        }
    }

    /// Moves to item `i` (ignored past either end) and builds its editor.
    pub(crate) fn move_to(&mut self, i: usize) {
        let len = self.session.as_ref().map_or(0, |s| s.rows().len());
        if i >= len {
            return;
        }
        let editor = editor_at(self, i);
        if let Some(w) = self.walk.as_mut() {
            w.cursor = i;
            w.editor = editor;
            w.reason = None;
            w.scroll = 0;
        }
    }

    fn mark_done(&mut self) {
        let (Some(walk), Some(session)) = (self.walk.as_ref(), self.session.as_ref()) else {
            return;
        };
        let item = session.item(walk.cursor);
        if let Some(answer) =
            crate::coverage::status::unanswered_source(&session.checklist, &session.site, item)
        {
            self.error(format!("{} {answer}", t::SOURCE_FIRST));
            return;
        }
        let missing = match &walk.editor {
            Editor::Choice { selected, .. } if !selected.contains(&true) => Some(t::CHOOSE_ONE),
            Editor::Credentials(c) if !c.complete() => Some(t::CREDENTIALS_MISSING),
            Editor::Value { .. } if session.site.answer(&item.id).is_none() => {
                Some(t::VALUE_MISSING)
            }
            _ => None,
        };
        if let Some(m) = missing {
            self.error(m);
            return;
        }
        let answer = walk.editor.answer(item, &session.site);
        let id = item.id.clone();
        let now = self.now();
        if let (Some(answer), Some(session)) = (answer, self.session.as_mut())
            && let Err(e) = session.answer(&id, answer, &now)
        {
            self.error(e);
            return;
        }
        self.mark(Status::Done, None);
    }

    /// What `w` answers on item `cursor`: the probe's findings first, then the call audit's.
    fn waivable(&self, cursor: usize) -> Option<Because> {
        let findings = self.session.as_ref()?.rows()[cursor].computed.findings();
        let from = |m: Measured| findings.iter().any(|f| f.measured == m);
        if from(Measured::Probe) {
            Some(Because::Waive)
        } else if from(Measured::CallAudit) {
            Some(Because::WaiveAlerts)
        } else {
            None
        }
    }

    /// Records why the last call audit's alerts on the current item are not fraud.
    fn waive_alerts(&mut self, reason: &str) {
        let now = self.now();
        let (Some(walk), Some(session)) = (self.walk.as_ref(), self.session.as_mut()) else {
            return;
        };
        let id = session.item(walk.cursor).id.clone();
        let checklist = &session.checklist;
        match session.site.waive_alerts(checklist, &id, reason, &now) {
            Ok(()) => {
                session.changed();
                self.info(t::ALERTS_WAIVED);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Records why the last probe's failing findings do not apply to the current item.
    fn waive(&mut self, reason: &str) {
        let now = self.now();
        let (Some(walk), Some(session)) = (self.walk.as_ref(), self.session.as_mut()) else {
            return;
        };
        let id = session.item(walk.cursor).id.clone();
        let checklist = &session.checklist;
        match session.site.waive_findings(checklist, &id, reason, &now) {
            Ok(()) => {
                session.changed();
                self.info(t::WAIVED);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Sets the current item's status, saves, and moves to the next pending item.
    fn mark(&mut self, status: Status, reason: Option<&str>) {
        let now = self.now();
        let (Some(walk), Some(session)) = (self.walk.as_ref(), self.session.as_mut()) else {
            return;
        };
        let cursor = walk.cursor;
        let id = session.item(cursor).id.clone();
        if let Err(e) = session.mark(&id, status, reason, &now) {
            self.error(e);
            return;
        }
        let next = session.next_open(cursor);
        if let Some(n) = next {
            self.move_to(n);
        } else {
            self.move_to(cursor);
            self.go(Step::Review);
        }
    }
}
