//! Arbitrary bytes as one `eval` input line, in every profile: exactly one `{"ok"}`/`{"err"}`
//! answer of bounded size, an error for anything that is not a JSON request, and the same answer
//! as the request path (SPEC EV1–EV5).
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // One line: the stream target covers newlines.
    let line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    checks::check_eval_line(line);
});
