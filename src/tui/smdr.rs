//! The short SMDR watch from the walk (`s` on the call-record items): a one-field form with
//! the system's SMDR address, then [`ShortWatch::run`] on a worker thread that reports over a
//! channel, as the probe does.
//!
//! The loop polls the channel between key presses ([`App::tick`]), so the screen stays live
//! and shows each batch of records as it arrives; Esc raises the worker's stop flag and drops
//! the channel. The verdict is recorded in the site file (`[calls.last_audit]`, like
//! `calls audit --site`), where the item shows it and the items its alerts point at fail.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::app::{App, Effect};
use super::input::Input;
use super::keys::{Key, KeyMap, Msg};
use super::text::smdr as t;
use super::walk::{Cx, Overlay, OverlayStep, Walk};
use crate::calls::short_watch::{self, Progress, ShortWatch};
use crate::calls::{Audit, DEFAULT_SMDR_PORT, output, watch};

/// The items whose pane offers the short watch (`s`).
pub const WATCH_ITEMS: [&str; 2] = ["smdr-on", "smdr-watched"];

/// What the worker sends.
#[derive(Debug)]
pub enum WorkerMsg {
    /// News from the link.
    Progress(Progress),
    /// The watch ended: the audit of the backlog, or why there is none.
    Done(Box<Result<Audit, String>>),
}

/// Raises the worker's stop flag when the run is dropped (Esc, leaving the walk, quitting).
#[derive(Debug)]
pub struct StopOnDrop(pub(crate) Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The short-watch overlay: the form, or a watch being waited for.
#[derive(Debug)]
pub enum SmdrState {
    /// The form.
    Form {
        /// `HOST[:PORT]`.
        address: Input,
        /// What is wrong with the form.
        problem: Option<String>,
    },
    /// A watch on the worker thread.
    Running {
        /// `HOST:PORT`.
        address: String,
        /// The last news, once some arrived.
        progress: Option<Progress>,
        /// Polls while waiting: turns the spinner.
        beats: u32,
        /// The worker's channel.
        rx: Receiver<WorkerMsg>,
        /// Stops the worker when the run is dropped.
        stop: StopOnDrop,
    },
}

impl SmdrState {
    /// Whether a watch is being waited for.
    pub fn is_running(&self) -> bool {
        matches!(self, SmdrState::Running { .. })
    }
}

/// Whether the item `id` offers the short watch.
pub fn offers_watch(id: &str) -> bool {
    WATCH_ITEMS.contains(&id)
}

/// What a key does for the short SMDR watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmdrKey {
    /// Open the form (on an item that offers the watch).
    Open,
    /// Typed text into the address.
    Type,
    /// The last character off the address.
    Erase,
    /// Start the watch.
    Start,
    /// Close the form.
    Cancel,
    /// Stop the watch.
    Stop,
}

impl SmdrState {
    /// The box's keys in its current state.
    pub fn keys(&self) -> KeyMap<SmdrKey> {
        use super::text::footer as key;
        let mut map = KeyMap::new();
        match self {
            SmdrState::Form { .. } => {
                map.bind(&[Key::Enter], Some(key::START), SmdrKey::Start)
                    .bind(&[Key::Esc], Some(key::CANCEL), SmdrKey::Cancel)
                    .bind(&[Key::Text], None, SmdrKey::Type)
                    .bind(&[Key::Backspace], None, SmdrKey::Erase);
            }
            SmdrState::Running { .. } => {
                map.bind(&[Key::Esc], Some(key::STOP), SmdrKey::Stop);
            }
        }
        map
    }

