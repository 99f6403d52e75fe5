//! Running the checker on one model: budgets, verdicts, statistics and traces.
//!
//! A verdict is only ever `holds` (or `missing` for a witness) when the whole reachable state
//! space was explored. A budget that runs out, or an interrupt, gives `incomplete`.

pub mod checked;
pub mod depth_first;
pub mod display;
pub mod expectations;
pub mod explorer_view;
pub mod matrix;
pub mod memory;
pub mod search;
pub mod simulate;
pub mod sweep;
pub mod trace;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use stateright::{Checker, Model};

use crate::checker::checked::{Checked, Describe, Inspect};
use crate::checker::search::shortest_path;
use crate::checker::trace::Trace;
use crate::reduction::symmetry::{
    Symmetric, representative_all_agents, representative_fixing_default,
};
use crate::reduction::{ReducedModel, StepKind};
use crate::spec::properties::{PropertyKind, PropertySpec, specs};
use crate::spec::setup::RoutingModel;

/// Limits on one check. `None` means no limit.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// Stop after this many unique states.
    pub max_states: Option<usize>,
    /// Stop after this long.
    pub timeout: Option<Duration>,
    /// Stop when the process's resident memory exceeds this many bytes.
    pub memory_bytes: Option<u64>,
}

/// How to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SearchMode {
    /// stateright's breadth-first search.
    Bfs,
    /// Depth-first search, the checker's own (SPEC D8); the only one that applies symmetry reduction.
    Dfs,
}

/// Options for [`check`].
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub threads: usize,
    pub budget: Budget,
    pub mode: SearchMode,
    /// Reduce by symmetry over interchangeable agents (forces depth-first search).
    pub symmetry: bool,
    /// Partial-order reduction where the agents are independent (SPEC D5).
    pub por: bool,
    /// Set from outside (Ctrl-C) to stop cleanly.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Where a depth-first search keeps the number of unique states it has found so far (set
    /// every few thousand states), for a progress line while one large model runs.
    pub found: Option<Arc<AtomicU64>>,
    /// Compute shortest traces for violated invariants (and found witnesses if `witness_traces`).
    pub traces: bool,
    pub witness_traces: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            threads: 1,
            budget: Budget::default(),
            mode: SearchMode::Bfs,
            symmetry: false,
            por: false,
            interrupt: None,
            found: None,
            traces: true,
            witness_traces: false,
        }
    }
}

/// The verdict on one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// An invariant held in every reachable state.
    Holds,
    /// An invariant failed in some reachable state.
    Violated,
    /// A witness was found.
    Witnessed,
    /// No reachable state witnesses it.
    Missing,
    /// The search stopped before the answer was known.
    Incomplete,
}

impl Verdict {
    pub const fn name(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Violated => "violated",
            Verdict::Witnessed => "witnessed",
            Verdict::Missing => "missing",
            Verdict::Incomplete => "incomplete",
        }
    }
}

/// The outcome for one property.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PropertyOutcome {
    pub id: String,
    /// The property's name as reports show it.
    pub name: String,
    pub kind: PropertyKind,
    pub verdict: Verdict,
    /// The shortest counterexample (invariants) or example (witnesses), when computed.
    pub trace: Option<Trace>,
}

/// Search statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stats {
    /// States generated, repeats included.
    pub states: u64,
    pub unique_states: u64,
    pub max_depth: u64,
    pub seconds: f64,
    /// Was the whole reachable space explored (or every property decided)?
    pub complete: bool,
    /// Why the search stopped early, if it did.
    pub stopped_by: Option<String>,
    /// Transitions generated per step kind.
    pub coverage: Vec<(StepKind, u64)>,
    /// Peak resident memory of the process so far, in bytes (0 where unknown).
    pub peak_memory_bytes: u64,
}

/// Everything [`check`] found about one model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckOutcome {
    pub properties: Vec<PropertyOutcome>,
    pub stats: Stats,
}

