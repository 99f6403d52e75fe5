//! The exported vectors' wire format (SPEC appendix A.1): JSON lines of three kinds — `meta` (the
//! format version and what the file holds), `call` (a pure-function case in the `eval` form)
//! and `scenario` (a gateway configuration and operations, each with what must be observed after
//! it). Reading is strict: a missing, mistyped or unknown field is an error that names it, so a
//! truncated or hand-edited file cannot pass by being misread.

use heartbeat_model::Profile;
use heartbeat_routing::routing::config::Scope;
use serde_json::{Map, Value, json};

/// The `format` of a meta line.
pub const FORMAT: &str = "heartbeat-spec-vectors";
/// The version of the format this tool writes and reads.
pub const VERSION: u64 = 1;

/// A wake target: upstream's pending-map key `<agentId>::<sessionKey>` split into its parts
/// (SPEC R1), an empty part absent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub agent_id: Option<String>,
    pub session_key: Option<String>,
}

impl Target {
    /// The target of a pending-map key. Agent ids never contain `:` (N1), so the first `::`
    /// separates the parts.
    pub fn from_key(key: &str) -> Target {
        let (agent, session) = key.split_once("::").unwrap_or((key, ""));
        let part = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Target {
            agent_id: part(agent),
            session_key: part(session),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(a) = &self.agent_id {
            m.insert("agentId".into(), json!(a));
        }
        if let Some(s) = &self.session_key {
            m.insert("sessionKey".into(), json!(s));
        }
        Value::Object(m)
    }

    fn parse(v: Option<&Value>) -> Result<Target, String> {
        let obj = v
            .and_then(Value::as_object)
            .ok_or("`target` must be an object {\"agentId\"?: STRING, \"sessionKey\"?: STRING}")?;
        only_fields(obj, &["agentId", "sessionKey"], "target")?;
        let part = |name: &str| match obj.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "`target.{name}` must be a string, got {}",
                type_name(other)
            )),
        };
        Ok(Target {
            agent_id: part("agentId")?,
            session_key: part("sessionKey")?,
        })
    }
}

/// One gateway operation (SPEC §11's table), with real strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// A site enqueues `text` from session `session_key` of `agent` and requests its wake.
    Enqueue {
        site: String,
        agent: String,
        session_key: String,
        text: String,
    },
    /// The wake pending for `target` is handled now.
    DispatchWake(Target),
    /// The wake handler throws for `target`.
    HandlerThrows(Target),
    FinishRun {
        agent: String,
    },
    FailRun {
        agent: String,
        replied: bool,
    },
    /// The agent's interval timer expired.
    IntervalDue {
        agent: String,
    },
    /// The agent's interval heartbeat runs, if due and free.
    RunInterval {
        agent: String,
    },
    UserTurn {
        agent: String,
        session_key: String,
    },
    /// The cron reaper deletes a session and its descendants.
    Reap {
        session_key: String,
    },
    Restart,
    /// The production timer path at the step's time: interval timers that passed expire, due
    /// wakes are handled, due and free agents run their interval heartbeat (SPEC §11).
    Tick,
}

