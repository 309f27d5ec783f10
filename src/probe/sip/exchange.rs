//! SIP transactions over UDP and TCP with strict bounds: one request, at most one UDP
//! retransmission, and a deadline for the final answer.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use super::message::Request;
use super::parse::{ParseError, Response};
use crate::probe::model::PortState;
use crate::probe::tcp::{self, is_refusal};

/// The largest response read (a SIP response to OPTIONS is well under this).
const MAX_RESPONSE: usize = 64 * 1024;

/// How one transaction ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A final response matching the request arrived.
    Answered(Response),
    /// The port refused (ICMP port unreachable, TCP reset).
    Refused,
    /// Something answered, but not SIP.
    NotSip,
    /// Nothing came back before the deadline.
    Silent,
}

/// A transaction's outcome and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchanged {
    /// What happened.
    pub outcome: Outcome,
    /// Time from the first send to the answer (or to giving up).
    pub elapsed: Duration,
}

impl Exchanged {
    /// The port state this shows.
    pub fn port_state(&self) -> PortState {
        match self.outcome {
            Outcome::Answered(_) | Outcome::NotSip => PortState::Open,
            Outcome::Refused => PortState::Closed,
            Outcome::Silent => PortState::NoAnswer,
        }
    }
}

/// A connected UDP or TCP channel to one SIP port.
#[derive(Debug)]
pub enum Channel {
    /// A connected UDP socket (so ICMP errors come back as refusals).
    Udp(UdpSocket),
    /// A TCP connection, with what was read past the last response.
    Tcp(TcpStream, Vec<u8>),
}

fn unspecified(remote: SocketAddr) -> SocketAddr {
    let ip = match remote.ip() {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    };
    SocketAddr::new(ip, 0)
}

/// Whether an I/O error is a read timeout.
fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl Channel {
    /// A UDP socket connected to `remote`.
    ///
    /// # Errors
    /// When no local socket can be bound or connected (no route, no interface).
    pub fn udp(remote: SocketAddr) -> io::Result<Channel> {
        let socket = UdpSocket::bind(unspecified(remote))?;
        socket.connect(remote)?;
        Ok(Channel::Udp(socket))
    }

    /// A TCP connection to `remote`; `Err` carries the port state and time when it fails.
    pub fn tcp(
        remote: SocketAddr,
        timeout: Duration,
    ) -> Result<(Channel, Duration), (PortState, Duration)> {
        let connect = tcp::connect(remote, timeout);
        match connect.stream {
            Some(stream) => {
                let _ = stream.set_nodelay(true);
                Ok((Channel::Tcp(stream, Vec::new()), connect.elapsed))
            }
            None => Err((connect.state, connect.elapsed)),
        }
    }

    /// The local address requests leave from (for Via and Contact).
    ///
    /// # Errors
    /// When the socket has no local address (should not happen once connected).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self {
            Channel::Udp(s) => s.local_addr(),
            Channel::Tcp(s, _) => s.local_addr(),
        }
    }

    /// Sends `request` and waits at most `timeout` for its final response. On UDP the request
    /// is sent again once, halfway through (the only retransmission).
    pub fn transact(&mut self, request: &Request, timeout: Duration) -> Exchanged {
        let wire = request.to_wire();
        let started = Instant::now();
        let deadline = started + timeout;
        let outcome = match self {
            Channel::Udp(socket) => {
                udp_transact(socket, wire.as_bytes(), request, started, deadline)
            }
            Channel::Tcp(stream, pending) => {
                tcp_transact(stream, pending, wire.as_bytes(), request, deadline)
            }
        };
        Exchanged {
            outcome,
            elapsed: started.elapsed(),
        }
    }
}

/// Whether `response` answers `request`: same Call-ID, CSeq number and CSeq method. The number
/// matters: a repeated 200 to the first REGISTER (CSeq 1) is no answer to the removal (CSeq 2).
pub fn matches(response: &Response, request: &Request) -> bool {
    response.header("call-id") == Some(request.ids.call_id.as_str())
        && response.cseq() == Some((request.ids.cseq, request.method.name()))
}

fn udp_transact(
    socket: &UdpSocket,
    wire: &[u8],
    request: &Request,
    started: Instant,
    deadline: Instant,
) -> Outcome {
    let retransmit_at = started + (deadline - started) / 2;
    let mut retransmitted = false;
    let mut saw_foreign = false;
    let mut buf = vec![0u8; MAX_RESPONSE];
    if let Err(err) = socket.send(wire) {
        return if is_refusal(&err) {
            Outcome::Refused
        } else {
            Outcome::Silent
        };
    }
    loop {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        let wake = if retransmitted {
            deadline
        } else {
            retransmit_at.min(deadline)
        };
        if wake <= now {
            retransmitted = true;
            if socket.send(wire).is_err() {
                break;
            }
            continue;
        }
        let _ = socket.set_read_timeout(Some((wake - now).max(Duration::from_millis(1))));
        match socket.recv(&mut buf) {
            Ok(n) => match Response::parse(&buf[..n]) {
                Ok((response, _)) if matches(&response, request) => {
                    if !response.is_provisional() {
                        return Outcome::Answered(response);
                    }
                    // A provisional answer: the far end is working on it; stop retransmitting.
                    retransmitted = true;
                }
                Ok(_) => {}
                Err(_) => saw_foreign = true,
            },
            Err(err) if is_timeout(&err) => {}
            Err(err) if is_refusal(&err) => return Outcome::Refused,
            Err(_) => break,
        }
    }
    if saw_foreign {
        Outcome::NotSip
    } else {
        Outcome::Silent
    }
}

fn tcp_transact(
    stream: &mut TcpStream,
    pending: &mut Vec<u8>,
    wire: &[u8],
    request: &Request,
    deadline: Instant,
) -> Outcome {
    if stream.write_all(wire).is_err() {
        return Outcome::Refused;
    }
    let mut buf = [0u8; 4096];
    loop {
        loop {
            // Every loop checks the deadline: a peer sending endless small answers cannot keep
            // the probe here.
            if Instant::now() >= deadline {
                return Outcome::Silent;
            }
            match Response::parse(pending) {
                // A parse that used nothing (never, since lengths are checked) would spin.
                Ok((_, 0)) | Err(ParseError::NotSip(_)) => return Outcome::NotSip,
                Ok((response, used)) => {
                    pending.drain(..used.min(pending.len()));
                    if matches(&response, request) && !response.is_provisional() {
                        return Outcome::Answered(response);
                    }
                }
                Err(ParseError::Incomplete) => break,
            }
        }
        let now = Instant::now();
        if now >= deadline || pending.len() > MAX_RESPONSE {
            return if pending.iter().any(|b| !b.is_ascii_whitespace()) {
                Outcome::NotSip
            } else {
                Outcome::Silent
            };
        }
        let _ = stream.set_read_timeout(Some((deadline - now).max(Duration::from_millis(1))));
        match stream.read(&mut buf) {
            Ok(0) => {
                // Closed by the far end without a SIP answer.
                return if pending.is_empty() {
                    Outcome::Silent
                } else {
                    Outcome::NotSip
                };
            }
            Ok(n) => pending.extend_from_slice(&buf[..n]),
            Err(err) if is_timeout(&err) => {}
            Err(_) => return Outcome::Silent,
        }
    }
}
