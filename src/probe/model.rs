//! What a probe measured: per-port results, SIP answers, REGISTER outcomes and findings.
//!
//! Plain data with stable serde names: the JSON output and the site file's `[probe]` table are
//! these types. Nothing here can hold a secret (the probe never sends or learns one).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::site::Timestamp;

/// Where the probe ran from; only a probe from outside says what the internet can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vantage {
    /// From outside the customer's network (a phone hotspot, another site).
    Outside,
    /// From inside the customer's LAN: proves nothing about the internet.
    Inside,
    /// Not stated; verdicts take the stricter reading (as if from outside).
    Unknown,
}

impl Vantage {
    /// The name used on the command line, in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Vantage::Outside => "outside",
            Vantage::Inside => "inside",
            Vantage::Unknown => "unknown",
        }
    }

    /// Whether reachability verdicts hold (outside, or unknown read strictly).
    pub fn judges_exposure(self) -> bool {
        self != Vantage::Inside
    }
}

impl fmt::Display for Vantage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The transport a port was probed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl Transport {
    /// `tcp` or `udp`.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
        }
    }
}

/// What a port did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortState {
    /// It accepted a connection (TCP) or answered (UDP).
    Open,
    /// It refused: TCP reset, or ICMP port unreachable for UDP.
    Closed,
    /// Nothing came back in time (filtered, or a silent UDP service).
    NoAnswer,
}

impl PortState {
    /// `open`, `closed` or `no answer`.
    pub fn label(self) -> &'static str {
        match self {
            PortState::Open => "open",
            PortState::Closed => "closed",
            PortState::NoAnswer => "no answer",
        }
    }
}

/// What a probed port stands for on the phone system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// WebPro on its factory port 80.
    Webpro,
    /// PCPro on its factory port 8000.
    Pcpro,
    /// The DIMM port 5963.
    Dimm,
    /// WebPro on the port chosen in 90-54-01.
    WebproMoved,
    /// PCPro on the port chosen in 90-54-02.
    PcproMoved,
    /// Another TCP port named with `--ports`.
    OtherTcp,
    /// A SIP port (OPTIONS over UDP and TCP, then one REGISTER).
    Sip,
}

impl Role {
    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Webpro => "WebPro",
            Role::Pcpro => "PCPro",
            Role::Dimm => "DIMM",
            Role::WebproMoved => "WebPro (90-54-01)",
            Role::PcproMoved => "PCPro (90-54-02)",
            Role::OtherTcp => "TCP",
            Role::Sip => "SIP",
        }
    }

    /// Whether this is an admin (login) port rather than SIP.
    pub fn is_admin(self) -> bool {
        self != Role::Sip
    }
}

/// The answer a SIP port gave to `OPTIONS`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipAnswer {
    /// The final status code (200, 404, ...).
    pub status: u16,
    /// The reason phrase, cleaned of control characters.
    pub reason: String,
    /// The `Server` header, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The `User-Agent` header, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl SipAnswer {
    /// What the far end calls itself: `Server`, else `User-Agent`.
    pub fn product(&self) -> Option<&str> {
        self.server.as_deref().or(self.user_agent.as_deref())
    }
}

/// How a REGISTER without credentials was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegisterVerdict {
    /// 401 or 407: the system asks for credentials (good).
    Challenged,
    /// 2xx: registered with no credentials at all (10-46-01 Plug-and-Play).
    Accepted,
    /// Another final answer (403, 404, ...): refused without a challenge.
    Refused,
    /// No final answer in time.
    NoAnswer,
}

/// The REGISTER sent to one SIP port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterResult {
    /// What happened.
    pub verdict: RegisterVerdict,
    /// The final status code, when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The made-up extension that was tried.
    pub extension: String,
    /// The transport it was sent over.
    pub transport: Transport,
    /// Whether an accepted binding was removed again (REGISTER with expires 0 answered 2xx).
    #[serde(default)]
    pub unregistered: bool,
}

/// One port over one transport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortResult {
    /// The port probed.
    pub port: u16,
    /// The system port behind it when a router maps ports (`sip:15080=5080`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_port: Option<u16>,
    /// What it stands for.
    pub role: Role,
    /// TCP or UDP.
    pub transport: Transport,
    /// Open, closed or no answer.
    pub state: PortState,
    /// How long the TCP connect or the first UDP answer took, or how long was waited.
    pub elapsed_ms: u64,
    /// The answer to SIP `OPTIONS`, if one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip: Option<SipAnswer>,
    /// The REGISTER tried on this port, if the port answered SIP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<RegisterResult>,
}

impl PortResult {
    /// The port on the phone system: the mapped one, else the probed one.
    pub fn effective_port(&self) -> u16 {
        self.system_port.unwrap_or(self.port)
    }

    /// `5080/udp`, or `15080/udp (5080)` for a mapped port.
    pub fn name(&self) -> String {
        match self.system_port {
            Some(system) => format!("{}/{} (-> {system})", self.port, self.transport.name()),
            None => format!("{}/{}", self.port, self.transport.name()),
        }
    }

    /// Whether the port answered SIP.
    pub fn answered_sip(&self) -> bool {
        self.sip.is_some()
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// For the record; nothing to do.
    Info,
    /// Worth a look; does not fail the probe.
    Warning,
    /// A checklist item is contradicted: the probe fails.
    Failed,
    /// An open door for toll fraud: the probe fails.
    Critical,
}

impl Severity {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Failed => "failed",
            Severity::Critical => "critical",
        }
    }

    /// Whether a finding of this severity makes the probe exit 1.
    pub fn fails(self) -> bool {
        self >= Severity::Failed
    }
}

/// A verdict tied to a checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// The checklist item it concerns (`admin-ports-blocked`, `sip-register-mode`, ...).
    pub item: String,
    /// The probed port it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// What was seen and what to do, in one sentence or two.
    pub text: String,
}

/// A whole probe run: what the JSON output prints and the site file's `[probe]` table holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeReport {
    /// When the probe ran.
    pub at: Timestamp,
    /// The host as given.
    pub host: String,
    /// The address probed (the first the host resolved to).
    pub address: String,
    /// Where the probe ran from.
    pub vantage: Vantage,
    /// The answer timeout used, in milliseconds.
    pub timeout_ms: u64,
    /// Every port over every transport, in plan order.
    #[serde(default, rename = "port")]
    pub ports: Vec<PortResult>,
    /// The verdicts, most severe first.
    #[serde(default, rename = "finding")]
    pub findings: Vec<Finding>,
}

impl ProbeReport {
    /// Whether any finding fails the probe (exit 1).
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.severity.fails())
    }
}
