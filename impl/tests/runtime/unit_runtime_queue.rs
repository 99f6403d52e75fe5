//! The unit tests of `heartbeat_routing::runtime::queue` (`impl/src/runtime/queue.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_routing::runtime::GatewayError;
use heartbeat_routing::runtime::event::{EventId, Provenance};
use heartbeat_routing::runtime::queue::*;
use heartbeat_vocab::Profile;

fn prov() -> Provenance {
    Provenance {
        site: "t".into(),
        agent: "ops".into(),
        origin_session_key: "agent:ops:main".into(),
    }
}

fn req(text: &str, ctx: Option<&str>) -> EnqueueRequest {
    EnqueueRequest {
        context_key: ctx.map(str::to_string),
        ..EnqueueRequest::new(text, prov(), 0)
    }
}

fn texts(q: &SystemEventQueues, key: &str) -> Vec<String> {
    q.peek(key).into_iter().map(|e| e.text).collect()
}

/// Q1: up to 2026.7 the key is trimmed only; `Global` and `global` are two queues.
#[test]
fn q1_keys_are_trimmed_and_case_sensitive_up_to_2026_7() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_5_12, 20);
    q.enqueue(" global ", req("a", None)).unwrap();
    q.enqueue("Global", req("b", None)).unwrap();
    assert_eq!(texts(&q, "global"), ["a"]);
    assert_eq!(texts(&q, "Global"), ["b"]);
    assert!(q.enqueue("  ", req("c", None)).is_err());
}

/// Q4: from 2026.8 the key must parse and is folded.
#[test]
fn q4_keys_are_agent_qualified_from_2026_8() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_9_6, 20);
    q.enqueue("AGENT:Ops:Main", req("a", None)).unwrap();
    assert_eq!(texts(&q, "agent:ops:main"), ["a"]);
    assert!(q.enqueue("global", req("b", None)).is_err());
}

/// The cap drops the oldest event.
#[test]
fn the_cap_drops_the_oldest() {
    let mut q = SystemEventQueues::new(Profile::Reference, 2);
    q.enqueue("agent:ops:main", req("a", None)).unwrap();
    q.enqueue("agent:ops:main", req("b", None)).unwrap();
    let Enqueued::Accepted { dropped, .. } = q.enqueue("agent:ops:main", req("c", None)).unwrap()
    else {
        panic!("accepted")
    };
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].text, "a");
    assert_eq!(texts(&q, "agent:ops:main"), ["b", "c"]);
}

/// A7 (the duplicate rule the model leaves out), ≤ 2026.5.7: the last text decides, whatever the context; a consume moves it back.
#[test]
fn last_text_rule_of_2026_5_7() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_5_7, 20);
    let k = "agent:ops:main";
    assert!(matches!(
        q.enqueue(k, req("a", Some("x"))).unwrap(),
        Enqueued::Accepted { .. }
    ));
    assert_eq!(
        q.enqueue(k, req("a", Some("y"))).unwrap(),
        Enqueued::Duplicate
    );
    q.enqueue(k, req("b", None)).unwrap();
    // Not consecutive any more: accepted.
    assert!(matches!(
        q.enqueue(k, req("a", None)).unwrap(),
        Enqueued::Accepted { .. }
    ));
    let newest = q.peek(k).last().unwrap().id;
    q.consume_selected(k, &[newest]);
    // lastText is the newest remaining event's text: `b`.
    assert_eq!(q.enqueue(k, req("b", None)).unwrap(), Enqueued::Duplicate);
    q.drain(k);
    assert!(matches!(
        q.enqueue(k, req("b", None)).unwrap(),
        Enqueued::Accepted { .. }
    ));
}

/// A7, 2026.5.12+: keyed events are unique by identity in the whole queue, unkeyed only
/// against the last event.
#[test]
fn identity_rule_from_2026_5_12() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_5_12, 20);
    let k = "agent:ops:main";
    q.enqueue(k, req("a", Some("Ctx"))).unwrap();
    q.enqueue(k, req("b", None)).unwrap();
    assert_eq!(
        q.enqueue(k, req("a", Some(" ctx "))).unwrap(),
        Enqueued::Duplicate
    );
    assert!(matches!(
        q.enqueue(k, req("a", Some("other"))).unwrap(),
        Enqueued::Accepted { .. }
    ));
    assert_eq!(
        q.enqueue(k, req("a", Some("other"))).unwrap(),
        Enqueued::Duplicate
    );
    q.enqueue(k, req("c", None)).unwrap();
    assert_eq!(q.enqueue(k, req("c", None)).unwrap(), Enqueued::Duplicate);
    q.enqueue(k, req("d", None)).unwrap();
    assert!(matches!(
        q.enqueue(k, req("c", None)).unwrap(),
        Enqueued::Accepted { .. }
    ));
}

/// 2026.8+: `replace` keeps one event per context key, at the tail; it needs a key.
#[test]
fn replace_from_2026_8() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_9_6, 20);
    let k = "agent:ops:main";
    let replace = |t: &str, c: Option<&str>| EnqueueRequest {
        replace: true,
        ..req(t, c)
    };
    q.enqueue(k, req("p1", Some("acp:1"))).unwrap();
    q.enqueue(k, req("x", None)).unwrap();
    q.enqueue(k, replace("p2", Some("acp:1"))).unwrap();
    assert_eq!(texts(&q, k), ["x", "p2"]);
    assert_eq!(
        q.enqueue(k, replace("p2", Some("acp:1"))).unwrap(),
        Enqueued::Duplicate
    );
    assert_eq!(
        q.enqueue(k, replace("p3", None)),
        Err(GatewayError::ReplaceNeedsContextKey)
    );
    let dup = EnqueueRequest {
        allow_duplicate: true,
        ..req("x", None)
    };
    assert!(matches!(
        q.enqueue(k, dup).unwrap(),
        Enqueued::Accepted { .. }
    ));
}

/// Context keys are trimmed and lowercased; the last one is tracked per release.
#[test]
fn context_change_tracking() {
    let mut q = SystemEventQueues::new(Profile::Openclaw2026_5_12, 20);
    let k = "agent:ops:main";
    q.enqueue(k, req("a", Some(" Exec:1 "))).unwrap();
    assert!(!q.is_context_changed(k, Some("exec:1")));
    q.enqueue(k, req("b", None)).unwrap();
    assert!(
        !q.is_context_changed(k, Some("EXEC:1")),
        "null keys do not overwrite"
    );
    let mut v1 = SystemEventQueues::new(Profile::Openclaw2026_5_7, 20);
    v1.enqueue(k, req("a", Some("exec:1"))).unwrap();
    v1.enqueue(k, req("b", None)).unwrap();
    assert!(
        v1.is_context_changed(k, Some("exec:1")),
        "5.7 overwrites with null"
    );
}

/// Selected consume removes exactly the chosen events and keeps the order of the rest.
#[test]
fn consume_selected_keeps_the_rest_in_order() {
    let mut q = SystemEventQueues::new(Profile::Reference, 20);
    let k = "agent:ops:main";
    for t in ["a", "b", "c", "d"] {
        q.enqueue(k, req(t, None)).unwrap();
    }
    let ids: Vec<EventId> = q.peek(k).iter().map(|e| e.id).collect();
    let taken = q.consume_selected(k, &[ids[1], ids[3]]);
    assert_eq!(
        taken.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(),
        ["b", "d"]
    );
    assert_eq!(texts(&q, k), ["a", "c"]);
}
