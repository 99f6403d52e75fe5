//! The unit tests of `heartbeat_routing::routing::event_key` (`impl/src/routing/event_key.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_routing::RoutingError;
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::routing::event_key::*;
use heartbeat_vocab::Profile;

/// E2: the examples observed on 2026.5.12 (vectors `event-key.jsonl`).
#[test]
fn e2_observed_examples() {
    let p = Profile::Openclaw2026_5_12;
    let r = |k, mk, sc| resolve_event_session_key(p, k, mk, sc).unwrap();
    assert_eq!(
        r("AGENT:Ops:CRON:Job:RUN:X", None, Scope::PerSender),
        "agent:ops:main"
    );
    assert_eq!(
        r(
            "  agent:ops:cron:job:run:x  ",
            Some("  Primary "),
            Scope::PerSender
        ),
        "agent:ops:primary"
    );
    assert_eq!(
        r("agent:Bad Id!:cron:job:run:x", None, Scope::PerSender),
        "agent:bad-id:main"
    );
    assert_eq!(r("agent:ops:cron:job:run:x", None, Scope::Global), "global");
    assert_eq!(
        r("  Agent:Ops:Cron:Job  ", None, Scope::PerSender),
        "  Agent:Ops:Cron:Job  "
    );
}

/// E1: 2026.5.7 has no resolveEventSessionKey.
#[test]
fn e1_absent_in_v1() {
    assert!(matches!(
        resolve_event_session_key(Profile::Openclaw2026_5_7, "x", None, Scope::PerSender),
        Err(RoutingError::Unavailable { .. })
    ));
}
