//! heartbeat-model: the abstract side of heartbeat-spec.
//!
//! It owns the vocabulary every other part speaks (profiles, configurations, origins, sites)
//! and the stateright model of enqueue, wake and heartbeat drain. It does not depend on the
//! concrete implementation: conformance tests compare the two, so neither may borrow the
//! other's logic.
//!
//! Layout: `profile`, `config`, `origin` and `site` are the vocabulary; `routing` is the
//! abstract routing of each profile; `state` and `action` are the state machine's types;
//! `model` is the stateright `Model` (with `retirement`, part of its partial-order reduction);
//! `properties` holds its invariants and witnesses;
//! `display` renders states for people.

pub mod action;
pub mod config;
pub mod display;
pub mod explorer_view;
pub mod lift;
pub mod model;
pub mod mutation;
pub mod origin;
pub mod profile;
pub mod properties;
pub mod reduction;
pub mod routing;
pub mod setup;
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
