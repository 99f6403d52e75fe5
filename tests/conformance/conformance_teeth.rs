//! CK4 (SPEC §11): the conformance check has teeth. A gateway can be given a mutation — one
//! decision broken on purpose, named as the model's mutations are (`heartbeat_vocab::Mutation`,
//! `GatewayOptions::mutation`) and applied by the runtime in its own code — and the comparison
//! with the unmutated model must then fail, naming the step and the difference. Each mutation
//! is also shown to break the decision its name says: the model given the same mutation and the
//! mutated gateway agree again. The proptest teeth (a failing, shrunk sequence) are in
//! tests/conformance/conformance_proptest.rs.

use heartbeat_model::config::Bounds;
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::search;
use heartbeat_model::{Action, Config, MainKey, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_routing::runtime::Operation;
use heartbeat_spec::conformance::concretize::session_key;
use heartbeat_spec::conformance::{Harness, HarnessOptions, abstract_state, every_path, replay};
use stateright::Model;

fn mutated(mutation: Mutation) -> HarnessOptions {
    HarnessOptions {
        mutation: Some(mutation),
        ..HarnessOptions::default()
    }
}

fn unmutated() -> HarnessOptions {
    HarnessOptions {
        mutation: None,
        ..HarnessOptions::default()
    }
}

fn model(profile: Profile, scope: Scope, origin: OriginKind) -> RoutingModel {
    let mut config = Config::new(scope, MainKey::Default, 1, "exec-exit");
    config.origins = vec![origin];
    RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap()
}

/// CK4: with `drop-cron-run-remap` the runtime fails the exhaustive replay in every profile
/// that remaps cron runs, at the first enqueue, with the event in the raw cron-run queue.
#[test]
fn ck4_mutated_runtime_fails_the_exhaustive_replay() {
    for profile in [
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ] {
        for scope in Scope::ALL {
            let m = model(profile, scope, OriginKind::CronRun);
            // Not mutated: conforms.
            every_path(&m, 4, &unmutated()).unwrap_or_else(|e| panic!("{e}"));
            // Mutated: fails, at the first step.
            let failure = every_path(&m, 4, &mutated(Mutation::DropCronRunRemap))
                .expect_err("the conformance check must catch the mutated runtime");
            if profile == Profile::Openclaw2026_5_12 && scope == Scope::PerSender {
                println!("{failure}");
            }
            assert_eq!(failure.path.len(), 1, "{profile}: caught at the enqueue");
            assert!(
                failure.what.contains("abstract states differ"),
                "{}",
                failure.what
            );
            let (expected, actual) = (failure.expected.unwrap(), failure.actual.unwrap());
            assert_ne!(expected.events[0].queue, actual.events[0].queue);
            assert_eq!(
                actual.events[0].queue,
                heartbeat_model::routing::Queue::Agent(
                    0,
                    heartbeat_model::routing::SessionKind::CronRun
                ),
                "{profile}: the runtime filed it under the raw cron-run key"
            );
        }
    }
}

/// The mutation breaks nothing it should not: origins other than cron runs still conform.
#[test]
fn ck4_drop_cron_run_remap_touches_only_cron_runs() {
    for origin in [OriginKind::Main, OriginKind::CronBase, OriginKind::Subagent] {
        let m = model(Profile::Openclaw2026_5_12, Scope::PerSender, origin);
        every_path(&m, 5, &mutated(Mutation::DropCronRunRemap)).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Where each mutation shows: the configuration of `reference` in which it breaks its invariant
/// (model/tests/model/model_teeth.rs), as (mutation, scope, agents, site, origin, events per origin).
const SHOWN_IN: [(Mutation, Scope, u8, &str, OriginKind, u8); 8] = [
    (
        Mutation::DropCronRunRemap,
        Scope::PerSender,
        1,
        "exec-exit",
        OriginKind::CronRun,
        1,
    ),
    (
        Mutation::RawWakeSession,
        Scope::PerSender,
        1,
        "exec-exit",
        OriginKind::CronRun,
        1,
    ),
    (
        Mutation::SharedGlobalQueue,
        Scope::Global,
        2,
        "exec-exit",
        OriginKind::CronRun,
        1,
    ),
    (
        Mutation::DrainAllOnConsume,
        Scope::PerSender,
        1,
        "acp-parent-stream",
        OriginKind::Main,
        2,
    ),
    (
        Mutation::NoLaneSerialisation,
        Scope::PerSender,
        1,
        "acp-parent-stream",
        OriginKind::Main,
        1,
    ),
    (
        Mutation::InspectNewestOnly,
        Scope::PerSender,
        1,
        "exec-exit",
        OriginKind::Main,
        2,
    ),
    (
        Mutation::UntargetedWakes,
        Scope::PerSender,
        2,
        "exec-exit",
        OriginKind::Main,
        1,
    ),
    (
        Mutation::DropGuardedWakes,
        Scope::PerSender,
        1,
        "exec-exit",
        OriginKind::Main,
        1,
    ),
];

/// The configuration `mutation` shows in, with the model mutated or not.
fn shown_in(mutation: Mutation, model_mutated: bool) -> RoutingModel {
    let &(_, scope, agents, site, origin, events) = SHOWN_IN
        .iter()
        .find(|c| c.0 == mutation)
        .expect("every mutation has its configuration");
    let mut config = Config::new(scope, MainKey::Default, agents, site);
    config.origins = vec![origin];
    config.bounds = Bounds {
        events_per_origin: events,
        ..Bounds::default()
    };
    config.mutation = model_mutated.then_some(mutation);
    RoutingModel::new(Profile::Reference, config, &SiteTable::upstream()).unwrap()
}

/// How deep the replays go: deep enough for every mutation's first difference (two enqueues,
/// a wake, a finish, and what follows), shallow enough for tier 1 (about 5 s).
const DEPTH: usize = 8;

/// How deep the mutated model and runtime are compared: [`DEPTH`] with one agent; with two, a
/// tree of some 130,000 paths at that depth, 6 in tier 1 (both agents enqueue, wake and run
/// there) and [`DEPTH`] in tier 2 (`CONFORMANCE_TEETH_DEPTH`).
fn agreement_depth(m: &RoutingModel) -> usize {
    if m.config.agents == 1 {
        DEPTH
    } else {
        crate::tier::size("CONFORMANCE_TEETH_DEPTH", 6, DEPTH)
    }
}

/// CK4, for every mutation: the gateway that breaks the decision fails the comparison with the
/// unmutated `reference` model where the model's own mutation breaks an invariant; and given the
/// same mutation the model agrees with it, so the runtime broke the decision the name says and
/// nothing else.
#[test]
fn ck4_every_mutation_is_caught_and_is_the_models() {
    assert_eq!(
        SHOWN_IN.map(|c| c.0).to_vec(),
        applied(),
        "one row per mutation the runtime applies"
    );
    for mutation in applied() {
        let plain = shown_in(mutation, false);
        if mutation == Mutation::NoLaneSerialisation {
            // The model never enables a user turn in a lane a heartbeat holds, so no replay of
            // its paths asks for one: the turn is the operation CK5 sends anyway.
            user_turn_in_a_busy_lane_is_caught(&plain);
        } else {
            let failure = every_path(&plain, DEPTH, &mutated(mutation))
                .expect_err("the conformance check catches the mutated runtime");
            assert!(
                !failure.path.is_empty() && failure.path.len() <= DEPTH,
                "{mutation}: {failure}"
            );
            // The control: the path that caught the mutated gateway passes on the unmutated one,
            // so what failed is the mutation and not the configuration (CK2 replays every path
            // of every configuration on the unmutated gateway).
            path_passes_unmutated(&plain, &failure.path, mutation);
        }
        let same = shown_in(mutation, true);
        every_path(&same, agreement_depth(&same), &mutated(mutation))
            .unwrap_or_else(|e| panic!("{mutation}: the mutated model and runtime differ: {e}"));
    }
}

/// Replays `path` on the unmutated gateway from every initial state of `m` whose model takes
/// it, and from at least one.
fn path_passes_unmutated(m: &RoutingModel, path: &[Action], mutation: Mutation) {
    let takes_the_path = |init: &heartbeat_model::State| search::replay(m, init, path).is_ok();
    let inits: Vec<_> = m.init_states().into_iter().filter(takes_the_path).collect();
    assert!(
        !inits.is_empty(),
        "{mutation}: the failing path starts nowhere"
    );
    for init in &inits {
        replay(m, init, path, &unmutated())
            .unwrap_or_else(|e| panic!("{mutation}: the unmutated gateway fails too: {e}"));
    }
}

/// CK5's rule for an operation the model does not enable — it changes nothing abstract — made
/// by hand for `no-lane-serialisation`: an event queued, the wake fired (the heartbeat holds the
/// lane), then a user turn in that session. The unmutated gateway waits (`LaneBusy`); the
/// mutated one drains the event, and the abstraction no longer equals the model's state.
fn user_turn_in_a_busy_lane_is_caught(m: &RoutingModel) {
    let init = m
        .init_states()
        .into_iter()
        .find(|s| {
            s.guards
                .iter()
                .all(|g| *g != heartbeat_model::state::Guard::Recent)
        })
        .expect("an initial state whose wake runs at once");
    let m = std::sync::Arc::new(m.clone());
    let changes_nothing = |options: &HarnessOptions| -> bool {
        let mut h = Harness::new(std::sync::Arc::clone(&m), &init, options).unwrap();
        for kind in ["Enqueue", "FireWake"] {
            let action = h
                .enabled()
                .into_iter()
                .find(|a| format!("{a:?}").starts_with(kind))
                .unwrap_or_else(|| panic!("{kind} is enabled"));
            h.step(action).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(!h.state().runs.is_empty(), "a heartbeat holds the lane");
        let session = heartbeat_model::routing::Session::Agent(
            0,
            heartbeat_model::routing::SessionKind::Main,
        );
        let turn = Action::UserTurn { agent: 0, session };
        assert!(!h.enabled().contains(&turn), "the model waits for the lane");
        let before = h.state().clone();
        h.gateway()
            .apply(Operation::UserTurn {
                agent: "main".into(),
                session_key: session_key(session, "main"),
            })
            .expect("a user turn is an operation the gateway takes");
        let after = h.gateway().inspect(|g| abstract_state(&m, g)).unwrap();
        after == before
    };
    assert!(changes_nothing(&unmutated()), "the unmutated gateway waits");
    assert!(
        !changes_nothing(&mutated(Mutation::NoLaneSerialisation)),
        "the mutated gateway drains a lane a heartbeat holds, and CK5 sees it"
    );
}

/// The mutations the runtime applies, each in the code that makes the decision.
fn applied() -> Vec<Mutation> {
    Mutation::ALL
        .into_iter()
        .filter(|m| heartbeat_routing::runtime::options::mutation_site(*m).is_ok())
        .collect()
}

/// A mutation the runtime cannot apply is refused with its name and why: only those that remove
/// a reference rule of SPEC §8.2 to show the model checks it (tests/model_teeth.rs).
#[test]
fn ck4_the_runtime_applies_or_refuses_every_mutation() {
    for mutation in Mutation::ALL {
        match heartbeat_routing::runtime::options::mutation_site(mutation) {
            Ok(place) => assert!(!place.is_empty()),
            Err(why) => assert!(why.contains("SPEC §8.2"), "{mutation}: {why}"),
        }
    }
    assert_eq!(applied().len(), 8, "the eight conformance mutations");
}
