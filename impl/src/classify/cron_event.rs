//! `isCronSystemEvent` and heartbeat noise (SPEC C3–C4).

use heartbeat_vocab::Profile;

use crate::classify::exec_event::is_exec_completion_event;
use crate::classify::silent_reply::is_heartbeat_acknowledgement;
use crate::error::RoutingResult;
use crate::generation::generation;
use crate::js;

/// ≤ 7.x acknowledgement: starts with `heartbeat_ok` (any case) not followed by `[a-z0-9_]`.
fn starts_with_heartbeat_ok(lowered: &str) -> bool {
    lowered.strip_prefix("heartbeat_ok").is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    })
}

/// Heartbeat noise: text a heartbeat wrote about itself, never a cron event.
pub fn is_heartbeat_noise_event(profile: Profile, text: &str) -> RoutingResult<bool> {
    let lowered = js::trim_lower(text);
    if lowered.is_empty() {
        return Ok(false);
    }
    if starts_with_heartbeat_ok(&lowered)
        || lowered.contains("heartbeat poll")
        || lowered.contains("heartbeat wake")
    {
        return Ok(true);
    }
    if generation(profile).silent_reply_is_noise {
        return is_heartbeat_acknowledgement(text);
    }
    Ok(false)
}

/// `isCronSystemEvent(text)`: non-blank, not noise, not an exec completion.
pub fn is_cron_system_event(profile: Profile, text: &str) -> RoutingResult<bool> {
    if js::trim(text).is_empty() {
        return Ok(false);
    }
    Ok(!is_heartbeat_noise_event(profile, text)? && !is_exec_completion_event(text))
}
