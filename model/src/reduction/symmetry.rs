//! Symmetry reduction over interchangeable agents.
//!
//! Agents other than the default agent (index 0) are interchangeable: nothing in the routing
//! rules or the properties names them. Agent 0 is special (unparsable keys fall back to it, and
//! `heartbeats = default-only` singles it out), so it stays fixed. The representative of a state
//! is the smallest of its images under every permutation of agents 1..n. SPEC.md §8 argues
//! soundness; `tests/model_symmetry.rs` compares verdicts with and without it. The reduced
//! search's states ([`crate::reduction::ReducedState`]) are [`Symmetric`] too.

use smallvec::SmallVec;
use stateright::Representative;

use crate::config::{AgentId, MAX_AGENTS};
use crate::routing::{Queue, Session, WakeTarget};
use crate::spec::state::{AgentSet, PendingWake, Run, State, agent_bit};

fn agent(p: &[AgentId], a: AgentId) -> AgentId {
    p[usize::from(a)]
}

/// A state whose agents can be renamed.
pub trait Symmetric: Clone + Ord {
    /// How many agents it has.
    fn agent_count(&self) -> usize;
    /// A hash of everything that belongs to `agent`, with agent ids written relative to it, so
    /// that `signature(π(s), π(a)) == signature(s, a)` for every renaming π.
    fn signature(&self, agent: AgentId) -> u64;
    /// The image when agent `a` is renamed `p[a]`.
    fn permute(&self, p: &[AgentId]) -> Self;
}

