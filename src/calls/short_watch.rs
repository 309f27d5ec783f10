//! The wizard's short watch: connect to the system's SMDR port, take the backlog (the records
//! kept while no logger listened) for a bounded time, and end as soon as the stream goes quiet.
//! The caller records the result like `calls audit --site` does ([`super::output::summary`]),
//! so its alerts fail the items they point at ([`crate::coverage::call_audit`]).
//!
//! Runs on the caller's thread (the wizard gives it a worker) and checks a stop flag between
//! reads, so Esc ends it within one poll.

use std::net::SocketAddr;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::audit::{Audit, AuditOptions};
use super::settings::{BadSetting, SiteSettings};
use super::{Layout, Rules, not_smdr, watch};
use crate::site::SiteFile;

/// The audit options for `site`: its `[calls.settings]` (defaults where missing), the shipped
/// rules, layout detection, the records' year assumed to be `year`, numbers masked.
///
/// # Errors
/// [`BadSetting`] for a setting that does not parse.
pub fn site_options(site: &SiteFile, year: i32) -> Result<AuditOptions, BadSetting> {
    let settings = SiteSettings::resolve(
        site.calls.as_ref().and_then(|c| c.settings.as_ref()),
        Some(site.site.model),
    )?;
    Ok(AuditOptions {
        settings,
        rules: Rules::defaults(),
        layout: Layout::default(),
        since: None,
        assumed_year: year,
        show_numbers: false,
    })
}

/// The address the form offers: the site's `smdr_address`, else nothing.
pub fn recorded_address(site: &SiteFile) -> Option<&str> {
    site.calls
        .as_ref()
        .and_then(|c| c.settings.as_ref())
        .and_then(|s| s.smdr_address.as_deref())
}

/// The longest a short watch lasts.
pub const LIMIT: Duration = Duration::from_secs(20);
/// The quiet after the last bytes that ends it: the backlog has been sent.
pub const QUIET: Duration = Duration::from_secs(3);

/// What the worker reports while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Connected to this address.
    Connected(SocketAddr),
    /// Records read so far, and alerts raised so far.
    Received {
        /// Call records read.
        records: u64,
        /// Alerts raised (at any severity).
        alerts: u64,
    },
    /// The link dropped or could not be made; trying again.
    Retrying(String),
}

/// Why a short watch has no verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortWatchError {
    /// The host did not resolve, or the watch could not start.
    #[error("{address}: {why}")]
    Failed {
        /// `HOST:PORT`.
        address: String,
        /// What went wrong.
        why: String,
    },
    /// No connection was made within the limit.
    #[error("{address}: could not connect in {secs} s: {why}")]
    NeverConnected {
        /// `HOST:PORT`.
        address: String,
        /// The limit.
        secs: u64,
        /// The last reason.
        why: String,
    },
    /// Connected, but the system sent nothing.
    #[error(
        "{address}: connected but nothing was received in {secs} s (is SMDR output on LAN, 35-01-01 = 3, on this port, 10-20-05?)"
    )]
    NothingReceived {
        /// `HOST:PORT`.
        address: String,
        /// The limit.
        secs: u64,
    },
    /// What arrived is not SMDR output.
    #[error("{address}: {why}")]
    NotSmdr {
        /// `HOST:PORT`.
        address: String,
        /// Why.
        why: String,
    },
    /// The stop flag was raised.
    #[error("stopped")]
    Stopped,
}

/// One short watch of `host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortWatch {
    /// The system's address.
    pub host: String,
    /// Its SMDR port (10-20-05).
    pub port: u16,
    /// The longest it lasts ([`LIMIT`]).
    pub limit: Duration,
    /// The quiet that ends it once bytes arrived ([`QUIET`]).
    pub quiet: Duration,
}

impl ShortWatch {
    /// A watch of `host:port` with the default limits.
    pub fn new(host: String, port: u16) -> ShortWatch {
        ShortWatch {
            host,
            port,
            limit: LIMIT,
            quiet: QUIET,
        }
    }

    /// `HOST:PORT` (`[v6]:PORT`), as the summary's source names it.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The summary's `source`: `watch of HOST:PORT`, as `calls watch` records it.
    pub fn source(&self) -> String {
        format!("watch of {}", self.address())
    }

