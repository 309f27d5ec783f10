//! A sign of life while slow work holds the event loop (sealing with scrypt takes about two
//! seconds): a small thread turns a spinner in one cell of the "sealing" box until the work
//! ends. It writes only that cell, and only while the loop itself writes nothing.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossterm::cursor::{MoveTo, RestorePosition, SavePosition};
use crossterm::queue;
use crossterm::style::Print;

/// The spinner's frames, in turn.
pub const FRAMES: [&str; 4] = ["◐", "◓", "◑", "◒"];

/// How often the spinner turns.
const BEAT: Duration = Duration::from_millis(120);

/// The running spinner; [`Heartbeat::stop`] ends it.
pub struct Heartbeat {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Heartbeat {
    /// Starts turning the spinner at column `x`, row `y` of `out`.
    pub fn start<W: Write + Send + 'static>(mut out: W, x: u16, y: u16) -> Heartbeat {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut turn = 0;
            while !flag.load(Ordering::Acquire) {
                let frame = FRAMES[turn % FRAMES.len()];
                let drawn = queue!(
                    out,
                    SavePosition,
                    MoveTo(x, y),
                    Print(frame),
                    RestorePosition
                )
                .and_then(|()| out.flush());
                if drawn.is_err() {
                    return;
                }
                turn += 1;
                thread::park_timeout(BEAT);
            }
        });
        Heartbeat {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops the spinner and waits until it wrote its last frame.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.halt();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A writer the test can read while the spinner writes.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_spinner_turns_in_its_cell_until_stopped() {
        let out = Shared::default();
        let beat = Heartbeat::start(out.clone(), 11, 4);
        // Wait for two frames (no time limit: the test fails by hanging, not by timing).
        while !String::from_utf8_lossy(&out.0.lock().unwrap()).contains(FRAMES[1]) {
            thread::yield_now();
        }
        beat.stop();
        let written = String::from_utf8_lossy(&out.0.lock().unwrap()).into_owned();
        // Saved cursor, moved to row 5 column 12 (1-based), a frame, cursor restored.
        assert!(
            written.starts_with("\u{1b}7\u{1b}[5;12H◐\u{1b}8"),
            "{written:?}"
        );
    }
}
