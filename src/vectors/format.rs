//! The vector formats of SPEC appendix A as serde types: the hand-written vectors of
//! `tests/vectors/*.jsonl` ([`Vector`]) and the exported conformance vectors (A.1), JSON lines of
//! three kinds — `meta` (the format version and what the file holds), `call` (a pure-function
//! case in the `eval` form) and `scenario` (a gateway configuration and operations, each with
//! what must be observed after it).
//!
//! Reading is strict: every object refuses unknown fields, a missing or mistyped field is an
//! error, and an error says where it is (``step 3 (finish-run): unknown field `agent`, expected
//! `agentId` ``, ``` `config.queueCap`: must be at least 1, got 0 ```), so a truncated or
//! hand-edited file cannot pass by being misread. Writing goes through [`serde_json::Value`], whose objects
//! keep their keys sorted: equal lines are equal bytes (EV6).

use std::collections::BTreeMap;

use heartbeat_model::Profile;
use heartbeat_model::config::HeartbeatSetting;
use heartbeat_routing::routing::config::Scope;
use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

/// The `format` of a meta line.
pub const FORMAT: &str = "heartbeat-spec-vectors";
/// The version of the format this tool writes and reads. Version 2 named the operations after
/// the model's actions (`fire-wake`, `time-passes`, `interval-tick`; version 1 had
/// `dispatch-wake`, `interval-due`, `run-interval`).
pub const VERSION: u64 = 2;

/// A wake target: upstream's pending-map key `<agentId>::<sessionKey>` split into its parts
/// (SPEC R1), an empty part absent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Target {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub agent_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
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
        to_value(self)
    }
}

/// One gateway operation (SPEC §11's table), with real strings. Its serde form is externally
/// tagged (`{"fire-wake": {"target": …}}`); a [`Step`] writes the tag as its `op` field next
/// to the arguments (`{"op": "fire-wake", "target": …, "at": …, "expect": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Op {
    /// A site enqueues `text` from session `session_key` of `agent` and requests its wake.
    Enqueue {
        site: String,
        #[serde(rename = "agentId")]
        agent: String,
        session_key: String,
        text: String,
    },
    /// The wake pending for `target` is handled now.
    FireWake { target: Target },
    /// The wake handler throws for `target`.
    HandlerThrows { target: Target },
    FinishRun {
        #[serde(rename = "agentId")]
        agent: String,
    },
    FailRun {
        #[serde(rename = "agentId")]
        agent: String,
        replied: bool,
    },
    /// The agent's interval timer expired.
    TimePasses {
        #[serde(rename = "agentId")]
        agent: String,
    },
    /// The agent's interval heartbeat runs, if due and free.
    IntervalTick {
        #[serde(rename = "agentId")]
        agent: String,
    },
    UserTurn {
        #[serde(rename = "agentId")]
        agent: String,
        session_key: String,
    },
    /// The cron reaper deletes a session and its descendants.
    Reap { session_key: String },
    #[serde(deserialize_with = "no_arguments")]
    Restart,
    /// The production timer path at the step's time: interval timers that passed expire, due
    /// wakes are handled, due and free agents run their interval heartbeat (SPEC §11).
    #[serde(deserialize_with = "no_arguments")]
    Tick,
}

impl Op {
    /// The `op` name on the wire (the serde tag; a unit test keeps the two equal).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Enqueue { .. } => "enqueue",
            Op::FireWake { .. } => "fire-wake",
            Op::HandlerThrows { .. } => "handler-throws",
            Op::FinishRun { .. } => "finish-run",
            Op::FailRun { .. } => "fail-run",
            Op::TimePasses { .. } => "time-passes",
            Op::IntervalTick { .. } => "interval-tick",
            Op::UserTurn { .. } => "user-turn",
            Op::Reap { .. } => "reap",
            Op::Restart => "restart",
            Op::Tick => "tick",
        }
    }

    /// The operation's arguments, by wire name: the body of its externally tagged form.
    fn arguments(&self) -> Result<Map<String, Value>, serde_json::Error> {
        let not_an_op = || <serde_json::Error as serde::ser::Error>::custom("not an operation");
        match serde_json::to_value(self)? {
            // A unit variant (`restart`, `tick`) is its bare name.
            Value::String(_) => Ok(Map::new()),
            // A struct variant is `{NAME: {ARGUMENTS}}`.
            Value::Object(tagged) => match tagged.into_iter().next() {
                Some((_, Value::Object(arguments))) => Ok(arguments),
                _ => Err(not_an_op()),
            },
            _ => Err(not_an_op()),
        }
    }
}

