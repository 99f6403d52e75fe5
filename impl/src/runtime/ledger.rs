//! The ledger: every event the gateway's sites produced, with where it went and what became of
//! it — queued, consumed, lost (restart, cap, retired queue) or reported undeliverable — and to
//! whom it was surfaced. Upstream keeps none of this; it is the observer's record (an audit
//! log), and the conformance tests' abstraction function reads it. It lives outside the
//! in-memory state a restart loses.

use serde::Serialize;

use crate::runtime::event::{EventId, Provenance};

/// Why an event left its queue without a consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LossCause {
    /// The gateway restarted (queues are in memory).
    Restart,
    /// The queue was full and the oldest event was dropped.
    Cap,
    /// Its session was deleted and the queue retired with it.
    Retired,
    /// A newer event of its context key replaced it (`replace`, 2026.8+).
    Replaced,
}

/// What became of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fate {
    /// In its queue.
    Queued,
    /// Taken from its queue by a heartbeat run or a user turn.
    Consumed,
    Lost(LossCause),
    /// The site refused it: its agent runs no heartbeat (R10, reference).
    Undeliverable,
}

/// One event, from its site on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// The queue's id for it (undeliverable events get one too, from the ledger's own count,
    /// so that every entry is addressable).
    pub id: EventId,
    pub text: String,
    pub provenance: Provenance,
    /// The key the site filed it under, after its key policy.
    pub event_key: String,
    /// The queue it went to (or would have, when undeliverable).
    pub queue_key: String,
    /// The pending-wake target its site requested, if any.
    pub wake_target: Option<String>,
    /// At enqueue: does the heartbeat its wake starts peek `queue_key` and inspect its class
    /// (SPEC I7)? Computed with the runner's own session and queue resolution.
    pub wake_drains: bool,
    pub fate: Fate,
    /// Was its loss reported (R12: the reference reports cap drops)?
    pub loss_reported: bool,
    /// The agents it was surfaced to, in order (an agent twice if surfaced twice).
    pub surfaced_to: Vec<String>,
}

/// Every event, in the order the sites produced them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    entries: Vec<LedgerEntry>,
}

impl Ledger {
    /// Records a new event; ids must grow.
    pub fn push(&mut self, entry: LedgerEntry) {
        debug_assert!(self.entries.last().is_none_or(|e| e.id < entry.id));
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    // Entries are pushed in id order (ids only grow), so they are found by binary search.
    fn entry_mut(&mut self, id: EventId) -> Option<&mut LedgerEntry> {
        let at = self.entries.binary_search_by_key(&id, |e| e.id).ok()?;
        self.entries.get_mut(at)
    }

    pub fn get(&self, id: EventId) -> Option<&LedgerEntry> {
        let at = self.entries.binary_search_by_key(&id, |e| e.id).ok()?;
        self.entries.get(at)
    }

    /// Records a new fate for a queued event.
    pub fn set_fate(&mut self, id: EventId, fate: Fate) {
        if let Some(e) = self.entry_mut(id)
            && e.fate == Fate::Queued
        {
            e.fate = fate;
        }
    }

    /// Records that the event's loss was reported.
    pub fn report_loss(&mut self, id: EventId) {
        if let Some(e) = self.entry_mut(id) {
            e.loss_reported = true;
        }
    }

    /// Records that `agent` was shown the event.
    pub fn surface(&mut self, id: EventId, agent: &str) {
        if let Some(e) = self.entry_mut(id) {
            e.surfaced_to.push(agent.to_string());
        }
    }
}
