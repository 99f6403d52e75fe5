//! Configurations: the gateway settings that change where an event is routed, and the bounds
//! that keep every path of the model finite.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use heartbeat_vocab::heartbeat::HeartbeatSetting;
pub use heartbeat_vocab::scope::Scope;

use crate::mutation::Mutation;
use crate::origin::OriginKind;

/// The most agents a configuration may have. Agent 0 is the default agent (concretely `main`).
pub const MAX_AGENTS: u8 = 4;

/// Concrete agent ids, by index, used when a state is shown to a reader.
pub const AGENT_NAMES: [&str; MAX_AGENTS as usize] = ["main", "ops", "research", "qa"];

/// An agent, by index. Agent 0 is the default agent.
pub type AgentId = u8;

/// `session.mainKey`: the default `main`, or a custom key (concretely `work`).
///
/// Messy spellings (`" Work "`, `WORK`) normalise to one of these two; the concrete
/// implementation's property tests cover the normalisation, the model needs only the two
/// outcomes that route differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MainKey {
    Default,
    Custom,
}

impl MainKey {
    pub const ALL: [MainKey; 2] = [MainKey::Default, MainKey::Custom];

    pub const fn name(self) -> &'static str {
        match self {
            MainKey::Default => "default",
            MainKey::Custom => "custom",
        }
    }

    /// The normalised key string this choice stands for.
    pub const fn key(self) -> &'static str {
        match self {
            MainKey::Default => "main",
            MainKey::Custom => "work",
        }
    }
}

/// Which agents have a heartbeat configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Heartbeats {
    /// Every agent runs a heartbeat.
    All,
    /// Only the default agent does (upstream: only agents with a `heartbeat` block run one).
    DefaultOnly,
    /// No agent does.
    None,
}

impl Heartbeats {
    pub const fn name(self) -> &'static str {
        match self {
            Heartbeats::All => "all",
            Heartbeats::DefaultOnly => "default-only",
            Heartbeats::None => "none",
        }
    }

    /// Does `agent` run a heartbeat?
    pub const fn enabled(self, agent: AgentId) -> bool {
        match self {
            Heartbeats::All => true,
            Heartbeats::DefaultOnly => agent == 0,
            Heartbeats::None => false,
        }
    }
}

/// Faults the model may inject. All off in the default matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Faults {
    /// Gateway restarts allowed on a path (queues are in memory: a restart loses them).
    pub restarts: u8,
    /// Wake handler throws allowed on a path (the batch is re-queued with a retry).
    pub handler_throws: u8,
    /// Heartbeat runs that may fail between peek and consume.
    pub run_failures: u8,
    /// May the cron reaper delete an agent's cron-run session while the model runs?
    pub reaper: bool,
    /// Per-queue cap; upstream keeps 20 and drops the oldest. Lower it to make the cap reachable.
    pub queue_cap: u8,
}

impl Faults {
    /// Upstream's cap of 20 events per queue, and no injected fault.
    pub const NONE: Faults = Faults {
        restarts: 0,
        handler_throws: 0,
        run_failures: 0,
        reaper: false,
        queue_cap: 20,
    };

    pub fn any(&self) -> bool {
        *self != Faults::NONE
    }

    /// The names of the faults enabled, as `expected.toml` and reports name them.
    pub fn enabled(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.restarts > 0 {
            out.push("restarts");
        }
        if self.handler_throws > 0 {
            out.push("handler-throws");
        }
        if self.run_failures > 0 {
            out.push("run-failures");
        }
        if self.reaper {
            out.push("reaper");
        }
        if self.queue_cap < Faults::NONE.queue_cap {
            out.push("queue-cap");
        }
        out
    }
}

/// Bounds that keep every path finite, so that quiescent states exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bounds {
    /// Events each origin may enqueue.
    pub events_per_origin: u8,
    /// Distinct origins each agent may enqueue from (chosen by the model among the site's).
    pub origins_per_agent: u8,
    /// Interval ticks per agent. Environment actions stop before each agent's last tick, so
    /// that tick stands for "the periodic heartbeat keeps running after the last event".
    pub interval_ticks: u8,
    /// May users send turns (which drain non-exec events of their session)?
    pub user_turns: bool,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            events_per_origin: 1,
            origins_per_agent: 1,
            interval_ticks: 1,
            user_turns: true,
        }
    }
}

/// One configuration of the gateway as the model sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    pub scope: Scope,
    pub main_key: MainKey,
    /// Number of agents, 1 to [`MAX_AGENTS`].
    pub agents: u8,
    pub heartbeats: Heartbeats,
    /// How the agents that have a heartbeat are set up (SPEC H10 to H12).
    #[serde(default, skip_serializing_if = "is_interval")]
    pub heartbeat: HeartbeatSetting,
    /// The names of the enqueue sites that fire in this configuration (from the site table).
    pub sites: Vec<String>,
    /// Restrict the origins the sites fire from (empty: every origin the site lists).
    #[serde(default)]
    pub origins: Vec<OriginKind>,
    pub bounds: Bounds,
    pub faults: Faults,
    /// A deliberately broken decision (tests and `check --mutate` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutation: Option<Mutation>,
}