impl Op {
    /// The `op` name on the wire.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Enqueue { .. } => "enqueue",
            Op::DispatchWake(_) => "dispatch-wake",
            Op::HandlerThrows(_) => "handler-throws",
            Op::FinishRun { .. } => "finish-run",
            Op::FailRun { .. } => "fail-run",
            Op::IntervalDue { .. } => "interval-due",
            Op::RunInterval { .. } => "run-interval",
            Op::UserTurn { .. } => "user-turn",
            Op::Reap { .. } => "reap",
            Op::Restart => "restart",
            Op::Tick => "tick",
        }
    }

    /// The wire names of every operation.
    pub const NAMES: [&'static str; 11] = [
        "enqueue",
        "dispatch-wake",
        "handler-throws",
        "finish-run",
        "fail-run",
        "interval-due",
        "run-interval",
        "user-turn",
        "reap",
        "restart",
        "tick",
    ];

    /// The operation's fields, `op` included.
    fn write(&self, m: &mut Map<String, Value>) {
        m.insert("op".into(), json!(self.name()));
        let mut put = |k: &str, v: Value| {
            m.insert(k.into(), v);
        };
        match self {
            Op::Enqueue {
                site,
                agent,
                session_key,
                text,
            } => {
                put("site", json!(site));
                put("agentId", json!(agent));
                put("sessionKey", json!(session_key));
                put("text", json!(text));
            }
            Op::DispatchWake(t) | Op::HandlerThrows(t) => put("target", t.to_json()),
            Op::FinishRun { agent } | Op::IntervalDue { agent } | Op::RunInterval { agent } => {
                put("agentId", json!(agent));
            }
            Op::FailRun { agent, replied } => {
                put("agentId", json!(agent));
                put("replied", json!(replied));
            }
            Op::UserTurn { agent, session_key } => {
                put("agentId", json!(agent));
                put("sessionKey", json!(session_key));
            }
            Op::Reap { session_key } => put("sessionKey", json!(session_key)),
            Op::Restart | Op::Tick => {}
        }
    }

    /// Reads an operation from a step object (which also holds `at` and `expect`).
    fn parse(step: &Map<String, Value>) -> Result<Op, String> {
        let name = match step.get("op") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => return Err(format!("`op` must be a string, got {}", type_name(other))),
            None => return Err("missing field `op`".into()),
        };
        let fields: &[&str] = match name {
            "enqueue" => &["site", "agentId", "sessionKey", "text"],
            "dispatch-wake" | "handler-throws" => &["target"],
            "finish-run" | "interval-due" | "run-interval" => &["agentId"],
            "fail-run" => &["agentId", "replied"],
            "user-turn" => &["agentId", "sessionKey"],
            "reap" => &["sessionKey"],
            "restart" | "tick" => &[],
            other => {
                return Err(format!(
                    "unknown op `{other}` (expected one of: {})",
                    Op::NAMES.join(", ")
                ));
            }
        };
        let mut allowed = vec!["op", "at", "expect"];
        allowed.extend_from_slice(fields);
        only_fields(step, &allowed, &format!("a `{name}` step"))?;
        let s = |k: &str| string_field(step, k);
        Ok(match name {
            "enqueue" => Op::Enqueue {
                site: s("site")?,
                agent: s("agentId")?,
                session_key: s("sessionKey")?,
                text: s("text")?,
            },
            "dispatch-wake" => Op::DispatchWake(Target::parse(step.get("target"))?),
            "handler-throws" => Op::HandlerThrows(Target::parse(step.get("target"))?),
            "finish-run" => Op::FinishRun {
                agent: s("agentId")?,
            },
            "fail-run" => Op::FailRun {
                agent: s("agentId")?,
                replied: step
                    .get("replied")
                    .and_then(Value::as_bool)
                    .ok_or("`replied` must be a boolean")?,
            },
            "interval-due" => Op::IntervalDue {
                agent: s("agentId")?,
            },
            "run-interval" => Op::RunInterval {
                agent: s("agentId")?,
            },
            "user-turn" => Op::UserTurn {
                agent: s("agentId")?,
                session_key: s("sessionKey")?,
            },
            "reap" => Op::Reap {
                session_key: s("sessionKey")?,
            },
            "restart" => Op::Restart,
            _ => Op::Tick,
        })
    }
}

/// One configured agent of a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentConfig {
    pub id: String,
    pub heartbeat: bool,
    /// Its last heartbeat ran 1 ms before `startMs` (event wakes are deferred until its
    /// interval expires); otherwise it never ran.
    pub ran_recently: bool,
}

