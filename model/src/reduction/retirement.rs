//! Retiring finished agents: part (d) of the partial-order reduction (SPEC D5).
//!
//! Where the agents keep to themselves, an agent with no enabled step will never have one
//! again: only its own steps change what it may do. Its part of the state is then frozen, and
//! the search would otherwise carry every way it could have ended into every state of the
//! agents after it (the product of their outcomes). Retiring it keeps only what the properties
//! can still see ([`ReducedState::retired`]) and drops the rest, so that agents that ended
//! alike for every property share their successors' states.

use crate::config::AgentId;
use crate::reduction::{ReducedModel, ReducedState};
use crate::spec::state::{AgentSet, EventSet, Guard, State, agent_bit};

/// `set` with the bits of `removed` taken out and the bits above them moved down to close the
/// gaps (event indices after removing those events).
// Public for the tests only (model/tests/model/unit_reduction_retirement.rs).
#[doc(hidden)]
pub fn close_gaps(set: EventSet, removed: EventSet) -> EventSet {
    let mut out = 0;
    let mut to = 0;
    for from in 0..EventSet::BITS {
        if removed & (1 << from) != 0 {
            continue;
        }
        out |= ((set >> from) & 1) << to;
        to += 1;
    }
    out
}

impl ReducedModel {
    /// `s` with every finished agent retired: the map from the search without retirement to
    /// the search with it (SPEC D5 (d)). Meaningful only where [`super::agents_retire`].
    pub fn retire_finished(&self, s: &ReducedState) -> ReducedState {
        let mut out = s.clone();
        self.retire_finished_agents(&mut out);
        out
    }

    /// Retires every agent that has finished: quiescent on its own (no pending wake, no run, no
    /// interval tick left) and with no step enabled. An agent stuck without being quiescent is
    /// kept as it is, so that a deadlock still shows (M1). One step can finish an agent other
    /// than its own (the last interval tick closes every agent's horizon, A5), so all are
    /// looked at.
    pub(super) fn retire_finished_agents(&self, rs: &mut ReducedState) {
        // Quiescent on its own first: cheap, and false for most agents in most states, so the
        // enabled steps (this is the checker's next_state) are listed only when it matters.
        let s = &rs.state;
        let router = self.plain.router();
        let waiting: AgentSet = s
            .runs
            .iter()
            .map(|r| r.agent)
            .chain(s.pending.iter().filter_map(|p| router.wake_agent(p.target)))
            .fold(0, |set, a| set | agent_bit(a));
        let quiescent: AgentSet = self
            .plain
            .agents()
            .filter(|&a| rs.retired.agents & agent_bit(a) == 0 && waiting & agent_bit(a) == 0)
            .filter(|&a| !(self.plain.heartbeat(a) && s.ticks_left[usize::from(a)] > 0))
            .fold(0, |set, a| set | agent_bit(a));
        if quiescent == 0 {
            return;
        }
        let mut steps = Vec::new();
        self.push_every_enabled(rs, &mut steps);
        let acting: AgentSet = steps
            .iter()
            .filter_map(|x| self.step_agent(x))
            .fold(0, |set, a| set | agent_bit(a));
        for agent in self.plain.agents() {
            if quiescent & !acting & agent_bit(agent) != 0 {
                self.retire(rs, agent);
            }
        }
    }

    /// Folds `agent`'s part of `rs` into `rs.retired` and removes it.
    fn retire(&self, rs: &mut ReducedState, agent: AgentId) {
        let s = &mut rs.state;
        let a = usize::from(agent);
        let mine: EventSet = s
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.agent == agent)
            .fold(0, |set, (i, _)| set | 1 << i);
        // The agent's events alone, as the properties saw them (its queues are its own, so no
        // other agent's run inspects them).
        let solo = State {
            events: s
                .events
                .iter()
                .copied()
                .filter(|e| e.agent == agent)
                .collect(),
            pending: Default::default(),
            runs: Default::default(),
            reported: close_gaps(s.reported, !mine),
            // What `seen` remembers stays in the state for everyone: folding it into `broken`
            // too would make the summary depend on when the agent retired.
            seen: 0,
            ..s.clone()
        };
        let r = &mut rs.retired;
        r.agents |= agent_bit(agent);
        r.broken |= super::lift::broken_by(&self.plain, &solo);
        for e in &solo.events {
            r.queued |= e.is_queued();
            r.had_events = true;
            r.unsurfaced |= !e.surfaced();
            r.sites_enqueued |= 1 << e.site;
            if e.surfaced() {
                r.sites_surfaced |= 1 << e.site;
            }
        }
        s.events.retain(|e| e.agent != agent);
        for run in &mut s.runs {
            run.inspected = close_gaps(run.inspected, mine);
        }
        s.reported = close_gaps(s.reported, mine);
        // Every retired agent looks the same: nothing of it is left to tell them apart.
        s.guards[a] = Guard::Due;
        s.ticks_left[a] = 0;
        s.reaped &= !agent_bit(agent);
    }
}
