//! The unit tests of `heartbeat_routing::keys::parse` (`impl/src/keys/parse.rs`), kept out of the
//! library so that `cargo test` compiles it once.

use ParserEra::*;
use heartbeat_routing::generation::ParserEra;
use heartbeat_routing::keys::parse::*;

fn parsed(era: ParserEra, key: &str) -> Option<(String, String)> {
    parse_agent_session_key(era, key).map(|p| (p.agent_id, p.rest))
}

fn some(a: &str, r: &str) -> Option<(String, String)> {
    Some((a.to_string(), r.to_string()))
}

/// K2: P1 drops empty segments (SPEC K2; observed on 2026.5.7 and 2026.5.12).
#[test]
fn k2_p1_drops_empty_segments() {
    assert_eq!(parsed(P1, "agent:ops::main"), some("ops", "main"));
    assert_eq!(parsed(P1, ":agent:ops:main"), some("ops", "main"));
    assert_eq!(parsed(P1, "agent:ops:cron:"), some("ops", "cron"));
    assert_eq!(
        parsed(P1, "agent:voice:room::part"),
        some("voice", "room:part")
    );
    assert_eq!(parsed(P1, "agent:Bad Id!:x"), some("bad id!", "x"));
    assert_eq!(parsed(P1, "agent::x"), None);
    assert_eq!(parsed(P1, "agent:ops"), None);
}

/// K3: P2 is P1 with the opaque-preserving fold.
#[test]
fn k3_p2_preserves_opaque_ids_and_still_drops_empty_segments() {
    assert_eq!(
        parsed(P2, "Agent:Ops:Signal:Group:AbC"),
        some("ops", "signal:group:AbC")
    );
    assert_eq!(
        parsed(P1, "Agent:Ops:Signal:Group:AbC"),
        some("ops", "signal:group:abc")
    );
    assert_eq!(parsed(P2, "agent:ops::main"), some("ops", "main"));
}

/// K3: P3 keeps empty segments but requires a non-empty agent id and first rest segment.
#[test]
fn k3_p3_keeps_empty_segments() {
    assert_eq!(parsed(P3, "agent:ops::main"), None);
    assert_eq!(parsed(P3, "agent::ops:main"), None);
    assert_eq!(
        parsed(P3, "agent:voice:room::part"),
        some("voice", "room::part")
    );
    assert_eq!(parsed(P3, "agent:ops:cron:"), some("ops", "cron:"));
    assert_eq!(parsed(P3, ":agent:ops:main"), None);
}

/// K4: P4 splits the head only (the examples observed on 2026.9.6, vectors `keys-parse.jsonl`).
#[test]
fn k4_p4_observed_examples() {
    assert_eq!(parsed(P4, "agent:ops::main"), None);
    assert_eq!(parsed(P4, "agent::ops:main"), None);
    assert_eq!(parsed(P4, ":agent:ops:main"), None);
    assert_eq!(parsed(P4, "agent:ops:cron:"), some("ops", "cron:"));
    assert_eq!(
        parsed(P4, "agent:voice:room::part"),
        some("voice", "room::part")
    );
    assert_eq!(
        parsed(P4, "Agent:Ops:Signal:Group:AbC:Thread:XyZ"),
        some("ops", "signal:group:AbC:thread:xyz")
    );
    assert_eq!(parsed(P4, "  Agent:Ops:Main  "), some("ops", "main"));
    assert_eq!(parsed(P4, "agent:ops"), None);
    assert_eq!(parsed(P4, "agent: :main"), None);
}

#[test]
fn huge_and_odd_keys_do_not_panic() {
    let huge = format!("agent:ops:{}", "x:".repeat(1 << 19));
    for era in ParserEra::ALL {
        assert!(parse_agent_session_key(era, &huge).is_some());
        assert_eq!(parse_agent_session_key(era, ""), None);
        assert_eq!(parse_agent_session_key(era, "\u{0}:agent"), None);
    }
}