/// The gateway a scenario runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioConfig {
    pub scope: Scope,
    /// `session.mainKey`, as given to the gateway (any spelling).
    pub main_key: String,
    /// `agents.list`, in order; the first is the default agent.
    pub agents: Vec<AgentConfig>,
    pub interval_ms: u64,
    pub queue_cap: usize,
    /// The clock at the start.
    pub start_ms: u64,
}

pub fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::PerSender => "per-sender",
        Scope::Global => "global",
    }
}

impl ScenarioConfig {
    pub fn to_json(&self) -> Value {
        let agents: Vec<Value> = self
            .agents
            .iter()
            .map(|a| json!({"id": a.id, "heartbeat": a.heartbeat, "ranRecently": a.ran_recently}))
            .collect();
        json!({
            "scope": scope_name(self.scope),
            "mainKey": self.main_key,
            "agents": agents,
            "intervalMs": self.interval_ms,
            "queueCap": self.queue_cap,
            "startMs": self.start_ms,
        })
    }

    fn parse(v: Option<&Value>) -> Result<ScenarioConfig, String> {
        let obj = v
            .and_then(Value::as_object)
            .ok_or("`config` must be an object")?;
        only_fields(
            obj,
            &[
                "scope",
                "mainKey",
                "agents",
                "intervalMs",
                "queueCap",
                "startMs",
            ],
            "config",
        )?;
        let text = |k: &str| string_field(obj, k).map_err(|e| format!("config: {e}"));
        let scope = match text("scope")?.as_str() {
            "per-sender" => Scope::PerSender,
            "global" => Scope::Global,
            other => {
                return Err(format!(
                    "`config.scope` must be \"per-sender\" or \"global\", got {other:?}"
                ));
            }
        };
        let agents = obj
            .get("agents")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .ok_or("`config.agents` must be a non-empty array")?
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let at = format!("config.agents[{i}]");
                let a = a
                    .as_object()
                    .ok_or_else(|| format!("`{at}` must be an object"))?;
                only_fields(a, &["id", "heartbeat", "ranRecently"], &at)?;
                let flag = |k: &str| {
                    a.get(k)
                        .and_then(Value::as_bool)
                        .ok_or_else(|| format!("`{at}.{k}` must be a boolean"))
                };
                Ok(AgentConfig {
                    id: string_field(a, "id").map_err(|e| format!("{at}: {e}"))?,
                    heartbeat: flag("heartbeat")?,
                    ran_recently: flag("ranRecently")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let number = |k: &str| {
            obj.get(k)
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("`config.{k}` must be a non-negative integer"))
        };
        let interval_ms = number("intervalMs")?;
        let queue_cap = usize::try_from(number("queueCap")?)
            .ok()
            .filter(|c| *c >= 1)
            .ok_or("`config.queueCap` must be at least 1")?;
        if interval_ms == 0 {
            return Err("`config.intervalMs` must be at least 1".into());
        }
        Ok(ScenarioConfig {
            scope,
            main_key: text("mainKey")?,
            agents,
            interval_ms,
            queue_cap,
            start_ms: number("startMs")?,
        })
    }
}

/// What is observed after a step: the operation's outcome (`{"ok": …}` or `{"err": …}`), the
/// non-empty queues by key with their texts in FIFO order, the events surfaced by the step
/// (agent and text, in enqueue order), and the pending wakes' targets (by key order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub outcome: Value,
    pub queues: Value,
    pub surfaced: Value,
    pub pending: Value,
}

