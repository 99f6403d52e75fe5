//! The implementation's own tests (heartbeat-routing only): properties of the routing functions
//! and laws of the runtime, and the runtime under each heartbeat setting (H9 to H12). One test binary, so a cold `cargo test` links it once.

mod heartbeat_settings;
mod routing_properties;
mod runtime_laws;
