//! CK3 (SPEC §11): every known-bug counterexample (SPEC §9; the configurations of
//! `heartbeat_model::spec::known_bugs::KNOWN_BUGS`, as in model/tests/model/known_bugs.rs)
//! replayed through the runtime under its profile loses the event in the same way — the same
//! abstract state after every step, and the invariant violated on the runtime's own final
//! state — and the same inputs under `reference`, driven to quiescence, strand nothing and
//! break no invariant.

use std::sync::Arc;

use heartbeat_model::Profile;
use heartbeat_model::action::{Action, ActionKind};
use heartbeat_model::properties::{PropertyKind, specs};
use heartbeat_model::spec::known_bugs::KNOWN_BUGS;
use heartbeat_model::state::EventStatus;
use heartbeat_model::verify::search::replay as model_replay;
use heartbeat_model::verify::{CheckOptions, Verdict, check};
use heartbeat_routing::runtime::Gateway;
use heartbeat_routing::runtime::ledger::Fate;
use heartbeat_routing::runtime::wake::WakeTimer;
use heartbeat_spec::conformance::{
    Harness, HarnessOptions, abstract_state, known_divergence, replay,
};

/// Scheduler and clock actions, in the order the quiescence driver prefers them.
const DRIVE: [ActionKind; 4] = [
    ActionKind::FinishRun,
    ActionKind::FireWake,
    ActionKind::TimePasses,
    ActionKind::IntervalTick,
];

/// Drives a harness to quiescence with scheduler and clock actions only (no new inputs).
fn drive_to_quiescence(h: &mut Harness) {
    for _ in 0..200 {
        if h.model().quiescent(h.state()) {
            return;
        }
        let enabled = h.enabled();
        let next = DRIVE
            .iter()
            .find_map(|k| enabled.iter().find(|a| a.kind() == *k))
            .copied()
            .unwrap_or_else(|| panic!("stuck before quiescence: {enabled:?}"));
        if let Err(m) = h.step(next) {
            panic!("{m}");
        }
    }
    panic!("no quiescence within 200 steps");
}

/// Drives a gateway alone to quiescence: finish runs, handle pending wakes, let intervals come
/// due and run, until nothing is pending or running.
fn drive_runtime_to_quiescence(g: &Gateway) {
    for _ in 0..200 {
        let (runs, ready, guarded) = g.inspect(|s| {
            let runs: Vec<String> = s.runner().runs().map(|r| r.agent.clone()).collect();
            let ready: Vec<String> = s
                .scheduler()
                .pending()
                .filter(|p| p.timer != WakeTimer::Guard)
                .map(|p| p.target.clone())
                .collect();
            (runs, ready, s.scheduler().pending().count())
        });
        if let Some(agent) = runs.first() {
            g.finish_run(agent).unwrap();
        } else if let Some(target) = ready.first() {
            g.fire_wake(target).unwrap();
        } else if guarded > 0 {
            let agents = g.inspect(|s| s.runner().heartbeat_agents());
            for a in agents {
                g.time_passes(&a).unwrap();
                g.interval_tick(&a).unwrap();
            }
            let targets: Vec<String> =
                g.inspect(|s| s.scheduler().pending().map(|p| p.target.clone()).collect());
            for t in targets {
                g.fire_wake(&t).unwrap();
            }
        } else {
            return;
        }
    }
    panic!("the runtime did not quiesce within 200 operations");
}

