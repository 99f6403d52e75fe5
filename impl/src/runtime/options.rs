//! How to build a gateway: its profile, configuration, agents, site table and switches. A
//! module of its own so that the gateway (which takes options) and its state (which is built
//! from them) both depend on it and not on each other.

use heartbeat_vocab::{HeartbeatSetting, Mutation, Profile, SiteTable};

use crate::routing::config::Scope;
use crate::runtime::error::GatewayError;
use crate::runtime::queue::DEFAULT_QUEUE_CAP;
use crate::runtime::runner::DEFAULT_INTERVAL_MS;

/// One configured agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentOptions {
    /// The agent id (normalised by the gateway).
    pub id: String,
    /// Does it run a heartbeat?
    pub heartbeat: bool,
    /// How its heartbeat is set up (SPEC H10 to H12); ignored for an agent without one, whose
    /// runs (2026.9.6's targeted wakes, H9) use its main session.
    pub setting: HeartbeatSetting,
    /// At start: has its heartbeat run recently (event wakes are deferred until its interval
    /// comes due), or never?
    pub ran_recently: bool,
}

/// The `heartbeat.session` the `other-session` setting writes (H10): a direct-message session
/// of the agent, in the short form upstream completes to `agent:<id>:telegram:direct:42`.
pub const OTHER_SESSION: &str = "telegram:direct:42";

impl AgentOptions {
    /// An agent with an interval heartbeat that never ran.
    pub fn new(id: &str) -> AgentOptions {
        AgentOptions {
            id: id.to_string(),
            heartbeat: true,
            setting: HeartbeatSetting::Interval,
            ran_recently: false,
        }
    }

    /// This agent with the heartbeat setting `setting`.
    pub fn with_setting(self, setting: HeartbeatSetting) -> AgentOptions {
        AgentOptions { setting, ..self }
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
    /// One decision broken on purpose, so that a test can show the conformance check catches
    /// a runtime that makes it (SPEC CK4): the same names as the model's mutations, each
    /// applied in the runtime's own code where it makes that decision. `None` (the default):
    /// route as the profile does.
    pub mutation: Option<Mutation>,
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
            mutation: None,
        }
    }
}

/// Where the runtime breaks the decision a mutation names (SPEC CK4), or why it cannot. The
/// match is exhaustive: a new mutation does not compile until the runtime says what it does
/// with it.
pub fn mutation_site(mutation: Mutation) -> Result<&'static str, &'static str> {
    Ok(match mutation {
        Mutation::DropCronRunRemap => {
            "sites: an event-route site files a cron-run event (or a descendant's) under its raw key"
        }
        Mutation::RawWakeSession => {
            "sites: a scoped wake carries the origin's raw key as its sessionKey, and nothing else"
        }
        Mutation::SharedGlobalQueue => {
            "queue: the bare `global` key is one queue for every agent, whatever the profile"
        }
        Mutation::DrainAllOnConsume => {
            "gateway: a finished heartbeat removes its whole queue, not only what it inspected"
        }
        Mutation::NoLaneSerialisation => {
            "gateway: a user turn drains its queue while a heartbeat has it peeked"
        }
        Mutation::InspectNewestOnly => "runner: a heartbeat inspects only the newest event",
        Mutation::UntargetedWakes => "sites: a site's wake names neither agent nor session",
        Mutation::DropGuardedWakes => "gateway: a guard-deferred wake is dropped, never kept",
        Mutation::WakesKeyedByAgent
        | Mutation::MergeKeepsWinnerInspection
        | Mutation::KindBlindInspection
        | Mutation::OverlappingRuns
        | Mutation::NoUntargetedFanOut
        | Mutation::SkipIntervalRun
        | Mutation::EnqueueUndeliverable
        | Mutation::UpstreamRemapOnly
        | Mutation::SilentCapDrop
        | Mutation::ConsumeOnFinishOnly => return Err(MODEL_ONLY),
    })
}

/// Why the runtime refuses the mutations that remove one `reference` rule of SPEC §8.2 (R1 to
/// R13): they exist to show the model checks each rule (model/tests/model/model_teeth.rs); the runtime's
/// conformance teeth use the eight mutations above.
const MODEL_ONLY: &str = "it removes a reference rule of SPEC §8.2 to show the model checks it; only the model applies it";

impl GatewayOptions {
    /// Refuses a mutation the runtime cannot apply, naming it and why.
    pub(crate) fn check_mutation(&self) -> Result<(), GatewayError> {
        match self.mutation.map(mutation_site) {
            Some(Err(why)) => Err(GatewayError::Options(format!(
                "mutation `{}` cannot be applied to the runtime: {why}",
                self.mutation.expect("a mutation")
            ))),
            _ => Ok(()),
        }
    }
}
