//! The gateway's operations as data, their outcomes, and the journal that records the order in
//! which they took effect. Each operation is one action of the model (SPEC §8) and has its name:
//! `Enqueue`, `FireWake`, `HandlerThrows`, `FinishRun`, `FailRun`, `TimePasses`, `IntervalTick`,
//! `UserTurn`, `Reap`, `Restart`. The outcomes of `FireWake`, `TimePasses` and `IntervalTick`
//! carry the same names.

use serde::Serialize;

use crate::runtime::error::GatewayError;
use crate::runtime::event::EventId;
use crate::runtime::sites::SiteRoute;

/// One operation, with real strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Operation {
    /// A site enqueues an event from a session of an agent and requests its wake.
    Enqueue {
        site: String,
        agent: String,
        origin_session_key: String,
        text: String,
    },
    /// The wake pending for a target is handled now.
    FireWake { target: String },
    /// The wake handler throws for a target.
    HandlerThrows { target: String },
    /// An agent's heartbeat run finishes.
    FinishRun { agent: String },
    /// An agent's heartbeat run fails before consuming; `replied`: its reply went out first.
    FailRun { agent: String, replied: bool },
    /// An agent's interval timer expired.
    TimePasses { agent: String },
    /// An agent's interval heartbeat runs, if due and the handler is free.
    IntervalTick { agent: String },
    /// A user turn in a session of an agent.
    UserTurn { agent: String, session_key: String },
    /// The cron reaper deletes a session (and its descendants).
    Reap { session_key: String },
    /// The gateway restarts.
    Restart,
}

/// What became of an enqueued text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EnqueueResult {
    Queued {
        id: EventId,
    },
    /// Suppressed by the release's duplicate rule; no wake requested.
    Duplicate,
    /// A blank text is not queued; no wake requested.
    Blank,
    /// R10 (reference): the agent runs no heartbeat; reported, not queued.
    Undeliverable {
        id: EventId,
    },
}

/// An enqueue's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnqueueOutcome {
    pub route: SiteRoute,
    pub result: EnqueueResult,
    /// The pending-wake target requested, if any.
    pub wake_target: Option<String>,
    /// Events the queue cap dropped to make room (R12: the reference reports them).
    pub dropped: Vec<EventId>,
}

/// A heartbeat run, as callers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub agent: String,
    pub session_key: String,
    pub queue_key: String,
    pub source: String,
    pub inspected: Vec<EventId>,
}

/// What handling a pending wake did (R4, R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FireWakeOutcome {
    /// Nothing is pending for that target.
    NotPending,
    /// The handler was busy: re-queued behind a retry timer.
    Retrying,
    /// Untargeted: one wake per heartbeat agent, by target key.
    FannedOut(Vec<String>),
    /// The agent runs no heartbeat: dropped (`disabled`).
    Disabled,
    /// The not-due / min-spacing guard deferred it (`kept` from 2026.8 on), or it arrived
    /// outside the agent's active hours (`quiet-hours`, never kept: H12).
    Deferred { reason: String, kept: bool },
    /// A heartbeat started.
    Started(RunReport),
}

/// What ending a run surfaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RunEnd {
    /// No run in flight for that agent.
    NoRun,
    /// The events surfaced to the agent, by id and text (in queue order), and those of them
    /// consumed.
    Ended {
        surfaced: Vec<(EventId, String)>,
        consumed: Vec<EventId>,
    },
}

/// What an interval tick did (R8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum IntervalTickOutcome {
    Disabled,
    NotDue,
    Busy,
    Started(RunReport),
}

/// What a user turn did (R9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum UserTurnOutcome {
    /// A heartbeat has the session's queue peeked: the lane waits; nothing drained.
    LaneBusy,
    /// The non-exec events drained and surfaced to the user's agent.
    Drained(Vec<(EventId, String)>),
}

/// Any operation's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Enqueue(EnqueueOutcome),
    FireWake(FireWakeOutcome),
    /// `false`: nothing was pending for the target.
    Throw(bool),
    Run(RunEnd),
    /// `false`: the timer had already expired (or the agent runs no heartbeat).
    TimePasses(bool),
    IntervalTick(IntervalTickOutcome),
    UserTurn(UserTurnOutcome),
    /// The queued events the reap retired.
    Reap(Vec<EventId>),
    /// The queued events the restart lost.
    Restart(Vec<EventId>),
}

/// One journal entry: an operation, its place in the order the gateway serialised operations,
/// and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub seq: u64,
    pub op: Operation,
    pub outcome: Result<Outcome, GatewayError>,
}
