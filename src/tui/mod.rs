//! The interactive wizard (ratatui + crossterm live only here).
//!
//! - [`app`]: the state machine ([`App`], [`Step`]), one `update(msg)`, the one function that
//!   carries out effects and the transition rules it obeys.
//! - [`screen`]: the current [`Screen`] (each step's state), the [`Effect`] a key asks for and
//!   the slow [`Job`]s.
//! - [`launch`]: what the wizard starts with ([`Launch`]), the generator it draws from.
//! - [`keys`]: [`Msg`], how terminal events become messages, and the key maps each screen
//!   declares once ([`keys::KeyMap`]): they dispatch its keys and draw the footer.
//! - [`setup`], [`extensions`], [`protect`], [`replay`], [`unlock`], [`walk`], [`answer`],
//!   [`creds`], [`probe`], [`review`]: each step's state and its handling of messages.
//! - [`site_list`]: the first screen without a site file: the folder's site files, due dates.
//! - `issue`: generating and sealing credentials.
//! - [`session`]: the site being worked on (it lives in [`crate::coverage::session`]).
//! - `screens`: drawing, `impl Widget for &App`, a pure function of the state.
//! - [`text`], [`theme`]: every string and every colour.
//! - [`terminal`]: the real terminal, restored on quit, error, panic and SIGTERM/SIGHUP.

pub mod answer;
pub mod app;
pub mod creds;
pub mod extensions;
mod heartbeat;
pub mod hidden_line;
pub mod input;
mod issue;
pub mod keys;
pub mod launch;
pub mod probe;
pub mod protect;
pub mod replay;
pub mod review;
pub mod screen;
mod screens;
pub mod smdr;
pub use crate::coverage::session;
pub mod setup;
pub mod site_list;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod unlock;
pub mod walk;

pub use app::{App, Step};
pub use keys::Msg;
pub use launch::{Launch, SecretRng};
pub use screen::{Effect, Job, Screen};
pub use screens::MIN_SIZE;
pub use theme::Theme;

#[cfg(test)]
mod tests;
