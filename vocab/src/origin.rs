//! Origins: the kinds of session an event can be produced in.
//!
//! The model reasons about these abstract kinds; the concrete implementation handles real key
//! strings, and the abstraction function (SPEC.md §Abstraction) maps one to the other.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::scope::Scope;

/// The kind of session an event is enqueued from. Each agent has at most one of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginKind {
    /// The agent's main session: `agent:<a>:<mainKey>`, or `global` under `scope: global`.
    Main,
    /// A channel DM with its own session: `agent:<a>:telegram:direct:42`.
    Dm,
    /// A group chat: `agent:<a>:discord:group:g1`.
    Group,
    /// The durable session of a cron job: `agent:<a>:cron:nightly`.
    CronBase,
    /// One run of a cron job, ephemeral and reaped: `agent:<a>:cron:nightly:run:r1`.
    CronRun,
    /// A descendant of a cron run: `agent:<a>:cron:nightly:run:r1:subagent:w1`.
    CronRunChild,
    /// A subagent: `agent:<a>:subagent:w1`.
    Subagent,
    /// The bare legacy key `global` used under per-sender scope.
    BareGlobal,
}

impl OriginKind {
    pub const ALL: [OriginKind; 8] = [
        OriginKind::Main,
        OriginKind::Dm,
        OriginKind::Group,
        OriginKind::CronBase,
        OriginKind::CronRun,
        OriginKind::CronRunChild,
        OriginKind::Subagent,
        OriginKind::BareGlobal,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            OriginKind::Main => "main",
            OriginKind::Dm => "dm",
            OriginKind::Group => "group",
            OriginKind::CronBase => "cron-base",
            OriginKind::CronRun => "cron-run",
            OriginKind::CronRunChild => "cron-run-child",
            OriginKind::Subagent => "subagent",
            OriginKind::BareGlobal => "bare-global",
        }
    }

    /// Does this kind of session exist as its own session under `scope`?
    ///
    /// Under `scope: global` every direct and group conversation is the one `global` session,
    /// so DM, group and the bare `global` key are all the main session (SPEC.md A2).
    pub const fn exists_under(self, scope: Scope) -> bool {
        match scope {
            Scope::PerSender => true,
            Scope::Global => !matches!(
                self,
                OriginKind::Dm | OriginKind::Group | OriginKind::BareGlobal
            ),
        }
    }

    /// Is this a cron-run session or one of its descendants (upstream's 2026.5.12 `isCronRunSessionKey`)?
    pub const fn is_cron_run(self) -> bool {
        matches!(self, OriginKind::CronRun | OriginKind::CronRunChild)
    }

    /// Is this any cron session, the durable base included (upstream's `isCronSessionKey`)?
    pub const fn is_cron(self) -> bool {
        matches!(
            self,
            OriginKind::CronBase | OriginKind::CronRun | OriginKind::CronRunChild
        )
    }

    /// Sessions a person talks in, and so may send a user turn in.
    pub const fn has_user_turns(self) -> bool {
        matches!(self, OriginKind::Main | OriginKind::Dm | OriginKind::Group)
    }
}

impl fmt::Display for OriginKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OriginKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OriginKind::ALL
            .into_iter()
            .find(|o| o.name() == s)
            .ok_or_else(|| {
                let valid: Vec<_> = OriginKind::ALL.iter().map(|o| o.name()).collect();
                format!(
                    "unknown origin `{s}`; valid origins are: {}",
                    valid.join(", ")
                )
            })
    }
}
