//! CK1 (SPEC §11): the runtime conforms to the model step by step. proptest-state-machine
//! generates configurations (every profile, scopes, mainKey spellings, 1–2 agents, each site,
//! its origins, heartbeat settings, bounds and faults) and action sequences drawn from the
//! model's own `actions()`; the system under test is a gateway driven by the operation each
//! action stands for, and after every step the abstraction of the gateway's state must equal
//! the model's state (`Harness::step`). A failure shrinks to a minimal sequence, which the
//! panic message prints with both states.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use heartbeat_model::config::{Bounds, Config, Faults, HeartbeatSetting, Heartbeats};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::{Action, MainKey, Profile, RoutingModel, Scope, SiteTable, State};
use heartbeat_routing::keys::normalize::normalize_main_key;
use heartbeat_spec::conformance::{Harness, HarnessOptions, known_divergence};
use proptest::prelude::*;
use proptest::sample::select;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
use stateright::Model;

/// The reference state: the model of one configuration and its current state.
#[derive(Clone, Debug)]
pub struct Reference {
    model: Arc<RoutingModel>,
    /// The spelling of `session.mainKey` the gateway is given.
    main_key: String,
    state: State,
}

/// A step: a model action, or nothing when the model has no action left (a finished path).
#[derive(Clone, Debug)]
pub enum Step {
    Act(Action),
    Idle,
}

/// mainKey spellings: several normalise to `main`, the others to a custom key (N3).
const MAIN_KEYS: [&str; 7] = [
    "main", " Main ", "MAIN", "work", " Work ", "WORK", "ops-desk",
];

fn faults() -> impl Strategy<Value = Faults> {
    prop_oneof![
        4 => Just(Faults::NONE),
        1 => (0u8..=1, 0u8..=1, 0u8..=1, any::<bool>(), prop_oneof![Just(20u8), Just(1), Just(2)])
            .prop_map(|(restarts, handler_throws, run_failures, reaper, queue_cap)| Faults {
                restarts,
                handler_throws,
                run_failures,
                reaper,
                queue_cap,
            }),
    ]
}

fn bounds() -> impl Strategy<Value = Bounds> {
    (1u8..=2, 1u8..=2, 1u8..=2, any::<bool>()).prop_map(
        |(events_per_origin, origins_per_agent, interval_ticks, user_turns)| Bounds {
            events_per_origin,
            origins_per_agent,
            interval_ticks,
            user_turns,
        },
    )
}

/// A configuration the model accepts and that reaches no known divergence.
fn configuration() -> impl Strategy<Value = (Arc<RoutingModel>, String)> {
    let table = SiteTable::upstream();
    let sites = table.names();
    (
        select(Profile::ALL.to_vec()),
        select(Scope::ALL.to_vec()),
        select(MAIN_KEYS.to_vec()),
        1u8..=2,
        prop_oneof![6 => Just(Heartbeats::All), 1 => Just(Heartbeats::DefaultOnly), 1 => Just(Heartbeats::None)],
        // H10 to H12: one sequence in four has a setting other than the interval.
        prop_oneof![
            9 => Just(HeartbeatSetting::Interval),
            1 => Just(HeartbeatSetting::OtherSession),
            1 => Just(HeartbeatSetting::Isolated),
            1 => Just(HeartbeatSetting::OutsideActiveHours),
        ],
        select(sites),
        prop_oneof![1 => Just(None), 3 => select(OriginKind::ALL.to_vec()).prop_map(Some)],
        bounds(),
        faults(),
    )
        .prop_filter_map(
            "the model refuses the configuration, or it reaches a known divergence",
            move |(profile, scope, mk, agents, heartbeats, heartbeat, site, origin, bounds, faults)| {
                let main_key = if normalize_main_key(Some(mk)) == "main" {
                    MainKey::Default
                } else {
                    MainKey::Custom
                };
                let config = Config {
                    heartbeats,
                    heartbeat,
                    origins: origin.into_iter().collect(),
                    bounds,
                    faults,
                    ..Config::new(scope, main_key, agents, &site)
                };
                let model = RoutingModel::new(profile, config, &table).ok()?;
                known_divergence(&model).is_none().then(|| (Arc::new(model), mk.to_string()))
            },
        )
}

