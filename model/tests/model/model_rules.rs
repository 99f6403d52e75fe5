//! The model's own rules (SPEC §8.1 A1-A8, §8.2 R1-R13, appendix B D2-D4), one small scenario each:
//! a tiny model driven by named actions, and an assertion about what the step did.

use heartbeat_model::action::Action;
use heartbeat_model::config::{Bounds, Config, Faults, Heartbeats, MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::routing::{Queue, Session, SessionKind, WakeTarget};
use heartbeat_model::site::EventClass;
use heartbeat_model::state::{EventStatus, Guard, State, WakePhase};
use heartbeat_model::verify::search::{replay, shortest_path};
use heartbeat_model::{Profile, RoutingModel, SiteTable};

fn model(profile: Profile, scope: Scope, agents: u8, site: &str, events: u8) -> RoutingModel {
    let mut c = Config::new(scope, MainKey::Default, agents, site);
    c.bounds = Bounds {
        events_per_origin: events,
        ..Bounds::default()
    };
    RoutingModel::new(profile, c, &SiteTable::upstream()).unwrap()
}

/// The initial state whose agents' guards are `recent` (true: ran recently).
fn init(m: &RoutingModel, recent: &[bool]) -> State {
    m.initial_states()
        .into_iter()
        .find(|s| {
            s.guards
                .iter()
                .zip(recent)
                .all(|(g, r)| (*g == Guard::Recent) == *r)
        })
        .expect("an initial state with those guards")
}

fn run(m: &RoutingModel, start: &State, actions: &[Action]) -> State {
    replay(m, start, actions)
        .unwrap_or_else(|e| panic!("{e}"))
        .last_state()
        .clone()
}

fn enqueue(site: u8, agent: u8, origin: OriginKind, class: EventClass) -> Action {
    Action::Enqueue {
        site,
        agent,
        origin,
        class,
    }
}

const EXEC: EventClass = EventClass::ExecCompletion;
const OTHER: EventClass = EventClass::Other;

fn main_session(agent: u8) -> Session {
    Session::Agent(agent, SessionKind::Main)
}

fn to_main(agent: u8) -> WakeTarget {
    WakeTarget {
        agent: None,
        session: Some(main_session(agent)),
    }
}

/// A1: agent 0 is the default agent `main`; up to 2026.5.12 a wake naming only the bare
/// `global` key runs it.
#[test]
fn a1_default_agent_is_agent_zero() {
    assert_eq!(Config::agent_name(0), "main");
    let m = model(
        Profile::Openclaw2026_5_12,
        Scope::Global,
        2,
        "node-notification",
        1,
    );
    let t = WakeTarget {
        agent: None,
        session: Some(Session::Global),
    };
    assert_eq!(m.router().wake_agent(t), Some(0));
}

/// A2: under global scope DMs, groups and the bare key are the global session itself.
#[test]
fn a2_origins_under_global_scope() {
    for o in [OriginKind::Dm, OriginKind::Group, OriginKind::BareGlobal] {
        assert!(!o.exists_under(Scope::Global) && o.exists_under(Scope::PerSender));
    }
    let m = model(Profile::Reference, Scope::Global, 1, "exec-exit", 1);
    assert_eq!(
        m.router().origin_session(0, OriginKind::Main),
        Session::Global
    );
}

/// A3: one enqueue step queues the event and requests its wake.
#[test]
fn a3_enqueue_and_wake_are_one_step() {
    let m = model(
        Profile::Openclaw2026_5_12,
        Scope::PerSender,
        1,
        "exec-exit",
        1,
    );
    let s = run(
        &m,
        &init(&m, &[false]),
        &[enqueue(0, 0, OriginKind::Main, EXEC)],
    );
    assert_eq!(s.events.len(), 1);
    assert!(s.events[0].is_queued());
    assert_eq!(s.pending.len(), 1);
    assert_eq!(s.pending[0].target, to_main(0));
}

/// A4: every heartbeat agent starts either never run or run recently.
#[test]
fn a4_initial_guards() {
    let m = model(Profile::Reference, Scope::PerSender, 3, "exec-exit", 1);
    assert_eq!(m.initial_states().len(), 8);
    let mut c = Config::new(Scope::PerSender, MainKey::Default, 3, "exec-exit");
    c.heartbeats = Heartbeats::DefaultOnly;
    let m = RoutingModel::new(Profile::Reference, c, &SiteTable::upstream()).unwrap();
    assert_eq!(
        m.initial_states().len(),
        2,
        "agents without a heartbeat have no guard to choose"
    );
}

/// A5: nothing is enqueued after an agent's last interval tick.
#[test]
fn a5_horizon_closes_with_the_last_tick() {
    let m = model(Profile::Reference, Scope::PerSender, 1, "exec-exit", 2);
    let s = run(
        &m,
        &init(&m, &[false]),
        &[
            Action::TimePasses { agent: 0 },
            Action::IntervalTick { agent: 0 },
        ],
    );
    assert!(!m.horizon_open(&s));
    let actions = m.enabled_actions(&s);
    assert!(!actions.iter().any(|a| matches!(a, Action::Enqueue { .. })));
}

/// A6: an origin enqueues at most `events_per_origin` events, an agent uses at most
/// `origins_per_agent` origins.
#[test]
fn a6_bounds() {
    let m = model(Profile::Reference, Scope::PerSender, 1, "exec-exit", 1);
    let s = run(
        &m,
        &init(&m, &[false]),
        &[enqueue(0, 0, OriginKind::Main, EXEC)],
    );
    let actions = m.enabled_actions(&s);
    assert!(
        !actions.iter().any(|a| matches!(a, Action::Enqueue { .. })),
        "one event from one origin: {actions:?}"
    );
}

/// A8, R5: a run peeks its queue in FIFO order and consumes exactly what it inspected; an event
/// enqueued after the peek stays queued.
#[test]
fn a8_r5_fifo_peek_and_selected_consume() {
    let m = model(
        Profile::Reference,
        Scope::PerSender,
        1,
        "acp-parent-stream",
        3,
    );
    let e = enqueue(0, 0, OriginKind::Main, OTHER);
    let s = run(
        &m,
        &init(&m, &[false]),
        &[e, e, Action::FireWake(to_main(0)), e],
    );
    let r = s.run_of(0).expect("a run");
    assert_eq!(r.inspected, 0b011, "the two earlier events, in queue order");
    assert_eq!(s.queued_in(Queue::Agent(0, SessionKind::Main)).count(), 3);
    let s = run(&m, &s, &[Action::FinishRun { agent: 0 }]);
    assert_eq!(s.events[0].status, EventStatus::Consumed);
    assert_eq!(s.events[1].status, EventStatus::Consumed);
    assert!(
        s.events[2].is_queued(),
        "enqueued after the peek: not consumed"
    );
}

/// R4: a wake for an agent that ran recently is deferred: dropped in 2026.5.12, kept in
/// 2026.9.6; a busy handler re-queues; an agent without a heartbeat drops it.
#[test]
fn r4_deferral_retry_and_disabled() {
    for (profile, kept) in [
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
    ] {
        let m = model(profile, Scope::PerSender, 1, "exec-exit", 1);
        let s = run(
            &m,
            &init(&m, &[true]),
            &[
                enqueue(0, 0, OriginKind::Main, EXEC),
                Action::FireWake(to_main(0)),
            ],
        );
        match s.pending.first() {
            Some(p) => assert!(kept && p.phase == WakePhase::Deferred, "{profile}"),
            None => assert!(!kept, "{profile}: the deferred wake must be kept"),
        }
    }
    let m = model(Profile::Reference, Scope::PerSender, 1, "exec-exit", 1);
    let s = run(
        &m,
        &init(&m, &[false]),
        &[
            Action::TimePasses { agent: 0 },
            Action::IntervalTick { agent: 0 },
        ],
    );
    assert!(s.run_of(0).is_some());
    let mut c = Config::new(Scope::PerSender, MainKey::Default, 2, "exec-exit");
    c.heartbeats = Heartbeats::DefaultOnly;
    let m = RoutingModel::new(Profile::Openclaw2026_5_12, c, &SiteTable::upstream()).unwrap();
    let s = run(
        &m,
        &init(&m, &[false]),
        &[
            enqueue(0, 1, OriginKind::Main, EXEC),
            Action::FireWake(to_main(1)),
        ],
    );
    assert!(
        s.pending.is_empty() && s.runs.is_empty(),
        "ops has no heartbeat: dropped"
    );
}

/// R6: up to 2026.5.12 one heartbeat runs at a time in the gateway; 2026.9.6 runs one per agent.
#[test]
fn r6_busy_rules() {
    for (profile, concurrent) in [
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
    ] {
        let m = model(profile, Scope::PerSender, 2, "exec-exit", 1);
        let s = run(
            &m,
            &init(&m, &[false, false]),
            &[
                enqueue(0, 0, OriginKind::Main, EXEC),
                enqueue(0, 1, OriginKind::Main, EXEC),
                Action::FireWake(to_main(0)),
                Action::FireWake(to_main(1)),
            ],
        );
        assert_eq!(s.runs.len(), if concurrent { 2 } else { 1 }, "{profile}");
        if !concurrent {
            assert_eq!(
                s.pending[0].phase,
                WakePhase::Retrying,
                "re-queued behind a retry timer"
            );
        }
    }
}

/// R7: an untargeted wake becomes one wake per heartbeat agent, remembering who asked.
#[test]
fn r7_untargeted_wakes_fan_out() {
    let m = model(
        Profile::Pr50818UntargetedCronWake,
        Scope::PerSender,
        2,
        "exec-exit",
        1,
    );
    let s = run(
        &m,
        &init(&m, &[false, false]),
        &[
            enqueue(0, 0, OriginKind::CronRun, EXEC),
            Action::FireWake(WakeTarget::UNTARGETED),
        ],
    );
    assert_eq!(s.pending.len(), 2);
    assert!(s.pending.iter().all(|p| p.requested_by == 0b01));
}

/// R8 (and R3): an interval tick inspects only non-exec events.
#[test]
fn r8_interval_ticks_leave_exec_completions() {
    let m = model(
        Profile::Reference,
        Scope::PerSender,
        1,
        "node-exec-event",
        1,
    );
    let s = run(
        &m,
        &init(&m, &[true]),
        &[
            enqueue(0, 0, OriginKind::Main, EXEC),
            Action::TimePasses { agent: 0 },
            Action::IntervalTick { agent: 0 },
        ],
    );
    assert_eq!(
        s.run_of(0).unwrap().inspected,
        0,
        "the exec completion is not inspected"
    );
}

/// R9: a user turn drains non-exec events, but not while a heartbeat has the queue peeked.
#[test]
fn r9_user_turns_and_lanes() {
    let m = model(
        Profile::Reference,
        Scope::PerSender,
        1,
        "acp-parent-stream",
        1,
    );
    let turn = Action::UserTurn {
        agent: 0,
        session: main_session(0),
    };
    let s = run(
        &m,
        &init(&m, &[false]),
        &[enqueue(0, 0, OriginKind::Main, OTHER), turn],
    );
    assert_eq!(s.events[0].status, EventStatus::Consumed);
    assert!(s.events[0].surfaced());
    let s = run(
        &m,
        &init(&m, &[false]),
        &[
            enqueue(0, 0, OriginKind::Main, OTHER),
            Action::FireWake(to_main(0)),
        ],
    );
    assert!(
        replay(&m, &s, &[turn]).is_err(),
        "the lane is busy with the heartbeat"
    );
}

/// R10: the reference refuses, and reports, an event whose agent runs no heartbeat.
#[test]
fn r10_reference_reports_undeliverable_events() {
    let mut c = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
    c.heartbeats = Heartbeats::None;
    let m = RoutingModel::new(Profile::Reference, c, &SiteTable::upstream()).unwrap();
    let s = run(
        &m,
        &m.initial_states()[0],
        &[enqueue(0, 0, OriginKind::Main, EXEC)],
    );
    assert_eq!(s.events[0].status, EventStatus::Undeliverable);
    assert!(s.pending.is_empty());
}

/// R12: the reference reports the event the cap drops; releases drop it silently.
#[test]
fn r12_cap_drops_are_reported_by_the_reference() {
    for (profile, reported) in [
        (Profile::Reference, true),
        (Profile::Openclaw2026_9_6, false),
    ] {
        let mut c = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
        c.bounds.events_per_origin = 2;
        c.faults = Faults {
            queue_cap: 1,
            ..Faults::NONE
        };
        let m = RoutingModel::new(profile, c, &SiteTable::upstream()).unwrap();
        let e = enqueue(0, 0, OriginKind::Main, EXEC);
        let s = run(&m, &init(&m, &[false]), &[e, e]);
        assert!(matches!(s.events[0].status, EventStatus::Lost(_)));
        assert_eq!(s.reported & 1 == 1, reported, "{profile}");
    }
}

/// R13: a run that fails after its reply: the reference has consumed the events with the reply,
/// releases leave them queued to be surfaced again.
#[test]
fn r13_reference_consumes_with_the_reply() {
    for (profile, consumed) in [
        (Profile::Reference, true),
        (Profile::Openclaw2026_9_6, false),
    ] {
        let mut c = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
        c.faults = Faults {
            run_failures: 1,
            ..Faults::NONE
        };
        let m = RoutingModel::new(profile, c, &SiteTable::upstream()).unwrap();
        let s = run(
            &m,
            &init(&m, &[false]),
            &[
                enqueue(0, 0, OriginKind::Main, EXEC),
                Action::FireWake(to_main(0)),
                Action::FailRun {
                    agent: 0,
                    replied: true,
                },
            ],
        );
        assert!(s.events[0].surfaced());
        assert_eq!(
            s.events[0].status == EventStatus::Consumed,
            consumed,
            "{profile}"
        );
    }
}

/// D3: traces are shortest paths of named actions: the I7 violation of B1 takes one step.
#[test]
fn d3_shortest_traces_are_minimal() {
    let mut c = Config::new(Scope::Global, MainKey::Default, 1, "exec-exit");
    c.origins = vec![OriginKind::CronRun];
    let m = RoutingModel::new(Profile::Openclaw2026_5_7, c, &SiteTable::upstream()).unwrap();
    let spec = heartbeat_model::properties::specs(&m)
        .into_iter()
        .find(|s| s.name == "wake-drains-enqueue-key")
        .unwrap();
    let path = shortest_path(&m, |m, s| spec.is_discovery(m, s), usize::MAX).unwrap();
    assert_eq!(path.steps.len(), 1);
}
