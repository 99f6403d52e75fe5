//! The unit tests of `heartbeat_routing::classify::js_regex` (`impl/src/classify/js_regex.rs`),
//! kept out of the library so that `cargo test` compiles it once.

use heartbeat_routing::classify::js_regex::*;

#[test]
fn ascii_case_insensitivity_excludes_unicode_folds() {
    let re = js_regex(r"^signal \d+\s*$", true);
    assert!(re.is_match("SIGNAL 9\u{FEFF}"));
    assert!(!re.is_match("\u{17F}ignal 9")); // ſ
    assert!(!re.is_match("signal ٣")); // Arabic-Indic digit
    assert!(!re.is_match("signal 9\u{85}"));
}
