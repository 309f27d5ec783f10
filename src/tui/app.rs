//! The wizard's state machine: the current [`Screen`], the one function that carries out what a
//! key asked for ([`App::apply`]) and the transition rules it obeys ([`allowed`]).
//!
//! Each screen handles its own keys and returns an [`Effect`]; slow work (sealing with scrypt,
//! writing files) is an [`Effect::Queue`]d [`Job`]: the loop draws a "sealing" frame first,
//! then runs it with [`App::run_pending`].

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::extensions::ExtTable;
use super::keys::{Key, KeyMap, Label, Msg};
use super::launch::{Launch, SecretRng};
use super::probe::ProbeState;
use super::protect::ProtectForm;
use super::replay::ReplayForm;
use super::review::{Finished, Review};
pub use super::screen::{Effect, Job, Screen};
use super::session::Session;
use super::setup::SiteForm;
use super::smdr::SmdrState;
use super::theme::Theme;
use super::unlock::UnlockForm;
use super::walk::{Overlay, Walk};
use crate::checklist::Checklist;
use crate::coverage::vault::Vault;
use crate::site::Timestamp;

/// The wizard's steps, in order: which [`Screen`] is showing, without its state.
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

/// What the transition rules look at: the facts of the session, not of any screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// A site is loaded or created.
    pub session: bool,
    /// A handover vault exists (sealed, or opened and resealed).
    pub vault: bool,
    /// The vault's record is sealed and proven on disk (the lock-out guard).
    pub sealed: bool,
    /// This is an interactive replay.
    pub replaying: bool,
    /// The site file records a handover.
    pub handover: bool,
    /// Every applicable item is handled.
    pub complete: bool,
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The target never follows the current screen.
    NotAfter,
    /// The target needs a site, or (the new-site form) needs none.
    Site,
    /// The walk, the review and the last screen need the handover sealed first.
    NotSealed,
    /// Protection, unlocking and replay's first screen come before any vault.
    AlreadySealed,
    /// Unlocking needs a handover on record.
    NoHandover,
    /// Replay's first screen is only for a replay.
    NotReplaying,
    /// The last screen needs every item handled.
    Incomplete,
}

/// The transition rules: may the wizard move from `from` (`None` at launch) to `to`, given
/// `facts`? What may follow what, then what must be true first.
///
/// # Errors
/// Why the move is refused.
pub fn allowed(from: Option<Step>, to: Step, facts: Facts) -> Result<(), Refused> {
    use Step::{Extensions, Finished, Protection, Replay, Review, Site, Unlock, Walk};
    let follows = match from {
        None => matches!(to, Site | Extensions | Protection | Unlock | Replay),
        Some(Site) => to == Extensions,
        Some(Extensions) => matches!(to, Protection | Walk),
        Some(Replay) => to == Protection,
        Some(Unlock) => matches!(to, Protection | Walk),
        Some(Protection) => matches!(to, Walk | Unlock),
        Some(Walk) => matches!(to, Review | Extensions),
        Some(Review) => matches!(to, Walk | Finished),
        Some(Finished) => false,
    };
    if !follows {
        return Err(Refused::NotAfter);
    }
    let need = |ok: bool, why: Refused| if ok { Ok(()) } else { Err(why) };
    match to {
        Site => need(!facts.session, Refused::Site),
        Extensions => need(facts.session, Refused::Site),
        Protection => {
            need(facts.session, Refused::Site)?;
            need(!facts.vault, Refused::AlreadySealed)
        }
        Unlock => {
            need(facts.session, Refused::Site)?;
            need(facts.handover, Refused::NoHandover)?;
            need(!facts.vault, Refused::AlreadySealed)
        }
        Replay => {
            need(facts.session, Refused::Site)?;
            need(facts.replaying, Refused::NotReplaying)?;
            need(!facts.vault, Refused::AlreadySealed)
        }
        Walk | Review => {
            need(facts.session, Refused::Site)?;
            need(facts.sealed, Refused::NotSealed)
        }
        Finished => {
            need(facts.session, Refused::Site)?;
            need(facts.sealed, Refused::NotSealed)?;
            need(facts.complete, Refused::Incomplete)
        }
    }
}