/// The set of agents `s` when agent `a` is renamed `p[a]`.
pub fn permute_set(p: &[AgentId], s: AgentSet) -> AgentSet {
    set(p, s)
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

impl Symmetric for State {
    fn agent_count(&self) -> usize {
        self.guards.len()
    }

    fn signature(&self, agent: AgentId) -> u64 {
        // A plain state marks no agent as the reduced search does (retired, closed): hashed
        // as unmarked, so that each state keeps the signature, hence the representative, it
        // has always had (see `signature`).
        signature(self, agent, (false, false))
    }

    fn permute(&self, p: &[AgentId]) -> State {
        permute(self, p)
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

/// A hash of everything that belongs to `agent` in `s`, with agent ids written relative to it
/// (itself, another agent, none), and `marks`, what a wrapping state says of the agent. Equal
/// signatures say nothing; different ones order agents canonically.
///
/// The hash is not quite invariant under renaming (pending wakes are hashed in target order,
/// which renaming can change), so the representative is not always the least image of the
/// whole orbit and the number of states the reduced search keeps depends on this function:
/// `model/tests/model/model_state_counts.rs` pins it. Change it only together with those counts.
pub fn signature(s: &State, agent: AgentId, marks: impl std::hash::Hash) -> u64 {
    use std::hash::{Hash, Hasher};
    let rel = |x: AgentId| u8::from(x == agent);
    let rel_set = |set: AgentSet| (set & agent_bit(agent) != 0, set & !agent_bit(agent) != 0);
    let rel_queue = |q: Queue| match q {
        Queue::Agent(a, k) => (rel(a), Some(k)),
        Queue::SharedGlobal => (2, None),
    };
    let rel_session = |x: Session| match x {
        Session::Agent(a, k) => (rel(a), Some(k)),
        Session::Global => (2, None),
    };
    let rel_target = |t: WakeTarget| (t.agent.map(rel), t.session.map(rel_session));
    let mut h = rustc_hash::FxHasher::default();
    let a = usize::from(agent);
    (
        s.guards[a],
        s.ticks_left[a],
        s.reaped & agent_bit(agent) != 0,
        marks,
    )
        .hash(&mut h);
    for (i, e) in s.events.iter().enumerate() {
        if e.agent == agent || e.queue.owner() == Some(agent) || e.shown_to & agent_bit(agent) != 0
        {
            (
                i,
                rel(e.agent),
                e.origin,
                e.site,
                e.class,
                rel_queue(e.queue),
                e.status,
            )
                .hash(&mut h);
            (rel_set(e.shown_to), e.times_shown, e.wake_drains).hash(&mut h);
        }
    }
    for p in &s.pending {
        let t = rel_target(p.target);
        if t.0 == Some(1) || matches!(t.1, Some((1, _))) || p.requested_by & agent_bit(agent) != 0 {
            (t, p.kind, p.inspects_exec, rel_set(p.requested_by), p.phase).hash(&mut h);
        }
    }
    for r in s.runs.iter().filter(|r| r.agent == agent) {
        (
            rel_session(r.session),
            rel_queue(r.queue),
            r.kind,
            r.inspected,
        )
            .hash(&mut h);
        (
            rel_set(r.requested_by),
            r.wake.map(|w| (rel_target(w.target), w.kind, w.phase)),
        )
            .hash(&mut h);
    }
    h.finish()
}

/// The representative: agents sorted by [`signature`], with every order of agents whose
/// signatures tie tried, and the least resulting state kept. Equivalent states have the same
/// sorted signatures and the same candidates, so they get the same representative; usually no
/// two agents tie and one permutation is built instead of n!.
fn smallest_image<S: Symmetric>(s: &S, fix_default: bool) -> S {
    let n = s.agent_count();
    let first = usize::from(fix_default && n > 0);
    let mut movable: SmallVec<[(u64, AgentId); MAX_AGENTS as usize]> = (first..n)
        .map(|a| (s.signature(a as AgentId), a as AgentId))
        .collect();
    movable.sort_by_key(|(sig, _)| *sig);
    if movable.windows(2).all(|w| w[0].0 != w[1].0) {
        // No two agents tie (the usual case): one order, one image, nothing allocated.
        let mut renaming: SmallVec<[AgentId; MAX_AGENTS as usize]> = (0..n as AgentId).collect();
        for (j, (_, a)) in movable.iter().enumerate() {
            renaming[usize::from(*a)] = (first + j) as AgentId;
        }
        return s.permute(&renaming);
    }
    // Groups of agents with equal signatures, in signature order.
    let mut groups: Vec<Vec<AgentId>> = Vec::new();
    for (i, (sig, a)) in movable.iter().enumerate() {
        if i > 0 && movable[i - 1].0 == *sig {
            groups.last_mut().expect("a group").push(*a);
        } else {
            groups.push(vec![*a]);
        }
    }
    // Every candidate order: the concatenation of one order per group.
    let mut orders: Vec<Vec<AgentId>> = vec![Vec::new()];
    for g in &groups {
        let group_orders = permutations_of(g);
        orders = orders
            .into_iter()
            .flat_map(|prefix| {
                group_orders.iter().map(move |o| {
                    let mut p = prefix.clone();
                    p.extend_from_slice(o);
                    p
                })
            })
            .collect();
    }
    orders
        .into_iter()
        .map(|order| {
            // The j-th agent of the order is renamed to the j-th movable id.
            let mut renaming: Vec<AgentId> = (0..n as AgentId).collect();
            for (j, a) in order.iter().enumerate() {
                renaming[usize::from(*a)] = (first + j) as AgentId;
            }
            s.permute(&renaming)
        })
        .min()
        .expect("at least one order")
}

fn permutations_of(items: &[AgentId]) -> Vec<Vec<AgentId>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in permutations_of(&rest) {
            tail.insert(0, *x);
            out.push(tail);
        }
    }
    out
}

/// The representative when the default agent is special: agents 1..n are permuted.
pub fn representative_fixing_default<S: Symmetric>(s: &S) -> S {
    smallest_image(s, true)
}

/// The representative when every agent is interchangeable
/// (see `RoutingModel::default_agent_is_special`).
pub fn representative_all_agents<S: Symmetric>(s: &S) -> S {
    smallest_image(s, false)
}

impl Representative for State {
    /// The conservative choice: the default agent stays fixed.
    fn representative(&self) -> Self {
        representative_fixing_default(self)
    }
}
