//! Partial-order reduction (SPEC D5): where it applies, the ample sets, and the checker's
//! plumbing that still lives in the model (coverage counters, the cancel flag).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::action::{Action, ActionKind};
use crate::config::AgentId;
use crate::model::RoutingModel;
use crate::state::Guard;
use crate::state::{AgentSet, Event, State, WakePhase, agent_bit};

/// Counts of generated transitions by action kind (TLC's `-coverage`), shared by checker threads.
#[derive(Debug, Default)]
pub struct Coverage {
    counts: [AtomicU64; ActionKind::ALL.len()],
}

impl Coverage {
    pub(crate) fn record(&self, kind: ActionKind) {
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

impl RoutingModel {
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
    pub(crate) fn agents_keep_to_themselves(&self) -> bool {
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

    /// A copy with its own coverage counters and cancel handle, for a new search.
    pub fn fresh(&self) -> RoutingModel {
        RoutingModel {
            coverage: Arc::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            ..self.clone()
        }
    }

    pub fn coverage(&self) -> Arc<Coverage> {
        Arc::clone(&self.coverage)
    }

    /// A handle that stops the search when set.
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }

    /// The horizon for one agent's environment steps. Under partial-order reduction each agent
    /// has its own (its last tick follows its own events), so that one agent's last tick does
    /// not disable another's enqueues: independent agents make that equivalent (SPEC D5).
    pub(crate) fn horizon_open_for(&self, s: &State, agent: AgentId) -> bool {
        if self.lock_por {
            s.closed & agent_bit(agent) == 0
        } else if self.por {
            !self.heartbeat(agent) || s.ticks_left[usize::from(agent)] >= 1
        } else {
            self.horizon_open(s)
        }
    }

    pub(crate) fn all_agents(&self) -> AgentSet {
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

    /// Appends an event. Under partial-order reduction events are kept agent by agent (each
    /// agent's in enqueue order), so that enqueues of different agents commute; the event sets
    /// that index events are shifted to match (SPEC D5).
    pub(crate) fn add_event(&self, s: &mut State, event: Event) {
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
}
