//! CK5 (SPEC §11): concurrency. Several threads drive one gateway — sites enqueueing, the wake
//! timer dispatching, heartbeat runs finishing, interval timers — under shuttle's randomized
//! scheduler (the gateway's lock is a shuttle mutex, so shuttle chooses every interleaving of
//! lock acquisitions). The gateway serialises operations and journals the order in which they
//! took effect; every observed history must be one the model allows: replayed through the
//! model, each operation is an enabled action with the same abstract effect (or, if the model
//! does not enable it, changes nothing abstract — a refused dispatch, a finished run that is
//! not there), each outcome is the one a sequential replay gives, and the concurrent gateway's
//! final state abstracts to the model's.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use heartbeat_model::config::{AgentId, Bounds, Config};
use heartbeat_model::origin::OriginKind;
use heartbeat_model::site::EventClass;
use heartbeat_model::state::Guard;
use heartbeat_model::{Action, MainKey, Profile, RoutingModel, Scope, SiteTable, State};
use heartbeat_routing::classify::exec_event::is_exec_completion_event;
use heartbeat_routing::runtime::{Gateway, GatewayLock, GatewayState, ManualClock, Operation};
use heartbeat_spec::conformance::Abstraction;
use heartbeat_spec::conformance::concretize::{event_text, origin_key};
use heartbeat_spec::conformance::harness::gateway_options;
use stateright::Model;

/// The gateway's lock as a shuttle mutex: shuttle schedules around every acquisition.
struct ShuttleLock(shuttle::sync::Mutex<GatewayState>);

impl GatewayLock for ShuttleLock {
    fn new(state: GatewayState) -> Self {
        ShuttleLock(shuttle::sync::Mutex::new(state))
    }

    fn with<R>(&self, f: impl FnOnce(&mut GatewayState) -> R) -> R {
        let mut guard = self.0.lock().expect("not poisoned");
        f(&mut guard)
    }
}

/// Two agents' cron runs each report two exec completions under `scope: global` (the setting
/// of B6), while wakes fire, runs finish and interval timers expire.
fn model(profile: Profile) -> (RoutingModel, State) {
    let mut config = Config::new(Scope::Global, MainKey::Default, 2, "exec-exit");
    config.origins = vec![OriginKind::CronRun];
    config.bounds = Bounds {
        events_per_origin: 2,
        interval_ticks: 2,
        ..Bounds::default()
    };
    let model = RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap();
    let init = model
        .init_states()
        .into_iter()
        .find(|s| s.guards.iter().all(|g| *g == Guard::NeverRan))
        .unwrap();
    (model, init)
}

/// The model action an operation stands for, read in the state before it (the inverse of the
/// harness's concretisation); `None` when it names nothing pending.
fn action_of(model: &RoutingModel, g: &GatewayState, op: &Operation) -> Option<Action> {
    let alpha = Abstraction::new(model, g).unwrap();
    let agent = |a: &str| alpha.agent(a).unwrap();
    Some(match op {
        Operation::Enqueue {
            site,
            agent: who,
            origin_session_key,
            text,
        } => {
            let a = agent(who);
            Action::Enqueue {
                site: model.sites.iter().position(|s| &s.name == site)? as u8,
                agent: a,
                origin: alpha.origin(a, origin_session_key).unwrap(),
                class: if is_exec_completion_event(text) {
                    EventClass::ExecCompletion
                } else {
                    EventClass::Other
                },
            }
        }
        Operation::FireWake { target } => {
            Action::FireWake(alpha.target(&g.scheduler().get(target)?.request).unwrap())
        }
        Operation::HandlerThrows { target } => {
            Action::HandlerThrows(alpha.target(&g.scheduler().get(target)?.request).unwrap())
        }
        Operation::FinishRun { agent: who } => Action::FinishRun { agent: agent(who) },
        Operation::FailRun {
            agent: who,
            replied,
        } => Action::FailRun {
            agent: agent(who),
            replied: *replied,
        },
        Operation::TimePasses { agent: who } => Action::TimePasses { agent: agent(who) },
        Operation::IntervalTick { agent: who } => Action::IntervalTick { agent: agent(who) },
        Operation::UserTurn {
            agent: who,
            session_key,
        } => Action::UserTurn {
            agent: agent(who),
            session: alpha.session(session_key).unwrap(),
        },
        Operation::Reap { .. } | Operation::Restart => return None,
    })
}

