//! Insta snapshots of representative runtime traces (SPEC §11): real keys, real texts, the
//! queues, pending wakes and runs after every operation. Each is a known bug's counterexample
//! replayed in the runtime of its profile, or the same inputs in the reference, or the one
//! runtime behaviour the model does not cover (DV2). Each must read right line by line: a
//! snapshot that records a wrong answer is a wrong test.

use std::sync::Arc;

use heartbeat_model::action::ActionKind;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::{CheckOptions, check};
use heartbeat_model::{Config, MainKey, Profile, RoutingModel, Scope, SiteTable};
use heartbeat_routing::routing::config::Scope as GatewayScope;
use heartbeat_routing::runtime::{Gateway, GatewayOptions, ManualClock};
use heartbeat_spec::conformance::render;
use heartbeat_spec::conformance::{Harness, HarnessOptions};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../../snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn model(profile: Profile, scope: Scope, agents: u8, origin: OriginKind) -> RoutingModel {
    let mut config = Config::new(scope, MainKey::Default, agents, "exec-exit");
    config.origins = vec![origin];
    RoutingModel::new(profile, config, &SiteTable::upstream()).unwrap()
}

fn recorded() -> HarnessOptions {
    HarnessOptions {
        record: true,
        ..HarnessOptions::default()
    }
}

/// The runtime trace of `invariant`'s shortest counterexample in `m`.
fn counterexample(m: &RoutingModel, invariant: &str) -> (Harness, String) {
    let out = check(m, &CheckOptions::default());
    let trace = out
        .get(invariant)
        .and_then(|p| p.trace.clone())
        .expect("a counterexample");
    let mut h = Harness::new(Arc::new(m.clone()), &trace.init_state, &recorded()).unwrap();
    for a in trace.actions() {
        h.step(a).unwrap_or_else(|e| panic!("{e}"));
    }
    let text = format!(
        "{invariant} in {} {}\n{}",
        m.profile,
        m.config,
        h.render_trace()
    );
    (h, text)
}

/// B6 (I4) in 2026.5.12: both agents' cron-run completions land in the one `global` queue and
/// `main`'s heartbeat surfaces `ops`'s completion.
#[test]
fn runtime_b6_shared_global_queue() {
    let m = model(
        Profile::Openclaw2026_5_12,
        Scope::Global,
        2,
        OriginKind::CronRun,
    );
    let (_, text) = counterexample(&m, "no-cross-agent-surfacing");
    settings().bind(|| insta::assert_snapshot!("runtime_b6_shared_global_queue", text));
}

/// The B6 inputs in the reference, driven to quiescence: per-agent global queues, each
/// completion surfaced to its own agent once.
#[test]
fn runtime_b6_inputs_in_the_reference() {
    let buggy = model(
        Profile::Openclaw2026_5_12,
        Scope::Global,
        2,
        OriginKind::CronRun,
    );
    let (h, _) = counterexample(&buggy, "no-cross-agent-surfacing");
    let m = Arc::new(model(
        Profile::Reference,
        Scope::Global,
        2,
        OriginKind::CronRun,
    ));
    let init = m
        .init_states_for_snapshot()
        .unwrap_or_else(|| h.state().clone());
    let mut r = Harness::new(Arc::clone(&m), &init, &recorded()).unwrap();
    for a in h.path() {
        if a.kind() == ActionKind::Enqueue {
            r.step(*a).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let order = [
        ActionKind::FinishRun,
        ActionKind::FireWake,
        ActionKind::TimePasses,
        ActionKind::IntervalTick,
    ];
    while !m.quiescent(r.state()) {
        let enabled = r.enabled();
        let next = order
            .iter()
            .find_map(|k| enabled.iter().find(|a| a.kind() == *k))
            .copied()
            .expect("not stuck");
        r.step(next).unwrap_or_else(|e| panic!("{e}"));
    }
    let text = format!("B6 inputs in reference {}\n{}", m.config, r.render_trace());
    settings().bind(|| insta::assert_snapshot!("runtime_b6_inputs_in_the_reference", text));
}

/// B5 (I1) in 2026.5.12: the exec wake is deferred by the guard and dropped; the interval
/// heartbeat does not inspect exec completions; the completion stays queued.
#[test]
fn runtime_b5_guard_drops_the_exec_wake() {
    let m = model(
        Profile::Openclaw2026_5_12,
        Scope::PerSender,
        1,
        OriginKind::Main,
    );
    let (_, text) = counterexample(&m, "no-stranded-event");
    settings().bind(|| insta::assert_snapshot!("runtime_b5_guard_drops_the_exec_wake", text));
}

/// B3 (I3) in 2026.5.7: the wake carries the raw cron-run key and the heartbeat runs inside
/// the cron run.
#[test]
fn runtime_b3_heartbeat_in_the_cron_run() {
    let m = model(
        Profile::Openclaw2026_5_7,
        Scope::PerSender,
        1,
        OriginKind::CronRun,
    );
    let (_, text) = counterexample(&m, "no-heartbeat-in-cron-run");
    settings().bind(|| insta::assert_snapshot!("runtime_b3_heartbeat_in_the_cron_run", text));
}

/// DV2 (not modelled): a mixed-case DM key in 2026.5.12 strands its exec completion; 2026.9.6
/// folds the queue key and surfaces it.
#[test]
fn runtime_dv2_mixed_case_dm_key() {
    let mut text = String::new();
    for profile in [Profile::Openclaw2026_5_12, Profile::Openclaw2026_9_6] {
        let mut options =
            GatewayOptions::new(profile, GatewayScope::PerSender, None, &["main", "ops"]);
        options.journal = true;
        let g: Gateway = Gateway::new(&options, Arc::new(ManualClock::new(0))).unwrap();
        let initial = g.snapshot();
        let mut states = Vec::new();
        let out = g
            .enqueue_at_site(
                "exec-exit",
                "ops",
                "agent:ops:Telegram:Direct:42",
                "Exec failed (a1b2c3d4, code 1) :: boom",
            )
            .unwrap();
        states.push(g.snapshot());
        g.fire_wake(&out.wake_target.unwrap()).unwrap();
        states.push(g.snapshot());
        g.finish_run("ops").unwrap();
        states.push(g.snapshot());
        let steps: Vec<_> = g.journal().into_iter().zip(states).collect();
        text.push_str(&format!(
            "{profile}:\n{}\n",
            render::trace(&initial, &steps)
        ));
    }
    settings().bind(|| insta::assert_snapshot!("runtime_dv2_mixed_case_dm_key", text));
}

trait InitForSnapshot {
    fn init_states_for_snapshot(&self) -> Option<heartbeat_model::State>;
}

impl InitForSnapshot for RoutingModel {
    /// The initial state where every agent never ran (the B6 counterexample's).
    fn init_states_for_snapshot(&self) -> Option<heartbeat_model::State> {
        use stateright::Model;
        self.init_states().into_iter().find(|s| {
            s.guards
                .iter()
                .all(|g| *g == heartbeat_model::state::Guard::NeverRan)
        })
    }
}
