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

use heartbeat_model::origin::OriginKind;
use heartbeat_model::site::WakePolicy;
use heartbeat_model::{Profile, RoutingModel, Scope};

/// A place where the model and the runtime disagree and neither may be changed silently to
/// match the other (SPEC §11, "Known divergences"). Conformance sweeps leave out the
/// configurations that reach one; `tests/conformance_divergences.rs` checks that each is still
/// there (and fails once it is resolved, so that it is removed from this list).
#[derive(Debug, Clone, Copy)]
pub struct KnownDivergence {
    pub id: &'static str,
    pub what: &'static str,
    /// Can `model` reach it?
    pub reaches: fn(&RoutingModel) -> bool,
}

/// The known divergences.
pub const KNOWN_DIVERGENCES: [KnownDivergence; 1] = [KnownDivergence {
    id: "DV1",
    what: "reference, per-sender scope, a scoped site's wake for the bare `global` key: the \
           runtime requests {agentId: <owner>} (W rules: an unparsable key adds no session; T1: \
           the reference adds the owner's agent id for a sentinel), the model requests \
           {sessionKey: agent:<owner>:<mainKey>} (Router::scoped_wake, reference arm). Both \
           runs peek the same queue; the pending-wake targets differ, so they merge differently \
           with other wakes of the agent",
    reaches: |m| {
        m.profile == Profile::Reference
            && m.config.scope == Scope::PerSender
            && m.sites.iter().any(|s| {
                s.wake.policy == WakePolicy::Scoped && s.origins.contains(&OriginKind::BareGlobal)
            })
            && (m.config.origins.is_empty() || m.config.origins.contains(&OriginKind::BareGlobal))
    },
}];

/// The known divergence `model` can reach, if any.
pub fn known_divergence(model: &RoutingModel) -> Option<&'static KnownDivergence> {
    KNOWN_DIVERGENCES.iter().find(|d| (d.reaches)(model))
}