    /// Receives the backlog into a new audit with `options` and returns it once the stream is
    /// quiet for [`ShortWatch::quiet`] or [`ShortWatch::limit`] has passed.
    ///
    /// # Errors
    /// [`ShortWatchError`]: never connected, nothing received, not SMDR, stopped.
    pub fn run(
        &self,
        options: AuditOptions,
        stop: &AtomicBool,
        mut progress: impl FnMut(Progress),
    ) -> Result<Audit, ShortWatchError> {
        let address = self.address();
        let mut audit = Audit::new(options);
        audit.start_input(0);
        let deadline = Instant::now() + self.limit;
        let mut connected = false;
        let mut last_bytes: Option<Instant> = None;
        let mut last_reason = String::from("no answer");
        let mut not_smdr_why = None;
        let result = watch::watch(&self.host, self.port, Some(deadline), |event| {
            if stop.load(Ordering::Relaxed) {
                return ControlFlow::Break(());
            }
            match event {
                watch::WatchEvent::Connected(addr) => {
                    connected = true;
                    progress(Progress::Connected(addr));
                }
                watch::WatchEvent::Retrying { reason, .. } => {
                    audit.interrupt();
                    progress(Progress::Retrying(reason.clone()));
                    last_reason = reason;
                }
                watch::WatchEvent::Idle => {}
                watch::WatchEvent::Bytes(bytes) => {
                    last_bytes = Some(Instant::now());
                    audit.feed(bytes);
                    if let Some(why) = not_smdr(&audit.current(), false) {
                        not_smdr_why = Some(why);
                        return ControlFlow::Break(());
                    }
                    progress(Progress::Received {
                        records: audit.records,
                        alerts: audit.total_alerts(),
                    });
                }
            }
            if last_bytes.is_some_and(|t| t.elapsed() >= self.quiet) {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if stop.load(Ordering::Relaxed) {
            return Err(ShortWatchError::Stopped);
        }
        let secs = self.limit.as_secs();
        if let Err(e) = result {
            return Err(ShortWatchError::Failed {
                address,
                why: e.to_string(),
            });
        }
        if let Some(why) = not_smdr_why {
            return Err(ShortWatchError::NotSmdr { address, why });
        }
        let counts = audit.finish_input();
        if !connected {
            return Err(ShortWatchError::NeverConnected {
                address,
                secs,
                why: last_reason,
            });
        }
        if counts.bytes == 0 {
            return Err(ShortWatchError::NothingReceived { address, secs });
        }
        if let Some(why) = not_smdr(&counts, true) {
            return Err(ShortWatchError::NotSmdr { address, why });
        }
        Ok(audit)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::*;
    use crate::calls::RuleId;

    fn options() -> AuditOptions {
        AuditOptions {
            settings: SiteSettings::resolve(None, None).unwrap(),
            rules: Rules::defaults(),
            layout: Layout::default(),
            since: None,
            assumed_year: 2026,
            show_numbers: false,
        }
    }

    /// A server that sends `bytes` to its first client, then holds the link open.
    fn server(bytes: Vec<u8>) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let _ = s.write_all(&bytes);
                let mut sink = [0u8; 16];
                while s.read(&mut sink).is_ok_and(|n| n > 0) {}
            }
        });
        port
    }

    fn quick(port: u16) -> ShortWatch {
        ShortWatch {
            quiet: Duration::from_millis(300),
            ..ShortWatch::new("127.0.0.1".into(), port)
        }
    }

    /// A record in the documented columns (date on).
    fn line(time: &str, date: &str, trunk: &str, station: &str, number: &str) -> String {
        format!("POT  {time} {date} {trunk:<4} 00:12:00 {station:<10} {number:<20}\n")
    }

    fn backlog() -> Vec<u8> {
        let mut text = line("10:52", "11/10", "002", "2001", "0299998888");
        text.push_str(&line("02:13", "11/14", "001", "215", "00882123456789"));
        text.into_bytes()
    }

    #[test]
    fn the_backlog_is_audited_and_the_quiet_ends_the_watch() {
        let port = server(backlog());
        let mut seen = Vec::new();
        let audit = quick(port)
            .run(options(), &AtomicBool::new(false), |p| seen.push(p))
            .unwrap();
        assert_eq!(audit.records, 2);
        assert_eq!(audit.count(RuleId::VoicemailPort), 1);
        assert!(matches!(seen[0], Progress::Connected(_)), "{seen:?}");
        assert!(seen.iter().any(|p| matches!(p, Progress::Received { .. })));
    }

    #[test]
    fn nothing_listening_is_never_connected() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let watch = ShortWatch {
            limit: Duration::from_millis(800),
            ..quick(port)
        };
        let err = watch
            .run(options(), &AtomicBool::new(false), |_| {})
            .unwrap_err();
        assert!(
            matches!(err, ShortWatchError::NeverConnected { .. }),
            "{err}"
        );
    }

    #[test]
    fn a_raised_stop_flag_ends_it_without_a_verdict() {
        let port = server(Vec::new());
        let err = quick(port)
            .run(options(), &AtomicBool::new(true), |_| {})
            .unwrap_err();
        assert_eq!(err, ShortWatchError::Stopped);
    }

    #[test]
    fn junk_is_not_smdr() {
        let port = server(b"hello, this is not a call record\nnor this\n".to_vec());
        let err = quick(port)
            .run(options(), &AtomicBool::new(false), |_| {})
            .unwrap_err();
        assert!(matches!(err, ShortWatchError::NotSmdr { .. }), "{err}");
    }

    #[test]
    fn addresses_bracket_v6_hosts() {
        assert_eq!(
            ShortWatch::new("::1".into(), 60010).source(),
            "watch of [::1]:60010"
        );
        assert_eq!(ShortWatch::new("pbx".into(), 2000).address(), "pbx:2000");
    }
}
