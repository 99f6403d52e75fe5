//! The specification: the state machine of enqueue, wake and heartbeat drain, and what must
//! hold of it.
//!
//! [`state`] and [`action`] are its types; [`model`] is the stateright `Model`, written to be
//! read like stateright's two-phase-commit example; [`setup`] builds it from a profile and a
//! configuration and answers what that configuration has; [`properties`] holds its invariants
//! and witnesses; [`known_bugs`] the configurations that show SPEC §9's bugs. Nothing here knows how it is searched: the reductions
//! ([`crate::reduction`]) and the checker ([`crate::checker`]) depend on it, never the
//! other way round.

pub mod action;
pub mod known_bugs;
pub mod model;
pub mod properties;
pub mod setup;
pub mod state;
