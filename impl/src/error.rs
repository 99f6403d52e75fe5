//! Errors are values: an upstream `throw` becomes [`RoutingError::Thrown`] with upstream's exact
//! message, a function the profile's release lacks becomes [`RoutingError::Unavailable`].

use heartbeat_vocab::Profile;

/// The messages upstream throws from the functions this crate implements, verbatim, so that the
/// `eval` interface can be compared with the real builds by message prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamThrow {
    /// `resolveSystemEventQueueKey` / the ≤ 2026.5.12 queue on a blank key.
    #[error("system events require a sessionKey")]
    MissingSessionKey,
    /// The 2026.9.6 queue itself, when a key does not parse as an agent key.
    #[error("system events require an agent-qualified sessionKey")]
    NotAgentQualified,
    /// 2026.9.6 `resolveAgentIdFromSessionKey` on an unparseable key without a default.
    #[error(
        "Session key does not contain an agent id; resolve it with the configured default agent."
    )]
    NoAgentId,
    /// 2026.9.6 `resolveAgentIdFromSessionKey` on a key that starts with `agent:` but does not parse.
    #[error("Malformed agent session key; refusing default-agent resolution.")]
    MalformedAgentKey,
    /// 2026.9.6 `resolveSystemEventQueueKey` when the given owner is not the key's agent.
    #[error("System event owner does not match its session key.")]
    OwnerMismatch,
}

/// Everything a routing function can answer instead of a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    /// The function does not exist in the profile's release (never a guess at what it would do).
    #[error("unavailable in {profile}: {function}")]
    Unavailable {
        /// The profile that was asked.
        profile: Profile,
        /// Upstream's camelCase name of the function.
        function: &'static str,
    },
    /// Upstream throws here; the message is upstream's.
    #[error("{0}")]
    Thrown(#[from] UpstreamThrow),
    /// An input this implementation deliberately does not model (it says which), rather than
    /// answering something upstream might not.
    #[error("not modelled: {0}")]
    NotModelled(&'static str),
}

/// Shorthand for results of this crate.
pub type RoutingResult<T> = Result<T, RoutingError>;
