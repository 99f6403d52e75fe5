//! The runner side of a wake (SPEC R4, R7, H1–H8): which agents run, in which sessions, peeking which
//! queues. Assumes every configured agent has a heartbeat and the wake is not deferred.

use heartbeat_vocab::Profile;
use serde_json::Value;

use crate::error::RoutingResult;
use crate::generation::generation;
use crate::js;
use crate::keys::agent_id::resolve_agent_id_from_session_key;
use crate::routing::config::GatewayConfig;
use crate::routing::heartbeat_session::{HeartbeatSession, resolve_heartbeat_session};
use crate::routing::queue_key::queue_key_for_profile;
use crate::routing::wake_options::WakeOptions;

/// One heartbeat run a wake causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRun {
    /// The agent whose heartbeat runs.
    pub agent_id: String,
    /// The session it resolves.
    pub session: HeartbeatSession,
    /// The queue it peeks.
    pub queue_key: String,
}

/// The runs a wake causes: one for a targeted wake (`agentId` or `sessionKey`), one per agent
/// with its default session for an untargeted one.
pub fn heartbeat_runs_for_wake(
    profile: Profile,
    cfg: &GatewayConfig,
    wake: &WakeOptions,
) -> RoutingResult<Vec<HeartbeatRun>> {
    let g = generation(profile);
    let field = |name: &str| {
        wake.get(name)
            .and_then(Value::as_str)
            .map(js::trim)
            .filter(|s| !s.is_empty())
    };
    let (agent_id, session_key) = (field("agentId"), field("sessionKey"));
    let targets: Vec<(String, Option<&str>)> = match (agent_id, session_key) {
        (Some(agent), key) => vec![(agent.to_string(), key)],
        (None, Some(key)) => vec![(
            resolve_agent_id_from_session_key(g.parser, g.agent_id, key, None)?,
            Some(key),
        )],
        (None, None) => cfg.agent_ids().into_iter().map(|a| (a, None)).collect(),
    };
    targets
        .into_iter()
        .map(|(agent, forced)| {
            let session = resolve_heartbeat_session(profile, cfg, Some(&agent), None, forced)?;
            let queue_key = queue_key_for_profile(
                profile,
                &session.session_key,
                &agent,
                cfg.main_key(),
                cfg.scope,
            )?;
            Ok(HeartbeatRun {
                agent_id: agent,
                session,
                queue_key,
            })
        })
        .collect()
}
