//! The exposure probe: measures which admin and SIP ports of a phone system answer, and
//! whether a SIP port accepts a REGISTER without credentials, then ties each verdict to its
//! checklist item. Bounded (a few packets per port, short timeouts), std threads only, and it
//! never sends a credential. No drawing here: the wizard calls [`Probe::run`] with a callback.
//!
//! - [`plan`]: which ports, from the defaults, the site file and `--ports`.
//! - [`tcp`]: connect probes. [`sip`]: messages, parser, UDP/TCP transactions.
//! - [`verdict`]: findings per checklist item. [`output`]: text and JSON.

pub mod model;
pub mod output;
pub mod plan;
mod runner;
pub mod sip;
pub mod tcp;
pub mod verdict;

pub use model::{
    Finding, PortResult, PortState, ProbeReport, RegisterResult, RegisterVerdict, Role, Severity,
    SipAnswer, Transport, Vantage,
};
pub use plan::{Plan, PortsError, SiteContext, Target};
pub use runner::{Probe, ProbeError, ProbeOptions, Progress, resolve};
