//! The stateright model: every interleaving of enqueue, wake and heartbeat drain.
//!
//! Read it like stateright's two-phase-commit example: [`RoutingModel::actions`] lists what may
//! happen next, [`RoutingModel::next_state`] says what it does, and the properties (in
//! `properties.rs`) say what must always, or sometimes, hold.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use stateright::{Model, Property};

use crate::action::{Action, ActionKind};
use crate::config::{AgentId, Config};
use crate::mutation::Mutation;
use crate::origin::OriginKind;
use crate::profile::Profile;
use crate::routing::{Queue, Router, Session, SessionKind, WakeTarget};
use crate::site::{EventClass, KeyPolicy, Site, SiteTable, WakeKind, WakePolicy};
use crate::site::{SiteExt, WakeSpecExt};
use crate::state::{
    AgentSet, Event, EventStatus, Guard, Loss, MAX_EVENTS, PendingWake, Run, State, WakePhase,
    agent_bit, seen,
};

/// Counts of generated transitions by action kind (TLC's `-coverage`), shared by checker threads.
#[derive(Debug, Default)]
pub struct Coverage {
    counts: [AtomicU64; ActionKind::ALL.len()],
}

impl Coverage {
    fn record(&self, kind: ActionKind) {
        self.counts[kind as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// `(kind, transitions)` for every action kind.
    pub fn snapshot(&self) -> Vec<(ActionKind, u64)> {
        ActionKind::ALL
            .iter()
            .map(|k| (*k, self.counts[*k as usize].load(Ordering::Relaxed)))
            .collect()
    }
}

/// The routing layer of one profile in one configuration, as a stateright [`Model`].
#[derive(Debug, Clone)]
pub struct RoutingModel {
    pub profile: Profile,
    pub config: Config,
    /// The sites that fire in this configuration, in the order `Action::Enqueue` indexes them.
    pub sites: Vec<Site>,
    router: Router,
    /// Per site: the origins it may fire from in this configuration.
    site_origins: Vec<Vec<OriginKind>>,
    /// Per agent: the sessions a user may send a turn in.
    user_sessions: Vec<Vec<Session>>,
    coverage: Arc<Coverage>,
    /// Partial-order reduction (SPEC D5), only where [`RoutingModel::agents_independent`].
    por: bool,
    /// Partial-order reduction around a gateway-wide run lock (SPEC D5 (e)), only where
    /// [`RoutingModel::agents_share_only_the_lock`].
    lock_por: bool,
    /// Retire finished agents (SPEC D5 (d)), asked for with partial-order reduction.
    retire: bool,
    /// Off only in the tests that compare the searches with and without retirement.
    may_retire: bool,
    /// Set to stop the search: every new state is then outside the boundary (budgets, Ctrl-C).
    cancel: Arc<AtomicBool>,
}

impl RoutingModel {
    /// Builds the model of `profile` in `config`, with the sites named by the configuration
    /// taken from `table`.
    pub fn new(
        profile: Profile,
        config: Config,
        table: &SiteTable,
    ) -> Result<RoutingModel, String> {
        config.validate()?;
        let sites = table.select(&config.sites)?;
        if sites.len() > crate::properties::MAX_SITES {
            return Err(format!(
                "{} sites in one configuration; the model checks at most {} at once",
                sites.len(),
                crate::properties::MAX_SITES
            ));
        }
        let bounds = config.bounds;
        let most_events = usize::from(config.agents)
            * usize::from(bounds.origins_per_agent)
            * usize::from(bounds.events_per_origin);
        if most_events > MAX_EVENTS {
            return Err(format!(
                "agents x origins per agent x events per origin = {most_events} events, more than the model's {MAX_EVENTS}"
            ));
        }
        let site_origins: Vec<Vec<OriginKind>> = sites
            .iter()
            .map(|s| {
                s.origins
                    .iter()
                    .copied()
                    .filter(|o| o.exists_under(config.scope))
                    .filter(|o| config.origins.is_empty() || config.origins.contains(o))
                    .collect()
            })
            .collect();
        if site_origins.iter().all(Vec::is_empty) {
            return Err(format!(
                "no site can fire: the origins {:?} do not exist under scope {} for sites {}",
                config.origins,
                config.scope.name(),
                config.sites.join(", ")
            ));
        }
        let router = Router::new(profile, &config);
        let user_sessions = (0..config.agents)
            .map(|a| {
                let mut kinds = vec![OriginKind::Main];
                for o in [OriginKind::Dm, OriginKind::Group] {
                    if site_origins.iter().any(|os| os.contains(&o)) {
                        kinds.push(o);
                    }
                }
                let mut sessions: Vec<Session> = kinds
                    .into_iter()
                    .map(|o| router.origin_session(a, o))
                    .collect();
                sessions.dedup();
                sessions
            })
            .collect();
        Ok(RoutingModel {
            profile,
            config,
            sites,
            router,
            site_origins,
            user_sessions,
            coverage: Arc::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            por: false,
            lock_por: false,
            retire: false,
            may_retire: true,
        })
    }

    /// The same model with partial-order reduction asked for (SPEC D5). The ample sets apply
    /// only where [`RoutingModel::agents_independent`] holds; retiring finished agents, part (d),
    /// wherever [`RoutingModel::agents_retire`] does. Otherwise this is the model unchanged.
    pub fn with_por(mut self, on: bool) -> RoutingModel {
        self.por = on && self.agents_independent();
        self.lock_por = on && self.agents_share_only_the_lock();
        self.retire = on && self.may_retire && self.agents_retire();
        self
    }

    /// The same model with finished agents kept as they are: partial-order reduction without
    /// part (d) of SPEC D5, for the tests that show retirement changes no property's value.
    pub fn without_retirement(mut self) -> RoutingModel {
        self.retire = false;
        self.may_retire = false;
        self
    }

    /// Is partial-order reduction in effect (either kind)?
    pub fn por(&self) -> bool {
        self.por || self.lock_por
    }

    /// Is it the kind for agents that share the run lock (SPEC D5 (e))?
    pub fn lock_por(&self) -> bool {
        self.lock_por
    }

    /// Are finished agents retired (SPEC D5 (d))?
    pub fn retires(&self) -> bool {
        self.retire
    }

    /// Are the agents independent processes (SPEC D5)? Each agent's events must land in queues it
    /// owns, its wakes must run only its own heartbeat, user turns must drain only its queues,
    /// heartbeats of different agents must run side by side (2026.9.6 on), and no fault may share
    /// a budget between agents. Then steps of different agents commute.
    pub fn agents_independent(&self) -> bool {
        let f = self.config.faults;
        self.router.concurrent_runs()
            && f.restarts == 0
            && f.handler_throws == 0
            && f.run_failures == 0
            && self.agents_keep_to_themselves()
    }

    /// Do the agents share nothing but the gateway-wide run lock (up to 2026.5.12, SPEC S6)?
    /// Then steps that do not take or free it (enqueues, user turns, reaps, time passing) of
    /// different agents commute, and SPEC D5 (e) applies.
    pub fn agents_share_only_the_lock(&self) -> bool {
        let f = self.config.faults;
        !self.router.concurrent_runs()
            && f.restarts == 0
            && f.handler_throws == 0
            && f.run_failures == 0
            && self.agents_keep_to_themselves()
    }

    /// Can a finished agent be retired (SPEC D5 (d))? When every agent keeps to its own queues
    /// and heartbeat and no restart can reach into a finished agent's part of the state. A
    /// gateway-wide run lock (up to 2026.5.12) does not matter: a finished agent holds no run
    /// and waits for no wake.
    pub fn agents_retire(&self) -> bool {
        self.config.faults.restarts == 0 && self.agents_keep_to_themselves()
    }

    /// Does each agent's every event land in a queue it owns, every wake of its run only its own
    /// heartbeat on its own queue, and every user turn and interval tick of it peek only its own
    /// queues?
    fn agents_keep_to_themselves(&self) -> bool {
        self.agents().all(|a| {
            let sites_ok = self
                .sites
                .iter()
                .zip(&self.site_origins)
                .all(|(site, origins)| {
                    origins.iter().all(|&o| {
                        let queue = self.site_queue(site, a, o);
                        let wake_ok = self.site_wake(site, a, o).is_none_or(|t| {
                            self.router.wake_agent(t) == Some(a)
                                && self
                                    .router
                                    .heartbeat_queue(a, self.router.heartbeat_session(a, t.session))
                                    .owner()
                                    == Some(a)
                        });
                        queue.owner() == Some(a) && wake_ok
                    })
                });
            let turns_ok = self.user_sessions[usize::from(a)]
                .iter()
                .all(|&s| self.user_turn_queue(a, s).owner() == Some(a));
            let ticks_ok = self
                .router
                .heartbeat_queue(a, self.router.heartbeat_session(a, None))
                .owner()
                == Some(a);
            sites_ok && turns_ok && ticks_ok
        })
    }

    /// The agent a step belongs to (for the ample sets of SPEC D5); `None` for gateway-wide steps.
    pub(crate) fn step_agent(&self, action: &Action) -> Option<AgentId> {
        match *action {
            Action::Enqueue { agent, .. }
            | Action::FinishRun { agent }
            | Action::FailRun { agent, .. }
            | Action::TimePasses { agent }
            | Action::IntervalTick { agent }
            | Action::UserTurn { agent, .. }
            | Action::Reap { agent } => Some(agent),
            Action::FireWake(t) | Action::HandlerThrows(t) => self.router.wake_agent(t),
            Action::EndEnvironment { agent } => Some(agent),
            Action::Restart => None,
        }
    }

    /// The initial states (stateright's `Model::init_states`, callable without the trait).
    pub fn initial_states(&self) -> Vec<State> {
        Model::init_states(self)
    }

    /// The steps enabled in `state`, in `Model::actions` order (also once a search was stopped).
    pub fn enabled_actions(&self, state: &State) -> Vec<Action> {
        let mut actions = Vec::new();
        self.push_enabled(state, &mut actions);
        actions
    }

    /// A copy with its own coverage counters and cancel handle, for a new search.
    pub fn fresh(&self) -> RoutingModel {
        RoutingModel {
            coverage: Arc::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            ..self.clone()
        }
    }

    pub fn router(&self) -> Router {
        self.router
    }

    pub fn coverage(&self) -> Arc<Coverage> {
        Arc::clone(&self.coverage)
    }

    /// A handle that stops the search when set.
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }

    pub(crate) fn heartbeat(&self, agent: AgentId) -> bool {
        self.config.heartbeats.enabled(agent)
    }

    fn agents(&self) -> impl Iterator<Item = AgentId> + use<> {
        0..self.config.agents
    }

    /// Environment actions (enqueues, user turns, reaps, restarts) happen before every
    /// heartbeat agent's last interval tick: that tick stands for "the periodic heartbeat keeps
    /// running after the last event" and keeps paths finite (SPEC A5).
    pub fn horizon_open(&self, s: &State) -> bool {
        self.agents()
            .filter(|a| self.heartbeat(*a))
            .all(|a| s.ticks_left[a as usize] >= 1)
    }

    /// The horizon for one agent's environment steps. Under partial-order reduction each agent
    /// has its own (its last tick follows its own events), so that one agent's last tick does
    /// not disable another's enqueues: independent agents make that equivalent (SPEC D5).
    fn horizon_open_for(&self, s: &State, agent: AgentId) -> bool {
        if self.lock_por {
            s.closed & agent_bit(agent) == 0
        } else if self.por {
            !self.heartbeat(agent) || s.ticks_left[usize::from(agent)] >= 1
        } else {
            self.horizon_open(s)
        }
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
        match agent {
            Some(a) if self.router.concurrent_runs() => s.run_of(a).is_some(),
            _ => !s.runs.is_empty(),
        }
    }

    fn can_enqueue(&self, s: &State, agent: AgentId, origin: OriginKind) -> bool {
        if s.events.len() >= MAX_EVENTS || s.retired.agents & agent_bit(agent) != 0 {
            return false;
        }
        if origin.is_cron_run() && s.reaped & agent_bit(agent) != 0 {
            return false;
        }
        let from_origin = s
            .events
            .iter()
            .filter(|e| e.agent == agent && e.origin == origin)
            .count();
        if from_origin >= usize::from(self.config.bounds.events_per_origin) {
            return false;
        }
        let mut origins: Vec<OriginKind> = s
            .events
            .iter()
            .filter(|e| e.agent == agent)
            .map(|e| e.origin)
            .collect();
        origins.push(origin);
        origins.sort();
        origins.dedup();
        origins.len() <= usize::from(self.config.bounds.origins_per_agent)
    }

    fn fire_enabled(&self, s: &State, p: &PendingWake) -> bool {
        let agent = self.router.wake_agent(p.target);
        match p.phase {
            WakePhase::Ready => true,
            WakePhase::Retrying => !self.busy(s, agent),
            WakePhase::Deferred => agent.is_none_or(|a| s.guards[a as usize] != Guard::Recent),
        }
    }

    /// The wake a site requests for an event from `origin` of `agent`, if any (SPEC W1 to W7).
    pub fn site_wake(&self, site: &Site, agent: AgentId, origin: OriginKind) -> Option<WakeTarget> {
        if site.wake.skipped(self.profile, origin) {
            return None;
        }
        if self.router.mutated(Mutation::UntargetedWakes) {
            return Some(WakeTarget::UNTARGETED);
        }
        // The reference's own wake policy where the table gives one (SPEC W10).
        Some(match site.wake_policy(self.profile) {
            WakePolicy::Scoped => self.router.scoped_wake(agent, origin),
            WakePolicy::SessionKey => self.router.session_key_wake(agent, origin),
            WakePolicy::AgentMain => self.router.agent_main_wake(agent),
            WakePolicy::None => unreachable!("skipped() is true for policy none"),
        })
    }

    /// The queue a site enqueues an event from `origin` of `agent` in (SPEC E1 to E6, Q1 to Q3).
    pub fn site_queue(&self, site: &Site, agent: AgentId, origin: OriginKind) -> Queue {
        // The reference's own key policy where the table gives one (SPEC E10).
        let session = match site.key_policy(self.profile) {
            KeyPolicy::EventRoute => self.router.event_session(agent, origin),
            KeyPolicy::Raw => self.router.origin_session(agent, origin),
            KeyPolicy::AgentMain => self.router.agent_main_session(agent),
        };
        self.router.queue_of(session, agent)
    }

    /// The agents whose heartbeat a wake runs: its agent, or every heartbeat agent.
    fn wake_agents(&self, target: WakeTarget) -> Vec<AgentId> {
        match self.router.wake_agent(target) {
            Some(a) => vec![a],
            None => self.agents().collect(),
        }
        .into_iter()
        .filter(|a| self.heartbeat(*a))
        .collect()
    }

    /// Does the heartbeat that `target` starts peek `queue` and inspect `class` (SPEC I7)?
    pub fn wake_drains(
        &self,
        target: Option<WakeTarget>,
        kind: WakeKind,
        queue: Queue,
        class: EventClass,
    ) -> bool {
        let Some(target) = target else { return false };
        let inspects = class == EventClass::Other || kind.inspects_exec();
        inspects
            && self.wake_agents(target).into_iter().any(|b| {
                let session = self.router.heartbeat_session(b, target.session);
                self.router.heartbeat_queue(b, session) == queue
            })
    }

    /// Adds a wake to the pending map, merging with the one already there for its target:
    /// equal priority, so the newer wake's kind wins (SPEC S2, S3).
    fn request_wake(&self, s: &mut State, new: PendingWake) {
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

    fn show(event: &mut Event, agent: AgentId) {
        event.shown_to |= agent_bit(agent);
        event.times_shown = (event.times_shown + 1).min(2);
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
        let mut inspected: u32 = s
            .queued_in(queue)
            .filter(|(_, e)| e.class == EventClass::Other || inspects_exec)
            .fold(0, |set, (i, _)| set | 1 << i);
        if self.router.mutated(Mutation::InspectNewestOnly) && inspected != 0 {
            inspected = 1 << (31 - inspected.leading_zeros());
        }
        let run = Run {
            agent,
            session,
            queue,
            kind,
            inspected,
            requested_by: wake.map_or(0, |w| w.requested_by),
            wake,
        };
        let at = s.runs.partition_point(|r| r.agent < agent);
        s.runs.insert(at, run);
    }

    fn enqueue(
        &self,
        s: &mut State,
        site_index: u8,
        agent: AgentId,
        origin: OriginKind,
        class: EventClass,
    ) {
        let site = &self.sites[usize::from(site_index)];
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
            event.status = EventStatus::Undeliverable;
            self.add_event(s, event);
            return;
        }
        self.add_event(s, event);
        let cap = usize::from(self.config.faults.queue_cap);
        if s.queued_in(queue).count() > cap {
            let (oldest, _) = s
                .queued_in(queue)
                .next()
                .expect("the queue is over its cap");
            s.events[oldest].status = EventStatus::Lost(Loss::Cap);
            s.seen |= seen::CAP_DROPPED;
            if self.router.reports_cap_drops() {
                s.reported |= 1 << oldest;
            }
        }
        if let Some(target) = target {
            self.request_wake(
                s,
                PendingWake {
                    target,
                    kind,
                    inspects_exec: kind.inspects_exec(),
                    requested_by: agent_bit(agent),
                    phase: WakePhase::Ready,
                },
            );
        }
    }

    /// Appends an event. Under partial-order reduction events are kept agent by agent (each
    /// agent's in enqueue order), so that enqueues of different agents commute; the event sets
    /// that index events are shifted to match (SPEC D5).
    fn add_event(&self, s: &mut State, event: Event) {
        if !self.por() {
            s.events.push(event);
            return;
        }
        let at = s.events.iter().filter(|e| e.agent <= event.agent).count();
        let shift = |set: u32| (set & ((1u32 << at) - 1)) | ((set >> at) << (at + 1));
        for r in &mut s.runs {
            r.inspected = shift(r.inspected);
        }
        s.reported = shift(s.reported);
        s.events.insert(at, event);
    }

    fn fire_wake(&self, s: &mut State, target: WakeTarget) {
        let index = s
            .pending
            .iter()
            .position(|p| p.target == target)
            .expect("fire-wake is only offered for a pending target");
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
                let fanned = PendingWake {
                    target: WakeTarget {
                        agent: Some(b),
                        session: None,
                    },
                    phase: WakePhase::Ready,
                    ..p
                };
                self.request_wake(s, fanned);
            }
            return;
        };
        if !self.heartbeat(agent) {
            return; // skipped `disabled`: dropped in every profile.
        }
        if s.guards[usize::from(agent)] == Guard::Recent {
            // not-due / min-spacing: 2026.5.12 drops the wake, 2026.8 on retries it later.
            s.seen |= seen::WAKE_DEFERRED;
            if self.router.retains_guarded_wakes() {
                let at = s.pending.partition_point(|q| q.target < target);
                s.pending.insert(
                    at,
                    PendingWake {
                        phase: WakePhase::Deferred,
                        ..p
                    },
                );
            }
            return;
        }
        let wake = PendingWake {
            phase: WakePhase::Ready,
            ..p
        };
        self.start_run(
            s,
            agent,
            target.session,
            p.kind,
            p.inspects_exec,
            Some(wake),
        );
    }

    fn finish_run(&self, s: &mut State, agent: AgentId) {
        let index = s
            .runs
            .iter()
            .position(|r| r.agent == agent)
            .expect("a run in flight");
        let run = s.runs.remove(index);
        let drain_all = self.router.mutated(Mutation::DrainAllOnConsume);
        for (i, event) in s.events.iter_mut().enumerate() {
            let inspected = run.inspected & (1 << i) != 0;
            if inspected {
                // The reply included it, whoever consumed it meanwhile.
                Self::show(event, agent);
            }
            if (inspected || (drain_all && event.queue == run.queue)) && event.is_queued() {
                event.status = EventStatus::Consumed;
            }
        }
        s.guards[usize::from(agent)] = Guard::Recent;
    }

    fn fail_run(&self, s: &mut State, agent: AgentId, replied: bool) {
        let index = s
            .runs
            .iter()
            .position(|r| r.agent == agent)
            .expect("a run in flight");
        let run = s.runs.remove(index);
        if replied {
            // The reply went out: the events were surfaced. Upstream consumes them only when
            // the run finishes, so they are surfaced again; the reference consumes them with
            // the reply (SPEC R13).
            let consume = self.router.consumes_on_reply();
            for (i, event) in s.events.iter_mut().enumerate() {
                if run.inspected & (1 << i) != 0 && event.is_queued() {
                    Self::show(event, agent);
                    if consume {
                        event.status = EventStatus::Consumed;
                    }
                }
            }
        }
        let wake = run.wake.expect("only wake-started runs can fail");
        self.request_wake(
            s,
            PendingWake {
                phase: WakePhase::Retrying,
                ..wake
            },
        );
        s.failures += 1;
        s.seen |= seen::RUN_FAILED;
    }

    /// The origins the configuration's sites fire from, each once, in [`OriginKind::ALL`] order.
    pub fn effective_origins(&self) -> Vec<OriginKind> {
        OriginKind::ALL
            .into_iter()
            .filter(|o| self.site_origins.iter().any(|os| os.contains(o)))
            .collect()
    }

    /// Can some user turn drain some site's event? Only then is the `user-turn-drained`
    /// witness meaningful (an event in a cron-run queue is never in a user's session).
    pub fn user_turns_can_drain(&self) -> bool {
        self.config.bounds.user_turns
            && self
                .sites
                .iter()
                .zip(&self.site_origins)
                .any(|(site, origins)| {
                    site.classes().any(|c| c == EventClass::Other)
                        && origins.iter().any(|&o| {
                            let q = self.site_queue(site, 0, o);
                            self.user_sessions[0]
                                .iter()
                                .any(|&s| self.user_turn_queue(0, s) == q)
                        })
                })
    }

    /// Is the default agent distinguishable from the others? It is when only it runs a
    /// heartbeat, or when a wake can carry the bare `global` key without an agent id (up to
    /// 2026.5.12 such a wake runs agent `main`). Otherwise every agent is interchangeable.
    pub fn default_agent_is_special(&self) -> bool {
        if self.config.heartbeats == crate::config::Heartbeats::DefaultOnly {
            return true;
        }
        self.sites
            .iter()
            .zip(&self.site_origins)
            .any(|(site, origins)| {
                origins.iter().any(|&o| {
                    self.site_wake(site, 1.min(self.config.agents - 1), o)
                        .is_some_and(|t| t.agent.is_none() && t.session == Some(Session::Global))
                })
            })
    }

    fn user_turn_queue(&self, agent: AgentId, session: Session) -> Queue {
        self.router.queue_of(session, agent)
    }

    fn user_turn_enabled(&self, s: &State, agent: AgentId, session: Session) -> bool {
        let queue = self.user_turn_queue(agent, session);
        // Lanes serialise turns per session: no user turn while a heartbeat runs there.
        (self.router.mutated(Mutation::NoLaneSerialisation)
            || s.runs.iter().all(|r| r.queue != queue))
            && s.queued_in(queue)
                .any(|(_, e)| e.class == EventClass::Other)
    }

    fn tick_enabled(&self, s: &State, agent: AgentId) -> bool {
        let a = usize::from(agent);
        self.heartbeat(agent)
            && s.guards[a] == Guard::Due
            && s.ticks_left[a] > 0
            && !self.busy(s, Some(agent))
            && (!self.lock_por || s.ticks_left[a] > 1 || s.closed == self.all_agents())
    }

    fn all_agents(&self) -> AgentSet {
        self.agents().fold(0, |set, a| set | agent_bit(a))
    }

    /// Is `agent` waiting for the run lock (SPEC D5 (e)): a wake re-queued behind a busy
    /// handler, or an interval due? Another agent's step (freeing the lock) may then enable a
    /// step of it.
    fn waits_for_the_lock(&self, s: &State, agent: AgentId) -> bool {
        let a = usize::from(agent);
        s.pending.iter().any(|p| {
            p.phase == WakePhase::Retrying && self.router.wake_agent(p.target) == Some(agent)
        }) || (self.heartbeat(agent) && s.guards[a] == Guard::Due && s.ticks_left[a] > 0)
    }

    fn reap_enabled(&self, s: &State, agent: AgentId) -> bool {
        self.config.faults.reaper
            && s.reaped & agent_bit(agent) == 0
            && s.events
                .iter()
                .any(|e| e.agent == agent && e.origin.is_cron_run())
    }

    /// Every step enabled in `s`, in a fixed order (stored paths are action indices, so the
    /// order is part of a trace's meaning). [`Model::actions`] is this, except in a search
    /// its budget has stopped.
    pub(crate) fn push_enabled(&self, s: &State, actions: &mut Vec<Action>) {
        self.push_every_enabled(s, actions);
        if self.lock_por {
            // The ample set around the run lock: the steps of the first agent whose enabled
            // steps all leave the lock alone and that does not wait for it. Other agents'
            // steps cannot enable, disable or change those (SPEC D5 (e)).
            let first = self.agents().find(|&a| {
                let mut mine = actions.iter().filter(|x| self.step_agent(x) == Some(a));
                mine.clone().next().is_some()
                    && mine.all(|x| x.leaves_the_lock_alone())
                    && !self.waits_for_the_lock(s, a)
            });
            if let Some(first) = first {
                actions.retain(|a| self.step_agent(a) == Some(first));
            }
        }
        if self.por {
            // The ample set: the enabled steps of one agent. No other agent's step can enable,
            // disable or change them, so exploring them alone keeps every terminal state.
            if let Some(first) = actions.iter().filter_map(|a| self.step_agent(a)).min() {
                actions.retain(|a| self.step_agent(a) == Some(first));
            }
        }
    }

    /// Every step enabled in `s`, before partial-order reduction picks its ample set.
    pub(crate) fn push_every_enabled(&self, s: &State, actions: &mut Vec<Action>) {
        let open = self.horizon_open(s);
        let faults = self.config.faults;
        {
            for (site_index, site) in self.sites.iter().enumerate() {
                for agent in self.agents().filter(|a| self.horizon_open_for(s, *a)) {
                    for &origin in &self.site_origins[site_index] {
                        if self.can_enqueue(s, agent, origin) {
                            for class in site.classes() {
                                actions.push(Action::Enqueue {
                                    site: site_index as u8,
                                    agent,
                                    origin,
                                    class,
                                });
                            }
                        }
                    }
                }
            }
        }
        for p in &s.pending {
            if self.fire_enabled(s, p) {
                actions.push(Action::FireWake(p.target));
                if s.throws < faults.handler_throws {
                    actions.push(Action::HandlerThrows(p.target));
                }
            }
        }
        for r in &s.runs {
            actions.push(Action::FinishRun { agent: r.agent });
            if s.failures < faults.run_failures && r.wake.is_some() {
                actions.push(Action::FailRun {
                    agent: r.agent,
                    replied: false,
                });
                actions.push(Action::FailRun {
                    agent: r.agent,
                    replied: true,
                });
            }
        }
        for agent in self.agents().filter(|a| self.heartbeat(*a)) {
            let a = usize::from(agent);
            let time_matters = match s.guards[a] {
                Guard::Recent => true,
                Guard::NeverRan => s.ticks_left[a] > 0,
                Guard::Due => false,
            };
            if time_matters {
                actions.push(Action::TimePasses { agent });
            }
            if self.tick_enabled(s, agent) {
                actions.push(Action::IntervalTick { agent });
            }
        }
        {
            if self.config.bounds.user_turns {
                for agent in self.agents().filter(|a| self.horizon_open_for(s, *a)) {
                    for &session in &self.user_sessions[usize::from(agent)] {
                        if self.user_turn_enabled(s, agent, session) {
                            actions.push(Action::UserTurn { agent, session });
                        }
                    }
                }
            }
            for agent in self.agents().filter(|a| self.horizon_open_for(s, *a)) {
                if self.reap_enabled(s, agent) {
                    actions.push(Action::Reap { agent });
                }
            }
            if open && s.restarts < faults.restarts {
                actions.push(Action::Restart);
            }
            if self.lock_por {
                for agent in self.agents().filter(|a| s.closed & agent_bit(*a) == 0) {
                    actions.push(Action::EndEnvironment { agent });
                }
            }
        }
    }
}

