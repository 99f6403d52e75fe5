//! The slice of the gateway configuration that routing reads: `session.scope`,
//! `session.mainKey`, `agents.list`, and `heartbeat.session`.

use crate::keys::normalize::{DEFAULT_AGENT_ID, normalize_agent_id};

/// `session.scope`. Upstream compares with `=== "global"`, so every other value (including
/// `"per-sender"`, undefined, `"Global"` or a typo) behaves as per-sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// Anything but the exact string `global`.
    #[default]
    PerSender,
    /// The exact string `global`: one main session, literally `global`.
    Global,
}

impl Scope {
    /// The scope a raw configuration value selects.
    pub fn from_value(value: Option<&str>) -> Scope {
        if value == Some("global") {
            Scope::Global
        } else {
            Scope::PerSender
        }
    }

    /// The configuration value naming this scope.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::PerSender => "per-sender",
            Scope::Global => "global",
        }
    }
}

/// One entry of `agents.list`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentEntry {
    /// `id` as written (upstream normalises it when it reads it).
    pub id: Option<String>,
    /// `default`, as JavaScript truthiness.
    pub is_default: bool,
}

/// The configuration routing depends on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GatewayConfig {
    /// `session.scope`.
    pub scope: Scope,
    /// `session.mainKey` when it is a string (upstream treats a non-string as blank).
    pub main_key: Option<String>,
    /// `agents.list` entries that are objects.
    pub agents: Vec<AgentEntry>,
    /// Whether `channels` is configured: only then can the 2026.9.6 DM pin apply.
    pub has_channels: bool,
}

impl GatewayConfig {
    /// A configuration with the given scope, main key and agent ids (the first is the default).
    pub fn new(scope: Scope, main_key: Option<&str>, agent_ids: &[&str]) -> Self {
        GatewayConfig {
            scope,
            main_key: main_key.map(str::to_string),
            agents: agent_ids
                .iter()
                .enumerate()
                .map(|(i, id)| AgentEntry {
                    id: Some((*id).to_string()),
                    is_default: i == 0,
                })
                .collect(),
            has_channels: false,
        }
    }

    /// `session.mainKey` as an optional string.
    pub fn main_key(&self) -> Option<&str> {
        self.main_key.as_deref()
    }

    /// `resolveDefaultAgentId(cfg)`: the first `default: true` entry, else the first entry, else
    /// `main`.
    pub fn default_agent_id(&self) -> String {
        let Some(chosen) = self
            .agents
            .iter()
            .find(|a| a.is_default)
            .or_else(|| self.agents.first())
        else {
            return DEFAULT_AGENT_ID.to_string();
        };
        let id = chosen.id.as_deref().map(crate::js::trim).unwrap_or("");
        normalize_agent_id(Some(if id.is_empty() { "main" } else { id }))
    }

    /// `listAgentIds(cfg)`: normalised, de-duplicated, `["main"]` when empty.
    pub fn agent_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for entry in &self.agents {
            let id = normalize_agent_id(entry.id.as_deref());
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            ids.push(DEFAULT_AGENT_ID.to_string());
        }
        ids
    }
}

/// The per-agent heartbeat configuration routing reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeartbeatConfig {
    /// `heartbeat.session`: the session the heartbeat runs in when no wake forces one.
    pub session: Option<String>,
}