impl Observation {
    /// The parts, by wire name, in the order `run` compares them.
    pub fn parts(&self) -> [(&'static str, &Value); 4] {
        [
            ("outcome", &self.outcome),
            ("queues", &self.queues),
            ("surfaced", &self.surfaced),
            ("pending", &self.pending),
        ]
    }

    pub fn to_json(&self) -> Value {
        // Cloned into a map: `json!` would re-serialise each value.
        let mut m = Map::new();
        for (k, v) in self.parts() {
            m.insert(k.into(), v.clone());
        }
        Value::Object(m)
    }

    fn parse(v: Option<&Value>) -> Result<Observation, String> {
        let obj = v
            .and_then(Value::as_object)
            .ok_or("`expect` must be an object")?;
        only_fields(obj, &["outcome", "queues", "surfaced", "pending"], "expect")?;
        let outcome = obj.get("outcome").ok_or("missing field `expect.outcome`")?;
        match outcome.as_object() {
            Some(o) if o.len() == 1 && (o.contains_key("ok") || o.contains_key("err")) => {}
            _ => {
                return Err(
                    "`expect.outcome` must be {\"ok\": VALUE} or {\"err\": MESSAGE}".into(),
                );
            }
        }
        let queues = obj
            .get("queues")
            .filter(|q| {
                q.as_object().is_some_and(|m| {
                    m.values().all(|texts| {
                        texts
                            .as_array()
                            .is_some_and(|t| !t.is_empty() && t.iter().all(Value::is_string))
                    })
                })
            })
            .ok_or("`expect.queues` must map each queue key to a non-empty array of texts")?;
        let list = |k: &str| {
            obj.get(k)
                .filter(|v| v.is_array())
                .cloned()
                .ok_or_else(|| format!("`expect.{k}` must be an array"))
        };
        Ok(Observation {
            outcome: outcome.clone(),
            queues: queues.clone(),
            surfaced: list("surfaced")?,
            pending: list("pending")?,
        })
    }
}

/// One step of a scenario: at time `at` (the clock is set to it first), apply `op`; then
/// `expect` must be observed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub at: u64,
    pub op: Op,
    pub expect: Observation,
}

impl Step {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("at".into(), json!(self.at));
        self.op.write(&mut m);
        m.insert("expect".into(), self.expect.to_json());
        Value::Object(m)
    }
}

/// Where a scenario came from (SPEC EV8): the properties its model path discovers and how its
/// steps divide into the model path, the drive to quiescence, and the timer coda.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derivation {
    /// Invariants the model path violates, as `ID name`.
    pub violates: Vec<String>,
    /// Witnesses it reaches, as `ID name`.
    pub witnesses: Vec<String>,
    /// Steps of the shortest path to the first discovery.
    pub discovery_steps: usize,
    /// Model steps after it, driving the model to quiescence.
    pub drive_steps: usize,
    /// Steps of the timer coda (not model steps).
    pub coda_steps: usize,
}

impl Derivation {
    fn to_json(&self) -> Value {
        json!({
            "violates": self.violates,
            "witnesses": self.witnesses,
            "discoverySteps": self.discovery_steps,
            "driveSteps": self.drive_steps,
            "codaSteps": self.coda_steps,
        })
    }

    fn parse(v: Option<&Value>) -> Result<Derivation, String> {
        let Some(v) = v else {
            return Ok(Derivation::default());
        };
        let obj = v.as_object().ok_or("`derivation` must be an object")?;
        only_fields(
            obj,
            &[
                "violates",
                "witnesses",
                "discoverySteps",
                "driveSteps",
                "codaSteps",
            ],
            "derivation",
        )?;
        let names = |k: &str| -> Result<Vec<String>, String> {
            match obj.get(k) {
                None => Ok(Vec::new()),
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| format!("`derivation.{k}` must hold strings"))
                    })
                    .collect(),
                Some(_) => Err(format!("`derivation.{k}` must be an array of strings")),
            }
        };
        let count = |k: &str| -> Result<usize, String> {
            match obj.get(k) {
                None => Ok(0),
                Some(v) => v
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| format!("`derivation.{k}` must be a non-negative integer")),
            }
        };
        Ok(Derivation {
            violates: names("violates")?,
            witnesses: names("witnesses")?,
            discovery_steps: count("discoverySteps")?,
            drive_steps: count("driveSteps")?,
            coda_steps: count("codaSteps")?,
        })
    }
}

