//! The unit tests of `heartbeat_routing::classify::silent_reply`
//! (`impl/src/classify/silent_reply.rs`), kept out of the library so that `cargo test` compiles it
//! once.

use heartbeat_routing::classify::js_regex::js_regex;
use heartbeat_routing::classify::silent_reply::*;
use heartbeat_routing::js;
use regex::Regex;
use std::sync::LazyLock;

/// C4: acknowledgement forms, as observed on the 2026.9.6 build (`isHeartbeatAcknowledgementText(t, 0)`).
#[test]
fn c4_acknowledgement_forms() {
    for t in [
        "NO_REPLY",
        " no_reply ",
        "NO_REPLY NO_REPLY",
        "...NO_REPLY!",
        "\"NO_REPLY\"",
        "{\"action\": \" NO_REPLY \"}",
        "HEARTBEAT_OK",
        "<b>HEARTBEAT_OK</b>",
    ] {
        assert_eq!(is_heartbeat_acknowledgement(t), Ok(true), "{t:?}");
    }
    for t in [
        "**HEARTBEAT_OK**",
        "HEARTBEAT_OK HEARTBEAT_OK!!",
        "Done. HEARTBEAT_OK",
        "NO_REPLY please",
        "{\"action\":\"NO_REPLY\",\"x\":1}",
        "HEARTBEAT_OK_",
        "`HEARTBEAT_OK`",
        "HEARTBEAT_OK.....",
        "*HEARTBEAT_OK",
        "<i>x</i>HEARTBEAT_OK",
    ] {
        assert_eq!(is_heartbeat_acknowledgement(t), Ok(false), "{t:?}");
    }
    assert!(is_heartbeat_acknowledgement("<think>x</think> NO_REPLY").is_err());
}

// The oracle's own copies of the module's private token and whitespace pattern.
const HEARTBEAT_TOKEN: &str = "HEARTBEAT_OK";
static WHITESPACE_RUN: LazyLock<Regex> = LazyLock::new(|| js_regex(r"\s+", false));

/// The token stripping as upstream writes it (a new string every round): quadratic, kept
/// here as the oracle of the linear version.
fn strip_as_upstream(raw: &str) -> (String, bool) {
    let mut text = js::trim(raw).to_string();
    if text.is_empty() || !text.contains(HEARTBEAT_TOKEN) {
        return (text, false);
    }
    let mut stripped = false;
    loop {
        let next = js::trim(&text).to_string();
        if let Some(after) = next.strip_prefix(HEARTBEAT_TOKEN) {
            text = js::trim_start(after).to_string();
            stripped = true;
            continue;
        }
        let Some(at) = next.rfind(HEARTBEAT_TOKEN) else {
            break;
        };
        let tail = &next[at + HEARTBEAT_TOKEN.len()..];
        if !(tail
            .chars()
            .all(|c| !(c.is_ascii_alphanumeric() || c == '_'))
            && tail.encode_utf16().count() <= 4)
        {
            break;
        }
        let before = js::trim_end(&next[..at]);
        text = if before.is_empty() {
            String::new()
        } else {
            js::trim_end(&format!("{before}{}", js::trim_start(tail))).to_string()
        };
        stripped = true;
    }
    let collapsed = WHITESPACE_RUN.replace_all(&text, " ");
    (js::trim(&collapsed).to_string(), stripped)
}

/// C4: the linear token stripping answers exactly as upstream's loop, on every text of up
/// to five pieces (tokens, whitespace, punctuation, words, non-ASCII).
#[test]
fn c4_linear_token_stripping_matches_upstreams_loop() {
    const PIECES: &[&str] = &[
        "HEARTBEAT_OK",
        " ",
        "!",
        "x",
        "..",
        "\u{3000}",
        "\u{1F600}",
        "_",
    ];
    let mut texts = vec![String::new()];
    for _ in 0..5 {
        let longer: Vec<String> = texts
            .iter()
            .flat_map(|t| PIECES.iter().map(move |p| format!("{t}{p}")))
            .collect();
        texts.extend(longer);
        texts.dedup();
    }
    for t in &texts {
        assert_eq!(
            strip_heartbeat_token_at_edges(t),
            strip_as_upstream(t),
            "{t:?}"
        );
    }
}
