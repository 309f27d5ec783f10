//! The credential rules engine: what the system accepts, what is weak, and a generator that
//! draws uniformly from the accepted-and-strong set with an exact entropy figure.
//!
//! - [`kind`]: the credential kinds and their stable names.
//! - [`policy`]: one policy per kind (program, accepted values, weak patterns, source).
//! - [`validate`]: findings for a typed value.
//! - [`generate`]: uniform generation and exact set sizes.
//!
//! No drawing, no I/O.

mod count;
pub mod finding;
pub mod generate;
pub mod kind;
pub mod policy;
mod shape;
pub mod validate;

pub use finding::{Finding, RuleId, Severity, Status, Verdict};
pub use generate::{GenError, Generator, SetSize, pattern_free_size, set_size};
pub use kind::CredentialKind;
pub use policy::{Context, Policy, UsernameCharset, Verification, policy};
pub use validate::check;

#[cfg(test)]
mod tests;
