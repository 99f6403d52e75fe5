//! The plain model's properties, lifted to the reduced search once.
//!
//! An invariant of the reduced search holds when the plain invariant holds of the plain state,
//! no retired agent broke it (d) and it was not remembered broken on the path (c): that guard
//! is applied here, and only here. What else a property can still see of retired agents is in
//! their summary: their queued events for I1, their events for the witnesses X1, X6 and X12.
//! M1 asks the reduced search itself for a next step.

use stateright::Expectation;

use crate::reduction::{ReducedModel, ReducedState};
use crate::spec::properties::{INVARIANTS, PropertyKind, PropertySpec, invariant_index, specs};
use crate::spec::setup::RoutingModel;
use crate::spec::state::State;

/// The invariants whose violation is a passing condition (I3, I6, I8), remembered once broken
/// (c), by index into [`INVARIANTS`].
pub(super) const REMEMBERED: [usize; 3] = [
    invariant_index("I3"),
    invariant_index("I6"),
    invariant_index("I8"),
];

/// A property of the plain model, as the reduced search checks it.
#[derive(Debug, Clone)]
pub struct LiftedProperty {
    pub spec: PropertySpec,
    lift: Lift,
}

/// How a property sees the ghosts.
#[derive(Debug, Clone, Copy)]
enum Lift {
    /// An invariant, by index into [`INVARIANTS`].
    Invariant(usize),
    /// I1: also none of the retired agents' events still queued once the gateway is quiescent.
    Stranded(usize),
    /// M1: a next step of the reduced search.
    Deadlock(usize),
    /// A witness the ghosts do not touch (those of `seen`).
    Witness,
    /// X1: some quiescent state with every event, the retired agents' included, surfaced.
    AllSurfaced,
    /// X12: some event of the site enqueued, by a retired agent too.
    SiteEnqueued(usize),
    /// X6: some event of the site surfaced, to a retired agent too.
    SiteSurfaced(usize),
}

/// Every property of `plain`, lifted, in the order of [`specs`] (the invariants first, in
/// [`INVARIANTS`] order).
pub(super) fn lift(plain: &RoutingModel) -> Vec<LiftedProperty> {
    let mut site = 0;
    specs(plain)
        .into_iter()
        .map(|spec| {
            let lift = match (spec.kind, spec.id) {
                (PropertyKind::Invariant, "I1") => Lift::Stranded(invariant_index("I1")),
                (PropertyKind::Invariant, "M1") => Lift::Deadlock(invariant_index("M1")),
                (PropertyKind::Invariant, id) => Lift::Invariant(invariant_index(id)),
                (PropertyKind::Witness, "X1") => Lift::AllSurfaced,
                (PropertyKind::Witness, "X12") => Lift::SiteEnqueued(site),
                (PropertyKind::Witness, "X6") => {
                    site += 1;
                    Lift::SiteSurfaced(site - 1)
                }
                (PropertyKind::Witness, _) => Lift::Witness,
            };
            LiftedProperty { spec, lift }
        })
        .collect()
}

impl LiftedProperty {
    /// Does the property's condition hold in `s` (see [`PropertySpec::condition`])?
    pub fn condition(&self, m: &ReducedModel, s: &ReducedState) -> bool {
        let (plain, state) = (&m.plain, &s.state);
        let retired = &s.retired;
        // The guard of every invariant: not broken by a retired agent, not remembered broken.
        let unbroken = |bit: usize| (retired.broken | s.remembered) & (1 << bit) == 0;
        match self.lift {
            Lift::Invariant(bit) => unbroken(bit) && self.spec.condition(plain, state),
            Lift::Stranded(bit) => {
                unbroken(bit)
                    && self.spec.condition(plain, state)
                    && !(retired.queued && plain.quiescent(state))
            }
            Lift::Deadlock(bit) => {
                unbroken(bit) && (plain.quiescent(state) || !m.enabled_steps(s).is_empty())
            }
            Lift::Witness => self.spec.condition(plain, state),
            Lift::AllSurfaced => {
                plain.quiescent(state)
                    && (!state.events.is_empty() || retired.had_events)
                    && state.events.iter().all(|e| e.surfaced())
                    && !retired.unsurfaced
            }
            Lift::SiteEnqueued(i) => {
                retired.sites_enqueued & 1 << i != 0 || self.spec.condition(plain, state)
            }
            Lift::SiteSurfaced(i) => {
                retired.sites_surfaced & 1 << i != 0 || self.spec.condition(plain, state)
            }
        }
    }

    /// Its expectation and name, for stateright.
    pub(super) fn entry(&self) -> (Expectation, &'static str) {
        let expectation = match self.spec.kind {
            PropertyKind::Invariant => Expectation::Always,
            PropertyKind::Witness => Expectation::Sometimes,
        };
        (expectation, self.spec.name)
    }
}

/// The invariants that `solo`, a retiring agent's part of a state, breaks, as a bit set over
/// [`INVARIANTS`] (d). Each of them is a statement about every event or every run, so a state
/// respects it when each agent's part does. I1 and M1 speak of the whole gateway's quiescence
/// instead: `Retired::queued` keeps what I1 needs, and a retired agent is quiescent, so M1
/// needs nothing.
pub(super) fn broken_by(plain: &RoutingModel, solo: &State) -> u16 {
    INVARIANTS
        .iter()
        .enumerate()
        .filter(|(_, i)| i.id != "I1" && i.id != "M1")
        .filter(|(_, i)| !i.holds(plain, solo))
        .fold(0, |set, (bit, _)| set | 1 << bit)
}
