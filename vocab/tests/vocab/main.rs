//! The vocabulary's own tests (heartbeat-vocab only): profile names and the site table's
//! parsing. One test binary, so a cold `cargo test` links it once.

mod unit_profile;
mod unit_site;
