//! Generated differential inputs for `eval` (SPEC EV3): `heartbeat-spec eval --generate N
//! --seed S` writes `N` request lines that `conformance/openclaw/diff-generated.sh` feeds to both
//! `heartbeat-spec eval` and the published builds.
//!
//! The calls are drawn from a small grammar of real session-key shapes (agent keys with cron,
//! run, subagent, channel and thread rests; legacy bare keys; the sentinels) put through
//! mutations upstream normalises or refuses (mixed case, ASCII and Unicode whitespace, empty
//! and doubled colons, non-ASCII characters), plus `undefined`, `null`, a missing trailing
//! argument, the empty string and whitespace-only strings in every argument position, and random
//! option objects (`cfg`, `heartbeat`, wake options, `params`). Every function of
//! [`FUNCTION_NAMES`] is called.
//!
//! The inputs stay inside what EV3 says `eval` answers exactly like upstream: strings and
//! `undefined`/`null` everywhere; other JSON values only where upstream reads the argument
//! through a `typeof` check or as an object with `?.` (so it cannot throw a source-text
//! `TypeError` or coerce). The generator is a pure function of `(n, seed)` (its own SplitMix64,
//! no dependency whose stream could change), so a failing call can be regenerated anywhere.

use serde_json::{Map, Value, json};

use super::functions::FUNCTION_NAMES;
use super::wire::undefined;

/// SplitMix64: tiny, fast, and fixed forever (the byte stream is part of the interface).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The nullish and blank forms every argument position is tried with.
pub const NULLISH_FORMS: [&str; 6] = [
    "undefined",
    "null",
    "missing",
    "empty",
    "whitespace",
    "unicode-whitespace",
];

const AGENT_IDS: &[&str] = &[
    "ops", "main", "research", "Ops", "OPS", "a-1", "x_y", "bad id!", "dm", "global", "é", "ß",
];
const CHANNEL_RESTS: &[&str] = &[
    "discord:direct:u1",
    "discord:dm:u1",
    "discord:group:g1",
    "telegram:direct:123",
    "slack:channel:C1",
    "signal:group:AbC=",
    "matrix:room:!Room:server",
    "whatsapp:direct:+15550001",
    "acp:session:s1",
    "hook:h1",
];
const LEGACY: &[&str] = &[
    "main",
    "global",
    "unknown",
    "cron:job",
    "cron:job:run:r1",
    "subagent:x",
    "discord:group:1",
    "dm-room",
    "work",
    "alerts",
];
const WHITESPACE: &[&str] = &[
    " ", "  ", "\t", "\n", "\u{00A0}", "\u{3000}", "\u{FEFF}", "\u{1680}", "\u{205F}", "\u{0085}",
    "\u{200B}",
];
// U+2028 and U+2029 are left out: the conformance runner's worker protocol is line-based and
// Node's readline splits a request at them (a runner limitation, not an eval one; vectors
// cover them).
/// Whitespace JavaScript's `trim` removes and ASCII-minded code may not.
const UNICODE_WHITESPACE: &[&str] = &[
    "\u{00A0}",
    "\u{3000}",
    "\u{FEFF}",
    "\u{1680}",
    "\u{205F}",
    "\u{3000}\u{00A0}",
];
const ODD_CHARS: &[&str] = &["İ", "Σ", "ſ", "K", "😀", "\u{0301}", "ǅ", "ﬀ"];
const MAIN_KEYS: &[&str] = &[
    "main", "work", "Work", " main ", "global", "alerts", "WORK", "a:b",
];
const SCOPES: &[&str] = &[
    "global",
    "per-sender",
    "Global",
    "per-channel-peer",
    "GLOBAL",
];
const REASONS: &[&str] = &[
    "exec-event",
    "cron:job",
    "cron:job:run:r1",
    "hook:gmail",
    "session-state:x",
    "interval",
    "manual",
    "requested",
    "wake",
    "acp:progress",
    "retry",
    "background-task",
    "Exec-Event",
];
const EVENTS: &[&str] = &[
    "Exec completed (abc12345, code 0)",
    "Exec failed (abc12345, code -1) :: boom",
    "Exec finished (node=n1, code 1)\nout",
    "exec finished: ok",
    "Exec running (x, code 0)",
    "HEARTBEAT_OK",
    "heartbeat_ok.",
    "**HEARTBEAT_OK**",
    "NO_REPLY",
    "Heartbeat poll 3",
    "the heartbeat wake fired",
    "Backup done",
    "Cron job finished: nightly",
    "Reminder: stand-up",
];
const WAKE_FIELDS: &[&str] = &[
    "reason",
    "source",
    "intent",
    "coalesceMs",
    "sessionKey",
    "agentId",
];

