//! The stateright model: every interleaving of enqueue, wake and heartbeat drain.
//!
//! Read it like stateright's two-phase-commit example (`examples/2pc.rs`): the state is
//! [`State`] (`state.rs`), [`RoutingModel`] holds what one profile in one configuration fixes
//! (built in `setup.rs`), `impl Model` says which steps are enabled and what each does, and
//! below it every action of [`Action`], in its order, has its enabled condition and its effect.
//! The properties (`properties.rs`) say what must always, or sometimes, hold.

use stateright::{Model, Property};

pub use crate::spec::setup::RoutingModel;

use crate::config::AgentId;
use crate::mutation::Mutation;
use crate::origin::OriginKind;
use crate::routing::{Queue, Session, SessionKind, WakeTarget};
use crate::site::{EventClass, WakeKind, WakeSpecExt};
use crate::spec::action::Action;
use crate::spec::state::{
    Event, EventStatus, Guard, Loss, MAX_EVENTS, PendingWake, Run, State, WakePhase, agent_bit,
    seen,
};

impl Model for RoutingModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        self.initial_states()
    }

    /// The steps enabled in `s`, in a fixed order: stored paths are action indices, so the
    /// order is part of a trace's meaning.
    fn actions(&self, s: &State, actions: &mut Vec<Action>) {
        self.with_candidates(s, |candidates| {
            actions.extend(candidates.iter().filter(|a| self.enabled(s, a)));
        });
    }

    fn next_state(&self, last: &State, action: Action) -> Option<State> {
        let mut s = last.clone();
        match action {
            Action::Enqueue {
                site,
                agent,
                origin,
                class,
            } => self.enqueue(&mut s, site, agent, origin, class),
            Action::FireWake(target) => self.fire_wake(&mut s, target),
            Action::HandlerThrows(target) => self.handler_throws(&mut s, target)?,
            Action::FinishRun { agent } => self.finish_run(&mut s, agent),
            Action::FailRun { agent, replied } => self.fail_run(&mut s, agent, replied),
            Action::TimePasses { agent } => self.time_passes(&mut s, agent),
            Action::IntervalTick { agent } => self.interval_tick(&mut s, agent),
            Action::UserTurn { agent, session } => self.user_turn(&mut s, agent, session),
            Action::Reap { agent } => self.reap(&mut s, agent),
            Action::Restart => self.restart(&mut s),
        }
        Some(s)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        crate::spec::properties::properties(self)
    }
}

impl RoutingModel {
    /// Is some step enabled in `s`? (M1 asks it of every state: no list is built.)
    pub fn any_enabled(&self, s: &State) -> bool {
        self.with_candidates(s, |candidates| {
            candidates.iter().any(|a| self.enabled(s, a))
        })
    }

    /// The steps enabled in `s`, in `Model::actions` order.
    pub fn enabled_actions(&self, s: &State) -> Vec<Action> {
        let mut actions = Vec::new();
        Model::actions(self, s, &mut actions);
        actions
    }

    /// Is `action` enabled in `s`? An environment step only before the horizon (A5); every
    /// step when its own condition holds.
    pub fn enabled(&self, s: &State, action: &Action) -> bool {
        (!action.is_environment() || self.horizon_open(s)) && self.precondition(s, action)
    }

    /// The condition of each action, below in [`Action`] order.
    pub fn precondition(&self, s: &State, action: &Action) -> bool {
        match *action {
            Action::Enqueue {
                site,
                agent,
                origin,
                ..
            } => self.enqueue_enabled(s, site, agent, origin),
            Action::FireWake(target) => self.fire_wake_enabled(s, target),
            Action::HandlerThrows(target) => self.handler_throws_enabled(s, target),
            Action::FinishRun { agent } => s.run_of(agent).is_some(),
            Action::FailRun { agent, .. } => self.fail_run_enabled(s, agent),
            Action::TimePasses { agent } => self.time_passes_enabled(s, agent),
            Action::IntervalTick { agent } => self.interval_tick_enabled(s, agent),
            Action::UserTurn { agent, session } => self.user_turn_enabled(s, agent, session),
            Action::Reap { agent } => self.reap_enabled(s, agent),
            Action::Restart => s.restarts < self.config.faults.restarts,
        }
    }

