//! The abstraction function itself (SPEC §11, L1–L14), on real strings and real gateways, and
//! the concretisation the driver uses: α(γ(x)) = x.

use std::sync::Arc;

use heartbeat_model::config::Heartbeats;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::routing::{Queue, Session, SessionKind, WakeTarget};
use heartbeat_model::site::WakeKind;
use heartbeat_model::state::{EventStatus, Guard, Loss, WakePhase, seen};
use heartbeat_model::{Config, MainKey, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_routing::runtime::wake::WakeRequest;
use heartbeat_routing::runtime::{Gateway, ManualClock};
use heartbeat_spec::conformance::concretize::{origin_key, session_key};
use heartbeat_spec::conformance::harness::gateway_options;
use heartbeat_spec::conformance::{Abstraction, abstract_state};
use stateright::Model;

fn model(profile: Profile, scope: Scope, main_key: MainKey, agents: u8) -> RoutingModel {
    let mut config = Config::new(scope, main_key, agents, "exec-exit");
    config.heartbeats = Heartbeats::All;
    RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap()
}

fn gateway(m: &RoutingModel, main_key: &str) -> Gateway {
    let init = &m.init_states()[0];
    Gateway::new(
        &gateway_options(m, init, main_key),
        Arc::new(ManualClock::new(1_000)),
    )
    .unwrap()
}

/// L1: the gateway's configuration must be the model's; messy mainKey spellings normalise.
#[test]
fn l1_configurations_must_agree() {
    let m = model(Profile::Reference, Scope::PerSender, MainKey::Default, 2);
    for spelling in ["main", " Main ", "MAIN"] {
        let g = gateway(&m, spelling);
        assert!(g.inspect(|s| abstract_state(&m, s)).is_ok(), "{spelling:?}");
    }
    let g = gateway(&m, " Work ");
    let err = g.inspect(|s| abstract_state(&m, s)).unwrap_err();
    assert!(err.0.contains("mainKey `work`"), "{err}");
    let other = model(
        Profile::Openclaw2026_9_6,
        Scope::PerSender,
        MainKey::Default,
        2,
    );
    assert!(g.inspect(|s| abstract_state(&other, s)).is_err());
}

/// L2–L6: agents, session kinds, sessions, queues and origins, from key strings.
#[test]
fn l2_to_l6_keys_map_to_abstract_names() {
    let m = model(Profile::Reference, Scope::PerSender, MainKey::Custom, 2);
    let g = gateway(&m, "Work");
    g.inspect(|s| {
        let a = Abstraction::new(&m, s).unwrap();
        // L2
        assert_eq!(a.agent("main").unwrap(), 0);
        assert_eq!(a.agent("ops").unwrap(), 1);
        assert!(a.agent("research").is_err(), "not configured");
        // L3
        for (rest, kind) in [
            ("work", SessionKind::Main),
            ("main", SessionKind::LiteralMain),
            ("global", SessionKind::Global),
            ("telegram:direct:42", SessionKind::Dm),
            ("slack:acct:dm:u1", SessionKind::Dm),
            ("discord:group:g1", SessionKind::Group),
            ("discord:channel:c1", SessionKind::Group),
            ("cron:nightly", SessionKind::CronBase),
            ("cron:nightly:run:r1", SessionKind::CronRun),
            ("cron:nightly:run:r1:subagent:w1", SessionKind::CronRunChild),
            ("subagent:w1", SessionKind::Subagent),
        ] {
            assert_eq!(a.session_kind(rest).unwrap(), kind, "{rest}");
        }
        assert!(a.session_kind("cron:").is_err());
        assert!(a.session_kind("dashboard:x").is_err());
        // L4, L5
        assert_eq!(a.session("global").unwrap(), Session::Global);
        assert_eq!(a.queue("global").unwrap(), Queue::SharedGlobal);
        assert_eq!(
            a.queue("agent:ops:work").unwrap(),
            Queue::Agent(1, SessionKind::Main)
        );
        assert!(
            a.session("AGENT:ops:work").is_err(),
            "keys are read as stored"
        );
        // L6
        assert_eq!(a.origin(1, "global").unwrap(), OriginKind::BareGlobal);
        assert_eq!(
            a.origin(1, "agent:ops:cron:nightly:run:r1").unwrap(),
            OriginKind::CronRun
        );
        assert!(
            a.origin(0, "agent:ops:work").is_err(),
            "another agent's session"
        );
        assert!(
            a.origin(1, "agent:ops:main").is_err(),
            "literal main is no origin"
        );
    });
    let g = model(Profile::Reference, Scope::Global, MainKey::Default, 1);
    let gw = gateway(&g, "main");
    gw.inspect(|s| {
        let a = Abstraction::new(&g, s).unwrap();
        assert_eq!(a.origin(0, "global").unwrap(), OriginKind::Main);
    });
}

/// L7, L8: wake targets and kinds.
#[test]
fn l7_l8_wake_targets_and_kinds() {
    let m = model(
        Profile::Openclaw2026_5_12,
        Scope::PerSender,
        MainKey::Default,
        2,
    );
    let g = gateway(&m, "main");
    let wake = |source: &str, agent: Option<&str>, session: Option<&str>| WakeRequest {
        source: source.into(),
        intent: "event".into(),
        reason: String::new(),
        agent_id: agent.map(str::to_string),
        session_key: session.map(str::to_string),
        coalesce_ms: None,
        inspects_exec: false,
        requested_by: Default::default(),
    };
    g.inspect(|s| {
        let a = Abstraction::new(&m, s).unwrap();
        assert_eq!(
            a.target(&wake("x", Some("ops"), None)).unwrap(),
            WakeTarget {
                agent: Some(1),
                session: None
            }
        );
        assert_eq!(
            a.target(&wake("x", None, Some("global"))).unwrap(),
            WakeTarget {
                agent: None,
                session: Some(Session::Global)
            }
        );
        assert_eq!(
            a.target(&wake("x", None, None)).unwrap(),
            WakeTarget::UNTARGETED
        );
    });
    assert_eq!(
        Abstraction::kind(&wake("exec-event", None, None)),
        WakeKind::ExecEvent
    );
    assert_eq!(
        Abstraction::kind(&wake("acp-spawn", None, None)),
        WakeKind::Payload
    );
    assert_eq!(
        Abstraction::kind(&wake("cli-watchdog", None, None)),
        WakeKind::Other
    );
}

/// L9–L14 on a real gateway: events from the ledger and the queues, pending wakes by timer,
/// runs, guards and ticks, history.
#[test]
fn l9_to_l14_gateway_states() {
    let m = model(
        Profile::Openclaw2026_9_6,
        Scope::PerSender,
        MainKey::Default,
        2,
    );
    let g = gateway(&m, "main");
    let alpha = || g.inspect(|s| abstract_state(&m, s)).unwrap();
    let text = "Exec failed (a1b2c3d4, code 1) :: boom";
    let out = g
        .enqueue_at_site("exec-exit", "ops", "agent:ops:main", text)
        .unwrap();
    let s = alpha();
    // L9, L10: one queued exec completion from ops' main session, in ops' main queue.
    assert_eq!(s.events.len(), 1);
    let e = s.events[0];
    assert_eq!((e.agent, e.origin), (1, OriginKind::Main));
    assert_eq!(e.queue, Queue::Agent(1, SessionKind::Main));
    assert_eq!(e.status, EventStatus::Queued);
    assert!(e.wake_drains);
    // L11: its wake, coalescing → ready.
    assert_eq!(s.pending.len(), 1);
    assert_eq!(s.pending[0].phase, WakePhase::Ready);
    assert_eq!(s.pending[0].requested_by, 0b10);
    // L11: a throw arms a retry timer → retrying; L14: counted.
    let target = out.wake_target.unwrap();
    assert!(g.handler_throws(&target));
    let s = alpha();
    assert_eq!(s.pending[0].phase, WakePhase::Retrying);
    assert_eq!(s.throws, 1);
    assert_ne!(s.seen & seen::HANDLER_THREW, 0);
    // L12: a run of ops in its main session, inspecting the event.
    g.fire_wake(&target).unwrap();
    let s = alpha();
    assert_eq!(s.runs.len(), 1);
    assert_eq!(s.runs[0].session, Session::Agent(1, SessionKind::Main));
    assert_eq!(s.runs[0].inspected, 1);
    assert_eq!(s.runs[0].kind, WakeKind::ExecEvent);
    // L10, L13: finished → consumed and surfaced to ops; ops ran recently.
    g.finish_run("ops").unwrap();
    let s = alpha();
    assert_eq!(s.events[0].status, EventStatus::Consumed);
    assert_eq!((s.events[0].shown_to, s.events[0].times_shown), (0b10, 1));
    assert_eq!(s.guards[..], [Guard::NeverRan, Guard::Recent]);
    // L11: the next wake is deferred by the guard and kept (9.6) → deferred.
    g.enqueue_at_site(
        "exec-exit",
        "ops",
        "agent:ops:main",
        "Exec failed (b, code 2)",
    )
    .unwrap();
    let target = g.inspect(|s| s.scheduler().pending().next().unwrap().target.clone());
    g.fire_wake(&target).unwrap();
    let s = alpha();
    assert_eq!(s.pending[0].phase, WakePhase::Deferred);
    assert_ne!(s.seen & seen::WAKE_DEFERRED, 0);
    // L13: the interval comes due, runs, and counts against the ticks.
    g.time_passes("ops").unwrap();
    assert_eq!(alpha().guards[1], Guard::Due);
    g.fire_wake(&target).unwrap();
    g.finish_run("ops").unwrap();
    g.time_passes("ops").unwrap();
    g.interval_tick("ops").unwrap();
    let s = alpha();
    assert_eq!(s.ticks_left[..], [1, 0]);
    assert_ne!(s.seen & seen::INTERVAL_RAN, 0);
    g.finish_run("ops").unwrap();
    // L10, L14: a restart loses what is queued; a reap is recorded by agent.
    g.enqueue_at_site(
        "exec-exit",
        "main",
        "agent:main:main",
        "Exec failed (c, code 3)",
    )
    .unwrap();
    g.restart();
    g.reap("agent:main:cron:nightly:run:r1");
    let s = alpha();
    assert_eq!(s.events[2].status, EventStatus::Lost(Loss::Restart));
    assert_eq!((s.restarts, s.reaped), (1, 0b01));
    assert_ne!(s.seen & seen::RESTART_LOST_EVENT, 0);
    assert_ne!(s.seen & seen::REAPED, 0);
    assert!(s.pending.is_empty() && s.runs.is_empty());
    assert_eq!(s.guards[..], [Guard::NeverRan, Guard::NeverRan]);
}

/// The concretisation round trip: α(γ(x)) = x for every origin and session kind, every
/// scope, both mainKey choices and several spellings.
#[test]
fn concretisation_round_trips_through_the_abstraction() {
    for scope in Scope::ALL {
        for (main_key, spellings) in [
            (MainKey::Default, ["main", " MAIN "]),
            (MainKey::Custom, ["work", " Ops-Desk "]),
        ] {
            for spelling in spellings {
                let m = model(Profile::Reference, scope, main_key, 2);
                let g = gateway(&m, spelling);
                g.inspect(|s| {
                    let a = Abstraction::new(&m, s).unwrap();
                    for agent in 0..2 {
                        for origin in OriginKind::ALL
                            .into_iter()
                            .filter(|o| o.exists_under(scope))
                        {
                            let key = origin_key(&m, agent, origin, spelling);
                            assert_eq!(a.origin(agent, &key).unwrap(), origin, "{key}");
                        }
                        for kind in [
                            SessionKind::Main,
                            SessionKind::Dm,
                            SessionKind::Group,
                            SessionKind::CronBase,
                            SessionKind::CronRun,
                            SessionKind::CronRunChild,
                            SessionKind::Subagent,
                            SessionKind::Global,
                        ] {
                            let session = Session::Agent(agent, kind);
                            assert_eq!(
                                a.session(&session_key(session, spelling)).unwrap(),
                                session
                            );
                        }
                    }
                });
            }
        }
    }
}