/// A stateful scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub profile: Profile,
    pub derivation: Derivation,
    pub config: ScenarioConfig,
    pub steps: Vec<Step>,
}

impl Scenario {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("kind".into(), json!("scenario"));
        m.insert("id".into(), json!(self.id));
        m.insert("profile".into(), json!(self.profile.name()));
        m.insert("derivation".into(), self.derivation.to_json());
        m.insert("config".into(), self.config.to_json());
        m.insert(
            "steps".into(),
            Value::Array(self.steps.iter().map(Step::to_json).collect()),
        );
        Value::Object(m)
    }
}

/// What a call must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Ok(Value),
    /// The error message must start with this.
    ErrPrefix(String),
}

impl Expected {
    pub fn to_json(&self) -> Value {
        match self {
            Expected::Ok(v) => json!({ "ok": v }),
            Expected::ErrPrefix(e) => json!({ "err": e }),
        }
    }

    /// Reads `{"ok": VALUE}` or `{"err": PREFIX}`.
    pub fn parse(v: Option<&Value>) -> Result<Expected, String> {
        match v.and_then(Value::as_object) {
            Some(e) if e.len() == 1 && e.contains_key("ok") => Ok(Expected::Ok(e["ok"].clone())),
            Some(e) if e.len() == 1 && e.get("err").is_some_and(Value::is_string) => Ok(
                Expected::ErrPrefix(e["err"].as_str().unwrap_or_default().to_string()),
            ),
            _ => Err("`expected` must be {\"ok\": VALUE} or {\"err\": \"prefix\"}".into()),
        }
    }

    /// Does an eval answer meet the expectation?
    pub fn matches(&self, actual: &Result<Value, String>) -> bool {
        match (self, actual) {
            (Expected::Ok(want), Ok(got)) => want == got,
            (Expected::ErrPrefix(want), Err(got)) => got.starts_with(want.as_str()),
            _ => false,
        }
    }
}

/// A pure-function case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub rule: String,
    pub function: String,
    pub args: Vec<Value>,
    pub expected: Expected,
    pub profile: Profile,
    pub note: String,
    /// The hand-written vector it came from, `FILE:LINE`.
    pub source: Option<String>,
}

impl Call {
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "kind": "call",
            "rule": self.rule,
            "fn": self.function,
            "args": self.args,
            "expected": self.expected.to_json(),
            "profile": self.profile.name(),
            "note": self.note,
        });
        if let Some(s) = &self.source {
            v["source"] = json!(s);
        }
        v
    }

    /// The request `eval` answers.
    pub fn request(&self) -> Value {
        json!({ "fn": self.function, "args": self.args })
    }
}

/// The first line of an exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub version: u64,
    pub profile: Option<Profile>,
    /// How many call and scenario lines follow.
    pub calls: usize,
    pub scenarios: usize,
    /// How the scenarios were derived (informative).
    pub derivation: Value,
}

impl Meta {
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "kind": "meta",
            "format": FORMAT,
            "version": self.version,
            "calls": self.calls,
            "scenarios": self.scenarios,
            "derivation": self.derivation,
        });
        if let Some(p) = self.profile {
            v["profile"] = json!(p.name());
        }
        v
    }
}

/// One line of a vectors file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Meta(Meta),
    Call(Call),
    Scenario(Box<Scenario>),
}

/// A line whose kind and profile could be read, even if the rest is malformed: `run` skips
/// lines of other profiles before judging their contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: String,
    pub profile: Option<Profile>,
    /// The scenario's id or the call's function, for reports.
    pub name: Option<String>,
}

