//! The background-exec enqueue site (`maybeNotifyOnExit`, SPEC §7 site `exec-exit`, T1): the key an exec completion
//! is filed under, the queue that is, and the wake the site requests. The other three sites of
//! PR #80214 (ACP parent stream, node exec events, CLI watchdog) route the same way.

use heartbeat_vocab::Profile;
use serde_json::{Value, json};

use crate::error::{RoutingError, RoutingResult};
use crate::generation::{ExecSiteWake, generation};
use crate::js;
use crate::keys::normalize::build_agent_main_session_key;
use crate::keys::sentinel::is_unscoped_session_key_sentinel;
use crate::keys::subagent::is_subagent_session_key;
use crate::routing::config::{GatewayConfig, Scope};
use crate::routing::event_key::resolve_event_session_key;
use crate::routing::queue_key::queue_key_for_profile;
use crate::routing::wake_options::{WakeOptions, scoped_heartbeat_wake_options};

/// What the site does with one exec completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecSiteEnqueue {
    /// The session key the event is filed under (after any remap).
    pub event_key: String,
    /// The queue the event lands in.
    pub queue_key: String,
    /// The wake the site requests, if any.
    pub wake: Option<WakeOptions>,
}

/// The wake options every exec-completion wake starts from.
pub fn exec_event_wake_options() -> WakeOptions {
    let mut map = WakeOptions::new();
    for (k, v) in [
        ("source", json!("exec-event")),
        ("intent", json!("event")),
        ("reason", json!("exec-event")),
        ("coalesceMs", json!(0)),
    ] {
        map.insert(k.to_string(), v);
    }
    map
}

/// The exec site for a session `session_key` run by agent `session_agent`.
pub fn background_exec_exit(
    profile: Profile,
    cfg: &GatewayConfig,
    session_agent: &str,
    session_key: &str,
) -> RoutingResult<ExecSiteEnqueue> {
    let g = generation(profile);
    let key = js::trim(session_key);
    let (mk, sc) = (cfg.main_key(), cfg.scope);
    let event_key = match resolve_event_session_key(profile, key, mk, sc) {
        Err(RoutingError::Unavailable { .. }) => key.to_string(), // 2026.5.7: the raw key
        other => other?,
    };
    let queue_key = queue_key_for_profile(profile, &event_key, session_agent, mk, sc)?;
    let scoped = || scoped_heartbeat_wake_options(profile, key, exec_event_wake_options(), mk, sc);
    let add_owner = |mut w: WakeOptions| {
        w.insert("agentId".into(), Value::String(session_agent.to_string()));
        w
    };
    let wake = match g.exec_site_wake {
        ExecSiteWake::Scoped => Some(scoped()),
        ExecSiteWake::SkipSubagentAddOwnerForGlobal => {
            if is_subagent_session_key(g.parser, key) {
                None
            } else if key == "global" {
                Some(add_owner(scoped()))
            } else {
                Some(scoped())
            }
        }
        ExecSiteWake::AddOwnerForSentinels => {
            if !is_unscoped_session_key_sentinel(key) {
                Some(scoped())
            } else if sc == Scope::PerSender {
                // W11: the owner's main session, where Q5 filed the event.
                let main = build_agent_main_session_key(Some(session_agent), mk);
                let mut w = scoped();
                w.insert("sessionKey".into(), Value::String(main));
                Some(w)
            } else {
                Some(add_owner(scoped()))
            }
        }
    };
    Ok(ExecSiteEnqueue {
        event_key,
        queue_key,
        wake,
    })
}