    /// Environment actions (enqueues, user turns, reaps, restarts) happen before every
    /// heartbeat agent's last interval tick: that tick stands for "the periodic heartbeat keeps
    /// running after the last event" and keeps paths finite (SPEC A5).
    pub fn horizon_open(&self, s: &State) -> bool {
        self.agents()
            .filter(|a| self.heartbeat(*a))
            .all(|a| s.ticks_left[a as usize] >= 1)
    }

    /// Nothing pending, nothing running, and every interval tick spent (SPEC I1).
    pub fn quiescent(&self, s: &State) -> bool {
        s.pending.is_empty()
            && s.runs.is_empty()
            && self
                .agents()
                .filter(|a| self.heartbeat(*a))
                .all(|a| s.ticks_left[a as usize] == 0)
    }

    /// Is the wake handler busy for agent `agent` (or for an untargeted wake)? Up to 2026.5.12
    /// one run at a time in the whole gateway; from 2026.8 one per target (SPEC S6).
    fn busy(&self, s: &State, agent: Option<AgentId>) -> bool {
        if self.router.mutated(Mutation::OverlappingRuns) {
            return false; // R6 removed: runs never wait for one another.
        }
        match agent {
            Some(a) if self.router.concurrent_runs() => s.run_of(a).is_some(),
            _ => !s.runs.is_empty(),
        }
    }

    // ---- Enqueue: a site enqueues an event and requests its wake (SPEC A3) ----

    /// Within the bounds: events per path, per site and origin, origins per agent. Each site
    /// has its own budget of events per origin, so that in a configuration of several sites
    /// every site can fire from the same session (SPEC S3); with one site it is the origin's.
    fn enqueue_enabled(&self, s: &State, site: u8, agent: AgentId, origin: OriginKind) -> bool {
        if s.events.len() >= MAX_EVENTS {
            return false;
        }
        if origin.is_cron_run() && s.reaped & agent_bit(agent) != 0 {
            return false;
        }
        // One pass over the agent's events, with its origins as a bit set: this runs for every
        // enqueue candidate of every state, so it allocates nothing.
        let bit = |o: OriginKind| 1u16 << o as u16;
        let (mut from_origin, mut origins) = (0, bit(origin));
        for e in s.events.iter().filter(|e| e.agent == agent) {
            from_origin += usize::from(e.origin == origin && e.site == site);
            origins |= bit(e.origin);
        }
        from_origin < usize::from(self.config.bounds.events_per_origin)
            && origins.count_ones() <= u32::from(self.config.bounds.origins_per_agent)
    }

    fn enqueue(
        &self,
        s: &mut State,
        site: u8,
        agent: AgentId,
        origin: OriginKind,
        class: EventClass,
    ) {
        let site_index = site;
        let site = &self.sites[usize::from(site)];
        let queue = self.site_queue(site, agent, origin);
        let target = self.site_wake(site, agent, origin);
        let kind = site.wake.kind();
        let mut event = Event {
            agent,
            origin,
            site: site_index,
            class,
            queue,
            status: EventStatus::Queued,
            shown_to: 0,
            times_shown: 0,
            wake_drains: self.wake_drains(target, kind, queue, class),
        };
        if self.router.reports_undeliverable() && !self.heartbeat(agent) {
            // The reference refuses it and says so (SPEC E6).
            event.status = EventStatus::Undeliverable;
            s.events.push(event);
            return;
        }
        s.events.push(event);
        let cap = usize::from(self.config.faults.queue_cap);
        if s.queued_in(queue).count() > cap {
            let (oldest, _) = s.queued_in(queue).next().expect("over its cap");
            s.events[oldest].status = EventStatus::Lost(Loss::Cap);
            s.seen |= seen::CAP_DROPPED;
            if self.router.reports_cap_drops() {
                s.reported |= 1 << oldest;
            }
        }
        if let Some(target) = target {
            self.request_wake(s, PendingWake::requested(target, kind, agent));
        }
    }

