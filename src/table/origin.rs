//! The origin sessions the routing table walks through: where an exec completion can come from.

use heartbeat_routing::keys::normalize::normalize_main_key;
use heartbeat_routing::routing::config::Scope;

/// An abstract origin (the model's vocabulary), made concrete for one agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    /// The agent's main session (`global` itself under global scope).
    Main,
    /// A channel direct message.
    ChannelDm,
    /// A channel group.
    Group,
    /// The durable cron base session of a job.
    CronBase,
    /// An ephemeral cron run.
    CronRun,
    /// A descendant of a cron run (a subagent it spawned).
    CronRunDescendant,
    /// A subagent of the agent.
    Subagent,
    /// The bare unscoped `global` key.
    BareGlobal,
}

impl OriginKind {
    /// Every origin, in table order.
    pub const ALL: [OriginKind; 8] = [
        OriginKind::Main,
        OriginKind::ChannelDm,
        OriginKind::Group,
        OriginKind::CronBase,
        OriginKind::CronRun,
        OriginKind::CronRunDescendant,
        OriginKind::Subagent,
        OriginKind::BareGlobal,
    ];

    /// A short name for the table.
    pub const fn name(self) -> &'static str {
        match self {
            OriginKind::Main => "main",
            OriginKind::ChannelDm => "dm",
            OriginKind::Group => "group",
            OriginKind::CronBase => "cron-base",
            OriginKind::CronRun => "cron-run",
            OriginKind::CronRunDescendant => "cron-run-child",
            OriginKind::Subagent => "subagent",
            OriginKind::BareGlobal => "bare-global",
        }
    }

    /// The session key of this origin for `agent`.
    pub fn session_key(self, agent: &str, scope: Scope, main_key: Option<&str>) -> String {
        match self {
            OriginKind::Main => match scope {
                Scope::Global => "global".to_string(),
                Scope::PerSender => format!("agent:{agent}:{}", normalize_main_key(main_key)),
            },
            OriginKind::ChannelDm => format!("agent:{agent}:telegram:direct:42"),
            OriginKind::Group => format!("agent:{agent}:discord:group:g1"),
            OriginKind::CronBase => format!("agent:{agent}:cron:nightly"),
            OriginKind::CronRun => format!("agent:{agent}:cron:nightly:run:r1"),
            OriginKind::CronRunDescendant => {
                format!("agent:{agent}:cron:nightly:run:r1:subagent:w1")
            }
            OriginKind::Subagent => format!("agent:{agent}:subagent:w1"),
            OriginKind::BareGlobal => "global".to_string(),
        }
    }
}