/// The screen that follows `from` when it is done ([`Effect::Next`]).
pub fn next(from: Step, facts: Facts) -> Option<Step> {
    match from {
        Step::Finished => None,
        Step::Site => Some(Step::Extensions),
        Step::Extensions if facts.sealed => Some(Step::Walk),
        Step::Extensions | Step::Replay => Some(Step::Protection),
        Step::Protection | Step::Unlock => Some(Step::Walk),
        Step::Walk => Some(Step::Review),
        Step::Review => Some(Step::Finished),
    }
}

/// A line of feedback under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
}

/// The whole state of the wizard. Drawing borrows it (`impl Widget for &App`).
pub struct App {
    pub(crate) theme: Theme,
    pub(crate) clock: Box<dyn Fn() -> Timestamp>,
    pub(crate) rng: Box<dyn SecretRng>,
    pub(crate) work_factor: u8,
    pub(crate) base: PathBuf,
    /// The current screen and its state.
    pub(crate) screen: Screen,
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
    pub(crate) replaying: bool,
    pub(crate) replay_handover: Option<PathBuf>,
    /// The replayed site's last handover facts, so the protection form proposes the same kind.
    pub(crate) replay_last: Option<crate::site::HandoverFacts>,
    /// The walk's item when the walk was left (for the review or the extensions), so coming
    /// back lands on it.
    pub(crate) walk_at: Option<usize>,
    /// Ports the probe tries instead of the defaults (`--ports` syntax); the tests use it to
    /// probe a listener of their own on 127.0.0.1.
    pub(crate) probe_ports: Option<String>,
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
        let form = SiteForm::new(launch.checklist.as_ref(), launch.profile.profile());
        let mut app = App {
            theme: launch.theme,
            clock: launch.clock,
            rng: launch.rng,
            work_factor: launch.work_factor,
            base: launch.display_base,
            screen: Screen::Site(form),
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
            replaying: launch.replay,
            replay_handover: launch.handover,
            replay_last: None,
            walk_at: None,
            probe_ports: None,
            profile: launch.profile,
            addendum: None,
            render_cache: super::screens::RenderCache::default(),
        };
        if let super::launch::ProfileState::Bad(why) = &app.profile {
            app.error(super::text::visit::bad_profile(why));
        }
        if let Some(path) = launch.site {
            let (site, checklist) =
                crate::site::SiteFile::load(&path, app.override_checklist.as_ref())
                    .map_err(|e| e.to_string())?;
            let first = if app.replaying {
                app.replay_last.clone_from(&site.handover);
                let now = app.now();
                let fresh = crate::replay::prepare_interactive(&site, &checklist, &now);
                app.session = Some(Session::new(fresh, checklist, path));
                Step::Replay
            } else {
                app.session = Some(Session::new(site, checklist, path));
                if app.site_has_handover() {
                    Step::Unlock
                } else if app
                    .session
                    .as_ref()
                    .is_some_and(|s| s.site.extensions.is_empty())
                {
                    Step::Extensions
                } else {
                    Step::Protection
                }
            };
            app.enter(None, first);
        }
        Ok(app)
    }

    /// The current step.
    pub fn step(&self) -> Step {
        self.screen.step()
    }

    /// The current screen.
    pub fn screen(&self) -> &Screen {
        &self.screen
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

    /// The slow work waiting to run, if any (what the last key asked for).
    pub fn pending(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// Runs the queued slow work, if any, then writes what changed.
    pub fn run_pending(&mut self) {
        if let Some(job) = self.job.take() {
            self.run(job);
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
        match &self.screen {
            Screen::Walk(w) => Some(w),
            _ => None,
        }
    }

    /// The last screen's facts, once finished.
    pub fn finished(&self) -> Option<&Finished> {
        match &self.screen {
            Screen::Finished(f) => Some(f),
            _ => None,
        }
    }

    /// The new-site form, on that screen.
    pub fn form(&self) -> Option<&SiteForm> {
        match &self.screen {
            Screen::Site(f) => Some(f),
            _ => None,
        }
    }

    /// The extension table, on that screen.
    pub fn exts(&self) -> Option<&ExtTable> {
        match &self.screen {
            Screen::Extensions(e) => Some(e),
            _ => None,
        }
    }

    /// The protection form, on that screen.
    pub fn protect(&self) -> Option<&ProtectForm> {
        match &self.screen {
            Screen::Protection(f) => Some(f),
            _ => None,
        }
    }

    /// The unlock form, on that screen.
    pub fn unlock(&self) -> Option<&UnlockForm> {
        match &self.screen {
            Screen::Unlock(f) => Some(f),
            _ => None,
        }
    }

    /// Replay's first form, on that screen.
    pub fn replay(&self) -> Option<&ReplayForm> {
        match &self.screen {
            Screen::Replay(f) => Some(f),
            _ => None,
        }
    }

    /// The review's state, on that screen.
    pub fn review(&self) -> Option<&Review> {
        match &self.screen {
            Screen::Review(r) => Some(r),
            _ => None,
        }
    }

    /// The open probe overlay, if any.
    pub fn probe_state(&self) -> Option<&ProbeState> {
        match self.walk().and_then(|w| w.overlay.as_ref()) {
            Some(Overlay::Probe(p)) => Some(p),
            _ => None,
        }
    }

    /// The open short-watch overlay, if any.
    pub fn smdr_state(&self) -> Option<&SmdrState> {
        match self.walk().and_then(|w| w.overlay.as_ref()) {
            Some(Overlay::Smdr(s)) => Some(s),
            _ => None,
        }
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

    /// What the transition rules look at now.
    pub(crate) fn facts(&self) -> Facts {
        Facts {
            session: self.session.is_some(),
            vault: self.vault.is_some(),
            sealed: self.vault.as_ref().is_some_and(Vault::is_sealed),
            replaying: self.replaying,
            handover: self.site_has_handover(),
            complete: self
                .session
                .as_ref()
                .is_some_and(|s| s.first_open().is_none()),
        }
    }

    /// Carries out what a key asked for: the one place effects happen and screens change.
    pub(crate) fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Go(step) => {
                self.go(step);
            }
            Effect::Next => {
                if let Some(step) = next(self.step(), self.facts()) {
                    self.go(step);
                }
            }
            Effect::Queue(job) => self.job = Some(job),
            Effect::Info(text) => self.info(text),
            Effect::Error(text) => self.error(text),
            Effect::Copy(clip) => {
                self.clipboard = Some(clip.0);
                self.info(super::text::walk::COPIED);
            }
            Effect::CreateSite(new) => self.create_site(new),
            Effect::ContinueWithout => self.continue_without(),
            Effect::ReplayTo(path) => {
                // Written first when the new handover is sealed: quitting before that leaves
                // the old site file, and its link to the old handover, as they were.
                if let Some(session) = self.session.as_mut() {
                    session.path = path;
                }
                if self.go(Step::Protection) {
                    self.info(super::text::replay::SAVED);
                }
            }
            Effect::Probe { host, vantage } => self.start_probe(host, vantage),
            Effect::Watch { host, port } => self.start_smdr(host, port),
            Effect::Finish => match self.finish_blocker() {
                Some(why) => self.error(why),
                None => self.job = Some(Job::Finish),
            },
            Effect::Leave => self.leave(),
            Effect::Quit => self.ask_quit(),
        }
    }

    /// Runs queued slow work.
    fn run(&mut self, job: Job) {
        match job {
            Job::Protect(sealing) => self.seal_protection(*sealing),
            Job::OpenHandover => self.open_handover(),
            Job::Generate { rows, regenerate } => self.generate(&rows, regenerate),
            Job::Reseal(row) => self.reseal_row(row),
            Job::SealCells(cells) => self.seal_cells(&cells),
            Job::Finish => self.finish(),
        }
    }

    /// Moves to `step`, building its screen, if the transition rules allow it from the
    /// current screen; returns whether it moved. The screen replaced is dropped, and with it
    /// any secret its form held.
    pub(crate) fn go(&mut self, step: Step) -> bool {
        self.enter(Some(self.step()), step)
    }

    /// Moves from `from` (`None` at launch) to `step`, if [`allowed`].
    fn enter(&mut self, from: Option<Step>, step: Step) -> bool {
        if allowed(from, step, self.facts()).is_err() {
            return false;
        }
        let screen = match step {
            Step::Site => Screen::Site(SiteForm::new(
                self.override_checklist.as_ref(),
                self.profile.profile(),
            )),
            Step::Extensions => Screen::Extensions(ExtTable::new()),
            Step::Replay => {
                let file = self
                    .session
                    .as_ref()
                    .map(|s| self.shown(&s.path))
                    .unwrap_or_default();
                Screen::Replay(ReplayForm::new(&file))
            }
            Step::Protection => Screen::Protection(self.protection_form()),
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
                Screen::Unlock(UnlockForm::new(passphrase, &file, &folder))
            }
            Step::Walk => Screen::Walk(Walk::start(self, self.walk_at)),
            Step::Review => Screen::Review(Review::default()),
            // The last screen is entered with its facts, by finishing.
            Step::Finished => return false,
        };
        self.replace(screen);
        true
    }

    /// Puts `screen` in place of the current one, remembering where the walk was.
    fn replace(&mut self, screen: Screen) {
        if let Screen::Walk(w) = &self.screen {
            self.walk_at = Some(w.cursor);
        }
        self.screen = screen;
    }

    /// The last screen, with what it shows, if the transition rules allow it.
    pub(crate) fn show_finished(&mut self, finished: Finished) -> bool {
        if allowed(Some(self.step()), Step::Finished, self.facts()).is_err() {
            return false;
        }
        self.replace(Screen::Finished(finished));
        true
    }

    /// The protection form, proposing what is known: the replayed or the customer's keys,
    /// the dealer's keys.
    fn protection_form(&self) -> ProtectForm {
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
        form
    }

    /// Whether quitting now would lose something: typed text, or a change the disk refused.
    pub fn would_lose(&self) -> bool {
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            return true;
        }
        match &self.screen {
            Screen::Site(form) => form.has_text(),
            Screen::Extensions(e) => !e.input.is_blank() || e.label.is_some(),
            Screen::Protection(form) => form.has_text(),
            Screen::Unlock(u) => !u.input.is_blank(),
            Screen::Walk(w) => w.has_typed_text(),
            // Replay's first screen has written nothing yet: quitting loses nothing.
            Screen::Replay(_) | Screen::Review(_) | Screen::Finished(_) => false,
        }
    }

    /// Whether the current screen is taking typed text (letters are text, not commands).
    pub fn typing(&self) -> bool {
        match &self.screen {
            Screen::Site(_) | Screen::Protection(_) | Screen::Unlock(_) | Screen::Replay(_) => true,
            Screen::Extensions(e) => e.input_focused || e.label.is_some(),
            Screen::Walk(w) => w.is_typing(),
            Screen::Review(_) | Screen::Finished(_) => false,
        }
    }

    /// Handles one message.
    // The message is handed over, as the loop and the tests have always done; the screens
    // only look at it.
    #[allow(clippy::needless_pass_by_value)]
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
        let app_key = self.app_keys().lookup(&msg);
        if self.confirm_quit || self.help {
            let max = super::screens::help_max_scroll(self);
            let page = self.size.1.saturating_sub(8).max(1);
            match app_key {
                Some(AppKey::ConfirmQuit) => self.quit = true,
                Some(AppKey::Stay) => self.confirm_quit = false,
                Some(AppKey::CloseHelp) => {
                    self.help = false;
                    self.help_scroll = 0;
                }
                Some(AppKey::Scroll) => {
                    self.help_scroll = match msg {
                        Msg::Up => self.help_scroll.saturating_sub(1),
                        Msg::Down => (self.help_scroll + 1).min(max),
                        Msg::PageUp => self.help_scroll.saturating_sub(page),
                        Msg::PageDown => (self.help_scroll + page).min(max),
                        Msg::Home => 0,
                        _ => max,
                    };
                }
                Some(AppKey::Help | AppKey::Quit) | None => {}
            }
            return;
        }
        match app_key {
            Some(AppKey::Help) => {
                self.help = true;
                return;
            }
            Some(AppKey::Quit) => return self.ask_quit(),
            _ => {}
        }
        let before = self.notice.take();
        let effect = self.dispatch(&msg);
        if matches!(effect, Effect::Leave) {
            // Leaving (or the question before it) keeps the feedback line.
            self.notice = before;
        }
        self.apply(effect);
    }

    /// Hands `msg` to the current screen, which says what it asks for.
    fn dispatch(&mut self, msg: &Msg) -> Effect {
        let now = self.now();
        let size = self.size;
        let table_rows = self.list_rows(super::extensions::CHROME);
        match &mut self.screen {
            Screen::Site(form) => form.update(msg, &self.base),
            Screen::Extensions(table) => match self.session.as_mut() {
                Some(session) => table.update(msg, session, &now, table_rows),
                None => Effect::None,
            },
            Screen::Protection(form) => form.update(
                msg,
                &mut *self.rng,
                self.work_factor,
                &self.base,
                self.addendum.is_some(),
            ),
            Screen::Unlock(form) => form.update(msg),
            Screen::Replay(form) => match self.session.as_ref() {
                Some(session) => form.update(msg, &self.base, &session.path),
                None => Effect::None,
            },
            Screen::Walk(walk) => match (self.session.as_mut(), self.vault.as_ref()) {
                (Some(session), Some(vault)) => walk.update(
                    msg,
                    &mut super::walk::Cx {
                        session,
                        vault,
                        now,
                        size,
                        replaying: self.replaying,
                    },
                ),
                _ => Effect::None,
            },
            Screen::Review(review) => review.update(msg),
            Screen::Finished(_) => match finished_keys().lookup(msg) {
                Some(()) => Effect::Leave,
                None => Effect::None,
            },
        }
    }

    /// Leaves the current screen with Esc: the addendum's protection goes back to the first
    /// screen of the sealed site; any other screen quits (asking first if something would be
    /// lost).
    fn leave(&mut self) {
        if self.step() == Step::Protection && self.addendum.is_some() && self.vault.is_none() {
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

    /// The keys that work whatever the screen, or, over it, in help or the quit question.
    pub fn app_keys(&self) -> KeyMap<AppKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        if self.confirm_quit {
            map.bind(
                &[Key::Char('y'), Key::Char('Y')],
                Some(key::QUIT),
                AppKey::ConfirmQuit,
            )
            .bind(
                &[Key::Char('n'), Key::Char('N'), Key::Esc],
                Some(key::STAY),
                AppKey::Stay,
            );
        } else if self.help {
            map.bind(
                &[
                    Key::Up,
                    Key::Down,
                    Key::PageUp,
                    Key::PageDown,
                    Key::Home,
                    Key::End,
                ],
                Some(key::SCROLL),
                AppKey::Scroll,
            )
            .bind(
                &[Key::Esc, Key::Help, Key::Char('?'), Key::Char('q')],
                Some(key::CLOSE),
                AppKey::CloseHelp,
            );
        } else if self.typing() {
            // Letters are typed text: only F1 and Ctrl+C.
            map.bind(&[Key::Help], Some(key::HELP), AppKey::Help).bind(
                &[Key::Quit],
                Some(key::QUIT_2),
                AppKey::Quit,
            );
        } else {
            map.bind(
                &[Key::Char('?'), Key::Help],
                Some(key::HELP_2),
                AppKey::Help,
            )
            .bind(
                &[Key::Char('q'), Key::Quit],
                Some(key::QUIT_3),
                AppKey::Quit,
            );
        }
        map
    }

    /// What the current screen's keys show in the footer.
    pub(crate) fn screen_keys(&self) -> Vec<Label> {
        match &self.screen {
            Screen::Site(f) => f.keys().shown().collect(),
            Screen::Extensions(e) => {
                let count = self.session.as_ref().map_or(0, |s| s.site.extensions.len());
                e.keys(count).shown().collect()
            }
            Screen::Protection(f) => f.keys(self.addendum.is_some()).shown().collect(),
            Screen::Unlock(f) => f.keys().shown().collect(),
            Screen::Replay(f) => f.keys().shown().collect(),
            Screen::Walk(w) => self
                .session
                .as_ref()
                .map(|s| w.keys(s).shown().collect())
                .unwrap_or_default(),
            Screen::Review(r) => r.keys().shown().collect(),
            Screen::Finished(_) => finished_keys().shown().collect(),
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

/// What a key does whatever the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKey {
    /// Open help.
    Help,
    /// Quit, asking first when something would be lost.
    Quit,
    /// Scroll help.
    Scroll,
    /// Close help.
    CloseHelp,
    /// Quit after all (the question).
    ConfirmQuit,
    /// Stay (the question).
    Stay,
}

/// The last screen's keys: Esc leaves.
fn finished_keys() -> KeyMap<()> {
    let mut map = KeyMap::new();
    map.bind(&[Key::Esc], None, ());
    map
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
