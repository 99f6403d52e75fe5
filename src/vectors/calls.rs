//! The pure-function cases of an export: the hand-written vectors of `tests/vectors/*.jsonl`,
//! embedded at compile time (so the binary exports from any directory), selected for one
//! profile and checked against our own `eval` before they are written (SPEC EV7).

use heartbeat_model::Profile;
use serde_json::Value;

use crate::eval::eval_request;
use crate::vectors::format::{Call, Expected};

/// The vector files, by name, in name order. `tests/vectors_export.rs` checks that this list
/// is exactly the directory's `*.jsonl` files, so a new file cannot be left out of exports.
pub const VECTOR_FILES: [(&str, &str); 11] = [
    (
        "classify.jsonl",
        include_str!("../../tests/vectors/classify.jsonl"),
    ),
    (
        "eval-interface.jsonl",
        include_str!("../../tests/vectors/eval-interface.jsonl"),
    ),
    (
        "eval-nullish.jsonl",
        include_str!("../../tests/vectors/eval-nullish.jsonl"),
    ),
    (
        "event-key.jsonl",
        include_str!("../../tests/vectors/event-key.jsonl"),
    ),
    (
        "heartbeat-session.jsonl",
        include_str!("../../tests/vectors/heartbeat-session.jsonl"),
    ),
    (
        "keys-parse.jsonl",
        include_str!("../../tests/vectors/keys-parse.jsonl"),
    ),
    (
        "keys-predicates.jsonl",
        include_str!("../../tests/vectors/keys-predicates.jsonl"),
    ),
    (
        "keys-store-owner.jsonl",
        include_str!("../../tests/vectors/keys-store-owner.jsonl"),
    ),
    (
        "normalize.jsonl",
        include_str!("../../tests/vectors/normalize.jsonl"),
    ),
    (
        "queue-key.jsonl",
        include_str!("../../tests/vectors/queue-key.jsonl"),
    ),
    (
        "wake-options.jsonl",
        include_str!("../../tests/vectors/wake-options.jsonl"),
    ),
];

/// A problem with the embedded vectors or with our answers to them. Any of these stops an
/// export: a vector we cannot read, or one our own eval does not meet, is never written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallProblem {
    /// `FILE:LINE`.
    pub at: String,
    pub what: String,
}

/// Does a hand-written vector's `profile` (`"*"`, a name, or a list of names) include `p`?
fn applies(profile: Option<&Value>, p: Profile) -> Result<bool, String> {
    let names: Vec<&str> = match profile {
        Some(Value::String(s)) if s == "*" => return Ok(true),
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|i| i.as_str().ok_or("profile list entries must be strings"))
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(
                "`profile` must be a profile name, a non-empty list of them, or \"*\"".into(),
            );
        }
    };
    let mut found = false;
    for n in names {
        found |= n.parse::<Profile>().map_err(|e| e.to_string())? == p;
    }
    Ok(found)
}

/// One hand-written vector as a call of profile `p`, if it applies to `p`.
fn call_of(at: &str, line: &str, p: Profile) -> Result<Option<Call>, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v.as_object().ok_or("a vector must be a JSON object")?;
    if !applies(obj.get("profile"), p)? {
        return Ok(None);
    }
    let text = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("`{k}` must be a string"))
    };
    Ok(Some(Call {
        rule: text("rule")?,
        function: text("fn")?,
        args: obj
            .get("args")
            .and_then(Value::as_array)
            .cloned()
            .ok_or("`args` must be an array")?,
        expected: Expected::parse(obj.get("expected"))?,
        profile: p,
        note: text("note")?,
        source: Some(at.to_string()),
    }))
}

/// Every embedded vector that applies to `p`, in file and line order, each checked against
/// `eval` for `p`. All problems are collected, not only the first.
pub fn calls_for(p: Profile) -> Result<Vec<Call>, Vec<CallProblem>> {
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    for (file, text) in VECTOR_FILES {
        for (i, line) in text.lines().enumerate() {
            let at = format!("{file}:{}", i + 1);
            match call_of(&at, line, p) {
                Ok(Some(call)) => match check(&call) {
                    Ok(()) => calls.push(call),
                    Err(what) => problems.push(CallProblem { at, what }),
                },
                Ok(None) => {}
                Err(what) => problems.push(CallProblem {
                    at,
                    what: format!("malformed vector: {what}"),
                }),
            }
        }
    }
    if problems.is_empty() {
        Ok(calls)
    } else {
        Err(problems)
    }
}

/// Checks a call against our own eval of its profile; the error says expected vs actual.
pub fn check(call: &Call) -> Result<(), String> {
    let actual = eval_request(call.profile, &call.request());
    if call.expected.matches(&actual) {
        return Ok(());
    }
    let want = match &call.expected {
        Expected::Ok(w) => format!("ok {w}"),
        Expected::ErrPrefix(w) => format!("err starting {w:?}"),
    };
    let got = match actual {
        Ok(g) => format!("ok {g}"),
        Err(e) => format!("err {e:?}"),
    };
    Err(format!(
        "{} (rule {}): expected {want}, got {got}",
        call.function, call.rule
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EV7: profile selection reads `"*"`, a name and a list; an unknown name is an error.
    #[test]
    fn profile_selection() {
        let p = Profile::Reference;
        assert_eq!(applies(Some(&Value::from("*")), p), Ok(true));
        assert_eq!(applies(Some(&Value::from("reference")), p), Ok(true));
        assert_eq!(
            applies(Some(&serde_json::json!(["openclaw-2026.5.7"])), p),
            Ok(false)
        );
        assert!(applies(Some(&Value::from("openclaw-2026.5.8")), p).is_err());
        assert!(applies(None, p).is_err());
    }

    /// EV7: a vector our eval does not meet is a problem naming the function and both answers.
    #[test]
    fn a_wrong_expectation_is_caught_before_export() {
        let line = r#"{"rule":"N1","fn":"normalizeAgentId","args":["Ops"],"expected":{"ok":"OPS"},"profile":"*","note":"wrong on purpose"}"#;
        let call = call_of("t.jsonl:1", line, Profile::Reference)
            .unwrap()
            .unwrap();
        let e = check(&call).unwrap_err();
        assert!(
            e.contains("normalizeAgentId") && e.contains("\"OPS\"") && e.contains("\"ops\""),
            "{e}"
        );
    }
}
