//! Executing a scenario's operations on our gateway and observing what each did, in the wire
//! terms of the format: the same code records the expectations at export and checks them in
//! `run`, so the two cannot drift apart (SPEC EV9).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use heartbeat_model::Profile;
use heartbeat_routing::routing::config::Scope;
use heartbeat_routing::runtime::ops::{
    EnqueueResult, FireWakeOutcome, IntervalTickOutcome, RunEnd, RunReport, UserTurnOutcome,
};
use heartbeat_routing::runtime::rules::RuntimeRules;
use heartbeat_routing::runtime::wake::target_key;
use heartbeat_routing::runtime::{
    AgentOptions, Gateway, GatewayError, GatewayOptions, GatewayState, ManualClock, Operation,
    Outcome, TickReport,
};
use serde_json::{Map, Value, json};

use crate::vectors::format::{Observation, Op, ScenarioConfig, Step, Target};

/// The gateway options a scenario's configuration stands for (upstream's site table).
pub fn gateway_options(profile: Profile, config: &ScenarioConfig) -> GatewayOptions {
    // `GatewayOptions::new` parses the site table; an export builds thousands of gateways, so
    // the defaults are built once and copied.
    static DEFAULTS: OnceLock<GatewayOptions> = OnceLock::new();
    let mut options = DEFAULTS
        .get_or_init(|| GatewayOptions::new(Profile::Reference, Scope::PerSender, None, &[]))
        .clone();
    options.profile = profile;
    options.scope = config.scope;
    options.main_key = Some(config.main_key.clone());
    options.agents = config
        .agents
        .iter()
        .map(|a| AgentOptions {
            id: a.id.clone(),
            heartbeat: a.heartbeat,
            setting: a.setting,
            ran_recently: a.ran_recently,
        })
        .collect();
    options.interval_ms = config.interval_ms;
    options.queue_cap = config.queue_cap;
    options
}

/// What applying one operation returned, before it is put in wire terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    One(Result<Outcome, GatewayError>),
    Tick(TickReport),
}

/// A fresh gateway of one scenario configuration, stepped by the scenario's operations.
pub struct Execution {
    profile: Profile,
    clock: Arc<ManualClock>,
    gateway: Gateway,
}

impl Execution {
    /// A gateway of `profile` for `config`, its clock at `config.start_ms`. An error is the
    /// gateway refusing the configuration (no agents, duplicate ids once normalised).
    pub fn new(profile: Profile, config: &ScenarioConfig) -> Result<Execution, String> {
        let clock = Arc::new(ManualClock::new(config.start_ms));
        let gateway = Gateway::new(&gateway_options(profile, config), clock.clone())
            .map_err(|e| format!("the gateway refused the configuration: {e}"))?;
        Ok(Execution {
            profile,
            clock,
            gateway,
        })
    }

    /// The pending-map key of a target, as this profile keys wakes (R1).
    fn key_of(&self, t: &Target) -> String {
        target_key(
            RuntimeRules::of(self.profile).target_keying,
            t.agent_id.as_deref(),
            t.session_key.as_deref(),
        )
    }

    fn operation(&self, op: &Op) -> Option<Operation> {
        Some(match op {
            Op::Enqueue {
                site,
                agent,
                session_key,
                text,
            } => Operation::Enqueue {
                site: site.clone(),
                agent: agent.clone(),
                origin_session_key: session_key.clone(),
                text: text.clone(),
            },
            Op::FireWake { target } => Operation::FireWake {
                target: self.key_of(target),
            },
            Op::HandlerThrows { target } => Operation::HandlerThrows {
                target: self.key_of(target),
            },
            Op::FinishRun { agent } => Operation::FinishRun {
                agent: agent.clone(),
            },
            Op::FailRun { agent, replied } => Operation::FailRun {
                agent: agent.clone(),
                replied: *replied,
            },
            Op::TimePasses { agent } => Operation::TimePasses {
                agent: agent.clone(),
            },
            Op::IntervalTick { agent } => Operation::IntervalTick {
                agent: agent.clone(),
            },
            Op::UserTurn { agent, session_key } => Operation::UserTurn {
                agent: agent.clone(),
                session_key: session_key.clone(),
            },
            Op::Reap { session_key } => Operation::Reap {
                session_key: session_key.clone(),
            },
            Op::Restart => Operation::Restart,
            Op::Tick => return None,
        })
    }

