//! Origins: the kinds of session an event can be produced in. The vocabulary itself lives in
//! `heartbeat-vocab`, shared with the implementation; this path keeps the model's old name.

pub use heartbeat_vocab::origin::*;