/// Checks one observed history against the model; returns its fingerprint.
fn check_history(model: &RoutingModel, init: &State, gateway: &Gateway<ShuttleLock>) -> u64 {
    let journal = gateway.journal();
    let options = gateway_options(model, init, "main");
    let replay: Gateway = Gateway::new(&options, Arc::new(ManualClock::new(0))).unwrap();
    let mut s = init.clone();
    let mut hasher = DefaultHasher::new();
    for (n, entry) in journal.iter().enumerate() {
        assert_eq!(entry.seq, n as u64 + 1, "one total order");
        let action = replay.inspect(|g| action_of(model, g, &entry.op));
        let outcome = replay.apply(entry.op.clone());
        assert_eq!(
            outcome,
            entry.outcome,
            "step {}: the sequential replay agrees",
            n + 1
        );
        let after = replay.inspect(|g| heartbeat_spec::conformance::abstract_state(model, g));
        let after = after.unwrap();
        let mut enabled = Vec::new();
        model.actions(&s, &mut enabled);
        match action.filter(|a| enabled.contains(a)) {
            Some(a) => {
                let next = model.next_state(&s, a).unwrap();
                assert_eq!(
                    after,
                    next,
                    "step {}: {:?} as the model does it",
                    n + 1,
                    entry.op
                );
                s = next;
            }
            None => assert_eq!(
                after,
                s,
                "step {}: {:?} is not enabled in the model, so it must change nothing",
                n + 1,
                entry.op
            ),
        }
        format!("{:?}{:?}", entry.op, entry.outcome).hash(&mut hasher);
    }
    let last = gateway.inspect(|g| heartbeat_spec::conformance::abstract_state(model, g));
    assert_eq!(
        last.unwrap(),
        s,
        "the concurrent gateway ends where the model does"
    );
    hasher.finish()
}

fn run_threads(profile: Profile, histories: Arc<Mutex<HashSet<u64>>>, ops: Arc<Mutex<u64>>) {
    let (model, init) = model(profile);
    let model = Arc::new(model);
    let mut options = gateway_options(&model, &init, "main");
    options.journal = true;
    let gateway: Arc<Gateway<ShuttleLock>> =
        Arc::new(Gateway::new(&options, Arc::new(ManualClock::new(0))).unwrap());
    let names = ["main", "ops"];

    let sites = {
        let (g, m) = (Arc::clone(&gateway), Arc::clone(&model));
        shuttle::thread::spawn(move || {
            let site = &m.sites[0];
            for (n, a) in [0u8, 1, 0, 1].into_iter().enumerate() {
                let key = origin_key(&m, a, OriginKind::CronRun, "main");
                let text = event_text(site, EventClass::ExecCompletion, n as u32 + 1);
                g.enqueue_at_site(&site.name, names[usize::from(a)], &key, &text)
                    .unwrap();
            }
        })
    };
    let waker = {
        let g = Arc::clone(&gateway);
        shuttle::thread::spawn(move || {
            for _ in 0..6 {
                let target =
                    g.inspect(|s| s.scheduler().pending().next().map(|p| p.target.clone()));
                if let Some(t) = target {
                    g.fire_wake(&t).unwrap();
                }
                shuttle::thread::yield_now();
            }
        })
    };
    let runner = {
        let g = Arc::clone(&gateway);
        shuttle::thread::spawn(move || {
            for _ in 0..6 {
                let agent = g.inspect(|s| s.runner().runs().next().map(|r| r.agent.clone()));
                if let Some(a) = agent {
                    g.finish_run(&a).unwrap();
                }
                shuttle::thread::yield_now();
            }
        })
    };
    let timers = {
        let g = Arc::clone(&gateway);
        shuttle::thread::spawn(move || {
            for a in [1 as AgentId, 0] {
                g.time_passes(names[usize::from(a)]).unwrap();
                g.interval_tick(names[usize::from(a)]).unwrap();
            }
        })
    };
    for t in [sites, waker, runner, timers] {
        t.join().unwrap();
    }
    let fingerprint = check_history(&model, &init, &gateway);
    histories.lock().unwrap().insert(fingerprint);
    *ops.lock().unwrap() += gateway.journal().len() as u64;
}

/// CK5: for 2026.5.12, 2026.9.6 and the reference, random schedules of four threads produce
/// only histories the model allows; shuttle explores many distinct ones.
#[test]
fn ck5_every_concurrent_history_is_a_model_path() {
    // Tier 1: 300 schedules per profile; tier 2: 1,000 (`CONFORMANCE_SCHEDULES`).
    let iterations = crate::tier::size("CONFORMANCE_SCHEDULES", 300, 1_000);
    for profile in [
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ] {
        let histories = Arc::new(Mutex::new(HashSet::new()));
        let ops = Arc::new(Mutex::new(0u64));
        let (h, o) = (Arc::clone(&histories), Arc::clone(&ops));
        shuttle::check_random(
            move || run_threads(profile, Arc::clone(&h), Arc::clone(&o)),
            iterations,
        );
        let distinct = histories.lock().unwrap().len();
        println!(
            "{profile}: {iterations} schedules, {distinct} distinct histories, {} operations checked",
            ops.lock().unwrap()
        );
        assert!(
            distinct >= iterations / 4,
            "{profile}: shuttle explored only {distinct} distinct histories"
        );
    }
}
