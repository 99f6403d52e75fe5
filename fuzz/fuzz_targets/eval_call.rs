//! Structured `eval` calls: a function name from SPEC appendix A's list (or an arbitrary one) with
//! arbitrary JSON arguments, in every profile, through the request path and the line path
//! (SPEC EV1–EV4). Input: one byte picking the function, then either a JSON array (the arguments,
//! as the seeds from `tests/vectors` give them) or bytes from which arguments are built (option
//! objects with the field names `eval` reads, session-key-like strings, `{"$undefined": true}`).
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use arbitrary::{Result, Unstructured};
use heartbeat_spec::eval::FUNCTION_NAMES;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

const KEYS: &[&str] = &[
    "session",
    "scope",
    "mainKey",
    "agents",
    "list",
    "id",
    "default",
    "channels",
    "agentId",
    "requestKey",
    "sessionKey",
    "reason",
    "source",
    "intent",
    "coalesceMs",
    "$undefined",
];
const WORDS: &[&str] = &[
    "agent:",
    "ops",
    "main",
    "global",
    "unknown",
    "work",
    "cron:",
    ":run:",
    "subagent:",
    "signal:group:",
    "matrix:channel:",
    ":thread:",
    "direct:",
    "exec-event",
    "HEARTBEAT_OK",
    "NO_REPLY",
    "Exec finished",
    "Exec completed (a, code 0)",
    "cron:",
    "hook:",
    "acp:spawn:",
    "session-state:",
    " ",
    ":",
    "\u{FEFF}",
    "\u{130}",
    "\u{212A}",
    "\u{17F}",
    "Σ",
];

fn string(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=6)? {
        if u.ratio(3, 4)? {
            s.push_str(u.choose(WORDS)?);
        } else {
            s.push_str(u.arbitrary::<&str>()?);
        }
    }
    Ok(s)
}

fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let leaf_only = depth >= 6;
    Ok(match u.int_in_range(0..=if leaf_only { 5 } else { 7 })? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        // Integers and halves survive a JSON text round trip exactly.
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(f64::from(u.arbitrary::<i16>()?) / 2.0),
        4 => json!({"$undefined": true}),
        5 => Value::String(string(u)?),
        6 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| value(u, depth + 1)).collect::<Result<_>>()?)
        }
        _ => {
            let mut m = Map::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let k = if u.ratio(4, 5)? {
                    (*u.choose(KEYS)?).to_string()
                } else {
                    string(u)?
                };
                m.insert(k, value(u, depth + 1)?);
            }
            Value::Object(m)
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let unknown;
    let name = match FUNCTION_NAMES.get(usize::from(pick) % (FUNCTION_NAMES.len() + 1)) {
        Some(name) => *name,
        None => {
            unknown = String::from_utf8_lossy(rest).into_owned();
            unknown.as_str()
        }
    };
    let args = match serde_json::from_slice::<Value>(rest) {
        Ok(Value::Array(args)) => args,
        _ => {
            let mut u = Unstructured::new(rest);
            let n = u.int_in_range(0..=5).unwrap_or(0);
            (0..n).map_while(|_| value(&mut u, 1).ok()).collect()
        }
    };
    checks::check_eval_call(name, &args);
});
