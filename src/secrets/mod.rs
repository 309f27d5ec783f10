//! The credential rules engine: what the system accepts, what is weak, and a generator that
//! draws uniformly from the accepted-and-strong set with an exact entropy figure.
//!
//! No drawing, no I/O.

pub mod kind;

pub use kind::CredentialKind;
