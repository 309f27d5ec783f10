//! SIP requests written by hand (RFC 3261 §8.1.1): `OPTIONS` and `REGISTER`.
//!
//! Every request carries Via (branch `z9hG4bK…`, `rport`), Max-Forwards, From with a tag, To,
//! Call-ID, CSeq, Contact and `Content-Length: 0`. No credentials are ever sent.

use std::fmt::Write as _;
use std::net::SocketAddr;

use rand::RngExt;

use crate::probe::model::Transport;

/// The RFC 3261 magic cookie every branch starts with.
pub const BRANCH_COOKIE: &str = "z9hG4bK";

/// What the probe calls itself in `User-Agent`.
pub const USER_AGENT: &str = concat!("nec-harden-probe/", env!("CARGO_PKG_VERSION"));

/// A random token of `len` lowercase hex digits (Call-ID, tags, branches).
pub fn token(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16usize)]))
        .collect()
}

/// A made-up extension to try a REGISTER with: 8 digits starting with 9, not in `avoid`.
pub fn made_up_extension(avoid: &[String]) -> String {
    let mut rng = rand::rng();
    loop {
        let candidate = format!("9{:07}", rng.random_range(0..10_000_000u32));
        if !avoid.contains(&candidate) {
            return candidate;
        }
    }
}

/// The method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Asks the far end what it is; changes nothing.
    Options,
    /// Asks to register a contact for an address of record.
    Register,
}

impl Method {
    /// The method name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Method::Options => "OPTIONS",
            Method::Register => "REGISTER",
        }
    }
}

/// One dialog-less exchange's identifiers, kept across a request and its follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallIds {
    /// The Call-ID.
    pub call_id: String,
    /// The From tag.
    pub from_tag: String,
    /// The next CSeq number.
    pub cseq: u32,
}

impl CallIds {
    /// Fresh random identifiers.
    pub fn fresh() -> CallIds {
        CallIds {
            call_id: format!("{}@nec-harden", token(24)),
            from_tag: token(10),
            cseq: 1,
        }
    }
}

/// A request ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// OPTIONS or REGISTER.
    pub method: Method,
    /// The host and port probed.
    pub remote: SocketAddr,
    /// The local address the request leaves from (for Via and Contact).
    pub local: SocketAddr,
    /// UDP or TCP.
    pub transport: Transport,
    /// The user part of From/To (the made-up extension for REGISTER).
    pub user: String,
    /// Call-ID, tag and CSeq.
    pub ids: CallIds,
    /// The Via branch (unique per transaction).
    pub branch: String,
    /// The `Expires` value for a REGISTER.
    pub expires: Option<u32>,
}

impl Request {
    /// A request with a fresh branch.
    pub fn new(
        method: Method,
        remote: SocketAddr,
        local: SocketAddr,
        transport: Transport,
        user: &str,
        ids: CallIds,
    ) -> Request {
        Request {
            method,
            remote,
            local,
            transport,
            user: user.to_owned(),
            ids,
            branch: format!("{BRANCH_COOKIE}{}", token(16)),
            expires: None,
        }
    }

    /// The request as sent on the wire.
    pub fn to_wire(&self) -> String {
        let host = host_port(self.remote);
        let local = host_port(self.local);
        let transport = self.transport.name();
        let method = self.method.name();
        let mut out = String::new();
        let _ = write!(out, "{method} sip:{host} SIP/2.0\r\n");
        let _ = write!(
            out,
            "Via: SIP/2.0/{} {local};branch={};rport\r\n",
            transport.to_ascii_uppercase(),
            self.branch
        );
        out.push_str("Max-Forwards: 70\r\n");
        let _ = write!(
            out,
            "From: <sip:{}@{host}>;tag={}\r\n",
            self.user, self.ids.from_tag
        );
        let _ = write!(out, "To: <sip:{}@{host}>\r\n", self.user);
        let _ = write!(out, "Call-ID: {}\r\n", self.ids.call_id);
        let _ = write!(out, "CSeq: {} {method}\r\n", self.ids.cseq);
        let _ = write!(
            out,
            "Contact: <sip:{}@{local};transport={transport}>\r\n",
            self.user
        );
        if let Some(expires) = self.expires {
            let _ = write!(out, "Expires: {expires}\r\n");
        }
        if self.method == Method::Options {
            out.push_str("Accept: application/sdp\r\n");
        }
        let _ = write!(out, "User-Agent: {USER_AGENT}\r\n");
        out.push_str("Content-Length: 0\r\n\r\n");
        out
    }
}

/// `host:port` with IPv6 addresses in brackets, as SIP URIs and Via want them.
fn host_port(addr: SocketAddr) -> String {
    addr.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method) -> Request {
        Request::new(
            method,
            "127.0.0.1:5080".parse().unwrap(),
            "127.0.0.1:40000".parse().unwrap(),
            Transport::Udp,
            "98765432",
            CallIds::fresh(),
        )
    }

    #[test]
    fn options_has_every_mandatory_header() {
        let wire = request(Method::Options).to_wire();
        assert!(
            wire.starts_with("OPTIONS sip:127.0.0.1:5080 SIP/2.0\r\n"),
            "{wire}"
        );
        for header in [
            "\r\nVia: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK",
            "\r\nMax-Forwards: 70\r\n",
            "\r\nFrom: <sip:98765432@127.0.0.1:5080>;tag=",
            "\r\nTo: <sip:98765432@127.0.0.1:5080>\r\n",
            "\r\nCall-ID: ",
            "\r\nCSeq: 1 OPTIONS\r\n",
            "\r\nContact: <sip:98765432@127.0.0.1:40000;transport=udp>\r\n",
        ] {
            assert!(wire.contains(header), "missing {header:?} in {wire}");
        }
        assert!(wire.ends_with("Content-Length: 0\r\n\r\n"));
        assert!(!wire.to_ascii_lowercase().contains("authorization"));
    }

    #[test]
    fn register_carries_expires_and_ipv6_gets_brackets() {
        let mut req = request(Method::Register);
        req.remote = "[::1]:5060".parse().unwrap();
        req.expires = Some(60);
        req.transport = Transport::Tcp;
        let wire = req.to_wire();
        assert!(
            wire.starts_with("REGISTER sip:[::1]:5060 SIP/2.0\r\n"),
            "{wire}"
        );
        assert!(wire.contains("\r\nExpires: 60\r\n"));
        assert!(wire.contains("Via: SIP/2.0/TCP "));
    }

    #[test]
    fn made_up_extensions_avoid_the_given_ones() {
        let ext = made_up_extension(&[]);
        assert_eq!(ext.len(), 8);
        assert!(ext.starts_with('9') && ext.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(token(16), token(16));
    }
}
