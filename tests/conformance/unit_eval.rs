//! The unit tests of `heartbeat_spec::eval` (`src/eval/mod.rs`), kept out of the library so that
//! `cargo test` compiles it once.

use heartbeat_model::Profile;
use heartbeat_spec::eval::*;
use serde_json::{Value, json};

const P: Profile = Profile::Openclaw2026_5_12;

/// EV4 and EV5: bad lines and unknown functions answer errors that say what is wrong.
#[test]
fn bad_lines_answer_errors_that_say_what_is_wrong() {
    let err = |line: &[u8]| {
        let out: Value = serde_json::from_str(&eval_line(P, line)).unwrap();
        out["err"].as_str().unwrap().to_string()
    };
    assert!(err(b"").starts_with("empty input line"));
    assert!(err(b"  \t").starts_with("blank input line"));
    assert!(err(b"\xff\xfe").contains("not valid UTF-8"));
    assert!(err(br#"{"fn":"normalizeAgentId","args":["\ud800"]}"#).contains("surrogate"));
    assert!(err(b"{").starts_with("invalid JSON"));
    assert!(err(br#"{"fn":"normalizeAgentId","args":["\udc00x"]}"#).contains("\\udc00"));
    // A proper pair is fine, and an escaped backslash is not an escape.
    assert!(
        eval_line(
            P,
            br#"{"fn":"normalizeAgentId","args":["\ud83d\ude00\\ud800"]}"#
        )
        .starts_with(r#"{"ok""#)
    );
    assert_eq!(err(br#"{"fn":"nope","args":[]}"#), "unknown function: nope");
    // EV3: a non-string where upstream calls a string method on it is refused by name.
    assert!(
        err(br#"{"fn":"isCronSystemEvent","args":[5]}"#)
            .starts_with("argument 1 (evt): expected a string, got number")
    );
    assert!(err(br#"{"fn":"isCronSessionKey"}"#).contains("\"args\""));
    assert!(err(b"[1]").contains("got array"));
}

/// EV3: `undefined` and `null` answer what upstream answers: a value where upstream reads
/// them as absent, the engine's `TypeError` verbatim where it dereferences them.
#[test]
fn nullish_arguments_answer_like_upstream() {
    let line = |l: &str| eval_line(P, l.as_bytes());
    assert_eq!(
        line(r#"{"fn":"isCronSessionKey","args":[]}"#),
        r#"{"ok":false}"#
    );
    assert_eq!(
        line(r#"{"fn":"parseAgentSessionKey","args":[null]}"#),
        r#"{"ok":null}"#
    );
    assert_eq!(
        line(r#"{"fn":"resolveEventSessionKey","args":[{"$undefined":true}]}"#),
        r#"{"ok":{"$undefined":true}}"#
    );
    assert_eq!(
        line(r#"{"fn":"isCronSystemEvent","args":[null]}"#),
        r#"{"err":"Cannot read properties of null (reading 'trim')"}"#
    );
    assert_eq!(
        line(r#"{"fn":"resolveHeartbeatSession","args":[{},"ops"]}"#),
        r#"{"ok":{"sessionKey":"agent:ops:main","suppressOriginatingContext":false}}"#
    );
}

/// EV2: `{"$undefined": true}` both ways; undefined option values are left out.
#[test]
fn undefined_round_trips() {
    let out = eval_line(
        P,
        br#"{"fn":"inferHeartbeatWakeSourceFromReason","args":[{"$undefined":true}]}"#,
    );
    assert_eq!(out, r#"{"ok":{"$undefined":true}}"#);
    let out = eval_line(
        P,
        br#"{"fn":"scopedHeartbeatWakeOptions","args":["global",{"a":{"$undefined":true},"b":1}]}"#,
    );
    assert_eq!(out, r#"{"ok":{"b":1}}"#);
}

/// EV1 and EV4: every function name of SPEC.md §6 is dispatched in every profile.
#[test]
fn every_listed_function_is_dispatched() {
    for name in FUNCTION_NAMES {
        for p in Profile::ALL {
            let out = eval_request(p, &json!({"fn": name, "args": []}));
            assert_ne!(out, Err(format!("unknown function: {name}")));
        }
    }
}
