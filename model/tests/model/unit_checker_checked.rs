//! The unit tests of `heartbeat_model::checker::checked` (`model/src/checker/checked.rs`), kept out
//! of the library so that `cargo test` compiles it once.

use heartbeat_model::RoutingModel;
use heartbeat_model::checker::checked::*;
use heartbeat_model::config::{Config, MainKey, Scope};
use heartbeat_model::profile::Profile;
use heartbeat_model::site::SiteTable;
use stateright::Model;

/// SPEC D4: coverage counts the search's transitions only; the Explorer's `format_step`
/// (which computes the step's next state to describe it) adds none.
#[test]
fn d4_describing_a_step_is_not_a_transition() {
    let config = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
    let model = RoutingModel::new(Profile::Reference, config, &SiteTable::upstream())
        .expect("a valid model");
    let checked = Checked::new(model);
    let init = checked.init_states().remove(0);
    let mut actions = Vec::new();
    checked.actions(&init, &mut actions);
    let step = checked.format_step(&init, actions[0]).expect("a step");
    assert!(step.contains("queues:"), "{step}");
    assert!(checked.coverage().snapshot().iter().all(|(_, n)| *n == 0));
    checked.next_state(&init, actions[0]).expect("a next state");
    let counted: u64 = checked.coverage().snapshot().iter().map(|(_, n)| n).sum();
    assert_eq!(counted, 1);
}

/// SPEC D1: once cancelled, no state has a successor and none is within the boundary.
#[test]
fn d1_a_cancelled_search_enables_nothing() {
    let config = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
    let model = RoutingModel::new(Profile::Reference, config, &SiteTable::upstream())
        .expect("a valid model");
    let checked = Checked::new(model);
    let init = checked.init_states().remove(0);
    checked.cancel(true);
    let mut actions = Vec::new();
    checked.actions(&init, &mut actions);
    assert!(actions.is_empty() && !checked.within_boundary(&init));
    checked.cancel(false);
    checked.actions(&init, &mut actions);
    assert!(!actions.is_empty() && checked.within_boundary(&init));
}
