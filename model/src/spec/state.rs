//! The abstract state of the gateway's routing layer.
//!
//! Small integer ids and bit sets only: no strings, so states hash and compare fast.

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::config::{AgentId, MAX_AGENTS};
use crate::origin::OriginKind;
use crate::routing::{Queue, Session, WakeTarget};
use crate::site::{EventClass, WakeKind};

/// A set of agents, one bit each.
pub type AgentSet = u8;

/// A set of events by index into [`State::events`], one bit each.
pub type EventSet = u32;

/// The most events one path may enqueue (the width of [`EventSet`]).
pub const MAX_EVENTS: usize = 32;

pub const fn agent_bit(agent: AgentId) -> AgentSet {
    1 << agent
}

/// Where an event is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventStatus {
    /// In its queue, waiting to be surfaced.
    Queued,
    /// Removed from its queue by a heartbeat run or a user turn.
    Consumed,
    /// Gone without a consumer (see [`Loss`]).
    Lost(Loss),
    /// Never queued: the site refused it and said so (reference only, SPEC E6).
    Undeliverable,
}

/// Why an event left its queue without being consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Loss {
    /// The gateway restarted; queues are in memory.
    Restart,
    /// The queue was full and the oldest event was dropped.
    Cap,
    /// The session was deleted and its queue retired with it.
    Retired,
}

/// One system event, from enqueue on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Event {
    /// The agent whose session produced it.
    pub agent: AgentId,
    pub origin: OriginKind,
    /// Index of the site in the model's site list.
    pub site: u8,
    pub class: EventClass,
    /// The queue it was enqueued in (meaningless when [`EventStatus::Undeliverable`]).
    pub queue: Queue,
    pub status: EventStatus,
    /// The agents it has been surfaced to.
    pub shown_to: AgentSet,
    /// How often it has been surfaced, saturating at 2.
    pub times_shown: u8,
    /// Does the heartbeat that its site's wake starts peek `queue` and inspect this class?
    /// Fixed at enqueue (SPEC I7).
    pub wake_drains: bool,
}

impl Event {
    /// Surfaces it to `agent`.
    pub fn show(&mut self, agent: AgentId) {
        self.shown_to |= agent_bit(agent);
        self.times_shown = (self.times_shown + 1).min(2);
    }

    pub const fn is_queued(&self) -> bool {
        matches!(self.status, EventStatus::Queued)
    }

    pub const fn surfaced(&self) -> bool {
        self.times_shown > 0
    }
}

/// Why a pending wake has not run yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WakePhase {
    /// Requested; fires when the coalescing timer does.
    Ready,
    /// The handler was busy (or threw): a retry timer is armed.
    Retrying,
    /// The not-due / min-spacing guard deferred it and the profile keeps it (2026.8 on).
    Deferred,
}

/// One entry of the pending-wake map: at most one per target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PendingWake {
    pub target: WakeTarget,
    /// The kind of the wake that won the merge (its source and reason).
    pub kind: WakeKind,
    /// Will the run inspect exec completions? The winner's kind decides upstream; reference
    /// keeps the union of every merged wake.
    pub inspects_exec: bool,
    /// The agents whose events requested this wake.
    pub requested_by: AgentSet,
    pub phase: WakePhase,
}

impl PendingWake {
    /// The wake an event of `agent` requests, ready to fire.
    pub const fn requested(target: WakeTarget, kind: WakeKind, agent: AgentId) -> PendingWake {
        PendingWake {
            target,
            kind,
            inspects_exec: kind.inspects_exec(),
            requested_by: agent_bit(agent),
            phase: WakePhase::Ready,
        }
    }
}

/// A heartbeat run in progress: it has peeked, and will consume what it inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Run {
    pub agent: AgentId,
    pub session: Session,
    pub queue: Queue,
    pub kind: WakeKind,
    /// The events it peeked and inspected; it consumes exactly these.
    pub inspected: EventSet,
    /// The agents whose events requested the wake that started it (empty for interval ticks).
    pub requested_by: AgentSet,
    /// The wake that started it, re-queued if the run fails (none for interval ticks).
    pub wake: Option<PendingWake>,
}