    /// Sets the clock to `at`, applies `op`, and returns what it did and what is observed.
    pub fn step(&mut self, at: u64, op: &Op) -> (Applied, Observation) {
        let before = surfaced_counts(&self.gateway);
        self.clock.set(at);
        let applied = match self.operation(op) {
            Some(operation) => Applied::One(self.gateway.apply(operation)),
            None => Applied::Tick(self.gateway.tick(at)),
        };
        let observation = self.gateway.inspect(|g| Observation {
            outcome: match &applied {
                Applied::One(r) => result_json(g, r),
                Applied::Tick(t) => json!({ "ok": tick_json(g, t) }),
            },
            queues: queues_json(g),
            surfaced: surfaced_since(g, &before),
            pending: pending_json(g),
        });
        (applied, observation)
    }
}

/// Runs every step of a scenario on a fresh gateway and returns the observations (used by the
/// export to record them and by tests to run one op list under another profile).
pub fn observe_all(
    profile: Profile,
    config: &ScenarioConfig,
    steps: &[(u64, Op)],
) -> Result<Vec<Observation>, String> {
    let mut ex = Execution::new(profile, config)?;
    Ok(steps.iter().map(|(at, op)| ex.step(*at, op).1).collect())
}

/// The scenario's steps as (time, operation) pairs.
pub fn ops_of(steps: &[Step]) -> Vec<(u64, Op)> {
    steps.iter().map(|s| (s.at, s.op.clone())).collect()
}

/// How many times each ledger entry had been surfaced, by position.
fn surfaced_counts(g: &Gateway) -> Vec<usize> {
    g.inspect(|s| {
        s.ledger()
            .entries()
            .iter()
            .map(|e| e.surfaced_to.len())
            .collect()
    })
}

/// The surfacings since `before`, as `{"agent", "text"}`, in enqueue order.
fn surfaced_since(g: &GatewayState, before: &[usize]) -> Value {
    let mut out = Vec::new();
    for (i, e) in g.ledger().entries().iter().enumerate() {
        let old = before.get(i).copied().unwrap_or(0);
        for agent in e.surfaced_to.iter().skip(old) {
            out.push(json!({ "agent": agent, "text": e.text }));
        }
    }
    Value::Array(out)
}

/// The non-empty queues by key, texts oldest first.
fn queues_json(g: &GatewayState) -> Value {
    let queues: BTreeMap<&str, Vec<&str>> = g
        .queues()
        .iter()
        .filter(|(_, events)| !events.is_empty())
        .map(|(k, events)| (k, events.iter().map(|e| e.text.as_str()).collect()))
        .collect();
    json!(queues)
}

fn pending_json(g: &GatewayState) -> Value {
    Value::Array(
        g.scheduler()
            .pending()
            .map(|p| Target::from_key(&p.target).to_json())
            .collect(),
    )
}

/// An event's text by id (the ledger keeps every event the sites produced).
fn text(g: &GatewayState, id: u64) -> Value {
    g.ledger()
        .get(id)
        .map_or(Value::Null, |e| Value::String(e.text.clone()))
}

fn texts(g: &GatewayState, ids: impl IntoIterator<Item = u64>) -> Value {
    Value::Array(ids.into_iter().map(|id| text(g, id)).collect())
}

fn run_json(g: &GatewayState, r: &RunReport) -> Value {
    json!({
        "agentId": r.agent,
        "sessionKey": r.session_key,
        "queueKey": r.queue_key,
        "source": r.source,
        "inspected": texts(g, r.inspected.iter().copied()),
    })
}

