//! Integration tests: each module drives the real library or the real binary.

#[path = "integration/checklist_validate.rs"]
mod checklist_validate;
