//! Teeth: every invariant can fail. Each mutation breaks one decision of `reference`, and the
//! checker must report the named invariant violated, in a configuration where the unmutated
//! reference holds it (SPEC §8: I1-I8). And every rule of SPEC §8.2 (R1-R13) is checked:
//! removing any one changes a named property's verdict (the `r<n>_…_is_caught` tests).

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
            CASES.iter().any(|c| c.mutation == m) || RULES.iter().any(|r| r.1 == m),
            "mutation {m} is not exercised"
        );
    }
}

// ---- One mutation per reference rule of SPEC §8.2 (R1-R13) ----
//
// Removing any one rule must make a property's verdict change: an invariant the unmutated model
// holds is violated, or a witness it finds goes missing, in the smallest configuration that
// shows it. R4, R5, R9 and R11's cron-run part are the mutations of `CASES` above
// (drop-guarded-wakes, drain-all-on-consume, no-lane-serialisation, drop-cron-run-remap); the
// tests below name each rule and cover the rest.

use heartbeat_model::config::{Faults, Heartbeats};

/// Each reference rule of SPEC §8.2 and the mutation that removes it (R11 has two: its cron-run
/// part and the reference's own remaps). Each has its `r<n>_…_is_caught` test below.
const RULES: [(&str, Mutation); 14] = [
    ("R1", Mutation::WakesKeyedByAgent),
    ("R2", Mutation::MergeKeepsWinnerInspection),
    ("R3", Mutation::KindBlindInspection),
    ("R4", Mutation::DropGuardedWakes),
    ("R5", Mutation::DrainAllOnConsume),
    ("R6", Mutation::OverlappingRuns),
    ("R7", Mutation::NoUntargetedFanOut),
    ("R8", Mutation::SkipIntervalRun),
    ("R9", Mutation::NoLaneSerialisation),
    ("R10", Mutation::EnqueueUndeliverable),
    ("R11", Mutation::DropCronRunRemap),
    ("R11", Mutation::UpstreamRemapOnly),
    ("R12", Mutation::SilentCapDrop),
    ("R13", Mutation::ConsumeOnFinishOnly),
];

/// Every rule R1-R13 has a mutation, and SPEC §8.2 names it next to the rule, so that a rule
/// added without one, or a SPEC that stops saying how a rule is checked, fails here.
#[test]
fn every_reference_rule_has_a_mutation_named_in_the_spec() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../SPEC.md")).unwrap();
    let start = spec.find("### 8.2 ").expect("SPEC §8.2");
    let end = start + spec[start..].find("### 8.3 ").expect("SPEC §8.3");
    let section = &spec[start..end];
    for n in 1..=13 {
        let rule = format!("R{n}");
        let at = section
            .find(&format!("- **{rule}**"))
            .unwrap_or_else(|| panic!("§8.2 has no {rule}"));
        let text = &section[at..];
        let text = &text[..text[2..].find("\n- **").map_or(text.len(), |e| e + 2)];
        for (_, m) in RULES.iter().filter(|r| r.0 == rule) {
            assert!(
                text.contains(&format!("`{m}`")),
                "SPEC §8.2 {rule} does not name its mutation `{m}`"
            );
        }
        assert!(
            RULES.iter().any(|r| r.0 == rule),
            "{rule} has no mutation that removes it"
        );
    }
}

/// The configuration of one rule's test, before the mutation is applied.
fn rule_config(sites: &[&str], origins: &[OriginKind], agents: u8) -> Config {
    let mut c = Config::new(Scope::PerSender, MainKey::Default, agents, sites[0]);
    c.sites = sites.iter().map(|s| s.to_string()).collect();
    c.origins = origins.to_vec();
    c
}

