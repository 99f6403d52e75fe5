//! `isUnscopedSessionKeySentinel` (2026.6+, rule K10): the keys that name no session of their own.

use crate::js;

/// `isUnscopedSessionKeySentinel(key)`: trimmed, lowercased `global` or `unknown`.
pub fn is_unscoped_session_key_sentinel(key: &str) -> bool {
    matches!(js::trim_lower(key).as_str(), "global" | "unknown")
}
