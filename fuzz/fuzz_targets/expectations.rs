//! Arbitrary TOML text through the expectations loader (`model/expected.toml`'s format): the
//! entries, or an error with a non-empty message and a place inside the text; never a panic.
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        checks::check_expectations(src);
    }
});
