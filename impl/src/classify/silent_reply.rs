//! Heartbeat acknowledgement texts as 2026.8+ recognises them (`isHeartbeatAcknowledgementText`
//! with no acknowledgement budget), so that `isCronSystemEvent` can treat them as noise (C4).
//!
//! Modelled: token-only silent replies (`NO_REPLY`, repeated, with edge punctuation, any case),
//! a JSON string or a `{"action": …}` envelope holding only the token, and texts that are only
//! `HEARTBEAT_OK` tokens (optionally with up to four non-word characters after a trailing token,
//! and optionally wrapped in markup). Not modelled: silent replies after a reasoning preamble
//! (`<think>…</think> NO_REPLY`, `Thinking:\n… NO_REPLY`); those answer `NotModelled`.

use std::sync::LazyLock;

use regex::Regex;

use crate::classify::js_regex::js_regex;
use crate::error::{RoutingError, RoutingResult};
use crate::js;

const SILENT_TOKEN: &str = "NO_REPLY";
const HEARTBEAT_TOKEN: &str = "HEARTBEAT_OK";

static TOKEN_ONLY: LazyLock<Regex> =
    LazyLock::new(|| js_regex(r"^\s*NO_REPLY(?:\s+NO_REPLY)*\s*$", true));
static LEADING_PUNCTUATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{P}+").expect("valid regex"));
static TRAILING_PUNCTUATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{P}+$").expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));
static NBSP_ENTITY: LazyLock<Regex> = LazyLock::new(|| js_regex(r"&nbsp;", true));
static EDGE_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[*`~_]+|[*`~_]+$").expect("valid regex"));
static WHITESPACE_RUN: LazyLock<Regex> = LazyLock::new(|| js_regex(r"\s+", false));

fn strip_edge_punctuation(text: &str) -> &str {
    let start = LEADING_PUNCTUATION.find(text).map_or(0, |m| m.end());
    let end = TRAILING_PUNCTUATION
        .find(text)
        .map_or(text.len(), |m| m.start());
    if start >= end { "" } else { &text[start..end] }
}

fn is_token_only(text: &str) -> bool {
    !text.is_empty()
        && (TOKEN_ONLY.is_match(text)
            || TOKEN_ONLY.is_match(strip_edge_punctuation(js::trim(text))))
}

fn is_json_string_token(trimmed: &str) -> bool {
    trimmed.len() >= 2
        && trimmed.starts_with('"')
        && trimmed.ends_with('"')
        && trimmed.contains(SILENT_TOKEN)
        && serde_json::from_str::<String>(trimmed).is_ok_and(|s| js::trim(&s) == SILENT_TOKEN)
}

fn is_action_envelope(trimmed: &str) -> bool {
    if !(trimmed.starts_with('{') && trimmed.ends_with('}') && trimmed.contains(SILENT_TOKEN)) {
        return false;
    }
    match serde_json::from_str::<serde_json::Value>(trimmed) {
        Ok(serde_json::Value::Object(map)) => {
            map.len() == 1
                && map
                    .get("action")
                    .and_then(|a| a.as_str())
                    .is_some_and(|a| js::trim(a) == SILENT_TOKEN)
        }
        _ => false,
    }
}

/// Remove `HEARTBEAT_OK` tokens from the start and the end of `raw`, repeatedly. Returns the
/// remaining text (whitespace runs collapsed) and whether anything was removed.
///
/// Upstream rebuilds the string on every round; here the text is a slice of `raw` (`base`) plus
/// the few punctuation characters kept after the last stripped token (`suffix`), so that a text
/// of many tokens costs linear time, not quadratic (a 1 MiB text took seconds). The suffix holds
/// no word character, so a token always lies inside `base`.
// Public for the tests only (impl/tests/runtime/unit_classify_silent_reply.rs).
#[doc(hidden)]
pub fn strip_heartbeat_token_at_edges(raw: &str) -> (String, bool) {
    let mut base = js::trim(raw);
    if base.is_empty() || !base.contains(HEARTBEAT_TOKEN) {
        return (base.to_string(), false);
    }
    let mut suffix = String::new();
    let mut stripped = false;
    loop {
        // `next` is the trimmed text: `head` + `suffix` (the suffix has no edge whitespace).
        let head = if suffix.is_empty() {
            js::trim(base)
        } else {
            js::trim_start(base)
        };
        if let Some(after) = head.strip_prefix(HEARTBEAT_TOKEN) {
            base = js::trim_start(after);
            stripped = true;
            continue;
        }
        let Some(at) = head.rfind(HEARTBEAT_TOKEN) else {
            break;
        };
        let tail = || {
            head[at + HEARTBEAT_TOKEN.len()..]
                .chars()
                .chain(suffix.chars())
        };
        let tail_is_punctuation = tail().all(|c| !(c.is_ascii_alphanumeric() || c == '_'))
            && tail().map(char::len_utf16).sum::<usize>() <= 4;
        if !tail_is_punctuation {
            break;
        }
        let before = js::trim_end(&head[..at]);
        let kept: String = tail().collect();
        suffix = if before.is_empty() {
            String::new()
        } else {
            js::trim(&kept).to_string()
        };
        base = before;
        stripped = true;
    }
    let text = format!("{base}{suffix}");
    let collapsed = WHITESPACE_RUN.replace_all(&text, " ");
    (js::trim(&collapsed).to_string(), stripped)
}

/// `stripHeartbeatToken(text, {mode: "heartbeat", maxAckChars: 0}).shouldSkip` for non-blank text.
fn is_heartbeat_token_only(trimmed: &str) -> bool {
    if !trimmed.contains(HEARTBEAT_TOKEN) {
        return false;
    }
    let (original, original_stripped) = strip_heartbeat_token_at_edges(trimmed);
    if original_stripped && !original.is_empty() {
        return false;
    }
    let unmarked = TAG.replace_all(trimmed, " ");
    let unmarked = NBSP_ENTITY.replace_all(&unmarked, " ");
    let unmarked = EDGE_EMPHASIS.replace_all(&unmarked, "");
    let (normalized, normalized_stripped) = strip_heartbeat_token_at_edges(&unmarked);
    normalized_stripped && normalized.is_empty()
}

fn might_be_reasoning_prefixed(trimmed: &str) -> bool {
    let lowered = js::lower(trimmed);
    lowered.contains("no_reply")
        && (lowered.starts_with('<')
            || ["think", "thought", "analysis", "reasoning"]
                .iter()
                .any(|w| lowered.starts_with(w)))
}

/// Whether 2026.8+ treats `text` as a heartbeat acknowledgement.
pub fn is_heartbeat_acknowledgement(text: &str) -> RoutingResult<bool> {
    let trimmed = js::trim(text);
    if is_token_only(text)
        || is_json_string_token(trimmed)
        || is_action_envelope(trimmed)
        || is_heartbeat_token_only(trimmed)
    {
        return Ok(true);
    }
    if might_be_reasoning_prefixed(trimmed) {
        return Err(RoutingError::NotModelled(
            "silent replies after a reasoning preamble (2026.8+ acknowledgement detection)",
        ));
    }
    Ok(false)
}
