//! How to build a gateway: its profile, configuration, agents, site table and switches. A
//! module of its own so that the gateway (which takes options) and its state (which is built
//! from them) both depend on it and not on each other.

use heartbeat_vocab::{Profile, SiteTable};

use crate::routing::config::Scope;
use crate::runtime::queue::DEFAULT_QUEUE_CAP;
use crate::runtime::runner::DEFAULT_INTERVAL_MS;

/// One configured agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentOptions {
    /// The agent id (normalised by the gateway).
    pub id: String,
    /// Does it run a heartbeat?
    pub heartbeat: bool,
    /// At start: has its heartbeat run recently (event wakes are deferred until its interval
    /// comes due), or never?
    pub ran_recently: bool,
}

impl AgentOptions {
    /// An agent with a heartbeat that never ran.
    pub fn new(id: &str) -> AgentOptions {
        AgentOptions {
            id: id.to_string(),
            heartbeat: true,
            ran_recently: false,
        }
    }
}

/// How to build a gateway.
#[derive(Debug, Clone)]
pub struct GatewayOptions {
    pub profile: Profile,
    /// `session.scope`.
    pub scope: Scope,
    /// `session.mainKey`, any spelling (normalised where it is used).
    pub main_key: Option<String>,
    /// `agents.list`, in order; the first is the default agent.
    pub agents: Vec<AgentOptions>,
    /// Heartbeat interval.
    pub interval_ms: u64,
    /// Events per queue key (upstream: 20).
    pub queue_cap: usize,
    /// The enqueue sites.
    pub sites: SiteTable,
    /// Record every operation with its place in the order (tests, trace validation).
    pub journal: bool,
    /// Test-only breakage of one routing decision.
    #[cfg(feature = "sabotage")]
    pub sabotage: crate::runtime::sites::Sabotage,
}

impl GatewayOptions {
    /// Upstream defaults: the upstream site table, a cap of 20, a 30-minute interval, every
    /// agent with a heartbeat that never ran, no journal.
    pub fn new(profile: Profile, scope: Scope, main_key: Option<&str>, agents: &[&str]) -> Self {
        GatewayOptions {
            profile,
            scope,
            main_key: main_key.map(str::to_string),
            agents: agents.iter().map(|a| AgentOptions::new(a)).collect(),
            interval_ms: DEFAULT_INTERVAL_MS,
            queue_cap: DEFAULT_QUEUE_CAP,
            sites: SiteTable::upstream(),
            journal: false,
            // Off unless a test sets it, or HEARTBEAT_SPEC_SABOTAGE does (SPEC CK4).
            #[cfg(feature = "sabotage")]
            sabotage: crate::runtime::sites::Sabotage::from_env(),
        }
    }
}
