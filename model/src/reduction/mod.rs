//! The reduced search (SPEC D5): the plain model of `spec/model.rs`, wrapped.
//!
//! Partial-order reduction explores, in each state, only an ample set of the enabled steps. To
//! keep every verdict it needs more than the plain model has, and all of it is here:
//!
//! - (a) events kept agent by agent, so that enqueues of different agents commute
//!   ([`ReducedModel::next_state`] reorders them after each step);
//! - (b) each agent's own horizon (A5) instead of the gateway's;
//! - (c) the invariants whose violation is a passing condition, remembered once broken
//!   ([`ReducedState::remembered`]);
//! - (d) finished agents retired into a summary ([`ReducedState::retired`], `retirement.rs`);
//! - (e) around a shared run lock, the horizon as a step of each agent
//!   ([`ReducedAction::EndEnvironment`], [`ReducedState::closed`]).
//!
//! Its properties are the plain model's, lifted once (`lift.rs`). Where no part applies, the
//! checker searches the plain model itself.

mod lift;
mod retirement;
pub mod symmetry;

use serde::{Deserialize, Serialize};
use stateright::{Model, Property};

use crate::config::AgentId;
use crate::reduction::symmetry::{Symmetric, permute_set};
use crate::spec::action::{Action, ActionKind};
use crate::spec::setup::RoutingModel;
use crate::spec::state::{AgentSet, EventSet, Guard, State, WakePhase, agent_bit};

pub use lift::LiftedProperty;
// Public for the tests only (model/tests/model/unit_reduction_retirement.rs).
#[doc(hidden)]
pub use retirement::close_gaps;

/// The plain model with partial-order reduction where it applies (SPEC D5).
#[derive(Debug, Clone)]
pub struct ReducedModel {
    pub plain: RoutingModel,
    /// Ample sets of one agent's steps, where [`agents_independent`].
    por: bool,
    /// Ample sets around a gateway-wide run lock (e), where [`agents_share_only_the_lock`].
    lock_por: bool,
    /// Retire finished agents (d), where [`agents_retire`].
    retire: bool,
    lifted: Vec<LiftedProperty>,
}

/// A state of the reduced search: the plain state and the ghosts the reduction needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReducedState {
    pub state: State,
    /// (c) Invariants (by index into `properties::INVARIANTS`) broken on the path: I3, I6 and
    /// I8, so that a violation also shows in the terminal states, which are all the reduced
    /// search promises to reach.
    pub remembered: u16,
    /// (d) What the retired agents leave behind.
    pub retired: Retired,
    /// (e) Agents whose environment has ended.
    pub closed: AgentSet,
}

/// What the retired agents leave behind: only what the properties can still see of them.
/// Every field's default is "nothing", so a state with no retired agent has the default.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Retired {
    /// The retired agents. They take no more steps; their events are gone from the state.
    pub agents: AgentSet,
    /// Invariants (by index into `properties::INVARIANTS`) their events break.
    pub broken: u16,
    /// Some of their events is still queued (SPEC I1, once the whole gateway is quiescent).
    pub queued: bool,
    /// They enqueued something (X1).
    pub had_events: bool,
    /// Some of their events was never surfaced (X1).
    pub unsurfaced: bool,
    /// The sites (by index) that enqueued one of their events (X12).
    pub sites_enqueued: u8,
    /// The sites (by index) one of whose events was surfaced to them (X6).
    pub sites_surfaced: u8,
}

/// A step of the reduced search: a step of the plain model, or the end of an agent's
/// environment (e): after it the agent enqueues, turns and reaps no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReducedAction {
    Step(Action),
    EndEnvironment { agent: AgentId },
}

/// The kinds of [`ReducedAction`], for coverage statistics (named as in reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    Action(ActionKind),
    EndEnvironment,
}