    // ---- FireWake: a timer fires and the handler runs one pending target ----

    /// Ready wakes fire; re-queued ones once the handler is free; deferred ones once the guard
    /// lets them (SPEC S2 to S5).
    fn fire_wake_enabled(&self, s: &State, target: WakeTarget) -> bool {
        let Some(p) = s.pending_for(target) else {
            return false;
        };
        let agent = self.router.wake_agent(p.target);
        match p.phase {
            WakePhase::Ready => true,
            WakePhase::Retrying => !self.busy(s, agent),
            WakePhase::Deferred => agent.is_none_or(|a| s.guards[a as usize] != Guard::Recent),
        }
    }

    /// Dropped, deferred, retried, fanned out, or a heartbeat starts and peeks its queue.
    fn fire_wake(&self, s: &mut State, target: WakeTarget) {
        let index = s
            .pending
            .iter()
            .position(|p| p.target == target)
            .expect("pending");
        let p = s.pending[index];
        let agent = self.router.wake_agent(target);
        if self.busy(s, agent) {
            // requests-in-flight: re-queued behind a retry timer.
            s.pending[index].phase = WakePhase::Retrying;
            s.seen |= seen::WAKE_RETRIED;
            return;
        }
        s.pending.remove(index);
        let Some(agent) = agent else {
            // Untargeted: every heartbeat agent runs its default session.
            for b in self.agents().filter(|b| self.heartbeat(*b)) {
                let target = WakeTarget {
                    agent: Some(b),
                    session: None,
                };
                let phase = WakePhase::Ready;
                self.request_wake(s, PendingWake { target, phase, ..p });
            }
            return;
        };
        if !self.heartbeat(agent) && !self.router.runs_targeted_without_heartbeat() {
            return; // skipped `disabled` and dropped (2026.9.6 runs it, SPEC H9).
        }
        if s.guards[usize::from(agent)] == Guard::Recent {
            // not-due / min-spacing: 2026.5.12 drops the wake, 2026.8 on retries it later.
            s.seen |= seen::WAKE_DEFERRED;
            if self.router.retains_guarded_wakes() {
                let at = s.pending.partition_point(|q| q.target < target);
                let phase = WakePhase::Deferred;
                s.pending.insert(at, PendingWake { phase, ..p });
            }
            return;
        }
        if self.router.quiet_hours_drop(agent) {
            // Outside the active hours: skipped `quiet-hours` and dropped (SPEC H12).
            s.seen |= seen::WAKE_DEFERRED;
            return;
        }
        let (phase, kind, inspects) = (WakePhase::Ready, p.kind, p.inspects_exec);
        let wake = Some(PendingWake { phase, ..p });
        self.start_run(s, agent, target.session, kind, inspects, wake);
    }

    // ---- HandlerThrows: the handler throws; the wake is re-queued behind a retry timer ----

    fn handler_throws_enabled(&self, s: &State, target: WakeTarget) -> bool {
        self.fire_wake_enabled(s, target) && s.throws < self.config.faults.handler_throws
    }

    fn handler_throws(&self, s: &mut State, target: WakeTarget) -> Option<()> {
        s.pending.iter_mut().find(|p| p.target == target)?.phase = WakePhase::Retrying;
        s.throws += 1;
        s.seen |= seen::WAKE_RETRIED | seen::HANDLER_THREW;
        Some(())
    }

    // ---- FinishRun: a run consumes exactly what it inspected (enabled while it runs) ----

    fn finish_run(&self, s: &mut State, agent: AgentId) {
        let run = s.take_run(agent);
        let drain_all = self.router.mutated(Mutation::DrainAllOnConsume);
        for (i, event) in s.events.iter_mut().enumerate() {
            let inspected = run.inspected & (1 << i) != 0;
            if inspected {
                event.show(agent); // the reply included it, whoever consumed it meanwhile
            }
            if (inspected || (drain_all && event.queue == run.queue)) && event.is_queued() {
                event.status = EventStatus::Consumed;
            }
        }
        s.guards[usize::from(agent)] = Guard::Recent;
    }

