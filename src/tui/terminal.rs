//! The real terminal: set up and always restored (quit, error, panic through ratatui's hook,
//! SIGTERM/SIGHUP through a small signal thread), the synchronous event loop, OSC 52 copies.

use std::io::{self, BufWriter, Stdout, Write};
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use zeroize::Zeroizing;

use super::app::App;
use super::heartbeat::Heartbeat;
use super::keys;
use super::launch::Launch;
use super::review::Finished;
use super::site_list::{Pick, SiteList};

/// Runs the wizard in the terminal until the installer quits.
///
/// Returns the last screen's facts when the site was finished.
///
/// # Errors
/// A one-line message: the site file could not be loaded, or the terminal failed.
pub fn run(mut launch: Launch) -> Result<Option<Finished>, String> {
    // Without a site file, the folder's site files come first (when it has any).
    let list = if launch.site.is_none() && !launch.replay {
        SiteList::scan(&launch.display_base, (launch.clock)(), launch.theme)
    } else {
        None
    };
    let mut picked_in = None;
    if let Some(list) = list {
        let mut terminal = set_up_or_restore()?;
        restore_on_signals();
        match pick_site(&mut terminal, list) {
            Ok(Pick::Open(path)) => launch.site = Some(path),
            Ok(Pick::New) => {}
            Ok(Pick::Quit) => {
                ratatui::restore();
                return Ok(None);
            }
            Err(e) => {
                ratatui::restore();
                return Err(format!("terminal: {e}"));
            }
        }
        picked_in = Some(terminal);
    }
    let mut app = App::new(launch).inspect_err(|_| {
        if picked_in.is_some() {
            ratatui::restore();
        }
    })?;
    let mut terminal = if let Some(terminal) = picked_in {
        terminal
    } else {
        let terminal = set_up_or_restore()?;
        restore_on_signals();
        terminal
    };
    // Paste arrives as one event; a terminal without it still types the characters.
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result.map_err(|e| format!("terminal: {e}"))?;
    Ok(app.finished().cloned())
}

fn set_up_or_restore() -> Result<WizardTerminal, String> {
    set_up().map_err(|e| {
        ratatui::restore();
        format!("cannot set up the terminal: {e}")
    })
}

/// The first screen's loop: the list of site files until the installer picks.
fn pick_site(terminal: &mut WizardTerminal, mut list: SiteList) -> io::Result<Pick> {
    loop {
        terminal.draw(|f| f.render_widget(&list, f.area()))?;
        if let Some(msg) = keys::from_event(&next_event(terminal)?)
            && let Some(pick) = list.update(&msg)
        {
            return Ok(pick);
        }
    }
}

/// The wizard's terminal: frames are built in a 64 KiB buffer and leave in one write, and the
/// size is known from resize events rather than asked of the terminal on every frame.
type WizardTerminal = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Raw mode, the alternate screen, and ratatui's restore in the panic hook (the same set-up
/// as `ratatui::try_init`, with the buffered, fixed-size terminal above).
fn set_up() -> io::Result<WizardTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    let (width, height) = crossterm::terminal::size()?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
}

/// The next event; a resize also resizes the terminal's buffers (and clears the screen).
fn next_event(terminal: &mut WizardTerminal) -> io::Result<Event> {
    let event = event::read()?;
    if let Event::Resize(width, height) = event {
        terminal.resize(Rect::new(0, 0, width, height))?;
    }
    Ok(event)
}

fn event_loop(terminal: &mut WizardTerminal, app: &mut App) -> io::Result<()> {
    let size = terminal.get_frame().area();
    app.update(keys::Msg::Resize(size.width, size.height));
    loop {
        terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        // The terminal-hygiene tests need a panic in the real loop; release builds have none.
        #[cfg(debug_assertions)]
        assert!(
            std::env::var_os("NEC_HARDEN_TEST_PANIC").is_none(),
            "NEC_HARDEN_TEST_PANIC is set (a test of the panic hook)"
        );
        if app.has_pending() {
            // The frame above says "sealing"; now do the slow work, its spinner turning, and
            // draw again.
            let area = terminal.get_frame().area();
            let beat = super::screens::draws(area).then(|| {
                let (x, y) = super::screens::sealing_spot(area);
                Heartbeat::start(io::stdout(), x, y)
            });
            app.run_pending();
            if let Some(beat) = beat {
                beat.stop();
            }
            continue;
        }
        // The frame is on screen; now the change reaches the disk, before the next key.
        if app.flush() {
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        }
        if let Some(text) = app.take_clipboard() {
            copy_osc52(&text)?;
        }
        if app.should_quit() {
            return Ok(());
        }
        if app.waiting() {
            // A probe runs on its worker: wait for a key only briefly, then take its news.
            if event::poll(Duration::from_millis(100))?
                && let Some(msg) = keys::from_event(&next_event(terminal)?)
            {
                app.update(msg);
            }
            app.tick();
        } else if let Some(msg) = keys::from_event(&next_event(terminal)?) {
            app.update(msg);
        }
    }
}

/// Asks the terminal to put `text` on the clipboard (OSC 52).
fn copy_osc52(text: &Zeroizing<String>) -> io::Result<()> {
    let encoded = Zeroizing::new(base64(text.as_bytes()));
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{}\x07", encoded.as_str())?;
    out.flush()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// On SIGTERM or SIGHUP: restore the terminal and exit. Every change is already saved
/// atomically, so nothing is lost.
#[cfg(unix)]
fn restore_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // `exit` skips the terminal's drop, which is what shows the cursor on a normal
            // quit: show it here, or the shell is left with an invisible cursor.
            let _ = execute!(io::stdout(), DisableBracketedPaste, crossterm::cursor::Show);
            ratatui::restore();
            std::process::exit(128 + sig);
        }
    });
}

/// Elsewhere the console closes the process; crossterm restores what it can.
#[cfg(not(unix))]
fn restore_on_signals() {}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"4*7#9"), "NCo3Izk=");
    }
}
