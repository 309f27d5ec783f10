//! The wizard's state machine: the steps, the one function that moves between them, and
//! `update`, which turns each [`Msg`] into a change of state.
//!
//! Slow work (sealing with scrypt, writing files) is queued as a job: the loop draws a "sealing"
//! frame first, then runs it with [`App::run_pending`].

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::extensions::ExtTable;
use super::keys::Msg;
use super::launch::{Launch, SecretRng};
use super::probe::ProbeState;
use super::protect::ProtectForm;
use super::replay::ReplayForm;
use super::review::{Finished, Review};
use super::session::Session;
use super::setup::SiteForm;
use super::smdr::SmdrState;
use super::theme::Theme;
use super::unlock::UnlockForm;
use super::walk::Walk;
use crate::checklist::Checklist;
use crate::coverage::vault::Vault;
use crate::site::Timestamp;

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Who and where (new site).
    Site,
    /// The extension list (new site).
    Extensions,
    /// How the handover is protected (before any credential).
    Protection,
    /// Opening the existing handover (resume).
    Unlock,
    /// Where an interactive replay is saved (replay's first screen).
    Replay,
    /// The checklist walk.
    Walk,
    /// The review before finishing.
    Review,
    /// The last screen.
    Finished,
}

/// A line of feedback under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
}

/// Work run after a "sealing" frame is drawn.
pub type Job = Box<dyn FnOnce(&mut App)>;

/// The whole state of the wizard. Drawing borrows it (`impl Widget for &App`).
pub struct App {
    pub(crate) theme: Theme,
    pub(crate) clock: Box<dyn Fn() -> Timestamp>,
    pub(crate) rng: Box<dyn SecretRng>,
    pub(crate) work_factor: u8,
    pub(crate) base: PathBuf,
    pub(crate) step: Step,
    pub(crate) help: bool,
    /// How far the help overlay is scrolled.
    pub(crate) help_scroll: u16,
    pub(crate) confirm_quit: bool,
    pub(crate) notice: Option<Notice>,
    pub(crate) job: Option<Job>,
    pub(crate) quit: bool,
    pub(crate) clipboard: Option<Zeroizing<String>>,
    pub(crate) size: (u16, u16),
    pub(crate) override_checklist: Option<Checklist>,
    pub(crate) checklist_file: Option<PathBuf>,
    pub(crate) session: Option<Session>,
    pub(crate) vault: Option<Vault>,
    pub(crate) form: Option<SiteForm>,
    pub(crate) exts: Option<ExtTable>,
    pub(crate) protect: Option<ProtectForm>,
    pub(crate) unlock: Option<UnlockForm>,
    pub(crate) replay: Option<ReplayForm>,
    pub(crate) replaying: bool,
    pub(crate) replay_handover: Option<PathBuf>,
    /// The replayed site's last handover facts, so the protection form proposes the same kind.
    pub(crate) replay_last: Option<crate::site::HandoverFacts>,
    pub(crate) walk: Option<Walk>,
    pub(crate) probe: Option<ProbeState>,
    /// Ports the probe tries instead of the defaults (`--ports` syntax); the tests use it to
    /// probe a listener of their own on 127.0.0.1.
    pub(crate) probe_ports: Option<String>,
    pub(crate) smdr: Option<SmdrState>,
    pub(crate) review: Option<Review>,
    pub(crate) finished: Option<Finished>,
    /// The dealer profile (pre-fill, dealer keys) or why it could not be read.
    pub(crate) profile: super::launch::ProfileState,
    /// Set when the visit continues without the customer's handover: the new credentials go
    /// to a dated addendum that adds to this handover.
    pub(crate) addendum: Option<crate::handover::AddsTo>,
    /// What the screens drew on earlier frames, keyed on all it was drawn from.
    pub(crate) render_cache: super::screens::RenderCache,
}

