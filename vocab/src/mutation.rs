//! Mutations: deliberate breakages of one routing or scheduling decision, by name.
//!
//! A checker that never fails proves nothing. Each mutation breaks one decision of every
//! profile, and the test suite shows that each makes a named property fail (model/tests/model/model_teeth.rs):
//! the first eight break one invariant each on `reference`; the rest each remove one reference
//! rule of SPEC §8.2 (R1 to R13) that the first eight do not, and the runtime refuses them. `check --mutate NAME` applies one to the model, to see the checker
//! catch it. The names are shared so that both sides can be broken the same way: the model and
//! the runtime each implement a mutation in their own code, where they make the decision.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One broken decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mutation {
    /// Cron-run events keep their raw key (PR #80214's remap is gone). Removes R11's cron-run
    /// part (E2). Breaks I7 and I1.
    DropCronRunRemap,
    /// The wake for an event carries the origin's raw key. Breaks I3.
    RawWakeSession,
    /// The bare `global` key is one queue for every agent again. Breaks I4.
    SharedGlobalQueue,
    /// A finished heartbeat drains its whole queue, not only what it inspected. Removes R5's
    /// selected consume. Breaks I2.
    DrainAllOnConsume,
    /// User turns run while a heartbeat runs in the same session. Removes R9's lanes. Breaks
    /// I5.
    NoLaneSerialisation,
    /// A heartbeat inspects only the newest event of its queue. Breaks I6.
    InspectNewestOnly,
    /// Site wakes lose their target: every agent's heartbeat runs. Breaks I8.
    UntargetedWakes,
    /// Guard-deferred wakes are dropped instead of kept. Removes R4's retry of a deferred
    /// wake. Breaks I1.
    DropGuardedWakes,
    /// Removes R1's key: the pending map keys wakes by agent only, so a wake for another
    /// session of the same agent replaces the pending one (and its session). Breaks I1.
    WakesKeyedByAgent,
    /// Removes R2: a merged wake inspects only what the newer wake inspects (upstream), so an
    /// exec-event wake replaced by a watchdog wake no longer inspects exec completions.
    /// Breaks I1.
    MergeKeepsWinnerInspection,
    /// Removes R3: the wake's kind no longer decides what a run inspects; every run inspects
    /// as an interval tick does (non-exec events only). Breaks I1.
    KindBlindInspection,
    /// Removes R6: an agent's heartbeat may start while its previous run is still in flight
    /// (no run is ever busy). Breaks I5.
    OverlappingRuns,
    /// Removes R7: an untargeted wake runs only the default agent's heartbeat instead of one
    /// per heartbeat agent. Breaks I7 (where untargeted wakes exist: the drafts, 2026.5.7).
    NoUntargetedFanOut,
    /// Removes R8: an interval tick passes without running the heartbeat. Breaks X4 (and I1
    /// up to 2026.5.12, where the interval heartbeat is what surfaces a dropped wake's events).
    SkipIntervalRun,
    /// Removes R10: a site enqueues an event of an agent that runs no heartbeat instead of
    /// reporting it undeliverable. Breaks I7 and I1.
    EnqueueUndeliverable,
    /// Removes R11's reference part: only cron runs are remapped (as 2026.9.6 does), not
    /// subagents, the bare `global` key, or every origin under global scope. Breaks I7 and I1.
    UpstreamRemapOnly,
    /// Removes R12: the queue cap drops the oldest event silently. Breaks I2.
    SilentCapDrop,
    /// Removes R13: a run that fails after its reply consumes nothing, so its re-queued wake
    /// surfaces the same events again. Breaks I5.
    ConsumeOnFinishOnly,
}

impl Mutation {
    pub const ALL: [Mutation; 18] = [
        Mutation::DropCronRunRemap,
        Mutation::RawWakeSession,
        Mutation::SharedGlobalQueue,
        Mutation::DrainAllOnConsume,
        Mutation::NoLaneSerialisation,
        Mutation::InspectNewestOnly,
        Mutation::UntargetedWakes,
        Mutation::DropGuardedWakes,
        Mutation::WakesKeyedByAgent,
        Mutation::MergeKeepsWinnerInspection,
        Mutation::KindBlindInspection,
        Mutation::OverlappingRuns,
        Mutation::NoUntargetedFanOut,
        Mutation::SkipIntervalRun,
        Mutation::EnqueueUndeliverable,
        Mutation::UpstreamRemapOnly,
        Mutation::SilentCapDrop,
        Mutation::ConsumeOnFinishOnly,
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
            Mutation::WakesKeyedByAgent => "wakes-keyed-by-agent",
            Mutation::MergeKeepsWinnerInspection => "merge-keeps-winner-inspection",
            Mutation::KindBlindInspection => "kind-blind-inspection",
            Mutation::OverlappingRuns => "overlapping-runs",
            Mutation::NoUntargetedFanOut => "no-untargeted-fan-out",
            Mutation::SkipIntervalRun => "skip-interval-run",
            Mutation::EnqueueUndeliverable => "enqueue-undeliverable",
            Mutation::UpstreamRemapOnly => "upstream-remap-only",
            Mutation::SilentCapDrop => "silent-cap-drop",
            Mutation::ConsumeOnFinishOnly => "consume-on-finish-only",
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