pub struct ModelMachine;

impl ReferenceStateMachine for ModelMachine {
    type State = Reference;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Reference> {
        configuration()
            .prop_flat_map(|(model, main_key)| {
                let inits = model.init_states();
                select(inits).prop_map(move |state| Reference {
                    model: Arc::clone(&model),
                    main_key: main_key.clone(),
                    state,
                })
            })
            .boxed()
    }

    fn transitions(r: &Reference) -> BoxedStrategy<Step> {
        let mut actions = Vec::new();
        r.model.actions(&r.state, &mut actions);
        if actions.is_empty() {
            Just(Step::Idle).boxed()
        } else {
            select(actions).prop_map(Step::Act).boxed()
        }
    }

    fn apply(mut r: Reference, step: &Step) -> Reference {
        if let Step::Act(a) = step {
            r.state = r
                .model
                .next_state(&r.state, *a)
                .expect("enabled actions have a successor");
        }
        r
    }

    /// While shrinking, a step is kept only where the model still enables it.
    fn preconditions(r: &Reference, step: &Step) -> bool {
        match step {
            Step::Idle => true,
            Step::Act(a) => {
                let mut actions = Vec::new();
                r.model.actions(&r.state, &mut actions);
                actions.contains(a)
            }
        }
    }
}

/// The system under test: a gateway, driven through the conformance harness.
pub struct GatewayUnderTest;

impl StateMachineTest for GatewayUnderTest {
    type SystemUnderTest = Harness;
    type Reference = ModelMachine;

    fn init_test(r: &Reference) -> Harness {
        let options = HarnessOptions {
            main_key: Some(r.main_key.clone()),
            ..HarnessOptions::default()
        };
        Harness::new(Arc::clone(&r.model), &r.state, &options).unwrap_or_else(|m| panic!("{m}"))
    }

    fn apply(mut h: Harness, r: &Reference, step: Step) -> Harness {
        if let Step::Act(a) = step {
            // Harness::step compares α(gateway) with the model after the action.
            if let Err(m) = h.step(a) {
                panic!("{m}");
            }
        }
        assert_eq!(h.state(), &r.state, "the harness follows the reference");
        h
    }
}

/// Steps applied (actions, not idle steps) and cases run, over the whole test.
static STEPS: AtomicU64 = AtomicU64::new(0);
static KINDS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
static CONFIGS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The gateway under test, counting what it was driven through.
pub struct CountingGateway;

impl StateMachineTest for CountingGateway {
    type SystemUnderTest = Harness;
    type Reference = ModelMachine;

    fn init_test(r: &Reference) -> Harness {
        CONFIGS.lock().unwrap().insert(format!(
            "{} {} mainKey={:?}",
            r.model.profile, r.model.config, r.main_key
        ));
        GatewayUnderTest::init_test(r)
    }

    fn apply(h: Harness, r: &Reference, step: Step) -> Harness {
        if let Step::Act(a) = &step {
            STEPS.fetch_add(1, Ordering::Relaxed);
            KINDS.lock().unwrap().insert(a.kind().name());
        }
        GatewayUnderTest::apply(h, r, step)
    }
}

