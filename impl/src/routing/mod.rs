//! Routing: from the session that produced an event to the queue a heartbeat peeks
//! (SPEC.md §3 and §4).

pub mod config;
pub mod delivery;
pub mod event_key;
pub mod exec_site;
pub mod heartbeat_runs;
pub mod heartbeat_session;
pub mod queue_key;
pub mod wake_options;
