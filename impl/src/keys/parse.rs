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

#[cfg(test)]
mod tests {
    use super::*;
    use ParserEra::*;

    fn parsed(era: ParserEra, key: &str) -> Option<(String, String)> {
        parse_agent_session_key(era, key).map(|p| (p.agent_id, p.rest))
    }

    fn some(a: &str, r: &str) -> Option<(String, String)> {
        Some((a.to_string(), r.to_string()))
    }

    /// K2: P1 drops empty segments (SPEC K2; observed on 2026.5.7 and 2026.5.12).
    #[test]
    fn k2_p1_drops_empty_segments() {
        assert_eq!(parsed(P1, "agent:ops::main"), some("ops", "main"));
        assert_eq!(parsed(P1, ":agent:ops:main"), some("ops", "main"));
        assert_eq!(parsed(P1, "agent:ops:cron:"), some("ops", "cron"));
        assert_eq!(
            parsed(P1, "agent:voice:room::part"),
            some("voice", "room:part")
        );
        assert_eq!(parsed(P1, "agent:Bad Id!:x"), some("bad id!", "x"));
        assert_eq!(parsed(P1, "agent::x"), None);
        assert_eq!(parsed(P1, "agent:ops"), None);
    }

    /// K3: P2 is P1 with the opaque-preserving fold.
    #[test]
    fn k3_p2_preserves_opaque_ids_and_still_drops_empty_segments() {
        assert_eq!(
            parsed(P2, "Agent:Ops:Signal:Group:AbC"),
            some("ops", "signal:group:AbC")
        );
        assert_eq!(
            parsed(P1, "Agent:Ops:Signal:Group:AbC"),
            some("ops", "signal:group:abc")
        );
        assert_eq!(parsed(P2, "agent:ops::main"), some("ops", "main"));
    }

    /// K3: P3 keeps empty segments but requires a non-empty agent id and first rest segment.
    #[test]
    fn k3_p3_keeps_empty_segments() {
        assert_eq!(parsed(P3, "agent:ops::main"), None);
        assert_eq!(parsed(P3, "agent::ops:main"), None);
        assert_eq!(
            parsed(P3, "agent:voice:room::part"),
            some("voice", "room::part")
        );
        assert_eq!(parsed(P3, "agent:ops:cron:"), some("ops", "cron:"));
        assert_eq!(parsed(P3, ":agent:ops:main"), None);
    }

    /// K4: P4 splits the head only (the examples observed on 2026.9.6, vectors `keys-parse.jsonl`).
    #[test]
    fn k4_p4_observed_examples() {
        assert_eq!(parsed(P4, "agent:ops::main"), None);
        assert_eq!(parsed(P4, "agent::ops:main"), None);
        assert_eq!(parsed(P4, ":agent:ops:main"), None);
        assert_eq!(parsed(P4, "agent:ops:cron:"), some("ops", "cron:"));
        assert_eq!(
            parsed(P4, "agent:voice:room::part"),
            some("voice", "room::part")
        );
        assert_eq!(
            parsed(P4, "Agent:Ops:Signal:Group:AbC:Thread:XyZ"),
            some("ops", "signal:group:AbC:thread:xyz")
        );
        assert_eq!(parsed(P4, "  Agent:Ops:Main  "), some("ops", "main"));
        assert_eq!(parsed(P4, "agent:ops"), None);
        assert_eq!(parsed(P4, "agent: :main"), None);
    }

    #[test]
    fn huge_and_odd_keys_do_not_panic() {
        let huge = format!("agent:ops:{}", "x:".repeat(1 << 19));
        for era in ParserEra::ALL {
            assert!(parse_agent_session_key(era, &huge).is_some());
            assert_eq!(parse_agent_session_key(era, ""), None);
            assert_eq!(parse_agent_session_key(era, "\u{0}:agent"), None);
        }
    }
}