/// Reads a line's `kind`, `profile` and name.
pub fn parse_header(v: &Value) -> Result<Header, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| format!("a line must be a JSON object, got {}", type_name(v)))?;
    let kind = match obj.get("kind") {
        Some(Value::String(k)) if ["meta", "call", "scenario"].contains(&k.as_str()) => k.clone(),
        Some(Value::String(k)) => {
            return Err(format!(
                "unknown kind `{k}` (expected \"meta\", \"call\" or \"scenario\")"
            ));
        }
        Some(other) => return Err(format!("`kind` must be a string, got {}", type_name(other))),
        None => return Err("missing field `kind`".into()),
    };
    let profile = match obj.get("profile") {
        None if kind == "meta" => None,
        None => return Err("missing field `profile`".into()),
        Some(Value::String(p)) => Some(p.parse::<Profile>().map_err(|e| e.to_string())?),
        Some(other) => {
            return Err(format!(
                "`profile` must be a profile name, got {}",
                type_name(other)
            ));
        }
    };
    let name = match kind.as_str() {
        "scenario" => obj.get("id"),
        "call" => obj.get("fn"),
        _ => None,
    }
    .and_then(Value::as_str)
    .map(str::to_string);
    Ok(Header {
        kind,
        profile,
        name,
    })
}

/// Reads one line (already parsed as JSON).
pub fn parse_line(v: &Value) -> Result<Line, String> {
    let header = parse_header(v)?;
    let obj = v.as_object().ok_or("a line must be a JSON object")?;
    match header.kind.as_str() {
        "meta" => {
            only_fields(
                obj,
                &[
                    "kind",
                    "format",
                    "version",
                    "profile",
                    "calls",
                    "scenarios",
                    "derivation",
                ],
                "a meta line",
            )?;
            if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
                return Err(format!("a meta line's `format` must be {FORMAT:?}"));
            }
            let number = |k: &str| {
                obj.get(k)
                    .and_then(Value::as_u64)
                    .ok_or_else(|| format!("`{k}` must be a non-negative integer"))
            };
            let count = |k: &str| {
                number(k).and_then(|n| usize::try_from(n).map_err(|_| format!("`{k}` too large")))
            };
            Ok(Line::Meta(Meta {
                version: number("version")?,
                profile: header.profile,
                calls: count("calls")?,
                scenarios: count("scenarios")?,
                derivation: obj.get("derivation").cloned().unwrap_or(Value::Null),
            }))
        }
        "call" => {
            only_fields(
                obj,
                &[
                    "kind", "rule", "fn", "args", "expected", "profile", "note", "source",
                ],
                "a call line",
            )?;
            let optional_string = |k: &str| match obj.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("`{k}` must be a string")),
            };
            Ok(Line::Call(Call {
                rule: string_field(obj, "rule")?,
                function: string_field(obj, "fn")?,
                args: obj
                    .get("args")
                    .and_then(Value::as_array)
                    .cloned()
                    .ok_or("`args` must be an array")?,
                expected: Expected::parse(obj.get("expected"))?,
                profile: header.profile.ok_or("missing field `profile`")?,
                note: optional_string("note")?.unwrap_or_default(),
                source: optional_string("source")?,
            }))
        }
        _ => {
            only_fields(
                obj,
                &["kind", "id", "profile", "derivation", "config", "steps"],
                "a scenario line",
            )?;
            let id = string_field(obj, "id")?;
            if id.trim().is_empty() {
                return Err("`id` must not be blank".into());
            }
            let config = ScenarioConfig::parse(obj.get("config"))?;
            let raw_steps = obj
                .get("steps")
                .and_then(Value::as_array)
                .filter(|s| !s.is_empty())
                .ok_or("`steps` must be a non-empty array")?;
            let mut steps = Vec::with_capacity(raw_steps.len());
            let mut clock = config.start_ms;
            for (i, s) in raw_steps.iter().enumerate() {
                let n = i + 1;
                let step = s
                    .as_object()
                    .ok_or_else(|| format!("step {n}: must be an object"))?;
                let at = step
                    .get("at")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| format!("step {n}: `at` must be a non-negative integer"))?;
                if at < clock {
                    return Err(format!(
                        "step {n}: `at` {at} is before the previous time {clock} (time never goes back)"
                    ));
                }
                clock = at;
                let op = Op::parse(step).map_err(|e| format!("step {n}: {e}"))?;
                let expect =
                    Observation::parse(step.get("expect")).map_err(|e| format!("step {n}: {e}"))?;
                steps.push(Step { at, op, expect });
            }
            Ok(Line::Scenario(Box::new(Scenario {
                id,
                profile: header.profile.ok_or("missing field `profile`")?,
                derivation: Derivation::parse(obj.get("derivation"))?,
                config,
                steps,
            })))
        }
    }
}

