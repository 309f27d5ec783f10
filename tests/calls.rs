//! Call-record (SMDR) audit tests: a seeded generator of records in every layout with planted
//! fraud (test support), the reader's properties, each rule at its boundaries, the `calls`
//! commands end to end, and `calls watch` against a fake SMDR server on loopback.

#[path = "calls/cli.rs"]
mod cli;
#[path = "calls/generator.rs"]
mod generator;
#[path = "calls/reader.rs"]
mod reader;
#[path = "calls/rules.rs"]
mod rules;
#[cfg(unix)]
#[path = "calls/server.rs"]
mod server;
