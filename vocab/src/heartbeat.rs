//! How an agent's heartbeat is configured, beyond on or off (SPEC H9 to H12): the settings users
//! write in `agents.list[].heartbeat` that change which session a run peeks, what it surfaces,
//! or whether it runs at all. Each is observed on the published builds
//! (`conformance/openclaw/probes/heartbeat-settings.md`).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The heartbeat setting of the agents that have a heartbeat.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum HeartbeatSetting {
    /// `{ every: "30m" }`: interval runs in the agent's main session.
    #[default]
    Interval,
    /// `{ every: "30m", session: "discord:direct:u1" }`: `heartbeat.session` names another
    /// session of the agent (existing or not: upstream checks neither, H10).
    OtherSession,
    /// `{ every: "30m", isolatedSession: true }`: each run in a fresh `<session>:heartbeat`
    /// session that peeks the resolved session's queue (H11).
    Isolated,
    /// `{ every: "30m", activeHours: {...} }` with every wake arriving outside the window
    /// ("may not run now"); interval runs happen inside it (H12).
    OutsideActiveHours,
}

impl HeartbeatSetting {
    pub const ALL: [HeartbeatSetting; 4] = [
        HeartbeatSetting::Interval,
        HeartbeatSetting::OtherSession,
        HeartbeatSetting::Isolated,
        HeartbeatSetting::OutsideActiveHours,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            HeartbeatSetting::Interval => "interval",
            HeartbeatSetting::OtherSession => "other-session",
            HeartbeatSetting::Isolated => "isolated",
            HeartbeatSetting::OutsideActiveHours => "outside-active-hours",
        }
    }
}

impl std::fmt::Display for HeartbeatSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HeartbeatSetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        HeartbeatSetting::ALL
            .into_iter()
            .find(|v| v.name() == s)
            .ok_or_else(|| {
                let valid: Vec<&str> = HeartbeatSetting::ALL.iter().map(|v| v.name()).collect();
                format!(
                    "unknown heartbeat setting `{s}`; valid values are: {}",
                    valid.join(", ")
                )
            })
    }
}
