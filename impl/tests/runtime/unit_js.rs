//! The unit tests of `heartbeat_routing::js` (`impl/src/js.rs`), kept out of the library so that
//! `cargo test` compiles it once.

use heartbeat_routing::js::*;

#[test]
fn trim_uses_the_ecmascript_whitespace_set() {
    assert_eq!(trim("\u{FEFF} a \u{3000}"), "a");
    // U+0085 (NEL) is whitespace for Rust but not for JavaScript.
    assert_eq!(trim("\u{0085}a"), "\u{0085}a");
    assert_eq!(trim_start("  a  "), "a  ");
    assert_eq!(trim_end("  a  "), "  a");
}

#[test]
fn utf16_offsets_map_to_byte_offsets() {
    let s = "a\u{1F600}b";
    assert_eq!(utf16_to_byte(s, 0), 0);
    assert_eq!(utf16_to_byte(s, 1), 1);
    assert_eq!(utf16_to_byte(s, 2), 1); // inside the surrogate pair: floored
    assert_eq!(utf16_to_byte(s, 3), 5);
    assert_eq!(utf16_to_byte(s, 99), 6);
}
