//! The unit tests of `heartbeat_routing::keys::agent_id` (`impl/src/keys/agent_id.rs`), kept out of
//! the library so that `cargo test` compiles it once.

use heartbeat_routing::UpstreamThrow;
use heartbeat_routing::generation::{AgentIdResolution, ParserEra};
use heartbeat_routing::keys::agent_id::*;

/// K12: `global` falls back to `main` in ≤ 2026.5.12 and throws in 2026.9.6 without a default.
#[test]
fn k12_fallback_versus_throw() {
    let fb = |k| {
        resolve_agent_id_from_session_key(ParserEra::P1, AgentIdResolution::FallbackMain, k, None)
    };
    assert_eq!(fb("global"), Ok("main".into()));
    assert_eq!(fb("agent:Bad Id!:x"), Ok("bad-id".into()));
    let th =
        |k, d| resolve_agent_id_from_session_key(ParserEra::P4, AgentIdResolution::Throwing, k, d);
    assert_eq!(th("global", None), Err(UpstreamThrow::NoAgentId.into()));
    assert_eq!(
        th("global", Some("  ")),
        Err(UpstreamThrow::NoAgentId.into())
    );
    assert_eq!(th("global", Some(" Ops ")), Ok("ops".into()));
    assert_eq!(
        th("agent::x", Some("ops")),
        Err(UpstreamThrow::MalformedAgentKey.into())
    );
}
