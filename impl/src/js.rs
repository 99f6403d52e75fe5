//! The few JavaScript string semantics upstream relies on, reproduced exactly: `trim` and
//! `trimStart` strip the ECMAScript WhiteSpace and LineTerminator set (which includes U+FEFF and
//! excludes U+0085, unlike Rust's `char::is_whitespace`), and `toLowerCase`.

/// True for the characters JavaScript's `String.prototype.trim` removes.
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{0020}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// JavaScript `s.trim()`.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// JavaScript `s.trimStart()`.
pub fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_js_whitespace)
}

/// JavaScript `s.trimEnd()`.
pub fn trim_end(s: &str) -> &str {
    s.trim_end_matches(is_js_whitespace)
}

/// JavaScript `s.toLowerCase()` (full Unicode lowercase mapping, final sigma included).
pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Upstream's `normalizeLowercaseStringOrEmpty` for a string: trim, then lowercase.
pub fn trim_lower(s: &str) -> String {
    lower(trim(s))
}

/// The byte offset in `s` of the UTF-16 code unit `index16` (clamped to the end, floored to a
/// character boundary when it falls inside a surrogate pair, where JavaScript would split it).
pub fn utf16_to_byte(s: &str, index16: usize) -> usize {
    let mut units = 0;
    for (byte, c) in s.char_indices() {
        if units >= index16 {
            return byte;
        }
        units += c.len_utf16();
        if units > index16 {
            return byte;
        }
    }
    s.len()
}
