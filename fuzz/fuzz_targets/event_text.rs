//! Event texts and wake reasons: exec completions, cron events, heartbeat noise and
//! acknowledgements, wake-reason normalisation and classification (SPEC C1–C7).
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    checks::check_classification(&String::from_utf8_lossy(data));
});
