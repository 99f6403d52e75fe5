//! The unit tests of `heartbeat_routing::runtime::gateway` (`impl/src/runtime/gateway.rs`), kept
//! out of the library so that `cargo test` compiles it once.

use heartbeat_vocab::Profile;

use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::runtime::clock::ManualClock;
use heartbeat_routing::runtime::gateway::*;
use heartbeat_routing::runtime::ops::EnqueueResult;
use heartbeat_routing::runtime::ops::{FireWakeOutcome, IntervalTickOutcome};
use heartbeat_routing::runtime::runner::MIN_SPACING_MS;
use heartbeat_routing::runtime::{Clock, GatewayOptions};
use std::sync::Arc;

const EXEC: &str = "Exec failed (a1b2c3d4, code 1) :: boom";

fn gateway(profile: Profile, recent: bool) -> (Gateway, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(10_000));
    let mut options = GatewayOptions::new(profile, Scope::PerSender, None, &["main", "ops"]);
    options.interval_ms = 60_000;
    for a in &mut options.agents {
        a.ran_recently = recent;
    }
    (Gateway::new(&options, clock.clone()).unwrap(), clock)
}

#[test]
fn the_gateway_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Gateway>();
}

/// R1, R6 on the production path, 2026.5.12: one scheduler timer; when it fires every
/// pending target is handled in turn; the second finds the handler busy and is re-queued
/// behind a 1000 ms retry timer that a later request does not pre-empt.
#[test]
fn fire_due_runs_the_batch_one_target_at_a_time() {
    let (g, clock) = gateway(Profile::Openclaw2026_5_12, false);
    g.enqueue_at_site("exec-exit", "main", "agent:main:main", EXEC)
        .unwrap();
    g.enqueue_at_site(
        "acp-parent-stream",
        "ops",
        "agent:ops:main",
        "ACP child: step 2",
    )
    .unwrap();
    // The exec wake coalesces 0 ms, so the one timer is due now.
    assert_eq!(g.next_wake_due(), Some(10_000));
    let fired = g.fire_due(clock.now_ms());
    assert_eq!(fired.len(), 2, "the whole batch");
    assert!(matches!(fired[0].1, Ok(FireWakeOutcome::Started(_))));
    assert_eq!(fired[1].1, Ok(FireWakeOutcome::Retrying));
    assert_eq!(g.next_wake_due(), Some(11_000));
    g.enqueue_at_site(
        "exec-exit",
        "main",
        "agent:main:main",
        "Exec failed (b, code 2)",
    )
    .unwrap();
    assert_eq!(
        g.next_wake_due(),
        Some(11_000),
        "the retry timer is not pre-empted"
    );
    assert!(g.fire_due(10_500).is_empty());
    g.finish_run("main").unwrap();
    let fired = g.fire_due(11_000);
    assert!(
        fired
            .iter()
            .any(|(t, o)| t == "::agent:ops:main" && matches!(o, Ok(FireWakeOutcome::Started(_))))
    );
}

/// R4 on the production path: 2026.5.12 drops a guard-deferred exec wake; 2026.9.6 keeps
/// it, and `tick` releases it when the agent's interval comes due.
#[test]
fn tick_releases_guarded_wakes_from_2026_8() {
    for (profile, kept) in [
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
    ] {
        let (g, clock) = gateway(profile, true);
        let out = g
            .enqueue_at_site("exec-exit", "ops", "agent:ops:main", EXEC)
            .unwrap();
        assert!(matches!(out.result, EnqueueResult::Queued { .. }));
        let fired = g.fire_due(clock.now_ms());
        assert_eq!(
            fired[0].1,
            Ok(FireWakeOutcome::Deferred {
                reason: "not-due".into(),
                kept
            }),
            "{profile}"
        );
        let early = g.tick(clock.now_ms());
        assert!(
            early.wakes.is_empty() && early.intervals.is_empty(),
            "{profile}"
        );
        // The interval (60 s after the run a moment before start) comes due: a kept wake
        // runs first and inspects the completion; the intervals then find ops busy.
        let later = clock.advance(60_000);
        let ticked = g.tick(later);
        let surfaced = ticked
            .wakes
            .iter()
            .any(|(_, o)| matches!(o, Ok(FireWakeOutcome::Started(r)) if r.inspected.len() == 1));
        assert_eq!(
            surfaced, kept,
            "{profile}: the kept wake runs and inspects it"
        );
        let ops_interval = ticked.intervals.iter().find(|(a, _)| a == "ops");
        if kept {
            assert!(ops_interval.is_none(), "ops is busy with the wake's run");
        } else {
            // One heartbeat at a time in the whole gateway (R6): main's interval runs, ops
            // waits; next tick, ops's interval runs and does not inspect the exec
            // completion, which stays queued (B5).
            assert!(matches!(
                ops_interval,
                Some((_, Ok(IntervalTickOutcome::Busy)))
            ));
            g.finish_run("main").unwrap();
            let again = g.tick(later);
            assert!(
                matches!(&again.intervals[..], [(a, Ok(IntervalTickOutcome::Started(r)))] if a == "ops" && r.inspected.is_empty()),
                "{profile}: {again:?}"
            );
        }
    }
}

/// A4, R4, DV3: the runner's guard in concrete time defers an event wake while the
/// interval is not due, and says `not-due` within 30 s of a run too: the real runner asks
/// whether the interval is due before it looks at the spacing (observed on 2026.5.12).
#[test]
fn deferral_reasons_follow_the_clock() {
    let (g, clock) = gateway(Profile::Openclaw2026_5_12, false);
    let out = g
        .enqueue_at_site("exec-exit", "ops", "agent:ops:main", EXEC)
        .unwrap();
    g.fire_wake(&out.wake_target.unwrap()).unwrap();
    g.finish_run("ops").unwrap();
    let w = |text: &str| {
        g.enqueue_at_site("exec-exit", "ops", "agent:ops:main", text)
            .unwrap()
            .wake_target
            .unwrap()
    };
    for (advance, text) in [
        (1, "Exec failed (b, code 2)"),
        (MIN_SPACING_MS, "Exec failed (c, code 3)"),
    ] {
        let t = w(text);
        clock.advance(advance);
        assert_eq!(
            g.fire_wake(&t),
            Ok(FireWakeOutcome::Deferred {
                reason: "not-due".into(),
                kept: false
            }),
            "{advance} ms later"
        );
    }
}

/// Several threads drive one gateway; every operation lands in one total order.
#[test]
fn threads_share_one_gateway() {
    let (g, _) = gateway(Profile::Reference, false);
    let mut options =
        GatewayOptions::new(Profile::Reference, Scope::PerSender, None, &["main", "ops"]);
    options.journal = true;
    let g2: Gateway = Gateway::new(&options, Arc::new(ManualClock::new(0))).unwrap();
    drop(g);
    let g2 = Arc::new(g2);
    let handles: Vec<_> = ["main", "ops"]
        .into_iter()
        .map(|agent| {
            let g = Arc::clone(&g2);
            std::thread::spawn(move || {
                for n in 0..50 {
                    let text = format!("Exec failed (n{n}, code 1)");
                    let key = format!("agent:{agent}:main");
                    let out = g.enqueue_at_site("exec-exit", agent, &key, &text).unwrap();
                    if let Some(t) = out.wake_target {
                        let _ = g.fire_wake(&t);
                    }
                    let _ = g.finish_run(agent);
                    let _ = g.time_passes(agent);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let journal = g2.journal();
    assert_eq!(journal.len(), 400);
    assert!(
        journal
            .iter()
            .enumerate()
            .all(|(i, e)| e.seq == i as u64 + 1)
    );
}
