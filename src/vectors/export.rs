//! `vectors export`: one profile's calls and scenarios as JSON lines (SPEC EV6–EV9). Nothing is
//! written unless everything was checked: a hand-written vector our eval does not meet, or a
//! model path the runtime does not follow, stops the export with the reason.

use heartbeat_model::Profile;
use serde_json::json;

use crate::vectors::calls::{CallProblem, calls_for};
use crate::vectors::derive::{self, CODA_ROUNDS, DeriveError, MAX_AGENTS};
use crate::vectors::format::{Call, FormatName, Meta, Scenario, VERSION};

/// Which kinds of line to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Calls,
    Scenarios,
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub profile: Profile,
    /// Scenarios come from configurations with at most this many agents (1 or 2).
    pub max_agents: u8,
    /// `None`: both kinds.
    pub only: Option<Only>,
}

impl ExportOptions {
    /// Both kinds, one-agent configurations.
    pub fn new(profile: Profile) -> ExportOptions {
        ExportOptions {
            profile,
            max_agents: 1,
            only: None,
        }
    }
}

/// Why an export was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("--agents must be between 1 and {MAX_AGENTS}, got {0}")]
    Bound(u8),
    #[error("{} hand-written vector(s) do not hold for {profile}, nothing exported:\n{}", problems.len(), render(problems))]
    Calls {
        profile: Profile,
        problems: Vec<CallProblem>,
    },
    #[error("a scenario could not be derived for {profile}, nothing exported: {error}")]
    Scenario {
        profile: Profile,
        error: DeriveError,
    },
}

fn render(problems: &[CallProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {}: {}", p.at, p.what))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An export, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub meta: Meta,
    pub calls: Vec<Call>,
    pub scenarios: Vec<Scenario>,
}

impl Export {
    /// Steps over every scenario.
    pub fn steps(&self) -> usize {
        self.scenarios.iter().map(|s| s.steps.len()).sum()
    }

    /// The file: the meta line, the calls, the scenarios, one JSON object a line. Object keys
    /// are sorted (serde_json's map), so equal exports are equal bytes.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        let mut line = |v: serde_json::Value| {
            out.push_str(&v.to_string());
            out.push('\n');
        };
        line(self.meta.to_json());
        for c in &self.calls {
            line(c.to_json());
        }
        for s in &self.scenarios {
            line(s.to_json());
        }
        out
    }
}

/// Builds the export of `options.profile`.
pub fn export(options: &ExportOptions) -> Result<Export, ExportError> {
    if !(1..=MAX_AGENTS).contains(&options.max_agents) {
        return Err(ExportError::Bound(options.max_agents));
    }
    let profile = options.profile;
    let calls = if options.only == Some(Only::Scenarios) {
        Vec::new()
    } else {
        calls_for(profile).map_err(|problems| ExportError::Calls { profile, problems })?
    };
    let scenarios = if options.only == Some(Only::Calls) {
        Vec::new()
    } else {
        derive::scenarios(profile, options.max_agents)
            .map_err(|error| ExportError::Scenario { profile, error })?
    };
    let meta = Meta {
        format: FormatName,
        version: VERSION,
        profile: Some(profile),
        calls: calls.len(),
        scenarios: scenarios.len(),
        derivation: json!({
            "matrix": "recommended, with check's sampled heartbeat settings",
            "maxAgents": options.max_agents,
            "paths": "shortest to each property's discovery, driven to quiescence",
            "codaRounds": CODA_ROUNDS,
        }),
    };
    Ok(Export {
        meta,
        calls,
        scenarios,
    })
}
