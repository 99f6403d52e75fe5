//! The actions of the model: what the gateway, its users and its clock can do next.

use serde::{Deserialize, Serialize};

use crate::config::AgentId;
use crate::origin::OriginKind;
use crate::routing::{Session, WakeTarget};
use crate::site::EventClass;

/// One step. Names read as what happens in the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    /// A site enqueues an event from an origin session and requests its wake in the same
    /// synchronous call (JavaScript runs both without yielding, SPEC A3).
    Enqueue {
        site: u8,
        agent: AgentId,
        origin: OriginKind,
        class: EventClass,
    },
    /// The coalescing (or retry) timer fires for one pending target and the handler runs it:
    /// it is dropped, deferred, retried, fanned out, or starts a heartbeat that peeks its queue.
    FireWake(WakeTarget),
    /// The wake handler throws for a target: the wake is re-queued behind a retry timer.
    HandlerThrows(WakeTarget),
    /// An agent's heartbeat run finishes: it consumes exactly the events it inspected.
    FinishRun { agent: AgentId },
    /// An agent's heartbeat run fails between peek and consume; `replied` says whether the
    /// model's reply (with the events) went out first. Its wake is re-queued.
    FailRun { agent: AgentId, replied: bool },
    /// Time passes for an agent: min-spacing ends and the next interval comes due.
    TimePasses { agent: AgentId },
    /// The periodic interval heartbeat of an agent runs in its default session.
    IntervalTick { agent: AgentId },
    /// A user sends a turn in one of an agent's sessions: it drains the non-exec events there.
    UserTurn { agent: AgentId, session: Session },
    /// The cron reaper deletes an agent's finished cron-run session.
    Reap { agent: AgentId },
    /// The gateway restarts: in-memory queues, pending wakes and runs are gone.
    Restart,
}

impl Action {
    /// Is it a step of the gateway's environment (an enqueue, a user turn, a reap, a
    /// restart)? Those happen before the horizon (SPEC A5).
    pub const fn is_environment(&self) -> bool {
        matches!(
            self,
            Action::Enqueue { .. }
                | Action::UserTurn { .. }
                | Action::Reap { .. }
                | Action::Restart
        )
    }

    /// The action's kind, for per-action coverage counts.
    pub const fn kind(&self) -> ActionKind {
        match self {
            Action::Enqueue { .. } => ActionKind::Enqueue,
            Action::FireWake(_) => ActionKind::FireWake,
            Action::HandlerThrows(_) => ActionKind::HandlerThrows,
            Action::FinishRun { .. } => ActionKind::FinishRun,
            Action::FailRun { .. } => ActionKind::FailRun,
            Action::TimePasses { .. } => ActionKind::TimePasses,
            Action::IntervalTick { .. } => ActionKind::IntervalTick,
            Action::UserTurn { .. } => ActionKind::UserTurn,
            Action::Reap { .. } => ActionKind::Reap,
            Action::Restart => ActionKind::Restart,
        }
    }
}

/// The kinds of [`Action`], for coverage statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    Enqueue,
    FireWake,
    HandlerThrows,
    FinishRun,
    FailRun,
    TimePasses,
    IntervalTick,
    UserTurn,
    Reap,
    Restart,
}

impl ActionKind {
    pub const ALL: [ActionKind; 10] = [
        ActionKind::Enqueue,
        ActionKind::FireWake,
        ActionKind::HandlerThrows,
        ActionKind::FinishRun,
        ActionKind::FailRun,
        ActionKind::TimePasses,
        ActionKind::IntervalTick,
        ActionKind::UserTurn,
        ActionKind::Reap,
        ActionKind::Restart,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            ActionKind::Enqueue => "enqueue",
            ActionKind::FireWake => "fire-wake",
            ActionKind::HandlerThrows => "handler-throws",
            ActionKind::FinishRun => "finish-run",
            ActionKind::FailRun => "fail-run",
            ActionKind::TimePasses => "time-passes",
            ActionKind::IntervalTick => "interval-tick",
            ActionKind::UserTurn => "user-turn",
            ActionKind::Reap => "reap",
            ActionKind::Restart => "restart",
        }
    }
}
