//! `resolveAgentIdFromSessionKey` (SPEC K12): which agent owns a key.

use crate::error::{RoutingResult, UpstreamThrow};
use crate::generation::{AgentIdResolution, ParserEra};
use crate::js;
use crate::keys::normalize::normalize_agent_id;
use crate::keys::parse::parse_agent_session_key;
use crate::keys::shape::{KeyShape, classify_session_key_shape};

/// `resolveAgentIdFromSessionKey(key, configuredDefault?)`. ≤ 2026.5.12 takes one argument and falls
/// back to `main`; 2026.9.6 uses the (trimmed, non-blank) default or throws.
pub fn resolve_agent_id_from_session_key(
    era: ParserEra,
    rule: AgentIdResolution,
    key: &str,
    configured_default: Option<&str>,
) -> RoutingResult<String> {
    let parsed = parse_agent_session_key(era, key);
    match rule {
        AgentIdResolution::FallbackMain => Ok(normalize_agent_id(Some(
            parsed.as_ref().map_or("main", |p| p.agent_id.as_str()),
        ))),
        AgentIdResolution::Throwing => {
            if let Some(p) = parsed {
                return Ok(normalize_agent_id(Some(&p.agent_id)));
            }
            if classify_session_key_shape(era, key) == KeyShape::MalformedAgent {
                return Err(UpstreamThrow::MalformedAgentKey.into());
            }
            match configured_default.map(js::trim) {
                Some(d) if !d.is_empty() => Ok(normalize_agent_id(Some(d))),
                _ => Err(UpstreamThrow::NoAgentId.into()),
            }
        }
    }
}
