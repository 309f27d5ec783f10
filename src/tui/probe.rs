//! The exposure probe from the walk: a small form (host, where it runs from), then
//! [`Probe::run`](crate::probe::Probe::run) on a worker thread that reports over a channel.
//!
//! The loop polls the channel between key presses ([`App::tick`]), so the screen stays live
//! and Esc stops waiting at once; a cancelled worker may finish in the background, its result
//! is dropped with the channel. The report is recorded in the site file (`[probe]`), where the
//! walk shows each finding beside its item and the report lists it.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::app::{App, Effect, Screen};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::text::probe as t;
use super::walk::{Overlay, OverlayStep, Walk};
use crate::probe::{Plan, Probe, ProbeOptions, ProbeReport, Progress, SiteContext, Vantage};

/// The items whose pane offers the probe (`p`).
pub const PROBE_ITEMS: [&str; 3] = [
    "admin-ports-blocked",
    "sip-ports-forwarded",
    "sip-register-mode",
];

/// A field of the probe form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeField {
    /// The customer's public address or name.
    Host,
    /// Where the probe runs from.
    Vantage,
}

/// What the worker sends.
#[derive(Debug)]
pub enum WorkerMsg {
    /// A step finished.
    Progress(Progress),
    /// The run ended: its report, or why it could not start (e.g. the host did not resolve).
    Done(Result<ProbeReport, String>),
}

/// The probe overlay: the form, or a run being waited for.
#[derive(Debug)]
pub enum ProbeState {
    /// The form.
    Form {
        /// The host.
        host: Input,
        /// Outside (recommended) or inside.
        vantage: Vantage,
        /// The focused field.
        focus: ProbeField,
        /// What is wrong with the form.
        problem: Option<String>,
    },
    /// A run on the worker thread.
    Running {
        /// The host as typed.
        host: String,
        /// The last progress report, once one arrived.
        progress: Option<Progress>,
        /// The worker's channel.
        rx: Receiver<WorkerMsg>,
    },
}

impl ProbeState {
    /// The empty form: outside is the default, since from inside the LAN the probe proves
    /// nothing about the internet.
    pub fn form() -> Self {
        ProbeState::Form {
            host: Input::plain(),
            vantage: Vantage::Outside,
            focus: ProbeField::Host,
            problem: None,
        }
    }

    /// Whether a run is being waited for.
    pub fn is_running(&self) -> bool {
        matches!(self, ProbeState::Running { .. })
    }
}

/// Whether the item `id` offers the probe.
pub fn offers_probe(id: &str) -> bool {
    PROBE_ITEMS.contains(&id)
}

/// What a key does for the probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKey {
    /// Open the form (on an item that offers the probe).
    Open,
    /// The other field.
    Field,
    /// The other vantage point.
    From,
    /// Typed text into the host.
    Type,
    /// The last character off the host.
    Erase,
    /// Start the run.
    Start,
    /// Close the form.
    Cancel,
    /// Stop waiting for the run.
    Stop,
}

impl ProbeState {
    /// The box's keys in its current state.
    pub fn keys(&self) -> KeyMap<ProbeKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        match self {
            ProbeState::Form { focus, .. } => {
                let host = *focus == ProbeField::Host;
                map.bind(
                    &[Key::Up, Key::Down, Key::Tab, Key::BackTab],
                    Some(key::FIELD),
                    ProbeKey::Field,
                )
                // Where the probe runs from changes only on its own row.
                .bind_if(
                    !host,
                    &[Key::Left, Key::Right, Key::Char(' ')],
                    Some(key::FROM),
                    ProbeKey::From,
                )
                .bind(&[Key::Enter], Some(key::START), ProbeKey::Start)
                .bind(&[Key::Esc], Some(key::CANCEL), ProbeKey::Cancel)
                .bind_if(host, &[Key::Text], None, ProbeKey::Type)
                .bind_if(host, &[Key::Backspace], None, ProbeKey::Erase);
            }
            ProbeState::Running { .. } => {
                map.bind(&[Key::Esc], Some(key::STOP), ProbeKey::Stop);
            }
        }
        map
    }

    /// Handles a key of [`ProbeState::keys`]: on the form Enter asks for the run; Esc stops
    /// waiting for one (the worker may still finish, its result goes nowhere).
    pub fn update(&mut self, action: ProbeKey, msg: &Msg) -> OverlayStep {
        let ProbeState::Form {
            host,
            vantage,
            focus,
            problem,
        } = self
        else {
            return match action {
                ProbeKey::Stop => OverlayStep::close(Effect::Info(t::CANCELLED.into())),
                _ => OverlayStep::stay(),
            };
        };
        match action {
            ProbeKey::Cancel => return OverlayStep::close(Effect::None),
            ProbeKey::Field => {
                *focus = match focus {
                    ProbeField::Host => ProbeField::Vantage,
                    ProbeField::Vantage => ProbeField::Host,
                };
            }
            ProbeKey::From => {
                *vantage = match vantage {
                    Vantage::Outside => Vantage::Inside,
                    _ => Vantage::Outside,
                };
            }
            ProbeKey::Type => {
                msg.text().for_each(|c| host.push(c));
                *problem = None;
            }
            ProbeKey::Erase => host.pop(),
            ProbeKey::Start if host.is_blank() => *problem = Some(t::HOST_REQUIRED.to_owned()),
            ProbeKey::Start => {
                return OverlayStep::ask(Effect::Probe {
                    host: host.trimmed().to_owned(),
                    vantage: *vantage,
                });
            }
            ProbeKey::Open | ProbeKey::Stop => {}
        }
        OverlayStep::stay()
    }
}

