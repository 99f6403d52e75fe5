//! The concrete runtime of one profile: the system-event queue, the wake scheduler, the
//! heartbeat runner and the enqueue sites, tied together by a [`Gateway`] (SPEC §11).
//!
//! No global state: everything lives in a gateway, and time comes from an injected [`Clock`].
//! Where the model abstracts time (an agent's guard is `never ran`, `ran recently` or `due`),
//! the runtime keeps real timestamps and timers; where the model speaks of abstract sessions,
//! the runtime routes real key strings through the profile's pure functions (`routing`).
//!
//! - [`clock`]: `Clock`, `ManualClock`, `SystemClock`.
//! - [`event`]: a queued event and its provenance.
//! - [`queue`]: the queue of the release (keys, cap, duplicate rules, peek/consume/drain).
//! - [`wake`]: the wake scheduler (targets, merge, coalescing, retry and guard timers).
//! - [`runner`]: heartbeat state, session and queue resolution, inspection, runs.
//! - [`sites`]: the site table's sites as adapters over the routing functions.
//! - [`ledger`]: every event's fate and surfacings (the observer's record).
//! - [`rules`]: what the runtime does differently per profile.
//! - [`ops`]: operations, outcomes, journal.
//! - [`options`]: how to build a gateway.
//! - [`state`]: the meaning of each operation.
//! - [`gateway`]: the `Send + Sync` gateway.

pub mod clock;
pub mod error;
pub mod event;
pub mod gateway;
pub mod ledger;
pub mod ops;
pub mod options;
pub mod queue;
pub mod rules;
pub mod runner;
pub mod sites;
pub mod state;
pub mod wake;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::GatewayError;
pub use gateway::{Gateway, GatewayLock, StdLock, TickReport};
pub use ops::{Operation, Outcome};
pub use options::{AgentOptions, GatewayOptions};
pub use state::GatewayState;
