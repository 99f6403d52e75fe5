//! heartbeat-routing: the concrete routing layer, per profile: the system under test.
//!
//! Real session-key strings with all of upstream's normalisation, the routing functions of each
//! release, and the system-event queue, wake scheduler and heartbeat runner ([`runtime`]).
//!
//! It shares words with the model through the crate `heartbeat-vocab` (profiles, origin kinds,
//! mutation names, the site table's schema) and nothing else: it does not depend on
//! `heartbeat-model`, and decides everything the table's entries mean in its own code, so that
//! conformance compares two independent implementations (SPEC CK6, `tests/conformance/boundary.rs`).
//!
//! Everything here is a pure function of a [`Profile`] and its inputs. [`generation`] maps a
//! profile to the upstream generation it reproduces; [`keys`] is the session-key grammar;
//! [`routing`] goes from the session that produced an event to the queue a heartbeat peeks;
//! [`classify`] recognises event texts and wake reasons. A function the profile's release lacks
//! answers [`RoutingError::Unavailable`]; an upstream `throw` answers [`RoutingError::Thrown`]
//! with upstream's message. Nothing panics, whatever the input.

pub mod classify;
pub mod error;
pub mod generation;
pub mod js;
pub mod keys;
pub mod routing;
pub mod runtime;

pub use error::{RoutingError, RoutingResult, UpstreamThrow};
pub use generation::{Generation, ParserEra, generation};
pub use heartbeat_vocab::Profile;
