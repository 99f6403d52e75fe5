//! `resolveHeartbeatSession`: the session a heartbeat run uses, and so the queue it peeks
//! (SPEC H1–H8).

use heartbeat_vocab::Profile;

use crate::error::{RoutingError, RoutingResult};
use crate::generation::{Generation, HeartbeatAgentDefault, generation};
use crate::js;
use crate::keys::agent_id::resolve_agent_id_from_session_key;
use crate::keys::normalize::{
    DEFAULT_AGENT_ID, build_agent_main_session_key, normalize_agent_id, normalize_main_key,
};
use crate::keys::parse::parse_agent_session_key;
use crate::keys::store_key::to_agent_store_session_key;
use crate::keys::subagent::is_subagent_session_key;
use crate::routing::config::{GatewayConfig, HeartbeatConfig, Scope};

/// The projection of upstream's result that routing needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatSession {
    /// The session the run uses; its queue is the one peeked.
    pub session_key: String,
    /// Set when a subagent wake was redirected to main: the run must not reply into the
    /// subagent's originating context.
    pub suppress_originating_context: bool,
}

impl HeartbeatSession {
    fn plain(session_key: String) -> Self {
        HeartbeatSession {
            session_key,
            suppress_originating_context: false,
        }
    }
}

/// `canonicalizeMainSessionAlias`: main aliases become the agent main key (`global` under global
/// scope); everything else stays as is.
fn canonicalize_main_session_alias(cfg: &GatewayConfig, agent_id: &str, key: &str) -> String {
    let raw = js::trim(key);
    if raw.is_empty() {
        return String::new();
    }
    let agent = normalize_agent_id(Some(agent_id));
    let main_key = normalize_main_key(cfg.main_key());
    let agent_main = build_agent_main_session_key(Some(&agent), Some(&main_key));
    let aliases = [
        "main".to_string(),
        main_key.clone(),
        agent_main.clone(),
        build_agent_main_session_key(Some(&agent), Some("main")),
        build_agent_main_session_key(Some(DEFAULT_AGENT_ID), Some(&main_key)),
        build_agent_main_session_key(Some(DEFAULT_AGENT_ID), Some("main")),
    ];
    if !aliases.iter().any(|a| a == raw) {
        raw.to_string()
    } else if cfg.scope == Scope::Global {
        "global".to_string()
    } else {
        agent_main
    }
}

/// A direct-message agent key (`direct`/`dm` marker at rest index ≤ 2, a peer after it): the
/// only keys the 2026.9.6 DM pin could remap.
fn is_direct_agent_key(g: &Generation, key: &str) -> bool {
    let base = match js::lower(key).rfind(":thread:") {
        Some(at) if key.is_char_boundary(at) => &key[..at],
        _ => key,
    };
    parse_agent_session_key(g.parser, base).is_some_and(|p| {
        let parts: Vec<&str> = p.rest.split(':').collect();
        parts
            .iter()
            .position(|s| *s == "direct" || *s == "dm")
            .is_some_and(|i| i <= 2 && i + 1 < parts.len())
    })
}

/// Accept `candidate` (already a store key) if it is a non-subagent key of the same agent.
fn accept_for_agent(
    g: &Generation,
    cfg: &GatewayConfig,
    agent: &str,
    candidate: &str,
) -> RoutingResult<Option<String>> {
    if is_subagent_session_key(g.parser, candidate) {
        return Ok(None);
    }
    let canonical = canonicalize_main_session_alias(cfg, agent, candidate);
    if canonical == "global" || is_subagent_session_key(g.parser, &canonical) {
        return Ok(None);
    }
    // 2026.9.6's resolver throws on a malformed agent key here (no default is passed).
    let owner = resolve_agent_id_from_session_key(g.parser, g.agent_id, &canonical, None)?;
    Ok((owner == normalize_agent_id(Some(agent))).then_some(canonical))
}

/// `resolveHeartbeatSession(cfg, agentId, heartbeat, forcedSessionKey)` in the profile's
/// release, projected to the session key and the suppress flag.
pub fn resolve_heartbeat_session(
    profile: Profile,
    cfg: &GatewayConfig,
    agent_id: Option<&str>,
    heartbeat: Option<&HeartbeatConfig>,
    forced_session_key: Option<&str>,
) -> RoutingResult<HeartbeatSession> {
    let g = generation(profile);
    let agent = match (g.heartbeat_agent_default, agent_id) {
        (_, Some(id)) => normalize_agent_id(Some(id)),
        (HeartbeatAgentDefault::FromAgentsList, None) => {
            normalize_agent_id(Some(&cfg.default_agent_id()))
        }
        (HeartbeatAgentDefault::NormalizedOnly, None) => normalize_agent_id(None),
    };
    let main_session = match cfg.scope {
        Scope::Global => "global".to_string(),
        Scope::PerSender => build_agent_main_session_key(Some(&agent), cfg.main_key()),
    };
    // Global scope: one session, whoever asks and whatever the wake names (H2).
    if cfg.scope == Scope::Global {
        return Ok(HeartbeatSession::plain(main_session));
    }
    let forced = forced_session_key.map(js::trim).filter(|f| !f.is_empty());
    if let Some(forced) = forced {
        if is_subagent_session_key(g.parser, forced) {
            return Ok(HeartbeatSession {
                session_key: main_session,
                suppress_originating_context: true,
            });
        }
        let candidate =
            to_agent_store_session_key(g.parser, Some(&agent), Some(forced), cfg.main_key());
        if let Some(accepted) = accept_for_agent(&g, cfg, &agent, &candidate)? {
            if g.has_dm_pin && cfg.has_channels && is_direct_agent_key(&g, &accepted) {
                return Err(RoutingError::NotModelled(
                    "cfg.channels with a direct-message forced key (the V4 DM pin)",
                ));
            }
            return Ok(HeartbeatSession::plain(accepted));
        }
    }
    let configured = heartbeat
        .and_then(|h| h.session.as_deref())
        .map(js::trim)
        .unwrap_or("");
    if configured.is_empty() || is_subagent_session_key(g.parser, configured) {
        return Ok(HeartbeatSession::plain(main_session));
    }
    if matches!(js::lower(configured).as_str(), "main" | "global") {
        return Ok(HeartbeatSession::plain(main_session));
    }
    let candidate =
        to_agent_store_session_key(g.parser, Some(&agent), Some(configured), cfg.main_key());
    Ok(HeartbeatSession::plain(
        accept_for_agent(&g, cfg, &agent, &candidate)?.unwrap_or(main_session),
    ))
}