/// An agent's heartbeat guard, abstracting time (SPEC S5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Guard {
    /// The heartbeat never ran: event wakes run at once; the first interval is not due yet.
    NeverRan,
    /// It ran recently: within min-spacing and before the next interval. Event wakes defer.
    Recent,
    /// The interval is due: event wakes run, and so does the interval tick.
    Due,
}

/// Things that happened on the path, kept so that `sometimes` witnesses can see transitions.
pub mod seen {
    pub const WAKE_DEFERRED: u16 = 1 << 0;
    pub const WAKE_RETRIED: u16 = 1 << 1;
    pub const INTERVAL_RAN: u16 = 1 << 2;
    pub const USER_TURN_DRAINED: u16 = 1 << 3;
    pub const RESTART_LOST_EVENT: u16 = 1 << 4;
    pub const HANDLER_THREW: u16 = 1 << 5;
    pub const RUN_FAILED: u16 = 1 << 6;
    pub const CAP_DROPPED: u16 = 1 << 7;
    pub const REAPED: u16 = 1 << 8;
}

/// The events of a path; most paths have a few, so they live inline (no allocation per state).
pub type Events = SmallVec<[Event; 8]>;
/// Pending wakes: at most a few targets per agent.
pub type PendingWakes = SmallVec<[PendingWake; 4]>;
/// Runs in flight: at most one per agent.
pub type Runs = SmallVec<[Run; 4]>;
/// One value per agent.
pub type PerAgent<T> = SmallVec<[T; MAX_AGENTS as usize]>;

/// The whole abstract state. Its lists are `SmallVec`s: the checker clones and hashes a state
/// for every step it explores, and inline lists make a clone a copy (hashing, ordering and
/// serialising them is the same as a `Vec`'s).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct State {
    /// Every event enqueued on this path, in enqueue order (so queue order is index order).
    pub events: Events,
    /// Pending wakes, sorted by target.
    pub pending: PendingWakes,
    /// Heartbeat runs in flight, sorted by agent.
    pub runs: Runs,
    /// Per agent.
    pub guards: PerAgent<Guard>,
    /// Per agent: interval ticks still to come.
    pub ticks_left: PerAgent<u8>,
    /// Agents whose cron-run session has been reaped.
    pub reaped: AgentSet,
    /// Fault budgets used on this path.
    pub restarts: u8,
    pub throws: u8,
    pub failures: u8,
    /// [`seen`] flags.
    pub seen: u16,
    /// Events whose loss the gateway reported (reference: cap drops, SPEC R12).
    pub reported: EventSet,
}

impl State {
    /// Events in `queue`, oldest first, with their indices.
    pub fn queued_in(&self, queue: Queue) -> impl Iterator<Item = (usize, &Event)> {
        self.events
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.is_queued() && e.queue == queue)
    }

    /// Every queue that holds something, in a stable order.
    pub fn nonempty_queues(&self) -> Vec<Queue> {
        let mut qs: Vec<Queue> = self
            .events
            .iter()
            .filter(|e| e.is_queued())
            .map(|e| e.queue)
            .collect();
        qs.sort();
        qs.dedup();
        qs
    }

    pub fn pending_for(&self, target: WakeTarget) -> Option<&PendingWake> {
        self.pending.iter().find(|p| p.target == target)
    }

    pub fn run_of(&self, agent: AgentId) -> Option<&Run> {
        self.runs.iter().find(|r| r.agent == agent)
    }

    /// Takes `agent`'s run out of the runs in flight.
    pub fn take_run(&mut self, agent: AgentId) -> Run {
        let index = self.runs.iter().position(|r| r.agent == agent);
        self.runs.remove(index.expect("a run in flight"))
    }
}
