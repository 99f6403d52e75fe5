//! The unit tests of `heartbeat_routing::keys::store_key` (`impl/src/keys/store_key.rs`), kept out
//! of the library so that `cargo test` compiles it once.

use heartbeat_routing::generation::ParserEra;
use heartbeat_routing::keys::store_key::*;

/// K11: the observed examples (2026.5.7/2026.5.12/2026.9.6 agree).
#[test]
fn k11_observed_examples() {
    for era in [ParserEra::P1, ParserEra::P4] {
        assert_eq!(
            to_agent_store_session_key(era, Some("ops"), Some("global"), None),
            "agent:ops:global"
        );
        assert_eq!(
            to_agent_store_session_key(era, Some("ops"), Some("MAIN"), Some("Work")),
            "agent:ops:work"
        );
        assert_eq!(
            to_agent_store_session_key(era, Some("ops"), Some("agent::X"), None),
            "agent::x"
        );
    }
}
