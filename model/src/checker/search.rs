//! Shortest traces, by a deterministic single-threaded breadth-first search.
//!
//! stateright reports verdicts, but its discovery for an `always` property is the path to the
//! *last* violating state its BFS visited, and symmetry reduction only works in its DFS. So
//! once a verdict is known, the trace shown to people is recomputed here: the first state (in
//! breadth-first order, actions in `actions()` order) that satisfies `goal`, with its path as
//! named actions. The result is the shortest trace and does not change between runs.

use std::collections::HashMap;
use std::collections::VecDeque;

use stateright::Model;

use crate::spec::action::Action;
use crate::spec::setup::RoutingModel;
use crate::spec::state::State;

/// A path: the initial state, then each action with the state it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub init: State,
    pub steps: Vec<(Action, State)>,
}

impl Path {
    pub fn last_state(&self) -> &State {
        self.steps.last().map_or(&self.init, |(_, s)| s)
    }
}

/// The shortest path to a state where `goal` holds, or `None` if no reachable state (within
/// `max_states`) has it.
pub fn shortest_path(
    model: &RoutingModel,
    goal: impl Fn(&RoutingModel, &State) -> bool,
    max_states: usize,
) -> Option<Path> {
    shortest_paths(model, &[goal], max_states).pop().flatten()
}

/// The shortest path to a state where each of `goals` holds (`None` where no reachable state
/// within `max_states` has it), from one breadth-first search for all of them. The search order
/// (initial states in order, actions in `actions()` order, each state visited once, goals tested
/// when a state leaves the frontier) does not depend on the goals, so each path is the one a
/// search for that goal alone finds.
pub fn shortest_paths<G: Fn(&RoutingModel, &State) -> bool>(
    model: &RoutingModel,
    goals: &[G],
    max_states: usize,
) -> Vec<Option<Path>> {
    // Arena of visited states with (parent index, action) back-pointers.
    let mut arena: Vec<(State, Option<(usize, Action)>)> = Vec::new();
    let mut index: HashMap<State, usize> = HashMap::new();
    let mut frontier: VecDeque<usize> = VecDeque::new();
    for s in model.init_states() {
        if !index.contains_key(&s) {
            index.insert(s.clone(), arena.len());
            frontier.push_back(arena.len());
            arena.push((s, None));
        }
    }
    let mut found: Vec<Option<usize>> = vec![None; goals.len()];
    let mut open = goals.len();
    let mut actions = Vec::new();
    while let Some(at) = frontier.pop_front() {
        if open == 0 {
            break;
        }
        for (slot, goal) in found.iter_mut().zip(goals) {
            if slot.is_none() && goal(model, &arena[at].0) {
                *slot = Some(at);
                open -= 1;
            }
        }
        if arena.len() >= max_states {
            continue;
        }
        model.actions(&arena[at].0, &mut actions);
        for action in actions.drain(..) {
            let Some(next) = model.next_state(&arena[at].0, action) else {
                continue;
            };
            if index.contains_key(&next) {
                continue;
            }
            index.insert(next.clone(), arena.len());
            frontier.push_back(arena.len());
            arena.push((next, Some((at, action))));
        }
    }
    found
        .into_iter()
        .map(|f| f.map(|at| unwind(&arena, at)))
        .collect()
}

fn unwind(arena: &[(State, Option<(usize, Action)>)], mut at: usize) -> Path {
    let mut steps = Vec::new();
    while let Some((parent, action)) = arena[at].1 {
        steps.push((action, arena[at].0.clone()));
        at = parent;
    }
    steps.reverse();
    Path {
        init: arena[at].0.clone(),
        steps,
    }
}

/// Replays named actions from an initial state, checking that each is enabled. Used to replay
/// stored counterexamples: a name that no longer applies is an error, not a silent change.
pub fn replay(model: &RoutingModel, init: &State, actions: &[Action]) -> Result<Path, String> {
    let mut steps = Vec::with_capacity(actions.len());
    let mut state = init.clone();
    let mut enabled = Vec::new();
    for (n, action) in actions.iter().enumerate() {
        enabled.clear();
        model.actions(&state, &mut enabled);
        if !enabled.contains(action) {
            return Err(format!(
                "step {}: `{}` is not enabled here",
                n + 1,
                crate::checker::display::action(model, action)
            ));
        }
        state = model
            .next_state(&state, *action)
            .ok_or_else(|| format!("step {}: the action does nothing", n + 1))?;
        steps.push((*action, state.clone()));
    }
    Ok(Path {
        init: init.clone(),
        steps,
    })
}

/// Every path of `model` from `init`, cut at `depth` steps (or where no step is enabled), as
/// named actions in `actions()` order. For replaying a model's paths elsewhere (the runtime's
/// conformance replay, its benchmark); the number of paths grows exponentially with `depth`.
pub fn all_paths(model: &RoutingModel, init: &State, depth: usize) -> Vec<Vec<Action>> {
    fn go(
        m: &RoutingModel,
        s: &State,
        depth: usize,
        path: &mut Vec<Action>,
        out: &mut Vec<Vec<Action>>,
    ) {
        let mut actions = Vec::new();
        m.actions(s, &mut actions);
        if actions.is_empty() || depth == 0 {
            out.push(path.clone());
            return;
        }
        for a in actions {
            let next = m.next_state(s, a).expect("an enabled step has a successor");
            path.push(a);
            go(m, &next, depth - 1, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    go(model, init, depth, &mut Vec::new(), &mut out);
    out
}
