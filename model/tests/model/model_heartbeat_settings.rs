//! Heartbeat settings as users write them (SPEC H9 to H12): one small scenario per rule, driven
//! by named actions, each compared across the releases whose behaviour differs.

use heartbeat_model::action::Action;
use heartbeat_model::config::{Config, HeartbeatSetting, Heartbeats, MainKey, Scope};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::routing::{Queue, Session, SessionKind, WakeTarget};
use heartbeat_model::site::EventClass;
use heartbeat_model::state::{Guard, State};
use heartbeat_model::verify::search::replay;
use heartbeat_model::{Profile, RoutingModel, SiteTable};
use stateright::Model;

fn model(
    profile: Profile,
    agents: u8,
    site: &str,
    heartbeats: Heartbeats,
    setting: HeartbeatSetting,
) -> RoutingModel {
    let mut c = Config::new(Scope::PerSender, MainKey::Default, agents, site);
    c.bounds.events_per_origin = 2;
    c.heartbeats = heartbeats;
    c.heartbeat = setting;
    RoutingModel::new(profile, c, &SiteTable::upstream()).unwrap()
}

/// The initial state in which no agent ran recently.
fn fresh(m: &RoutingModel) -> State {
    m.initial_states()
        .into_iter()
        .find(|s| s.guards.iter().all(|g| *g != Guard::Recent))
        .expect("an initial state where no agent ran")
}

fn run(m: &RoutingModel, start: &State, actions: &[Action]) -> State {
    replay(m, start, actions)
        .unwrap_or_else(|e| panic!("{}: {e}", m.config))
        .last_state()
        .clone()
}

fn enqueue(agent: u8, class: EventClass) -> Action {
    Action::Enqueue {
        site: 0,
        agent,
        origin: OriginKind::Main,
        class,
    }
}

fn main_of(agent: u8) -> Session {
    Session::Agent(agent, SessionKind::Main)
}

fn wake_main(agent: u8) -> Action {
    Action::FireWake(WakeTarget {
        agent: None,
        session: Some(main_of(agent)),
    })
}

/// H9: a wake targeted at an agent without a heartbeat is dropped up to 2026.5.12 and runs it in
/// 2026.9.6, where time also passes for it (its min-spacing ends) though it has no interval run.
#[test]
fn h9_targeted_wakes_of_agents_without_heartbeat() {
    for (profile, runs) in [
        (Profile::Openclaw2026_5_7, false),
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
    ] {
        let m = model(
            profile,
            2,
            "exec-exit",
            Heartbeats::DefaultOnly,
            HeartbeatSetting::Interval,
        );
        let s = run(
            &m,
            &fresh(&m),
            &[enqueue(1, EventClass::ExecCompletion), wake_main(1)],
        );
        assert_eq!(s.pending.len(), 0, "{profile}: the wake is handled");
        assert_eq!(s.runs.len(), usize::from(runs), "{profile}: a run of ops");
        let mut next = Vec::new();
        m.actions(&s, &mut next);
        assert!(
            !next.contains(&Action::IntervalTick { agent: 1 }),
            "{profile}: ops has no interval run"
        );
        if runs {
            let s = run(&m, &s, &[Action::FinishRun { agent: 1 }]);
            assert!(s.events[0].shown_to != 0, "{profile}");
            let mut next = Vec::new();
            m.actions(&s, &mut next);
            assert!(
                next.contains(&Action::TimePasses { agent: 1 }),
                "{profile}: min-spacing ends for ops too"
            );
        } else {
            assert!(s.events[0].is_queued(), "{profile}: the event stays queued");
        }
    }
}

/// H10: with `heartbeat.session` on a DM session, the interval run peeks that session; a wake
/// forcing the main key still runs main; a forced key of another agent falls through to it.
#[test]
fn h10_other_session_is_the_default_heartbeat_session() {
    let dm = Session::Agent(0, SessionKind::Dm);
    for profile in Profile::ALL {
        let m = model(
            profile,
            2,
            "exec-exit",
            Heartbeats::All,
            HeartbeatSetting::OtherSession,
        );
        let r = m.router();
        assert_eq!(r.heartbeat_session(0, None), dm, "{profile}");
        assert_eq!(
            r.heartbeat_session(0, Some(main_of(0))),
            main_of(0),
            "{profile}"
        );
        assert_eq!(
            r.heartbeat_session(0, Some(Session::Agent(0, SessionKind::Subagent))),
            main_of(0),
            "{profile}: H3 still wins"
        );
        assert_eq!(
            r.heartbeat_session(0, Some(main_of(1))),
            dm,
            "{profile}: H5, H6"
        );
        assert_eq!(
            r.heartbeat_session(1, Some(main_of(0))),
            main_of(1),
            "{profile}: H4, `agent:main:main` is an alias of every agent's main session"
        );
        let s = run(
            &m,
            &fresh(&m),
            &[
                Action::TimePasses { agent: 0 },
                Action::IntervalTick { agent: 0 },
            ],
        );
        assert_eq!(
            s.runs[0].queue,
            Queue::Agent(0, SessionKind::Dm),
            "{profile}"
        );
    }
    let mut c = Config::new(Scope::Global, MainKey::Default, 1, "exec-exit");
    c.heartbeat = HeartbeatSetting::OtherSession;
    let m = RoutingModel::new(Profile::Openclaw2026_5_12, c, &SiteTable::upstream()).unwrap();
    assert_eq!(
        m.router().heartbeat_session(0, None),
        Session::Global,
        "H2: ignored under global scope"
    );
}