impl Config {
    /// A configuration with upstream defaults for one site.
    pub fn new(scope: Scope, main_key: MainKey, agents: u8, site: &str) -> Config {
        Config {
            scope,
            main_key,
            agents,
            heartbeats: Heartbeats::All,
            heartbeat: HeartbeatSetting::Interval,
            sites: vec![site.to_string()],
            origins: Vec::new(),
            bounds: Bounds::default(),
            faults: Faults::NONE,
            mutation: None,
        }
    }

    /// The concrete name of an agent.
    pub fn agent_name(agent: AgentId) -> &'static str {
        AGENT_NAMES[agent as usize]
    }

    /// Checks the configuration for values the model cannot represent.
    pub fn validate(&self) -> Result<(), String> {
        if self.agents == 0 || self.agents > MAX_AGENTS {
            return Err(format!(
                "agents must be between 1 and {MAX_AGENTS}, got {}",
                self.agents
            ));
        }
        if self.sites.is_empty() {
            return Err("a configuration needs at least one site".into());
        }
        let b = &self.bounds;
        if b.events_per_origin == 0 || b.events_per_origin > 4 {
            return Err(format!(
                "events per origin must be between 1 and 4, got {}",
                b.events_per_origin
            ));
        }
        if b.origins_per_agent == 0 || b.origins_per_agent > 3 {
            return Err(format!(
                "origins per agent must be between 1 and 3, got {}",
                b.origins_per_agent
            ));
        }
        if b.interval_ticks == 0 || b.interval_ticks > 3 {
            return Err(format!(
                "interval ticks must be between 1 and 3, got {}",
                b.interval_ticks
            ));
        }
        if self.faults.queue_cap == 0 {
            return Err("the queue cap must be at least 1".into());
        }
        Ok(())
    }
}

fn is_interval(setting: &HeartbeatSetting) -> bool {
    *setting == HeartbeatSetting::Interval
}

impl fmt::Display for Config {
    /// A compact one-line form used as the row label of verdict tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scope={} mainKey={} agents={} site={}",
            self.scope.name(),
            self.main_key.name(),
            self.agents,
            self.sites.join("+")
        )?;
        if self.heartbeats != Heartbeats::All {
            write!(f, " heartbeats={}", self.heartbeats.name())?;
        }
        if self.heartbeat != HeartbeatSetting::Interval {
            write!(f, " heartbeat={}", self.heartbeat.name())?;
        }
        if !self.origins.is_empty() {
            let names: Vec<_> = self.origins.iter().map(|o| o.name()).collect();
            write!(f, " origins={}", names.join(","))?;
        }
        if self.bounds != Bounds::default() {
            let b = &self.bounds;
            write!(
                f,
                " events={} origins/agent={} ticks={}{}",
                b.events_per_origin,
                b.origins_per_agent,
                b.interval_ticks,
                if b.user_turns { "" } else { " no-user-turns" }
            )?;
        }
        if self.faults.any() {
            let f2 = &self.faults;
            let mut parts = Vec::new();
            if f2.restarts > 0 {
                parts.push(format!("restarts={}", f2.restarts));
            }
            if f2.handler_throws > 0 {
                parts.push(format!("handler-throws={}", f2.handler_throws));
            }
            if f2.run_failures > 0 {
                parts.push(format!("run-failures={}", f2.run_failures));
            }
            if f2.reaper {
                parts.push("reaper".into());
            }
            if f2.queue_cap < Faults::NONE.queue_cap {
                parts.push(format!("queue-cap={}", f2.queue_cap));
            }
            write!(f, " faults={}", parts.join(","))?;
        }
        if let Some(m) = self.mutation {
            write!(f, " MUTATED={m}")?;
        }
        Ok(())
    }
}

/// Parses one of `names` (the `name()` of each value) into the value, or says which names exist.
fn parse_named<T: Copy>(
    what: &str,
    s: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, String> {
    all.iter().copied().find(|v| name(*v) == s).ok_or_else(|| {
        let valid: Vec<&str> = all.iter().map(|v| name(*v)).collect();
        format!(
            "unknown {what} `{s}`; valid values are: {}",
            valid.join(", ")
        )
    })
}

impl std::str::FromStr for MainKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_named("mainKey choice", s, &MainKey::ALL, MainKey::name)
    }
}

impl Heartbeats {
    pub const ALL: [Heartbeats; 3] = [Heartbeats::All, Heartbeats::DefaultOnly, Heartbeats::None];
}

impl std::str::FromStr for Heartbeats {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_named("heartbeats setting", s, &Heartbeats::ALL, Heartbeats::name)
    }
}
