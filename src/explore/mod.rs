//! `heartbeat-spec explore`: stateright's Explorer for one model, and links into it.
//!
//! - [`select`] turns the selection flags (the ones `check` takes, narrowed to one model) into
//!   a [`heartbeat_model::RoutingModel`], and a model back into those flags.
//! - [`link`] gives, for a counterexample (a search [`Path`](heartbeat_model::verify::search::Path)
//!   or a [`Trace`](heartbeat_model::verify::trace::Trace)), the Explorer URL that opens it step
//!   by step and the `heartbeat-spec explore ...` command line that serves the model.
//! - [`server`] starts the Explorer on a checked address and waits until it answers.
//!
//! The Explorer's page draws each state with `heartbeat_model::explorer_view`.

pub mod link;
pub mod select;
pub mod server;