/// CK1: every generated sequence, in every generated configuration, conforms step by step.
/// The configurations include agents without a heartbeat (H9) and, one in four, a heartbeat
/// setting of H10 (`other-session`), H11 (`isolated`) or H12 (`outside-active-hours`).
/// (What `prop_state_machine!` expands to, run here by hand so the test can print what it
/// covered.)
#[test]
fn ck1_runtime_conforms_to_the_model_step_by_step() {
    use proptest::test_runner::{Config as RunnerConfig, TestRunner};
    let config = RunnerConfig {
        // Tier 1 runs 2,000 sequences; tier 2 runs 20,000 (`CONFORMANCE_CASES`).
        cases: crate::tier::size("CONFORMANCE_CASES", 2_000, 20_000) as u32,
        max_shrink_iters: 4096,
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new(config.clone());
    let result = runner.run(
        &ModelMachine::sequential_strategy(1..60),
        |(init, steps, seen)| {
            CountingGateway::test_sequential(config.clone(), init, steps, seen);
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let kinds = KINDS.lock().unwrap();
    println!(
        "{} sequences, {} steps compared, {} distinct configurations, action kinds: {}",
        config.cases,
        STEPS.load(Ordering::Relaxed),
        CONFIGS.lock().unwrap().len(),
        kinds.iter().copied().collect::<Vec<_>>().join(", ")
    );
    assert_eq!(
        kinds.len(),
        10,
        "every kind of action was exercised: {kinds:?}"
    );
}

// ---- CK4: the same check with the runtime mutated fails, and shrinks ----

/// Configurations where the mutation `drop-cron-run-remap` is reachable: 2026.5.12, cron-run
/// origins.
pub struct MutationMachine;

impl ReferenceStateMachine for MutationMachine {
    type State = Reference;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Reference> {
        (
            select(Scope::ALL.to_vec()),
            1u8..=2,
            select(vec!["exec-exit", "node-exec-event", "cli-watchdog"]),
        )
            .prop_flat_map(|(scope, agents, site)| {
                let mut config = Config::new(scope, MainKey::Default, agents, site);
                config.origins = vec![OriginKind::CronRun];
                let model = Arc::new(
                    RoutingModel::new(Profile::Openclaw2026_5_12, config, &SiteTable::upstream())
                        .unwrap(),
                );
                select(model.init_states()).prop_map(move |state| Reference {
                    model: Arc::clone(&model),
                    main_key: "main".into(),
                    state,
                })
            })
            .boxed()
    }

    fn transitions(r: &Reference) -> BoxedStrategy<Step> {
        ModelMachine::transitions(r)
    }

    fn apply(r: Reference, step: &Step) -> Reference {
        ModelMachine::apply(r, step)
    }

    fn preconditions(r: &Reference, step: &Step) -> bool {
        ModelMachine::preconditions(r, step)
    }
}

/// The gateway with the mutation `drop-cron-run-remap`: cron-run events under their raw key.
pub struct MutatedGateway;

impl StateMachineTest for MutatedGateway {
    type SystemUnderTest = Harness;
    type Reference = MutationMachine;

    fn init_test(r: &Reference) -> Harness {
        let options = HarnessOptions {
            mutation: Some(heartbeat_model::mutation::Mutation::DropCronRunRemap),
            ..HarnessOptions::default()
        };
        Harness::new(Arc::clone(&r.model), &r.state, &options).unwrap_or_else(|m| panic!("{m}"))
    }

    fn apply(h: Harness, r: &Reference, step: Step) -> Harness {
        GatewayUnderTest::apply(h, r, step)
    }
}

/// CK4: with the mutation, the state-machine test fails; proptest shrinks the failure to a
/// minimal sequence (one enqueue from a cron run), which is printed.
#[test]
fn ck4_mutated_runtime_fails_the_state_machine_test() {
    use proptest::test_runner::{Config as RunnerConfig, TestError, TestRunner};
    let config = RunnerConfig {
        cases: 64,
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new(config.clone());
    // The failing case panics inside the mutated test; proptest catches it and shrinks.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = runner.run(
        &MutationMachine::sequential_strategy(1..20),
        |(init, steps, seen)| {
            MutatedGateway::test_sequential(config.clone(), init, steps, seen);
            Ok(())
        },
    );
    std::panic::set_hook(hook);
    match result {
        Err(TestError::Fail(reason, (init, steps, _))) => {
            println!(
                "minimal failing sequence ({} step(s)) in {} {}:",
                steps.len(),
                init.model.profile,
                init.model.config
            );
            for s in &steps {
                println!("  {s:?}");
            }
            println!("{reason}");
            assert!(
                reason.message().contains("runtime and model disagree"),
                "{reason}"
            );
            let enqueues = steps
                .iter()
                .filter(|s| matches!(s, Step::Act(Action::Enqueue { .. })))
                .count();
            assert_eq!(enqueues, 1, "shrunk to one enqueue: {steps:?}");
            assert!(steps.len() <= 2, "shrunk: {steps:?}");
        }
        other => panic!("the mutated runtime must fail the conformance check: {other:?}"),
    }
}
