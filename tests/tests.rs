//! Integration tests: each module drives the real library or the real binary.

#[path = "integration/checklist_validate.rs"]
mod checklist_validate;
#[path = "integration/diff.rs"]
mod diff;
#[path = "integration/fleet.rs"]
mod fleet;
#[path = "integration/layers.rs"]
mod layers;
#[path = "integration/library_messages.rs"]
mod library_messages;
#[path = "integration/report.rs"]
mod report;
#[path = "integration/site_examples.rs"]
mod site_examples;
#[path = "integration/site_fixtures.rs"]
mod site_fixtures;
#[path = "integration/wizard_cli.rs"]
mod wizard_cli;
