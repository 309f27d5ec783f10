//! One line typed on the terminal without echo (a passphrase at `--passphrase-file -`, a value
//! at `check KIND -`, a KeePass password), for the command line.
//!
//! crossterm's raw mode, as the wizard uses, works on Windows consoles too; in raw mode Ctrl-C
//! arrives as a key, so the terminal is always restored, where a library that only turns echo
//! off leaves it off when SIGINT kills the process mid-prompt.

use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use zeroize::Zeroizing;

/// Shows `prompt` on standard error and reads one line of at most `max_chars` characters from
/// the terminal without echo.
///
/// # Errors
/// The terminal's error; `Interrupted` for Ctrl-C or Esc.
pub fn read(prompt: &str, max_chars: usize) -> io::Result<Zeroizing<String>> {
    let mut err = io::stderr();
    // Echo goes off before the prompt appears: whatever is typed as soon as the prompt shows
    // (or typed ahead) must never reach the screen.
    terminal::enable_raw_mode()?;
    let shown = write!(err, "{prompt}").and_then(|()| err.flush());
    let typed = shown.and_then(|()| read_keys(max_chars));
    let restored = terminal::disable_raw_mode();
    // Enter was not echoed either: end the prompt's line.
    let _ = writeln!(err);
    restored?;
    typed
}

fn read_keys(max_chars: usize) -> io::Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::with_capacity(64));
    loop {
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => return Ok(line),
            KeyCode::Char('c' | 'd') if ctrl => {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled"));
            }
            KeyCode::Esc => return Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled")),
            KeyCode::Backspace => {
                line.pop();
            }
            KeyCode::Char(c) if !ctrl && line.chars().count() < max_chars => line.push(c),
            _ => {}
        }
    }
}