    // ---- FailRun: a wake-started run fails between peek and consume (SPEC G3) ----

    fn fail_run_enabled(&self, s: &State, agent: AgentId) -> bool {
        s.failures < self.config.faults.run_failures
            && s.run_of(agent).is_some_and(|r| r.wake.is_some())
    }

    fn fail_run(&self, s: &mut State, agent: AgentId, replied: bool) {
        let run = s.take_run(agent);
        if replied {
            // The reply went out: the events were surfaced. Upstream consumes them only when
            // the run finishes, so they are surfaced again; the reference consumes them with
            // the reply (SPEC R13).
            let consume = self.router.consumes_on_reply();
            for (i, event) in s.events.iter_mut().enumerate() {
                if run.inspected & (1 << i) != 0 && event.is_queued() {
                    event.show(agent);
                    if consume {
                        event.status = EventStatus::Consumed;
                    }
                }
            }
        }
        let wake = run.wake.expect("only wake-started runs can fail");
        let phase = WakePhase::Retrying;
        self.request_wake(s, PendingWake { phase, ..wake });
        s.failures += 1;
        s.seen |= seen::RUN_FAILED;
    }

    // ---- TimePasses: min-spacing ends and the next interval comes due (SPEC S5) ----

    fn time_passes_enabled(&self, s: &State, agent: AgentId) -> bool {
        let a = usize::from(agent);
        match s.guards[a] {
            // Min-spacing ends for every agent that can run (SPEC H9: 2026.9.6 runs targeted
            // wakes of agents without a heartbeat, and guards them too).
            Guard::Recent => self.can_run(agent),
            Guard::NeverRan => self.heartbeat(agent) && s.ticks_left[a] > 0,
            Guard::Due => false,
        }
    }

    fn time_passes(&self, s: &mut State, agent: AgentId) {
        s.guards[usize::from(agent)] = Guard::Due;
    }

    // ---- IntervalTick: the periodic heartbeat runs in the agent's default session ----

    fn interval_tick_enabled(&self, s: &State, agent: AgentId) -> bool {
        let a = usize::from(agent);
        self.heartbeat(agent)
            && s.guards[a] == Guard::Due
            && s.ticks_left[a] > 0
            && !self.busy(s, Some(agent))
    }

    fn interval_tick(&self, s: &mut State, agent: AgentId) {
        s.ticks_left[usize::from(agent)] -= 1;
        if self.router.mutated(Mutation::SkipIntervalRun) {
            return; // R8 removed: the tick passes and no heartbeat runs.
        }
        s.seen |= seen::INTERVAL_RAN;
        self.start_run(s, agent, None, WakeKind::Interval, false, None);
    }

    // ---- UserTurn: a user's turn drains the non-exec events of its session's queue ----

    fn user_turn_enabled(&self, s: &State, agent: AgentId, session: Session) -> bool {
        let queue = self.user_turn_queue(agent, session);
        // Lanes serialise turns per session: no user turn while a heartbeat runs there.
        self.config.bounds.user_turns
            && (self.router.mutated(Mutation::NoLaneSerialisation)
                || s.runs.iter().all(|r| r.queue != queue))
            && s.queued_in(queue)
                .any(|(_, e)| e.class == EventClass::Other)
    }

    fn user_turn(&self, s: &mut State, agent: AgentId, session: Session) {
        let queue = self.user_turn_queue(agent, session);
        for event in s.events.iter_mut() {
            if event.is_queued() && event.queue == queue && event.class == EventClass::Other {
                event.status = EventStatus::Consumed;
                event.show(agent);
            }
        }
        s.seen |= seen::USER_TURN_DRAINED;
    }

    // ---- Reap: the cron reaper deletes an agent's cron-run session (SPEC G4) ----

