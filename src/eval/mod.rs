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