impl App {
    /// Starts the wizard: a new site, or the site file in `launch.site`.
    ///
    /// # Errors
    /// A one-line message when the site file cannot be loaded.
    pub fn new(launch: Launch) -> Result<Self, String> {
        let mut app = App {
            theme: launch.theme,
            clock: launch.clock,
            rng: launch.rng,
            work_factor: launch.work_factor,
            base: launch.display_base,
            step: Step::Site,
            help: false,
            help_scroll: 0,
            confirm_quit: false,
            notice: None,
            job: None,
            quit: false,
            clipboard: None,
            size: (80, 24),
            override_checklist: launch.checklist,
            checklist_file: launch.checklist_file,
            session: None,
            vault: None,
            form: None,
            exts: None,
            protect: None,
            unlock: None,
            replay: None,
            replaying: launch.replay,
            replay_handover: launch.handover,
            replay_last: None,
            walk: None,
            probe: None,
            probe_ports: None,
            smdr: None,
            review: None,
            finished: None,
            profile: launch.profile,
            addendum: None,
            render_cache: super::screens::RenderCache::default(),
        };
        if let super::launch::ProfileState::Bad(why) = &app.profile {
            app.error(super::text::visit::bad_profile(why));
        }
        match launch.site {
            None => {
                app.form = Some(SiteForm::new(
                    app.override_checklist.as_ref(),
                    app.profile.profile(),
                ));
            }
            Some(path) => {
                let (site, checklist) =
                    crate::site::SiteFile::load(&path, app.override_checklist.as_ref())
                        .map_err(|e| e.to_string())?;
                if app.replaying {
                    app.replay_last.clone_from(&site.handover);
                    let now = app.now();
                    let fresh = crate::replay::prepare_interactive(&site, &checklist, &now);
                    app.session = Some(Session::new(fresh, checklist, path));
                    app.go(Step::Replay);
                    return Ok(app);
                }
                app.session = Some(Session::new(site, checklist, path));
                let next = if app.site_has_handover() {
                    Step::Unlock
                } else if app
                    .session
                    .as_ref()
                    .is_some_and(|s| s.site.extensions.is_empty())
                {
                    Step::Extensions
                } else {
                    Step::Protection
                };
                app.go(next);
            }
        }
        Ok(app)
    }

    /// The current step.
    pub fn step(&self) -> Step {
        self.step
    }

    /// Whether the wizard has ended.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The feedback line, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Whether slow work is waiting to run.
    pub fn has_pending(&self) -> bool {
        self.job.is_some()
    }

    /// Runs the queued slow work, if any, then writes what changed.
    pub fn run_pending(&mut self) {
        if let Some(job) = self.job.take() {
            job(self);
        }
        self.flush();
    }

    /// Writes the site file if it changed; returns true when that failed (the feedback line
    /// then says why, and the frame should be drawn again).
    pub fn flush(&mut self) -> bool {
        let result = self.session.as_mut().map_or(Ok(()), Session::flush);
        match result {
            Ok(()) => false,
            Err(e) => {
                self.error(e);
                true
            }
        }
    }

    /// The text to copy with OSC 52, taken once.
    pub fn take_clipboard(&mut self) -> Option<Zeroizing<String>> {
        self.clipboard.take()
    }

    /// The site in memory, once there is one.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The handover vault, once protection is chosen.
    pub fn vault(&self) -> Option<&Vault> {
        self.vault.as_ref()
    }

    /// The walk's state, on the walk.
    pub fn walk(&self) -> Option<&Walk> {
        self.walk.as_ref()
    }

    /// The last screen's facts, once finished.
    pub fn finished(&self) -> Option<&Finished> {
        self.finished.as_ref()
    }

