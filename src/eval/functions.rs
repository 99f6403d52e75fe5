//! The functions `eval` knows, by upstream's camelCase name, and how each reads its arguments
//! and writes its result.

use heartbeat_model::Profile;
use heartbeat_routing::classify::{cron_event, exec_event, reason};
use heartbeat_routing::generation::HeartbeatAgentDefault;
use heartbeat_routing::keys::{
    agent_id, cron, normalize, parse, sentinel, shape, store_key, subagent,
};
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::routing::{event_key, heartbeat_session, queue_key, wake_options};
use heartbeat_routing::{RoutingError, generation};
use serde_json::{Map, Value, json};

use super::args::{Args, optional_string_field};
use super::config::{gateway_config, heartbeat_config};
use super::wire::{is_nullish, undefined, without_undefined};

type Outcome = Result<Value, String>;

/// Every function name `eval` accepts, in SPEC.md order.
pub const FUNCTION_NAMES: &[&str] = &[
    "parseAgentSessionKey",
    "classifySessionKeyShape",
    "isCronSessionKey",
    "isCronRunSessionKey",
    "isSubagentSessionKey",
    "getSubagentDepth",
    "isUnscopedSessionKeySentinel",
    "normalizeAgentId",
    "isValidAgentId",
    "normalizeMainKey",
    "buildAgentMainSessionKey",
    "toAgentStoreSessionKey",
    "resolveAgentIdFromSessionKey",
    "resolveEventSessionKey",
    "scopedHeartbeatWakeOptions",
    "resolveHeartbeatSession",
    "resolveSystemEventQueueKey",
    "isExecCompletionEvent",
    "isCronSystemEvent",
    "resolveHeartbeatReasonKind",
    "normalizeHeartbeatWakeReason",
    "inferHeartbeatWakeSourceFromReason",
];

fn routed<T>(r: Result<T, RoutingError>, f: impl FnOnce(T) -> Value) -> Outcome {
    r.map(f).map_err(|e| e.to_string())
}

fn scope_arg(args: &Args<'_>, i: usize) -> Scope {
    Scope::from_value(args.loose_string(i))
}

