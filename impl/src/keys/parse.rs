//! `parseAgentSessionKey` in each of its four eras (SPEC K1–K4).

use crate::generation::ParserEra;
use crate::js;
use crate::keys::fold::fold_preserving_opaque_peer_ids;

/// A parsed agent-scoped key: `agent:<agent_id>:<rest>`. The agent id is trimmed and folded but
/// not passed through `normalizeAgentId` (upstream does not either).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParsedAgentKey {
    /// The agent id segment, as the era leaves it.
    pub agent_id: String,
    /// Everything after the agent id, as the era leaves it.
    pub rest: String,
}

/// `parseAgentSessionKey(key)` in the given era; `None` is upstream's `null`.
pub fn parse_agent_session_key(era: ParserEra, key: &str) -> Option<ParsedAgentKey> {
    match era {
        ParserEra::P1 => split_dropping_empty(&js::trim_lower(key)),
        ParserEra::P2 => split_dropping_empty(&fold_preserving_opaque_peer_ids(key)),
        ParserEra::P3 => split_keeping_empty(&fold_preserving_opaque_peer_ids(key)),
        ParserEra::P4 => split_head(&fold_preserving_opaque_peer_ids(key)),
    }
}

/// P1/P2: empty segments are dropped, so `agent:ops::main` and `:agent:ops:main` parse.
fn split_dropping_empty(folded: &str) -> Option<ParsedAgentKey> {
    let parts: Vec<&str> = folded.split(':').filter(|p| !p.is_empty()).collect();
    if parts.len() < 3 || parts[0] != "agent" {
        return None;
    }
    let agent_id = js::trim(parts[1]);
    let rest = parts[2..].join(":");
    (!agent_id.is_empty() && !rest.is_empty()).then(|| ParsedAgentKey {
        agent_id: agent_id.to_string(),
        rest,
    })
}

/// P3: empty segments stay, but the agent id and the first rest segment must be non-empty.
fn split_keeping_empty(folded: &str) -> Option<ParsedAgentKey> {
    let parts: Vec<&str> = folded.split(':').collect();
    if parts.len() < 3 || parts[0] != "agent" {
        return None;
    }
    let agent_id = js::trim(parts[1]);
    if agent_id.is_empty() || parts[2].is_empty() {
        return None;
    }
    Some(ParsedAgentKey {
        agent_id: agent_id.to_string(),
        rest: parts[2..].join(":"),
    })
}

/// P4: only the head is split; the rest is verbatim and must not start with `:`.
fn split_head(folded: &str) -> Option<ParsedAgentKey> {
    // Upstream compares the first six characters case-insensitively.
    let head = folded.get(..6)?;
    if !head.eq_ignore_ascii_case("agent:") {
        return None;
    }
    let after = &folded[6..];
    let end = after.find(':')?;
    let agent_id = js::trim(&after[..end]);
    let rest = &after[end + 1..];
    (!agent_id.is_empty() && !rest.is_empty() && !rest.starts_with(':')).then(|| ParsedAgentKey {
        agent_id: agent_id.to_string(),
        rest: rest.to_string(),
    })
}
