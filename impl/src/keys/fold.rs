//! Case folding of session keys. P1 lowercases everything; from P2 on upstream's
//! `normalizeSessionKeyPreservingOpaquePeerIds` keeps provider-owned opaque ids in their case,
//! because Signal group ids and Matrix room ids are case-sensitive on the provider side.

use std::sync::LazyLock;

use regex::Regex;

use crate::js;

/// `(^|:)signal:group:<id>`, ASCII case-insensitive like a JavaScript `/i` regex without `u`.
static SIGNAL_GROUP_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|:)(?i-u:signal:group:)([^:]+)").expect("valid regex"));

/// The prefix of a Matrix room key, up to the start of the room tail.
static MATRIX_ROOM_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:(?i-u:agent):[^:]*:)+:*)?(?i-u:matrix):(?i-u:channel|group):")
        .expect("valid regex")
});

struct Span {
    start: usize,
    end: usize,
    trim: bool,
}

/// Byte spans of `raw` whose case must be kept (Signal group ids trimmed, Matrix tails verbatim).
fn case_preserved_spans(raw: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = SIGNAL_GROUP_ID
        .captures_iter(raw)
        .filter_map(|c| c.get(1))
        .map(|m| Span {
            start: m.start(),
            end: m.end(),
            trim: true,
        })
        .collect();
    let Some(prefix) = MATRIX_ROOM_PREFIX.find(raw) else {
        return spans;
    };
    if prefix.end() >= raw.len() {
        return spans;
    }
    let tail_start = prefix.end();
    let tail = &raw[tail_start..];
    // Upstream finds the marker in the lowercased tail (UTF-16 index) and slices the raw tail
    // with it; mapping through UTF-16 keeps that behaviour when lowercasing changes lengths.
    let lowered: Vec<u16> = js::lower(tail).encode_utf16().collect();
    let marker: Vec<u16> = ":thread:".encode_utf16().collect();
    let marker_at = (0..lowered.len().saturating_sub(marker.len() - 1))
        .rev()
        .find(|&i| lowered[i..i + marker.len()] == marker[..]);
    match marker_at {
        None => spans.push(Span {
            start: tail_start,
            end: raw.len(),
            trim: false,
        }),
        Some(at16) => {
            let end = tail_start + js::utf16_to_byte(tail, at16);
            spans.push(Span {
                start: tail_start,
                end,
                trim: false,
            });
            let thread_start = tail_start + js::utf16_to_byte(tail, at16 + marker.len());
            if thread_start < raw.len() {
                spans.push(Span {
                    start: thread_start,
                    end: raw.len(),
                    trim: false,
                });
            }
        }
    }
    spans
}

/// P2+ folding: trim, lowercase, but keep Signal group ids and Matrix room tails as given.
pub fn fold_preserving_opaque_peer_ids(key: &str) -> String {
    let raw = js::trim(key);
    if raw.is_empty() {
        return String::new();
    }
    let folded = js::lower(raw);
    if !folded.contains("signal:") && !folded.contains("matrix:") {
        return folded;
    }
    let mut spans: Vec<Span> = case_preserved_spans(raw)
        .into_iter()
        .filter(|s| s.end > s.start)
        .collect();
    spans.sort_by_key(|s| s.start); // stable, like `toSorted`
    let mut out = String::with_capacity(raw.len());
    let mut cursor = 0;
    for span in spans {
        if span.start < cursor {
            continue;
        }
        // Upstream trims each folded piece too (normalizeLowercaseStringOrEmpty).
        out.push_str(&js::trim_lower(&raw[cursor..span.start]));
        let kept = &raw[span.start..span.end];
        out.push_str(if span.trim { js::trim(kept) } else { kept });
        cursor = span.end;
    }
    out.push_str(&js::trim_lower(&raw[cursor..]));
    out
}