fn dispatch_json(g: &GatewayState, d: &FireWakeOutcome) -> Value {
    match d {
        FireWakeOutcome::NotPending => json!({"result": "not-pending"}),
        FireWakeOutcome::Retrying => json!({"result": "retrying"}),
        FireWakeOutcome::FannedOut(targets) => json!({
            "result": "fanned-out",
            "targets": targets.iter().map(|t| Target::from_key(t).to_json()).collect::<Vec<_>>(),
        }),
        FireWakeOutcome::Disabled => json!({"result": "disabled"}),
        FireWakeOutcome::Deferred { reason, kept } => {
            json!({"result": "deferred", "reason": reason, "kept": kept})
        }
        FireWakeOutcome::Started(r) => json!({"result": "started", "run": run_json(g, r)}),
    }
}

fn interval_json(g: &GatewayState, i: &IntervalTickOutcome) -> Value {
    match i {
        IntervalTickOutcome::Disabled => json!({"result": "disabled"}),
        IntervalTickOutcome::NotDue => json!({"result": "not-due"}),
        IntervalTickOutcome::Busy => json!({"result": "busy"}),
        IntervalTickOutcome::Started(r) => json!({"result": "started", "run": run_json(g, r)}),
    }
}

fn outcome_json(g: &GatewayState, o: &Outcome) -> Value {
    match o {
        Outcome::Enqueue(e) => {
            let result = match e.result {
                EnqueueResult::Queued { .. } => "queued",
                EnqueueResult::Duplicate => "duplicate",
                EnqueueResult::Blank => "blank",
                EnqueueResult::Undeliverable { .. } => "undeliverable",
            };
            json!({
                "result": result,
                "eventKey": e.route.event_key,
                "queueKey": e.route.queue_key,
                "wake": e.wake_target.as_deref().map_or(Value::Null, |t| Target::from_key(t).to_json()),
                "dropped": texts(g, e.dropped.iter().copied()),
            })
        }
        Outcome::FireWake(d) => dispatch_json(g, d),
        Outcome::Throw(true) => json!({"result": "requeued"}),
        Outcome::Throw(false) => json!({"result": "not-pending"}),
        Outcome::Run(RunEnd::NoRun) => json!({"result": "no-run"}),
        Outcome::Run(RunEnd::Ended { surfaced, consumed }) => json!({
            "result": "ended",
            "surfaced": surfaced.iter().map(|(_, t)| t).collect::<Vec<_>>(),
            "consumed": texts(g, consumed.iter().copied()),
        }),
        Outcome::TimePasses(true) => json!({"result": "expired"}),
        Outcome::TimePasses(false) => json!({"result": "unchanged"}),
        Outcome::IntervalTick(i) => interval_json(g, i),
        Outcome::UserTurn(UserTurnOutcome::LaneBusy) => json!({"result": "lane-busy"}),
        Outcome::UserTurn(UserTurnOutcome::Drained(events)) => json!({
            "result": "drained",
            "events": events.iter().map(|(_, t)| t).collect::<Vec<_>>(),
        }),
        Outcome::Reap(ids) => json!({"result": "reaped", "retired": texts(g, ids.iter().copied())}),
        Outcome::Restart(ids) => {
            json!({"result": "restarted", "lost": texts(g, ids.iter().copied())})
        }
    }
}

fn result_json(g: &GatewayState, r: &Result<Outcome, GatewayError>) -> Value {
    match r {
        Ok(o) => json!({ "ok": outcome_json(g, o) }),
        Err(e) => json!({ "err": e.to_string() }),
    }
}

fn tick_json(g: &GatewayState, t: &TickReport) -> Value {
    let wrap = |r: Result<Value, &GatewayError>| match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e.to_string() }),
    };
    let wakes: Vec<Value> = t
        .wakes
        .iter()
        .map(|(target, r)| {
            let mut m = Map::new();
            m.insert("target".into(), Target::from_key(target).to_json());
            m.insert(
                "outcome".into(),
                wrap(r.as_ref().map(|d| dispatch_json(g, d))),
            );
            Value::Object(m)
        })
        .collect();
    let intervals: Vec<Value> = t
        .intervals
        .iter()
        .map(|(agent, r)| {
            json!({"agentId": agent, "outcome": wrap(r.as_ref().map(|i| interval_json(g, i)))})
        })
        .collect();
    json!({"result": "ticked", "wakes": wakes, "intervals": intervals})
}
