//! `scopedHeartbeatWakeOptions`: which heartbeat a site's wake targets (SPEC W1–W8).

use heartbeat_vocab::Profile;
use serde_json::Value;

use crate::generation::{WakeRule, generation};
use crate::keys::cron::{is_cron_run_session_key, is_cron_session_key};
use crate::keys::normalize::{build_agent_main_session_key, normalize_agent_id};
use crate::keys::parse::parse_agent_session_key;
use crate::keys::subagent::is_agent_subagent_key;
use crate::routing::config::Scope;

/// A wake request's options: a JavaScript object. Routing only ever adds `sessionKey` or
/// `agentId`; every other key passes through untouched.
pub type WakeOptions = serde_json::Map<String, Value>;

/// `scopedHeartbeatWakeOptions(sessionKey, wakeOptions, mainKey?, scope?)`. 2026.5.7 and the drafts
/// take fewer arguments; like JavaScript they ignore the extra ones. A `sessionKey` already in
/// `wake_options` survives where upstream adds none (global scope).
pub fn scoped_heartbeat_wake_options(
    profile: Profile,
    key: &str,
    wake_options: WakeOptions,
    main_key: Option<&str>,
    scope: Scope,
) -> WakeOptions {
    let g = generation(profile);
    let Some(parsed) = parse_agent_session_key(g.parser, key) else {
        return wake_options;
    };
    let with = |mut opts: WakeOptions, field: &str, value: String| {
        opts.insert(field.to_string(), Value::String(value));
        opts
    };
    let remapped = match g.wake {
        WakeRule::RawKey => false,
        WakeRule::UntargetedCron => {
            if is_cron_session_key(g.parser, key) {
                return wake_options;
            }
            false
        }
        WakeRule::LiteralMainCron => {
            if is_cron_session_key(g.parser, key) {
                let literal = format!("agent:{}:main", normalize_agent_id(Some(&parsed.agent_id)));
                return with(wake_options, "sessionKey", literal);
            }
            false
        }
        WakeRule::CronRun => is_cron_run_session_key(g.parser, g.cron_run, key),
        WakeRule::CronRunAndSubagent => {
            // ref (R11): under global scope every agent-scoped key wakes its agent by id.
            scope == Scope::Global
                || is_cron_run_session_key(g.parser, g.cron_run, key)
                || is_agent_subagent_key(g.parser, key)
        }
    };
    if !remapped {
        return with(wake_options, "sessionKey", key.to_string());
    }
    match scope {
        // The parsed (folded, not normalised) agent id, as upstream passes it.
        Scope::Global => with(wake_options, "agentId", parsed.agent_id),
        Scope::PerSender => with(
            wake_options,
            "sessionKey",
            build_agent_main_session_key(Some(&parsed.agent_id), main_key),
        ),
    }
}
