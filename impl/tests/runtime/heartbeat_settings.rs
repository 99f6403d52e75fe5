//! The runtime under each heartbeat setting (SPEC H9 to H12), as the published builds behave
//! (`conformance/openclaw/probes/heartbeat-settings.md`): the runtime's own gateway, driven
//! through its operations with real keys, one rule per test.

use std::sync::Arc;

use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::runtime::ops::{
    EnqueueResult, FireWakeOutcome, IntervalTickOutcome, RunEnd, RunReport,
};
use heartbeat_routing::runtime::{Gateway, GatewayOptions, ManualClock};
use heartbeat_vocab::{HeartbeatSetting, Profile};

const EXEC: &str = "Exec failed (a1b2c3d4, code 1) :: boom";
const GENERIC: &str = "ACP child: step 2";

/// A gateway of `profile` whose agents (the first the default) have a heartbeat when
/// `heartbeats` says so, all with `setting`.
fn gateway(
    profile: Profile,
    scope: Scope,
    agents: &[(&str, bool)],
    setting: HeartbeatSetting,
) -> (Gateway, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(10_000));
    let ids: Vec<&str> = agents.iter().map(|(a, _)| *a).collect();
    let mut options = GatewayOptions::new(profile, scope, None, &ids);
    options.interval_ms = 60_000;
    for (a, (_, heartbeat)) in options.agents.iter_mut().zip(agents) {
        a.heartbeat = *heartbeat;
        a.setting = setting;
    }
    (Gateway::new(&options, clock.clone()).unwrap(), clock)
}

fn one(profile: Profile, setting: HeartbeatSetting) -> (Gateway, Arc<ManualClock>) {
    gateway(profile, Scope::PerSender, &[("ops", true)], setting)
}

/// A site enqueues `text` from `origin` of `agent`; the wake target it requested.
fn enqueue(g: &Gateway, site: &str, agent: &str, origin: &str, text: &str) -> Option<String> {
    let out = g.enqueue_at_site(site, agent, origin, text).unwrap();
    out.wake_target
}

fn started(out: FireWakeOutcome) -> RunReport {
    match out {
        FireWakeOutcome::Started(r) => r,
        other => panic!("expected a run, got {other:?}"),
    }
}

fn queued(g: &Gateway, key: &str) -> usize {
    g.inspect(|s| s.queues().peek(key).len())
}

/// H9: 2026.9.6 runs a targeted wake of an agent without heartbeat, in its main session, and
/// guards it like any run (a second wake right after is deferred `not-due` and kept, until
/// time passes for it); no interval ever runs it, and an untargeted wake passes it by. Every
/// other release skips the targeted wake `disabled` (the reference refuses the event, E6).
#[test]
fn h9_targeted_wakes_run_agents_without_heartbeat_in_2026_9_6_only() {
    for profile in Profile::ALL {
        let (g, clock) = gateway(
            profile,
            Scope::PerSender,
            &[("main", true), ("ops", false)],
            HeartbeatSetting::Interval,
        );
        let out = g
            .enqueue_at_site("exec-exit", "ops", "agent:ops:main", EXEC)
            .unwrap();
        if profile == Profile::Reference {
            assert!(
                matches!(out.result, EnqueueResult::Undeliverable { .. }),
                "{profile}"
            );
            continue;
        }
        let target = out.wake_target.expect("a targeted exec wake");
        let fired = g.fire_wake(&target).unwrap();
        if profile != Profile::Openclaw2026_9_6 {
            assert_eq!(fired, FireWakeOutcome::Disabled, "{profile}");
            assert_eq!(queued(&g, "agent:ops:main"), 1, "{profile}: stays queued");
            assert!(!g.time_passes("ops").unwrap(), "{profile}: no timer");
            continue;
        }
        let run = started(fired);
        assert_eq!(
            (run.session_key.as_str(), run.inspected.len()),
            ("agent:ops:main", 1)
        );
        g.finish_run("ops").unwrap();
        let again = enqueue(
            &g,
            "exec-exit",
            "ops",
            "agent:ops:main",
            "Exec failed (b, code 2)",
        );
        clock.advance(1_000);
        assert_eq!(
            g.fire_wake(&again.unwrap()).unwrap(),
            FireWakeOutcome::Deferred {
                reason: "not-due".into(),
                kept: true
            },
            "the guard applies"
        );
        assert!(g.time_passes("ops").unwrap(), "time passes for it");
        assert_eq!(
            g.interval_tick("ops").unwrap(),
            IntervalTickOutcome::Disabled,
            "no interval"
        );
        let agents = g.inspect(|s| s.runner().heartbeat_agents());
        assert_eq!(agents, ["main"], "an untargeted wake fans out to main only");
    }
}

