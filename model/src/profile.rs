//! Profiles: the routing generations that heartbeat-spec knows. The vocabulary itself lives in
//! `heartbeat-vocab`, shared with the implementation; this path keeps the model's old name.

pub use heartbeat_vocab::profile::*;