/// A unit operation's arguments: none at all.
fn no_arguments<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NoArguments {}
    NoArguments::deserialize(d).map(|_| ())
}

/// One configured agent of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AgentConfig {
    pub id: String,
    pub heartbeat: bool,
    /// Its last heartbeat ran 1 ms before `startMs` (event wakes are deferred until its
    /// interval expires); otherwise it never ran.
    pub ran_recently: bool,
    /// How its heartbeat is set up (SPEC H10 to H12), by its kebab-case name. Optional:
    /// absent is `interval`, so files written before settings existed read as they did, and
    /// an agent with the interval setting is written without it.
    #[serde(default, skip_serializing_if = "is_interval")]
    pub setting: HeartbeatSetting,
}

fn is_interval(setting: &HeartbeatSetting) -> bool {
    *setting == HeartbeatSetting::Interval
}

/// `session.scope` on the wire.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Scope", rename_all = "kebab-case")]
enum ScopeName {
    PerSender,
    Global,
}

/// The gateway a scenario runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScenarioConfig {
    #[serde(with = "ScopeName")]
    pub scope: Scope,
    /// `session.mainKey`, as given to the gateway (any spelling).
    pub main_key: String,
    /// `agents.list`, in order; the first is the default agent.
    #[serde(deserialize_with = "non_empty")]
    pub agents: Vec<AgentConfig>,
    #[serde(deserialize_with = "at_least_one")]
    pub interval_ms: u64,
    #[serde(deserialize_with = "at_least_one")]
    pub queue_cap: usize,
    /// The clock at the start.
    pub start_ms: u64,
}

/// What is observed after a step: the operation's outcome (`{"ok": …}` or `{"err": …}`), the
/// non-empty queues by key with their texts in FIFO order, the events surfaced by the step
/// (agent and text, in enqueue order), and the pending wakes' targets (by key order). Kept as
/// JSON, which `run` compares ([`matches`]); reading checks each part's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    #[serde(deserialize_with = "answer")]
    pub outcome: Value,
    #[serde(deserialize_with = "queues")]
    pub queues: Value,
    #[serde(deserialize_with = "surfaced")]
    pub surfaced: Value,
    #[serde(deserialize_with = "pending")]
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
}

/// `{"ok": VALUE}` or `{"err": MESSAGE}`: an outcome, or what a call must answer.
fn answer<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Expected::deserialize(d).map(|e| e.to_json())
}

/// Each queue key with its texts, oldest first; an empty queue is not listed.
fn queues<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    let queues = BTreeMap::<String, Vec<String>>::deserialize(d)?;
    if let Some((key, _)) = queues.iter().find(|(_, texts)| texts.is_empty()) {
        return Err(D::Error::custom(format!(
            "queue `{key}` is empty (only non-empty queues are listed)"
        )));
    }
    json_of(&queues)
}

/// An event a step surfaced.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Surfaced {
    agent: String,
    text: String,
}

fn surfaced<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    json_of(&Vec::<Surfaced>::deserialize(d)?)
}

fn pending<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    json_of(&Vec::<Target>::deserialize(d)?)
}

/// One step of a scenario: at time `at` (the clock is set to it first), apply `op`; then
/// `expect` must be observed. On the wire the operation's name and arguments are fields of the
/// step itself: `{"at": MS, "op": NAME, …arguments, "expect": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub at: u64,
    pub op: Op,
    pub expect: Observation,
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = self.op.arguments().map_err(S::Error::custom)?;
        m.insert("op".into(), Value::from(self.op.name()));
        m.insert("at".into(), Value::from(self.at));
        m.insert(
            "expect".into(),
            serde_json::to_value(&self.expect).map_err(S::Error::custom)?,
        );
        m.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Step, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            at: u64,
            op: String,
            expect: Observation,
            #[serde(flatten)]
            arguments: Map<String, Value>,
        }
        let Fields {
            at,
            op,
            expect,
            arguments,
        } = Fields::deserialize(d)?;
        // The operation's arguments, read as the externally tagged `Op`; the op's own fields
        // refuse unknown ones (a flattened struct cannot).
        let tagged = Value::Object(Map::from_iter([(op, Value::Object(arguments))]));
        let op = read(&tagged).map_err(|e| {
            // The tag is the step's `op`: serde calls it a variant.
            D::Error::custom(match e.strip_prefix("unknown variant") {
                Some(rest) => format!("unknown op{rest}"),
                None => e,
            })
        })?;
        Ok(Step { at, op, expect })
    }
}

