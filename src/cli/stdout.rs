//! The CLI's standard output: text is escaped for the terminal (control characters other than
//! line feeds and tabs made visible) and written in one go; a closed pipe (`report | head`,
//! `| true`) ends the command quietly with exit 0, any other write error (`> /dev/full`) with
//! one line and exit 3. Nothing here can panic, unlike `print!`.

use std::io::{self, Write};

use nec_harden::terminal_text::escape_controls_keep_lines;

use super::CliError;

/// The error for a failed write to standard output.
pub fn error(e: &io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::ClosedPipe
    } else {
        CliError::Io(format!("standard output: {e}"))
    }
}

/// Writes `text` (escaped for the terminal) to `out` and flushes it.
///
/// # Errors
/// [`CliError::ClosedPipe`] when the reader went away, [`CliError::Io`] otherwise.
pub fn write_to(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(escape_controls_keep_lines(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| error(&e))
}

/// Writes `text` to standard output, as [`write_to`].
///
/// # Errors
/// As [`write_to`].
pub fn print(text: &str) -> Result<(), CliError> {
    write_to(&mut io::stdout().lock(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_pipe_is_quiet_and_other_errors_are_io() {
        let e = write_to(&mut Failing(io::ErrorKind::BrokenPipe), "x").unwrap_err();
        assert!(matches!(e, CliError::ClosedPipe));
        assert_eq!(e.exit_code(), 0);
        let e = write_to(&mut Failing(io::ErrorKind::StorageFull), "x").unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().starts_with("standard output: "));
    }

    #[test]
    fn escapes_what_it_writes() {
        let mut out = Vec::new();
        write_to(&mut out, "site: A\x1b]0;x\x07\nnext\n").unwrap();
        assert_eq!(out, b"site: A\\u{1b}]0;x\\u{7}\nnext\n");
    }
}
