//! heartbeat-model: the abstract side of heartbeat-spec.
//!
//! It owns the vocabulary every other part speaks (profiles, configurations, sites) and the
//! stateright model of enqueue, wake and heartbeat drain. It does not depend on the concrete
//! implementation: conformance tests compare the two, so neither may borrow the other's logic.

pub mod profile;

pub use profile::{Profile, UnknownProfile};
