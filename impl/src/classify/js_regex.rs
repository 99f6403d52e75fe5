//! Building Rust regexes that match exactly what a JavaScript regex literal with the `i` flag
//! and without `u` matches: letters fold in ASCII only (so `ſ` is not `s` and the Kelvin sign is
//! not `k`), `\s` is ECMAScript whitespace, `\d` and `\b` are ASCII.

/// ECMAScript `\s`, as the inside of a character class.
pub const JS_WHITESPACE_CLASS_BODY: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Translate a pattern in the small JavaScript subset used here. With `ascii_ci`, every ASCII
/// letter outside a class becomes a two-letter class (classes must list both cases themselves).
pub fn js_pattern(pattern: &str, ascii_ci: bool) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if in_class => out.push_str(JS_WHITESPACE_CLASS_BODY),
                Some('s') => {
                    out.push('[');
                    out.push_str(JS_WHITESPACE_CLASS_BODY);
                    out.push(']');
                }
                Some('d') => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                Some('b') => out.push_str(r"(?-u:\b)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            // Group flags such as `(?s:` are Rust syntax: copy them untranslated.
            '(' if !in_class && chars.as_str().starts_with('?') => {
                out.push('(');
                for f in chars.by_ref() {
                    out.push(f);
                    if f == ':' || f == ')' {
                        break;
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            c if ascii_ci && !in_class && c.is_ascii_alphabetic() => {
                out.push('[');
                out.push(c.to_ascii_lowercase());
                out.push(c.to_ascii_uppercase());
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// Compile a translated pattern (the patterns are constants of this crate).
pub fn js_regex(pattern: &str, ascii_ci: bool) -> regex::Regex {
    regex::Regex::new(&js_pattern(pattern, ascii_ci)).expect("a valid translated pattern")
}
