//! Reading upstream's `cfg` and `heartbeat` option objects into routing configuration, the way
//! upstream reads them (optional chaining: a non-object where an object is expected reads as
//! absent; `default` is JavaScript truthiness).

use heartbeat_routing::routing::config::{AgentEntry, GatewayConfig, HeartbeatConfig, Scope};
use serde_json::{Map, Value};

use super::args::optional_string_field;
use super::wire::{field, is_truthy, type_name};

/// `cfg` → [`GatewayConfig`]. `ids_read`: the release reads `agents.list[].id` (≤ 2026.5.12,
/// which calls `.trim()` on it, so a non-string id is refused as upstream's `TypeError` would be,
/// EV3); 2026.9.6 never reads the list in `resolveHeartbeatSession`, so any id is accepted there.
pub fn gateway_config(cfg: &Map<String, Value>, ids_read: bool) -> Result<GatewayConfig, String> {
    let root = Value::Object(cfg.clone());
    let session = field(Some(&root), "session");
    let scope = Scope::from_value(field(session, "scope").and_then(Value::as_str));
    let main_key = field(session, "mainKey")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut agents = Vec::new();
    if let Some(Value::Array(list)) = field(field(Some(&root), "agents"), "list") {
        for (i, entry) in list.iter().enumerate() {
            match entry {
                Value::Object(obj) => agents.push(AgentEntry {
                    id: if ids_read {
                        optional_string_field(obj, &format!("cfg.agents.list[{i}]"), "id")?
                            .map(str::to_string)
                    } else {
                        obj.get("id").and_then(Value::as_str).map(str::to_string)
                    },
                    is_default: is_truthy(obj.get("default")),
                }),
                // Arrays are objects to upstream's filter; they have no id and no default.
                Value::Array(_) => agents.push(AgentEntry::default()),
                _ => {}
            }
        }
    }
    Ok(GatewayConfig {
        scope,
        main_key,
        agents,
        has_channels: is_truthy(field(Some(&root), "channels")),
    })
}

/// `heartbeat` → [`HeartbeatConfig`].
pub fn heartbeat_config(heartbeat: &Map<String, Value>) -> Result<HeartbeatConfig, String> {
    match heartbeat.get("session") {
        Some(Value::String(s)) => Ok(HeartbeatConfig {
            session: Some(s.clone()),
        }),
        v if super::wire::is_nullish(v) => Ok(HeartbeatConfig::default()),
        other => Err(format!(
            "argument 3 (heartbeat).session: expected a string, undefined or null, got {}",
            type_name(other)
        )),
    }
}
