//! Integration tests, one binary (as ripgrep's): each module drives the real library or the
//! real binary. The files stay where they were; `#[path]` mounts them.
//!
//! Run one module with `cargo test --test tests MODULE::` (e.g. `handover_cli::`); the full
//! crash campaigns with `cargo test --test tests -- --ignored crash_campaign`.

// Shared helpers: sample records, running the binary, the tmux driver, `age` in a terminal.
#[macro_use]
mod support;

// The library driven directly: rules engine, records, coverage, layers, messages.
#[path = "coverage_records.rs"]
mod coverage_records;
#[path = "handover_roundtrip.rs"]
mod handover_roundtrip;
#[path = "integration/layers.rs"]
mod layers;
#[path = "integration/library_messages.rs"]
mod library_messages;
#[path = "rules.rs"]
mod rules;
#[path = "integration/site_examples.rs"]
mod site_examples;
#[path = "integration/site_fixtures.rs"]
mod site_fixtures;

// The command line, end to end.
#[path = "calls.rs"]
mod calls;
#[path = "integration/checklist_validate.rs"]
mod checklist_validate;
#[path = "cli_gen_check.rs"]
mod cli_gen_check;
#[path = "integration/diff.rs"]
mod diff;
#[path = "integration/fleet.rs"]
mod fleet;
#[path = "handover_cli.rs"]
mod handover_cli;
#[path = "handover_export.rs"]
mod handover_export;
#[path = "handover_interop.rs"]
mod handover_interop;
#[path = "probe.rs"]
mod probe;
#[path = "readme_commands.rs"]
mod readme_commands;
#[path = "replay_headless.rs"]
mod replay_headless;
#[path = "replay_outputs.rs"]
mod replay_outputs;
#[path = "integration/report.rs"]
mod report;
#[path = "report_print.rs"]
mod report_print;
#[path = "integration/wizard_cli.rs"]
mod wizard_cli;

// Hostile input, crashes and secret hygiene.
#[path = "crash_safety.rs"]
mod crash_safety;
#[path = "hostile_cli.rs"]
mod hostile_cli;
#[path = "hostile_input.rs"]
mod hostile_input;
#[path = "secret_hygiene.rs"]
mod secret_hygiene;

// The wizard in a real terminal (tmux).
#[path = "tui_crash.rs"]
mod tui_crash;
#[path = "tui_e2e.rs"]
mod tui_e2e;
#[path = "tui_hostile.rs"]
mod tui_hostile;
#[path = "tui_secrets.rs"]
mod tui_secrets;
#[path = "tui_site_list.rs"]
mod tui_site_list;
#[path = "tui_terminal.rs"]
mod tui_terminal;
#[path = "tui_visit.rs"]
mod tui_visit;
