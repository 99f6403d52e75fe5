//! Session keys through the routing functions of every profile: event key, wake options,
//! heartbeat session, queue key and the exec site with the runs its wake causes (SPEC E6/E7,
//! W6/W7, H1–H8, Q1–Q6, T1/T2). Input as `session_key`: key, agent id, main key split at U+0001.
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (key, other, main_key) = checks::split3(&text);
    checks::check_routing(key, other, main_key);
});