/// `property` of `profile` in `config`: `before` unmutated, `after` with `mutation`.
fn rule_teeth(
    profile: Profile,
    config: Config,
    mutation: Mutation,
    property: &str,
    (before, after): (Verdict, Verdict),
) {
    let verdict = |mutation| {
        let mut c = config.clone();
        c.mutation = mutation;
        let model = RoutingModel::new(profile, c, &SiteTable::upstream()).unwrap();
        let out = check(&model, &CheckOptions::default());
        let p = out
            .get(property)
            .unwrap_or_else(|| panic!("no property {property}"));
        (p.verdict, p.trace.as_ref().map(|t| t.render_text()))
    };
    let (unmutated, _) = verdict(None);
    assert_eq!(
        unmutated, before,
        "{profile:?} {config}: {property} unmutated"
    );
    let (mutated, trace) = verdict(Some(mutation));
    assert_eq!(mutated, after, "{mutation} must change {property}");
    if after == Verdict::Violated {
        let trace = trace.expect("a violated invariant comes with its counterexample");
        assert!(trace.contains(" 1. "), "numbered steps:\n{trace}");
    }
}

const BREAKS: (Verdict, Verdict) = (Verdict::Holds, Verdict::Violated);

/// R1: the pending map is keyed by the whole target. Keyed by agent only, a main-session exec
/// wake replaces the DM one (or the reverse) and the other session's exec completion strands.
#[test]
fn r1_wakes_keyed_by_agent_only_is_caught() {
    let mut c = rule_config(&["exec-exit"], &[OriginKind::Main, OriginKind::Dm], 1);
    c.bounds.origins_per_agent = 2;
    let m = Mutation::WakesKeyedByAgent;
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
}

/// R2 (the issue's own example): an exec-exit wake and a CLI-watchdog wake meet on the agent's
/// main session; the merged wake must still inspect the exec completion.
#[test]
fn r2_merged_wake_loses_inspection_is_caught() {
    let mut c = rule_config(&["exec-exit", "cli-watchdog"], &[OriginKind::Main], 1);
    c.bounds.events_per_origin = 2;
    let m = Mutation::MergeKeepsWinnerInspection;
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
}

/// R3: an exec-event wake inspects exec completions; inspecting as an interval tick does, no
/// run ever surfaces one.
#[test]
fn r3_kind_blind_inspection_is_caught() {
    let c = rule_config(&["exec-exit"], &[OriginKind::Main], 1);
    let m = Mutation::KindBlindInspection;
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
}

/// R4: a guard-deferred wake is kept and retried (reference, 2026.9.6).
#[test]
fn r4_dropped_guarded_wake_is_caught() {
    let c = rule_config(&["exec-exit"], &[OriginKind::Main], 1);
    let m = Mutation::DropGuardedWakes;
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
}

/// R5: a run consumes exactly what it inspected.
#[test]
fn r5_drain_all_on_consume_is_caught() {
    let mut c = rule_config(&["acp-parent-stream"], &[OriginKind::Main], 1);
    c.bounds.events_per_origin = 2;
    let m = Mutation::DrainAllOnConsume;
    rule_teeth(
        Profile::Reference,
        c,
        m,
        "no-unsurfaced-consumption",
        BREAKS,
    );
}

/// R6: one run per agent at a time. Without it the interval heartbeat and the event's wake run
/// side by side on one queue and both surface the event.
#[test]
fn r6_overlapping_runs_is_caught() {
    let c = rule_config(&["acp-parent-stream"], &[OriginKind::Main], 1);
    let m = Mutation::OverlappingRuns;
    rule_teeth(Profile::Reference, c, m, "no-double-surfacing", BREAKS);
}

/// R7: an untargeted wake runs every heartbeat agent. The reference requests no untargeted wake
/// (W rules), so R7 shows where one exists: the draft's untargeted cron wake, whose fan-out is
/// what peeks agent `ops`'s queue.
#[test]
fn r7_untargeted_wake_without_fan_out_is_caught() {
    let c = rule_config(&["exec-exit"], &[OriginKind::CronRun], 2);
    let m = Mutation::NoUntargetedFanOut;
    let profile = Profile::Pr50818UntargetedCronWake;
    rule_teeth(profile, c, m, "wake-drains-enqueue-key", BREAKS);
}

