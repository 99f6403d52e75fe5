//! Wake reasons: `normalizeHeartbeatWakeReason`, `inferHeartbeatWakeSourceFromReason` (2026.5.7+) and
//! the 2026.4.29 `resolveHeartbeatReasonKind`, which SPEC keeps as the wake-kind classification
//! (SPEC C5–C7).

use heartbeat_vocab::Profile;

use crate::error::{RoutingError, RoutingResult};
use crate::generation::generation;
use crate::js;

/// `normalizeHeartbeatWakeReason(reason)`: trimmed, blank (or not a string) → `requested`.
pub fn normalize_heartbeat_wake_reason(reason: Option<&str>) -> String {
    match reason.map(js::trim) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => "requested".to_string(),
    }
}

/// `inferHeartbeatWakeSourceFromReason(reason)`: the source a wake without one is given.
pub fn infer_heartbeat_wake_source_from_reason(
    profile: Profile,
    reason: Option<&str>,
) -> Option<&'static str> {
    let r = js::trim(reason.unwrap_or(""));
    if r == "exec-event" {
        Some("exec-event")
    } else if r.starts_with("cron:") {
        Some("cron")
    } else if r == "wake" || r.starts_with("hook:") {
        Some("hook")
    } else if r.starts_with("acp:spawn:") {
        Some("acp-spawn")
    } else if generation(profile).infers_session_state_source && r.starts_with("session-state:") {
        Some("session-state")
    } else {
        None
    }
}

/// `resolveHeartbeatReasonKind(reason)`: 2026.4.29's rules, in order; a non-string reason is `""`.
/// No release profile has it (it was removed after 2026.4.29).
pub fn resolve_heartbeat_reason_kind(
    profile: Profile,
    reason: Option<&str>,
) -> RoutingResult<&'static str> {
    if !generation(profile).has_reason_kind {
        return Err(RoutingError::Unavailable {
            profile,
            function: "resolveHeartbeatReasonKind",
        });
    }
    let r = js::trim(reason.unwrap_or(""));
    Ok(match r {
        "retry" => "retry",
        "interval" => "interval",
        "manual" => "manual",
        "exec-event" => "exec-event",
        "wake" => "wake",
        _ if r.starts_with("acp:spawn:") => "wake",
        _ if r.starts_with("cron:") => "cron",
        _ if r.starts_with("hook:") => "hook",
        _ => "other",
    })
}