struct Gen {
    rng: Rng,
}

impl Gen {
    /// A nullish or blank value.
    fn nullish(&mut self) -> Value {
        match self.rng.below(5) {
            0 => undefined(),
            1 => Value::Null,
            2 => json!(""),
            3 => json!(self.rng.pick(&[" ", "   ", "\t", " \n "])),
            _ => json!(self.rng.pick(UNICODE_WHITESPACE)),
        }
    }

    fn whitespace(&mut self) -> String {
        (0..1 + self.rng.below(3))
            .map(|_| *self.rng.pick(WHITESPACE))
            .collect()
    }

    fn agent_id(&mut self) -> String {
        self.pick_mutated(AGENT_IDS)
    }

    /// The rest of an agent key (after `agent:<id>:`).
    fn rest(&mut self) -> String {
        let job = *self.rng.pick(&["job", "Nightly", "j:k", "j1"]);
        let run = *self.rng.pick(&["r1", "R2", "x"]);
        let mut rest = match self.rng.below(10) {
            0 => (*self.rng.pick(MAIN_KEYS)).to_string(),
            1 => format!("cron:{job}"),
            2 | 3 => format!("cron:{job}:run:{run}"),
            4 => format!(
                "cron:{job}:run:{run}:{}",
                self.rng.pick(&["subagent:w", "thread:t", "x", ""])
            ),
            5 => (*self
                .rng
                .pick(&["subagent:w", "subagent:a:subagent:b", "Subagent:X"]))
            .to_string(),
            6 | 7 => (*self.rng.pick(CHANNEL_RESTS)).to_string(),
            8 => format!("{}:thread:t1", self.rng.pick(CHANNEL_RESTS)),
            _ => (*self.rng.pick(&["", "main:", ":main", "x::y", "global"])).to_string(),
        };
        if self.rng.chance(1, 8) {
            rest = format!("{rest}:subagent:{}", self.rng.pick(&["w", "W", ""]));
        }
        rest
    }

    /// A session key: real shapes, then mutations.
    fn key_string(&mut self) -> String {
        let base = match self.rng.below(8) {
            0..=4 => {
                let head = *self
                    .rng
                    .pick(&["agent", "agent", "agent", "AGENT", "Agent"]);
                format!("{head}:{}:{}", self.agent_id(), self.rest())
            }
            5 => (*self.rng.pick(LEGACY)).to_string(),
            6 => format!("agent:{}", self.rng.pick(&["", "ops", ":", "ops:"])),
            _ => self.rest(),
        };
        self.mutate(base)
    }

    fn pick_mutated(&mut self, items: &[&str]) -> String {
        let s = (*self.rng.pick(items)).to_string();
        self.mutate(s)
    }

