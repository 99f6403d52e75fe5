//! The unit tests of `heartbeat_routing::routing::heartbeat_session`
//! (`impl/src/routing/heartbeat_session.rs`), kept out of the library so that `cargo test` compiles
//! it once.

use heartbeat_routing::RoutingResult;
use heartbeat_routing::routing::config::{GatewayConfig, Scope};
use heartbeat_routing::routing::heartbeat_session::*;
use heartbeat_vocab::Profile;

fn resolve(p: Profile, cfg: &GatewayConfig, forced: &str) -> RoutingResult<HeartbeatSession> {
    resolve_heartbeat_session(p, cfg, Some("ops"), None, Some(forced))
}

/// H3–H6: the table observed on the published builds (vectors `heartbeat-session.jsonl`; 2026.5.7, 2026.5.12 and 2026.9.6 agree).
#[test]
fn h3_observed_table() {
    let plain = GatewayConfig::default();
    let global = GatewayConfig {
        scope: Scope::Global,
        ..GatewayConfig::default()
    };
    for p in Profile::RELEASES {
        let key = |cfg: &GatewayConfig, f: &str| resolve(p, cfg, f).unwrap().session_key;
        assert_eq!(key(&global, "agent:ops:cron:job:run:x"), "global");
        assert_eq!(
            key(&plain, "agent:ops:cron:job:run:x"),
            "agent:ops:cron:job:run:x"
        );
        let sub = resolve(p, &plain, "agent:ops:subagent:w").unwrap();
        assert_eq!(sub.session_key, "agent:ops:main");
        assert!(sub.suppress_originating_context);
        assert_eq!(key(&plain, "agent:other:main"), "agent:ops:main");
        assert_eq!(
            key(&plain, "agent:other:discord:direct:u1"),
            "agent:ops:main"
        );
        assert_eq!(key(&plain, "global"), "agent:ops:global");
        assert_eq!(key(&plain, "main"), "agent:ops:main");
    }
}