impl Walk {
    /// Opens the probe form over the walk.
    pub(crate) fn open_probe(&mut self) {
        self.overlay = Some(Overlay::Probe(ProbeState::form()));
    }
}

impl App {
    /// Whether a probe or an SMDR watch is running (the loop then polls with a timeout
    /// instead of blocking).
    pub fn waiting(&self) -> bool {
        self.probe_state().is_some_and(ProbeState::is_running)
            || self
                .smdr_state()
                .is_some_and(super::smdr::SmdrState::is_running)
    }

    /// Takes what the workers sent since the last call; returns whether anything changed.
    pub fn tick(&mut self) -> bool {
        let smdr = self.tick_smdr();
        self.tick_probe() || smdr
    }

    /// The walk's open overlay, for the workers' news.
    pub(crate) fn overlay_mut(&mut self) -> Option<&mut Option<Overlay>> {
        match &mut self.screen {
            Screen::Walk(w) => Some(&mut w.overlay),
            _ => None,
        }
    }

    fn tick_probe(&mut self) -> bool {
        let Some(overlay) = self.overlay_mut() else {
            return false;
        };
        let Some(Overlay::Probe(ProbeState::Running { rx, progress, .. })) = overlay else {
            return false;
        };
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(WorkerMsg::Progress(p)) => {
                    *progress = Some(p);
                    changed = true;
                }
                Ok(WorkerMsg::Done(result)) => {
                    *overlay = None;
                    self.probe_done(result);
                    return true;
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    *overlay = None;
                    self.error(t::STOPPED);
                    return true;
                }
            }
        }
    }

    /// Records a finished run in the site file (saved by the next flush) or says why it failed.
    pub(crate) fn probe_done(&mut self, result: Result<ProbeReport, String>) {
        let now = self.now();
        match (result, self.session.as_mut()) {
            (Ok(report), Some(session)) => {
                let findings = report.findings.len();
                let failed = report
                    .findings
                    .iter()
                    .filter(|f| f.severity.fails())
                    .count();
                session.site.site.updated = now;
                session.site.probe = Some(report);
                session.changed();
                self.info(t::finished(findings, failed));
            }
            (Err(e), _) => self.error(format!("{}: {e}", t::FAILED)),
            (Ok(_), None) => {}
        }
    }

    /// Starts the worker: the host is resolved there too, so a slow resolver never blocks
    /// the screen.
    pub(crate) fn start_probe(&mut self, host: String, vantage: Vantage) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let context = SiteContext::from_site(&session.site);
        let plan = match self.probe_ports.as_deref() {
            Some(list) => match Plan::with_ports(list, context) {
                Ok(plan) => plan,
                Err(e) => {
                    self.error(format!("{}: {} ({})", t::FAILED, e.entry, e.why));
                    return;
                }
            },
            None => Plan::defaults(context),
        };
        let options = ProbeOptions {
            vantage,
            avoid_extensions: session
                .site
                .extensions
                .iter()
                .map(|e| e.number.to_string())
                .collect(),
            ..ProbeOptions::default()
        };
        let (tx, rx) = mpsc::channel();
        let target = host.clone();
        std::thread::spawn(move || {
            let result = Probe::new(&target, plan, options).map(|probe| {
                probe.run(|p| {
                    let _ = tx.send(WorkerMsg::Progress(p.clone()));
                })
            });
            let _ = tx.send(WorkerMsg::Done(result.map_err(|e| e.to_string())));
        });
        if let Some(overlay) = self.overlay_mut() {
            *overlay = Some(Overlay::Probe(ProbeState::Running {
                host,
                progress: None,
                rx,
            }));
        }
    }
}
