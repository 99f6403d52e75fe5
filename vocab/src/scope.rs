//! `session.scope`, as the model and the reports name its two behaviours.
//!
//! The implementation reads the raw configuration value with upstream's own comparison
//! (`heartbeat-routing`'s `routing::config::Scope`); these are the two outcomes it can have.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `session.scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One session per sender (upstream's default).
    PerSender,
    /// One shared session, the literal key `global`.
    Global,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::PerSender, Scope::Global];

    pub const fn name(self) -> &'static str {
        match self {
            Scope::PerSender => "per-sender",
            Scope::Global => "global",
        }
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Scope::ALL
            .into_iter()
            .find(|v| v.name() == s)
            .ok_or_else(|| {
                let valid: Vec<&str> = Scope::ALL.iter().map(|v| v.name()).collect();
                format!(
                    "unknown scope `{s}`; valid values are: {}",
                    valid.join(", ")
                )
            })
    }
}
