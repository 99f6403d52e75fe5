//! The unit tests of `heartbeat_routing::runtime::wake` (`impl/src/runtime/wake.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_vocab::Profile;

use heartbeat_routing::runtime::rules::{RuntimeRules, TargetKeying};
use heartbeat_routing::runtime::wake::*;

fn wake(source: &str, agent: Option<&str>, session: Option<&str>, by: &str) -> WakeRequest {
    WakeRequest {
        source: source.into(),
        intent: "event".into(),
        reason: source.into(),
        agent_id: agent.map(str::to_string),
        session_key: session.map(str::to_string),
        coalesce_ms: None,
        inspects_exec: source == "exec-event",
        requested_by: [by.to_string()].into(),
    }
}

/// R1: one wake per target, keyed as the release keys it.
#[test]
fn r1_one_wake_per_target() {
    assert_eq!(
        target_key(TargetKeying::AgentAndSession, Some(" ops "), None),
        "ops::"
    );
    assert_eq!(
        target_key(TargetKeying::AgentAndSession, None, Some("agent:ops:main")),
        "::agent:ops:main"
    );
    assert_eq!(
        target_key(
            TargetKeying::SessionFirst,
            Some("ops"),
            Some("agent:ops:main")
        ),
        "::agent:ops:main"
    );
    assert_eq!(
        target_key(TargetKeying::SessionFirst, Some("ops"), Some("global")),
        "ops::global"
    );
    let mut s = WakeScheduler::new(RuntimeRules::of(Profile::Openclaw2026_5_12));
    s.request(wake("exec-event", None, Some("agent:ops:main"), "ops"), 0);
    s.request(wake("cli-watchdog", None, Some("agent:ops:main"), "ops"), 1);
    assert_eq!(s.pending().count(), 1);
}

/// R2: the newer wake's kind wins upstream; the reference keeps the union of inspection.
#[test]
fn r2_merge_newer_wins_reference_unites_inspection() {
    for (profile, inspects) in [
        (Profile::Openclaw2026_9_6, false),
        (Profile::Reference, true),
    ] {
        let mut s = WakeScheduler::new(RuntimeRules::of(profile));
        let k = s.request(wake("exec-event", Some("ops"), None, "ops"), 0);
        s.request(wake("cli-watchdog", Some("ops"), None, "main"), 5);
        let p = s.get(&k).unwrap();
        assert_eq!(p.request.source, "cli-watchdog");
        assert_eq!(p.request.inspects_exec, inspects, "{profile}");
        assert_eq!(p.request.requested_by.len(), 2);
    }
}

/// Coalescing: a sooner request pre-empts the timer, a later one never delays it, and a
/// retry timer is not pre-empted (≤ 2026.7's single timer).
#[test]
fn coalescing_and_retry_timers() {
    let mut s = WakeScheduler::new(RuntimeRules::of(Profile::Openclaw2026_5_12));
    s.request(wake("acp-spawn", Some("a"), None, "a"), 0);
    assert_eq!(s.next_due(), Some(250));
    let mut exec = wake("exec-event", Some("b"), None, "b");
    exec.coalesce_ms = Some(0);
    s.request(exec.clone(), 10);
    assert_eq!(s.next_due(), Some(10));
    s.request(wake("acp-spawn", Some("c"), None, "c"), 20);
    assert_eq!(s.next_due(), Some(10));
    assert_eq!(s.due_targets(9), Vec::<String>::new());
    assert_eq!(s.due_targets(10).len(), 3, "the whole batch fires");
    s.requeue_retry(exec.clone(), 10);
    s.request(exec, 11);
    assert_eq!(s.next_due(), Some(1010), "a retry timer is not pre-empted");
}

/// 2026.8: per-target timers; a guard-deferred wake waits for its agent.
#[test]
fn per_target_timers_and_guard_deferral() {
    let mut s = WakeScheduler::new(RuntimeRules::of(Profile::Openclaw2026_9_6));
    let k = s.request(wake("exec-event", Some("ops"), None, "ops"), 0);
    s.request(wake("acp-spawn", Some("qa"), None, "qa"), 0);
    assert_eq!(s.due_targets(250).len(), 2);
    let w = s.take(&k).unwrap();
    s.defer(w);
    assert_eq!(s.due_targets(10_000).len(), 1);
    s.release_guarded(10_000, |p| p.request.agent_id.as_deref() == Some("ops"));
    assert_eq!(s.due_targets(10_000).len(), 2);
}