impl ReducedModel {
    /// The plain model with partial-order reduction asked for (`on`): each part wherever its
    /// condition holds; otherwise the plain model unchanged.
    pub fn new(plain: RoutingModel, on: bool) -> ReducedModel {
        let mut reduced = ReducedModel {
            por: on && agents_independent(&plain),
            lock_por: on && agents_share_only_the_lock(&plain),
            retire: on && agents_retire(&plain),
            lifted: Vec::new(),
            plain,
        };
        reduced.lifted = lift::lift(&reduced.plain);
        reduced
    }

    /// The same search with finished agents kept as they are: partial-order reduction without
    /// part (d), for the tests that show retirement changes no property's value.
    pub fn without_retirement(mut self) -> ReducedModel {
        self.retire = false;
        self
    }

    /// Does any part of the reduction apply? If not, the plain model is the search.
    pub fn reduces(&self) -> bool {
        self.por || self.lock_por || self.retire
    }

    /// Are ample sets in effect (either kind)?
    pub fn por(&self) -> bool {
        self.por || self.lock_por
    }

    /// Is it the kind for agents that share the run lock (e)?
    pub fn lock_por(&self) -> bool {
        self.lock_por
    }

    /// Are finished agents retired (d)?
    pub fn retires(&self) -> bool {
        self.retire
    }

    /// `state` with no ghost set.
    pub fn reduced(&self, state: State) -> ReducedState {
        ReducedState {
            state,
            remembered: 0,
            retired: Retired::default(),
            closed: 0,
        }
    }

    /// The steps of the reduced search in `s`: its ample set.
    pub fn enabled_steps(&self, s: &ReducedState) -> Vec<ReducedAction> {
        let mut actions = Vec::new();
        self.push_ample(s, &mut actions);
        actions
    }

    /// The properties, lifted.
    pub fn lifted(&self) -> &[LiftedProperty] {
        &self.lifted
    }

    /// Every step enabled in `s`, before an ample set is picked: the plain model's steps
    /// under each agent's own horizon (b, e), then the ends of environments (e).
    fn push_every_enabled(&self, s: &ReducedState, actions: &mut Vec<ReducedAction>) {
        self.plain.with_candidates(&s.state, |candidates| {
            let enabled = candidates.iter().filter(|a| self.step_enabled(s, a));
            actions.extend(enabled.map(|a| ReducedAction::Step(*a)));
        });
        if self.lock_por {
            let open = self
                .plain
                .agents()
                .filter(|a| s.closed & agent_bit(*a) == 0);
            actions.extend(open.map(|agent| ReducedAction::EndEnvironment { agent }));
        }
    }

    /// Is the plain step `a` enabled in the reduced search? Environment steps of an agent
    /// before its own horizon (b, e) and never once it is retired (d); its last interval tick
    /// only after every environment has ended (e); every other step as in the plain model.
    fn step_enabled(&self, s: &ReducedState, a: &Action) -> bool {
        match *a {
            Action::Enqueue { agent, .. }
            | Action::UserTurn { agent, .. }
            | Action::Reap { agent } => {
                self.horizon_open_for(s, agent)
                    && s.retired.agents & agent_bit(agent) == 0
                    && self.plain.precondition(&s.state, a)
            }
            Action::IntervalTick { agent } => {
                self.plain.enabled(&s.state, a)
                    && (!self.lock_por
                        || s.state.ticks_left[usize::from(agent)] > 1
                        || s.closed == self.all_agents())
            }
            _ => self.plain.enabled(&s.state, a),
        }
    }

    /// The horizon for one agent's environment steps (b): under ample sets of independent
    /// agents its own last tick, around the run lock its own `end-environment` (e), and the
    /// gateway's (A5) otherwise.
    fn horizon_open_for(&self, s: &ReducedState, agent: AgentId) -> bool {
        if self.lock_por {
            s.closed & agent_bit(agent) == 0
        } else if self.por {
            !self.plain.heartbeat(agent) || s.state.ticks_left[usize::from(agent)] >= 1
        } else {
            self.plain.horizon_open(&s.state)
        }
    }

