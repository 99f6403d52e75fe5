//! `classifySessionKeyShape` (SPEC K5).

use crate::generation::ParserEra;
use crate::js;
use crate::keys::parse::parse_agent_session_key;

/// The four shapes upstream distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyShape {
    /// Blank.
    Missing,
    /// Parses as `agent:<id>:<rest>`.
    Agent,
    /// Starts with `agent:` (case-insensitively) but does not parse.
    MalformedAgent,
    /// Anything else: `main`, `global`, `discord:group:1`, …
    LegacyOrAlias,
}

impl KeyShape {
    /// Upstream's string for the shape.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyShape::Missing => "missing",
            KeyShape::Agent => "agent",
            KeyShape::MalformedAgent => "malformed_agent",
            KeyShape::LegacyOrAlias => "legacy_or_alias",
        }
    }
}

/// `classifySessionKeyShape(key)`.
pub fn classify_session_key_shape(era: ParserEra, key: &str) -> KeyShape {
    let raw = js::trim(key);
    if raw.is_empty() {
        KeyShape::Missing
    } else if parse_agent_session_key(era, raw).is_some() {
        KeyShape::Agent
    } else if js::lower(raw).starts_with("agent:") {
        KeyShape::MalformedAgent
    } else {
        KeyShape::LegacyOrAlias
    }
}
