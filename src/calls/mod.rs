//! Call-record (SMDR) audit: read what the system logs about each call, from a saved file or
//! live from its SMDR port, and raise alerts for the patterns of toll fraud.
//!
//! - [`record`]: one call record and its fields; [`layout`]: the layout options and `--layout`.
//! - [`lines`]: capped line splitting of a byte stream; [`parse`]: one line into a record,
//!   by the manual's fixed columns ([`columns`]) when it is laid out in them.
//! - [`period`]: the calendar inferred from records without a year.
//! - [`settings`]: the site's settings (`[calls.settings]` in the site file) with defaults.
//! - [`rules`]: rule ids, the checklist item each points to, defaults and a dealer's file.
//! - [`number`]: country codes and masked numbers.
//! - [`audit`]: the streaming engine; [`output`]: text, JSON and the site-file summary.
//! - [`watch`]: the TCP client for the live stream, and [`raw_log`]: `--save`.
//! - [`short_watch`]: the wizard's bounded watch of the backlog.
//!
//! No drawing here.

pub mod audit;
pub mod columns;
pub mod layout;
pub mod lines;
pub mod number;
pub mod output;
pub mod parse;
pub mod period;
pub mod raw_log;
pub mod record;
pub mod rules;
pub mod settings;
pub mod short_watch;
pub mod watch;

use std::io::{self, Read};

pub use audit::{Alert, Audit, AuditOptions, InputCounts};
pub use layout::Layout;
pub use rules::{RuleId, Rules, RulesError, Severity};
pub use settings::SiteSettings;

/// The SMDR port of 10-20-05 (SL1000/SL1100 value; the same program on SV9100; nec-facts 14).
pub const DEFAULT_SMDR_PORT: u16 = 60010;

/// An input with no call record in its first 4 MiB is not SMDR output.
pub const MAX_BYTES_BEFORE_FIRST_RECORD: u64 = 4 << 20;
/// An input that goes 256 MiB without a record is not SMDR output any more (`/dev/zero`).
pub const MAX_BYTES_BETWEEN_RECORDS: u64 = 256 << 20;

/// Why an input could not be audited.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Reading failed.
    #[error("cannot read: {0}")]
    Read(#[from] io::Error),
    /// The input holds no call record (or stopped holding any).
    #[error("{0}")]
    NotSmdr(String),
}

/// Whether `counts` (so far, or at the end with `at_end`) show an input that is not SMDR.
pub fn not_smdr(counts: &InputCounts, at_end: bool) -> Option<String> {
    if counts.records == 0 {
        if at_end && counts.bytes == 0 {
            return Some("empty: no call record".to_owned());
        }
        if at_end || counts.bytes > MAX_BYTES_BEFORE_FIRST_RECORD {
            return Some(format!(
                "not SMDR output: no call record in {} lines ({} bytes)",
                counts.lines, counts.bytes
            ));
        }
    } else if counts.bytes - counts.bytes_at_last_record > MAX_BYTES_BETWEEN_RECORDS {
        return Some(format!(
            "not SMDR output after line {}: no call record in the next 256 MiB",
            counts.lines
        ));
    }
    None
}

/// The read size: large enough that a read call is rare beside the work on its lines.
const READ_CHUNK: usize = 256 * 1024;

/// Feeds everything `reader` holds into `audit` as input `source`, in [`READ_CHUNK`] chunks.
///
/// # Errors
/// [`InputError::Read`], or [`InputError::NotSmdr`] for an input without call records.
pub fn audit_reader(
    audit: &mut Audit,
    source: usize,
    mut reader: impl Read,
) -> Result<InputCounts, InputError> {
    audit.start_input(source);
    let mut buf = vec![0; READ_CHUNK];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                audit.feed(&buf[..n]);
                if let Some(why) = not_smdr(&audit.current(), false) {
                    return Err(InputError::NotSmdr(why));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let counts = audit.finish_input();
    match not_smdr(&counts, true) {
        Some(why) => Err(InputError::NotSmdr(why)),
        None => Ok(counts),
    }
}
