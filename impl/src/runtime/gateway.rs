//! The gateway: the queue, the wake scheduler, the runner and the sites of one profile behind
//! one lock, so that it can be driven from several threads. Every operation takes the lock,
//! applies completely, and is given its place in one total order (the journal's `seq`): the
//! gateway is a linearisable object whose operations correspond one to one to the model's
//! actions (SPEC §8, §11).

use std::sync::{Arc, Mutex, PoisonError};

use crate::runtime::clock::Clock;
use crate::runtime::error::GatewayError;
use crate::runtime::ops::{
    EnqueueOutcome, FireWakeOutcome, IntervalTickOutcome, JournalEntry, Operation, Outcome, RunEnd,
    UserTurnOutcome,
};
use crate::runtime::options::GatewayOptions;
use crate::runtime::state::GatewayState;

/// The lock a gateway keeps its state behind. [`StdLock`] in production; a test may supply a
/// lock of a concurrency checker (shuttle) so that the checker controls the interleaving.
pub trait GatewayLock: Send + Sync {
    fn new(state: GatewayState) -> Self;
    /// Runs `f` with the state, exclusively.
    fn with<R>(&self, f: impl FnOnce(&mut GatewayState) -> R) -> R;
}

/// A `std::sync::Mutex`. A panic inside an operation cannot leave the state half-updated in a
/// way later operations would misread more than the panic itself says, so a poisoned lock is
/// entered anyway.
#[derive(Debug)]
pub struct StdLock(Mutex<GatewayState>);

impl GatewayLock for StdLock {
    fn new(state: GatewayState) -> Self {
        StdLock(Mutex::new(state))
    }

    fn with<R>(&self, f: impl FnOnce(&mut GatewayState) -> R) -> R {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

/// What one [`Gateway::tick`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TickReport {
    /// The wakes handled, by target.
    pub wakes: Vec<(String, Result<FireWakeOutcome, GatewayError>)>,
    /// The interval heartbeats attempted, by agent.
    pub intervals: Vec<(String, Result<IntervalTickOutcome, GatewayError>)>,
}

/// A gateway: `Send + Sync`, driven by `&self` from any number of threads.
#[derive(Debug)]
pub struct Gateway<L: GatewayLock = StdLock> {
    clock: Arc<dyn Clock>,
    inner: L,
}

impl<L: GatewayLock> Gateway<L> {
    /// A gateway with `options`, reading time from `clock`.
    pub fn new(options: &GatewayOptions, clock: Arc<dyn Clock>) -> Result<Self, GatewayError> {
        let state = GatewayState::new(options, clock.now_ms())?;
        Ok(Gateway {
            clock,
            inner: L::new(state),
        })
    }

    /// An independent copy of this gateway's state, reading time from `clock`.
    pub fn fork(&self, clock: Arc<dyn Clock>) -> Self {
        Gateway {
            clock,
            inner: L::new(self.snapshot()),
        }
    }

    /// A copy of the whole state (for observers: the abstraction function, traces).
    pub fn snapshot(&self) -> GatewayState {
        self.inner.with(|s| s.clone())
    }

    /// Reads the state without copying it.
    pub fn inspect<R>(&self, f: impl FnOnce(&GatewayState) -> R) -> R {
        self.inner.with(|s| f(s))
    }

    /// The journal (empty unless the options asked for one).
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.inner.with(|s| s.journal().to_vec())
    }

    /// Applies one operation, atomically.
    pub fn apply(&self, op: Operation) -> Result<Outcome, GatewayError> {
        let clock = &self.clock;
        self.inner.with(|s| s.apply(op, clock.now_ms()))
    }

    /// A site enqueues `text` from the session `origin_session_key` of `agent`, and requests
    /// its wake (one step: SPEC A3).
    pub fn enqueue_at_site(
        &self,
        site: &str,
        agent: &str,
        origin_session_key: &str,
        text: &str,
    ) -> Result<EnqueueOutcome, GatewayError> {
        match self.apply(Operation::Enqueue {
            site: site.into(),
            agent: agent.into(),
            origin_session_key: origin_session_key.into(),
            text: text.into(),
        })? {
            Outcome::Enqueue(o) => Ok(o),
            other => unreachable!("enqueue answered {other:?}"),
        }
    }

    /// Handles the wake pending for `target` now (the model's FireWake).
    pub fn fire_wake(&self, target: &str) -> Result<FireWakeOutcome, GatewayError> {
        match self.apply(Operation::FireWake {
            target: target.into(),
        })? {
            Outcome::FireWake(o) => Ok(o),
            other => unreachable!("dispatch answered {other:?}"),
        }
    }

