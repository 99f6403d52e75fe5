//! Mutations: deliberate breakages of one routing or scheduling decision, by name.
//!
//! A checker that never fails proves nothing. Each mutation breaks one decision of every
//! profile, and the test suite shows that each makes a named invariant fail on `reference`
//! (model/tests/model/model_teeth.rs). `check --mutate NAME` applies one to the model, to see the checker
//! catch it. The names are shared so that both sides can be broken the same way: the model and
//! the runtime each implement a mutation in their own code, where they make the decision.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One broken decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mutation {
    /// Cron-run events keep their raw key (PR #80214's remap is gone). Breaks I7 and I1.
    DropCronRunRemap,
    /// The wake for an event carries the origin's raw key. Breaks I3.
    RawWakeSession,
    /// The bare `global` key is one queue for every agent again. Breaks I4.
    SharedGlobalQueue,
    /// A finished heartbeat drains its whole queue, not only what it inspected. Breaks I2.
    DrainAllOnConsume,
    /// User turns run while a heartbeat runs in the same session. Breaks I5.
    NoLaneSerialisation,
    /// A heartbeat inspects only the newest event of its queue. Breaks I6.
    InspectNewestOnly,
    /// Site wakes lose their target: every agent's heartbeat runs. Breaks I8.
    UntargetedWakes,
    /// Guard-deferred wakes are dropped instead of kept. Breaks I1.
    DropGuardedWakes,
}

impl Mutation {
    pub const ALL: [Mutation; 8] = [
        Mutation::DropCronRunRemap,
        Mutation::RawWakeSession,
        Mutation::SharedGlobalQueue,
        Mutation::DrainAllOnConsume,
        Mutation::NoLaneSerialisation,
        Mutation::InspectNewestOnly,
        Mutation::UntargetedWakes,
        Mutation::DropGuardedWakes,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Mutation::DropCronRunRemap => "drop-cron-run-remap",
            Mutation::RawWakeSession => "raw-wake-session",
            Mutation::SharedGlobalQueue => "shared-global-queue",
            Mutation::DrainAllOnConsume => "drain-all-on-consume",
            Mutation::NoLaneSerialisation => "no-lane-serialisation",
            Mutation::InspectNewestOnly => "inspect-newest-only",
            Mutation::UntargetedWakes => "untargeted-wakes",
            Mutation::DropGuardedWakes => "drop-guarded-wakes",
        }
    }
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mutation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mutation::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let valid: Vec<_> = Mutation::ALL.iter().map(|m| m.name()).collect();
                format!(
                    "unknown mutation `{s}`; mutations are: {}",
                    valid.join(", ")
                )
            })
    }
}
