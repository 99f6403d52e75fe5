//! The model's own tests (heartbeat-model only): rules, invariants, reductions, exact state
//! counts, teeth and the known bugs. One test binary, so a cold `cargo test` links it once.
//! Tier 2 (the differential reduction runs): `cargo test -p heartbeat-model --test model -- --ignored`.

mod known_bugs;
mod layers;
mod model_checker;
mod model_faults;
mod model_heartbeat_settings;
mod model_reductions;
mod model_retirement;
mod model_rules;
mod model_state_counts;
mod model_teeth;
