//! `toAgentStoreSessionKey` (SPEC K11): the key a request key is stored under.

use crate::generation::ParserEra;
use crate::js;
use crate::keys::fold::fold_preserving_opaque_peer_ids;
use crate::keys::normalize::{build_agent_main_session_key, normalize_agent_id};
use crate::keys::parse::parse_agent_session_key;

/// `toAgentStoreSessionKey({agentId, requestKey, mainKey})`.
pub fn to_agent_store_session_key(
    era: ParserEra,
    agent_id: Option<&str>,
    request_key: Option<&str>,
    main_key: Option<&str>,
) -> String {
    let raw = js::trim(request_key.unwrap_or(""));
    let lowered = js::lower(raw);
    if raw.is_empty() || lowered == "main" {
        return build_agent_main_session_key(agent_id, main_key);
    }
    if let Some(parsed) = parse_agent_session_key(era, raw) {
        return format!("agent:{}:{}", parsed.agent_id, parsed.rest);
    }
    // P1 folds everything; later eras keep opaque peer ids (SPEC K4, K11).
    let folded = match era {
        ParserEra::P1 => lowered.clone(),
        _ => fold_preserving_opaque_peer_ids(raw),
    };
    if lowered.starts_with("agent:") {
        folded
    } else {
        format!("agent:{}:{}", normalize_agent_id(agent_id), folded)
    }
}
