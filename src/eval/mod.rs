//! `eval`: call the routing functions of a profile by upstream's name, over JSON lines.
//!
//! One request per line, `{"fn": NAME, "args": [...]}`; one answer per line, `{"ok": VALUE}` or
//! `{"err": MESSAGE}`. `{"$undefined": true}` stands for JavaScript `undefined` both ways. The
//! format is specified in SPEC.md appendix A; other implementations are compared through it.

mod args;
mod config;
mod functions;
pub mod generate;
mod stream;
pub mod wire;

use heartbeat_model::Profile;
use serde_json::{Value, json};

pub use functions::FUNCTION_NAMES;
pub use stream::{StreamEnd, eval_stream};

/// Evaluate one request object (extra fields such as a vector's `expected` are ignored).
/// `Ok` holds the wire value of the result, `Err` the error message.
pub fn eval_request(profile: Profile, request: &Value) -> Result<Value, String> {
    let Value::Object(obj) = request else {
        return Err(format!(
            "request must be a JSON object {{\"fn\": NAME, \"args\": [...]}}, got {}",
            wire::type_name(Some(request))
        ));
    };
    let name = match obj.get("fn") {
        Some(Value::String(s)) => s.as_str(),
        other => {
            return Err(format!(
                "request field \"fn\": expected a string naming a function, got {}",
                wire::type_name(other)
            ));
        }
    };
    let args = match obj.get("args") {
        Some(Value::Array(a)) => a.as_slice(),
        other => {
            return Err(format!(
                "request field \"args\": expected an array of arguments, got {}",
                wire::type_name(other)
            ));
        }
    };
    functions::call(profile, name, &args::Args::new(args))
}

/// Evaluate one input line (without its newline) to one output line (without a newline).
/// Never panics: every problem with the line is an `{"err": …}` answer.
pub fn eval_line(profile: Profile, line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let outcome = match std::str::from_utf8(line) {
        _ if line.is_empty() => Err(
            "empty input line: expected a JSON object {\"fn\": NAME, \"args\": [...]}".to_string(),
        ),
        Err(e) => Err(format!(
            "input line is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        )),
        Ok(text) if text.trim().is_empty() => Err(
            "blank input line (whitespace only): expected a JSON object {\"fn\": NAME, \"args\": [...]}"
                .to_string(),
        ),
        Ok(text) => match serde_json::from_str::<Value>(text) {
            Ok(request) => eval_request(profile, &request),
            Err(e) => Err(match lone_surrogate_escape(text) {
                Some(escape) => format!(
                    "invalid JSON: lone surrogate escape {escape} (JSON text must be valid Unicode; JavaScript strings may hold lone surrogates, this interface cannot): {e}"
                ),
                None => format!("invalid JSON: {e}"),
            }),
        },
    };
    let answer = match outcome {
        Ok(value) => json!({ "ok": value }),
        Err(message) => json!({ "err": message }),
    };
    answer.to_string()
}

/// The first `\uD800`–`\uDFFF` escape in `text` that is not part of a surrogate pair.
fn lone_surrogate_escape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let hex_at = |i: usize| -> Option<u16> {
        let digits = text.get(i..i + 4)?;
        u16::from_str_radix(digits, 16).ok()
    };
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes[i + 1] != b'u' {
            i += 2; // `\\`, `\"`, …: skip the escaped character
            continue;
        }
        let Some(unit) = hex_at(i + 2) else {
            i += 2;
            continue;
        };
        let pair = (0xD800..0xDC00).contains(&unit)
            && text.get(i + 6..i + 8) == Some("\\u")
            && hex_at(i + 8).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if pair {
            i += 12;
        } else if (0xD800..0xE000).contains(&unit) {
            return Some(format!("\\u{unit:04x}"));
        } else {
            i += 6;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