/// H11: an isolated run inspects the exec completions an exec wake asks for, never a generic
/// event; the reference inspects both.
#[test]
fn h11_isolated_runs_inspect_no_generic_event() {
    for (profile, generic) in [
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, false),
        (Profile::Reference, true),
    ] {
        let m = model(
            profile,
            1,
            "node-exec-event",
            Heartbeats::All,
            HeartbeatSetting::Isolated,
        );
        let s = run(
            &m,
            &fresh(&m),
            &[
                enqueue(0, EventClass::Other),
                enqueue(0, EventClass::ExecCompletion),
                wake_main(0),
                Action::FinishRun { agent: 0 },
            ],
        );
        assert!(s.events[1].shown_to != 0, "{profile}: the exec completion");
        assert_eq!(
            s.events[0].shown_to != 0,
            generic,
            "{profile}: the generic event"
        );
        assert_eq!(s.events[0].is_queued(), !generic, "{profile}");
    }
}

/// H12: outside the active hours an event wake is dropped up to 2026.5.12 and runs in 2026.9.6
/// and the reference; the interval run happens either way.
#[test]
fn h12_quiet_hours_drop_event_wakes_up_to_5_12() {
    for (profile, runs) in [
        (Profile::Openclaw2026_5_7, false),
        (Profile::Openclaw2026_5_12, false),
        (Profile::Openclaw2026_9_6, true),
        (Profile::Reference, true),
    ] {
        let m = model(
            profile,
            1,
            "exec-exit",
            Heartbeats::All,
            HeartbeatSetting::OutsideActiveHours,
        );
        let s = run(
            &m,
            &fresh(&m),
            &[enqueue(0, EventClass::ExecCompletion), wake_main(0)],
        );
        assert!(s.pending.is_empty(), "{profile}");
        assert_eq!(s.runs.len(), usize::from(runs), "{profile}");
        if !runs {
            // The interval run still comes, inside the window; it inspects no exec completion.
            let s = run(
                &m,
                &s,
                &[
                    Action::TimePasses { agent: 0 },
                    Action::IntervalTick { agent: 0 },
                    Action::FinishRun { agent: 0 },
                ],
            );
            assert!(s.events[0].is_queued(), "{profile}: stranded (F12)");
        }
    }
}

/// W11 with H10: the reference's exec wake for the bare `global` sentinel names the owner's main
/// session, where Q5 filed the event, so a heartbeat whose `heartbeat.session` is another session
/// still peeks it: the event is surfaced (with the owner's agent id alone, the run peeked the DM
/// session and the event stayed, SPEC §9 "Open" before W11). Under global scope the wake keeps
/// the agent id (W8): the runner ignores a forced session there (H2).
#[test]
fn w11_reference_sentinel_wakes_reach_the_main_session_under_other_session() {
    let mut c = Config::new(Scope::PerSender, MainKey::Default, 1, "exec-exit");
    c.origins = vec![OriginKind::BareGlobal];
    c.heartbeat = HeartbeatSetting::OtherSession;
    let m = RoutingModel::new(Profile::Reference, c, &SiteTable::upstream()).unwrap();
    let target = WakeTarget {
        agent: None,
        session: Some(main_of(0)),
    };
    let site = &m.sites[0];
    assert_eq!(
        m.site_queue(site, 0, OriginKind::BareGlobal),
        Queue::Agent(0, SessionKind::Main)
    );
    assert_eq!(m.site_wake(site, 0, OriginKind::BareGlobal), Some(target));
    let enqueue = Action::Enqueue {
        site: 0,
        agent: 0,
        origin: OriginKind::BareGlobal,
        class: EventClass::ExecCompletion,
    };
    let s = run(&m, &fresh(&m), &[enqueue, Action::FireWake(target)]);
    assert_eq!(s.runs[0].queue, Queue::Agent(0, SessionKind::Main));
    assert_eq!(
        s.runs[0].inspected, 1,
        "the run inspects the exec completion"
    );
    let s = run(&m, &s, &[Action::FinishRun { agent: 0 }]);
    assert!(s.events[0].surfaced() && !s.events[0].is_queued());

    // Under global scope the sentinel is the main session's own key (A1).
    let mut c = Config::new(Scope::Global, MainKey::Default, 1, "exec-exit");
    c.origins = vec![OriginKind::Main];
    let m = RoutingModel::new(Profile::Reference, c, &SiteTable::upstream()).unwrap();
    let only_agent = WakeTarget {
        agent: Some(0),
        session: None,
    };
    assert_eq!(
        m.site_wake(&m.sites[0], 0, OriginKind::Main),
        Some(only_agent)
    );
}
