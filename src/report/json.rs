//! The machine-readable report of `check --json`, which `merge` reads back.

use serde::{Deserialize, Serialize};

use heartbeat_model::config::Config;
use heartbeat_model::origin::OriginKind;
use heartbeat_model::verify::sweep::{ModelReport, SweepReport, Totals};
use heartbeat_model::verify::trace::TraceStep;
use heartbeat_model::verify::{Stats, Verdict};
use heartbeat_model::{Profile, State};

/// The configuration of one model, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportConfig {
    #[serde(flatten)]
    pub config: Config,
    /// The origins the sites fire from in this model.
    pub effective_origins: Vec<OriginKind>,
}

/// A counterexample (or example): the initial state and the named steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTrace {
    pub init: State,
    pub steps: Vec<TraceStep>,
}

/// One invariant of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvariantResult {
    pub profile: Profile,
    pub config: ReportConfig,
    pub invariant: String,
    pub id: String,
    pub verdict: Verdict,
    pub expected: Verdict,
    pub explained_by: Vec<String>,
    pub counterexample: Option<ReportTrace>,
}

/// One witness of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WitnessResult {
    pub profile: Profile,
    pub config: ReportConfig,
    pub witness: String,
    pub id: String,
    pub verdict: Verdict,
    pub expected: Verdict,
    pub explained_by: Vec<String>,
    pub example: Option<ReportTrace>,
}

/// Per-model statistics.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelStats {
    pub profile: Profile,
    pub config: ReportConfig,
    pub stats: Stats,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JsonReport {
    pub tool: String,
    pub version: String,
    /// `i/n` when this report covers one shard of a larger matrix.
    pub shard: Option<String>,
    pub exit_code: u8,
    pub totals: Totals,
    pub invariants: Vec<InvariantResult>,
    pub witnesses: Vec<WitnessResult>,
    pub models: Vec<ModelStats>,
}

fn report_config(m: &ModelReport) -> ReportConfig {
    ReportConfig {
        config: m.config.clone(),
        effective_origins: m.origins.clone(),
    }
}

impl JsonReport {
    pub fn from_sweep(report: &SweepReport, exit_code: u8, shard: Option<String>) -> JsonReport {
        let mut invariants = Vec::new();
        let mut witnesses = Vec::new();
        let mut models = Vec::new();
        for m in &report.models {
            for p in &m.properties {
                let trace = p.trace.as_ref().map(|t| ReportTrace {
                    init: t.init_state.clone(),
                    steps: t.steps.clone(),
                });
                match p.kind {
                    heartbeat_model::properties::PropertyKind::Invariant => {
                        invariants.push(InvariantResult {
                            profile: m.profile,
                            config: report_config(m),
                            invariant: p.name.clone(),
                            id: p.id.clone(),
                            verdict: p.verdict,
                            expected: p.expected,
                            explained_by: p.explained_by.clone(),
                            counterexample: trace,
                        })
                    }
                    heartbeat_model::properties::PropertyKind::Witness => {
                        witnesses.push(WitnessResult {
                            profile: m.profile,
                            config: report_config(m),
                            witness: p.name.clone(),
                            id: p.id.clone(),
                            verdict: p.verdict,
                            expected: p.expected,
                            explained_by: p.explained_by.clone(),
                            example: trace,
                        })
                    }
                }
            }
            models.push(ModelStats {
                profile: m.profile,
                config: report_config(m),
                stats: m.stats.clone(),
            });
        }
        JsonReport {
            tool: "heartbeat-spec".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            shard,
            exit_code,
            totals: report.totals.clone(),
            invariants,
            witnesses,
            models,
        }
    }
}
