#![cfg(unix)]

//! Exposure probe tests, on loopback only: real servers started by the tests (Kamailio as a
//! SIP registrar with and without authentication, std TCP/UDP sockets that accept, refuse or
//! stay silent), the `probe` command end to end, and a cross-check with SIPVicious `svmap`.
//!
//! Without `kamailio` or `sipvicious_svmap` those tests print "SKIPPED" and pass, except under
//! `CI`, where they fail.

#[path = "probe/cli.rs"]
mod cli;
#[path = "probe/fixtures.rs"]
mod fixtures;
#[path = "probe/registrar.rs"]
mod registrar;
#[path = "probe/sockets.rs"]
mod sockets;
#[path = "probe/svmap.rs"]
mod svmap;
#[path = "probe/terminal.rs"]
mod terminal;
