//! The NEC domain: system models and the facts the rules engine and checklists rely on.
//!
//! Every fact here traces to `nec-facts.md` (kept with the product brief); the section is named
//! beside each constant. No drawing, no I/O.

pub mod model;

pub use model::Model;