    /// Handles a key of [`SmdrState::keys`]: on the form Enter asks for the watch; Esc stops
    /// a watch.
    pub fn update(&mut self, action: SmdrKey, msg: &Msg) -> OverlayStep {
        let SmdrState::Form { address, problem } = self else {
            return match action {
                SmdrKey::Stop => OverlayStep::close(Effect::Info(t::CANCELLED.into())),
                _ => OverlayStep::stay(),
            };
        };
        match action {
            SmdrKey::Cancel => return OverlayStep::close(Effect::None),
            SmdrKey::Type => {
                msg.text().for_each(|c| address.push(c));
                *problem = None;
            }
            SmdrKey::Erase => address.pop(),
            SmdrKey::Start if address.is_blank() => {
                *problem = Some(t::ADDRESS_REQUIRED.to_owned());
            }
            SmdrKey::Start => match watch::parse_address(address.trimmed(), DEFAULT_SMDR_PORT) {
                Ok((host, port)) => return OverlayStep::ask(Effect::Watch { host, port }),
                Err(e) => *problem = Some(e.to_string()),
            },
            SmdrKey::Open | SmdrKey::Stop => {}
        }
        OverlayStep::stay()
    }
}

impl Walk {
    /// Opens the short-watch form over the walk, with the address that worked last.
    pub(crate) fn open_smdr(&mut self, cx: &Cx) {
        let recorded = short_watch::recorded_address(&cx.session.site);
        self.overlay = Some(Overlay::Smdr(SmdrState::Form {
            address: recorded.map_or_else(Input::plain, Input::with_text),
            problem: None,
        }));
    }
}

impl App {
    /// Takes what the watch worker sent; returns whether anything changed.
    pub(crate) fn tick_smdr(&mut self) -> bool {
        let Some(overlay) = self.overlay_mut() else {
            return false;
        };
        let Some(Overlay::Smdr(SmdrState::Running {
            rx,
            progress,
            beats,
            ..
        })) = overlay
        else {
            return false;
        };
        *beats = beats.wrapping_add(1);
        loop {
            match rx.try_recv() {
                Ok(WorkerMsg::Progress(p)) => *progress = Some(p),
                Ok(WorkerMsg::Done(result)) => {
                    let address = match overlay.take() {
                        Some(Overlay::Smdr(SmdrState::Running { address, .. })) => address,
                        _ => String::new(),
                    };
                    self.smdr_done(&address, *result);
                    return true;
                }
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Disconnected) => {
                    *overlay = None;
                    self.error(t::STOPPED);
                    return true;
                }
            }
        }
    }

    /// Records a finished watch in the site file (saved by the next flush): the audit's
    /// summary and the address that worked; or says why there is no verdict.
    pub(crate) fn smdr_done(&mut self, address: &str, result: Result<Audit, String>) {
        let now = self.now();
        match (result, self.session.as_mut()) {
            (Ok(audit), Some(session)) => {
                let source = format!("watch of {address}");
                let summary = output::summary(&audit, &source, now.clone());
                let calls = session.site.calls.get_or_insert_default();
                calls.settings.get_or_insert_default().smdr_address = Some(address.to_owned());
                calls.last_audit = Some(summary);
                session.site.site.updated = now;
                session.changed();
                self.info(t::finished(
                    audit.records,
                    audit.total_alerts(),
                    audit.failed(),
                ));
            }
            (Err(e), _) => self.error(format!("{}: {e}", t::FAILED)),
            (Ok(_), None) => {}
        }
    }

    /// Starts the worker: the host is resolved there too, so a slow resolver never blocks
    /// the screen.
    pub(crate) fn start_smdr(&mut self, host: String, port: u16) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let year = self.now().as_str()[..4].parse().unwrap_or(2026);
        let options = match short_watch::site_options(&session.site, year) {
            Ok(options) => options,
            Err(e) => {
                if let Some(Some(Overlay::Smdr(SmdrState::Form { problem, .. }))) =
                    self.overlay_mut()
                {
                    *problem = Some(e.to_string());
                }
                return;
            }
        };
        let watch = ShortWatch::new(host, port);
        let address = watch.address();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = watch.run(options, &flag, |p| {
                let _ = tx.send(WorkerMsg::Progress(p));
            });
            let _ = tx.send(WorkerMsg::Done(Box::new(result.map_err(|e| e.to_string()))));
        });
        if let Some(overlay) = self.overlay_mut() {
            *overlay = Some(Overlay::Smdr(SmdrState::Running {
                address,
                progress: None,
                beats: 0,
                rx,
                stop: StopOnDrop(stop),
            }));
        }
    }
}
