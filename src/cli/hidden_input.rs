//! Standard input for secrets (`--passphrase-file -`, `check KIND -`): from a pipe it is read
//! as it is; on a terminal the user gets a prompt on standard error and types without echo, so
//! the passphrase never shows on screen or in the terminal's scrollback.
//!
//! The no-echo read uses crossterm's raw mode (already the wizard's terminal layer, and it
//! works on Windows consoles too): in raw mode Ctrl-C arrives as a key, so the terminal is
//! always restored, where a library that only turns echo off leaves it off when SIGINT kills
//! the process mid-prompt.

use std::io::{self, IsTerminal, Read, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use zeroize::Zeroizing;

/// The most characters accepted at the prompt (as the passphrase-file cap).
const MAX_CHARS: usize = 4096;

/// Standard input that prompts without echo on a terminal, the first time it is read.
pub struct SecretStdin {
    prompt: &'static str,
    typed: Option<(Zeroizing<Vec<u8>>, usize)>,
}

impl SecretStdin {
    /// Standard input; `prompt` is shown on standard error before a terminal read.
    pub fn new(prompt: &'static str) -> Self {
        Self {
            prompt,
            typed: None,
        }
    }
}

impl Read for SecretStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.typed.is_none() {
            if !io::stdin().is_terminal() {
                return io::stdin().lock().read(buf);
            }
            let line = read_hidden_line(self.prompt)?;
            let mut bytes = Zeroizing::new(Vec::with_capacity(line.len() + 1));
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
            self.typed = Some((bytes, 0));
        }
        let Some((bytes, pos)) = self.typed.as_mut() else {
            return Ok(0);
        };
        let n = buf.len().min(bytes.len() - *pos);
        buf[..n].copy_from_slice(&bytes[*pos..*pos + n]);
        *pos += n;
        Ok(n)
    }
}

/// Shows `prompt` on standard error and reads one line from the terminal without echo.
///
/// # Errors
/// The terminal's error; `Interrupted` for Ctrl-C or Esc.
pub fn read_hidden_line(prompt: &str) -> io::Result<Zeroizing<String>> {
    let mut err = io::stderr();
    // Echo goes off before the prompt appears: whatever is typed as soon as the prompt shows
    // (or typed ahead) must never reach the screen.
    terminal::enable_raw_mode()?;
    let shown = write!(err, "{prompt}").and_then(|()| err.flush());
    let typed = shown.and_then(|()| read_keys());
    let restored = terminal::disable_raw_mode();
    // Enter was not echoed either: end the prompt's line.
    let _ = writeln!(err);
    restored?;
    typed
}

fn read_keys() -> io::Result<Zeroizing<String>> {
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
            KeyCode::Char(c) if !ctrl && line.chars().count() < MAX_CHARS => line.push(c),
            _ => {}
        }
    }
}
