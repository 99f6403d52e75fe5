//! heartbeat-model: the abstract side of heartbeat-spec, the oracle.
//!
//! It holds the stateright model of enqueue, wake and heartbeat drain. The words it shares with
//! the concrete implementation (profiles, origins, scopes, mutation names, the site table's
//! schema) live in the crate `heartbeat-vocab`, data and parsing only, and are re-exported here
//! under their old paths (`profile`, `origin`, `mutation`, `site`, `config::Scope`). Neither side
//! depends on the other: conformance tests compare the two, so neither may borrow the other's
//! logic (SPEC CK6).
//!
//! Layout, in the order the dependencies point (each part uses only the ones above it):
//! - the vocabulary: `profile`, `origin`, `mutation` and `site` re-export heartbeat-vocab, `site`
//!   with what an entry means to the model (`WakeKind`, `SiteExt`, `WakeSpecExt`); `config` is
//!   the model's configurations, and `routing` the abstract routing of each profile;
//! - [`spec`]: the specification — `state` and `action`, the stateright model (`model`, read
//!   like stateright's two-phase-commit example), its set-up (`setup`) and its invariants and
//!   witnesses (`properties`); it knows nothing of how it is searched;
//! - [`reduction`]: the reduced search (SPEC D5) as a model that wraps the plain one, with
//!   retirement and symmetry (D2);
//! - [`checker`]: running stateright on either (budgets, coverage, cancellation, verdicts,
//!   shortest traces, simulation, the sweep and its expectations, memory probing) and showing
//!   states to people (`display`, the Explorer's `explorer_view`).
//!
//! [`lift`] lets a wrapping model hand stateright its own properties. The old paths
//! (`heartbeat_model::state`, `::verify`, `::display`, ...) are re-exported.

pub mod checker;
pub mod config;
pub mod lift;
pub mod mutation;
pub mod origin;
pub mod profile;
pub mod reduction;
pub mod routing;
pub mod site;
pub mod spec;

pub use checker as verify;
pub use checker::{display, explorer_view};
pub use reduction::symmetry;
pub use spec::{action, model, properties, setup, state};

pub use config::{Config, MainKey, Scope};
pub use origin::OriginKind;
pub use profile::{Profile, UnknownProfile};
pub use site::SiteTable;
pub use spec::action::Action;
pub use spec::setup::RoutingModel;
pub use spec::state::State;
