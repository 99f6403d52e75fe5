//! `normalizeAgentId`, `isValidAgentId`, `normalizeMainKey`, `buildAgentMainSessionKey`
//! (SPEC N1–N4). Identical in every generation.

use std::sync::LazyLock;

use regex::Regex;

use crate::js;

/// Upstream's `DEFAULT_AGENT_ID` and `DEFAULT_MAIN_KEY`.
pub const DEFAULT_AGENT_ID: &str = "main";
/// Upstream's `DEFAULT_MAIN_KEY`.
pub const DEFAULT_MAIN_KEY: &str = "main";

/// `^[a-z0-9][a-z0-9_-]{0,63}$` with JavaScript's `/i` (no `u`): ASCII letters only, so the long
/// s `ſ` and the Kelvin sign do not count as `s` and `k` (they would under Unicode folding).
static VALID_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$").expect("valid regex"));
static INVALID_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^a-z0-9_-]+").expect("valid regex"));

/// `normalizeAgentId(value)`; `None` is `undefined`/`null`.
pub fn normalize_agent_id(value: Option<&str>) -> String {
    let trimmed = js::trim(value.unwrap_or(""));
    if trimmed.is_empty() {
        return DEFAULT_AGENT_ID.to_string();
    }
    let lowered = js::lower(trimmed);
    if VALID_ID.is_match(trimmed) {
        return lowered;
    }
    let dashed = INVALID_RUN.replace_all(&lowered, "-");
    // Only ASCII is left, so cutting 64 bytes is cutting 64 UTF-16 units as upstream does.
    let cut: String = dashed.trim_matches('-').chars().take(64).collect();
    if cut.is_empty() {
        DEFAULT_AGENT_ID.to_string()
    } else {
        cut
    }
}

/// `isValidAgentId(value)`.
pub fn is_valid_agent_id(value: Option<&str>) -> bool {
    let trimmed = js::trim(value.unwrap_or(""));
    !trimmed.is_empty() && VALID_ID.is_match(trimmed)
}

/// `normalizeMainKey(value)`: trim + lowercase, blank → `main`. A non-string is blank upstream.
pub fn normalize_main_key(value: Option<&str>) -> String {
    let key = js::trim_lower(value.unwrap_or(""));
    if key.is_empty() {
        DEFAULT_MAIN_KEY.to_string()
    } else {
        key
    }
}

/// `buildAgentMainSessionKey({agentId, mainKey})`.
pub fn build_agent_main_session_key(agent_id: Option<&str>, main_key: Option<&str>) -> String {
    format!(
        "agent:{}:{}",
        normalize_agent_id(agent_id),
        normalize_main_key(main_key)
    )
}
