//! Scenarios from model paths (SPEC EV8). For one profile, every configuration of the
//! recommended matrix with at most `max_agents` agents; in each, for every property (in the
//! model's property order) that has a discovery, the shortest path to it (the checker's
//! deterministic breadth-first search), driven on to quiescence by a fixed preference of
//! scheduler actions. Paths with the same actions are one scenario. Each path is replayed through
//! the lockstep harness (the gateway's abstraction must equal the model's state after every
//! step), its operations are taken from the gateway's journal, and a fixed timer coda follows.

use std::sync::Arc;

use heartbeat_model::action::{Action, ActionKind};
use heartbeat_model::config::{Config, HeartbeatSetting, Heartbeats};
use heartbeat_model::properties::{PropertyKind, PropertySpec, specs};
use heartbeat_model::state::Guard;
use heartbeat_model::verify::matrix::{Matrix, SettingsSweep};
use heartbeat_model::verify::search::{Path, shortest_paths};
use heartbeat_model::{Profile, RoutingModel, SiteTable, State};
use heartbeat_routing::runtime::Operation;
use heartbeat_routing::runtime::runner::DEFAULT_INTERVAL_MS;
use stateright::Model;

use crate::conformance::{Harness, HarnessOptions, known_divergence};
use crate::vectors::execute::{Applied, Execution};
use crate::vectors::format::{AgentConfig, Derivation, Op, Scenario, ScenarioConfig, Step, Target};

/// The most agents a derived configuration may have (the recommended matrix's largest).
pub const MAX_AGENTS: u8 = 2;
/// Rounds of the timer coda: each is a tick one interval later, then every agent's run
/// finishing. Three suffice for what a model path leaves behind in any profile: a wake the
/// handler re-queued, a fan-out's wakes, and a retry after one run at a time (R4, R6, R7).
pub const CODA_ROUNDS: usize = 3;
/// The clock at the start and between steps: the lockstep harness's own timing, so that the
/// deferral reasons (DV3) are the ones the harness saw. The export compares
/// every outcome with the harness's journal, so a drift here is an error, not a silent change.
pub const START_MS: u64 = 1_000_000;
pub const STEP_MS: u64 = 1_000;
/// A bound on the drive to quiescence (model paths are finite, SPEC A5; this only guards).
const DRIVE_LIMIT: usize = 200;

/// Scheduler and clock actions, in the order the drive to quiescence prefers them.
const DRIVE: [ActionKind; 4] = [
    ActionKind::FinishRun,
    ActionKind::FireWake,
    ActionKind::TimePasses,
    ActionKind::IntervalTick,
];

/// A scenario the derivation could not build: the model and the runtime disagree, or the
/// recorded expectations do not reproduce.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("scenario {id}: {what}")]
pub struct DeriveError {
    pub id: String,
    pub what: String,
}

/// The configurations scenarios are derived from, in the matrix's stable order: the
/// recommended matrix and `check`'s sampled heartbeat settings (SPEC H9 to H12: each other
/// setting with one agent and the default mainKey, and heartbeats on the default agent only
/// with two agents), so that the real builds replay the settings too.
pub fn configurations(profile: Profile, table: &SiteTable, max_agents: u8) -> Vec<Config> {
    let matrix = Matrix {
        profiles: vec![profile],
        agents: (1..=max_agents.min(MAX_AGENTS)).collect(),
        settings: SettingsSweep::Sampled,
        ..Matrix::recommended(table)
    };
    matrix.entries(table).into_iter().map(|(_, c)| c).collect()
}

/// A model path chosen for a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelPath {
    /// The label of the first property it discovers (the scenario id ends with it).
    pub label: String,
    pub init: State,
    pub actions: Vec<Action>,
    pub derivation: Derivation,
}

/// The scenario id of a configuration and a property label:
/// `SITE/ORIGIN/SCOPE/MAINKEY/N-agent[-HEARTBEATS][-SETTING]/PROPERTY`, the heartbeats and
/// the setting named only when they are not every agent with an interval (so
/// `1-agent-isolated`, `2-agent-default-only`).
pub fn scenario_id(config: &Config, label: &str) -> String {
    let origins: Vec<&str> = config.origins.iter().map(|o| o.name()).collect();
    let mut agents = format!("{}-agent", config.agents);
    if config.heartbeats != Heartbeats::All {
        agents = format!("{agents}-{}", config.heartbeats.name());
    }
    if config.heartbeat != HeartbeatSetting::Interval {
        agents = format!("{agents}-{}", config.heartbeat.name());
    }
    format!(
        "{}/{}/{}/{}/{agents}/{label}",
        config.sites.join("+"),
        if origins.is_empty() {
            "mixed".to_string()
        } else {
            origins.join("+")
        },
        config.scope.name(),
        config.main_key.name(),
    )
}