impl CheckOutcome {
    pub fn get(&self, name: &str) -> Option<&PropertyOutcome> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// Checks one model, within `options.budget`, with partial-order reduction where
/// `options.por` asks for it and it applies (SPEC D5).
pub fn check(model: &RoutingModel, options: &CheckOptions) -> CheckOutcome {
    check_reduced(&ReducedModel::new(model.clone(), options.por), options)
}

/// Checks `reduced` (the plain model where no reduction applies), within `options.budget`.
pub fn check_reduced(reduced: &ReducedModel, options: &CheckOptions) -> CheckOutcome {
    // Traces are searched in the plain model (every interleaving, so the shortest one);
    // verdicts come from the reduced search.
    let plain = &reduced.plain;
    let fix_default = plain.default_agent_is_special();
    // Symmetry needs two interchangeable agents; with fewer its only permutation is the
    // identity, and computing representatives would cost time for nothing (SPEC D2).
    let interchangeable = plain.config.agents - u8::from(fix_default);
    let options = &CheckOptions {
        symmetry: options.symmetry && interchangeable >= 2,
        mode: if options.symmetry {
            SearchMode::Dfs
        } else {
            options.mode
        },
        ..options.clone()
    };
    let (discovered, stats) = if reduced.reduces() {
        search(reduced, options, fix_default)
    } else {
        search(plain, options, fix_default)
    };
    let properties = specs(plain)
        .into_iter()
        .map(|spec| {
            let found = discovered.contains(spec.name);
            let verdict = match (spec.kind, found, stats.complete) {
                (PropertyKind::Invariant, true, _) => Verdict::Violated,
                (PropertyKind::Invariant, false, true) => Verdict::Holds,
                (PropertyKind::Witness, true, _) => Verdict::Witnessed,
                (PropertyKind::Witness, false, true) => Verdict::Missing,
                (_, false, false) => Verdict::Incomplete,
            };
            let wanted = match verdict {
                Verdict::Violated => options.traces,
                Verdict::Witnessed => options.witness_traces,
                _ => false,
            };
            let trace = wanted
                .then(|| shortest_trace(plain, &spec, options))
                .flatten();
            PropertyOutcome {
                id: spec.id.to_string(),
                name: spec.label.clone(),
                kind: spec.kind,
                verdict,
                trace,
            }
        })
        .collect();
    CheckOutcome { properties, stats }
}

/// Searches `model` as `options` say: depth-first (the checker's own search, SPEC D8), with
/// symmetry over the agents where asked (fixing the default agent where it is special, D2),
/// or breadth-first (stateright's, which has no symmetry; `check_reduced` asks for depth-first
/// whenever symmetry is on).
fn search<M>(model: &M, options: &CheckOptions, fix_default: bool) -> (HashSet<&'static str>, Stats)
where
    M: Inspect + Describe + Clone + Send + Sync + 'static,
    M::State: Symmetric + std::fmt::Debug + std::hash::Hash + Send + Sync + 'static,
    M::Action: std::fmt::Debug + Clone + PartialEq + Send + Sync + 'static,
{
    if options.symmetry || options.mode == SearchMode::Dfs {
        let representative: fn(&M::State) -> M::State = if fix_default {
            representative_fixing_default::<M::State>
        } else {
            representative_all_agents::<M::State>
        };
        return depth_first::depth_first(
            model,
            options.symmetry.then_some(representative),
            options,
        );
    }
    let model = Checked::new(model.clone());
    let checker = model
        .clone()
        .checker()
        .threads(options.threads.max(1))
        .spawn_bfs();
    let (discovered, mut stats) = drive(&model, checker, options);
    stats.coverage = model.coverage().snapshot();
    (discovered, stats)
}

/// The shortest trace to a discovery of `spec`, as [`Trace`].
pub fn shortest_trace(
    model: &RoutingModel,
    spec: &PropertySpec,
    options: &CheckOptions,
) -> Option<Trace> {
    let limit = options.budget.max_states.unwrap_or(usize::MAX);
    shortest_path(model, |m, s| spec.is_discovery(m, s), limit).map(|p| Trace::from_path(model, &p))
}

/// Runs a spawned checker to the end, enforcing the budget from this thread.
fn drive<M, C>(
    model: &Checked<M>,
    checker: C,
    options: &CheckOptions,
) -> (HashSet<&'static str>, Stats)
where
    M: Inspect<State: Clone + PartialEq, Action: Clone + PartialEq> + Describe,
    C: Checker<Checked<M>>,
{
    let started = Instant::now();
    let mut stopped_by: Option<String> = None;
    // Most models of the matrix finish in well under a millisecond: poll quickly at first and
    // back off to 5 ms, so that a sweep of a thousand small models does not spend its time
    // asleep (a fixed 5 ms poll cost about a third of the default check's wall time).
    let mut poll = Duration::from_micros(20);
    while !checker.is_done() {
        std::thread::sleep(poll);
        poll = (poll * 2).min(Duration::from_millis(5));
        if let Some(reason) = stop_reason(options, started, checker.unique_state_count()) {
            stopped_by.get_or_insert(reason);
            model.cancel(true);
        }
    }
    let checker = checker.join();
    // The search is over; stateright rebuilds discovered paths by replaying action indices
    // through `Model::actions`, which must enumerate again (see `Checked::actions`).
    model.cancel(false);
    let discovered: HashMap<&'static str, _> = checker.discoveries();
    let stats = Stats {
        states: checker.state_count() as u64,
        unique_states: checker.unique_state_count() as u64,
        max_depth: checker.max_depth() as u64,
        seconds: started.elapsed().as_secs_f64(),
        complete: stopped_by.is_none(),
        stopped_by,
        coverage: Vec::new(),
        peak_memory_bytes: memory::peak_rss_bytes(),
    };
    (discovered.into_keys().collect(), stats)
}

/// Why a search that started at `started` and has `unique` states must stop now, if it must
/// (SPEC D1): an interrupt, the timeout, the state budget or the memory ceiling.
pub(crate) fn stop_reason(
    options: &CheckOptions,
    started: Instant,
    unique: usize,
) -> Option<String> {
    let budget = &options.budget;
    if options
        .interrupt
        .as_ref()
        .is_some_and(|i| i.load(Ordering::Relaxed))
    {
        return Some("interrupted".to_string());
    }
    if let Some(t) = budget.timeout.filter(|t| started.elapsed() >= *t) {
        return Some(format!("timeout of {t:?}"));
    }
    if let Some(m) = budget.max_states.filter(|m| unique >= *m) {
        return Some(format!("max states {m}"));
    }
    let limit = budget.memory_bytes?;
    let rss = memory::current_rss_bytes();
    (rss > limit).then(|| format!("memory ceiling of {} MiB", limit >> 20))
}
