//! The unit tests of `heartbeat_routing::routing::queue_key` (`impl/src/routing/queue_key.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_routing::UpstreamThrow;
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::routing::queue_key::*;
use heartbeat_vocab::Profile;

/// Q1: ≤ 2026.5.12 queues are case-sensitive and only trimmed.
#[test]
fn q1_trimmed_queue_keys() {
    assert_eq!(
        trimmed_queue_key("  AGENT:Ops:GLOBAL "),
        Ok("AGENT:Ops:GLOBAL".into())
    );
    assert_eq!(
        trimmed_queue_key(" \n"),
        Err(UpstreamThrow::MissingSessionKey.into())
    );
}

/// Q3: 2026.9.6 folds `AGENT:Ops:GLOBAL` and `agent:ops:global` into one queue.
#[test]
fn q3_v4_agent_qualified() {
    let p = Profile::Openclaw2026_9_6;
    let q = |k, a| resolve_system_event_queue_key(p, k, a, None, Scope::PerSender);
    assert_eq!(q("global", Some("ops")), Ok("agent:ops:global".into()));
    assert_eq!(
        q("AGENT:Ops:GLOBAL", Some("ops")),
        Ok("agent:ops:global".into())
    );
    assert_eq!(
        q("agent:ops:x", Some("research")),
        Err(UpstreamThrow::OwnerMismatch.into())
    );
    assert_eq!(q("global", None), Err(UpstreamThrow::NoAgentId.into()));
}

/// Q4: the 2026.9.6 queue keys by the parsed key and refuses anything else.
#[test]
fn q4_queue_requires_agent_qualified_keys() {
    assert_eq!(
        agent_qualified_queue_key(" AGENT:Ops:X "),
        Ok("agent:ops:x".into())
    );
    assert_eq!(
        agent_qualified_queue_key("global"),
        Err(UpstreamThrow::NotAgentQualified.into())
    );
}

/// Q5: in the reference the sentinels alias the owner's main session.
#[test]
fn q5_reference_sentinels() {
    let p = Profile::Reference;
    let q = |k, sc| resolve_system_event_queue_key(p, k, Some("ops"), Some("Work"), sc);
    assert_eq!(
        q(" Unknown ", Scope::PerSender),
        Ok("agent:ops:work".into())
    );
    assert_eq!(q("global", Scope::Global), Ok("agent:ops:global".into()));
    assert_eq!(q("main", Scope::PerSender), Ok("agent:ops:work".into()));
}