    fn all_agents(&self) -> AgentSet {
        self.plain.agents().fold(0, |set, a| set | agent_bit(a))
    }

    /// The agent a step belongs to; `None` for gateway-wide steps.
    fn step_agent(&self, action: &ReducedAction) -> Option<AgentId> {
        match *action {
            ReducedAction::Step(a) => match a {
                Action::Enqueue { agent, .. }
                | Action::FinishRun { agent }
                | Action::FailRun { agent, .. }
                | Action::TimePasses { agent }
                | Action::IntervalTick { agent }
                | Action::UserTurn { agent, .. }
                | Action::Reap { agent } => Some(agent),
                Action::FireWake(t) | Action::HandlerThrows(t) => self.plain.router().wake_agent(t),
                Action::Restart => None,
            },
            ReducedAction::EndEnvironment { agent } => Some(agent),
        }
    }

    /// Is `agent` waiting for the run lock (e): a wake re-queued behind a busy handler, or an
    /// interval due? Another agent's step (freeing the lock) may then enable a step of it.
    fn waits_for_the_lock(&self, s: &State, agent: AgentId) -> bool {
        let a = usize::from(agent);
        let router = self.plain.router();
        s.pending
            .iter()
            .any(|p| p.phase == WakePhase::Retrying && router.wake_agent(p.target) == Some(agent))
            || (self.plain.heartbeat(agent) && s.guards[a] == Guard::Due && s.ticks_left[a] > 0)
    }

    /// The ample set: every enabled step, narrowed to one agent's where that keeps every
    /// terminal state.
    fn push_ample(&self, s: &ReducedState, actions: &mut Vec<ReducedAction>) {
        self.push_every_enabled(s, actions);
        if self.lock_por {
            // The steps of the first agent whose enabled steps all leave the lock alone and
            // that does not wait for it. Other agents' steps cannot enable, disable or change
            // those (e).
            let first = self.plain.agents().find(|&a| {
                let mut mine = actions.iter().filter(|x| self.step_agent(x) == Some(a));
                mine.clone().next().is_some()
                    && mine.all(|x| x.leaves_the_lock_alone())
                    && !self.waits_for_the_lock(&s.state, a)
            });
            if let Some(first) = first {
                actions.retain(|a| self.step_agent(a) == Some(first));
            }
        }
        if self.por {
            // The enabled steps of one agent. No other agent's step can enable, disable or
            // change them, so exploring them alone keeps every terminal state.
            if let Some(first) = actions.iter().filter_map(|a| self.step_agent(a)).min() {
                actions.retain(|a| self.step_agent(a) == Some(first));
            }
        }
    }

    /// (c) Remembers the invariants whose violation is a passing condition, once broken.
    fn remember_passing_violations(&self, s: &mut ReducedState) {
        for &bit in &lift::REMEMBERED {
            if !self.lifted[bit].condition(self, s) {
                s.remembered |= 1 << bit;
            }
        }
    }
}

impl Model for ReducedModel {
    type State = ReducedState;
    type Action = ReducedAction;

    fn init_states(&self) -> Vec<ReducedState> {
        let init = self.plain.initial_states();
        init.into_iter().map(|s| self.reduced(s)).collect()
    }

    fn actions(&self, s: &ReducedState, actions: &mut Vec<ReducedAction>) {
        self.push_ample(s, actions);
    }

    fn next_state(&self, last: &ReducedState, action: ReducedAction) -> Option<ReducedState> {
        let mut next = last.clone();
        match action {
            ReducedAction::Step(a) => {
                next.state = self.plain.next_state(&last.state, a)?;
                if self.por() {
                    keep_events_by_agent(&mut next.state);
                }
            }
            ReducedAction::EndEnvironment { agent } => next.closed |= agent_bit(agent),
        }
        if self.por() {
            self.remember_passing_violations(&mut next);
        }
        if self.retire {
            self.retire_finished_agents(&mut next);
        }
        Some(next)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        crate::lift::properties(self.lifted.iter().map(|p| p.entry()))
    }
}

