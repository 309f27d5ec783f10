//! SIP over UDP and TCP: hand-written requests, a small response parser, bounded transactions,
//! and the two probes built on them: `OPTIONS` (what answers, and what it calls itself) and one
//! `REGISTER` without credentials (challenged, or accepted as Plug-and-Play allows).

pub mod exchange;
pub mod message;
pub mod parse;
mod probes;

pub use exchange::{Channel, Exchanged, Outcome};
pub use message::{CallIds, Method, Request};
pub use parse::{ParseError, Response};
pub use probes::{options, register};
