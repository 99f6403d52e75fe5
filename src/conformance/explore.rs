//! Exhaustive replay: every path of the model up to a depth bound, each replayed through the
//! gateway with the per-step comparison. Paths share their prefixes: at each branch the
//! gateway is forked (its whole state copied), which is a fresh replay of the prefix without
//! redoing it.

use std::sync::Arc;

use heartbeat_model::RoutingModel;
use stateright::Model;

use crate::conformance::harness::{Harness, HarnessOptions, Mismatch};

/// What an exhaustive replay covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Maximal paths (ending at the depth bound or in a state with no action).
    pub paths: u64,
    /// Steps replayed and compared (edges of the path tree).
    pub steps: u64,
    /// Paths that ended before the bound because no action was enabled.
    pub complete_paths: u64,
}

impl std::ops::AddAssign for Coverage {
    fn add_assign(&mut self, o: Coverage) {
        self.paths += o.paths;
        self.steps += o.steps;
        self.complete_paths += o.complete_paths;
    }
}

/// Replays every path of `model` of at most `depth` steps from every initial state. The gateway
/// breaks `options.mutation`, or else the mutation `HEARTBEAT_SPEC_MUTATE` names (SPEC CK4).
pub fn every_path(
    model: &RoutingModel,
    depth: usize,
    options: &HarnessOptions,
) -> Result<Coverage, Box<Mismatch>> {
    let model = Arc::new(model.clone());
    let options = options.or_env_mutation();
    let mut coverage = Coverage::default();
    for init in model.init_states() {
        let h = Harness::new(Arc::clone(&model), &init, &options).map_err(Box::new)?;
        walk(h, depth, &mut coverage)?;
    }
    Ok(coverage)
}

fn walk(h: Harness, depth: usize, coverage: &mut Coverage) -> Result<(), Box<Mismatch>> {
    let actions = h.enabled();
    if actions.is_empty() || depth == 0 {
        coverage.paths += 1;
        if actions.is_empty() {
            coverage.complete_paths += 1;
        }
        return Ok(());
    }
    let last = actions.len() - 1;
    let mut h = Some(h);
    for (i, action) in actions.into_iter().enumerate() {
        // The last branch takes the harness itself; the others fork it.
        let mut child = if i == last {
            h.take().expect("kept for the last branch")
        } else {
            h.as_ref().expect("kept until the last branch").fork()
        };
        child.step(action).map_err(Box::new)?;
        coverage.steps += 1;
        walk(child, depth - 1, coverage)?;
    }
    Ok(())
}

/// Replays `actions` from `init` through a fresh gateway, comparing after every step; mutated as
/// [`every_path`]'s.
pub fn replay(
    model: &RoutingModel,
    init: &heartbeat_model::State,
    actions: &[heartbeat_model::Action],
    options: &HarnessOptions,
) -> Result<Harness, Box<Mismatch>> {
    let options = options.or_env_mutation();
    let mut h = Harness::new(Arc::new(model.clone()), init, &options).map_err(Box::new)?;
    for &a in actions {
        h.step(a).map_err(Box::new)?;
    }
    Ok(h)
}