/// Where a scenario came from (SPEC EV8): the properties its model path discovers and how its
/// steps divide into the model path, the drive to quiescence, and the timer coda. Every field
/// may be left out (empty, 0), and so may the whole object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "camelCase")]
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

/// A stateful scenario (the body of a `scenario` line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(deserialize_with = "non_blank")]
    pub id: String,
    #[serde(with = "profile_name")]
    pub profile: Profile,
    #[serde(default)]
    pub derivation: Derivation,
    pub config: ScenarioConfig,
    #[serde(deserialize_with = "non_empty")]
    pub steps: Vec<Step>,
}

impl Scenario {
    pub fn to_json(&self) -> Value {
        line_json(Kind::Scenario, self)
    }

    /// Time never goes back: each step's `at` is at least the previous one's, the first at
    /// least `startMs`.
    fn check_times(&self) -> Result<(), String> {
        let mut clock = self.config.start_ms;
        for (i, step) in self.steps.iter().enumerate() {
            if step.at < clock {
                return Err(format!(
                    "step {} ({}): `at` {} is before the previous time {clock} (time never goes back)",
                    i + 1,
                    step.op.name(),
                    step.at
                ));
            }
            clock = step.at;
        }
        Ok(())
    }
}

/// What a call must answer: `{"ok": VALUE}` or `{"err": PREFIX}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Expected {
    #[serde(rename = "ok")]
    Ok(Value),
    /// The error message must start with this.
    #[serde(rename = "err")]
    ErrPrefix(String),
}

impl<'de> Deserialize<'de> for Expected {
    /// Exactly one of the two fields. (A derived externally tagged enum reads the same forms,
    /// but says only "map with a single key" when there are two, and not which one is unknown.)
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Expected, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, expecting = "{\"ok\": VALUE} or {\"err\": TEXT}")]
        struct OkOrErr {
            #[serde(default, deserialize_with = "present")]
            ok: Option<Value>,
            #[serde(default, deserialize_with = "present")]
            err: Option<String>,
        }
        match OkOrErr::deserialize(d)? {
            OkOrErr {
                ok: Some(v),
                err: None,
            } => Ok(Expected::Ok(v)),
            OkOrErr {
                ok: None,
                err: Some(e),
            } => Ok(Expected::ErrPrefix(e)),
            _ => Err(D::Error::custom(
                "must be {\"ok\": VALUE} or {\"err\": TEXT}, exactly one of the two",
            )),
        }
    }
}

impl Expected {
    pub fn to_json(&self) -> Value {
        to_value(self)
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

/// A pure-function case (the body of a `call` line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub rule: String,
    #[serde(rename = "fn")]
    pub function: String,
    pub args: Vec<Value>,
    pub expected: Expected,
    #[serde(with = "profile_name")]
    pub profile: Profile,
    #[serde(default)]
    pub note: String,
    /// The hand-written vector it came from, `FILE:LINE`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub source: Option<String>,
}

impl Call {
    pub fn to_json(&self) -> Value {
        line_json(Kind::Call, self)
    }

    /// The request `eval` answers.
    pub fn request(&self) -> Value {
        serde_json::json!({ "fn": self.function, "args": self.args })
    }
}

/// The `format` field of a meta line: always [`FORMAT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormatName;

impl Serialize for FormatName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(FORMAT)
    }
}

impl<'de> Deserialize<'de> for FormatName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FormatName, D::Error> {
        let given = String::deserialize(d)?;
        if given == FORMAT {
            Ok(FormatName)
        } else {
            Err(D::Error::custom(format!(
                "must be {FORMAT:?}, got {given:?}"
            )))
        }
    }
}

/// The first line of an exported file (the body of a `meta` line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub format: FormatName,
    pub version: u64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "profile_name::optional"
    )]
    pub profile: Option<Profile>,
    /// How many call and scenario lines follow.
    pub calls: usize,
    pub scenarios: usize,
    /// How the scenarios were derived (informative).
    #[serde(default)]
    pub derivation: Value,
}

impl Meta {
    pub fn to_json(&self) -> Value {
        line_json(Kind::Meta, self)
    }
}

