//! Session keys in every parser era: parse, classify, cron/subagent predicates, depth,
//! sentinels, normalisation, store key and owner (SPEC K1–K12, N1–N4). Input: UTF-8 text, up to
//! three fields split at U+0001 (key, agent id / default, main key); bad UTF-8 is replaced.
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (key, other, main_key) = checks::split3(&text);
    checks::check_session_key(key, other, main_key);
});
