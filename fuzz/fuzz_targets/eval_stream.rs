//! Arbitrary byte streams through the JSON-lines reader behind `heartbeat-spec eval`: invalid
//! UTF-8, lone surrogate escapes, CRLF, empty lines, lines cut across reads. Exactly one answer
//! per input line (SPEC EV1, EV5). The first byte picks the read size.
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, stream)) = data.split_first() else {
        return;
    };
    checks::check_eval_stream(stream, 1 + usize::from(first % 64));
});