impl crate::lift::PropertyTable for ReducedModel {
    fn holds(&self, index: usize, state: &ReducedState) -> bool {
        self.lifted[index].condition(self, state)
    }
}

impl ReducedAction {
    /// Does the step neither take nor free the run lock? Wakes firing, interval ticks and runs
    /// finishing or failing do (up to 2026.5.12 one run at a time in the gateway); the
    /// environment's steps and time passing do not (e).
    pub const fn leaves_the_lock_alone(&self) -> bool {
        matches!(
            self,
            ReducedAction::Step(
                Action::Enqueue { .. }
                    | Action::UserTurn { .. }
                    | Action::Reap { .. }
                    | Action::TimePasses { .. }
            ) | ReducedAction::EndEnvironment { .. }
        )
    }

    pub const fn kind(&self) -> StepKind {
        match self {
            ReducedAction::Step(a) => StepKind::Action(a.kind()),
            ReducedAction::EndEnvironment { .. } => StepKind::EndEnvironment,
        }
    }
}

/// (a) Events agent by agent, each agent's in enqueue order: a stable sort by agent, with the
/// event sets that index events renumbered to match. Only an enqueue adds an event, at the
/// end, so this moves at most that one.
fn keep_events_by_agent(s: &mut State) {
    if s.events.is_sorted_by_key(|e| e.agent) {
        return;
    }
    let mut order: Vec<usize> = (0..s.events.len()).collect();
    order.sort_by_key(|&i| s.events[i].agent);
    let renumber = |set: EventSet| {
        order
            .iter()
            .enumerate()
            .filter(|(_, from)| set & (1 << **from) != 0)
            .fold(0, |out, (to, _)| out | 1 << to)
    };
    for r in &mut s.runs {
        r.inspected = renumber(r.inspected);
    }
    s.reported = renumber(s.reported);
    s.events = order.iter().map(|&i| s.events[i]).collect();
}

impl StepKind {
    pub const ALL: [StepKind; 11] = [
        StepKind::Action(ActionKind::Enqueue),
        StepKind::Action(ActionKind::FireWake),
        StepKind::Action(ActionKind::HandlerThrows),
        StepKind::Action(ActionKind::FinishRun),
        StepKind::Action(ActionKind::FailRun),
        StepKind::Action(ActionKind::TimePasses),
        StepKind::Action(ActionKind::IntervalTick),
        StepKind::Action(ActionKind::UserTurn),
        StepKind::Action(ActionKind::Reap),
        StepKind::Action(ActionKind::Restart),
        StepKind::EndEnvironment,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            StepKind::Action(k) => k.name(),
            StepKind::EndEnvironment => "end-environment",
        }
    }

    /// Its place in [`StepKind::ALL`].
    pub fn index(self) -> usize {
        StepKind::ALL
            .iter()
            .position(|k| *k == self)
            .expect("listed")
    }
}

impl From<ActionKind> for StepKind {
    fn from(kind: ActionKind) -> StepKind {
        StepKind::Action(kind)
    }
}

impl Serialize for StepKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for StepKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<StepKind, D::Error> {
        let name = String::deserialize(deserializer)?;
        StepKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown step kind `{name}`")))
    }
}

impl ReducedState {
    /// The remembered invariants as the flags of `seen` they once were (I3, I6, I8 above every
    /// flag of `seen`), for [`Ord`].
    fn remembered_rank(&self) -> u8 {
        lift::REMEMBERED
            .iter()
            .enumerate()
            .filter(|(_, bit)| self.remembered & (1 << **bit) != 0)
            .fold(0, |rank, (i, _)| rank | 1 << i)
    }
}

/// The order of states, by which symmetry keeps the least image (D2): the plain state's
/// fields in order, the remembered invariants ranked just above `seen`, then the retired
/// agents' summary and the closed agents. It is the order these states had when the ghosts
/// were fields of the plain state, and which representative the search keeps, so how many
/// states it counts, depends on it (`model/tests/model/model_state_counts.rs`).
impl Ord for ReducedState {
    fn cmp(&self, other: &ReducedState) -> std::cmp::Ordering {
        key(self).cmp(&key(other))
    }
}

