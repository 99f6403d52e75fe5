//! Seeded random simulation, for configurations beyond exhaustive reach.
//!
//! Each run starts in an initial state and takes uniformly random enabled actions until none is
//! enabled or a depth bound is reached, checking every property in every state it visits. A
//! run refutes an invariant or finds a witness; it never proves anything, so an invariant it does
//! not refute is reported as "no violation in K runs" (SPEC D5), never as `holds`.
//!
//! The random source is a SplitMix64 generator written here, so that a seed replays the same
//! runs on every platform and in every version of this crate's dependencies (stateright's own
//! simulation reseeds with `StdRng`, whose stream may change between `rand` versions).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use stateright::Model;

use crate::checker::search::Path;
use crate::checker::trace::Trace;
use crate::spec::properties::{PropertyKind, specs};
use crate::spec::setup::RoutingModel;
use crate::spec::state::State;

/// SplitMix64: tiny, fast, and fully determined by its seed.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Options for [`simulate`].
#[derive(Debug, Clone)]
pub struct SimulateOptions {
    pub seed: u64,
    pub runs: u64,
    /// Steps per run at most.
    pub max_depth: usize,
    pub interrupt: Option<Arc<AtomicBool>>,
}

/// What simulation found for one property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SimVerdict {
    /// An invariant failed on run `run`.
    Violated { run: u64 },
    /// A witness was found on run `run`.
    Witnessed { run: u64 },
    /// Nothing found in the runs made.
    NotFound,
}

/// One property's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimOutcome {
    pub id: String,
    pub name: String,
    pub kind: PropertyKind,
    pub verdict: SimVerdict,
    /// The run's path up to the discovery, with repeated states cut out.
    pub trace: Option<Trace>,
}

/// Everything one simulation found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimReport {
    pub seed: u64,
    /// Runs completed (fewer than asked when interrupted).
    pub runs: u64,
    pub steps: u64,
    pub seconds: f64,
    pub properties: Vec<SimOutcome>,
}

/// Cuts cycles out of a path: when a state repeats, the steps between its two visits go.
fn without_cycles(init: &State, steps: Vec<(crate::spec::action::Action, State)>) -> Path {
    let mut kept: Vec<(crate::spec::action::Action, State)> = Vec::new();
    // Where each kept state stands: 0 for the initial state, k after the k-th kept step.
    let mut position: HashMap<State, usize> = HashMap::new();
    position.insert(init.clone(), 0);
    for (action, state) in steps {
        if let Some(&at) = position.get(&state) {
            for (_, s) in kept.drain(at..) {
                position.remove(&s);
            }
        } else {
            kept.push((action, state.clone()));
            position.insert(state, kept.len());
        }
    }
    Path {
        init: init.clone(),
        steps: kept,
    }
}

/// Runs `options.runs` random walks of `model`.
pub fn simulate(model: &RoutingModel, options: &SimulateOptions) -> SimReport {
    let started = std::time::Instant::now();
    let specs = specs(model);
    let mut found: Vec<Option<(SimVerdict, Path)>> = vec![None; specs.len()];
    let inits = model.init_states();
    let mut steps_total = 0u64;
    let mut runs_done = 0u64;
    let mut actions = Vec::new();
    for run in 0..options.runs {
        if options
            .interrupt
            .as_ref()
            .is_some_and(|i| i.load(Ordering::Relaxed))
        {
            break;
        }
        // Each run has its own stream, so run r is the same whatever runs came before it.
        let mut rng = SplitMix64::new(options.seed ^ run.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let init = inits[rng.below(inits.len())].clone();
        let mut state = init.clone();
        let mut path: Vec<(crate::spec::action::Action, State)> = Vec::new();
        loop {
            for (i, spec) in specs.iter().enumerate() {
                if found[i].is_none() && spec.is_discovery(model, &state) {
                    let verdict = match spec.kind {
                        PropertyKind::Invariant => SimVerdict::Violated { run },
                        PropertyKind::Witness => SimVerdict::Witnessed { run },
                    };
                    found[i] = Some((verdict, without_cycles(&init, path.clone())));
                }
            }
            if path.len() >= options.max_depth {
                break;
            }
            actions.clear();
            model.actions(&state, &mut actions);
            if actions.is_empty() {
                break;
            }
            let action = actions[rng.below(actions.len())];
            let Some(next) = model.next_state(&state, action) else {
                break;
            };
            path.push((action, next.clone()));
            state = next;
            steps_total += 1;
        }
        runs_done += 1;
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    let properties = specs
        .iter()
        .zip(found)
        .map(|(spec, f)| SimOutcome {
            id: spec.id.to_string(),
            name: spec.label.clone(),
            kind: spec.kind,
            trace: f.as_ref().map(|(_, p)| Trace::from_path(model, p)),
            verdict: f.map_or(SimVerdict::NotFound, |(v, _)| v),
        })
        .collect();
    SimReport {
        seed: options.seed,
        runs: runs_done,
        steps: steps_total,
        seconds: started.elapsed().as_secs_f64(),
        properties,
    }
}
