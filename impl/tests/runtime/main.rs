//! The implementation's own tests (heartbeat-routing only): properties of the routing functions
//! and laws of the runtime. One test binary, so a cold `cargo test` links it once.

mod routing_properties;
mod runtime_laws;
