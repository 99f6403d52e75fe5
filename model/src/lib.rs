//! heartbeat-model: the abstract side of heartbeat-spec, the oracle.
//!
//! It holds the stateright model of enqueue, wake and heartbeat drain. The words it shares with
//! the concrete implementation (profiles, origins, scopes, mutation names, the site table's
//! schema) live in the crate `heartbeat-vocab`, data and parsing only, and are re-exported here
//! under their old paths (`profile`, `origin`, `mutation`, `site`, `config::Scope`). Neither side
//! depends on the other: conformance tests compare the two, so neither may borrow the other's
//! logic (SPEC CK6).
//!
//! Layout: `profile`, `origin`, `mutation` and `site` re-export the vocabulary, `site` with what
//! an entry means to the model (`WakeKind`, `SiteExt`, `WakeSpecExt`); `config` is the model's
//! configurations; `routing` is the abstract routing of each profile; `state` and `action` are
//! the state machine's types; `model` is the stateright `Model` (with `retirement`, part of its
//! partial-order reduction); `properties` holds its invariants and witnesses; `display` renders
//! states for people.

pub mod action;
pub mod config;
pub mod display;
pub mod explorer_view;
pub mod model;
pub mod mutation;
pub mod origin;
pub mod profile;
pub mod properties;
mod retirement;
pub mod routing;
pub mod site;
pub mod state;
pub mod symmetry;
pub mod verify;

pub use action::Action;
pub use config::{Config, MainKey, Scope};
pub use model::RoutingModel;
pub use origin::OriginKind;
pub use profile::{Profile, UnknownProfile};
pub use site::SiteTable;
pub use state::State;
