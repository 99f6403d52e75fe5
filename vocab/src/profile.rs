//! Profiles: the routing generations that heartbeat-spec knows.
//!
//! One name selects the same behaviour everywhere: in the abstract model, in the concrete
//! implementation (`heartbeat-routing`), on the command line and in the conformance vectors.
//! Three profiles are published OpenClaw releases, two are drafts of PR #50818 that shipped
//! nowhere but carried bugs the checker must find, and `reference` is what SPEC.md recommends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A routing generation. See SPEC.md §Profiles for what each one changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Profile {
    /// OpenClaw 2026.5.7, the last release before PR #80214: enqueue sites use the raw key.
    #[serde(rename = "openclaw-2026.5.7")]
    Openclaw2026_5_7,
    /// Draft of PR #50818 (squashed 2026-03-22): every cron key is remapped to the literal
    /// `agent:<id>:main` and the wake for a cron key carries no target at all.
    #[serde(rename = "pr50818-untargeted-cron-wake")]
    Pr50818UntargetedCronWake,
    /// Draft of PR #50818 (2026-03-25): cron keys go to the literal `agent:<id>:main`, and so
    /// does the wake; `session.mainKey` and `session.scope` are not consulted.
    #[serde(rename = "pr50818-literal-main")]
    Pr50818LiteralMain,
    /// OpenClaw 2026.5.12, the first release with PR #80214.
    #[serde(rename = "openclaw-2026.5.12")]
    Openclaw2026_5_12,
    /// OpenClaw 2026.9.6, the latest release: agent-qualified queues, retained guard wakes.
    #[serde(rename = "openclaw-2026.9.6")]
    Openclaw2026_9_6,
    /// What SPEC.md recommends: every invariant holds.
    #[serde(rename = "reference")]
    Reference,
}

impl Profile {
    /// Every profile, in release order (drafts where they stood in history).
    pub const ALL: [Profile; 6] = [
        Profile::Openclaw2026_5_7,
        Profile::Pr50818UntargetedCronWake,
        Profile::Pr50818LiteralMain,
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
        Profile::Reference,
    ];

    /// The profiles that are published npm releases of `openclaw`.
    pub const RELEASES: [Profile; 3] = [
        Profile::Openclaw2026_5_7,
        Profile::Openclaw2026_5_12,
        Profile::Openclaw2026_9_6,
    ];

    /// The name used on the command line, in JSON and in file names.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Openclaw2026_5_7 => "openclaw-2026.5.7",
            Profile::Pr50818UntargetedCronWake => "pr50818-untargeted-cron-wake",
            Profile::Pr50818LiteralMain => "pr50818-literal-main",
            Profile::Openclaw2026_5_12 => "openclaw-2026.5.12",
            Profile::Openclaw2026_9_6 => "openclaw-2026.9.6",
            Profile::Reference => "reference",
        }
    }

    /// The npm version of `openclaw` this profile pins, if it is a published release.
    pub const fn npm_version(self) -> Option<&'static str> {
        match self {
            Profile::Openclaw2026_5_7 => Some("2026.5.7"),
            Profile::Openclaw2026_5_12 => Some("2026.5.12"),
            Profile::Openclaw2026_9_6 => Some("2026.9.6"),
            _ => None,
        }
    }

    /// One line for `--help` output and reports.
    pub const fn summary(self) -> &'static str {
        match self {
            Profile::Openclaw2026_5_7 => {
                "last release before the fix: sites enqueue under the raw session key"
            }
            Profile::Pr50818UntargetedCronWake => {
                "PR #50818 draft of 2026-03-22: cron keys to literal agent main, cron wakes untargeted"
            }
            Profile::Pr50818LiteralMain => {
                "PR #50818 draft of 2026-03-25: cron keys and their wakes to literal agent main"
            }
            Profile::Openclaw2026_5_12 => {
                "first release with PR #80214: cron-run keys remapped at four sites"
            }
            Profile::Openclaw2026_9_6 => {
                "latest release: agent-qualified queues, guard-deferred wakes retained"
            }
            Profile::Reference => "what SPEC.md recommends: every invariant holds",
        }
    }

    /// True for the drafts of PR #50818, which were never released.
    pub const fn is_draft(self) -> bool {
        matches!(
            self,
            Profile::Pr50818UntargetedCronWake | Profile::Pr50818LiteralMain
        )
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a profile name that is not one of [`Profile::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown profile `{given}`; valid profiles are: {}",
    valid_profile_names()
)]
pub struct UnknownProfile {
    /// The name that was given.
    pub given: String,
}

fn valid_profile_names() -> String {
    Profile::ALL
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Profile {
    type Err = UnknownProfile;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownProfile {
                given: s.to_string(),
            })
    }
}
