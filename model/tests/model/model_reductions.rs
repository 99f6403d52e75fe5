//! The reductions keep verdicts exact (SPEC appendix B: D2 symmetry, D5 partial-order reduction). Over
//! the recommended matrix with 2 agents, and over mutated 3-agent models where violations
//! abound, depth-first search with symmetry, with partial-order reduction, and with both, gives
//! exactly the verdicts of plain breadth-first search, while exploring fewer states.
//!
//! The three differential runs are tier 2 (`#[ignore]`d, minutes on 2 cores): run them with
//! `cargo test -p heartbeat-model --test model -- --ignored` (`.ci/run` does). Tier 1 keeps the exact
//! state counts of model/tests/model/model_state_counts.rs, which notice any change of what the reductions
//! explore, and `partial_order_reduction_only_for_independent_agents`.

use heartbeat_model::SiteTable;
use heartbeat_model::config::{Bounds, Config, MainKey, Scope};
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::reduction::{ReducedModel, agents_independent};
use heartbeat_model::verify::expectations::Expectations;
use heartbeat_model::verify::matrix::Matrix;
use heartbeat_model::verify::sweep::{SweepOptions, SweepReport, Traces, build_models, sweep};
use heartbeat_model::verify::{CheckOptions, CheckOutcome, SearchMode, Verdict, check};
use heartbeat_model::{Profile, RoutingModel};

#[derive(Clone, Copy, Debug)]
struct Reduction {
    symmetry: bool,
    por: bool,
}

const PLAIN: Reduction = Reduction {
    symmetry: false,
    por: false,
};
const REDUCED: [Reduction; 3] = [
    Reduction {
        symmetry: true,
        por: false,
    },
    Reduction {
        symmetry: false,
        por: true,
    },
    Reduction {
        symmetry: true,
        por: true,
    },
];

fn options(r: Reduction) -> CheckOptions {
    CheckOptions {
        symmetry: r.symmetry,
        por: r.por,
        mode: if r.symmetry || r.por {
            SearchMode::Dfs
        } else {
            SearchMode::Bfs
        },
        // Verdicts only: a shortest trace per violation would be most of the test's time.
        traces: false,
        ..CheckOptions::default()
    }
}

fn run(models: &[RoutingModel], r: Reduction) -> SweepReport {
    let options = SweepOptions {
        check: options(r),
        workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        traces: Traces::Unexpected,
    };
    sweep(models, &Expectations::builtin(), &options, &|_| {})
}

fn verdicts(r: &SweepReport) -> Vec<(String, String, Verdict)> {
    r.models
        .iter()
        .flat_map(|m| {
            m.properties.iter().map(move |p| {
                (
                    format!("{} {}", m.profile, m.config),
                    p.name.clone(),
                    p.verdict,
                )
            })
        })
        .collect()
}

/// Every reduced search of `model` gives the verdicts of its plain search `plain`.
fn assert_reductions_agree(model: &RoutingModel, plain: &CheckOutcome) {
    let verdicts = |o: &CheckOutcome| -> Vec<(String, Verdict)> {
        o.properties
            .iter()
            .map(|p| (p.name.clone(), p.verdict))
            .collect()
    };
    for r in REDUCED {
        let reduced = check(model, &options(r));
        assert_eq!(
            verdicts(plain),
            verdicts(&reduced),
            "{r:?} {} {}",
            model.profile,
            model.config
        );
    }
}

/// D2, D5: every reduction gives the verdicts of the plain search over the 2-agent matrix.
#[test]
#[ignore = "tier 2: differential sweep of the 2-agent matrix, plain vs 3 reductions (about a minute); D2/D5 stay in tier 1 through model/tests/model/model_state_counts.rs and partial_order_reduction_only_for_independent_agents"]
fn reductions_keep_the_recommended_matrix_verdicts() {
    let table = SiteTable::upstream();
    let mut matrix = Matrix::recommended(&table);
    matrix.agents = vec![2];
    // Symmetry applies to every profile; partial-order reduction to 2026.9.6 and reference.
    matrix.profiles = vec![
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ];
    let models = build_models(&matrix.entries(&table), &table).unwrap();
    let plain = run(&models, PLAIN);
    let expected = verdicts(&plain);
    for r in REDUCED {
        let reduced = run(&models, r);
        assert_eq!(verdicts(&reduced), expected, "{r:?}");
        eprintln!(
            "2 agents: {} unique states plain, {} with {r:?}",
            plain.totals.unique_states, reduced.totals.unique_states
        );
        assert!(
            reduced.totals.unique_states < plain.totals.unique_states,
            "{r:?} must save states"
        );
    }
}

