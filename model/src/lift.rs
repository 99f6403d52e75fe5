//! Properties of a wrapping model, computed by the wrapper.
//!
//! A stateright [`Property`]'s condition is a plain function pointer, so a model that wraps
//! another (the reduced search, the checker's instrumented model) cannot hand stateright a
//! closure over the wrapped model's properties. Instead it numbers its properties and answers
//! [`PropertyTable::holds`] for each number; [`properties`] gives stateright one function per
//! number, each of which asks the model.

use stateright::{Expectation, Model, Property};

/// A model that can say whether its property number `index` holds in a state.
pub trait PropertyTable: Model {
    fn holds(&self, index: usize, state: &Self::State) -> bool;
}

/// The most properties a model may have: 9 invariants, 10 witnesses, 2 per site for 8 sites
/// come to 35.
pub const MAX_PROPERTIES: usize = 48;

fn slot<M: PropertyTable, const I: usize>(model: &M, state: &M::State) -> bool {
    model.holds(I, state)
}

macro_rules! slots {
    ($m:ty; $($i:literal)*) => {
        [$(slot::<$m, $i> as fn(&$m, &<$m as Model>::State) -> bool),*]
    };
}

/// The stateright properties of `M`: property number `i` is the `i`-th of `entries` (its
/// expectation and name), and its condition is `M::holds(i, ..)`.
pub fn properties<M: PropertyTable>(
    entries: impl IntoIterator<Item = (Expectation, &'static str)>,
) -> Vec<Property<M>> {
    let slots: [fn(&M, &M::State) -> bool; MAX_PROPERTIES] = slots!(M;
        0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
        24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47);
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (expectation, name))| {
            assert!(i < MAX_PROPERTIES, "more than {MAX_PROPERTIES} properties");
            Property {
                expectation,
                name,
                condition: slots[i],
            }
        })
        .collect()
}