/// Does `actual` meet `expected`? JSON equality, except that an expected `{"err": PREFIX}`
/// (anywhere) matches an actual `{"err": MESSAGE}` that starts with it: error messages may say
/// more than the vector requires, as in the hand-written vectors (SPEC appendix A).
pub fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if let (Some(Value::String(want)), Some(Value::String(got)), 1, 1) =
                (e.get("err"), a.get("err"), e.len(), a.len())
            {
                return got.starts_with(want.as_str());
            }
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| matches(v, w)))
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y))
        }
        _ => expected == actual,
    }
}

fn only_fields(obj: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), String> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "unknown field `{k}` in {what} (allowed: {})",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

fn string_field(obj: &Map<String, Value>, name: &str) -> Result<String, String> {
    match obj.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!(
            "`{name}` must be a string, got {}",
            type_name(other)
        )),
        None => Err(format!("missing field `{name}`")),
    }
}

fn type_name(v: &Value) -> &'static str {
    crate::eval::wire::type_name(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EV9: a target is the pending-map key split at its first `::`, and back.
    #[test]
    fn targets_split_pending_keys() {
        let t = Target::from_key("ops::agent:ops:main");
        assert_eq!(t.agent_id.as_deref(), Some("ops"));
        assert_eq!(t.session_key.as_deref(), Some("agent:ops:main"));
        assert_eq!(
            Target::from_key("::global").to_json(),
            json!({"sessionKey": "global"})
        );
        assert_eq!(
            Target::from_key("main::").to_json(),
            json!({"agentId": "main"})
        );
        assert_eq!(Target::from_key("::").to_json(), json!({}));
    }

    /// EV10: `err` expectations match by prefix at any depth; everything else by equality.
    #[test]
    fn expectations_match_errors_by_prefix() {
        assert!(matches(
            &json!({"err": "unknown"}),
            &json!({"err": "unknown agent `x`"})
        ));
        assert!(!matches(&json!({"err": "unknown"}), &json!({"ok": 1})));
        assert!(matches(
            &json!([{"outcome": {"err": "a"}}]),
            &json!([{"outcome": {"err": "ab"}}])
        ));
        assert!(!matches(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!matches(&json!(["x"]), &json!(["x", "y"])));
    }

    /// EV9: a step's fields are checked by op; unknown ops and fields are named.
    #[test]
    fn steps_are_read_strictly() {
        let step = |v: Value| Op::parse(v.as_object().unwrap());
        assert!(step(json!({"op": "finish-run", "agentId": "main"})).is_ok());
        let e = step(json!({"op": "finish", "agentId": "main"})).unwrap_err();
        assert!(e.contains("unknown op `finish`"), "{e}");
        let e = step(json!({"op": "finish-run", "agent": "main"})).unwrap_err();
        assert!(e.contains("unknown field `agent`"), "{e}");
        let e = step(json!({"op": "fail-run", "agentId": "main"})).unwrap_err();
        assert!(e.contains("`replied`"), "{e}");
        let e = step(json!({"op": "dispatch-wake", "target": {"agentId": 1}})).unwrap_err();
        assert!(e.contains("target.agentId"), "{e}");
    }
}