    pub(crate) fn now(&self) -> Timestamp {
        (self.clock)()
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: true,
        });
    }

    pub(crate) fn queue(&mut self, job: impl FnOnce(&mut App) + 'static) {
        self.job = Some(Box::new(job));
    }

    /// A path as shown on screen: relative to the display base when under it.
    pub(crate) fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.base)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// The handover file the protection form proposes: `-o` on a replay; a dated new name on
    /// a replay (`SITE.handover-YYYYMMDD.age`, then `-2`, `-3` on the same day, so the old
    /// handover is never replaced); else `SITE.handover.age`.
    fn default_handover(&self) -> PathBuf {
        if let Some(path) = &self.replay_handover {
            return path.clone();
        }
        let Some(session) = self.session.as_ref() else {
            return PathBuf::new();
        };
        if self.replaying || self.addendum.is_some() {
            // The first free name of the day (`-2`, `-3` ...), as the headless replay picks.
            crate::output_file::dated_handover(&session.path, &self.now())
        } else {
            session.beside("handover.age")
        }
    }

    fn site_has_handover(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.site.handover.is_some())
    }

    /// Moves to `step`, building its state. The only place steps change; it refuses a step whose
    /// precondition does not hold (e.g. the walk before the handover is sealed, the last screen
    /// before the final seal).
    pub(crate) fn go(&mut self, step: Step) -> bool {
        let ok = match step {
            Step::Site => self.session.is_none(),
            Step::Extensions | Step::Protection | Step::Unlock => self.session.is_some(),
            Step::Replay => self.replaying && self.session.is_some() && self.vault.is_none(),
            Step::Walk | Step::Review => {
                self.session.is_some() && self.vault.as_ref().is_some_and(Vault::is_sealed)
            }
            Step::Finished => self.finished.is_some(),
        };
        if !ok {
            return false;
        }
        match step {
            Step::Site | Step::Finished => {}
            Step::Extensions => {
                self.exts = Some(ExtTable::new());
            }
            Step::Replay => {
                let file = self
                    .session
                    .as_ref()
                    .map(|s| self.shown(&s.path))
                    .unwrap_or_default();
                self.replay = Some(ReplayForm::new(&file));
            }
            Step::Protection => {
                let default = self.default_handover();
                let shown = self.shown(&default);
                let mut form = ProtectForm::new(&shown);
                if self.replaying {
                    form.propose(self.replay_last.as_ref());
                }
                if self.addendum.is_some() {
                    // The customer's recipients, from the site file, shown on the form before
                    // anything is sealed to them.
                    let facts = self.session.as_ref().and_then(|s| s.site.handover.as_ref());
                    form.propose(facts);
                }
                let (dealer, identity) = self.profile.dealer_keys();
                form.add_dealer(dealer, identity.map(|p| self.shown(&p)));
                self.protect = Some(form);
            }
            Step::Unlock => {
                self.addendum = None;
                let facts = self.session.as_ref().and_then(|s| s.site.handover.as_ref());
                let passphrase = facts.is_some_and(|h| h.passphrase);
                let file = facts.map(|h| h.file.clone()).unwrap_or_default();
                let folder = self
                    .session
                    .as_ref()
                    .map(|s| s.folder().to_path_buf())
                    .unwrap_or_default();
                self.unlock = Some(UnlockForm::new(passphrase, &file, &folder));
            }
            Step::Walk => {
                let start = self.walk.as_ref().map(|w| w.cursor);
                self.walk = Some(Walk::start(self, start));
            }
            Step::Review => {
                self.review = Some(Review::default());
            }
        }
        // Forms that held typed secrets are dropped (and wiped) once left.
        if step != Step::Protection {
            self.protect = None;
        }
        if step != Step::Unlock {
            self.unlock = None;
        }
        if step != Step::Site {
            self.form = None;
        }
        if step != Step::Walk {
            self.probe = None;
            self.smdr = None;
        }
        if step != Step::Replay {
            self.replay = None;
        }
        self.step = step;
        true
    }

    /// Whether quitting now would lose something: typed text, or a change the disk refused.
    pub fn would_lose(&self) -> bool {
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            return true;
        }
        match self.step {
            Step::Site => self.form.as_ref().is_some_and(SiteForm::has_text),
            Step::Extensions => self
                .exts
                .as_ref()
                .is_some_and(|e| !e.input.is_blank() || e.label.is_some()),
            Step::Protection => self.protect.as_ref().is_some_and(ProtectForm::has_text),
            Step::Unlock => self.unlock.as_ref().is_some_and(|u| !u.input.is_blank()),
            Step::Walk => self.walk.as_ref().is_some_and(Walk::has_typed_text),
            // Replay's first screen has written nothing yet: quitting loses nothing.
            Step::Replay | Step::Review | Step::Finished => false,
        }
    }

    /// Whether the current screen is taking typed text (letters are text, not commands).
    pub fn typing(&self) -> bool {
        match self.step {
            Step::Site | Step::Protection | Step::Unlock | Step::Replay => true,
            Step::Extensions => self
                .exts
                .as_ref()
                .is_some_and(|e| e.input_focused || e.label.is_some()),
            Step::Walk => {
                matches!(self.probe, Some(ProbeState::Form { .. }))
                    || matches!(self.smdr, Some(SmdrState::Form { .. }))
                    || self.walk.as_ref().is_some_and(Walk::is_typing)
            }
            Step::Review | Step::Finished => false,
        }
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) {
        if self.job.is_some() {
            return;
        }
        if let Msg::Resize(w, h) = msg {
            self.size = (w, h);
            return;
        }
        // Behind "Enlarge the terminal" nothing is visible: a key must not act unseen (only
        // Ctrl+C is kept, and its question waits until the screen is large enough).
        if self.too_small() && msg != Msg::Quit {
            return;
        }
        if self.confirm_quit {
            match msg {
                Msg::Char('y' | 'Y') => self.quit = true,
                Msg::Char('n' | 'N') | Msg::Esc => self.confirm_quit = false,
                _ => {}
            }
            return;
        }
        if self.help {
            let max = super::screens::help_max_scroll(self.size.0, self.size.1);
            let page = self.size.1.saturating_sub(8).max(1);
            match msg {
                Msg::Esc | Msg::Help | Msg::Char('?' | 'q') => {
                    self.help = false;
                    self.help_scroll = 0;
                }
                Msg::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
                Msg::Down => self.help_scroll = (self.help_scroll + 1).min(max),
                Msg::PageUp => self.help_scroll = self.help_scroll.saturating_sub(page),
                Msg::PageDown => self.help_scroll = (self.help_scroll + page).min(max),
                Msg::Home => self.help_scroll = 0,
                Msg::End => self.help_scroll = max,
                _ => {}
            }
            return;
        }
        let typing = self.typing();
        match msg {
            Msg::Quit => return self.ask_quit(),
            Msg::Help => {
                self.help = true;
                return;
            }
            Msg::Char('?') if !typing => {
                self.help = true;
                return;
            }
            Msg::Char('q') if !typing => return self.ask_quit(),
            Msg::Esc if self.esc_leaves() => return self.leave(),
            _ => {}
        }
        self.notice = None;
        match self.step {
            Step::Site => self.update_site(msg),
            Step::Extensions => self.update_extensions(msg),
            Step::Protection => self.update_protection(msg),
            Step::Unlock => self.update_unlock(msg),
            Step::Replay => self.update_replay(msg),
            Step::Walk => self.update_walk(msg),
            Step::Review => self.update_review(&msg),
            Step::Finished => {}
        }
    }

    /// Whether Esc leaves the current screen (rather than closing something open on it: a
    /// reason being typed, a value being edited, the probe or SMDR-watch form or run).
    fn esc_leaves(&self) -> bool {
        match self.step {
            Step::Site | Step::Protection | Step::Unlock | Step::Replay | Step::Finished => true,
            Step::Extensions => self
                .exts
                .as_ref()
                .is_none_or(|e| e.label.is_none() && (!e.input_focused || e.input.is_blank())),
            Step::Walk => {
                self.probe.is_none()
                    && self.smdr.is_none()
                    && !self.walk.as_ref().is_some_and(Walk::is_typing)
            }
            // The review's own Esc goes back to the walk.
            Step::Review => false,
        }
    }

    /// Leaves the current screen with Esc: the addendum's protection goes back to the first
    /// screen of the sealed site; any other screen quits (asking first if something would be
    /// lost).
    fn leave(&mut self) {
        if self.step == Step::Protection && self.addendum.is_some() && self.vault.is_none() {
            self.go(Step::Unlock);
        } else {
            self.ask_quit();
        }
    }

    fn ask_quit(&mut self) {
        if self.would_lose() {
            self.confirm_quit = true;
        } else {
            self.quit = true;
        }
    }

    /// Whether the terminal is below the wizard's minimum size (the screen shows only a
    /// message then).
    pub fn too_small(&self) -> bool {
        self.size.0 < super::screens::MIN_SIZE.0 || self.size.1 < super::screens::MIN_SIZE.1
    }

    /// The visible rows of a scrolling list on this terminal (the body minus the fixed chrome).
    pub(crate) fn list_rows(&self, chrome: u16) -> usize {
        usize::from(self.size.1.saturating_sub(chrome).max(1))
    }

    /// Announces a failure of slow work in the feedback line.
    pub(crate) fn fail(&mut self, what: &str, err: impl std::fmt::Display) {
        self.error(format!("{what}: {err}"));
    }
}

/// Keeps `offset` so that `cursor` is within `rows` visible rows.
pub(crate) fn follow(offset: usize, cursor: usize, rows: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + rows {
        cursor + 1 - rows
    } else {
        offset
    }
}
