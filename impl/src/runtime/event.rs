//! A system event as the runtime holds it: upstream's fields (text, timestamp, context key, and
//! from 2026.8 an id) plus its provenance, which upstream does not keep but an observer needs
//! to say whose event it was (the abstraction function of the conformance tests reads it).

use serde::Serialize;

use crate::classify::exec_event::is_exec_completion_event;

/// An event's identity. Upstream gives ids from 2026.8 on (a UUID per occurrence); the runtime
/// numbers every accepted event in every profile, in enqueue order, starting at 1.
pub type EventId = u64;

/// Where an event came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Provenance {
    /// The enqueue site (its name in the site table).
    pub site: String,
    /// The agent whose session produced the event (normalised id).
    pub agent: String,
    /// The session key the site was called with, before any remap.
    pub origin_session_key: String,
}

/// One queued system event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemEvent {
    pub id: EventId,
    /// The text, trimmed (upstream trims before queueing).
    pub text: String,
    /// When it was enqueued (the gateway's clock).
    pub ts: u64,
    /// Trimmed and lowercased; `None` when blank.
    pub context_key: Option<String>,
    pub provenance: Provenance,
}

impl SystemEvent {
    /// Is this an exec completion (SPEC C1)? Decided on the real text, every time it matters.
    pub fn is_exec_completion(&self) -> bool {
        is_exec_completion_event(&self.text)
    }
}
