//! fake server
