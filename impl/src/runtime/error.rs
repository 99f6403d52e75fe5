//! What a gateway operation can answer instead of doing its work.

use crate::error::RoutingError;

/// An operation the gateway refused, or a routing function that threw on the way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// A routing function answered an error (an upstream throw, usually).
    #[error(transparent)]
    Routing(#[from] RoutingError),
    /// No site of that name in the gateway's site table.
    #[error("unknown site `{0}`")]
    UnknownSite(String),
    /// No configured agent of that id.
    #[error("unknown agent `{0}`")]
    UnknownAgent(String),
    /// The session was deleted by the cron reaper: nothing runs in it any more.
    #[error("session `{0}` was reaped")]
    SessionReaped(String),
    /// Upstream (2026.8+): `replace` needs a context key.
    #[error("replaced system events require a contextKey")]
    ReplaceNeedsContextKey,
    /// Invalid gateway options.
    #[error("invalid gateway options: {0}")]
    Options(String),
}
