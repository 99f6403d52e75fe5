//! Across the crates: the runtime against the model (conformance, snapshots, teeth), hostile input,
//! the vectors, and SPEC.md's own consistency. One test binary, so a cold `cargo test` links it once.
//! The `unit_*` modules are the unit tests of the eval and vector modules they name
//! (`unit_vectors_format`: `src/vectors/format.rs`), here because the library has none.

mod boundary;
mod conformance_abstraction;
mod conformance_divergences;
mod conformance_exhaustive;
mod conformance_known_bugs;
mod conformance_proptest;
mod conformance_shuttle;
mod conformance_teeth;
mod hostile_input;
mod routing_table;
mod runtime_snapshots;
mod spec_rules;
mod tier;
mod unit_eval;
mod unit_eval_stream;
mod unit_vectors_calls;
mod unit_vectors_derive;
mod unit_vectors_format;
mod vectors;
mod vectors_export;
