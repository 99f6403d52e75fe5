//! heartbeat-routing: the concrete routing layer, per profile.
//!
//! Real session-key strings with all of upstream's normalisation, the routing functions of each
//! release, and (later) the system-event queue, wake scheduler and heartbeat runner.

pub use heartbeat_model::Profile;
