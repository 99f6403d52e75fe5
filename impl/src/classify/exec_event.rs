//! `isExecCompletionEvent` (SPEC C1–C2). Identical in every generation.

use std::sync::LazyLock;

use regex::Regex;

use crate::classify::js_regex::js_regex;
use crate::js;

/// The structured completion text the background-exec site writes, anchored at both ends:
/// `Exec <completed|failed> (<id>, code N|signal S)[ :: <output>]`.
static STRUCTURED_COMPLETION: LazyLock<Regex> = LazyLock::new(|| {
    js_regex(
        r"^exec (completed|failed) \(([A-Za-z0-9_-]{1,64}), (code -?\d+|signal [^)]+)\)(?: :: ((?s:.*)))?$",
        true,
    )
});

/// The node exec-event text (`Exec finished (…` / `Exec finished: …`), tested lowercased.
static FINISHED: LazyLock<Regex> = LazyLock::new(|| js_regex(r"^exec finished(?::|\s*\()", false));

/// `isExecCompletionEvent(text)`: only leading whitespace is trimmed before the structured
/// match, so trailing whitespace outside `:: …` makes it fail.
pub fn is_exec_completion_event(text: &str) -> bool {
    let started = js::trim_start(text);
    FINISHED.is_match(&js::trim_lower(started)) || STRUCTURED_COMPLETION.is_match(started)
}