/// Evaluate `name(args…)` in `profile`. `Ok` is the wire value of the result; `Err` the message.
pub fn call(profile: Profile, name: &str, args: &Args<'_>) -> Outcome {
    let g = generation(profile);
    let era = g.parser;
    let empty = Map::new();
    match name {
        "parseAgentSessionKey" => {
            let key = args.typeof_key(0);
            Ok(parse::parse_agent_session_key(era, key).map_or(
                Value::Null,
                |p| json!({"agentId": p.agent_id, "rest": p.rest}),
            ))
        }
        "classifySessionKeyShape" => {
            let key = args.nullable_key(0, "sessionKey")?;
            Ok(json!(shape::classify_session_key_shape(era, key).as_str()))
        }
        "isCronSessionKey" => Ok(json!(cron::is_cron_session_key(era, args.typeof_key(0)))),
        "isCronRunSessionKey" => Ok(json!(cron::is_cron_run_session_key(
            era,
            g.cron_run,
            args.typeof_key(0)
        ))),
        "isSubagentSessionKey" => Ok(json!(subagent::is_subagent_session_key(
            era,
            args.typeof_key(0)
        ))),
        "getSubagentDepth" => Ok(json!(subagent::get_subagent_depth(
            era,
            g.subagent_depth,
            args.typeof_key(0)
        ))),
        "isUnscopedSessionKeySentinel" => {
            if !g.has_unscoped_sentinel {
                return Err(unavailable(profile, name));
            }
            Ok(json!(sentinel::is_unscoped_session_key_sentinel(
                args.typeof_key(0)
            )))
        }
        "normalizeAgentId" => Ok(json!(normalize::normalize_agent_id(
            args.optional_string(0, "value")?
        ))),
        "isValidAgentId" => Ok(json!(normalize::is_valid_agent_id(
            args.optional_string(0, "value")?
        ))),
        "normalizeMainKey" => Ok(json!(normalize::normalize_main_key(args.loose_string(0)))),
        "buildAgentMainSessionKey" => {
            let params = args.dereferenced_object(0, "agentId")?.unwrap_or(&empty);
            let agent = optional_string_field(params, "argument 1 (params)", "agentId")?;
            let main_key = params.get("mainKey").and_then(Value::as_str);
            Ok(json!(normalize::build_agent_main_session_key(
                agent, main_key
            )))
        }
        "toAgentStoreSessionKey" => {
            let params = args.dereferenced_object(0, "requestKey")?.unwrap_or(&empty);
            let path = "argument 1 (params)";
            let agent = optional_string_field(params, path, "agentId")?;
            let request = optional_string_field(params, path, "requestKey")?;
            let main_key = params.get("mainKey").and_then(Value::as_str);
            Ok(json!(store_key::to_agent_store_session_key(
                era, agent, request, main_key
            )))
        }
        "resolveAgentIdFromSessionKey" => {
            // Up to 2026.5.12 the key is read through a `typeof` check (any non-string is the
            // empty key); 2026.9.6 reads it as `(key ?? "")`, so only `undefined`/`null` are.
            let key = match g.agent_id {
                generation::AgentIdResolution::FallbackMain => args.typeof_key(0),
                generation::AgentIdResolution::Throwing => args.nullable_key(0, "sessionKey")?,
            };
            // ≤ 2026.5.12 takes one argument: like JavaScript, ignore (and do not check) the second.
            let default = match g.agent_id {
                generation::AgentIdResolution::FallbackMain => None,
                generation::AgentIdResolution::Throwing => {
                    args.optional_string(1, "configuredDefaultAgentId")?
                }
            };
            routed(
                agent_id::resolve_agent_id_from_session_key(era, g.agent_id, key, default),
                Value::String,
            )
        }
        "resolveEventSessionKey" => {
            let resolve = |key| {
                event_key::resolve_event_session_key(
                    profile,
                    key,
                    args.loose_string(1),
                    scope_arg(args, 2),
                )
            };
            match args.get(0).and_then(Value::as_str) {
                Some(key) => routed(resolve(key), Value::String),
                // Upstream remaps only parseable string keys and returns anything else as it
                // came (`undefined`, `null`, a number, …); an unparseable key does the same.
                None => routed(resolve(""), |_| args.raw(0)),
            }
        }
        "scopedHeartbeatWakeOptions" => {
            // Upstream returns the wake options themselves, whatever they are, when the key
            // does not parse (non-strings and `undefined`/`null` included).
            let Some(key) = args
                .get(0)
                .and_then(Value::as_str)
                .filter(|k| parse::parse_agent_session_key(era, k).is_some())
            else {
                return Ok(args.raw(1));
            };
            // The 2026-03-22 draft returns them unchanged for a cron key, too.
            if g.wake == generation::WakeRule::UntargetedCron && cron::is_cron_session_key(era, key)
            {
                return Ok(args.raw(1));
            }
            // Otherwise it spreads them into a new object: `undefined`/`null` spread nothing.
            let opts = match args.get(1) {
                v if is_nullish(v) => Map::new(),
                _ => without_undefined(args.object(1, "wakeOptions")?),
            };
            let out = wake_options::scoped_heartbeat_wake_options(
                profile,
                key,
                opts,
                args.loose_string(2),
                scope_arg(args, 3),
            );
            Ok(Value::Object(out))
        }
        "resolveHeartbeatSession" => {
            let ids_read = g.heartbeat_agent_default == HeartbeatAgentDefault::FromAgentsList;
            let cfg = gateway_config(
                args.dereferenced_object(0, "session")?.unwrap_or(&empty),
                ids_read,
            )?;
            let agent = args.optional_string(1, "agentId")?;
            let heartbeat = args.object_or_empty(2).map(heartbeat_config).transpose()?;
            let forced = args.optional_string(3, "forcedSessionKey")?;
            routed(
                heartbeat_session::resolve_heartbeat_session(
                    profile,
                    &cfg,
                    agent,
                    heartbeat.as_ref(),
                    forced,
                ),
                // Every release returns the flag, `false` included (observed on all three).
                |s| {
                    json!({
                        "sessionKey": s.session_key,
                        "suppressOriginatingContext": s.suppress_originating_context,
                    })
                },
            )
        }
        "resolveSystemEventQueueKey" => {
            if g.queue_key == generation::QueueKeyRule::Trimmed {
                return Err(unavailable(profile, name));
            }
            let key = args.dereferenced_string(0, "sessionKey", "trim")?;
            let agent = args.optional_string(1, "agentId")?;
            routed(
                queue_key::resolve_system_event_queue_key(
                    profile,
                    key,
                    agent,
                    args.loose_string(2),
                    scope_arg(args, 3),
                ),
                Value::String,
            )
        }
        "isExecCompletionEvent" => Ok(json!(exec_event::is_exec_completion_event(
            args.dereferenced_string(0, "evt", "trimStart")?
        ))),
        "isCronSystemEvent" => routed(
            cron_event::is_cron_system_event(profile, args.dereferenced_string(0, "evt", "trim")?),
            Value::Bool,
        ),
        "resolveHeartbeatReasonKind" => routed(
            reason::resolve_heartbeat_reason_kind(profile, args.loose_string(0)),
            |k| json!(k),
        ),
        "normalizeHeartbeatWakeReason" => {
            let r = if g.wake_reason_must_be_string {
                args.optional_string(0, "reason")?
            } else {
                args.loose_string(0)
            };
            Ok(json!(reason::normalize_heartbeat_wake_reason(r)))
        }
        "inferHeartbeatWakeSourceFromReason" => {
            let r = args.optional_string(0, "reason")?;
            Ok(reason::infer_heartbeat_wake_source_from_reason(profile, r)
                .map_or_else(undefined, |s| json!(s)))
        }
        _ => Err(format!("unknown function: {name}")),
    }
}

fn unavailable(profile: Profile, name: &str) -> String {
    format!("unavailable in {profile}: {name}")
}