/// Drives the model from `state` to quiescence with scheduler and clock actions only (no new
/// inputs): the first enabled action of the first kind in [`DRIVE`] that has one. Stops when
/// quiescent or when none of them is enabled.
fn drive(model: &RoutingModel, mut state: State) -> Vec<Action> {
    let mut out = Vec::new();
    while out.len() < DRIVE_LIMIT && !model.quiescent(&state) {
        let enabled = model.enabled_actions(&state);
        let next = DRIVE
            .iter()
            .find_map(|k| enabled.iter().find(|a| a.kind() == *k))
            .copied();
        let Some(action) = next else { break };
        let Some(after) = model.next_state(&state, action) else {
            break;
        };
        out.push(action);
        state = after;
    }
    out
}

/// The shortest path to a discovery of each of `specs` (`None` where there is none): one
/// breadth-first search for all of them, in the order of `shortest_path` (initial states in
/// order, actions in `actions()` order, a state visited once, the goal tested when a state is
/// taken from the frontier). The order does not depend on the goal, so each path is the one
/// `shortest_path` finds alone — a test checks that — at the cost of one search, not one per
/// property.
pub fn shortest_discoveries(model: &RoutingModel, specs: &[PropertySpec]) -> Vec<Option<Path>> {
    let goals: Vec<_> = specs
        .iter()
        .map(|spec| move |m: &RoutingModel, s: &State| spec.is_discovery(m, s))
        .collect();
    shortest_paths(model, &goals, usize::MAX)
}

/// The shortest path to each property's discovery, driven to quiescence, merged when equal.
pub fn model_paths(model: &RoutingModel) -> Vec<ModelPath> {
    let specs = specs(model);
    let mut paths: Vec<ModelPath> = Vec::new();
    for (spec, found) in specs.iter().zip(shortest_discoveries(model, &specs)) {
        let Some(found) = found else {
            continue;
        };
        let mut actions: Vec<Action> = found.steps.iter().map(|(a, _)| *a).collect();
        let discovery_steps = actions.len();
        let driven = drive(model, found.last_state().clone());
        let drive_steps = driven.len();
        actions.extend(driven);
        let name = format!("{} {}", spec.id, spec.label);
        let at = match paths
            .iter()
            .position(|p| p.init == found.init && p.actions == actions)
        {
            Some(at) => at,
            None => {
                paths.push(ModelPath {
                    label: spec.label.clone(),
                    init: found.init.clone(),
                    actions,
                    derivation: Derivation {
                        discovery_steps,
                        drive_steps,
                        ..Derivation::default()
                    },
                });
                paths.len() - 1
            }
        };
        let d = &mut paths[at].derivation;
        match spec.kind {
            PropertyKind::Invariant => d.violates.push(name),
            PropertyKind::Witness => d.witnesses.push(name),
        }
    }
    paths
}

/// The configuration of a scenario of `model` starting in `init`.
fn scenario_config(model: &RoutingModel, init: &State) -> ScenarioConfig {
    let c = &model.config;
    ScenarioConfig {
        scope: match c.scope {
            heartbeat_model::Scope::PerSender => {
                heartbeat_routing::routing::config::Scope::PerSender
            }
            heartbeat_model::Scope::Global => heartbeat_routing::routing::config::Scope::Global,
        },
        main_key: c.main_key.key().to_string(),
        agents: (0..c.agents)
            .map(|a| AgentConfig {
                id: Config::agent_name(a).to_string(),
                heartbeat: c.heartbeats.enabled(a),
                // A setting is of a heartbeat (SPEC H9: an agent without one runs main).
                setting: if c.heartbeats.enabled(a) {
                    c.heartbeat
                } else {
                    HeartbeatSetting::Interval
                },
                ran_recently: init.guards[usize::from(a)] == Guard::Recent,
            })
            .collect(),
        interval_ms: DEFAULT_INTERVAL_MS,
        queue_cap: usize::from(c.faults.queue_cap),
        start_ms: START_MS,
    }
}

/// The wire operation of a journalled gateway operation.
fn wire_op(op: &Operation) -> Op {
    match op {
        Operation::Enqueue {
            site,
            agent,
            origin_session_key,
            text,
        } => Op::Enqueue {
            site: site.clone(),
            agent: agent.clone(),
            session_key: origin_session_key.clone(),
            text: text.clone(),
        },
        Operation::FireWake { target } => Op::FireWake {
            target: Target::from_key(target),
        },
        Operation::HandlerThrows { target } => Op::HandlerThrows {
            target: Target::from_key(target),
        },
        Operation::FinishRun { agent } => Op::FinishRun {
            agent: agent.clone(),
        },
        Operation::FailRun { agent, replied } => Op::FailRun {
            agent: agent.clone(),
            replied: *replied,
        },
        Operation::TimePasses { agent } => Op::TimePasses {
            agent: agent.clone(),
        },
        Operation::IntervalTick { agent } => Op::IntervalTick {
            agent: agent.clone(),
        },
        Operation::UserTurn { agent, session_key } => Op::UserTurn {
            agent: agent.clone(),
            session_key: session_key.clone(),
        },
        Operation::Reap { session_key } => Op::Reap {
            session_key: session_key.clone(),
        },
        Operation::Restart => Op::Restart,
    }
}