/// CK3: each counterexample replays through the runtime of its profile with the same abstract
/// state after every step, ending in the same violation; under `reference` the same inputs
/// strand nothing and violate nothing.
#[test]
fn ck3_known_bug_counterexamples_replay_in_the_runtime() {
    let mut replayed = 0;
    for s in &KNOWN_BUGS {
        let buggy = s.model(s.profile);
        let out = check(&buggy, &CheckOptions::default());
        for invariant in s.invariants {
            let p = out.get(invariant).unwrap();
            assert_eq!(p.verdict, Verdict::Violated, "{} {invariant}", s.id);
            let trace = p.trace.as_ref().expect("violations come with a trace");
            let actions = trace.actions();

            // The runtime loses the event the same way: step by step, the same abstract state.
            let h = replay(
                &buggy,
                &trace.init_state,
                &actions,
                &HarnessOptions::default(),
            )
            .unwrap_or_else(|m| panic!("{} {invariant}: {m}", s.id));
            let path = model_replay(&buggy, &trace.init_state, &actions).unwrap();
            let runtime_final = h.gateway().inspect(|g| abstract_state(&buggy, g)).unwrap();
            assert_eq!(&runtime_final, path.last_state(), "{}", s.id);
            let spec = specs(&buggy)
                .into_iter()
                .find(|x| x.name == *invariant)
                .unwrap();
            assert!(
                spec.is_discovery(&buggy, &runtime_final),
                "{} {invariant}: the runtime's own final state violates it",
                s.id
            );

            // The same inputs under the reference: enabled steps replayed, then quiescence.
            let reference = Arc::new(s.model(Profile::Reference));
            if let Some(d) = known_divergence(&reference) {
                // The model and the runtime disagree here (SPEC §11 DV rules): check the runtime
                // alone, with the same inputs.
                let h = Harness::new(
                    Arc::new(s.model(s.profile)),
                    &trace.init_state,
                    &HarnessOptions::default(),
                )
                .unwrap();
                let mut options = heartbeat_spec::conformance::harness::gateway_options(
                    &reference,
                    &trace.init_state,
                    reference.config.main_key.key(),
                );
                options.journal = false;
                let clock = Arc::new(heartbeat_routing::runtime::ManualClock::new(1_000_000));
                let g: Gateway = Gateway::new(&options, clock).unwrap();
                let mut driver = h;
                for a in &actions {
                    if let Action::Enqueue { .. } = a {
                        let op = driver.operation(*a).unwrap();
                        g.apply(op).unwrap();
                    }
                }
                drive_runtime_to_quiescence(&g);
                g.inspect(|st| {
                    assert!(st.queues().is_empty(), "{} ({}): stranded", s.id, d.id);
                    for e in st.ledger().entries() {
                        assert_eq!(e.fate, Fate::Consumed, "{}", s.id);
                        assert_eq!(
                            e.surfaced_to,
                            std::slice::from_ref(&e.provenance.agent),
                            "{}",
                            s.id
                        );
                    }
                });
                replayed += 1;
                continue;
            }
            let mut r = Harness::new(
                Arc::clone(&reference),
                &trace.init_state,
                &HarnessOptions::default(),
            )
            .unwrap();
            for a in &actions {
                if r.enabled().contains(a) {
                    r.step(*a)
                        .unwrap_or_else(|m| panic!("{} under reference: {m}", s.id));
                } else {
                    assert!(
                        !matches!(a, Action::Enqueue { .. }),
                        "{}: every input is enabled under the reference too",
                        s.id
                    );
                }
            }
            drive_to_quiescence(&mut r);
            let end = r
                .gateway()
                .inspect(|g| abstract_state(&reference, g))
                .unwrap();
            assert!(
                end.events.iter().all(|e| !e.is_queued()),
                "{}: stranded",
                s.id
            );
            // Surfaced, or refused and said so (E6: the reference refuses the events of an
            // agent without a heartbeat, F14).
            assert!(
                end.events
                    .iter()
                    .all(|e| e.surfaced() || e.status == EventStatus::Undeliverable),
                "{}: all surfaced",
                s.id
            );
            for spec in specs(&reference)
                .iter()
                .filter(|p| p.kind == PropertyKind::Invariant)
            {
                assert!(
                    spec.condition(&reference, &end),
                    "{}: reference violates {}",
                    s.id,
                    spec.name
                );
            }
            r.gateway().inspect(|g| {
                assert!(
                    g.queues().is_empty(),
                    "{}: a concrete queue holds events",
                    s.id
                )
            });
            replayed += 1;
        }
    }
    // 26 since B1-B6 and F1-F4 were joined by F7-F14 (one table for the model and the runtime).
    let counterexamples: usize = KNOWN_BUGS.iter().map(|b| b.invariants.len()).sum();
    assert_eq!(counterexamples, 26);
    assert_eq!(
        replayed, counterexamples,
        "every scenario's counterexamples"
    );
}