impl Model for RoutingModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        // Each heartbeat agent either never ran or ran recently: the gateway may have been up
        // for a while before the first event (SPEC A4).
        let agents = usize::from(self.config.agents);
        let ticks = self.config.bounds.interval_ticks;
        let heartbeat_agents: Vec<usize> =
            (0..agents).filter(|a| self.heartbeat(*a as u8)).collect();
        (0..1u32 << heartbeat_agents.len())
            .map(|mask| {
                let mut guards = vec![Guard::NeverRan; agents];
                let mut ticks_left = vec![0; agents];
                for (bit, a) in heartbeat_agents.iter().enumerate() {
                    if mask & (1 << bit) != 0 {
                        guards[*a] = Guard::Recent;
                    }
                    ticks_left[*a] = ticks;
                }
                State {
                    events: Vec::new(),
                    pending: Vec::new(),
                    runs: Vec::new(),
                    guards,
                    ticks_left,
                    reaped: 0,
                    restarts: 0,
                    throws: 0,
                    failures: 0,
                    seen: 0,
                    reported: 0,
                    retired: Default::default(),
                    closed: 0,
                }
            })
            .collect()
    }

    fn actions(&self, s: &State, actions: &mut Vec<Action>) {
        // A search stopped by its budget (SPEC D1) still drains stateright's pending queue;
        // with no successors that drain costs only the property checks of what is queued, not
        // every successor (the boundary alone left a breadth-first search running three times
        // past its --timeout). Properties that need the enabled steps (M1) use push_enabled.
        if self.cancel.load(Ordering::Relaxed) {
            return;
        }
        self.push_enabled(s, actions);
    }

    fn next_state(&self, last: &State, action: Action) -> Option<State> {
        self.coverage.record(action.kind());
        let mut s = last.clone();
        match action {
            Action::Enqueue {
                site,
                agent,
                origin,
                class,
            } => self.enqueue(&mut s, site, agent, origin, class),
            Action::FireWake(target) => self.fire_wake(&mut s, target),
            Action::HandlerThrows(target) => {
                let p = s.pending.iter_mut().find(|p| p.target == target)?;
                p.phase = WakePhase::Retrying;
                s.throws += 1;
                s.seen |= seen::WAKE_RETRIED | seen::HANDLER_THREW;
            }
            Action::FinishRun { agent } => self.finish_run(&mut s, agent),
            Action::FailRun { agent, replied } => self.fail_run(&mut s, agent, replied),
            Action::TimePasses { agent } => s.guards[usize::from(agent)] = Guard::Due,
            Action::IntervalTick { agent } => {
                s.ticks_left[usize::from(agent)] -= 1;
                s.seen |= seen::INTERVAL_RAN;
                self.start_run(&mut s, agent, None, WakeKind::Interval, false, None);
            }
            Action::UserTurn { agent, session } => {
                let queue = self.user_turn_queue(agent, session);
                for event in s.events.iter_mut() {
                    if event.is_queued() && event.queue == queue && event.class == EventClass::Other
                    {
                        event.status = EventStatus::Consumed;
                        Self::show(event, agent);
                    }
                }
                s.seen |= seen::USER_TURN_DRAINED;
            }
            Action::Reap { agent } => {
                s.reaped |= agent_bit(agent);
                s.seen |= seen::REAPED;
                if self.router.reaping_retires_queue() {
                    for event in s.events.iter_mut() {
                        let retired = matches!(
                            event.queue,
                            Queue::Agent(a, SessionKind::CronRun | SessionKind::CronRunChild) if a == agent
                        );
                        if retired && event.is_queued() {
                            event.status = EventStatus::Lost(Loss::Retired);
                        }
                    }
                }
            }
            Action::EndEnvironment { agent } => s.closed |= agent_bit(agent),
            Action::Restart => {
                for event in s.events.iter_mut().filter(|e| e.is_queued()) {
                    event.status = EventStatus::Lost(Loss::Restart);
                    s.seen |= seen::RESTART_LOST_EVENT;
                }
                s.pending.clear();
                s.runs.clear();
                for agent in self.agents().filter(|a| self.heartbeat(*a)) {
                    s.guards[usize::from(agent)] = Guard::NeverRan;
                }
                s.restarts += 1;
            }
        }
        if self.por() {
            crate::properties::remember_passing_violations(self, &mut s);
        }
        if self.retire {
            self.retire_finished_agents(&mut s);
        }
        Some(s)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        crate::properties::properties(self)
    }

    fn within_boundary(&self, _state: &State) -> bool {
        !self.cancel.load(Ordering::Relaxed)
    }

    fn format_action(&self, action: &Action) -> String {
        crate::display::action(self, action)
    }

    fn format_step(&self, last: &State, action: Action) -> Option<String> {
        self.next_state(last, action)
            .map(|next| crate::display::state(self, &next))
    }

    fn as_svg(&self, path: stateright::Path<State, Action>) -> Option<String> {
        Some(crate::explorer_view::svg(self, &path))
    }
}
