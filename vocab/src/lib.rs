//! heartbeat-vocab: the words the model and the implementation share.
//!
//! `heartbeat-model` (the oracle) and `heartbeat-routing` (the system under test) are compared by
//! the conformance tests, so neither may borrow the other's logic. What they must
//! share is only how things are named: the profiles, and nothing else yet. Everything here is
//! data and its parsing; a decision about where an event goes or which wake it gets belongs to
//! one side or the other, never here.

pub mod profile;

pub use profile::{Profile, UnknownProfile};