/// R8: the interval tick runs the heartbeat. In the reference every event has its own retained
/// wake, so no invariant needs the tick there; its witness X4 does. Up to 2026.5.12 the tick is
/// what surfaces the events of a dropped deferred wake (B5), and I1 fails without it.
#[test]
fn r8_interval_tick_without_run_is_caught() {
    let c = rule_config(&["acp-parent-stream"], &[OriginKind::Main], 1);
    let m = Mutation::SkipIntervalRun;
    let witness = (Verdict::Witnessed, Verdict::Missing);
    rule_teeth(
        Profile::Reference,
        c.clone(),
        m,
        "interval-tick-ran",
        witness,
    );
    let mut c = c;
    c.bounds.user_turns = false;
    rule_teeth(
        Profile::Openclaw2026_5_12,
        c,
        m,
        "no-stranded-event",
        BREAKS,
    );
}

/// R9: lanes serialise a user turn with a heartbeat run on the same queue.
#[test]
fn r9_no_lane_serialisation_is_caught() {
    let c = rule_config(&["acp-parent-stream"], &[OriginKind::Main], 1);
    let m = Mutation::NoLaneSerialisation;
    rule_teeth(Profile::Reference, c, m, "no-double-surfacing", BREAKS);
}

/// R10: an agent without a heartbeat gets its event reported undeliverable, not queued.
#[test]
fn r10_enqueue_for_agent_without_heartbeat_is_caught() {
    let mut c = rule_config(&["exec-exit"], &[OriginKind::Main], 2);
    c.heartbeats = Heartbeats::DefaultOnly;
    let m = Mutation::EnqueueUndeliverable;
    rule_teeth(
        Profile::Reference,
        c.clone(),
        m,
        "wake-drains-enqueue-key",
        BREAKS,
    );
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
}

/// R11: the reference remaps subagents (and, under global scope, every origin) to the queue
/// the heartbeat peeks; remapping only cron runs, as 2026.9.6 does, strands them (F1, F2).
/// The cron-run part is drop-cron-run-remap (`CASES`).
#[test]
fn r11_upstream_remap_only_is_caught() {
    let c = rule_config(&["exec-exit"], &[OriginKind::Subagent], 1);
    let m = Mutation::UpstreamRemapOnly;
    rule_teeth(
        Profile::Reference,
        c.clone(),
        m,
        "wake-drains-enqueue-key",
        BREAKS,
    );
    rule_teeth(Profile::Reference, c, m, "no-stranded-event", BREAKS);
    let mut c = rule_config(&["exec-exit"], &[OriginKind::CronBase], 1);
    c.scope = Scope::Global;
    rule_teeth(Profile::Reference, c, m, "wake-drains-enqueue-key", BREAKS);
    let c = rule_config(&["exec-exit"], &[OriginKind::CronRun], 1);
    let m = Mutation::DropCronRunRemap;
    rule_teeth(Profile::Reference, c, m, "wake-drains-enqueue-key", BREAKS);
}

/// R12: the cap's drop is reported; silent, the dropped event left unsurfaced.
#[test]
fn r12_silent_cap_drop_is_caught() {
    let mut c = rule_config(&["acp-parent-stream"], &[OriginKind::Main], 1);
    c.bounds.events_per_origin = 2;
    c.faults = Faults {
        queue_cap: 1,
        ..Faults::NONE
    };
    let m = Mutation::SilentCapDrop;
    rule_teeth(
        Profile::Reference,
        c,
        m,
        "no-unsurfaced-consumption",
        BREAKS,
    );
}

/// R13: a run consumes what it inspected as its reply goes out; consuming only on finishing, a
/// failure after the reply surfaces the events again (F5).
#[test]
fn r13_consume_on_finish_only_is_caught() {
    let mut c = rule_config(&["exec-exit"], &[OriginKind::Main], 1);
    c.faults = Faults {
        run_failures: 1,
        ..Faults::NONE
    };
    let m = Mutation::ConsumeOnFinishOnly;
    rule_teeth(Profile::Reference, c, m, "no-double-surfacing", BREAKS);
}