/// The `kind` of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Kind {
    Meta,
    Call,
    Scenario,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Meta, Kind::Call, Kind::Scenario];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Meta => "meta",
            Kind::Call => "call",
            Kind::Scenario => "scenario",
        }
    }
}

impl TryFrom<String> for Kind {
    type Error = String;

    fn try_from(name: String) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                format!("unknown kind `{name}`, expected one of `meta`, `call`, `scenario`")
            })
    }
}

/// One line of a vectors file: its `kind` and the body of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Meta(Meta),
    Call(Call),
    Scenario(Box<Scenario>),
}

/// A line whose kind and profile could be read, even if the rest is malformed: `run` skips
/// lines of other profiles before judging their contents, and refuses another format version
/// before judging the fields that version may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: Kind,
    pub profile: Option<Profile>,
    /// The scenario's id or the call's function, for reports.
    pub name: Option<String>,
    /// A meta line's `version`, when it is a number.
    pub version: Option<u64>,
}

/// Reads a line's `kind`, `profile`, name and version; other fields are not looked at.
pub fn parse_header(v: &Value) -> Result<Header, String> {
    #[derive(Deserialize)]
    struct Fields {
        kind: Kind,
        #[serde(default, with = "profile_name::optional")]
        profile: Option<Profile>,
        #[serde(default)]
        id: Value,
        #[serde(default, rename = "fn")]
        function: Value,
        #[serde(default)]
        version: Value,
    }
    if !v.is_object() {
        return Err(format!(
            "a line must be a JSON object, got {}",
            type_name(v)
        ));
    }
    let f: Fields = read(v)?;
    if f.profile.is_none() && f.kind != Kind::Meta {
        return Err("missing field `profile`".into());
    }
    let name = match f.kind {
        Kind::Scenario => f.id.as_str(),
        Kind::Call => f.function.as_str(),
        Kind::Meta => None,
    };
    Ok(Header {
        kind: f.kind,
        profile: f.profile,
        name: name.map(str::to_string),
        version: (f.kind == Kind::Meta).then(|| f.version.as_u64()).flatten(),
    })
}

/// Reads one line (already parsed as JSON): its header, then the body its `kind` names.
pub fn parse_line(v: &Value) -> Result<Line, String> {
    let header = parse_header(v)?;
    let mut body = v.as_object().cloned().unwrap_or_default();
    body.remove("kind");
    let body = Value::Object(body);
    Ok(match header.kind {
        Kind::Meta => Line::Meta(read(&body)?),
        Kind::Call => Line::Call(read(&body)?),
        Kind::Scenario => {
            let s: Scenario = read(&body)?;
            s.check_times()?;
            Line::Scenario(Box::new(s))
        }
    })
}

/// Which profiles a hand-written vector is for: `"*"`, a name, or a non-empty list of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profiles {
    All,
    Only(Vec<Profile>),
}

impl Profiles {
    pub fn includes(&self, p: Profile) -> bool {
        match self {
            Profiles::All => true,
            Profiles::Only(list) => list.contains(&p),
        }
    }

    /// The profiles, in [`Profile::ALL`] order for `"*"`, else as listed.
    pub fn list(&self) -> Vec<Profile> {
        match self {
            Profiles::All => Profile::ALL.to_vec(),
            Profiles::Only(list) => list.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for Profiles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Profiles, D::Error> {
        let names = match Value::deserialize(d)? {
            Value::String(s) if s == "*" => return Ok(Profiles::All),
            Value::String(s) => vec![s],
            Value::Array(items) if !items.is_empty() => items
                .into_iter()
                .map(|i| match i {
                    Value::String(s) => Ok(s),
                    other => Err(D::Error::custom(format!(
                        "profile list entries must be strings, got {}",
                        type_name(&other)
                    ))),
                })
                .collect::<Result<_, _>>()?,
            other => {
                return Err(D::Error::custom(format!(
                    "must be a profile name, a non-empty list of them, or \"*\", got {}",
                    type_name(&other)
                )));
            }
        };
        names
            .iter()
            .map(|n| n.parse::<Profile>().map_err(D::Error::custom))
            .collect::<Result<_, _>>()
            .map(Profiles::Only)
    }
}

/// A hand-written vector of `tests/vectors/*.jsonl` (SPEC appendix A, "Vector format"): a
/// call, its answer, the profiles it holds for, and why it matters.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    #[serde(deserialize_with = "non_blank")]
    pub rule: String,
    #[serde(rename = "fn", deserialize_with = "function_name")]
    pub function: String,
    pub args: Vec<Value>,
    pub expected: Expected,
    pub profile: Profiles,
    #[serde(deserialize_with = "non_blank")]
    pub note: String,
}

impl Vector {
    /// Reads one line of a vector file.
    pub fn parse(line: &str) -> Result<Vector, String> {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
        if !v.is_object() {
            return Err(format!(
                "a vector must be a JSON object, got {}",
                type_name(&v)
            ));
        }
        read(&v)
    }

