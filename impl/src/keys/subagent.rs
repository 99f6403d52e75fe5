//! `isSubagentSessionKey` and `getSubagentDepth` (SPEC K8–K9).

use std::sync::LazyLock;

use regex::Regex;

use crate::generation::{ParserEra, SubagentDepthRule};
use crate::js;
use crate::keys::parse::parse_agent_session_key;

static SUBAGENT_SEGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|:)subagent:").expect("valid regex"));

/// `isSubagentSessionKey(key)`: a bare `subagent:…` key, or an agent key whose rest starts with
/// `subagent:`. The heartbeat runner never runs inside such a session (SPEC H3).
pub fn is_subagent_session_key(era: ParserEra, key: &str) -> bool {
    let raw = js::trim(key);
    if raw.is_empty() {
        return false;
    }
    js::lower(raw).starts_with("subagent:") || is_agent_subagent_key(era, raw)
}

/// An agent-scoped subagent key (`agent:<id>:subagent:…`): the keys the SPEC routes to main.
pub fn is_agent_subagent_key(era: ParserEra, key: &str) -> bool {
    parse_agent_session_key(era, key)
        .is_some_and(|p| js::trim_lower(&p.rest).starts_with("subagent:"))
}

/// `getSubagentDepth(key)`.
pub fn get_subagent_depth(era: ParserEra, rule: SubagentDepthRule, key: &str) -> usize {
    let raw = js::trim_lower(key);
    if raw.is_empty() {
        return 0;
    }
    match rule {
        SubagentDepthRule::SplitCount => raw.matches(":subagent:").count(),
        SubagentDepthRule::PrefixCount => {
            let scope = parse_agent_session_key(era, &raw).map_or(raw, |p| p.rest);
            SUBAGENT_SEGMENT.find_iter(&js::lower(&scope)).count()
        }
    }
}
