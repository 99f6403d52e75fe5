//! Symmetry reduction over interchangeable agents.
//!
//! Agents other than the default agent (index 0) are interchangeable: nothing in the routing
//! rules or the properties names them. Agent 0 is special (unparsable keys fall back to it, and
//! `heartbeats = default-only` singles it out), so it stays fixed. The representative of a state
//! is the smallest of its images under every permutation of agents 1..n. SPEC.md §8 argues
//! soundness; `tests/model_symmetry.rs` compares verdicts with and without it.

use stateright::Representative;

use crate::config::AgentId;
use crate::routing::{Queue, Session, WakeTarget};
use crate::state::{AgentSet, PendingWake, Run, State};

fn agent(p: &[AgentId], a: AgentId) -> AgentId {
    p[usize::from(a)]
}

fn set(p: &[AgentId], s: AgentSet) -> AgentSet {
    (0..p.len() as u8)
        .filter(|a| s & (1 << a) != 0)
        .fold(0, |acc, a| acc | 1 << agent(p, a))
}

fn session(p: &[AgentId], s: Session) -> Session {
    match s {
        Session::Agent(a, k) => Session::Agent(agent(p, a), k),
        Session::Global => Session::Global,
    }
}

fn queue(p: &[AgentId], q: Queue) -> Queue {
    match q {
        Queue::Agent(a, k) => Queue::Agent(agent(p, a), k),
        Queue::SharedGlobal => Queue::SharedGlobal,
    }
}

fn target(p: &[AgentId], t: WakeTarget) -> WakeTarget {
    WakeTarget {
        agent: t.agent.map(|a| agent(p, a)),
        session: t.session.map(|s| session(p, s)),
    }
}

fn pending(p: &[AgentId], w: PendingWake) -> PendingWake {
    PendingWake {
        target: target(p, w.target),
        requested_by: set(p, w.requested_by),
        ..w
    }
}

/// The image of `s` when agent `a` is renamed `p[a]`.
pub fn permute(s: &State, p: &[AgentId]) -> State {
    let mut out = s.clone();
    for e in &mut out.events {
        e.agent = agent(p, e.agent);
        e.queue = queue(p, e.queue);
        e.shown_to = set(p, e.shown_to);
    }
    for w in &mut out.pending {
        *w = pending(p, *w);
    }
    out.pending.sort_by_key(|w| w.target);
    for r in &mut out.runs {
        *r = Run {
            agent: agent(p, r.agent),
            session: session(p, r.session),
            queue: queue(p, r.queue),
            requested_by: set(p, r.requested_by),
            wake: r.wake.map(|w| pending(p, w)),
            ..*r
        };
    }
    out.runs.sort_by_key(|r| r.agent);
    for (from, &to) in p.iter().enumerate() {
        out.guards[usize::from(to)] = s.guards[from];
        out.ticks_left[usize::from(to)] = s.ticks_left[from];
    }
    out.reaped = set(p, s.reaped);
    out
}

/// Every permutation of `0..n`, keeping agent 0 fixed when `fix_default` is set.
pub fn permutations(n: usize, fix_default: bool) -> Vec<Vec<AgentId>> {
    fn extend(prefix: &mut Vec<AgentId>, rest: &mut Vec<AgentId>, out: &mut Vec<Vec<AgentId>>) {
        if rest.is_empty() {
            out.push(prefix.clone());
            return;
        }
        for i in 0..rest.len() {
            let a = rest.remove(i);
            prefix.push(a);
            extend(prefix, rest, out);
            prefix.pop();
            rest.insert(i, a);
        }
    }
    let mut out = Vec::new();
    if n == 0 {
        return vec![Vec::new()];
    }
    if fix_default {
        extend(&mut vec![0], &mut (1..n as AgentId).collect(), &mut out);
    } else {
        extend(&mut Vec::new(), &mut (0..n as AgentId).collect(), &mut out);
    }
    out
}

fn smallest_image(s: &State, fix_default: bool) -> State {
    permutations(s.guards.len(), fix_default)
        .iter()
        .map(|p| permute(s, p))
        .min()
        .expect("the identity permutation is always there")
}

/// The representative when the default agent is special: agents 1..n are permuted.
pub fn representative_fixing_default(s: &State) -> State {
    smallest_image(s, true)
}

/// The representative when every agent is interchangeable
/// (see `RoutingModel::default_agent_is_special`).
pub fn representative_all_agents(s: &State) -> State {
    smallest_image(s, false)
}

impl Representative for State {
    /// The conservative choice: the default agent stays fixed.
    fn representative(&self) -> Self {
        representative_fixing_default(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_fix_the_default_agent() {
        assert_eq!(permutations(1, true), vec![vec![0]]);
        assert_eq!(permutations(3, true).len(), 2);
        assert_eq!(permutations(4, true).len(), 6);
        assert!(permutations(4, true).iter().all(|p| p[0] == 0));
        assert_eq!(permutations(2, false).len(), 2);
        assert_eq!(permutations(4, false).len(), 24);
    }

    #[test]
    fn agent_sets_are_renamed_bit_by_bit() {
        assert_eq!(set(&[0, 2, 1], 0b011), 0b101);
        assert_eq!(set(&[0, 2, 1], 0b110), 0b110);
    }
}