/// The coda after `last` (the time of the last model step): [`CODA_ROUNDS`] rounds of a tick
/// one interval later, then each agent's run finishing, one step apart. It needs no knowledge of
/// the profile, so the same operations can run under any profile: whatever wake a profile left
/// pending fires, whatever run it started finishes.
pub fn coda(config: &ScenarioConfig, last: u64) -> Vec<(u64, Op)> {
    let mut out = Vec::new();
    let mut t = last;
    for _ in 0..CODA_ROUNDS {
        t += config.interval_ms;
        out.push((t, Op::Tick));
        for a in &config.agents {
            t += STEP_MS;
            out.push((
                t,
                Op::FinishRun {
                    agent: a.id.clone(),
                },
            ));
        }
    }
    out
}

/// A lockstep harness at the start of paths from `init`, recording its gateway's journal.
pub fn start(model: &Arc<RoutingModel>, init: &State) -> Result<Harness, DeriveError> {
    let options = HarnessOptions {
        record: true,
        ..HarnessOptions::default()
    };
    Harness::new(Arc::clone(model), init, &options).map_err(|m| DeriveError {
        id: format!("{} {}", model.profile, model.config),
        what: format!("the runtime does not conform to the model's initial state: {m}"),
    })
}

/// The scenario of one model path: replayed in lockstep from a copy of `start` (a harness at
/// the path's initial state: copying it does not rebuild the gateway), then recorded on a fresh
/// gateway of the scenario's own configuration.
pub fn scenario(start: &Harness, path: &ModelPath) -> Result<Scenario, DeriveError> {
    let model = start.model();
    let id = scenario_id(&model.config, &path.label);
    let fail = |what: String| DeriveError {
        id: id.clone(),
        what,
    };
    if let Some(d) = known_divergence(model) {
        return Err(fail(format!("reaches known divergence {}", d.id)));
    }
    if start.state() != &path.init || !start.path().is_empty() {
        return Err(fail(
            "the harness is not at the path's initial state".into(),
        ));
    }
    let mut harness = start.fork();
    for &action in &path.actions {
        harness
            .step(action)
            .map_err(|m| fail(format!("the runtime does not conform to the model: {m}")))?;
    }
    let journal = harness.gateway().journal();
    if journal.len() != path.actions.len() {
        return Err(fail(format!(
            "the harness journalled {} operations for {} actions",
            journal.len(),
            path.actions.len()
        )));
    }
    let config = scenario_config(model, &path.init);

    let mut ops: Vec<(u64, Op)> = journal
        .iter()
        .zip(1u64..)
        .map(|(e, n)| (START_MS + n * STEP_MS, wire_op(&e.op)))
        .collect();
    let last = ops.last().map_or(START_MS, |(t, _)| *t);
    let coda_ops = coda(&config, last);
    let coda_steps = coda_ops.len();
    ops.extend(coda_ops);

    let mut ex = Execution::new(model.profile, &config).map_err(fail)?;
    let mut steps = Vec::with_capacity(ops.len());
    for (i, (at, op)) in ops.into_iter().enumerate() {
        let (applied, expect) = ex.step(at, &op);
        // The recording gateway must do what the lockstep harness's gateway did.
        if let Some(entry) = journal.get(i)
            && applied != Applied::One(entry.outcome.clone())
        {
            return Err(fail(format!(
                "step {}: the harness saw {:?}, the recording gateway {applied:?}",
                i + 1,
                entry.outcome
            )));
        }
        steps.push(Step { at, op, expect });
    }
    Ok(Scenario {
        id: id.clone(),
        profile: model.profile,
        derivation: Derivation {
            coda_steps,
            ..path.derivation.clone()
        },
        config,
        steps,
    })
}

/// Every scenario of `profile` over [`configurations`], in order.
pub fn scenarios(profile: Profile, max_agents: u8) -> Result<Vec<Scenario>, DeriveError> {
    let table = SiteTable::upstream();
    let mut out = Vec::new();
    for config in configurations(profile, &table, max_agents) {
        let label = config.to_string();
        let model = RoutingModel::new(profile, config, &table).map_err(|e| DeriveError {
            id: label.clone(),
            what: format!("no model: {e}"),
        })?;
        if known_divergence(&model).is_some() {
            // SPEC §11.3: the model and the runtime disagree there by record; no scenario can
            // be certified in lockstep.
            continue;
        }
        let model = Arc::new(model);
        // One harness per initial state; each path forks it.
        let mut starts: Vec<Harness> = Vec::new();
        for path in model_paths(&model) {
            let at = match starts.iter().position(|h| h.state() == &path.init) {
                Some(at) => at,
                None => {
                    starts.push(start(&model, &path.init)?);
                    starts.len() - 1
                }
            };
            out.push(scenario(&starts[at], &path)?);
        }
    }
    Ok(out)
}
