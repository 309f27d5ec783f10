//! `calls watch`: the TCP client of the system's SMDR port. The system is the server; the
//! client connects, receives the backlog (up to 4,000 records kept while nobody listened),
//! then each record as calls end, and reconnects with a growing pause when the link drops.

use std::io::{self, Read};
use std::net::{TcpStream, ToSocketAddrs};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

/// The longest pause between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long one connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a silent connection wakes up to check the deadline.
const POLL: Duration = Duration::from_millis(250);

/// What happened on the link.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// Connected to this address.
    Connected(std::net::SocketAddr),
    /// Bytes received.
    Bytes(&'a [u8]),
    /// Nothing happened for a moment (the caller may stop the watch).
    Idle,
    /// The link dropped or could not be made; the next attempt comes after the pause.
    Retrying {
        /// Why.
        reason: String,
        /// The pause before the next attempt.
        after: Duration,
    },
}

/// `HOST[:PORT]` that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}`: expected HOST or HOST:PORT (port 1-65535)")]
pub struct BadAddress(pub String);

/// Splits `HOST[:PORT]` (`[v6]:port` for IPv6) into host and port, `default_port` when absent.
///
/// # Errors
/// [`BadAddress`].
pub fn parse_address(text: &str, default_port: u16) -> Result<(String, u16), BadAddress> {
    let bad = || BadAddress(text.to_owned());
    let text = text.trim();
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (host, tail) = rest.split_once(']').ok_or_else(bad)?;
        let port = match tail.strip_prefix(':') {
            Some(p) => p.parse().ok().filter(|p| *p != 0).ok_or_else(bad)?,
            None if tail.is_empty() => default_port,
            None => return Err(bad()),
        };
        return Ok((host.to_owned(), port));
    }
    match text.rsplit_once(':') {
        Some((host, _)) if host.contains(':') => Ok((text.to_owned(), default_port)),
        Some((host, port)) if !host.is_empty() => {
            let port = port.parse().ok().filter(|p| *p != 0).ok_or_else(bad)?;
            Ok((host.to_owned(), port))
        }
        Some(_) => Err(bad()),
        None => Ok((text.to_owned(), default_port)),
    }
}

/// A `--for` value like `30s`, `10m`, `2h`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--for `{0}`: expected a duration like 30s, 10m or 2h")]
pub struct BadDuration(pub String);

/// Parses `30s`, `10m`, `2h` (a bare number is seconds).
///
/// # Errors
/// [`BadDuration`].
pub fn parse_duration(text: &str) -> Result<Duration, BadDuration> {
    let bad = || BadDuration(text.to_owned());
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n.checked_mul(60).ok_or_else(bad)?,
        "h" => n.checked_mul(3600).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if secs == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(secs))
}

/// Watches `host:port` until `deadline` (forever without one) or until `on_event` breaks.
///
/// # Errors
/// Only when the host name does not resolve; a refused or dropped link is retried.
pub fn watch(
    host: &str,
    port: u16,
    deadline: Option<Instant>,
    mut on_event: impl FnMut(WatchEvent<'_>) -> ControlFlow<()>,
) -> io::Result<()> {
    let mut backoff = Duration::from_secs(1);
    let left =
        |deadline: Option<Instant>| deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let mut buf = vec![0; 16 * 1024];
    loop {
        if left(deadline).is_some_and(|l| l.is_zero()) {
            return Ok(());
        }
        let reason = match connect(host, port, left(deadline)) {
            Ok(mut stream) => {
                let peer = stream.peer_addr()?;
                if on_event(WatchEvent::Connected(peer)).is_break() {
                    return Ok(());
                }
                backoff = Duration::from_secs(1);
                match receive(&mut stream, &mut buf, deadline, &mut on_event) {
                    Ok(Some(reason)) => reason,
                    Ok(None) => return Ok(()),
                    Err(e) => format!("the link failed: {e}"),
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(e),
            Err(e) => format!("cannot connect: {e}"),
        };
        let after = left(deadline).map_or(backoff, |l| l.min(backoff));
        if after.is_zero() {
            return Ok(());
        }
        if on_event(WatchEvent::Retrying { reason, after }).is_break() {
            return Ok(());
        }
        // The pause in short steps, so the caller can stop the watch during it.
        let until = Instant::now() + after;
        while let Some(step) = until
            .checked_duration_since(Instant::now())
            .filter(|l| !l.is_zero())
        {
            std::thread::sleep(step.min(POLL));
            if on_event(WatchEvent::Idle).is_break() {
                return Ok(());
            }
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

fn connect(host: &str, port: u16, left: Option<Duration>) -> io::Result<TcpStream> {
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| io::Error::new(io::ErrorKind::NotFound, format!("{host}: {e}")))?
        .collect();
    let timeout = left.map_or(CONNECT_TIMEOUT, |l| l.min(CONNECT_TIMEOUT));
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("{host}: no address"));
    for addr in addrs {
        if timeout.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    if last.kind() == io::ErrorKind::NotFound {
        last = io::Error::new(io::ErrorKind::TimedOut, "no time left to connect");
    }
    Err(last)
}

/// Reads until the link drops (`Some(why)`), the deadline passes or the caller stops (`None`).
fn receive(
    stream: &mut TcpStream,
    buf: &mut [u8],
    deadline: Option<Instant>,
    on_event: &mut impl FnMut(WatchEvent<'_>) -> ControlFlow<()>,
) -> io::Result<Option<String>> {
    loop {
        let wait = match deadline {
            Some(d) => {
                let l = d.saturating_duration_since(Instant::now());
                if l.is_zero() {
                    return Ok(None);
                }
                l.min(POLL)
            }
            None => POLL,
        };
        stream.set_read_timeout(Some(wait))?;
        match stream.read(buf) {
            Ok(0) => return Ok(Some("the system closed the connection".to_owned())),
            Ok(n) => {
                if on_event(WatchEvent::Bytes(&buf[..n])).is_break() {
                    return Ok(None);
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) =>
            {
                if on_event(WatchEvent::Idle).is_break() {
                    return Ok(None);
                }
            }
            Err(e) => return Ok(Some(format!("the link failed: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_take_the_default_port() {
        assert_eq!(
            parse_address("pbx.example", 60010),
            Ok(("pbx.example".into(), 60010))
        );
        assert_eq!(
            parse_address("10.0.0.5:2000", 60010),
            Ok(("10.0.0.5".into(), 2000))
        );
        assert_eq!(parse_address("[::1]:2000", 1), Ok(("::1".into(), 2000)));
        assert_eq!(parse_address("::1", 7), Ok(("::1".into(), 7)));
        for bad in ["", "host:", "host:0", "host:99999", ":80", "a b"] {
            assert!(parse_address(bad, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        for bad in ["", "0s", "s", "1d", "-1s", "1.5m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
