//! `resolveEventSessionKey`: the key an enqueue site files an event under (SPEC E1–E8).

use heartbeat_vocab::Profile;

use crate::error::{RoutingError, RoutingResult};
use crate::generation::{EventKeyRule, generation};
use crate::keys::cron::{is_cron_run_session_key, is_cron_session_key};
use crate::keys::normalize::{build_agent_main_session_key, normalize_agent_id};
use crate::keys::parse::parse_agent_session_key;
use crate::keys::subagent::is_agent_subagent_key;
use crate::routing::config::Scope;

/// `resolveEventSessionKey(sessionKey, mainKey?, scope?)` in the profile's release. A key that is
/// not remapped comes back verbatim (not trimmed, not re-cased). The drafts ignore `scope`.
pub fn resolve_event_session_key(
    profile: Profile,
    key: &str,
    main_key: Option<&str>,
    scope: Scope,
) -> RoutingResult<String> {
    let g = generation(profile);
    let parsed = parse_agent_session_key(g.parser, key);
    let remap = match g.event_key {
        EventKeyRule::Absent => {
            return Err(RoutingError::Unavailable {
                profile,
                function: "resolveEventSessionKey",
            });
        }
        EventKeyRule::AnyCronToLiteralMain => {
            // The draft never consulted session.mainKey or session.scope (seed, 2026-03-22).
            return Ok(match parsed {
                Some(p) if is_cron_session_key(g.parser, key) => {
                    format!("agent:{}:main", normalize_agent_id(Some(&p.agent_id)))
                }
                _ => key.to_string(),
            });
        }
        EventKeyRule::CronRun => is_cron_run_session_key(g.parser, g.cron_run, key),
        EventKeyRule::CronRunAndSubagent => {
            // ref (R11): under global scope the heartbeat peeks nothing but the agent's global
            // queue, so every agent-scoped key goes there.
            scope == Scope::Global
                || is_cron_run_session_key(g.parser, g.cron_run, key)
                || is_agent_subagent_key(g.parser, key)
        }
    };
    Ok(match parsed {
        Some(p) if remap => match scope {
            Scope::Global => "global".to_string(),
            Scope::PerSender => build_agent_main_session_key(Some(&p.agent_id), main_key),
        },
        _ => key.to_string(),
    })
}