    fn reap_enabled(&self, s: &State, agent: AgentId) -> bool {
        self.config.faults.reaper
            && s.reaped & agent_bit(agent) == 0
            && s.events
                .iter()
                .any(|e| e.agent == agent && e.origin.is_cron_run())
    }

    fn reap(&self, s: &mut State, agent: AgentId) {
        s.reaped |= agent_bit(agent);
        s.seen |= seen::REAPED;
        if self.router.reaping_retires_queue() {
            for event in s.events.iter_mut().filter(|e| e.is_queued()) {
                if matches!(event.queue, Queue::Agent(a, SessionKind::CronRun | SessionKind::CronRunChild) if a == agent)
                {
                    event.status = EventStatus::Lost(Loss::Retired);
                }
            }
        }
    }

    // ---- Restart: in-memory queues, pending wakes and runs are gone (SPEC G1) ----

    fn restart(&self, s: &mut State) {
        for event in s.events.iter_mut().filter(|e| e.is_queued()) {
            event.status = EventStatus::Lost(Loss::Restart);
            s.seen |= seen::RESTART_LOST_EVENT;
        }
        s.pending.clear();
        s.runs.clear();
        for agent in self.agents().filter(|a| self.can_run(*a)) {
            s.guards[usize::from(agent)] = Guard::NeverRan;
        }
        s.restarts += 1;
    }

    // ---- what several effects share ----

    /// Adds a wake to the pending map, merging with the one already there for its target:
    /// equal priority, so the newer wake's kind wins (SPEC S2, S3).
    fn request_wake(&self, s: &mut State, new: PendingWake) {
        if self.router.mutated(Mutation::WakesKeyedByAgent) {
            // R1 removed: wakes are keyed by agent only, so the newer wake's target (its
            // session) replaces the pending one's.
            let agent = self.router.wake_agent(new.target);
            let same_agent = |p: &PendingWake| self.router.wake_agent(p.target) == agent;
            if let Some(i) = s.pending.iter().position(same_agent) {
                s.pending[i].target = new.target;
                s.pending.sort_by_key(|p| p.target);
            }
        }
        match s.pending.iter_mut().find(|p| p.target == new.target) {
            Some(p) => {
                p.kind = new.kind;
                p.inspects_exec = if self.router.merges_inspection() {
                    p.inspects_exec || new.inspects_exec
                } else {
                    new.inspects_exec
                };
                p.requested_by |= new.requested_by;
            }
            None => {
                let at = s.pending.partition_point(|p| p.target < new.target);
                s.pending.insert(at, new);
            }
        }
    }

    /// Starts a heartbeat run: resolve the session, peek its queue, inspect by wake kind.
    fn start_run(
        &self,
        s: &mut State,
        agent: AgentId,
        forced: Option<Session>,
        kind: WakeKind,
        inspects_exec: bool,
        wake: Option<PendingWake>,
    ) {
        let session = self.router.heartbeat_session(agent, forced);
        let queue = self.router.heartbeat_queue(agent, session);
        // R3: the wake's kind decides whether exec completions are inspected. Removed, every
        // run inspects as an interval tick does.
        let inspects_exec = inspects_exec && !self.router.mutated(Mutation::KindBlindInspection);
        // H11: an isolated run surfaces no generic event of the queue it peeks.
        let generic = !self.router.isolated_run_skips_generic_events(agent);
        let mut inspected: u32 = s
            .queued_in(queue)
            .filter(|(_, e)| {
                if e.class == EventClass::Other {
                    generic
                } else {
                    inspects_exec
                }
            })
            .fold(0, |set, (i, _)| set | 1 << i);
        if self.router.mutated(Mutation::InspectNewestOnly) && inspected != 0 {
            inspected = 1 << (31 - inspected.leading_zeros());
        }
        let requested_by = wake.map_or(0, |w| w.requested_by);
        let run = Run {
            agent,
            session,
            queue,
            kind,
            inspected,
            requested_by,
            wake,
        };
        let at = s.runs.partition_point(|r| r.agent < agent);
        s.runs.insert(at, run);
    }
}
