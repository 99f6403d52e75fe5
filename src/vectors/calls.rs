//! The pure-function cases of an export: the hand-written vectors of `tests/vectors/*.jsonl`,
//! embedded at compile time (so the binary exports from any directory), selected for one
//! profile and checked against our own `eval` before they are written (SPEC EV7).

use heartbeat_model::Profile;

use crate::eval::eval_request;
use crate::vectors::format::{Call, Expected, Vector};

/// The vector files, by name, in name order. `tests/conformance/vectors_export.rs` checks that this list
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

/// One hand-written vector as a call of profile `p`, if it applies to `p`. Every vector is read
/// in full, whichever profiles it names (SPEC appendix A: a malformed line is an error).
fn call_of(at: &str, line: &str, p: Profile) -> Result<Option<Call>, String> {
    let v = Vector::parse(line)?;
    Ok(v.profile.includes(p).then(|| v.call(p, at)))
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
