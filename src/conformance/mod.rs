//! Conformance of the concrete runtime (`heartbeat_routing::runtime`) to the model
//! (`heartbeat_model`), SPEC §11: the abstraction function from gateway states to model states,
//! the concretisation the driver uses for the model's names, the lockstep driver, exhaustive
//! replay, and renderings of concrete traces.

pub mod abstraction;
pub mod concretize;
pub mod explore;
pub mod harness;
pub mod render;

pub use abstraction::{Abstraction, AbstractionError, abstract_state};
pub use explore::{Coverage, every_path, replay};
pub use harness::{Harness, HarnessOptions, Mismatch};

use heartbeat_model::RoutingModel;

/// A place where the model and the runtime disagree and neither may be changed silently to
/// match the other (SPEC §11, "Known divergences"). Conformance sweeps leave out the
/// configurations that reach one; `tests/conformance/conformance_divergences.rs` checks that each is still
/// there (and fails once it is resolved, so that it is removed from this list).
#[derive(Debug, Clone, Copy)]
pub struct KnownDivergence {
    pub id: &'static str,
    pub what: &'static str,
    /// Can `model` reach it?
    pub reaches: fn(&RoutingModel) -> bool,
}

/// The known divergences: none left (DV1, the reference's wake for the bare `global` key, was
/// resolved in the model; see SPEC §11.3).
pub const KNOWN_DIVERGENCES: [KnownDivergence; 0] = [];

/// The known divergence `model` can reach, if any.
pub fn known_divergence(model: &RoutingModel) -> Option<&'static KnownDivergence> {
    KNOWN_DIVERGENCES.iter().find(|d| (d.reaches)(model))
}