fn key(r: &ReducedState) -> impl Ord + '_ {
    let s = &r.state;
    (
        (&s.events, &s.pending, &s.runs, &s.guards, &s.ticks_left),
        (s.reaped, s.restarts, s.throws, s.failures),
        (r.remembered_rank(), s.seen, s.reported, r.retired, r.closed),
    )
}

impl PartialOrd for ReducedState {
    fn partial_cmp(&self, other: &ReducedState) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Symmetric for ReducedState {
    fn agent_count(&self) -> usize {
        self.state.agent_count()
    }

    fn signature(&self, agent: AgentId) -> u64 {
        let bit = agent_bit(agent);
        let marks = (self.retired.agents & bit != 0, self.closed & bit != 0);
        crate::reduction::symmetry::signature(&self.state, agent, marks)
    }

    fn permute(&self, p: &[AgentId]) -> ReducedState {
        ReducedState {
            state: self.state.permute(p),
            remembered: self.remembered,
            retired: Retired {
                agents: permute_set(p, self.retired.agents),
                ..self.retired
            },
            closed: permute_set(p, self.closed),
        }
    }
}

/// Are the agents independent processes (D5)? Each agent's events must land in queues it owns,
/// its wakes must run only its own heartbeat, user turns must drain only its queues, heartbeats
/// of different agents must run side by side (2026.9.6 on), and no fault may share a budget
/// between agents. Then steps of different agents commute.
pub fn agents_independent(m: &RoutingModel) -> bool {
    m.router().concurrent_runs() && no_shared_fault(m) && agents_keep_to_themselves(m)
}

/// Do the agents share nothing but the gateway-wide run lock (up to 2026.5.12, SPEC S6)?
/// Then steps that do not take or free it (enqueues, user turns, reaps, time passing) of
/// different agents commute, and (e) applies.
pub fn agents_share_only_the_lock(m: &RoutingModel) -> bool {
    !m.router().concurrent_runs() && no_shared_fault(m) && agents_keep_to_themselves(m)
}

/// Can a finished agent be retired (d)? When every agent keeps to its own queues and
/// heartbeat and no restart can reach into a finished agent's part of the state. A
/// gateway-wide run lock (up to 2026.5.12) does not matter: a finished agent holds no run and
/// waits for no wake.
pub fn agents_retire(m: &RoutingModel) -> bool {
    m.config.faults.restarts == 0 && agents_keep_to_themselves(m)
}

fn no_shared_fault(m: &RoutingModel) -> bool {
    let f = m.config.faults;
    f.restarts == 0 && f.handler_throws == 0 && f.run_failures == 0
}

/// Does each agent's every event land in a queue it owns, every wake of its run only its own
/// heartbeat on its own queue, and every user turn and interval tick of it peek only its own
/// queues?
fn agents_keep_to_themselves(m: &RoutingModel) -> bool {
    let router = m.router();
    let own_heartbeat = |a: AgentId, forced| {
        router
            .heartbeat_queue(a, router.heartbeat_session(a, forced))
            .owner()
            == Some(a)
    };
    m.agents().all(|a| {
        let sites_ok = m.sites.iter().zip(m.site_origins()).all(|(site, origins)| {
            origins.iter().all(|&o| {
                let wake_ok = m
                    .site_wake(site, a, o)
                    .is_none_or(|t| router.wake_agent(t) == Some(a) && own_heartbeat(a, t.session));
                m.site_queue(site, a, o).owner() == Some(a) && wake_ok
            })
        });
        let turns_ok = m
            .user_sessions(a)
            .iter()
            .all(|&s| m.user_turn_queue(a, s).owner() == Some(a));
        sites_ok && turns_ok && own_heartbeat(a, None)
    })
}
