//! Teeth: every invariant can fail. Each mutation breaks one decision of `reference`, and the
//! checker must report the named invariant violated, in a configuration where the unmutated
//! reference holds it (SPEC §8: I1-I8).

use heartbeat_model::config::{Bounds, Config, MainKey, Scope};
use heartbeat_model::mutation::Mutation;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::{CheckOptions, Verdict, check};
use heartbeat_model::{Profile, RoutingModel, SiteTable};

struct Case {
    mutation: Mutation,
    invariant: &'static str,
    scope: Scope,
    agents: u8,
    site: &'static str,
    origin: OriginKind,
    events_per_origin: u8,
}

const CASES: [Case; 9] = [
    // I7, I1: the cron-run event stays under its own key.
    Case {
        mutation: Mutation::DropCronRunRemap,
        invariant: "wake-drains-enqueue-key",
        scope: Scope::PerSender,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        events_per_origin: 1,
    },
    Case {
        mutation: Mutation::DropCronRunRemap,
        invariant: "no-stranded-event",
        scope: Scope::PerSender,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        events_per_origin: 1,
    },
    // I3: the wake forces the cron-run session.
    Case {
        mutation: Mutation::RawWakeSession,
        invariant: "no-heartbeat-in-cron-run",
        scope: Scope::PerSender,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        events_per_origin: 1,
    },
    // I4: one `global` queue for both agents.
    Case {
        mutation: Mutation::SharedGlobalQueue,
        invariant: "no-cross-agent-surfacing",
        scope: Scope::Global,
        agents: 2,
        site: "exec-exit",
        origin: OriginKind::CronRun,
        events_per_origin: 1,
    },
    // I2: a second event arrives between peek and consume and is drained unseen.
    Case {
        mutation: Mutation::DrainAllOnConsume,
        invariant: "no-unsurfaced-consumption",
        scope: Scope::PerSender,
        agents: 1,
        site: "acp-parent-stream",
        origin: OriginKind::Main,
        events_per_origin: 2,
    },
    // I5: a user turn drains what a running heartbeat already put in its prompt.
    Case {
        mutation: Mutation::NoLaneSerialisation,
        invariant: "no-double-surfacing",
        scope: Scope::PerSender,
        agents: 1,
        site: "acp-parent-stream",
        origin: OriginKind::Main,
        events_per_origin: 1,
    },
    // I6: the newer of two events is surfaced while the older waits.
    Case {
        mutation: Mutation::InspectNewestOnly,
        invariant: "per-origin-order",
        scope: Scope::PerSender,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::Main,
        events_per_origin: 2,
    },
    // I8: every agent's heartbeat runs for one agent's event.
    Case {
        mutation: Mutation::UntargetedWakes,
        invariant: "no-cross-agent-wake",
        scope: Scope::PerSender,
        agents: 2,
        site: "exec-exit",
        origin: OriginKind::Main,
        events_per_origin: 1,
    },
    // I1: the guard-deferred wake is dropped again.
    Case {
        mutation: Mutation::DropGuardedWakes,
        invariant: "no-stranded-event",
        scope: Scope::PerSender,
        agents: 1,
        site: "exec-exit",
        origin: OriginKind::Main,
        events_per_origin: 1,
    },
];

fn config(case: &Case, mutation: Option<Mutation>) -> Config {
    let mut c = Config::new(case.scope, MainKey::Default, case.agents, case.site);
    c.origins = vec![case.origin];
    c.bounds = Bounds {
        events_per_origin: case.events_per_origin,
        ..Bounds::default()
    };
    c.mutation = mutation;
    c
}

fn verdict(config: Config, invariant: &str) -> (Verdict, Option<String>) {
    let model = RoutingModel::new(Profile::Reference, config, &SiteTable::upstream()).unwrap();
    let out = check(&model, &CheckOptions::default());
    let p = out
        .get(invariant)
        .unwrap_or_else(|| panic!("no property {invariant}"));
    (p.verdict, p.trace.as_ref().map(|t| t.render_text()))
}

#[test]
fn each_mutation_breaks_its_invariant_and_reference_holds_it() {
    for case in &CASES {
        let (unmutated, _) = verdict(config(case, None), case.invariant);
        assert_eq!(
            unmutated,
            Verdict::Holds,
            "reference must hold {} before {}",
            case.invariant,
            case.mutation
        );
        let (mutated, trace) = verdict(config(case, Some(case.mutation)), case.invariant);
        assert_eq!(
            mutated,
            Verdict::Violated,
            "{} must break {}",
            case.mutation,
            case.invariant
        );
        let trace = trace.expect("a violated invariant comes with its counterexample");
        assert!(
            trace.contains(" 1. "),
            "the counterexample has numbered steps:\n{trace}"
        );
    }
}

/// Every invariant other than the model's own sanity check (M1) has a mutation that breaks it.
#[test]
fn every_invariant_has_teeth() {
    for inv in heartbeat_model::properties::INVARIANTS
        .iter()
        .filter(|i| i.id.starts_with('I'))
    {
        assert!(
            CASES.iter().any(|c| c.invariant == inv.name),
            "no mutation shows that {} {} can fail",
            inv.id,
            inv.name
        );
    }
    for m in Mutation::ALL {
        assert!(
            CASES.iter().any(|c| c.mutation == m),
            "mutation {m} is not exercised"
        );
    }
}