/// H10: with `heartbeat.session` naming the agent's DM session (short form), an interval run,
/// a wake with only an agent id and a wake forcing another agent's key run in
/// `agent:ops:telegram:direct:42` and peek its queue; a forced main alias or subagent key
/// still runs main; under global scope it is ignored. Every release.
#[test]
fn h10_heartbeat_session_is_the_default_session_of_a_run() {
    const DM: &str = "agent:ops:telegram:direct:42";
    for profile in Profile::ALL {
        let (g, _) = gateway(
            profile,
            Scope::PerSender,
            &[("main", true), ("ops", true)],
            HeartbeatSetting::OtherSession,
        );
        let session = |forced: Option<&str>| {
            g.inspect(|s| s.runner().session_and_queue("ops", forced))
                .unwrap()
        };
        for forced in [
            None,
            Some("agent:other:main"),
            Some("agent:main:discord:group:g1"),
        ] {
            let (s, q) = session(forced);
            assert_eq!((s.session_key.as_str(), q.as_str()), (DM, DM), "{profile}");
        }
        // `agent:main:main` too: the default agent id's main key is one of upstream's aliases
        // of every agent's main session.
        for forced in [
            "agent:ops:main",
            "main",
            "agent:ops:subagent:w1",
            "agent:main:main",
        ] {
            let (s, _) = session(Some(forced));
            assert_eq!(s.session_key, "agent:ops:main", "{profile} {forced}");
        }
        // The interval run of ops peeks the DM queue, not main.
        enqueue(&g, "acp-parent-stream", "ops", "agent:ops:main", GENERIC);
        assert!(g.time_passes("ops").unwrap());
        match g.interval_tick("ops").unwrap() {
            IntervalTickOutcome::Started(r) => {
                assert_eq!((r.session_key.as_str(), r.inspected.len()), (DM, 0));
            }
            other => panic!("{profile}: {other:?}"),
        }
        let (global, _) = gateway(
            profile,
            Scope::Global,
            &[("ops", true)],
            HeartbeatSetting::OtherSession,
        );
        let (s, _) = global
            .inspect(|s| s.runner().session_and_queue("ops", None))
            .unwrap();
        assert_eq!(
            s.session_key, "global",
            "{profile}: ignored under global scope"
        );
    }
}

/// H11: an isolated heartbeat runs in `<resolved>:heartbeat` and peeks the resolved session's
/// queue; an exec wake inspects and consumes the exec completions there, and no run inspects a
/// generic event, which stays queued for a user turn. The reference inspects as R3 says.
#[test]
fn h11_isolated_runs_leave_generic_events_queued() {
    for profile in Profile::ALL {
        let (g, _) = one(profile, HeartbeatSetting::Isolated);
        enqueue(&g, "acp-parent-stream", "ops", "agent:ops:main", GENERIC);
        let target = enqueue(&g, "exec-exit", "ops", "agent:ops:main", EXEC).unwrap();
        let run = started(g.fire_wake(&target).unwrap());
        assert_eq!(run.session_key, "agent:ops:main:heartbeat", "{profile}");
        assert_eq!(run.queue_key, "agent:ops:main", "{profile}");
        let generic_too = profile == Profile::Reference;
        assert_eq!(
            run.inspected.len(),
            1 + usize::from(generic_too),
            "{profile}"
        );
        let RunEnd::Ended { consumed, .. } = g.finish_run("ops").unwrap() else {
            panic!("{profile}: no run");
        };
        assert_eq!(consumed.len(), run.inspected.len(), "{profile}");
        assert_eq!(
            queued(&g, "agent:ops:main"),
            usize::from(!generic_too),
            "{profile}: the generic event waits for a user turn"
        );
        let (global, _) = gateway(
            profile,
            Scope::Global,
            &[("ops", true)],
            HeartbeatSetting::Isolated,
        );
        let (s, _) = global
            .inspect(|s| s.runner().session_and_queue("ops", None))
            .unwrap();
        assert_eq!(s.session_key, "global:heartbeat", "{profile}");
    }
}

/// H12: outside the active hours, up to 2026.5.12 every event wake is skipped `quiet-hours`
/// and dropped (not kept, the event stays queued), while the interval run still happens;
/// 2026.9.6 and the reference run event wakes as usual.
#[test]
fn h12_event_wakes_outside_active_hours_skipped_quiet_hours_up_to_5_12() {
    for profile in Profile::ALL {
        let (g, _) = one(profile, HeartbeatSetting::OutsideActiveHours);
        let target = enqueue(&g, "exec-exit", "ops", "agent:ops:main", EXEC).unwrap();
        let fired = g.fire_wake(&target).unwrap();
        let drops = !matches!(profile, Profile::Openclaw2026_9_6 | Profile::Reference);
        if !drops {
            assert_eq!(started(fired).inspected.len(), 1, "{profile}");
            continue;
        }
        assert_eq!(
            fired,
            FireWakeOutcome::Deferred {
                reason: "quiet-hours".into(),
                kept: false
            },
            "{profile}"
        );
        assert_eq!(g.inspect(|s| s.scheduler().pending().count()), 0);
        assert_eq!(g.inspect(|s| s.counters().quiet_hours_skips), 1);
        assert_eq!(queued(&g, "agent:ops:main"), 1, "{profile}: stays queued");
        assert!(g.time_passes("ops").unwrap());
        assert!(
            matches!(g.interval_tick("ops").unwrap(), IntervalTickOutcome::Started(r) if r.inspected.is_empty()),
            "{profile}: the interval run happens (and leaves the exec completion, R3)"
        );
    }
}
