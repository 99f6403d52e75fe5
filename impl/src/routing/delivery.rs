//! The verdict for one enqueue and the runs its wake causes (the routing table's last column).

use std::fmt;

use crate::generation::{CronRunForm, ParserEra};
use crate::keys::cron::is_cron_run_session_key;
use crate::routing::heartbeat_runs::HeartbeatRun;

/// What becomes of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A targeted heartbeat run peeks the event's queue from a non-cron-run session.
    Surfaced,
    /// No run peeks the event's queue: nothing will ever surface it.
    Stranded,
    /// The run that peeks the queue runs inside a cron-run session (heartbeat injected into a
    /// running cron job).
    RunsInCronRun,
    /// The wake was untargeted: every agent's heartbeat runs, one of them peeks the queue.
    FanOut,
}

impl Delivery {
    /// The verdict for an event in `queue_key` and the runs its wake causes (`None`: no wake).
    pub fn judge(queue_key: &str, runs: Option<&[HeartbeatRun]>, untargeted: bool) -> Delivery {
        let Some(runs) = runs else {
            return Delivery::Stranded;
        };
        let Some(run) = runs.iter().find(|r| r.queue_key == queue_key) else {
            return Delivery::Stranded;
        };
        // Judged with the 2026.5.12+ meaning of "cron run" (descendants are ephemeral too).
        if is_cron_run_session_key(
            ParserEra::P4,
            CronRunForm::Descendants,
            &run.session.session_key,
        ) {
            Delivery::RunsInCronRun
        } else if untargeted {
            Delivery::FanOut
        } else {
            Delivery::Surfaced
        }
    }

    /// The event reaches a heartbeat that is not running inside a cron run.
    pub const fn is_drained_outside_cron_runs(self) -> bool {
        matches!(self, Delivery::Surfaced | Delivery::FanOut)
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delivery::Surfaced => "surfaced",
            Delivery::Stranded => "STRANDED",
            Delivery::RunsInCronRun => "runs-in-cron-run",
            Delivery::FanOut => "fan-out",
        })
    }
}
