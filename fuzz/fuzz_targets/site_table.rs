//! Arbitrary TOML text through the site-table loader (SPEC §7): a table, or an error with a
//! non-empty message and a line:column inside the text; never a panic.
#![no_main]

#[path = "../../tests/hostile/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The CLI reads the file as UTF-8 text before the loader sees it.
    if let Ok(src) = std::str::from_utf8(data) {
        checks::check_site_table(src);
    }
});
