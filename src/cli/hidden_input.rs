//! Standard input for secrets (`--passphrase-file -`, `check KIND -`): from a pipe it is read
//! as it is; on a terminal the user gets a prompt on standard error and types without echo, so
//! the passphrase never shows on screen or in the terminal's scrollback.
//!
//! The no-echo read is the wizard's terminal layer ([`nec_harden::tui::hidden_line`]).

use std::io::{self, IsTerminal, Read};

use nec_harden::tui::hidden_line;
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

/// Shows `prompt` on standard error and reads one line from the terminal without echo: the
/// terminal work lives with the wizard's terminal layer ([`nec_harden::tui::hidden_line`]).
///
/// # Errors
/// The terminal's error; `Interrupted` for Ctrl-C or Esc.
pub fn read_hidden_line(prompt: &str) -> io::Result<Zeroizing<String>> {
    hidden_line::read(prompt, MAX_CHARS)
}