    /// Case, whitespace, colons and non-ASCII characters.
    fn mutate(&mut self, mut s: String) -> String {
        if self.rng.chance(1, 5) {
            s = match self.rng.below(3) {
                0 => s.to_uppercase(),
                1 => s.to_lowercase(),
                _ => s
                    .chars()
                    .map(|c| {
                        if self.rng.chance(1, 2) {
                            c.to_uppercase().collect::<String>()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect(),
            };
        }
        if self.rng.chance(1, 6) {
            s = format!("{}{s}", self.whitespace());
        }
        if self.rng.chance(1, 6) {
            s = format!("{s}{}", self.whitespace());
        }
        if self.rng.chance(1, 10) {
            let colons = *self.rng.pick(&[":", "::", ":::"]);
            s = match self.rng.below(3) {
                0 => format!("{colons}{s}"),
                1 => format!("{s}{colons}"),
                _ => s.replacen(':', colons, 1),
            };
        }
        if self.rng.chance(1, 10) {
            let at = self.rng.below(s.chars().count() + 1);
            let odd = *self.rng.pick(ODD_CHARS);
            s = s
                .chars()
                .take(at)
                .chain(odd.chars())
                .chain(s.chars().skip(at))
                .collect();
        }
        s
    }

    /// A session key argument: mostly a string, often nullish or blank.
    fn key(&mut self) -> Value {
        if self.rng.chance(1, 4) {
            self.nullish()
        } else {
            json!(self.key_string())
        }
    }

    /// A key upstream reads through `typeof`: any JSON value is fair.
    fn typeof_key(&mut self) -> Value {
        if self.rng.chance(1, 10) {
            self.any_non_string()
        } else {
            self.key()
        }
    }

    fn any_non_string(&mut self) -> Value {
        match self.rng.below(6) {
            0 => json!(self.rng.below(10)),
            1 => json!(self.rng.chance(1, 2)),
            2 => json!({}),
            3 => json!([]),
            4 => json!([self.key_string()]),
            _ => json!({"sessionKey": self.key_string()}),
        }
    }

    fn optional_string(&mut self, f: impl FnOnce(&mut Self) -> String) -> Value {
        if self.rng.chance(1, 3) {
            self.nullish()
        } else {
            json!(f(self))
        }
    }

    fn agent_arg(&mut self) -> Value {
        self.optional_string(Self::agent_id)
    }

    /// `mainKey` and `scope` are read through `typeof`: any value.
    fn loose(&mut self, values: &[&str]) -> Value {
        match self.rng.below(8) {
            0 | 1 => self.nullish(),
            2 => self.any_non_string(),
            _ => json!(self.pick_mutated(values)),
        }
    }

    fn reason(&mut self) -> Value {
        self.optional_string(|g| g.pick_mutated(REASONS))
    }

    fn event(&mut self) -> Value {
        self.optional_string(|g| g.pick_mutated(EVENTS))
    }

    fn wake_options(&mut self) -> Value {
        if self.rng.chance(1, 5) {
            return match self.rng.below(2) {
                0 => undefined(),
                _ => Value::Null,
            };
        }
        let mut m = Map::new();
        for field in WAKE_FIELDS {
            if self.rng.chance(1, 2) {
                let v = match *field {
                    "coalesceMs" => json!(self.rng.below(5000)),
                    "sessionKey" => self.key(),
                    "agentId" => self.agent_arg(),
                    "reason" => self.reason(),
                    _ => json!(self.rng.pick(&["exec-event", "event", "cron", "manual"])),
                };
                m.insert((*field).to_string(), v);
            }
        }
        Value::Object(m)
    }

    fn cfg(&mut self) -> Value {
        match self.rng.below(20) {
            0 => return undefined(),
            1 => return Value::Null,
            2 => return self.any_non_string(),
            _ => {}
        }
        let mut cfg = Map::new();
        if self.rng.chance(2, 3) {
            let mut session = Map::new();
            if self.rng.chance(2, 3) {
                session.insert("scope".into(), self.loose(SCOPES));
            }
            if self.rng.chance(1, 2) {
                session.insert("mainKey".into(), self.loose(MAIN_KEYS));
            }
            cfg.insert("session".into(), Value::Object(session));
        }
        if self.rng.chance(1, 2) {
            let list: Vec<Value> = (0..self.rng.below(4))
                .map(|_| {
                    let mut entry = Map::new();
                    if self.rng.chance(4, 5) {
                        entry.insert("id".into(), self.agent_arg());
                    }
                    if self.rng.chance(1, 2) {
                        let d = match self.rng.below(6) {
                            0 => undefined(),
                            1 => Value::Null,
                            2 => json!(1),
                            3 => json!(""),
                            _ => json!(self.rng.chance(1, 2)),
                        };
                        entry.insert("default".into(), d);
                    }
                    Value::Object(entry)
                })
                .collect();
            cfg.insert("agents".into(), json!({ "list": list }));
        }
        Value::Object(cfg)
    }

    fn heartbeat(&mut self) -> Value {
        match self.rng.below(6) {
            0 => undefined(),
            1 => Value::Null,
            2 => json!({}),
            3 => self.any_non_string(),
            _ => json!({ "session": self.key() }),
        }
    }

    fn params(&mut self, fields: &[&str]) -> Value {
        match self.rng.below(12) {
            0 => return undefined(),
            1 => return Value::Null,
            2 => return self.any_non_string(),
            _ => {}
        }
        let mut m = Map::new();
        for field in fields {
            if self.rng.chance(2, 3) {
                let v = match *field {
                    "agentId" => self.agent_arg(),
                    "requestKey" => self.key(),
                    _ => self.loose(MAIN_KEYS),
                };
                m.insert((*field).to_string(), v);
            }
        }
        Value::Object(m)
    }

    /// The arguments of one call of `name`.
    fn args(&mut self, name: &str) -> Vec<Value> {
        match name {
            "parseAgentSessionKey"
            | "isCronSessionKey"
            | "isCronRunSessionKey"
            | "isSubagentSessionKey"
            | "getSubagentDepth"
            | "isUnscopedSessionKeySentinel" => vec![self.typeof_key()],
            "classifySessionKeyShape" => vec![self.key()],
            "normalizeAgentId" | "isValidAgentId" => vec![self.agent_arg()],
            "normalizeMainKey" => vec![self.loose(MAIN_KEYS)],
            "buildAgentMainSessionKey" => vec![self.params(&["agentId", "mainKey"])],
            "toAgentStoreSessionKey" => vec![self.params(&["agentId", "requestKey", "mainKey"])],
            "resolveAgentIdFromSessionKey" => vec![self.key(), self.agent_arg()],
            "resolveEventSessionKey" => {
                vec![self.typeof_key(), self.loose(MAIN_KEYS), self.loose(SCOPES)]
            }
            "scopedHeartbeatWakeOptions" => vec![
                self.typeof_key(),
                self.wake_options(),
                self.loose(MAIN_KEYS),
                self.loose(SCOPES),
            ],
            "resolveHeartbeatSession" => {
                vec![self.cfg(), self.agent_arg(), self.heartbeat(), self.key()]
            }
            "resolveSystemEventQueueKey" => vec![
                self.key(),
                self.agent_arg(),
                self.loose(MAIN_KEYS),
                self.loose(SCOPES),
            ],
            "isExecCompletionEvent" | "isCronSystemEvent" => vec![self.event()],
            "resolveHeartbeatReasonKind" | "normalizeHeartbeatWakeReason" => vec![self.reason()],
            _ => vec![self.reason()], // inferHeartbeatWakeSourceFromReason
        }
    }
}

/// Rounds (of one call per function) that force the nullish forms: 6 forms × 4 positions.
const FORCED_ROUNDS: usize = NULLISH_FORMS.len() * 4;

/// The wire value of a nullish form; `None` for `missing` (the argument is left out).
fn nullish_form(form: &str) -> Option<Value> {
    match form {
        "undefined" => Some(undefined()),
        "null" => Some(Value::Null),
        "empty" => Some(json!("")),
        "whitespace" => Some(json!("  \t ")),
        "unicode-whitespace" => Some(json!("\u{3000}\u{FEFF}\u{00A0}")),
        _ => None,
    }
}

/// `n` request objects `{"fn": NAME, "args": [...]}` for `seed`. Functions are taken in turn
/// (call `i` is function `i mod 22`), so any `n ≥ 22` calls every function; the first 24
/// rounds put `undefined`, `null`, a missing argument, `""`, ASCII whitespace and Unicode
/// whitespace into argument positions 1–4 in turn (so `n ≥ 528` covers every form of every
/// position); later calls leave trailing arguments out at random (missing is `undefined`).
pub fn generate_calls(n: usize, seed: u64) -> Vec<Value> {
    let mut g = Gen {
        rng: Rng(seed ^ 0x6865_6172_7462_6561), // "heartbea"
    };
    (0..n)
        .map(|i| {
            let name = FUNCTION_NAMES[i % FUNCTION_NAMES.len()];
            let mut args = g.args(name);
            let round = i / FUNCTION_NAMES.len();
            if round < FORCED_ROUNDS {
                // The first rounds put each nullish form into each argument position in turn,
                // so that any N ≥ 22 × FORCED_ROUNDS covers them all whatever the seed.
                let position = round / NULLISH_FORMS.len();
                let form = NULLISH_FORMS[round % NULLISH_FORMS.len()];
                // Wake options are spread: a string there is outside EV3's domain (upstream
                // spreads its characters), so only undefined, null and missing go there.
                let spread = name == "scopedHeartbeatWakeOptions" && position == 1;
                let string_form = !matches!(form, "undefined" | "null" | "missing");
                if position < args.len() && !(spread && string_form) {
                    match nullish_form(form) {
                        Some(v) => args[position] = v,
                        None => args.truncate(position),
                    }
                }
            } else if g.rng.chance(1, 4) {
                // Drop trailing arguments: missing is undefined, upstream cannot tell.
                let keep = g.rng.below(args.len() + 1);
                args.truncate(keep);
            }
            json!({"fn": name, "args": args})
        })
        .collect()
}