/// D5: with three agents (two where user turns or two events per origin would make the plain
/// search too large for CI) and each mutation of the reference (violations everywhere), the
/// reduced searches find exactly the violations and witnesses the plain search finds.
#[test]
#[ignore = "tier 2: differential run over mutated 3-agent models (about two minutes); D5 stays in tier 1 through model/tests/model/model_state_counts.rs"]
fn reductions_keep_verdicts_of_mutated_three_agent_models() {
    let table = SiteTable::upstream();
    let mut models = Vec::new();
    for mutation in [None]
        .into_iter()
        .chain(Mutation::ALL.into_iter().map(Some))
    {
        for (site, origin, agents, events) in [
            ("exec-exit", OriginKind::CronRun, 3, 1),
            ("exec-exit", OriginKind::Main, 3, 1),
            ("acp-parent-stream", OriginKind::Main, 2, 1),
            ("exec-exit", OriginKind::Main, 2, 2),
        ] {
            // Untargeted wakes fan out to every agent: millions of states with three, and the
            // agents are not independent, so partial-order reduction is off there anyway.
            let agents = if mutation == Some(Mutation::UntargetedWakes) {
                2
            } else {
                agents
            };
            let mut c = Config::new(Scope::PerSender, MainKey::Default, agents, site);
            c.origins = vec![origin];
            c.bounds = Bounds {
                events_per_origin: events,
                ..Bounds::default()
            };
            c.mutation = mutation;
            models.push(RoutingModel::new(Profile::Reference, c, &table).unwrap());
        }
    }
    // The longest test of tier 2, and the last to finish: its models on two threads, so that
    // the core the other tests leave idle takes half of them.
    let check_all = |part: usize| {
        for model in models.iter().skip(part).step_by(2) {
            let plain = check(model, &options(PLAIN));
            assert_reductions_agree(model, &plain);
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(|| check_all(1));
        check_all(0);
        other.join().expect("the second half of the models");
    });
}

/// D5 applies only where agents are independent: never up to 2026.5.12 (one heartbeat at a
/// time in the gateway), never with a shared `global` queue or untargeted wakes.
#[test]
fn partial_order_reduction_only_for_independent_agents() {
    let table = SiteTable::upstream();
    let independent = |profile, scope, origin, mutation| {
        let mut c = Config::new(scope, MainKey::Default, 2, "exec-exit");
        c.origins = vec![origin];
        c.mutation = mutation;
        agents_independent(&RoutingModel::new(profile, c, &table).unwrap())
    };
    use OriginKind::{CronRun, Main};
    use Profile::{Openclaw2026_5_12, Openclaw2026_9_6, Reference};
    assert!(independent(Reference, Scope::Global, Main, None));
    assert!(independent(
        Openclaw2026_9_6,
        Scope::PerSender,
        CronRun,
        None
    ));
    assert!(!independent(
        Openclaw2026_5_12,
        Scope::PerSender,
        Main,
        None
    ));
    let shared = Some(Mutation::SharedGlobalQueue);
    assert!(!independent(Reference, Scope::Global, Main, shared));
    let untargeted = Some(Mutation::UntargetedWakes);
    assert!(!independent(Reference, Scope::PerSender, Main, untargeted));
}

/// D5 (e): up to 2026.5.12 the agents share the run lock, and the lock-aware ample sets give
/// exactly the verdicts of plain breadth-first search, over every site and origin the 5.7 and
/// 5.12 releases know, with three agents or two with two events per origin and the reaper, with
/// heartbeats on every agent or on the default agent only (every model whose plain search
/// finishes within 40k states, so that the test stays short).
#[test]
#[ignore = "tier 2: differential run over every 2026.5.7/2026.5.12 model under 40k states (over a minute); D5 stays in tier 1 through model/tests/model/model_state_counts.rs"]
fn lock_aware_reduction_keeps_verdicts_up_to_2026_5_12() {
    let table = SiteTable::upstream();
    let mut reduced_models = 0;
    for profile in [Profile::Openclaw2026_5_7, Profile::Openclaw2026_5_12] {
        for site in table.names() {
            for origin in OriginKind::ALL {
                for (agents, events, heartbeats, reaper) in [
                    (3, 1, heartbeat_model::config::Heartbeats::All, false),
                    (2, 2, heartbeat_model::config::Heartbeats::All, true),
                    (
                        3,
                        1,
                        heartbeat_model::config::Heartbeats::DefaultOnly,
                        false,
                    ),
                ] {
                    let mut c = Config::new(Scope::PerSender, MainKey::Default, agents, &site);
                    c.origins = vec![origin];
                    c.heartbeats = heartbeats;
                    c.bounds.events_per_origin = events;
                    c.faults.reaper = reaper;
                    let Ok(model) = RoutingModel::new(profile, c, &table) else {
                        continue; // the site does not fire from this origin
                    };
                    if !ReducedModel::new(model.clone(), true).lock_por() {
                        continue;
                    }
                    // The plain search bounds the test's time: models it cannot finish
                    // within the budget are left to `bench` (the verdicts could not be
                    // compared anyway).
                    let mut bounded = options(PLAIN);
                    bounded.budget.max_states = Some(40_000);
                    let plain = check(&model, &bounded);
                    if !plain.stats.complete {
                        continue;
                    }
                    reduced_models += 1;
                    assert_reductions_agree(&model, &plain);
                }
            }
        }
    }
    eprintln!("{reduced_models} models compared");
    assert!(
        reduced_models >= 20,
        "only {reduced_models} models compared"
    );
}
