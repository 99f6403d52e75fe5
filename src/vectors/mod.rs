//! Conformance vectors for other implementations (SPEC appendix A.1): `vectors export` writes one
//! profile's pure-function cases and stateful scenarios as versioned JSON lines; `vectors run`
//! checks our own implementation against such a file.
//!
//! - [`format`]: the lines (meta, call, scenario), their operations and expectations.
//! - [`calls`]: the hand-written vectors, embedded, selected per profile and checked by eval.
//! - [`derive`]: scenarios from model paths, replayed in lockstep with the model.
//! - [`execute`]: a scenario's operations on a fresh gateway, observed in wire terms.
//! - [`export`] and [`run`]: the two commands' library halves.

pub mod calls;
pub mod derive;
pub mod execute;
pub mod export;
pub mod format;
pub mod run;

pub use export::{Export, ExportError, ExportOptions, Only, export};
pub use format::{FORMAT, VERSION};
pub use run::{RunError, RunReport, run};
