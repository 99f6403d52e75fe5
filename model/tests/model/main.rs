//! The model's own tests (heartbeat-model only): rules, invariants, reductions, exact state
//! counts, teeth and the known bugs. One test binary, so a cold `cargo test` links it once.
//! Tier 2 (the differential reduction runs): `cargo test -p heartbeat-model --test model -- --ignored`.
//! The `unit_*` modules are the unit tests of the module they name (`unit_checker_matrix`:
//! `src/checker/matrix.rs`), here because the library has none (`test = false`: built once).

mod known_bugs;
mod layers;
mod model_checker;
mod model_depth_first;
mod model_faults;
mod model_heartbeat_settings;
mod model_reductions;
mod model_retirement;
mod model_rules;
mod model_state_counts;
mod model_teeth;
mod unit_checker_checked;
mod unit_checker_expectations;
mod unit_checker_explorer_view;
mod unit_checker_matrix;
mod unit_checker_simulate;
mod unit_reduction_retirement;
mod unit_reduction_symmetry;
