//! The unit tests of `heartbeat_routing::keys::normalize` (`impl/src/keys/normalize.rs`), kept out
//! of the library so that `cargo test` compiles it once.

use heartbeat_routing::keys::normalize::*;

/// N1: the examples of SPEC N1 (vectors `normalize.jsonl`).
#[test]
fn n1_normalize_agent_id_examples() {
    assert_eq!(normalize_agent_id(Some("  Bad Id!! ")), "bad-id");
    assert_eq!(normalize_agent_id(Some("---")), "main");
    assert_eq!(normalize_agent_id(Some("")), "main");
    assert_eq!(normalize_agent_id(None), "main");
    assert_eq!(normalize_agent_id(Some("Ops")), "ops");
    assert_eq!(normalize_agent_id(Some("ſ")), "main");
    assert_eq!(normalize_agent_id(Some(&"a".repeat(70))), "a".repeat(64));
    assert_eq!(
        normalize_agent_id(Some(&format!("-{}", "b".repeat(70)))),
        "b".repeat(64)
    );
}

/// N3/N4: main key and main session key.
#[test]
fn n4_build_agent_main_session_key_normalises_both_parts() {
    assert_eq!(
        build_agent_main_session_key(Some(""), Some("")),
        "agent:main:main"
    );
    assert_eq!(
        build_agent_main_session_key(Some("Ops"), Some("  Primary ")),
        "agent:ops:primary"
    );
    assert_eq!(normalize_main_key(None), "main");
}
