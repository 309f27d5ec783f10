//! The two SIP probes: `OPTIONS` on one port over one transport, and one `REGISTER` for a
//! made-up extension without credentials (removed again with `Expires: 0` if it was accepted).

use std::net::SocketAddr;
use std::time::Duration;

use super::exchange::{Channel, Outcome};
use super::message::{CallIds, Method, Request};
use crate::probe::model::{PortState, RegisterResult, RegisterVerdict, SipAnswer, Transport};

/// How long a registration the probe makes may live if the removal is lost (seconds).
const REGISTER_EXPIRES: u32 = 60;

/// The user part of the probe's `OPTIONS` From/To.
const OPTIONS_USER: &str = "nec-harden-probe";

/// What `OPTIONS` found on one port over one transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsResult {
    /// Open, closed or no answer.
    pub state: PortState,
    /// Time to the answer, or how long was waited.
    pub elapsed: Duration,
    /// The SIP answer, when one came.
    pub answer: Option<SipAnswer>,
}

fn open(
    remote: SocketAddr,
    transport: Transport,
    timeout: Duration,
) -> Result<(Channel, Duration), (PortState, Duration)> {
    match transport {
        Transport::Udp => Channel::udp(remote)
            .map(|c| (c, Duration::ZERO))
            .map_err(|_| (PortState::NoAnswer, Duration::ZERO)),
        Transport::Tcp => Channel::tcp(remote, timeout),
    }
}

/// Sends one `OPTIONS` (two on UDP, the second a retransmission) and reads the answer.
pub fn options(remote: SocketAddr, transport: Transport, timeout: Duration) -> OptionsResult {
    let (mut channel, connect) = match open(remote, transport, timeout) {
        Ok(opened) => opened,
        Err((state, elapsed)) => {
            return OptionsResult {
                state,
                elapsed,
                answer: None,
            };
        }
    };
    let Ok(local) = channel.local_addr() else {
        return OptionsResult {
            state: PortState::NoAnswer,
            elapsed: connect,
            answer: None,
        };
    };
    let request = Request::new(
        Method::Options,
        remote,
        local,
        transport,
        OPTIONS_USER,
        CallIds::fresh(),
    );
    let exchanged = channel.transact(&request, timeout);
    let state = match transport {
        // A TCP port that accepted the connection is open, whatever it says.
        Transport::Tcp => PortState::Open,
        Transport::Udp => exchanged.port_state(),
    };
    let answer = match exchanged.outcome {
        Outcome::Answered(response) => Some(SipAnswer {
            status: response.status,
            reason: response.reason.clone(),
            server: response.header_text("server"),
            user_agent: response.header_text("user-agent"),
        }),
        _ => None,
    };
    OptionsResult {
        state,
        elapsed: match transport {
            Transport::Tcp => connect,
            Transport::Udp => exchanged.elapsed,
        },
        answer,
    }
}

/// Tries to register `extension` with no credentials and classifies the answer: 401/407 is
/// challenged, 2xx accepted (then removed again), anything else refused.
pub fn register(
    remote: SocketAddr,
    transport: Transport,
    timeout: Duration,
    extension: &str,
) -> RegisterResult {
    let mut result = RegisterResult {
        verdict: RegisterVerdict::NoAnswer,
        status: None,
        extension: extension.to_owned(),
        transport,
        unregistered: false,
    };
    let Ok((mut channel, _)) = open(remote, transport, timeout) else {
        return result;
    };
    let Ok(local) = channel.local_addr() else {
        return result;
    };
    let mut ids = CallIds::fresh();
    let mut request = Request::new(
        Method::Register,
        remote,
        local,
        transport,
        extension,
        ids.clone(),
    );
    request.expires = Some(REGISTER_EXPIRES);
    let Outcome::Answered(response) = channel.transact(&request, timeout).outcome else {
        return result;
    };
    result.status = Some(response.status);
    result.verdict = match response.status {
        401 | 407 => RegisterVerdict::Challenged,
        200..=299 => RegisterVerdict::Accepted,
        _ => RegisterVerdict::Refused,
    };
    if result.verdict == RegisterVerdict::Accepted {
        // Leave nothing behind: remove the binding just made (same Call-ID, next CSeq).
        ids.cseq += 1;
        let mut removal = Request::new(Method::Register, remote, local, transport, extension, ids);
        removal.expires = Some(0);
        if let Outcome::Answered(answer) = channel.transact(&removal, timeout).outcome {
            result.unregistered = (200..300).contains(&answer.status);
        }
    }
    result
}
