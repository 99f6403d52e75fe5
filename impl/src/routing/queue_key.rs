//! The system-event queue key: which in-memory queue an event lands in and a heartbeat peeks
//! (SPEC Q1–Q6).

use heartbeat_vocab::Profile;

use crate::error::{RoutingError, RoutingResult, UpstreamThrow};
use crate::generation::{ParserEra, QueueKeyRule, generation};
use crate::js;
use crate::keys::agent_id::resolve_agent_id_from_session_key;
use crate::keys::normalize::{normalize_agent_id, normalize_main_key};
use crate::keys::parse::parse_agent_session_key;
use crate::keys::sentinel::is_unscoped_session_key_sentinel;
use crate::keys::store_key::to_agent_store_session_key;
use crate::routing::config::Scope;

/// ≤ 7.x: the queue key is the session key trimmed (case-sensitive, any non-blank string).
pub fn trimmed_queue_key(key: &str) -> RoutingResult<String> {
    let trimmed = js::trim(key);
    if trimmed.is_empty() {
        return Err(UpstreamThrow::MissingSessionKey.into());
    }
    Ok(trimmed.to_string())
}

/// 2026.9.6's queue itself (`requireSessionKey`): the key must parse; it becomes `agent:<id>:<rest>`.
pub fn agent_qualified_queue_key(key: &str) -> RoutingResult<String> {
    parse_agent_session_key(ParserEra::P4, js::trim(key))
        .map(|p| format!("agent:{}:{}", p.agent_id, p.rest))
        .ok_or_else(|| UpstreamThrow::NotAgentQualified.into())
}

/// `resolveSystemEventQueueKey(sessionKey, agentId?)` (2026.9.6), and its SPEC form in `reference`,
/// which also takes `mainKey` and `scope` (extra arguments 2026.9.6 ignores):
///
/// - a sentinel (`global`/`unknown`) is the owner's main session: `agent:<owner>:<mainKey>`, or
///   `agent:<owner>:global` under global scope;
/// - any other key is 2026.9.6's answer, except that a bare `main` uses the configured mainKey.
pub fn resolve_system_event_queue_key(
    profile: Profile,
    key: &str,
    agent_id: Option<&str>,
    main_key: Option<&str>,
    scope: Scope,
) -> RoutingResult<String> {
    let g = generation(profile);
    if g.queue_key == QueueKeyRule::Trimmed {
        return Err(RoutingError::Unavailable {
            profile,
            function: "resolveSystemEventQueueKey",
        });
    }
    if js::trim(key).is_empty() {
        return Err(UpstreamThrow::MissingSessionKey.into());
    }
    let owner = resolve_agent_id_from_session_key(g.parser, g.agent_id, key, agent_id)?;
    // `if (agentId && owner !== normalizeAgentId(agentId))`: a blank string is falsy.
    if let Some(given) = agent_id.filter(|a| !a.is_empty())
        && owner != normalize_agent_id(Some(given))
    {
        return Err(UpstreamThrow::OwnerMismatch.into());
    }
    if g.queue_key == QueueKeyRule::AgentQualified {
        return Ok(to_agent_store_session_key(
            g.parser,
            Some(&owner),
            Some(key),
            None,
        ));
    }
    if is_unscoped_session_key_sentinel(key) {
        return Ok(match scope {
            Scope::Global => format!("agent:{owner}:global"),
            Scope::PerSender => format!("agent:{owner}:{}", normalize_main_key(main_key)),
        });
    }
    Ok(to_agent_store_session_key(
        g.parser,
        Some(&owner),
        Some(key),
        main_key,
    ))
}

/// The queue an event filed under `key` by a session of agent `owner` lands in (and, for a
/// heartbeat of `owner` whose session is `key`, the queue it peeks), in the profile's release.
pub fn queue_key_for_profile(
    profile: Profile,
    key: &str,
    owner: &str,
    main_key: Option<&str>,
    scope: Scope,
) -> RoutingResult<String> {
    match generation(profile).queue_key {
        QueueKeyRule::Trimmed => trimmed_queue_key(key),
        QueueKeyRule::AgentQualified | QueueKeyRule::AgentQualifiedSentinelsAliasMain => {
            let resolved =
                resolve_system_event_queue_key(profile, key, Some(owner), main_key, scope)?;
            agent_qualified_queue_key(&resolved)
        }
    }
}
