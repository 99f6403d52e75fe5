//! heartbeat-vocab: the words the model and the implementation share.
//!
//! `heartbeat-model` (the oracle) and `heartbeat-routing` (the system under test) are compared by
//! the conformance tests, so neither may borrow the other's logic. What they must share is only
//! how things are named: the profiles ([`profile`]), the kinds of session an event comes from
//! ([`origin`]), the two behaviours of `session.scope` ([`scope`]), the heartbeat settings ([`heartbeat`]) and the decisions a test may
//! break on purpose ([`mutation`]), and the site table's schema with its parsing and validation
//! ([`site`]). Everything here is data and its parsing; a decision about
//! where an event goes or which wake it gets belongs to one side or the other, never here.

pub mod heartbeat;
pub mod mutation;
pub mod origin;
pub mod profile;
pub mod scope;
pub mod site;

pub use heartbeat::HeartbeatSetting;
pub use mutation::Mutation;
pub use origin::OriginKind;
pub use profile::{Profile, UnknownProfile};
pub use scope::Scope;
pub use site::SiteTable;