    /// The wake handler throws for `target`: re-queued behind a retry timer. `false` when
    /// nothing was pending for it.
    pub fn handler_throws(&self, target: &str) -> bool {
        matches!(
            self.apply(Operation::HandlerThrows {
                target: target.into()
            }),
            Ok(Outcome::Throw(true))
        )
    }

    /// `agent`'s heartbeat run finishes: it consumes and surfaces what it inspected.
    pub fn finish_run(&self, agent: &str) -> Result<RunEnd, GatewayError> {
        match self.apply(Operation::FinishRun {
            agent: agent.into(),
        })? {
            Outcome::Run(o) => Ok(o),
            other => unreachable!("finish answered {other:?}"),
        }
    }

    /// `agent`'s heartbeat run fails before consuming; its wake is re-queued.
    pub fn fail_run(&self, agent: &str, replied: bool) -> Result<RunEnd, GatewayError> {
        match self.apply(Operation::FailRun {
            agent: agent.into(),
            replied,
        })? {
            Outcome::Run(o) => Ok(o),
            other => unreachable!("fail answered {other:?}"),
        }
    }

    /// `agent`'s interval timer expired (the model's TimePasses for it).
    pub fn time_passes(&self, agent: &str) -> Result<bool, GatewayError> {
        match self.apply(Operation::TimePasses {
            agent: agent.into(),
        })? {
            Outcome::TimePasses(changed) => Ok(changed),
            other => unreachable!("time_passes answered {other:?}"),
        }
    }

    /// `agent`'s interval heartbeat runs in its default session, if due and free.
    pub fn interval_tick(&self, agent: &str) -> Result<IntervalTickOutcome, GatewayError> {
        match self.apply(Operation::IntervalTick {
            agent: agent.into(),
        })? {
            Outcome::IntervalTick(o) => Ok(o),
            other => unreachable!("interval_tick answered {other:?}"),
        }
    }

    /// A user turn of `agent` in `session_key`.
    pub fn user_turn(
        &self,
        agent: &str,
        session_key: &str,
    ) -> Result<UserTurnOutcome, GatewayError> {
        match self.apply(Operation::UserTurn {
            agent: agent.into(),
            session_key: session_key.into(),
        })? {
            Outcome::UserTurn(o) => Ok(o),
            other => unreachable!("user_turn answered {other:?}"),
        }
    }

    /// The cron reaper deletes `session_key` and its descendants.
    pub fn reap(&self, session_key: &str) {
        let _ = self.apply(Operation::Reap {
            session_key: session_key.into(),
        });
    }

    /// The gateway restarts.
    pub fn restart(&self) {
        let _ = self.apply(Operation::Restart);
    }

    /// Production timer path, wakes: handles every target whose timer is due at `now`, one
    /// target at a time through the same dispatch as [`Gateway::fire_wake`].
    pub fn fire_due(&self, now: u64) -> Vec<(String, Result<FireWakeOutcome, GatewayError>)> {
        let targets = self.inner.with(|s| s.due_targets(now));
        targets
            .into_iter()
            .map(|t| {
                let out = self.fire_wake(&t);
                (t, out)
            })
            .collect()
    }

    /// Production timer path, intervals: expires every interval timer whose time passed by
    /// `now` (through [`Gateway::time_passes`]), handles the wakes that are due — among them
    /// the guard-deferred wakes the expiry released (2026.8 on) — through
    /// [`Gateway::fire_due`], and then runs the interval heartbeat of each agent still due and
    /// free (through [`Gateway::interval_tick`]). Wakes first: a released exec-event wake
    /// inspects everything the interval heartbeat would, and more (R3); run after it, the
    /// interval would make the agent ran-recently again and defer the wake once more.
    pub fn tick(&self, now: u64) -> TickReport {
        for agent in self.inner.with(|s| s.expiring(now)) {
            let _ = self.time_passes(&agent);
        }
        let wakes = self.fire_due(now);
        let intervals = self
            .inner
            .with(|s| s.interval_ready())
            .into_iter()
            .map(|a| {
                let out = self.interval_tick(&a);
                (a, out)
            })
            .collect();
        TickReport { wakes, intervals }
    }

    /// When the next wake timer fires, if one is armed.
    pub fn next_wake_due(&self) -> Option<u64> {
        self.inner.with(|s| s.scheduler().next_due())
    }

    /// The current time on the gateway's clock.
    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }
}
