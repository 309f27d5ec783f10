//! TCP connect probes: open, closed (refused) or no answer within the timeout.
//!
//! One connection attempt per port, closed again at once; nothing is sent.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::model::PortState;

/// The outcome of one connect attempt.
#[derive(Debug)]
pub struct Connect {
    /// Open, closed or no answer.
    pub state: PortState,
    /// How long it took (or how long was waited).
    pub elapsed: Duration,
    /// The connection, when open (the caller may talk SIP over it, or drop it).
    pub stream: Option<TcpStream>,
}

/// Whether an I/O error means "refused" (closed) rather than "nothing came back".
pub(crate) fn is_refusal(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionReset
    )
}

/// Connects to `addr` once, waiting at most `timeout`.
///
/// Unreachable networks and hosts count as no answer: the port could not be shown to be open.
pub fn connect(addr: SocketAddr, timeout: Duration) -> Connect {
    let started = Instant::now();
    let result = TcpStream::connect_timeout(&addr, timeout);
    let elapsed = started.elapsed();
    match result {
        Ok(stream) => Connect {
            state: PortState::Open,
            elapsed,
            stream: Some(stream),
        },
        Err(err) if is_refusal(&err) => Connect {
            state: PortState::Closed,
            elapsed,
            stream: None,
        },
        Err(_) => Connect {
            state: PortState::NoAnswer,
            elapsed,
            stream: None,
        },
    }
}

/// Connects and closes again: the admin port probe.
pub fn probe(addr: SocketAddr, timeout: Duration) -> (PortState, Duration) {
    let outcome = connect(addr, timeout);
    if let Some(stream) = outcome.stream {
        let _ = stream.shutdown(Shutdown::Both);
    }
    (outcome.state, outcome.elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn a_listener_is_open_and_a_dropped_one_closed() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        assert_eq!(probe(addr, Duration::from_secs(2)).0, PortState::Open);
        drop(listener);
        assert_eq!(probe(addr, Duration::from_secs(2)).0, PortState::Closed);
    }
}