    /// The vector as a call of profile `p`, from `source` (`FILE:LINE`).
    pub fn call(&self, p: Profile, source: &str) -> Call {
        Call {
            rule: self.rule.clone(),
            function: self.function.clone(),
            args: self.args.clone(),
            expected: self.expected.clone(),
            profile: p,
            note: self.note.clone(),
            source: Some(source.to_string()),
        }
    }
}

fn function_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if crate::eval::FUNCTION_NAMES.contains(&name.as_str()) {
        Ok(name)
    } else {
        Err(D::Error::custom(format!("unknown function `{name}`")))
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

// ------------------------------------------------------------------------------------------
// Reading and writing.

/// Reads `T` from a JSON value; an error says where: `step N (OP): ` for a scenario's step, then
/// the field's path (`` `config.agents[0].heartbeat`: ``), then serde's reason.
fn read<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path: Vec<&Segment> = e.path().iter().collect();
        let mut place = String::new();
        let mut field = &path[..];
        if let [Segment::Map { key }, Segment::Seq { index }, rest @ ..] = field
            && key == "steps"
        {
            place.push_str(&format!("step {}", index + 1));
            if let Some(op) = v["steps"][index]["op"].as_str() {
                place.push_str(&format!(" ({op})"));
            }
            place.push_str(": ");
            field = rest;
        }
        // An unknown field's own name is the last segment: the message names it already.
        let message = e.inner().to_string();
        if let [parent @ .., Segment::Map { key }] = field
            && message.starts_with(&format!("unknown field `{key}`"))
        {
            field = parent;
        }
        let field = path_text(field.iter().copied());
        if !field.is_empty() {
            place.push_str(&format!("`{field}`: "));
        }
        format!("{place}{message}")
    })
}

/// A path as `a.b[2].c`; enum variants (an operation's tag) are not fields and are left out.
fn path_text<'a>(segments: impl Iterator<Item = &'a Segment>) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Enum { .. } => {}
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

/// A line: the body's fields and its `kind`.
fn line_json<T: Serialize>(kind: Kind, body: &T) -> Value {
    let mut v = to_value(body);
    if let Value::Object(m) = &mut v {
        m.insert("kind".into(), Value::from(kind.name()));
    }
    v
}

/// The JSON of a value of this module: its serialisation cannot fail (string keys only, no
/// failing `Serialize`), so a failure is a bug here.
fn to_value<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).expect("the vector types serialise to JSON")
}

fn json_of<T: Serialize, E: serde::de::Error>(t: &T) -> Result<Value, E> {
    serde_json::to_value(t).map_err(E::custom)
}

fn type_name(v: &Value) -> &'static str {
    crate::eval::wire::type_name(Some(v))
}

/// An optional field that, when present, must be a `T` (JSON `null` is refused, not read as
/// absent).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

fn non_blank<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.trim().is_empty() {
        Err(D::Error::custom("must not be blank"))
    } else {
        Ok(s)
    }
}

fn non_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let v = Vec::<T>::deserialize(d)?;
    if v.is_empty() {
        Err(D::Error::custom("must be a non-empty array"))
    } else {
        Ok(v)
    }
}

fn at_least_one<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + PartialOrd + From<u8> + std::fmt::Display,
{
    let n = T::deserialize(d)?;
    if n < T::from(1) {
        Err(D::Error::custom(format!("must be at least 1, got {n}")))
    } else {
        Ok(n)
    }
}

/// A profile by name; an unknown name is refused with the list of valid ones.
mod profile_name {
    use heartbeat_model::Profile;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Profile, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Profile, D::Error> {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }

    pub mod optional {
        use heartbeat_model::Profile;
        use serde::{Deserializer, Serializer};

        pub fn serialize<S: Serializer>(p: &Option<Profile>, s: S) -> Result<S::Ok, S::Error> {
            match p {
                Some(p) => super::serialize(p, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Profile>, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}
