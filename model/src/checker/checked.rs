//! The checker's plumbing around a model: coverage counters, the cancel flag, and what the
//! Explorer shows. [`Checked`] wraps the plain or the reduced model with the same states,
//! steps and properties, so that the model itself knows nothing of how it is searched.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use stateright::{Model, Path, Property};

use crate::lift::PropertyTable;
use crate::reduction::{ReducedModel, StepKind};
use crate::spec::action::Action;
use crate::spec::setup::RoutingModel;

/// What the checker needs to know of a model beyond stateright's [`Model`]: the kind of each
/// step, for coverage.
pub trait Inspect: Model<State: std::fmt::Debug, Action: std::fmt::Debug> {
    fn kind(action: &Self::Action) -> StepKind;
}

/// How the Explorer shows a model's steps and states to people (`Debug` unless the model says
/// better: the plain model's is in `explorer_view.rs`).
pub trait Describe: Model<State: std::fmt::Debug, Action: std::fmt::Debug> {
    fn describe_action(&self, action: &Self::Action) -> String {
        format!("{action:?}")
    }

    fn describe_state(&self, state: &Self::State) -> String {
        format!("{state:#?}")
    }

    fn svg(&self, _path: &Path<Self::State, Self::Action>) -> Option<String> {
        None
    }
}

impl Inspect for RoutingModel {
    fn kind(action: &Action) -> StepKind {
        action.kind().into()
    }
}

impl Inspect for ReducedModel {
    fn kind(action: &Self::Action) -> StepKind {
        action.kind()
    }
}

impl Describe for ReducedModel {}

/// Counts of generated transitions by step kind (TLC's `-coverage`), shared by checker threads.
#[derive(Debug, Default)]
pub struct Coverage {
    counts: [AtomicU64; StepKind::ALL.len()],
}

impl Coverage {
    fn record(&self, kind: StepKind) {
        self.counts[kind.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// `(kind, transitions)` for every step kind.
    pub fn snapshot(&self) -> Vec<(StepKind, u64)> {
        StepKind::ALL
            .iter()
            .map(|k| (*k, self.counts[k.index()].load(Ordering::Relaxed)))
            .collect()
    }
}

/// `M` as the checker runs it: every transition counted, and a flag that stops the search.
#[derive(Clone)]
pub struct Checked<M: Model> {
    pub model: M,
    properties: Arc<Vec<Property<M>>>,
    coverage: Arc<Coverage>,
    cancel: Arc<AtomicBool>,
}

impl<M: Model + std::fmt::Debug> std::fmt::Debug for Checked<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checked")
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl<M: Model> Checked<M> {
    pub fn new(model: M) -> Checked<M> {
        Checked {
            properties: Arc::new(model.properties()),
            model,
            coverage: Arc::default(),
            cancel: Arc::default(),
        }
    }

    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    /// Stops (`true`) or resumes the search: once stopped, no state has a successor and every
    /// new state is outside the boundary, so stateright's threads drain and stop (SPEC D1).
    pub fn cancel(&self, stop: bool) {
        self.cancel.store(stop, Ordering::Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl<M: Inspect + Describe> Model for Checked<M> {
    type State = M::State;
    type Action = M::Action;

    fn init_states(&self) -> Vec<M::State> {
        self.model.init_states()
    }

    fn actions(&self, state: &M::State, actions: &mut Vec<M::Action>) {
        // A search stopped by its budget (SPEC D1) still drains stateright's pending queue;
        // with no successors that drain costs only the property checks of what is queued, not
        // every successor (the boundary alone left a breadth-first search running three times
        // past its --timeout). Properties that need the enabled steps (M1) ask the model.
        if !self.cancelled() {
            self.model.actions(state, actions);
        }
    }

    fn next_state(&self, last: &M::State, action: M::Action) -> Option<M::State> {
        self.coverage.record(M::kind(&action));
        self.model.next_state(last, action)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        crate::lift::properties(
            self.properties
                .iter()
                .map(|p| (p.expectation.clone(), p.name)),
        )
    }

    fn within_boundary(&self, state: &M::State) -> bool {
        !self.cancelled() && self.model.within_boundary(state)
    }

    fn format_action(&self, action: &M::Action) -> String {
        self.model.describe_action(action)
    }

    /// The state after the step, described; not a transition of the search, so not counted.
    fn format_step(&self, last: &M::State, action: M::Action) -> Option<String> {
        let next = self.model.next_state(last, action)?;
        Some(self.model.describe_state(&next))
    }

    fn as_svg(&self, path: Path<M::State, M::Action>) -> Option<String> {
        self.model.svg(&path)
    }
}

impl<M: Inspect + Describe> PropertyTable for Checked<M> {
    fn holds(&self, index: usize, state: &M::State) -> bool {
        (self.properties[index].condition)(&self.model, state)
    }
}
